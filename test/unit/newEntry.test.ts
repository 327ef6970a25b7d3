/**
 * "New Term" in the core: the slug a title suggests, the checks of title and slug, the text of the
 * new entry (template, YAML quoting, slug field), where the cursor goes and which folder the entry
 * is created in.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'yaml';
import {
  descriptionCursor,
  globFolder,
  newEntryText,
  planNewEntry,
  slugFromTitle,
  slugProblem,
  titleProblem,
  yamlScalar,
  type NewEntryContext,
  type NewEntryParams,
} from '../../server/src/core/features/newEntry';
import { DEFAULT_ENTRY_TEMPLATE, DEFAULT_SETTINGS, type GlossarySettings } from '../../server/src/core/settings';
import { Fixture, readExampleGlossary, settingsWith } from './support';

const DEFAULT_PATTERN = new RegExp(DEFAULT_SETTINGS.slugPattern, 'u');

describe('slugFromTitle', () => {
  test('lower-cases, hyphenates and ASCII-folds', () => {
    const cases: [string, string][] = [
      ['Retrieval-Augmented Generation', 'retrieval-augmented-generation'],
      ['  Large Language Models  ', 'large-language-models'],
      ['Ünïcödé Straße', 'unicode-strasse'],
      ['Æsir, Øresund & Łódź', 'aesir-oresund-lodz'],
      ["Bayes' Theorem", 'bayes-theorem'],
      ['Bayes’ Theorem', 'bayes-theorem'],
      ['GPT-4o (2024)', 'gpt-4o-2024'],
      ['C++ / C#', 'c-c'],
      ['ﬁne—tuning', 'fine-tuning'],
      ['日本語', ''],
      ['---', ''],
    ];
    for (const [title, slug] of cases) assert.equal(slugFromTitle(title), slug, title);
  });

  test('long titles are cut at a hyphen, to at most 100 characters', () => {
    const slug = slugFromTitle('word '.repeat(60));
    assert.ok(slug.length <= 100, `${slug.length}`);
    assert.ok(!slug.endsWith('-'));
    assert.match(slug, /^(word-)*word$/);
  });

  test('property: the proposal is empty or a slug the default pattern accepts', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (title) => {
      const slug = slugFromTitle(title);
      return slug === '' || (DEFAULT_PATTERN.test(slug) && slug.length <= 100 && slugProblem(slug, DEFAULT_SETTINGS.slugPattern) === undefined);
    }), { numRuns: 500 });
  });
});

describe('title and slug checks', () => {
  test('slugProblem: the pattern, and file-name safety whatever the pattern', () => {
    assert.equal(slugProblem('fine-tuning', DEFAULT_SETTINGS.slugPattern), undefined);
    assert.match(slugProblem('Fine Tuning', DEFAULT_SETTINGS.slugPattern) ?? '', /does not match glossary\.slugPattern/);
    assert.match(slugProblem('', DEFAULT_SETTINGS.slugPattern) ?? '', /Enter a slug/);
    for (const slug of ['../evil', 'a/b', 'a\\b', '..', '.hidden', 'x:y', 'tab\there']) {
      assert.match(slugProblem(slug, '.*') ?? '', /cannot be a file name/, slug);
    }
    assert.match(slugProblem('a-b', '^[a-z]+$') ?? '', /does not match/);
    assert.match(slugProblem('a', '([') ?? '', /not a valid regular expression/);
  });

  test('titleProblem: one line of text, not empty, not huge', () => {
    assert.equal(titleProblem('Transformer'), undefined);
    assert.match(titleProblem('   ') ?? '', /Enter a title/);
    assert.match(titleProblem('two\nlines') ?? '', /one line/);
    assert.match(titleProblem('x'.repeat(201)) ?? '', /at most 200/);
  });
});

describe('newEntryText', () => {
  test('fills the default template; the frontmatter parses back to the title as typed', () => {
    const text = newEntryText(DEFAULT_SETTINGS, { title: 'Mixture of Experts', slug: 'mixture-of-experts' });
    assert.equal(text, [
      '---',
      'title: Mixture of Experts',
      "description: ''",
      "logoIcon: 'i-lucide-book-open'",
      "category: ''",
      'related: []',
      '---',
      '## What is Mixture of Experts?',
      '',
      '',
    ].join('\n'));
  });

  test('a title YAML would misread is quoted in the frontmatter and written as typed in the body', () => {
    for (const title of ['RAG: Retrieval-Augmented Generation', "Bayes' Theorem", '#hashtag', 'Yes', '- dash', '3D Printing', '[brackets]', 'Foo # bar', '@mention', 'a "quoted" word']) {
      const text = newEntryText(DEFAULT_SETTINGS, { title, slug: 'x' });
      const frontmatter = text.slice(4, text.indexOf('\n---', 3));
      assert.equal(parse(frontmatter).title, title, title);
      assert.ok(text.includes(`## What is ${title}?`), title);
    }
  });

  test('property: any one-line title survives the YAML round trip', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }), (raw) => {
      const title = raw.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/g, '').trim();
      if (titleProblem(title)) return true;
      return parse(`title: ${yamlScalar(title)}`).title === title;
    }), { numRuns: 1000 });
  });

  test('a custom template: every placeholder, CRLF line ends, the category quoted when needed', () => {
    const settings: GlossarySettings = { ...DEFAULT_SETTINGS, entryTemplate: '---\r\ntitle: {{title}}\r\nslug: {{slug}}\r\ndescription: \r\ncategory: {{category}}\r\nrelated:{{related}}\r\n---\r\n# {{title}}\r\n' };
    const text = newEntryText(settings, { title: 'Key: Value', slug: 'key-value', category: 'Core: Concepts' });
    assert.equal(text, "---\r\ntitle: 'Key: Value'\r\nslug: key-value\r\ndescription: \r\ncategory: 'Core: Concepts'\r\nrelated: []\r\n---\r\n# Key: Value\r\n");
  });

  test('with glossary.slugField set, the slug field is added when the template has none', () => {
    const settings = settingsWith({ slugField: 'slug' });
    const text = newEntryText(settings, { title: 'Agents', slug: 'agents' });
    assert.ok(text.startsWith('---\nslug: agents\ntitle: Agents\n'), text);
    const withField = newEntryText({ ...settings, entryTemplate: '---\nslug: {{slug}}\ntitle: {{title}}\n---\n' }, { title: 'Agents', slug: 'agents' });
    assert.equal(withField, '---\nslug: agents\ntitle: Agents\n---\n');
  });

  test('a template without frontmatter is filled as text', () => {
    const text = newEntryText({ ...DEFAULT_SETTINGS, entryTemplate: '# {{title}} ({{slug}})\n' }, { title: 'A: B', slug: 'a-b' });
    assert.equal(text, '# A: B (a-b)\n');
  });

  test('descriptionCursor: inside the quotes of the description, else its value, else the end', () => {
    assert.deepEqual(descriptionCursor(DEFAULT_ENTRY_TEMPLATE), { line: 2, character: "description: '".length });
    assert.deepEqual(descriptionCursor('---\ntitle: x\ndescription: \n---\n'), { line: 2, character: 'description: '.length });
    assert.deepEqual(descriptionCursor('---\r\ntitle: x\r\ndescription: ""\r\n---\r\n'), { line: 2, character: 'description: "'.length });
    assert.deepEqual(descriptionCursor('# Title\nbody'), { line: 1, character: 4 });
  });

  test('globFolder: the fixed folder part of an include glob', () => {
    assert.equal(globFolder('**/content/glossary/**/*.md'), 'content/glossary');
    assert.equal(globFolder('glossary/*.md'), 'glossary');
    assert.equal(globFolder('./docs/terms/{a,b}/*.md'), 'docs/terms');
    assert.equal(globFolder('**/*.md'), '');
    assert.equal(globFolder('*.md'), '');
  });
});

describe('planNewEntry', () => {
  async function contextFor(entries: Record<string, string>, settings: GlossarySettings = DEFAULT_SETTINGS, onDisk: string[] = []): Promise<NewEntryContext & { fixture: Fixture }> {
    const fixture = await Fixture.withEntries(entries, settings);
    return {
      fixture,
      index: fixture.index,
      settings,
      folders: fixture.workspace.folders,
      isEntry: (uri) => fixture.service.isEntry(uri),
      fileExists: async (uri) => onDisk.includes(uri),
    };
  }
  const plan = (params: Partial<NewEntryParams>, context: NewEntryContext) => planNewEntry({ title: 'Mixture of Experts', slug: 'mixture-of-experts', ...params }, context);

  test('a new slug: the entry goes in the glossary folder, the cursor in the description', async () => {
    const context = await contextFor(readExampleGlossary());
    const result = await plan({}, context);
    assert.ok('uri' in result, JSON.stringify(result));
    assert.equal(result.uri, 'file:///ws/content/glossary/mixture-of-experts.md');
    assert.equal(result.text, newEntryText(DEFAULT_SETTINGS, { title: 'Mixture of Experts', slug: 'mixture-of-experts' }));
    assert.deepEqual(result.cursor, { line: 2, character: 14 });
  });

  test('refuses a slug in use, one the pattern rejects, a bad title, and a file already on disk', async () => {
    const context = await contextFor(readExampleGlossary(), DEFAULT_SETTINGS, ['file:///ws/content/glossary/orphan.md']);
    const exists = await plan({ slug: 'transformer' }, context);
    assert.ok('error' in exists && exists.reason === 'exists', JSON.stringify(exists));
    assert.match(exists.error, /'transformer' already exists \(transformer\.md\)/);
    const invalid = await plan({ slug: 'Mixture Of Experts' }, context);
    assert.ok('error' in invalid && invalid.reason === 'invalid-slug', JSON.stringify(invalid));
    const traversal = await plan({ slug: '../outside' }, context);
    assert.ok('error' in traversal && traversal.reason === 'invalid-slug', JSON.stringify(traversal));
    const title = await plan({ title: ' ' }, context);
    assert.ok('error' in title && title.reason === 'invalid-title', JSON.stringify(title));
    const onDisk = await plan({ slug: 'orphan' }, context);
    assert.ok('error' in onDisk && onDisk.reason === 'exists', JSON.stringify(onDisk));
    const notString = await planNewEntry({ title: 42, slug: null } as unknown as NewEntryParams, context);
    assert.ok('error' in notString, JSON.stringify(notString));
  });

  test('the slug pattern in force is the settings’ one', async () => {
    const settings = settingsWith({ slugPattern: '^[a-z]+$' });
    const context = await contextFor({}, settings);
    const result = await plan({ slug: 'mixture-of-experts' }, context);
    assert.ok('error' in result && result.reason === 'invalid-slug', JSON.stringify(result));
    assert.ok('uri' in (await plan({ slug: 'moe' }, context)));
  });

  test('the folder: the one asked for when entries go there, else the one with the most entries, else the include glob’s', async () => {
    const entries = readExampleGlossary();
    const context = await contextFor({ ...entries, 'sub/deep-one': entries.transformer.replace('transformer', 'x') });
    const inSub = await plan({ folderUri: 'file:///ws/content/glossary/sub' }, context);
    assert.ok('uri' in inSub && inSub.uri === 'file:///ws/content/glossary/sub/mixture-of-experts.md', JSON.stringify(inSub));
    const outside = await plan({ folderUri: 'file:///ws/docs' }, context);
    assert.ok('uri' in outside && outside.uri === 'file:///ws/content/glossary/mixture-of-experts.md', JSON.stringify(outside));

    const empty = await contextFor({});
    const fromGlob = await plan({}, empty);
    assert.ok('uri' in fromGlob && fromGlob.uri === 'file:///ws/content/glossary/mixture-of-experts.md', JSON.stringify(fromGlob));

    const flat = await contextFor({}, settingsWith({ include: ['terms/*.md'] }));
    const flatResult = await plan({}, flat);
    assert.ok('uri' in flatResult && flatResult.uri === 'file:///ws/terms/mixture-of-experts.md', JSON.stringify(flatResult));
  });

  test('no folder matches glossary.include: refused', async () => {
    const context = await contextFor({}, settingsWith({ include: ['**/content/glossary/*.mdx'] }));
    const result = await plan({}, context);
    assert.ok('error' in result && result.reason === 'no-folder', JSON.stringify(result));
  });
});
