import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover } from 'vscode-languageserver-types';
import { entryText, Fixture, GOOD_DESCRIPTION, goodEntry, range, readSeed, settingsWith } from './support';

const ENTRIES: Record<string, string> = {
  'fine-tuning': entryText(
    { title: 'Fine-Tuning', description: 'Adapting a pre-trained model to a new task with more training.', category: 'Training Techniques' },
    '## What is it?\n\nFine-tuning continues training on *task* data.\n',
  ),
  embeddings: goodEntry('Embeddings', 'Model Architectures'),
  bare: '---\n---\n',
};

const FINE_TUNING_HOVER = [
  '**Fine\\-Tuning** · *Training Techniques*',
  'Adapting a pre\\-trained model to a new task with more training\\.',
  'Fine\\-tuning continues training on \\*task\\* data\\.',
  '[Open fine-tuning.md](file:///ws/content/glossary/fine-tuning.md)',
].join('\n\n');

async function hover(textWithCursor: string, slug = 'subject', entries = ENTRIES, settings = settingsWith({})): Promise<Hover | null> {
  const fixture = await Fixture.withEntries(entries, settings);
  return fixture.hoverAt(slug, textWithCursor);
}

function markdown(result: Hover | null): string {
  assert.ok(result, 'expected a hover');
  assert.ok(typeof result.contents === 'object' && 'kind' in result.contents);
  assert.equal(result.contents.kind, 'markdown');
  return result.contents.value;
}

describe('hover: related slugs', () => {
  test('a long first paragraph: its first 400 characters, cut at a space and marked with an ellipsis', async () => {
    const paragraph = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
    const entries = { ...ENTRIES, long: entryText({ title: 'Long', description: 'Short.' }, `${paragraph}\n`) };
    const text = markdown(await hover('---\ntitle: Subject\nrelated:\n- lo|ng\n---\n', 'subject', entries));
    const shown = text.split('\n\n')[2];
    assert.ok(shown.endsWith('…'), shown);
    assert.ok(shown.length <= 401, `${shown.length} characters`);
    assert.ok(paragraph.startsWith(shown.slice(0, -1)) && paragraph[shown.length - 1] === ' ', 'cut at a space, the words before it whole');
  });

  test('on a block item: title, category, description, first paragraph and a link to the file (Markdown escaped)', async () => {
    const result = await hover('---\ntitle: Subject\nrelated:\n- fine-|tuning\n---\n');
    assert.equal(markdown(result), FINE_TUNING_HOVER);
    assert.deepEqual(result?.range, range(3, 2, 3, 13));
  });

  test('the first paragraph is read as the file is now: after the file changes, and from the editor while the entry is open', async () => {
    const fixture = await Fixture.withEntries(ENTRIES);
    const paragraphOf = async () => {
      const found = await fixture.hoverAt('subject', '---\ntitle: Subject\nrelated:\n- fine-|tuning\n---\n');
      return markdown(found).split('\n\n')[2];
    };
    assert.equal(await paragraphOf(), 'Fine\\-tuning continues training on \\*task\\* data\\.');
    await fixture.create('fine-tuning', entryText({ title: 'Fine-Tuning', description: 'Adapting.' }, 'Rewritten on disk.\n'));
    assert.equal(await paragraphOf(), 'Rewritten on disk\\.');
    fixture.open('fine-tuning', entryText({ title: 'Fine-Tuning', description: 'Adapting.' }, 'Typed in the editor.\n'));
    assert.equal(await paragraphOf(), 'Typed in the editor\\.');
  });

  test('at either end of the item, in a flow list, quoted, or as a site path (the range is the slug)', async () => {
    assert.deepEqual((await hover('---\nrelated:\n- |fine-tuning\n---\n'))?.range, range(2, 2, 2, 13));
    assert.deepEqual((await hover('---\nrelated:\n- fine-tuning|\n---\n'))?.range, range(2, 2, 2, 13));
    const flow = await hover("---\nrelated: [embeddings, 'fine-tu|ning']\n---\n");
    assert.equal(markdown(flow), FINE_TUNING_HOVER);
    assert.deepEqual(flow?.range, range(1, 23, 1, 34));
    const path = await hover('---\nrelated:\n- /glossary/fine-tu|ning/\n---\n');
    assert.equal(markdown(path), FINE_TUNING_HOVER);
    assert.deepEqual(path?.range, range(2, 12, 2, 23));
  });

  test('an entry without title, category, description or prose shows its slug and link only', async () => {
    assert.equal(markdown(await hover('---\nrelated:\n- ba|re\n---\n')), '**bare**\n\n[Open bare.md](file:///ws/content/glossary/bare.md)');
  });

  test('an unknown slug says so and suggests the nearest', async () => {
    const near = await hover('---\nrelated:\n- embed|ding\n---\n');
    assert.equal(markdown(near), 'No glossary entry is named `embedding`.\n\nDid you mean `embeddings`?');
    assert.deepEqual(near?.range, range(2, 2, 2, 11));
    assert.equal(markdown(await hover('---\nrelated:\n- qq|q\n---\n')), 'No glossary entry is named `qqq`.');
  });

  test('in the seed (misplaced frontmatter): known and unknown slugs', async () => {
    const seed = readSeed();
    const lines = seed.split('\n');
    const fixture = await Fixture.withEntries({ ...ENTRIES, 'few-shot-learning': goodEntry('Few-Shot Learning') });
    fixture.open('foundation-model', seed);
    const at = (line: number, character: number) => fixture.service.hover(fixture.uri('foundation-model'), { line, character });
    assert.equal(lines[113], '- fine-tuning');
    assert.equal(markdown(await at(113, 4)), FINE_TUNING_HOVER);
    assert.equal(lines[121], '- zero-shot-learning');
    assert.equal(markdown(await at(121, 4)), 'No glossary entry is named `zero-shot-learning`.\n\nDid you mean `few-shot-learning`?');
    assert.deepEqual((await at(121, 4))?.range, range(121, 2, 121, 20));
  });

  test('an unknown slug never suggests the entry it is written in', async () => {
    const fixture = await Fixture.withEntries({ ...ENTRIES, 'few-shot-learning': goodEntry('Few-Shot Learning') });
    fixture.open('foundation-model', readSeed());
    const result = await fixture.service.hover(fixture.uri('foundation-model'), { line: 119, character: 4 });
    assert.equal(markdown(result), 'No glossary entry is named `model-architecture`.');
  });
});

describe('hover: keys', () => {
  test('a required built-in key: summary, values and an example', async () => {
    const result = await hover(`---\nti|tle: Subject\ndescription: '${GOOD_DESCRIPTION}'\n---\n`);
    assert.equal(markdown(result), [
      '**title** (required)',
      'The term as readers see it: the page heading and the name other entries show for it.',
      '*Values:* Text. Must be unique across the glossary.',
      '```yaml\ntitle: Foundation Model\n```',
    ].join('\n\n'));
    assert.deepEqual(result?.range, range(1, 0, 1, 5));
  });

  test('an optional built-in key, a key from the settings, an unknown key', async () => {
    assert.ok(markdown(await hover("---\nlogo|Icon: 'i-lucide-layers'\n---\n")).startsWith('**logoIcon**\n\nThe icon shown beside the term.'));
    const settings = settingsWith({ fields: { draft: 'boolean' }, requiredFields: ['draft'] });
    assert.equal(markdown(await hover('---\ndra|ft: true\n---\n', 'subject', ENTRIES, settings)), '**draft** (required): a field of type `boolean` (from the glossary settings).');
    const unknown = await hover('---\ntags|: [a]\n---\n');
    assert.equal(markdown(unknown), '**tags** is not a glossary field.');
    assert.deepEqual(unknown?.range, range(1, 0, 1, 4));
  });
});

describe('hover: body links', () => {
  test('a /glossary/ link shows the entry it points at; the range is the slug', async () => {
    const result = await hover('---\ntitle: Subject\n---\nSee [FT](/glossary/fine-|tuning) and more.\n');
    assert.equal(markdown(result), FINE_TUNING_HOVER);
    assert.deepEqual(result?.range, range(3, 19, 3, 30));
    // Anywhere on the target, the prefix included.
    assert.deepEqual((await hover('See [FT](/glos|sary/fine-tuning).\n'))?.range, range(0, 19, 0, 30));
  });

  test('a link to a sibling .md file too', async () => {
    const result = await hover('See [FT](./fine-tu|ning.md#usage).\n');
    assert.equal(markdown(result), FINE_TUNING_HOVER);
    assert.deepEqual(result?.range, range(0, 11, 0, 22));
  });

  test('a /glossary/ link to a missing entry says so', async () => {
    assert.equal(markdown(await hover('See [x](/glossary/embed|ding).\n')), 'No glossary entry is named `embedding`.\n\nDid you mean `embeddings`?');
  });
});

describe('hover: nothing elsewhere', () => {
  test('values, dashes, fence lines, prose, link text, other links, code', async () => {
    const cases = [
      '---\ntitle: Sub|ject\n---\n',
      '---\nrelated:\n|- fine-tuning\n---\n',
      '|---\ntitle: Subject\n---\n',
      '---\ntitle: Subject\n|---\n',
      '---\ntitle: Subject\n---\nPlain pr|ose.\n',
      'See [F|T](/glossary/fine-tuning).\n',
      'See [web](https://exa|mple.com/glossary/fine-tuning).\n',
      'See [word](fine-tu|ning).\n',
      '```\n[FT](/glossary/fine-|tuning)\n```\n',
      'Code `[FT](/glossary/fine-|tuning)`.\n',
      '---\nrelated:\n- https://exa|mple.com/x\n---\n',
    ];
    for (const text of cases) assert.equal(await hover(text), null, text);
  });

  test('a document that is not open', async () => {
    const fixture = await Fixture.withEntries(ENTRIES);
    assert.equal(await fixture.service.hover(fixture.uri('fine-tuning'), { line: 1, character: 1 }), null);
  });
});
