import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { DIAGNOSTIC_CODES, type DiagnosticCode, type GlossarySettings } from '../../server/src/core/settings';
import {
  brief, codes, diagnose, entryText, Fixture, GOOD_DESCRIPTION, goodEntry, range, readExampleGlossary, readSeed, settingsWith,
} from './support';

const LEVEL: Record<string, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * Entries that the seed's `related` list names (each listing it back, so that no one-way relation
 * is reported), plus one near miss for its suggestions.
 */
const SEED_NEIGHBOURS = Object.fromEntries(
  ['transfer-learning', 'fine-tuning', 'large-language-models', 'generative-ai', 'deep-learning', 'prompt-engineering', 'in-context-learning', 'pre-training', 'few-shot-learning']
    .map((slug) => [slug, goodEntry(slug.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join(' '), 'Core Concepts', ['foundation-model'])]),
);

describe('diagnostics: the seed entry', () => {
  test('debris, misplaced frontmatter, unknown slugs and the unclosed mermaid fence, in order', async () => {
    const fixture = await Fixture.withEntries({ ...SEED_NEIGHBOURS, 'foundation-model': readSeed() });
    await fixture.openFromWorkspace('foundation-model');
    // The two runs of Mermaid text above the frontmatter are checked in mermaidText.test.ts.
    const all = fixture.diagnostics('foundation-model');
    assert.deepEqual(brief(all.filter((d) => d.code === 'mermaid-outside-fence')), [['mermaid-outside-fence', 5, 0, 5, 8], ['mermaid-outside-fence', 76, 0, 76, 8]]);
    const diagnostics = all.filter((d) => d.code !== 'mermaid-outside-fence');
    assert.deepEqual(brief(diagnostics), [
      ['tool-call-debris', 103, 0, 103, 15],
      ['tool-call-debris', 104, 0, 104, 6],
      ['tool-call-debris', 104, 42, 104, 49],
      ['tool-call-debris', 105, 0, 105, 9],
      ['frontmatter-misplaced', 106, 0, 106, 3],
      ['unknown-slug', 119, 2, 119, 20],
      ['unknown-slug', 121, 2, 121, 20],
      ['unclosed-fence', 127, 0, 127, 10],
    ]);
    assert.deepEqual(diagnostics.map((d) => d.severity), [1, 1, 1, 1, 1, 2, 2, 1]);
    assert.ok(diagnostics.every((d) => d.source === 'glossary'));
    assert.equal(diagnostics[0].message, '`<write_to_file>` is markup left behind by an AI tool call, not part of the entry. Remove it.');
    assert.equal(diagnostics[4].message, 'This frontmatter starts on line 107; site generators only read frontmatter on line 1. Move it to the top of the file and remove what stands above it.');
    assert.equal(diagnostics[5].message, "No glossary entry is named 'model-architecture'.");
    assert.deepEqual(diagnostics[5].data, { suggestions: [] });
    assert.equal(diagnostics[6].message, "No glossary entry is named 'zero-shot-learning'. Did you mean 'few-shot-learning'?");
    assert.deepEqual(diagnostics[6].data, { suggestions: ['few-shot-learning'] });
    assert.equal(diagnostics[7].message, 'The code fence "```mermaid" opened on line 128 is never closed, so everything after it renders as code. Close it with a line of ```.');
  });
});

describe('diagnostics: the example glossary', () => {
  const examples = readExampleGlossary();
  const broken = ['foundation-model', 'gradient-descent', 'overfitting', 'tokenization'];

  async function exampleFixture(): Promise<Fixture> {
    const fixture = await Fixture.withEntries(examples);
    assert.equal(fixture.service.entryCount, 21);
    return fixture;
  }

  test('the 17 good entries have no diagnostics but the documented one-way-relation and unlinked-mention hints', async () => {
    const fixture = await exampleFixture();
    const good = Object.keys(examples).filter((slug) => !broken.includes(slug));
    assert.equal(good.length, 17);
    const hints: Record<string, ReturnType<typeof brief>> = {
      // rlhf lists large-language-models, which does not list it back.
      rlhf: [['one-way-relation', 7, 2, 7, 23]],
      // embeddings lists tokenization, whose list misspells it as `embedding`.
      embeddings: [['one-way-relation', 9, 2, 9, 14]],
      // Prose that names an entry it neither links nor lists (the first mention of each; `LLM` is an alias).
      'attention-mechanism': [['unlinked-mention', 46, 69, 46, 72]],
      'deep-learning': [['unlinked-mention', 46, 2, 46, 13]],
      'few-shot-learning': [['unlinked-mention', 12, 365, 12, 386], ['unlinked-mention', 12, 595, 12, 607]],
      'generative-ai': [['unlinked-mention', 46, 17, 46, 28]],
      'in-context-learning': [['unlinked-mention', 37, 33, 37, 44]],
      'prompt-engineering': [['unlinked-mention', 13, 592, 13, 603]],
      'retrieval-augmented-generation': [['unlinked-mention', 62, 2, 62, 13]],
      transformer: [['unlinked-mention', 14, 21, 14, 34]],
    };
    for (const slug of good) {
      await fixture.openFromWorkspace(slug);
      const diagnostics = fixture.diagnostics(slug);
      assert.deepEqual(brief(diagnostics), hints[slug] ?? [], slug);
      for (const d of diagnostics) assert.equal(d.severity, DiagnosticSeverity.Hint);
    }
    const [rlhf] = fixture.diagnostics('rlhf');
    assert.equal(rlhf.message, "'large-language-models' does not list 'rlhf' in its related entries, so readers of 'large-language-models' will not find this one.");
    assert.deepEqual(rlhf.data, { target: 'large-language-models' });
  });

  test('with the two hints off, the 17 good entries have no diagnostics at all', async () => {
    const fixture = await Fixture.withEntries(examples, settingsWith({ severity: { 'one-way-relation': 'off', 'unlinked-mention': 'off' } }));
    for (const slug of Object.keys(examples).filter((s) => !broken.includes(s))) {
      await fixture.openFromWorkspace(slug);
      assert.deepEqual(fixture.diagnostics(slug), [], slug);
    }
  });

  test('foundation-model: debris, misplaced frontmatter, two unknown slugs, unclosed fence (and one-way hints)', async () => {
    const fixture = await exampleFixture();
    await fixture.openFromWorkspace('foundation-model');
    const all = fixture.diagnostics('foundation-model');
    assert.deepEqual(brief(all.filter((d) => d.code === 'mermaid-outside-fence')), [['mermaid-outside-fence', 3, 0, 3, 8]]);
    const diagnostics = all.filter((d) => d.code !== 'mermaid-outside-fence');
    assert.deepEqual(brief(diagnostics), [
      ['tool-call-debris', 11, 0, 11, 15],
      ['tool-call-debris', 12, 0, 12, 6],
      ['tool-call-debris', 12, 42, 12, 49],
      ['tool-call-debris', 13, 0, 13, 9],
      ['frontmatter-misplaced', 14, 0, 14, 3],
      // Of the existing entries it lists, only transfer-learning, generative-ai and pre-training list it back.
      ['one-way-relation', 21, 2, 21, 13],
      ['one-way-relation', 22, 2, 22, 23],
      ['one-way-relation', 24, 2, 24, 15],
      ['one-way-relation', 25, 2, 25, 20],
      ['one-way-relation', 26, 2, 26, 21],
      ['unknown-slug', 27, 2, 27, 20],
      ['unknown-slug', 29, 2, 29, 20],
      ['unclosed-fence', 35, 0, 35, 10],
    ]);
    assert.deepEqual(diagnostics.filter((d) => d.code === 'one-way-relation').map((d) => (d.data as { target: string }).target), [
      'fine-tuning', 'large-language-models', 'deep-learning', 'prompt-engineering', 'in-context-learning',
    ]);
    assert.deepEqual(diagnostics[11].data, { suggestions: ['few-shot-learning'] });
  });

  test('gradient-descent: no category, short description, lists itself, lists neural-network twice', async () => {
    const fixture = await exampleFixture();
    await fixture.openFromWorkspace('gradient-descent');
    const diagnostics = fixture.diagnostics('gradient-descent');
    assert.deepEqual(brief(diagnostics), [
      ['required-field-missing', 0, 0, 0, 3],
      ['description-length', 2, 14, 2, 27],
      ['self-related', 5, 2, 5, 18],
      ['duplicate-related', 7, 2, 7, 16],
    ]);
    assert.deepEqual(diagnostics.map((d) => d.message), [
      "The required field 'category' is missing.",
      'The description is 13 characters long; search engines show 50–160 characters best.',
      "The entry lists itself ('gradient-descent') as related.",
      "'neural-network' is already listed in related.",
    ]);
    assert.deepEqual(diagnostics.map((d) => d.severity), [1, 3, 2, 2]);
  });

  test('overfitting: only the YAML error (the field checks are skipped)', async () => {
    const fixture = await exampleFixture();
    await fixture.openFromWorkspace('overfitting');
    const diagnostics = fixture.diagnostics('overfitting');
    assert.deepEqual(brief(diagnostics), [['yaml-syntax', 2, 13, 2, 14]]);
    assert.equal(diagnostics[0].message, 'Invalid YAML: Nested mappings are not allowed in compact mappings');
    assert.equal(diagnostics[0].severity, DiagnosticSeverity.Error);
  });

  test('tokenization: unknown key, two misspelt slugs with suggestions, stray closing tag', async () => {
    const fixture = await exampleFixture();
    await fixture.openFromWorkspace('tokenization');
    const diagnostics = fixture.diagnostics('tokenization');
    assert.deepEqual(brief(diagnostics), [
      ['unknown-key', 5, 0, 5, 4],
      ['unknown-slug', 7, 2, 7, 11],
      ['unknown-slug', 8, 2, 8, 22],
      ['tool-call-debris', 13, 0, 13, 10],
    ]);
    assert.deepEqual(diagnostics.map((d) => d.data), [
      { suggestions: [] },
      { suggestions: ['embeddings'] },
      { suggestions: ['large-language-models'] },
      undefined,
    ]);
    assert.equal(diagnostics[0].message, "'tags' is not a glossary field.");
    assert.equal(diagnostics[1].message, "No glossary entry is named 'embedding'. Did you mean 'embeddings'?");
  });
});

interface Trigger {
  text: string;
  entries?: Record<string, string>;
  settings?: Record<string, unknown>;
  /** Every code the text raises with the default settings, in order. */
  expected: DiagnosticCode[];
  /** Set for a code the core never raises because the server does (and where it is tested). */
  raisedBy?: string;
}

const body = (extra: string) => `## Heading\n\nProse.\n${extra}`;

/** One entry (slug `subject`) per diagnostic code that raises it. */
const TRIGGERS: Record<DiagnosticCode, Trigger> = {
  'frontmatter-missing': { text: '# No frontmatter\n', expected: ['frontmatter-missing'] },
  'frontmatter-misplaced': { text: `Intro\n${goodEntry('Subject')}`, expected: ['frontmatter-misplaced'] },
  'frontmatter-unclosed': { text: '---\ntitle: Subject\n', expected: ['frontmatter-unclosed'] },
  'yaml-syntax': { text: '---\ntitle: Subject: more\n---\n', expected: ['yaml-syntax'] },
  'frontmatter-not-mapping': { text: '---\n- a\n---\n', expected: ['frontmatter-not-mapping'] },
  'duplicate-key': { text: goodEntry('Subject').replace('category:', 'title: Again\ncategory:'), expected: ['duplicate-key'] },
  'required-field-missing': { text: entryText({ title: 'Subject', description: GOOD_DESCRIPTION }), expected: ['required-field-missing'] },
  'field-type': { text: goodEntry('Subject').replace('title: Subject', 'title: 42'), expected: ['field-type'] },
  'unknown-key': { text: goodEntry('Subject').replace('category:', 'tags: [a]\ncategory:'), expected: ['unknown-key'] },
  'unknown-slug': { text: goodEntry('Subject', 'Core Concepts', ['missing']), expected: ['unknown-slug'] },
  'duplicate-related': { text: goodEntry('Subject', 'Core Concepts', ['other', 'other']), entries: { other: goodEntry('Other', 'C', ['subject']) }, expected: ['duplicate-related'] },
  'self-related': { text: goodEntry('Subject', 'Core Concepts', ['subject']), expected: ['self-related'] },
  'description-empty': { text: entryText({ title: 'Subject', description: '', category: 'C' }), expected: ['description-empty'] },
  'description-length': { text: entryText({ title: 'Subject', description: 'Too short.', category: 'C' }), expected: ['description-length'] },
  'duplicate-title': { text: goodEntry('Subject'), entries: { other: goodEntry('Subject') }, expected: ['duplicate-title'] },
  'unclosed-fence': { text: entryText({ title: 'Subject', description: GOOD_DESCRIPTION, category: 'C' }, body('```js\ncode\n')), expected: ['unclosed-fence'] },
  'tool-call-debris': { text: entryText({ title: 'Subject', description: GOOD_DESCRIPTION, category: 'C' }, body('</tool_use>\n')), expected: ['tool-call-debris'] },
  'unknown-link': { text: entryText({ title: 'Subject', description: GOOD_DESCRIPTION, category: 'C' }, body('See [x](/glossary/nowhere).\n')), expected: ['unknown-link'] },
  // Two files named by one `slug` field: the file names differ, the slugs do not.
  'duplicate-slug': {
    text: goodEntry('Subject').replace('category:', 'slug: subject\ncategory:'),
    entries: { other: goodEntry('Other').replace('category:', 'slug: subject\ncategory:') },
    settings: { slugField: 'slug', fields: { slug: 'string' } },
    expected: ['duplicate-slug'],
  },
  'duplicate-term': { text: goodEntry('Subject').replace('category:', 'aliases: [Other Name]\ncategory:'), entries: { other: goodEntry('Other Name') }, expected: ['duplicate-term'] },
  'unlinked-mention': { text: entryText({ title: 'Subject', description: GOOD_DESCRIPTION, category: 'C' }, body('Unlike a Neural Network, it is small.\n')), entries: { 'neural-network': goodEntry('Neural Network') }, expected: ['unlinked-mention'] },
  // A configured section is one even before it holds a page; the glossary's other entry says where the content root is.
  'unknown-page': { text: entryText({ title: 'Subject', description: GOOD_DESCRIPTION, category: 'C' }, body('See [x](/guides/nowhere/).\n')), entries: { other: goodEntry('Other') }, settings: { sections: ['guides'] }, expected: ['unknown-page'] },
  'one-way-relation': { text: goodEntry('Subject', 'C', ['other']), entries: { other: goodEntry('Other') }, expected: ['one-way-relation'] },
  'unknown-category': { text: goodEntry('Subject', 'Core Concept'), settings: { categories: ['Core Concepts', 'Techniques'] }, expected: ['unknown-category'] },
  'unknown-icon': { text: entryText({ title: 'Subject', description: GOOD_DESCRIPTION, category: 'C', logoIcon: 'i-lucide-layres' }), expected: ['unknown-icon'] },
  'mermaid-outside-fence': { text: entryText({ title: 'Subject', description: GOOD_DESCRIPTION, category: 'C' }, body('graph TD\nA --> B\nB --> C\nstyle A fill:#fff\n')), expected: ['mermaid-outside-fence'] },
  // A broken diagram: the core leaves it alone (no unclosed fence, no Mermaid text outside a fence).
  'mermaid-syntax': {
    text: entryText({ title: 'Subject', description: GOOD_DESCRIPTION, category: 'C' }, body('```mermaid\ngraph TD\nA --> B\nA --> B[unclosed\n```\n')),
    expected: [],
    raisedBy: "the server's Mermaid worker (server/src/mermaidChecker.ts); see test/server/mermaid.test.ts",
  },
  // Cut at 10 characters, only the cut is reported: the frontmatter may close after it.
  'file-too-large': { text: goodEntry('Subject'), settings: { maxFileSize: 10 }, expected: ['file-too-large'] },
};

async function diagnoseTrigger(trigger: Trigger, severity: Record<string, string> = {}) {
  const settings: GlossarySettings = settingsWith({ ...trigger.settings, severity });
  return diagnose('subject', trigger.text, trigger.entries, settings);
}

describe('diagnostics: every code and its severity setting', () => {
  test('there is a trigger for every code', () => {
    assert.deepEqual(Object.keys(TRIGGERS).sort(), Object.keys(DIAGNOSTIC_CODES).sort());
  });

  for (const [code, trigger] of Object.entries(TRIGGERS) as [DiagnosticCode, Trigger][]) {
    test(`${code}: raised at its default level, at a configured level, and not at all when off`, async () => {
      const byDefault = await diagnoseTrigger(trigger);
      assert.deepEqual(codes(byDefault), trigger.expected);
      // The core raises every code but those the server raises itself (mermaid-syntax: its worker parses the
      // diagrams); for those the trigger expects nothing from the core, and the checks below hold trivially.
      assert.equal(byDefault.some((d) => d.code === code), !trigger.raisedBy, `${code}: ${trigger.raisedBy ?? 'raised by the core'}`);
      for (const d of byDefault) assert.equal(d.severity, LEVEL[DIAGNOSTIC_CODES[d.code as DiagnosticCode].severity], String(d.code));

      const other = DIAGNOSTIC_CODES[code].severity === 'hint' ? 'error' : 'hint';
      const changed = await diagnoseTrigger(trigger, { [code]: other });
      assert.deepEqual(brief(changed), brief(byDefault));
      for (const d of changed) assert.equal(d.severity, d.code === code ? LEVEL[other] : LEVEL[DIAGNOSTIC_CODES[d.code as DiagnosticCode].severity]);

      const off = await diagnoseTrigger(trigger, { [code]: 'off' });
      assert.deepEqual(brief(off), brief(byDefault).filter(([c]) => c !== code));
    });
  }
});

describe('diagnostics: frontmatter structure', () => {
  test('missing frontmatter: first line, naming the required fields', async () => {
    const diagnostics = await diagnose('subject', '\uFEFFJust text\r\nmore\n');
    assert.deepEqual(brief(diagnostics), [['frontmatter-missing', 0, 1, 0, 10]]);
    assert.equal(diagnostics[0].message, 'This entry has no frontmatter. Start the file with a `---` block that sets title, description, category.');
  });

  test('missing frontmatter in a file with lone \\r line ends: the first line only', async () => {
    assert.deepEqual(brief(await diagnose('subject', 'Just text\rmore\n')), [['frontmatter-missing', 0, 0, 0, 9]]);
  });

  test('unclosed frontmatter: only that, on the opening line', async () => {
    const diagnostics = await diagnose('subject', '---\ntitle: A\n\n```js\n');
    assert.deepEqual(brief(diagnostics), [['frontmatter-unclosed', 0, 0, 0, 3]]);
    assert.equal(diagnostics[0].message, 'The frontmatter opened here is never closed. End it with a `---` line.');
  });

  test('a misplaced block is still checked field by field', async () => {
    const diagnostics = await diagnose('subject', 'Intro\n---\ntitle: A\n---\n');
    assert.deepEqual(brief(diagnostics), [
      ['frontmatter-misplaced', 1, 0, 1, 3],
      ['required-field-missing', 1, 0, 1, 3],
      ['required-field-missing', 1, 0, 1, 3],
    ]);
    assert.deepEqual(diagnostics.slice(1).map((d) => d.message), ["The required field 'description' is missing.", "The required field 'category' is missing."]);
  });

  test('not a mapping', async () => {
    const diagnostics = await diagnose('subject', '---\n- a\n- b\n---\n');
    assert.deepEqual(brief(diagnostics), [['frontmatter-not-mapping', 1, 0, 3, 0]]);
    assert.equal(diagnostics[0].message, 'Frontmatter must be a list of `key: value` fields.');
  });

  test('duplicate key: reported at the repeated key, and the first value is the one checked', async () => {
    const text = `---\ntitle: A\ndescription: '${GOOD_DESCRIPTION}'\ncategory: C\ntitle: 42\n---\n`;
    const diagnostics = await diagnose('subject', text);
    assert.deepEqual(codes(diagnostics), ['duplicate-key']);
    assert.deepEqual(diagnostics[0].range.start, { line: 4, character: 0 });
    assert.equal(diagnostics[0].message, 'Map keys must be unique: a key may appear only once in the frontmatter.');
  });

  test('duplicate key: the range covers the whole repeated key', async () => {
    const text = `---\ntitle: A\ndescription: '${GOOD_DESCRIPTION}'\ncategory: C\ntitle: B\n---\n`;
    assert.deepEqual(brief(await diagnose('subject', text)), [['duplicate-key', 4, 0, 4, 5]]);
  });
});

describe('diagnostics: fields', () => {
  test('required fields are configurable; a missing one is reported on the opening line, an empty one on its key', async () => {
    const settings = settingsWith({ requiredFields: ['title', 'logoIcon'] });
    const missing = await diagnose('subject', entryText({ title: 'A', description: GOOD_DESCRIPTION }), {}, settings);
    assert.deepEqual(brief(missing), [['required-field-missing', 0, 0, 0, 3]]);
    assert.equal(missing[0].message, "The required field 'logoIcon' is missing.");

    const empty = await diagnose('subject', '---\ntitle: A\nlogoIcon:\n---\n', {}, settings);
    assert.deepEqual(brief(empty), [['required-field-missing', 2, 0, 2, 8]]);
    assert.equal(empty[0].message, "The required field 'logoIcon' has no value.");

    const none = await diagnose('subject', '---\n---\n', {}, settingsWith({ requiredFields: [] }));
    assert.deepEqual(none, []);
  });

  test('field types: a scalar related, a numeric or boolean title, a list category, non-text and empty list items', async () => {
    const text = [
      '---',
      'title: 42',
      `description: '${GOOD_DESCRIPTION}'`,
      'category: [a, b]',
      'related: other',
      '---',
    ].join('\n');
    const diagnostics = await diagnose('subject', text, { other: goodEntry('Other', 'C', ['subject']) });
    assert.deepEqual(brief(diagnostics), [
      ['field-type', 1, 7, 1, 9],
      ['field-type', 3, 10, 3, 16],
      ['field-type', 4, 9, 4, 14],
    ]);
    assert.deepEqual(diagnostics.map((d) => d.message), [
      "'title' must be text, not a number. Quote the value.",
      "'category' must be text, not a list.",
      "'related' must be a list. Write each slug on its own line as `- slug`, or as `[a, b]`.",
    ]);

    const items = await diagnose('subject', `---\ntitle: true\ndescription: '${GOOD_DESCRIPTION}'\ncategory: C\nrelated:\n- 7\n- \n- other\n---\n`, { other: goodEntry('Other', 'C', ['subject']) });
    assert.deepEqual(brief(items), [
      ['field-type', 1, 7, 1, 11],
      ['field-type', 5, 2, 5, 3],
      ['field-type', 6, 2, 6, 2],
    ]);
    assert.deepEqual(items.map((d) => d.message), [
      "'title' must be text, not true or false. Quote the value.",
      "Each item of 'related' must be text.",
      "This 'related' item is empty: write a slug or remove the line.",
    ]);
  });

  test('a scalar related value is still resolved as a slug', async () => {
    const diagnostics = await diagnose('subject', goodEntry('Subject').replace('---\n##', 'related: missing\n---\n##'));
    assert.deepEqual(codes(diagnostics), ['field-type', 'unknown-slug']);
  });

  test('fields from the settings have their type checked; removed fields become unknown', async () => {
    const settings = settingsWith({ fields: { draft: 'boolean', logoIcon: null }, requiredFields: [] });
    const diagnostics = await diagnose('subject', "---\ndraft: 'no'\nlogoIcon: x\n---\n", {}, settings);
    assert.deepEqual(brief(diagnostics), [['field-type', 1, 8, 1, 10], ['unknown-key', 2, 0, 2, 8]]);
    assert.equal(diagnostics[0].message, "'draft' must be true or false, not text.");
  });

  test('unknown keys carry the near known keys as suggestions', async () => {
    const text = `---\ntitle: A\ndescripton: '${GOOD_DESCRIPTION}'\ncategory: C\ntags: [x]\n---\n`;
    const diagnostics = await diagnose('subject', text);
    assert.deepEqual(brief(diagnostics), [
      ['required-field-missing', 0, 0, 0, 3],
      ['unknown-key', 2, 0, 2, 10],
      ['unknown-key', 4, 0, 4, 4],
    ]);
    assert.equal(diagnostics[1].message, "'descripton' is not a glossary field. Did you mean 'description'?");
    assert.deepEqual(diagnostics[1].data, { suggestions: ['description'] });
    assert.equal(diagnostics[2].message, "'tags' is not a glossary field.");
    assert.deepEqual(diagnostics[2].data, { suggestions: [] });
  });

  test('an unknown key below the known key it resembles gets no suggestion', async () => {
    const text = `---\ntitle: A\ntitel: A\ndescription: '${GOOD_DESCRIPTION}'\ncategory: C\n---\n`;
    const diagnostics = await diagnose('subject', text);
    assert.deepEqual(brief(diagnostics), [['unknown-key', 2, 0, 2, 5]]);
    assert.deepEqual(diagnostics[0].data, { suggestions: [] });
    assert.equal(diagnostics[0].message, "'titel' is not a glossary field.");
  });

  test('an unknown key is not told to become a key the entry already has', async () => {
    const text = `---\ntitel: A\ntitle: A\ndescription: '${GOOD_DESCRIPTION}'\ncategory: C\n---\n`;
    const diagnostics = await diagnose('subject', text);
    assert.deepEqual(codes(diagnostics), ['unknown-key']);
    assert.deepEqual(diagnostics[0].data, { suggestions: [] });
  });

  test('description length limits come from the settings and count the trimmed text', async () => {
    const settings = settingsWith({ description: { minLength: 10, maxLength: 20 } });
    const check = (description: string) => diagnose('subject', entryText({ title: 'A', description, category: 'C' }), {}, settings);
    assert.deepEqual(await check('Ten chars.'), []);
    assert.deepEqual(await check('Twenty characters...'), []);
    const short = await check('Nine char');
    assert.deepEqual(brief(short), [['description-length', 2, 14, 2, 23]]);
    assert.equal(short[0].message, 'The description is 9 characters long; search engines show 10–20 characters best.');
    assert.equal(short[0].severity, DiagnosticSeverity.Information);
    const long = await check('Twenty-one characters');
    assert.equal(long[0].message, 'The description is 21 characters long; search engines show 10–20 characters best.');
    const padded = await check('   Nine char   ');
    assert.equal(padded[0].message, 'The description is 9 characters long; search engines show 10–20 characters best.');
    assert.deepEqual(padded[0].range, range(2, 14, 2, 29));
  });

  test('an empty description: on the key when the value is empty, on the value when it is blank', async () => {
    const empty = await diagnose('subject', entryText({ title: 'A', description: '', category: 'C' }));
    assert.deepEqual(brief(empty), [['description-empty', 2, 0, 2, 11]]);
    assert.equal(empty[0].message, 'The description is empty. Write one sentence that defines the term.');
    const blank = await diagnose('subject', entryText({ title: 'A', description: '   ', category: 'C' }));
    assert.deepEqual(brief(blank), [['description-empty', 2, 14, 2, 17]]);
    const nothing = await diagnose('subject', '---\ntitle: A\ndescription:\ncategory: C\n---\n');
    assert.deepEqual(brief(nothing), [['required-field-missing', 2, 0, 2, 11]]);
  });

  test('related: site paths and sibling files resolve, external links are ignored, unknown slugs carry suggestions', async () => {
    const text = entryText({ title: 'Subject', description: GOOD_DESCRIPTION, category: 'C', related: ['/glossary/embeddings/', 'embeddings.md', 'https://example.com/x', 'embedding', '/glossary/nowhere'] });
    const diagnostics = await diagnose('subject', text, { embeddings: goodEntry('Embeddings', 'C', ['subject']) });
    assert.deepEqual(brief(diagnostics), [
      ['duplicate-related', 6, 2, 6, 15],
      ['unknown-slug', 8, 2, 8, 11],
      ['unknown-slug', 9, 2, 9, 19],
    ]);
    assert.deepEqual(diagnostics[1].data, { suggestions: ['embeddings'] });
    assert.equal(diagnostics[1].message, "No glossary entry is named 'embedding'. Did you mean 'embeddings'?");
    assert.equal(diagnostics[1].severity, DiagnosticSeverity.Warning);
    assert.deepEqual(diagnostics[2].data, { suggestions: [] });
    assert.equal(diagnostics[2].message, "No glossary entry is named 'nowhere'.");
  });

  test('unknown-slug suggestions never name the entry itself', async () => {
    const diagnostics = await diagnose('model-zoo', goodEntry('Model Zoo', 'C', ['model-zoos']));
    assert.deepEqual(diagnostics[0].data, { suggestions: [] });
  });
});

describe('diagnostics: one-way relations', () => {
  test('a related entry that does not list this one back gets a hint carrying its slug', async () => {
    const diagnostics = await diagnose('a', goodEntry('A', 'C', ['b', 'c', 'd']), {
      b: goodEntry('B'),
      c: goodEntry('C', 'C', ['a']),
      d: goodEntry('D', 'C', ['/glossary/a/']),
    });
    assert.deepEqual(brief(diagnostics), [['one-way-relation', 5, 2, 5, 3]]);
    assert.equal(diagnostics[0].severity, DiagnosticSeverity.Hint);
    assert.equal(diagnostics[0].message, "'b' does not list 'a' in its related entries, so readers of 'b' will not find this one.");
    assert.deepEqual(diagnostics[0].data, { target: 'b' });
  });

  test('no hint when the related entry\'s own frontmatter is broken (its list cannot be trusted)', async () => {
    const diagnostics = await diagnose('a', goodEntry('A', 'C', ['b']), { b: '---\ntitle: B: broken\n---\n' });
    assert.deepEqual(diagnostics, []);
  });

  test('the other entry listing this one back clears the hint and reports this one as affected', async () => {
    const fixture = await Fixture.withEntries({ a: goodEntry('A', 'C', ['b']), b: goodEntry('B') });
    fixture.open('a', goodEntry('A', 'C', ['b']));
    assert.deepEqual(codes(fixture.diagnostics('a')), ['one-way-relation']);
    assert.deepEqual([...fixture.open('b', goodEntry('B', 'C', ['a']))], [fixture.uri('a')]);
    assert.deepEqual(fixture.diagnostics('a'), []);
    assert.deepEqual([...fixture.open('b', goodEntry('B'))], [fixture.uri('a')]);
    assert.deepEqual(codes(fixture.diagnostics('a')), ['one-way-relation']);
  });

  test('breaking the other entry\'s YAML reports this one as affected', async () => {
    const fixture = await Fixture.withEntries({ a: goodEntry('A', 'C', ['b']), b: goodEntry('B') });
    fixture.open('a', goodEntry('A', 'C', ['b']));
    assert.deepEqual(codes(fixture.diagnostics('a')), ['one-way-relation']);
    const affected = fixture.open('b', goodEntry('B').replace('category: Core Concepts', 'category: x: y'));
    // a's diagnostics did change: its hint is gone ...
    assert.deepEqual(fixture.diagnostics('a'), []);
    // ... so a must be among the entries to re-check.
    assert.deepEqual([...affected], [fixture.uri('a')]);
  });
});

describe('diagnostics: body links', () => {
  test('a link under the prefix or to a sibling .md file that names no entry; the range is the slug', async () => {
    const text = entryText({ title: 'A', description: GOOD_DESCRIPTION, category: 'C' }, [
      'See [E](/glossary/embeddings), [E2](./embeddings.md), [web](https://example.com/glossary/x),',
      '[word](embedding), [x](/glossary/embedding/) and [y](./nowhere.md#part).',
      '',
    ].join('\n'));
    const diagnostics = await diagnose('subject', text, { embeddings: goodEntry('Embeddings') });
    assert.deepEqual(brief(diagnostics), [['unknown-link', 6, 33, 6, 42], ['unknown-link', 6, 55, 6, 62]]);
    assert.equal(diagnostics[0].message, "This link points at 'embedding', but no glossary entry has that name. Did you mean 'embeddings'?");
    assert.deepEqual(diagnostics[0].data, { suggestions: ['embeddings'] });
    assert.equal(diagnostics[0].severity, DiagnosticSeverity.Warning);
    assert.equal(diagnostics[1].message, "This link points at 'nowhere', but no glossary entry has that name.");
    assert.deepEqual(diagnostics[1].data, { suggestions: [] });
  });

  test('unknown-link suggestions never name the entry itself', async () => {
    const diagnostics = await diagnose('model-zoo', `${goodEntry('Model Zoo')}See [x](/glossary/model-zoos).\n`);
    assert.deepEqual(diagnostics[0].data, { suggestions: [] });
  });
});

describe('diagnostics: duplicate titles across files', () => {
  test('both entries report each other; renaming one clears the other', async () => {
    const fixture = await Fixture.withEntries({ a: goodEntry('Same Title'), b: goodEntry('same  title') });
    fixture.open('a', goodEntry('Same Title'));
    const diagnostics = fixture.diagnostics('a');
    assert.deepEqual(brief(diagnostics), [['duplicate-title', 1, 7, 1, 17]]);
    assert.equal(diagnostics[0].message, "Another entry has the title 'Same Title': 'b'.");
    assert.equal(diagnostics[0].severity, DiagnosticSeverity.Warning);

    fixture.open('b', goodEntry('same  title'));
    assert.deepEqual(codes(fixture.diagnostics('b')), ['duplicate-title']);
    assert.equal(fixture.diagnostics('b')[0].message, "Another entry has the title 'same  title': 'a'.");

    const affected = fixture.open('b', goodEntry('Different'));
    assert.deepEqual([...affected], [fixture.uri('a')]);
    assert.deepEqual(fixture.diagnostics('a'), []);
    assert.deepEqual(fixture.diagnostics('b'), []);
  });

  test('more than three others are summarized', async () => {
    const entries = Object.fromEntries(['b', 'c', 'd', 'e', 'f'].map((s) => [s, goodEntry('Same')]));
    const diagnostics = await diagnose('a', goodEntry('Same'), entries);
    assert.equal(diagnostics[0].message, "Another entry has the title 'Same': 'b', 'c', 'd' and 2 more.");
  });
});

describe('diagnostics: body', () => {
  test('each unclosed fence names its opener and closer; debris in code is not reported', async () => {
    const text = entryText({ title: 'A', description: GOOD_DESCRIPTION, category: 'C' }, '````md\n```\n<path>\n```\n');
    const diagnostics = await diagnose('subject', text);
    assert.deepEqual(brief(diagnostics), [['unclosed-fence', 5, 0, 5, 6]]);
    assert.equal(diagnostics[0].message, 'The code fence "````md" opened on line 6 is never closed, so everything after it renders as code. Close it with a line of ````.');
  });

  test('a file above maxFileSize is checked only up to it', async () => {
    const text = `${goodEntry('Subject')}${'x'.repeat(100)}\n<path>\n`;
    const diagnostics = await diagnose('subject', text, {}, settingsWith({ maxFileSize: text.length - 3 }));
    assert.deepEqual(brief(diagnostics), [['file-too-large', 0, 0, 0, 0]]);
    assert.equal(diagnostics[0].message, `This file is larger than glossary.maxFileSize (${text.length - 3} bytes): only its first ${text.length - 3} characters are checked.`);
  });
});

describe('diagnostics: cross-file updates', () => {
  test('creating the named entry clears unknown-slug in its referrer; deleting it brings it back', async () => {
    const fixture = await Fixture.withEntries({ referrer: goodEntry('Referrer', 'C', ['new-term']), other: goodEntry('Other') });
    fixture.open('referrer', goodEntry('Referrer', 'C', ['new-term']));
    assert.deepEqual(brief(fixture.diagnostics('referrer')), [['unknown-slug', 5, 2, 5, 10]]);

    const created = await fixture.create('new-term', goodEntry('New Term', 'C', ['referrer']));
    assert.ok(created.has(fixture.uri('referrer')));
    assert.deepEqual(fixture.diagnostics('referrer'), []);

    const deleted = await fixture.remove('new-term');
    assert.ok(deleted.has(fixture.uri('referrer')));
    assert.deepEqual(brief(fixture.diagnostics('referrer')), [['unknown-slug', 5, 2, 5, 10]]);
  });

  test('an entry opened in the editor counts as existing before it is saved', async () => {
    const fixture = await Fixture.withEntries({ referrer: goodEntry('Referrer', 'C', ['draft']) });
    fixture.open('referrer', goodEntry('Referrer', 'C', ['draft']));
    assert.deepEqual(codes(fixture.diagnostics('referrer')), ['unknown-slug']);
    const affected = fixture.open('draft', goodEntry('Draft', 'C', ['referrer']));
    assert.deepEqual([...affected], [fixture.uri('referrer')]);
    assert.deepEqual(fixture.diagnostics('referrer'), []);
  });

  test('unknown-slug suggestions include entries whose title shares the words', async () => {
    const fixture = await Fixture.withEntries({ referrer: goodEntry('Referrer', 'C', ['quantum-widgets']), b: goodEntry('Quantum Widgets') });
    fixture.open('referrer', goodEntry('Referrer', 'C', ['quantum-widgets']));
    assert.deepEqual(fixture.diagnostics('referrer')[0].data, { suggestions: ['b'] });
  });

  test('unknown-slug suggestions follow a title edit of another entry', async () => {
    const fixture = await Fixture.withEntries({ referrer: goodEntry('Referrer', 'C', ['quantum-widgets']), b: goodEntry('Bee') });
    fixture.open('referrer', goodEntry('Referrer', 'C', ['quantum-widgets']));
    assert.deepEqual(fixture.diagnostics('referrer')[0].data, { suggestions: [] });
    fixture.open('b', goodEntry('Quantum Widgets'));
    // A fresh service over the same state suggests `b`, and so does hover; the cached answer does not.
    assert.deepEqual(fixture.diagnostics('referrer')[0].data, { suggestions: ['b'] });
  });
});

describe('diagnostics: suggestions found ahead of the check', () => {
  const neighbours = {
    'few-shot-learning': goodEntry('Few Shot Learning'),
    'fine-tuning': goodEntry('Fine Tuning'),
    'transfer-learning': goodEntry('Transfer Learning'),
  };
  const subject = entryText(
    { title: 'Subject', related: ['few-shot-learnin', 'fine-tuning', 'model-architecture'] },
    '## Links\n\nSee [tuning](/glossary/fine-tunin), [transfer](/glossary/transfer-learning) and [notes](./transfer-learnig.md).\n',
  );

  /** The subject's diagnostics, counting the index's suggestion searches while they are computed. */
  async function checkCountingSearches(prepare: boolean) {
    const fixture = await Fixture.withEntries({ ...neighbours, subject });
    await fixture.openFromWorkspace('subject');
    if (prepare) await fixture.service.prepareSuggestions(fixture.uri('subject'));
    const search = fixture.index.nearestSlugs.bind(fixture.index);
    let searches = 0;
    fixture.index.nearestSlugs = (slug, limit) => {
      searches++;
      return search(slug, limit);
    };
    return { diagnostics: fixture.diagnostics('subject'), searches };
  }

  test('prepareSuggestions asks for every suggestion the check wants, so the check asks for none', async () => {
    const cold = await checkCountingSearches(false);
    const prepared = await checkCountingSearches(true);
    // Two unknown related slugs and two unknown links: without preparation the check searches for each.
    assert.equal(cold.searches, 4);
    assert.equal(prepared.searches, 0);
    assert.deepEqual(prepared.diagnostics, cold.diagnostics);
    assert.deepEqual(codes(prepared.diagnostics).filter((code) => code.startsWith('unknown-')), ['unknown-slug', 'unknown-slug', 'unknown-link', 'unknown-link']);
    assert.ok(prepared.diagnostics.some((d) => String(d.message).includes("Did you mean 'fine-tuning'?")));
  });
});
