/**
 * Hugo's TOML (`+++`) and JSON (`{ … }`) frontmatter: read into the same fields as YAML, and every
 * feature that works on YAML frontmatter works on them, writing TOML into TOML and JSON into JSON.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, TextDocumentEdit, TextEdit } from 'vscode-languageserver-types';
import { getStaticTOMLValue, parseTOML } from 'toml-eslint-parser';
import { addRelatedEdit } from '../../server/src/core/features/fixes';
import { newEntryText } from '../../server/src/core/features/newEntry';
import { fieldNamed, parseEntry, relatedItems, stringField, type ParsedEntry } from '../../server/src/core/parsing';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { brief, Fixture, GOOD_DESCRIPTION, goodEntry, positionAt, settingsWith } from './support';

const parse = (text: string): ParsedEntry => parseEntry(text, { debrisTags: [] });

const TOML = [
  '+++',
  'title = "Fine-Tuning"',
  `description = '${GOOD_DESCRIPTION}'`,
  'category = "Core Concepts"',
  'weight = 20',
  'related = [',
  '  "transformer",',
  "  'embeddings',",
  ']',
  '[params]',
  'x = 1',
  '+++',
  'Body with [a link](/glossary/transformer).',
  '',
].join('\n');

const JSON_ENTRY = [
  '{',
  '  "title": "Fine-Tuning",',
  `  "description": "${GOOD_DESCRIPTION}",`,
  '  "category": "Core Concepts",',
  '  "draft": false,',
  '  "related": ["transformer", "embeddings"]',
  '}',
  'Body with [a link](/glossary/transformer).',
  '',
].join('\n');

const spanText = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

describe('reading TOML and JSON frontmatter', () => {
  test('TOML: fields with spans inside the quotes, the format, the body after the block', () => {
    const entry = parse(TOML);
    const frontmatter = entry.frontmatter!;
    assert.equal(frontmatter.format, 'toml');
    assert.deepEqual(frontmatter.problems, []);
    assert.deepEqual(frontmatter.fields.map((field) => [field.key, field.value.kind]), [['title', 'string'], ['description', 'string'], ['category', 'string'], ['weight', 'other'], ['related', 'list'], ['params', 'other']]);
    assert.equal(stringField(entry, 'title'), 'Fine-Tuning');
    assert.equal(spanText(TOML, fieldNamed(entry, 'title')!.keySpan), 'title');
    const title = fieldNamed(entry, 'title')!.value;
    assert.ok(title.kind === 'string' && spanText(TOML, title.span) === 'Fine-Tuning');
    assert.deepEqual(relatedItems(entry).map((item) => [item.text, spanText(TOML, item.span)]), [['transformer', 'transformer'], ['embeddings', 'embeddings']]);
    assert.equal(entry.bodyStart, TOML.indexOf('Body'));
    assert.deepEqual(entry.links.map((link) => link.target), ['/glossary/transformer']);
  });

  test('JSON: fields with spans inside the quotes, the format, the body after the object', () => {
    const entry = parse(JSON_ENTRY);
    const frontmatter = entry.frontmatter!;
    assert.equal(frontmatter.format, 'json');
    assert.deepEqual(frontmatter.problems, []);
    assert.deepEqual(frontmatter.fields.map((field) => [field.key, field.value.kind]), [['title', 'string'], ['description', 'string'], ['category', 'string'], ['draft', 'other'], ['related', 'list']]);
    assert.equal(spanText(JSON_ENTRY, fieldNamed(entry, 'title')!.keySpan), 'title');
    assert.deepEqual(relatedItems(entry).map((item) => spanText(JSON_ENTRY, item.span)), ['transformer', 'embeddings']);
    assert.equal(entry.bodyStart, JSON_ENTRY.indexOf('Body'));
  });

  test('syntax errors are problems at their place; unclosed blocks are unclosed', () => {
    const toml = '+++\ntitle = "A"\nrelated = ["a" "b"]\n+++\n';
    const tomlProblem = parse(toml).frontmatter!.problems;
    assert.equal(tomlProblem.length, 1);
    assert.equal(tomlProblem[0].kind, 'syntax');
    assert.equal(tomlProblem[0].span.start, toml.indexOf('"b"'));
    const json = '{\n  "title": "A"\n  "category": "B"\n}\n';
    const jsonProblem = parse(json).frontmatter!.problems;
    assert.equal(jsonProblem[0].kind, 'syntax');
    assert.equal(jsonProblem[0].span.start, json.indexOf('"category"'));
    assert.equal(parse('+++\ntitle = "A"\n').frontmatter?.closeSpan, undefined);
    assert.equal(parse('{\n  "title": "A"\n').frontmatter?.closeSpan, undefined);
    // A Hugo shortcode opening the file is no JSON.
    assert.equal(parse('{{< note >}}\nText\n').frontmatter, undefined);
  });

  test('a repeated JSON key is a duplicate-key problem, and both fields are kept', () => {
    const frontmatter = parse('{"title": "A", "title": "B"}\n').frontmatter!;
    assert.deepEqual(frontmatter.problems.map((problem) => problem.kind), ['duplicate-key']);
    assert.equal(frontmatter.fields.length, 2);
  });
});

const ENTRIES = { transformer: goodEntry('Transformer', 'Core Concepts', ['fine-tuning']), embeddings: goodEntry('Embeddings', 'Core Concepts', ['fine-tuning']) };

describe('features on TOML and JSON entries', () => {
  for (const [format, text] of [['TOML', TOML], ['JSON', JSON_ENTRY]] as const) {
    test(`${format}: diagnostics of the fields, with their positions`, async () => {
      const broken = text.replace('"transformer"', '"transfomer"').replace('"Core Concepts"', '42');
      const fixture = await Fixture.withEntries(ENTRIES, settingsWith({ fields: { weight: 'number', draft: 'boolean', params: 'any' } }));
      fixture.open('fine-tuning', broken);
      const diagnostics = fixture.diagnostics('fine-tuning');
      const at = (needle: string) => positionAt(broken, broken.indexOf(needle));
      assert.deepEqual(brief(diagnostics).map(([code, line, character]) => [code, line, character]), [
        ['field-type', at('42').line, at('42').character],
        ['unknown-slug', at('transfomer').line, at('transfomer').character],
      ]);
      assert.equal(diagnostics[1].message, "No glossary entry is named 'transfomer'. Did you mean 'transformer'?");
    });

    test(`${format}: a syntax error is reported as such, in the format's name`, async () => {
      const broken = format === 'TOML' ? text.replace('weight = 20', 'weight = ') : text.replace('"draft": false,', '"draft": false');
      const fixture = await Fixture.withEntries(ENTRIES);
      fixture.open('fine-tuning', broken);
      const diagnostics = fixture.diagnostics('fine-tuning');
      assert.deepEqual(diagnostics.map((d) => d.code), ['yaml-syntax']);
      assert.match(diagnostics[0].message as string, new RegExp(`^Invalid ${format}: `));
    });

    test(`${format}: hover, definition, references and rename of a related slug`, async () => {
      const fixture = await Fixture.withEntries({ ...ENTRIES, 'fine-tuning': text });
      await fixture.openFromWorkspace('fine-tuning');
      const uri = fixture.uri('fine-tuning');
      const onSlug = positionAt(text, text.indexOf('transformer"') + 3);
      assert.match(JSON.stringify((await fixture.service.hover(uri, onSlug))?.contents), /Open transformer\.md/);
      assert.equal(fixture.service.definition(uri, onSlug)?.uri, fixture.uri('transformer'));
      const references = fixture.service.references(uri, onSlug, false).filter((location) => location.uri === uri);
      assert.equal(references.length, 2, 'the related item and the body link');
      const edit = fixture.service.rename(uri, onSlug, 'transformers');
      const edits = (edit?.documentChanges ?? []).filter((change): change is TextDocumentEdit => 'textDocument' in change && change.textDocument.uri === uri).flatMap((change) => change.edits as TextEdit[]);
      const renamed = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), edits);
      assert.equal(renamed, text.replaceAll('transformer', 'transformers'));
      assert.deepEqual(parse(renamed).frontmatter?.problems, []);
    });

    test(`${format}: hover on a key shows an example in the format`, async () => {
      const fixture = await Fixture.withEntries(ENTRIES);
      const hover = await fixture.hoverAt('fine-tuning', text.replace(format === 'TOML' ? 'related =' : '"related"', format === 'TOML' ? 'rel|ated =' : '"rel|ated"'));
      const value = (hover?.contents as { value: string }).value;
      assert.ok(value.includes(format === 'TOML' ? '```toml\nrelated = ["transfer-learning", "fine-tuning"]\n```' : '```json\n"related": ["transfer-learning", "fine-tuning"]\n```'), value);
    });
  }

  test('completion of related slugs inside quotes, and with the quotes when none are typed', async () => {
    const fixture = await Fixture.withEntries(ENTRIES);
    const toml = fixture.completeAt('fine-tuning', '+++\ntitle = "A"\nrelated = ["transf|"]\n+++\n');
    assert.deepEqual(toml?.items.map((item) => item.textEdit && 'range' in item.textEdit ? item.textEdit.newText : ''), ['transformer']);
    const json = fixture.completeAt('fine-tuning', '{\n  "title": "A",\n  "related": ["transf|"]\n}\n');
    assert.deepEqual(json?.items.map((item) => item.textEdit && 'range' in item.textEdit ? item.textEdit.newText : ''), ['transformer']);
    const bare = fixture.completeAt('fine-tuning', '+++\ntitle = "A"\nrelated = [\n  "embeddings",\n  transf|\n]\n+++\n');
    assert.deepEqual(bare?.items.map((item) => item.textEdit && 'range' in item.textEdit ? item.textEdit.newText : ''), ['"transformer"']);
    const oneLine = fixture.completeAt('fine-tuning', '{"title": "A", "related": ["transf|"]}\n');
    assert.deepEqual(oneLine?.items.map((item) => item.textEdit && 'range' in item.textEdit ? item.textEdit.newText : ''), ['transformer']);
    const unclosed = fixture.completeAt('fine-tuning', '{\n  "related": ["transf|\n}\n');
    assert.deepEqual(unclosed?.items.map((item) => item.textEdit && 'range' in item.textEdit ? item.textEdit.newText : ''), ['transformer"']);
  });

  test('completion of keys writes TOML and JSON fields; of a category, a quoted value', async () => {
    const fixture = await Fixture.withEntries(ENTRIES);
    const toml = fixture.completeAt('fine-tuning', '+++\ntitle = "A"\nrel|\n+++\n');
    assert.equal(toml?.items.find((item) => item.label === 'related')?.textEdit && (toml.items.find((item) => item.label === 'related')!.textEdit as TextEdit).newText, 'related = ["$0"]');
    const json = fixture.completeAt('fine-tuning', '{\n  "title": "A",\n  "cat|\n  "related": []\n}\n');
    const category = json?.items.find((item) => item.label === 'category')?.textEdit as TextEdit;
    assert.deepEqual([category.newText, category.range.start], ['"category": "$0",', { line: 2, character: 2 }]);
    const value = fixture.completeAt('fine-tuning', '+++\ntitle = "A"\ncategory = Co|\n+++\n');
    assert.deepEqual(value?.items.map((item) => (item.textEdit as TextEdit).newText), ['"Core Concepts"']);
  });

  test('"Add the required field" writes TOML into TOML and JSON into JSON, valid afterwards', async () => {
    for (const text of ['+++\ntitle = "Fine-Tuning"\n+++\nBody.\n', '{\n  "title": "Fine-Tuning"\n}\nBody.\n', '{}\nBody.\n']) {
      const fixture = await Fixture.withEntries(ENTRIES);
      fixture.open('fine-tuning', text);
      let current = text;
      for (let round = 0; round < 3; round++) {
        const missing = fixture.diagnostics('fine-tuning').filter((d) => d.code === 'required-field-missing');
        if (!missing.length) break;
        const actions = await fixture.service.codeActions(fixture.uri('fine-tuning'), missing.slice(0, 1));
        const edits = (actions[0].edit!.documentChanges![0] as TextDocumentEdit).edits as TextEdit[];
        current = TextDocument.applyEdits(TextDocument.create(fixture.uri('fine-tuning'), 'markdown', 1, current), edits);
        fixture.open('fine-tuning', current);
      }
      const entry = parse(current);
      assert.deepEqual(entry.frontmatter?.problems, [], current);
      assert.deepEqual(entry.frontmatter?.fields.map((field) => field.key).sort(), ['category', 'description', 'title'], current);
      if (entry.frontmatter?.format === 'toml') assert.deepEqual(Object.keys(getStaticTOMLValue(parseTOML(current.split('+++')[1]))).sort(), ['category', 'description', 'title']);
      else assert.deepEqual(Object.keys(JSON.parse(current.slice(0, current.indexOf('}') + 1))).sort(), ['category', 'description', 'title']);
    }
  });

  test('removing an unknown key and a duplicate related item leaves valid JSON and TOML', async () => {
    const json = '{\n  "title": "Fine-Tuning",\n  "colour": "red",\n  "related": ["transformer", "transformer"]\n}\n';
    const toml = '+++\ntitle = "Fine-Tuning"\ncolour = "red"\nrelated = ["transformer", "transformer"]\n+++\n';
    for (const text of [json, toml]) {
      const fixture = await Fixture.withEntries(ENTRIES);
      fixture.open('fine-tuning', text);
      const diagnostics = fixture.diagnostics('fine-tuning').filter((d) => d.code === 'unknown-key' || d.code === 'duplicate-related');
      assert.equal(diagnostics.length, 2);
      const actions: CodeAction[] = await fixture.service.codeActions(fixture.uri('fine-tuning'), diagnostics);
      const chosen = actions.filter((action) => action.title === "Remove 'colour'" || action.title === 'Remove this related item');
      const edits = chosen.flatMap((action) => (action.edit!.documentChanges![0] as TextDocumentEdit).edits as TextEdit[]);
      const fixed = TextDocument.applyEdits(TextDocument.create(fixture.uri('fine-tuning'), 'markdown', 1, text), edits);
      const entry = parse(fixed);
      assert.deepEqual(entry.frontmatter?.problems, [], fixed);
      assert.deepEqual(entry.frontmatter?.fields.map((field) => field.key), ['title', 'related'], fixed);
      assert.deepEqual(relatedItems(entry).map((item) => item.text), ['transformer'], fixed);
    }
  });

  test('the one-way fix adds the slug to the other entry in its format: into its list, or as a new field', () => {
    const cases: [string, string][] = [
      ['+++\ntitle = "T"\nrelated = ["a"]\n+++\n', '+++\ntitle = "T"\nrelated = ["a", "fine-tuning"]\n+++\n'],
      ['+++\ntitle = "T"\n+++\n', '+++\ntitle = "T"\nrelated = ["fine-tuning"]\n+++\n'],
      ['{\n  "title": "T",\n  "related": []\n}\n', '{\n  "title": "T",\n  "related": ["fine-tuning"]\n}\n'],
      ['{\n  "title": "T"\n}\n', '{\n  "title": "T",\n  "related": ["fine-tuning"]\n}\n'],
    ];
    for (const [text, expected] of cases) {
      const edit = addRelatedEdit(text, 'fine-tuning', []);
      assert.ok(edit, text);
      assert.equal(TextDocument.applyEdits(TextDocument.create("file:///x.md", "markdown", 1, text), [edit]), expected);
    }
  });

  test('a new entry from a TOML or JSON template is valid TOML or JSON', () => {
    const toml = newEntryText(settingsWith({ entryTemplate: '+++\ntitle = {{title}}\ncategory = "{{category}}"\nrelated = {{related}}\n+++\n# {{title}}\n' }), { title: 'Say "Hi"', slug: 'say-hi', category: 'A & B', related: ['x'] });
    assert.equal(toml, '+++\ntitle = "Say \\"Hi\\""\ncategory = "A & B"\nrelated = ["x"]\n+++\n# Say "Hi"\n');
    const json = newEntryText(settingsWith({ entryTemplate: '{\n  "title": {{title}},\n  "description": ""\n}\nBody\n', slugField: 'slug' }), { title: 'Q: A', slug: 'q-a' });
    assert.deepEqual(JSON.parse(json.slice(0, json.indexOf('}\n') + 1)), { slug: 'q-a', title: 'Q: A', description: '' });
    assert.equal(parse(json).frontmatter?.problems.length, 0);
    assert.equal(newEntryText(DEFAULT_SETTINGS, { title: 'A', slug: 'a' }).startsWith('---\ntitle: A\n'), true);
  });

  test('no frontmatter completion below the block', async () => {
    const fixture = await Fixture.withEntries(ENTRIES);
    assert.equal(fixture.completeAt('fine-tuning', '+++\ntitle = "A"\n+++\nrel|\n'), null);
    assert.equal(fixture.completeAt('fine-tuning', '{"title": "A"}\nrel|\n'), null);
  });
});
