/**
 * Most frontmatter is read without the YAML parser (parsing/simpleYaml.ts): `key: scalar`
 * lines and block lists of scalars. Whatever it accepts must come out exactly as the YAML parser
 * reads it — fields, values, spans, problems — and whatever it does not must go to the parser.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { parseEntry } from '../../server/src/core/parsing';
import { simpleFields } from '../../server/src/core/parsing/simpleYaml';
import { removeDir, tempDir } from '../cli/support';
import { readSeed, REPO_ROOT } from './support';

const OPTIONS = { debrisTags: ['write_to_file', 'content', 'path'] };

function bothReadings(text: string) {
  return { direct: parseEntry(text, { ...OPTIONS, simpleYaml: true }), parsed: parseEntry(text, { ...OPTIONS, simpleYaml: false }) };
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(entry.parentPath ?? dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

/** Values written the ways people write them, including the ones the YAML core schema reads as something else. */
const scalar = fc.oneof(
  fc.constantFrom('Foundation Model', 'transformer', 'i-lucide-layers', 'a, b (c) / d+e', 'x.y', 'A', 'Title  with  spaces'),
  fc.constantFrom('true', 'False', 'null', '~', 'yes', 'No', '12', '1.5', '-3', '.inf', '0x1F', '2024-01-01'),
  fc.constantFrom("'single'", "'it''s'", "''", '"double"', '""', '"with \\" escape"', '"back\\\\slash"', "'unterminated", '"half'),
  fc.constantFrom('a: b', 'a #comment', 'a # comment', 'trailing ', '[a, b]', '{a: 1}', '&anchor x', '*alias', '!tag x', '|', '>-', '- x', '? x', '@x', '`x`', '%x'),
);
const key = fc.constantFrom('title', 'description', 'logoIcon', 'category', 'related', 'slug', 'weight', 'x-y', '_z', 'Title', '9lives', 'has space');
const line = fc.oneof(
  fc.tuple(key, scalar).map(([k, v]) => `${k}: ${v}`),
  key.map((k) => `${k}:`),
  fc.tuple(fc.constantFrom('', '  ', '    ', ' '), scalar).map(([indent, v]) => `${indent}- ${v}`),
  fc.constantFrom('', '  continued text', '# comment', 'key:  two spaces', 'key:value', '-', '- ', '-   ', '  -', '-x', 'related: []', '\t- tabbed', 'k: v\r'),
  // Comments, flow lists and block scalars, and the near misses of each.
  fc.constantFrom('#', '  # indented comment', 'title: v # note', "title: 'v' # note", 'title: "v"  # note', 'title: v #note', 'title: v# not a comment', "- 'x' # c", '- x #c', '- x#c'),
  fc.constantFrom("related: [a, 'b', \"c\"]", 'related: [ a , b ] # c', 'related: [a, b,', '  c, d]', '  c]', '   e', 'related: [a, b,]', 'related: [a, [b]]', 'related: [a b, c]', 'related: [true, x]', 'related: [a,b]', 'related: [a', 'related: [a] b', 'related: [\'it\'\'s\', "q\\"x"]', 'related: [x, # c'),
  fc.constantFrom('description: >-', 'description: >', 'description: |', 'description: |-', 'description: >+', 'description: >2', 'description: > # c', 'description: >-x'),
  fc.constantFrom('  one two', '  three', '    more indented', '  trailing ', '  # hash', ' one space', '  - dash', '  key: value', '  \'quoted\''),
);

describe('frontmatter read without the YAML parser', () => {
  let dir: string | undefined;
  after(() => removeDir(dir));

  test('generated frontmatter of every shape: the same reading as the YAML parser', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 14 }), fc.boolean(), (lines, trailingBlank) => {
        const text = `---\n${lines.join('\n')}\n${trailingBlank ? '\n' : ''}---\nBody.\n`;
        const { direct, parsed } = bothReadings(text);
        assert.deepEqual(direct, parsed, JSON.stringify(text));
      }),
      { seed: 20261129, numRuns: 30000 },
    );
  });

  test('the example glossaries, the seed and 1,000 generated entries: the same reading', async () => {
    const texts = [readSeed(), ...markdownFiles(join(REPO_ROOT, 'examples')).map((path) => readFileSync(path, 'utf8'))];
    dir = tempDir('glossary-simple-fm-');
    const { generateGlossary } = (await import(pathToFileURL(join(REPO_ROOT, 'bench', 'generateGlossary.mjs')).href)) as { generateGlossary: (dir: string, count: number, seed?: number) => unknown };
    generateGlossary(dir, 1_000, 5);
    texts.push(...markdownFiles(dir).map((path) => readFileSync(path, 'utf8')));
    for (const text of texts) {
      const { direct, parsed } = bothReadings(text);
      assert.deepEqual(direct, parsed, text.slice(0, 300));
    }
    assert.ok(texts.length > 1_000);
  });

  test('the usual entry shape is the one read directly (and is read the same)', () => {
    const text = "---\ntitle: 'Foundation Model'\ndescription: A model trained on broad data.\nlogoIcon: \"i-lucide-layers\"\ncategory: Core Concepts\nrelated:\n  - transformer\n  - 'fine-tuning'\n---\nBody.\n";
    const content = text.slice(4, text.indexOf('---\nBody'));
    assert.ok(simpleFields(content, (start, end) => ({ start, end })), 'read without the YAML parser');
    for (const other of ['title: Foo\n  bar\n', 'title: Foo#note\n', 'title: true\n', 'related:\n  - a\n - b\n', 'related: [a,]\n', 'description: >\n  a\n\n  b\n']) {
      assert.equal(simpleFields(other, (start, end) => ({ start, end })), undefined, JSON.stringify(other));
    }
    const { direct } = bothReadings(text);
    assert.deepEqual(direct.frontmatter?.fields.map((field) => [field.key, field.value.kind]), [['title', 'string'], ['description', 'string'], ['logoIcon', 'string'], ['category', 'string'], ['related', 'list']]);
    const related = direct.frontmatter!.fields[4].value;
    assert.ok(related.kind === 'list');
    assert.deepEqual(related.items.map((item) => [item.text, text.slice(item.span.start, item.span.end)]), [['transformer', 'transformer'], ['fine-tuning', 'fine-tuning']]);
  });

  test('comments, blank lines, flow lists, escapes and folded descriptions are read directly too, as the parser reads them', () => {
    const forms = [
      '# reviewed 2025\ntitle: "Data \\"Lake\\""\n\ndescription: >-\n  A store of raw data\n  kept for later.\ncategory: Data # checked\nrelated: [lakehouse, \'etl\', "warehouse"]\n',
      'title: Lake\ndescription: >\n  One line.\nrelated: [lakehouse, etl,\n  warehouse]\n# TODO: more\n',
      'title: Lake\ndescription: |-\n  First line.\n  Second line.\nrelated:\n- lakehouse # closest\n\n- etl\n',
    ];
    for (const form of forms) {
      const text = `---\n${form}---\nBody.\n`;
      assert.ok(simpleFields(form, (start, end) => ({ start, end })), JSON.stringify(form));
      const { direct, parsed } = bothReadings(text);
      assert.deepEqual(direct, parsed, JSON.stringify(form));
    }
    const { direct } = bothReadings(`---\n${forms[0]}---\nBody.\n`);
    const fields = Object.fromEntries(direct.frontmatter!.fields.map((field) => [field.key, field.value]));
    assert.deepEqual(fields.title, { kind: 'string', text: 'Data "Lake"', span: fields.title.kind === 'string' ? fields.title.span : undefined });
    assert.equal(fields.description.kind === 'string' && fields.description.text, 'A store of raw data kept for later.');
    assert.equal(fields.category.kind === 'string' && fields.category.text, 'Data');
    assert.deepEqual(fields.related.kind === 'list' && fields.related.items.map((item) => item.text), ['lakehouse', 'etl', 'warehouse']);
  });
});
