import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldNamed, parseEntry, relatedItems, stringField, type FieldValue, type ParsedEntry, type Span } from '../../server/src/core/parsing';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { readSeed } from './support';

const options = { debrisTags: DEFAULT_SETTINGS.debrisTags };
const parse = (text: string): ParsedEntry => parseEntry(text, options);

/** The span of the `occurrence`-th (0-based) appearance of `needle` in `text`. */
function spanOf(text: string, needle: string, occurrence = 0): Span {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) {
    start = text.indexOf(needle, start + 1);
    if (start < 0) throw new Error(`'${needle}' (#${occurrence}) not in text`);
  }
  return { start, end: start + needle.length };
}

/** Offset of the start of 0-based line `line`. */
function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) offset = text.indexOf('\n', offset) + 1;
  return offset;
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length - 1;
}

function frontmatterOf(entry: ParsedEntry) {
  assert.ok(entry.frontmatter, 'expected a frontmatter block');
  return entry.frontmatter;
}

function listOf(entry: ParsedEntry, key: string): Extract<FieldValue, { kind: 'list' }> {
  const value = fieldNamed(entry, key)?.value;
  assert.equal(value?.kind, 'list');
  return value as Extract<FieldValue, { kind: 'list' }>;
}

describe('parseEntry: frontmatter at the top', () => {
  const text = [
    '---',
    'title: Fine-Tuning',
    "description: 'Adapting a pre-trained model.'",
    'logoIcon: "i-lucide-sliders"',
    'related:',
    '- transfer-learning',
    "- 'pre-training'",
    '- "deep-learning"',
    '---',
    '# Fine-Tuning',
    '',
    'Body text.',
  ].join('\n');
  const entry = parse(text);

  test('finds the fences, the content between them and where the body starts', () => {
    const fm = frontmatterOf(entry);
    const close = spanOf(text, '---', 1);
    assert.deepEqual(fm.openSpan, { start: 0, end: 3 });
    assert.deepEqual(fm.closeSpan, close);
    assert.deepEqual(fm.contentSpan, { start: 4, end: close.start });
    assert.equal(fm.misplaced, false);
    assert.deepEqual(fm.problems, []);
    assert.equal(entry.textStart, 0);
    assert.equal(entry.bodyStart, close.end + 1);
    assert.deepEqual(fm.fields.map((f) => f.key), ['title', 'description', 'logoIcon', 'related']);
  });

  test('key and plain value spans', () => {
    const title = fieldNamed(entry, 'title');
    assert.ok(title);
    assert.deepEqual(title.keySpan, spanOf(text, 'title'));
    assert.deepEqual(title.value, { kind: 'string', text: 'Fine-Tuning', span: spanOf(text, 'Fine-Tuning') });
    assert.deepEqual(title.span, { start: spanOf(text, 'title').start, end: spanOf(text, 'Fine-Tuning').end });
  });

  test('quoted values: the span excludes the quotes', () => {
    assert.deepEqual(fieldNamed(entry, 'description')?.value, {
      kind: 'string',
      text: 'Adapting a pre-trained model.',
      span: spanOf(text, 'Adapting a pre-trained model.'),
    });
    assert.deepEqual(fieldNamed(entry, 'logoIcon')?.value, { kind: 'string', text: 'i-lucide-sliders', span: spanOf(text, 'i-lucide-sliders') });
  });

  test('block list items, quoted items without their quotes', () => {
    const list = listOf(entry, 'related');
    assert.equal(list.flow, false);
    assert.deepEqual(list.items, [
      { text: 'transfer-learning', span: spanOf(text, 'transfer-learning') },
      { text: 'pre-training', span: spanOf(text, 'pre-training') },
      { text: 'deep-learning', span: spanOf(text, 'deep-learning') },
    ]);
    // The block sequence runs from its first dash to the closing fence.
    assert.deepEqual(list.span, { start: spanOf(text, '- transfer').start, end: spanOf(text, '---', 1).start });
    assert.deepEqual(relatedItems(entry), list.items);
  });

  test('flow list items, quoted items without their quotes, non-strings kept with an undefined text', () => {
    const flowText = "---\nrelated: [fine-tuning, 'pre-training', \"deep-learning\", 42]\n---\n";
    const flow = parse(flowText);
    const list = listOf(flow, 'related');
    assert.equal(list.flow, true);
    assert.deepEqual(list.items, [
      { text: 'fine-tuning', span: spanOf(flowText, 'fine-tuning') },
      { text: 'pre-training', span: spanOf(flowText, 'pre-training') },
      { text: 'deep-learning', span: spanOf(flowText, 'deep-learning') },
      { text: undefined, span: spanOf(flowText, '42') },
    ]);
    assert.deepEqual(list.span, { start: flowText.indexOf('['), end: flowText.indexOf(']') + 1 });
  });

  test('empty block items are kept as empty text at the end of their dash line', () => {
    const t = '---\nrelated:\n- \n- b\n---\n';
    assert.deepEqual(listOf(parse(t), 'related').items, [
      { text: '', span: { start: 15, end: 15 } },
      { text: 'b', span: spanOf(t, 'b') },
    ]);
  });

  test('values of other types', () => {
    const t = '---\ntitle: 42\nflag: true\nmeta: {a: 1}\nempty:\nnothing: null\nx: &anchor 7\ny: *anchor\nblock:\n  a: 1\n---\n';
    const e = parse(t);
    assert.deepEqual(fieldNamed(e, 'title')?.value, { kind: 'other', type: 'number', span: spanOf(t, '42') });
    assert.deepEqual(fieldNamed(e, 'flag')?.value, { kind: 'other', type: 'boolean', span: spanOf(t, 'true') });
    assert.deepEqual(fieldNamed(e, 'meta')?.value, { kind: 'other', type: 'map', span: spanOf(t, '{a: 1}') });
    assert.deepEqual(fieldNamed(e, 'empty')?.value, { kind: 'empty' });
    assert.deepEqual(fieldNamed(e, 'empty')?.span, spanOf(t, 'empty'));
    assert.deepEqual(fieldNamed(e, 'nothing')?.value, { kind: 'empty' });
    assert.deepEqual(fieldNamed(e, 'y')?.value, { kind: 'other', type: 'alias', span: spanOf(t, '*anchor') });
    assert.deepEqual(fieldNamed(e, 'block')?.value, { kind: 'other', type: 'map', span: { start: spanOf(t, 'a: 1', 1).start, end: spanOf(t, '---', 1).start } });
    assert.equal(stringField(e, 'title'), undefined);
    assert.deepEqual(frontmatterOf(e).problems, []);
  });

  test('a scalar related value is still read as one reference', () => {
    const t = '---\nrelated: fine-tuning\n---\n';
    assert.deepEqual(relatedItems(parse(t)), [{ text: 'fine-tuning', span: spanOf(t, 'fine-tuning') }]);
    assert.deepEqual(relatedItems(parse('---\ntitle: A\n---\n')), []);
  });
});

describe('parseEntry: byte-order mark and line endings', () => {
  test('a BOM is skipped and every span is still an offset into the original text', () => {
    const text = '\uFEFF---\ntitle: Embeddings\n---\nBody.\n';
    const entry = parse(text);
    const fm = frontmatterOf(entry);
    assert.equal(entry.textStart, 1);
    assert.deepEqual(fm.openSpan, { start: 1, end: 4 });
    assert.equal(fm.misplaced, false);
    assert.deepEqual(fieldNamed(entry, 'title')?.keySpan, { start: 5, end: 10 });
    assert.deepEqual(fieldNamed(entry, 'title')?.value, { kind: 'string', text: 'Embeddings', span: spanOf(text, 'Embeddings') });
    assert.equal(entry.firstParagraph, 'Body.');
  });

  test('CRLF: fence lines and heading spans stop before \\r, values parse', () => {
    const text = '---\r\ntitle: A\r\nrelated:\r\n- a-b\r\n---\r\n# Head\r\n```js\r\nx\r\n```\r\nProse.\r\n';
    const entry = parse(text);
    const fm = frontmatterOf(entry);
    assert.deepEqual(fm.openSpan, { start: 0, end: 3 });
    assert.deepEqual(fm.contentSpan, { start: 5, end: spanOf(text, '---', 1).start });
    assert.deepEqual(fm.closeSpan, spanOf(text, '---', 1));
    assert.equal(entry.bodyStart, spanOf(text, '# Head').start);
    assert.deepEqual(fieldNamed(entry, 'title')?.value, { kind: 'string', text: 'A', span: { start: 12, end: 13 } });
    assert.deepEqual(listOf(entry, 'related').items, [{ text: 'a-b', span: spanOf(text, 'a-b') }]);
    assert.deepEqual(entry.headings, [{ level: 1, text: 'Head', span: spanOf(text, '# Head') }]);
    assert.deepEqual(entry.fences, [{
      language: 'js',
      openSpan: spanOf(text, '```js'),
      contentSpan: { start: spanOf(text, 'x\r\n').start, end: spanOf(text, '```', 1).start },
      closeSpan: spanOf(text, '```', 1),
    }]);
    assert.equal(entry.firstParagraph, 'Prose.');
  });
});

describe('parseEntry: lone carriage returns', () => {
  const text = '---\rtitle: A\rrelated:\r- b\r---\r# H\rBody\r';

  test('a lone \\r ends a line for the block, the headings and the prose', () => {
    const entry = parse(text);
    const fm = frontmatterOf(entry);
    assert.deepEqual(fm.openSpan, { start: 0, end: 3 });
    assert.deepEqual(fm.closeSpan, spanOf(text, '---', 1));
    assert.equal(entry.bodyStart, spanOf(text, '# H').start);
    assert.deepEqual(entry.headings, [{ level: 1, text: 'H', span: spanOf(text, '# H') }]);
    assert.equal(entry.firstParagraph, 'Body');
  });

  test('the YAML of a block with lone \\r line ends parses', () => {
    const entry = parse(text);
    assert.deepEqual(frontmatterOf(entry).problems, []);
    assert.equal(stringField(entry, 'title'), 'A');
    assert.deepEqual(relatedItems(entry), [{ text: 'b', span: spanOf(text, 'b') }]);
  });
});

describe('parseEntry: unclosed and missing frontmatter', () => {
  test('a file that is only `---` is an unclosed block with empty content', () => {
    const entry = parse('---');
    assert.deepEqual(entry.frontmatter, {
      format: 'yaml',
      openSpan: { start: 0, end: 3 },
      closeSpan: undefined,
      contentSpan: { start: 3, end: 3 },
      misplaced: false,
      fields: [],
      problems: [],
    });
    assert.equal(entry.bodyStart, 3);
  });

  test('an unclosed block runs to the end of the file, its fields are not parsed and there is no body', () => {
    const text = '---\ntitle: A\n\n# Heading\n<path>\n';
    const entry = parse(text);
    const fm = frontmatterOf(entry);
    assert.equal(fm.closeSpan, undefined);
    assert.deepEqual(fm.contentSpan, { start: 4, end: text.length });
    assert.deepEqual(fm.fields, []);
    assert.equal(entry.bodyStart, text.length);
    assert.deepEqual(entry.headings, []);
    assert.deepEqual(entry.debris, []);
  });

  test('no frontmatter at all', () => {
    const entry = parse('# Title\n\nJust prose.\n');
    assert.equal(entry.frontmatter, undefined);
    assert.equal(entry.bodyStart, 0);
    assert.deepEqual(entry.headings, [{ level: 1, text: 'Title', span: { start: 0, end: 7 } }]);
    assert.equal(entry.firstParagraph, 'Just prose.');
  });

  test('`---` followed by a key line further down is a misplaced block', () => {
    const text = '\n---\ntitle: A\n---\nBody.\n';
    const fm = frontmatterOf(parse(text));
    assert.equal(fm.misplaced, true);
    assert.deepEqual(fm.openSpan, { start: 1, end: 4 });
    assert.deepEqual(fm.closeSpan, spanOf(text, '---', 1));
    assert.deepEqual(fm.fields.map((f) => [f.key, f.value]), [['title', { kind: 'string', text: 'A', span: spanOf(text, 'A') }]]);
  });

  test('a lower `---` block is not frontmatter when its first key is not a glossary key, when it is in code, or when it is unclosed', () => {
    assert.equal(parse('Intro\n---\nnot: a field\n---\n').frontmatter, undefined);
    assert.equal(parse('Intro\n```yaml\n---\ntitle: A\n---\n```\n').frontmatter, undefined);
    assert.equal(parse('Intro\n---\ntitle: A\nmore text\n').frontmatter, undefined);
  });
});

describe('parseEntry: the seed (frontmatter below tool-call debris)', () => {
  const seed = readSeed();
  const entry = parse(seed);
  const fm = frontmatterOf(entry);

  test('finds the misplaced block at line 107 (index 106) and closes it at index 122', () => {
    assert.equal(fm.misplaced, true);
    assert.deepEqual(fm.openSpan, { start: lineStart(seed, 106), end: lineStart(seed, 106) + 3 });
    assert.deepEqual(fm.closeSpan, { start: lineStart(seed, 122), end: lineStart(seed, 122) + 3 });
    assert.deepEqual(fm.problems, []);
    assert.equal(entry.bodyStart, 0);
  });

  test('parses its fields', () => {
    assert.deepEqual(fm.fields.map((f) => f.key), ['title', 'description', 'logoIcon', 'category', 'related']);
    assert.equal(stringField(entry, 'title'), 'Foundation Model');
    assert.equal(stringField(entry, 'description'), 'Large-scale pre-trained AI models that serve as the basis for various downstream tasks through transfer learning and fine-tuning.');
    assert.equal(stringField(entry, 'logoIcon'), 'i-lucide-layers');
    assert.equal(stringField(entry, 'category'), 'Emerging Terms');
    const items = listOf(entry, 'related').items;
    assert.deepEqual(items.map((i) => i.text), [
      'transfer-learning', 'fine-tuning', 'large-language-models', 'generative-ai', 'deep-learning',
      'prompt-engineering', 'in-context-learning', 'model-architecture', 'pre-training', 'zero-shot-learning',
    ]);
    assert.deepEqual(items[7].span, { start: lineStart(seed, 119) + 2, end: lineStart(seed, 119) + 2 + 'model-architecture'.length });
    assert.deepEqual(fieldNamed(entry, 'title')?.keySpan, { start: lineStart(seed, 107), end: lineStart(seed, 107) + 5 });
  });

  test('debris above the block, headings and the unclosed mermaid fence below it', () => {
    assert.deepEqual(entry.debris.map((d) => [d.tag, lineOf(seed, d.span.start), d.span.start - lineStart(seed, lineOf(seed, d.span.start)), d.span.end - d.span.start]), [
      ['<write_to_file>', 103, 0, 15],
      ['<path>', 104, 0, 6],
      ['</path>', 104, 42, 7],
      ['<content>', 105, 0, 9],
    ]);
    assert.deepEqual(entry.headings.map((h) => [h.level, h.text, lineOf(seed, h.span.start)]), [
      [2, 'What is a Foundation Model?', 123],
      [2, 'Key Characteristics', 125],
      [3, 'Foundation Model Framework', 126],
    ]);
    assert.equal(entry.fences.length, 1);
    const [fence] = entry.fences;
    assert.equal(fence.language, 'mermaid');
    assert.deepEqual(fence.openSpan, { start: lineStart(seed, 127), end: lineStart(seed, 127) + 10 });
    assert.equal(fence.closeSpan, undefined);
    assert.deepEqual(fence.contentSpan, { start: lineStart(seed, 128), end: seed.length });
    assert.deepEqual(entry.links, []);
  });

  test('the first paragraph is the prose below the block (not the debris above), cut at 600 characters', () => {
    const line = seed.slice(lineStart(seed, 124), seed.indexOf('\n', lineStart(seed, 124)));
    assert.equal(line.length, 723);
    assert.equal(entry.firstParagraph, `${line.slice(0, 599).trimEnd()}…`);
    assert.equal(entry.firstParagraph.length, 600);
    assert.ok(entry.firstParagraph.startsWith('A Foundation Model is a large-scale, pre-trained artificial intelligence model that serves as the basis'));
  });
});

describe('parseEntry: frontmatter problems', () => {
  test('YAML syntax error: kind, message and position of the offending token', () => {
    const text = '---\ntitle: Overfitting\ndescription: Overfitting: a model learns noise.\n---\n';
    const fm = frontmatterOf(parse(text));
    assert.deepEqual(fm.problems, [{
      kind: 'syntax',
      message: 'Nested mappings are not allowed in compact mappings',
      span: { start: spanOf(text, 'Overfitting:').start, end: spanOf(text, 'Overfitting:').start + 1 },
    }]);
  });

  test('an unterminated flow list is a syntax error at the end of the YAML', () => {
    const text = '---\nrelated: [a, b\n---\n';
    const fm = frontmatterOf(parse(text));
    assert.equal(fm.problems.length, 1);
    assert.equal(fm.problems[0].kind, 'syntax');
    assert.deepEqual(fm.problems[0].span, { start: fm.contentSpan.end, end: fm.contentSpan.end });
  });

  test('duplicate key: a problem at the repeated key, both fields kept', () => {
    const text = '---\ntitle: A\ntitle: B\n---\n';
    const fm = frontmatterOf(parse(text));
    assert.equal(fm.problems.length, 1);
    assert.equal(fm.problems[0].kind, 'duplicate-key');
    assert.equal(fm.problems[0].message, 'Map keys must be unique');
    assert.equal(fm.problems[0].span.start, spanOf(text, 'title', 1).start);
    assert.deepEqual(fm.fields.map((f) => [f.key, f.keySpan]), [['title', spanOf(text, 'title')], ['title', spanOf(text, 'title', 1)]]);
  });

  test('a list instead of a mapping', () => {
    const fm = frontmatterOf(parse('---\n- a\n- b\n---\n'));
    assert.deepEqual(fm.problems, [{ kind: 'not-mapping', message: 'Frontmatter must be a list of `key: value` fields.', span: { start: 4, end: 12 } }]);
    assert.deepEqual(fm.fields, []);
  });

  test('an empty block has no fields and no problems', () => {
    const fm = frontmatterOf(parse('---\n---\nBody\n'));
    assert.deepEqual(fm.fields, []);
    assert.deepEqual(fm.problems, []);
    assert.deepEqual(fm.contentSpan, { start: 4, end: 4 });
  });
});

describe('parseEntry: headings', () => {
  test('ATX headings of level 1–6 with closing hashes stripped; not 7 hashes, not without a space, not 4-space indented', () => {
    const text = ['# One', '## Two ##', '   ### Three', '###### Six', '####### Seven', '#NoSpace', '    # Code', '#', ''].join('\n');
    const entry = parse(text);
    assert.deepEqual(entry.headings, [
      { level: 1, text: 'One', span: spanOf(text, '# One') },
      { level: 2, text: 'Two', span: spanOf(text, '## Two ##') },
      { level: 3, text: 'Three', span: spanOf(text, '   ### Three') },
      { level: 6, text: 'Six', span: spanOf(text, '###### Six') },
      { level: 1, text: '', span: { start: text.length - 2, end: text.length - 1 } },
    ]);
  });

  test('a `#` line inside a fence or inside the frontmatter is not a heading', () => {
    const entry = parse('---\ntitle: A\n# yaml comment\n---\n```\n# shell comment\n```\n## Real\n');
    assert.deepEqual(entry.headings.map((h) => h.text), ['Real']);
  });
});

describe('parseEntry: fences', () => {
  const text = [
    '```mermaid', // 0
    'graph TD', // 1
    '```', // 2
    '~~~Python', // 3
    'print(1)', // 4
    '~~~', // 5
    '````md', // 6
    '```', // 7: does not close a 4-backtick fence
    'inner', // 8
    '```', // 9
    '````', // 10
    '```js {1,3}', // 11
    '```ts', // 12: a fence line with an info string never closes
    '```', // 13
    '``` not `a` fence', // 14: backticks in the info string: not a fence
    '~~~~', // 15
    '~~~', // 16: shorter: does not close
    '```', // 17: other character: does not close
    'end', // 18
  ].join('\n');
  const entry = parse(text);
  const line = (n: number) => ({ start: lineStart(text, n), end: text.indexOf('\n', lineStart(text, n)) === -1 ? text.length : text.indexOf('\n', lineStart(text, n)) });

  test('language, open/close spans and content of each fence', () => {
    assert.deepEqual(entry.fences, [
      { language: 'mermaid', openSpan: line(0), contentSpan: { start: lineStart(text, 1), end: lineStart(text, 2) }, closeSpan: line(2) },
      { language: 'python', openSpan: line(3), contentSpan: { start: lineStart(text, 4), end: lineStart(text, 5) }, closeSpan: line(5) },
      { language: 'md', openSpan: line(6), contentSpan: { start: lineStart(text, 7), end: lineStart(text, 10) }, closeSpan: line(10) },
      { language: 'js', openSpan: line(11), contentSpan: { start: lineStart(text, 12), end: lineStart(text, 13) }, closeSpan: line(13) },
      { language: '', openSpan: line(15), contentSpan: { start: lineStart(text, 16), end: text.length }, closeSpan: undefined },
    ]);
  });

  test('the first paragraph is not taken from code', () => {
    assert.equal(entry.firstParagraph, '``` not `a` fence');
  });

  test('an indented closing fence (up to 3 spaces) closes; a fence with nothing after it is unclosed', () => {
    const t = '```\ncode\n   ```\n```\n';
    const fences = parse(t).fences;
    assert.equal(fences.length, 2);
    assert.deepEqual(fences[0].closeSpan, spanOf(t, '   ```'));
    assert.deepEqual(fences[1], { language: '', openSpan: { start: 16, end: 19 }, contentSpan: { start: 20, end: 20 }, closeSpan: undefined });
  });
});

describe('parseEntry: tool-call debris', () => {
  test('tags outside code are debris; inside inline code or a fence they are not', () => {
    const text = [
      'Text <write_to_file> here',
      'Use `<path>` or ``<content>`` in code.',
      '```xml',
      '<result>done</result>',
      '```',
      'Closing </tool_use> and <unknown> and <div>.',
    ].join('\n');
    const entry = parse(text);
    assert.deepEqual(entry.debris, [
      { tag: '<write_to_file>', span: spanOf(text, '<write_to_file>') },
      { tag: '</tool_use>', span: spanOf(text, '</tool_use>') },
    ]);
  });

  test('debris in the body of an entry with frontmatter, not in the frontmatter itself', () => {
    const text = '---\ntitle: "<path>"\n---\nBody\n</content>\n';
    assert.deepEqual(parse(text).debris, [{ tag: '</content>', span: spanOf(text, '</content>') }]);
  });

  test('the tag names come from the options, matched literally', () => {
    const text = '<foo.bar> <fooxbar> <write_to_file>';
    assert.deepEqual(parseEntry(text, { debrisTags: ['foo.bar'] }).debris, [{ tag: '<foo.bar>', span: { start: 0, end: 9 } }]);
    assert.deepEqual(parseEntry(text, { debrisTags: [] }).debris, []);
  });

  test('tags side by side, inside a stray `<`, or after one are each found once', () => {
    const text = 'A <<path>x</path><content></content> <</result>>\n';
    const at = (tag: string, from = 0) => ({ tag, span: { start: text.indexOf(tag, from), end: text.indexOf(tag, from) + tag.length } });
    assert.deepEqual(parse(text).debris, [at('<path>'), at('</path>'), at('<content>'), at('</content>'), at('</result>')]);
  });
});

describe('parseEntry: body links', () => {
  test('inline link targets with their spans; not in inline code or fences', () => {
    const text = [
      '---',
      'title: A',
      '---',
      'See [Fine-tuning](/glossary/fine-tuning) and [RLHF](rlhf.md "Title") and [ext](https://example.com/x).',
      'Angle [a](</glossary/angled>) and code `[b](/glossary/code)`.',
      '```',
      '[c](/glossary/fenced)',
      '```',
    ].join('\n');
    const entry = parse(text);
    assert.deepEqual(entry.links, [
      { kind: 'inline', target: '/glossary/fine-tuning', targetSpan: spanOf(text, '/glossary/fine-tuning'), span: spanOf(text, '[Fine-tuning](/glossary/fine-tuning)') },
      { kind: 'inline', target: 'rlhf.md', targetSpan: spanOf(text, 'rlhf.md'), span: spanOf(text, '[RLHF](rlhf.md "Title")') },
      { kind: 'inline', target: 'https://example.com/x', targetSpan: spanOf(text, 'https://example.com/x'), span: spanOf(text, '[ext](https://example.com/x)') },
      { kind: 'inline', target: '/glossary/angled', targetSpan: spanOf(text, '/glossary/angled'), span: spanOf(text, '[a](</glossary/angled>)') },
    ]);
  });
});

describe('parseEntry: first paragraph', () => {
  test('the first prose lines after the headings, joined with spaces', () => {
    const entry = parse('---\ntitle: A\n---\n# A\n\nFirst line of prose\n  continues here.\n\nSecond paragraph.\n');
    assert.equal(entry.firstParagraph, 'First line of prose continues here.');
  });

  test('lists, tables, quotes and HTML before the prose are skipped; a list after it ends it', () => {
    assert.equal(parse('- item\n| a | b |\n> quote\n<div>\n1. step\n\nProse.\n- item\nmore\n').firstParagraph, 'Prose.');
  });

  test('a fence or heading ends the paragraph', () => {
    assert.equal(parse('Para one\n```\ncode\n```\nMore').firstParagraph, 'Para one');
    assert.equal(parse('Para one\n## H\nMore').firstParagraph, 'Para one');
  });

  test('empty when there is no prose', () => {
    assert.equal(parse('---\ntitle: A\n---\n# Only a heading\n').firstParagraph, '');
  });

  test('at most 600 characters, ending in an ellipsis', () => {
    const prose = 'word '.repeat(200).trim();
    const first = parse(prose).firstParagraph;
    assert.equal(first.length, 600);
    assert.equal(first, `${prose.slice(0, 599).trimEnd()}…`);
  });

  test('whitespace inside a line is collapsed as documented', () => {
    assert.equal(parse('Two  spaces\tand a tab.\n').firstParagraph, 'Two spaces and a tab.');
  });

  test('a paragraph of any length and spacing gives the first 600 characters of its collapsed whole', () => {
    // The definition, against paragraphs of every length, with runs of spaces and line breaks anywhere.
    const definition = (paragraph: string) => {
      const prose = paragraph.trim().replace(/\s+/g, ' ');
      return prose.length <= 600 ? prose : `${prose.slice(0, 599).trimEnd()}…`;
    };
    let seed = 11;
    const random = (below: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * below);
    };
    const words = ['word', 'longerword', 'é', '😀', 'x', 'wordwordword'];
    const gaps = [' ', '  ', '\t', '       '];
    // Long runs of spaces: a paragraph of thousands of characters may collapse to fewer than 600.
    const wideGaps = [' '.repeat(40), ' '.repeat(90)];
    for (let round = 0; round < 400; round++) {
      // Lengths below and far past the 600 characters kept, before and after collapsing.
      const target = [500, 1150, 1250, 4700, 4900, 20000][random(6)] + random(200);
      const gapsHere = random(2) ? gaps : wideGaps;
      let paragraph = 'Start';
      // Words and gaps in turn; some gaps end a line (a line of spaces alone would end the paragraph).
      while (paragraph.length < target) paragraph += `${gapsHere[random(gapsHere.length)]}${random(8) ? '' : '\n'}${words[random(words.length)]}`;
      assert.equal(parse(`${paragraph}\n\nNext paragraph.\n`).firstParagraph, definition(paragraph), `round ${round}`);
    }
  });
});
