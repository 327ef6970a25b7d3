import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GlossaryIndex } from '../../server/src/core/glossaryIndex';
import { MentionIndex } from '../../server/src/core/mentions/mentionIndex';
import { parseEntry } from '../../server/src/core/parsing';
import { scanningPositions } from '../../server/src/core/positions';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { summarizeEntry } from '../../server/src/core/summarize';

const uriOf = (slug: string) => `file:///ws/content/glossary/${slug}.md`;

function indexed(index: GlossaryIndex, slug: string, text: string) {
  const entry = parseEntry(text, { debrisTags: [] });
  index.upsert(summarizeEntry(uriOf(slug), slug, scanningPositions(text), entry, DEFAULT_SETTINGS));
  return entry;
}

/** The unlinked mentions of the entry `slug` with `text`, as `slug@start-end` in the text. */
function mentionsIn(index: GlossaryIndex, mentions: MentionIndex, slug: string, text: string): string[] {
  const entry = indexed(index, slug, text);
  return mentions.unlinkedMentions(uriOf(slug), slug, text, entry, DEFAULT_SETTINGS).map((m) => `${m.slug}@${m.span.start}-${m.span.end}:${text.slice(m.span.start, m.span.end)}`);
}

// In an index that keeps only what checks read (the CLI's), the matcher is made on first use: entries
// indexed before it, and entries that come and go after it, count the same.
for (const keep of ['everything', 'checks'] as const) test(`unlinked mentions follow edits of the frontmatter, of the body and of other entries' titles (keep: ${keep})`, () => {
  const index = new GlossaryIndex({ keep });
  const mentions = new MentionIndex(index);
  indexed(index, 'fine-tuning', "---\ntitle: 'Fine-Tuning'\n---\nBody.\n");
  const body = 'Models get better with Fine-Tuning on a narrow task.\n';
  const at = (text: string) => text.indexOf('Fine-Tuning', text.indexOf('---', 4));
  const first = "---\ntitle: 'Subject'\nrelated:\n---\n" + body;
  assert.deepEqual(mentionsIn(index, mentions, 'subject', first), [`fine-tuning@${at(first)}-${at(first) + 11}:Fine-Tuning`]);
  // Typing in the frontmatter moves the body: the same mention, at its new place.
  const longer = "---\ntitle: 'Subject'\ndescription: 'A longer frontmatter.'\nrelated:\n---\n" + body;
  assert.deepEqual(mentionsIn(index, mentions, 'subject', longer), [`fine-tuning@${at(longer)}-${at(longer) + 11}:Fine-Tuning`]);
  // The other entry's title changes: the mention goes; a new entry's title is found at once.
  indexed(index, 'fine-tuning', "---\ntitle: 'Tuning Finely'\n---\nBody.\n");
  assert.deepEqual(mentionsIn(index, mentions, 'subject', longer), []);
  indexed(index, 'narrow-task', "---\ntitle: 'Narrow Task'\n---\nBody.\n");
  assert.deepEqual(mentionsIn(index, mentions, 'subject', longer).map((m) => m.split('@')[0]), ['narrow-task']);
  // The body changes: what it now names.
  const edited = longer.replace('narrow task', 'wide job, by Tuning Finely');
  assert.deepEqual(mentionsIn(index, mentions, 'subject', edited).map((m) => m.split(':')[1]), ['Tuning Finely']);
  // Linked now: no hint.
  const linked = edited.replace('Tuning Finely', '[Tuning Finely](/glossary/fine-tuning)');
  assert.deepEqual(mentionsIn(index, mentions, 'subject', linked), []);
  // Removed entry: gone from the mentions of a body that did not change.
  assert.deepEqual(mentionsIn(index, mentions, 'subject', edited).length, 1);
  index.remove(uriOf('fine-tuning'));
  assert.deepEqual(mentionsIn(index, mentions, 'subject', edited), []);
});

test('property: the owners of each term are the entries whose title or alias it is now, after any sequence of updates', () => {
  const index = new GlossaryIndex();
  const mentions = new MentionIndex(index);
  const terms = ['Vector Store', 'vector-store', 'Embedding', 'Prompt Cache', 'Token Budget'];
  const slugs = ['a', 'b', 'c', 'd'];
  const current = new Map<string, { title?: string; aliases: string[] }>();
  let random = 7;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(((random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * items.length)];
  for (let step = 0; step < 400; step++) {
    const slug = pick(slugs);
    if (pick([0, 1, 2, 3]) === 0) {
      index.remove(uriOf(slug));
      current.delete(slug);
    } else {
      const title = pick([...terms, undefined]);
      const aliases = [...new Set([pick(terms), pick(terms)])].slice(0, pick([0, 1, 2]));
      const frontmatter = [title ? `title: '${title}'` : '', aliases.length ? `aliases: [${aliases.map((a) => `'${a}'`).join(', ')}]` : ''].filter(Boolean).join('\n');
      indexed(index, slug, `---\n${frontmatter}\n---\nBody.\n`);
      current.set(slug, { title, aliases });
    }
    for (const term of terms) {
      const same = (other: string) => other.toLowerCase().replace(/-/g, ' ') === term.toLowerCase().replace(/-/g, ' ');
      const expected = [...current].filter(([, e]) => (e.title && same(e.title)) || e.aliases.some(same))
        .map(([s, e]) => `${uriOf(s)} ${!!e.title && same(e.title)}`).sort();
      const except = uriOf(pick(slugs));
      assert.deepEqual(mentions.ownersOf(term, except).map((o) => `${o.uri} ${o.asTitle}`).sort(), expected.filter((owner) => !owner.startsWith(`${except} `)), `step ${step}, ${term}`);
    }
  }
});

test('property: mentions found from the paragraphs remembered across edits are those a fresh scan finds', () => {
  const index = new GlossaryIndex();
  // An open entry's scans are kept; an entry read from disk is scanned whole each time.
  const following = new MentionIndex(index, () => true);
  const fresh = () => new MentionIndex(index);
  for (const [slug, title] of [['fine-tuning', 'Fine-Tuning'], ['narrow-task', 'Narrow Task'], ['vector-store', 'Vector Store'], ['token', 'Token']]) {
    indexed(index, slug, `---\ntitle: '${title}'\n---\nBody.\n`);
  }
  const pieces = ['Fine-Tuning', 'Narrow Task', 'Vector', ' Store', 'Token', 'tokens', ' ', '\n', '\n\n', '[', ']', '(/glossary/token)', '[Token]', '[token]: /glossary/token\n', '[Vector Store]', '[vector store]: https://example.com/vs\n', '`', '- ', '# ', 'x', 'Tuning'];
  let random = 11;
  const next = (n: number) => Math.floor(((random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * n);
  // First, a paragraph that stays as it is while a definition elsewhere makes its `[Vector Store]` a link, and unmakes it.
  const scripted = ['See [Vector Store] here.\n', 'See [Vector Store] here.\n\n[vector store]: https://example.com/vs\n', 'See [Vector Store] here.\n'];
  let body = 'Models get better with Fine-Tuning on a Narrow Task.\n\nA Vector Store keeps each Token.\n';
  for (let step = 0; step < 1500; step++) {
    const at = next(body.length + 1);
    if (step < scripted.length) body = scripted[step];
    else if (next(3) === 0) body = body.slice(0, at) + body.slice(at + 1 + next(12));
    else body = body.slice(0, at) + pieces[next(pieces.length)] + body.slice(at);
    // The frontmatter changes now and then too, which moves the whole body.
    const text = `---\ntitle: 'Subject'\n${step % 7 === 0 ? "description: 'Moved.'\n" : ''}---\n${body}`;
    const entry = parseEntry(text, { debrisTags: [] });
    const expected = fresh().unlinkedMentions(uriOf('subject'), 'subject', text, entry, DEFAULT_SETTINGS);
    assert.deepEqual(following.unlinkedMentions(uriOf('subject'), 'subject', text, entry, DEFAULT_SETTINGS), expected, `step ${step}: ${JSON.stringify(text)}`);
    assert.deepEqual(following.mentionedSlugs(uriOf('subject'), text, entry), fresh().mentionedSlugs(uriOf('subject'), text, entry), `step ${step}`);
  }
});
