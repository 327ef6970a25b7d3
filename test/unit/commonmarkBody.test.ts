/**
 * What the CommonMark reading of the body means for the features: links in code and HTML are not
 * links; reference definitions are checked and their uses resolve through them; images are not
 * links to entries (an image's source is a file the site serves, never an entry's page, so it is
 * neither reported nor rewritten by a rename).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { TextDocumentEdit, TextEdit } from 'vscode-languageserver-types';
import { brief, cursor, Fixture, goodEntry, positionAt, REPO_ROOT } from './support';

const ENTRIES = { 'fine-tuning': goodEntry('Fine-Tuning'), transformer: goodEntry('Transformer') };

async function unknownLinks(body: string): Promise<[string, number, number, number, number][]> {
  const fixture = await Fixture.withEntries(ENTRIES);
  fixture.open('subject', `${goodEntry('Subject')}${body}`);
  return brief(fixture.diagnostics('subject')).filter(([code]) => code === 'unknown-link');
}

/** Line and start and end characters of the first `needle` in `text` (or of its first `length` characters). */
function at(text: string, needle: string, length = needle.length): [number, number, number] {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `'${needle}' is in the text`);
  const start = positionAt(text, offset);
  return [start.line, start.character, start.character + length];
}

/** The range `brief` gives for `slug` inside the first link destination `/glossary/<slug>` of `text`. */
function slugRange(text: string, slug: string): [string, number, number, number, number] {
  const [line, start] = at(text, `/glossary/${slug}`);
  const character = start + '/glossary/'.length;
  return ['unknown-link', line, character, line, character + slug.length];
}

describe('links CommonMark does not read as links are not checked', () => {
  const cases: [string, string][] = [
    ['an HTML comment block', '<!-- [gone](/glossary/gone) -->\n'],
    ['an HTML comment over lines', '<!--\nSee [gone](/glossary/gone).\n-->\n'],
    ['an inline HTML comment', 'Text <!-- [gone](/glossary/gone) --> more.\n'],
    ['an indented code block', 'Prose.\n\n    [gone](/glossary/gone)\n'],
    ['a fenced code block', '```md\n[gone](/glossary/gone)\n```\n'],
    ['a tilde fence in a list item', '- item\n\n  ~~~\n  [gone](/glossary/gone)\n  ~~~\n'],
    ['a code span', 'Write `[gone](/glossary/gone)` for a link.\n'],
    ['a code span of two backticks', 'Write ``a ` [gone](/glossary/gone)`` for a link.\n'],
    ['an HTML block', '<div>\n[gone](/glossary/gone)\n</div>\n'],
    ['an HTML attribute', 'A <span title="[gone](/glossary/gone)">tag</span>.\n'],
    ['an escaped bracket', 'Not a link: \\[gone](/glossary/gone).\n'],
    ['an image', 'A picture: ![gone](/glossary/gone).\n'],
    ['a link inside an image description', '![see [gone](/glossary/gone)](/img/x.png)\n'],
  ];
  for (const [where, body] of cases) {
    test(where, async () => assert.deepEqual(await unknownLinks(body), []));
  }

  test('while the same links outside them are checked', async () => {
    const body = 'See [gone](/glossary/gone).\n\n- item [gone](/glossary/gone)\n\n> quoted [gone](/glossary/gone)\n\n[![icon](/img/x.png)](/glossary/gone)\n';
    assert.equal((await unknownLinks(body)).length, 4);
  });

  test('an indented line inside a list item is the item\'s text, not code', async () => {
    const text = `${goodEntry('Subject')}- item\n\n    see [gone](/glossary/gone)\n`;
    assert.deepEqual(await unknownLinks(text.slice(goodEntry('Subject').length)), [slugRange(text, 'gone')]);
  });
});

describe('reference definitions', () => {
  const body = [
    'Read [the guide][ft] and [Transformer] and [ft][] again.',
    '',
    '[ft]: /glossary/fine-tuning "Fine-tuning"',
    '[transformer]: </glossary/transformer>',
    '[gone]: /glossary/fine-tunin',
    '',
  ].join('\n');
  const text = `${goodEntry('Subject')}${body}`;

  test('a definition under the link prefix that names no entry gets unknown-link on its destination, with suggestions', async () => {
    const fixture = await Fixture.withEntries(ENTRIES);
    fixture.open('subject', text);
    const diagnostics = fixture.diagnostics('subject').filter((d) => d.code === 'unknown-link');
    assert.deepEqual(brief(diagnostics), [slugRange(text, 'fine-tunin\n').map((v, i) => (i === 4 ? (v as number) - 1 : v))]);
    assert.equal(diagnostics[0].message, "This link points at 'fine-tunin', but no glossary entry has that name. Did you mean 'fine-tuning'?");
    assert.deepEqual(diagnostics[0].data, { suggestions: ['fine-tuning'] });
  });

  test('uses of a definition are not reported each: only the definition is', async () => {
    const withUses = `${goodEntry('Subject')}[a][x] and [x] and [x][].\n\n[x]: /glossary/nowhere\n`;
    const fixture = await Fixture.withEntries(ENTRIES);
    fixture.open('subject', withUses);
    assert.deepEqual(brief(fixture.diagnostics('subject')).filter(([code]) => code === 'unknown-link'), [slugRange(withUses, 'nowhere')]);
  });

  test('a use before its definition, in any case, resolves: hover and go to definition name the entry', async () => {
    const fixture = await Fixture.withEntries(ENTRIES);
    const hover = await fixture.hoverAt('subject', `${goodEntry('Subject')}See [the |guide][FT].\n\n[ft]: /glossary/fine-tuning\n`);
    assert.match(JSON.stringify(hover?.contents), /Open fine-tuning\.md/);
    const { text: shortcut, position } = cursor(`${goodEntry('Subject')}See [Trans|former].\n\n[transformer]: /glossary/transformer\n`);
    fixture.open('subject', shortcut);
    assert.equal(fixture.service.definition(fixture.uri('subject'), position)?.uri, fixture.uri('transformer'));
  });

  test('references from a use list the definition as the place that names the entry', async () => {
    const fixture = await Fixture.withEntries({ ...ENTRIES, subject: text });
    await fixture.openFromWorkspace('subject');
    const position = positionAt(text, text.indexOf('the guide'));
    const references = fixture.service.references(fixture.uri('subject'), position, false);
    const destination = at(text, 'fine-tuning "');
    assert.deepEqual(
      references.filter((location) => location.uri === fixture.uri('subject')).map((location) => [location.range.start.line, location.range.start.character, location.range.end.character]),
      [[destination[0], destination[1], destination[1] + 'fine-tuning'.length]],
    );
  });

  test('rename from a use rewrites the definition\'s destination once, not each use', async () => {
    const fixture = await Fixture.withEntries({ ...ENTRIES, subject: text });
    await fixture.openFromWorkspace('subject');
    const prepared = fixture.service.prepareRename(fixture.uri('subject'), positionAt(text, text.indexOf('ft][]')));
    assert.equal(prepared?.placeholder, 'fine-tuning');
    const edit = fixture.service.rename(fixture.uri('subject'), positionAt(text, text.indexOf('ft][]')), 'finetuning');
    const ownEdits = (edit?.documentChanges ?? []).filter((change): change is TextDocumentEdit => 'textDocument' in change && change.textDocument.uri === fixture.uri('subject'));
    assert.deepEqual(ownEdits.flatMap((change) => change.edits).map((e) => [e.range.start.line, e.range.start.character, (e as TextEdit).newText]), [[at(text, 'fine-tuning "')[0], at(text, 'fine-tuning "')[1], 'finetuning']]);
  });

  test('uses are document links to the entry their definition names', async () => {
    const fixture = await Fixture.withEntries({ ...ENTRIES, subject: text });
    await fixture.openFromWorkspace('subject');
    const links = fixture.service.documentLinks(fixture.uri('subject'));
    const fromUses = links.filter((link) => link.range.start.line === at(text, 'the guide')[0]);
    assert.deepEqual(fromUses.map((link) => [link.range.start.character, link.target]), [
      [at(text, 'ft]')[1], fixture.uri('fine-tuning')],
      [at(text, 'Transformer]')[1], fixture.uri('transformer')],
      [at(text, 'ft][]')[1], fixture.uri('fine-tuning')],
    ]);
  });

  test('the destination of a definition completes like a link\'s', async () => {
    const fixture = await Fixture.withEntries(ENTRIES);
    const list = fixture.completeAt('subject', `${goodEntry('Subject')}[r1]: /glossary/fine-t|\n`);
    assert.deepEqual(list?.items.map((item) => item.label), ['fine-tuning']);
  });
});

describe('a fence in a list item', () => {
  const text = `${goodEntry('Subject')}- Steps:\n\n  \`\`\`sh\n  make\n\nAfter the list.\n`;

  test('left open, it ends with its item: the diagnostic says so, and the fix closes it at the item\'s indentation', async () => {
    const fixture = await Fixture.withEntries(ENTRIES);
    fixture.open('subject', text);
    const diagnostics = fixture.diagnostics('subject').filter((d) => d.code === 'unclosed-fence');
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].message, 'The code fence "```sh" opened on line 11 is never closed, so the rest of its list item renders as code. Close it with a line of ```.');
    const actions = await fixture.service.codeActions(fixture.uri('subject'), diagnostics);
    const close = actions.find((action) => action.title === 'Close the code fence');
    const edit = (close?.edit?.documentChanges?.[0] as TextDocumentEdit).edits[0] as TextEdit;
    assert.deepEqual([edit.range.start, edit.newText], [{ line: 11, character: 6 }, '\n  ```']);
  });
});

describe('examples/commonmark-glossary', () => {
  test('only the deliberate finding: the definition naming no entry, once, with its suggestion', async () => {
    const folder = join(REPO_ROOT, 'examples', 'commonmark-glossary', 'content', 'glossary');
    const entries = Object.fromEntries(readdirSync(folder).filter((name) => name.endsWith('.md')).map((name) => [name.slice(0, -3), readFileSync(join(folder, name), 'utf8')]));
    assert.equal(Object.keys(entries).length, 4);
    const fixture = await Fixture.withEntries(entries);
    const findings: unknown[] = [];
    for (const [slug, text] of Object.entries(entries)) {
      fixture.open(slug, text);
      for (const diagnostic of fixture.diagnostics(slug)) findings.push([slug, diagnostic.code, diagnostic.range.start.line, diagnostic.message]);
    }
    const text = entries['reference-links'];
    assert.deepEqual(findings, [[
      'reference-links',
      'unknown-link',
      at(text, '[old]: ')[0],
      "This link points at 'attention-mechanizm', but no glossary entry has that name. Did you mean 'attention-mechanism'?",
    ]]);
  });
});
