import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol';
import { codes, lineOf, LspTestClient, rangeOf, summarize } from './lspClient';
import { codeDescription } from '../../server/src/core/diagnosticCodes';

const byCode = (diagnostics: Diagnostic[], code: string) => diagnostics.filter((d) => d.code === code);

describe('diagnostics of the example glossary', () => {
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client?.dispose();
  });

  test('foundation-model.md: debris, misplaced frontmatter, unknown slugs, unclosed fence', async () => {
    const text = client.readText('foundation-model');
    const uri = await client.open('foundation-model');
    const diagnostics = await client.waitForDiagnostics(uri);

    const writeLine = lineOf(text, '<write_to_file>');
    const pathLine = lineOf(text, '<path>', { exact: false });
    const contentLine = lineOf(text, '<content>');
    const openLine = lineOf(text, '---');
    const modelArchitecture = lineOf(text, '- model-architecture');
    const zeroShot = lineOf(text, '- zero-shot-learning');
    const mermaid = lineOf(text, '```mermaid');
    // The file as the brief describes it: the block starts below tool debris, on line 15.
    assert.deepEqual([writeLine, pathLine, contentLine, openLine, modelArchitecture, zeroShot, mermaid], [11, 12, 13, 14, 27, 29, 35]);
    // Listed here, but they do not list foundation-model back (transfer-learning, generative-ai and pre-training do).
    const oneWay = ['fine-tuning', 'large-language-models', 'deep-learning', 'prompt-engineering', 'in-context-learning'];
    const oneWayLines = oneWay.map((slug) => lineOf(text, `- ${slug}`, { from: openLine }));
    assert.deepEqual(oneWayLines, [21, 22, 24, 25, 26]);

    assert.deepEqual(summarize(diagnostics), [
      // Lines 4–11 are a flowchart outside any fence.
      { code: 'mermaid-outside-fence', range: rangeOf(text, lineOf(text, 'graph TD'), 'graph TD') },
      { code: 'tool-call-debris', range: rangeOf(text, writeLine, '<write_to_file>') },
      { code: 'tool-call-debris', range: rangeOf(text, pathLine, '<path>') },
      { code: 'tool-call-debris', range: rangeOf(text, pathLine, '</path>') },
      { code: 'tool-call-debris', range: rangeOf(text, contentLine, '<content>') },
      { code: 'frontmatter-misplaced', range: rangeOf(text, openLine, '---') },
      ...oneWay.map((slug, i) => ({ code: 'one-way-relation', range: rangeOf(text, oneWayLines[i], slug) })),
      { code: 'unknown-slug', range: rangeOf(text, modelArchitecture, 'model-architecture') },
      { code: 'unknown-slug', range: rangeOf(text, zeroShot, 'zero-shot-learning') },
      { code: 'unclosed-fence', range: rangeOf(text, mermaid, '```mermaid') },
    ]);
    for (const d of diagnostics) assert.equal(d.source, 'glossary');

    const [misplaced] = byCode(diagnostics, 'frontmatter-misplaced');
    assert.equal(misplaced.severity, DiagnosticSeverity.Error);
    assert.equal(misplaced.message, `This frontmatter starts on line ${openLine + 1}; site generators only read frontmatter on line 1. Move it to the top of the file and remove what stands above it.`);

    const unknown = byCode(diagnostics, 'unknown-slug');
    assert.deepEqual(unknown.map((d) => [d.severity, d.message, d.data]), [
      [DiagnosticSeverity.Warning, "No glossary entry is named 'model-architecture'.", { suggestions: [] }],
      [DiagnosticSeverity.Warning, "No glossary entry is named 'zero-shot-learning'. Did you mean 'few-shot-learning'?", { suggestions: ['few-shot-learning'] }],
    ]);

    assert.deepEqual(byCode(diagnostics, 'one-way-relation').map((d) => [d.severity, d.message, d.data]), oneWay.map((slug) => [
      DiagnosticSeverity.Hint,
      `'${slug}' does not list 'foundation-model' in its related entries, so readers of '${slug}' will not find this one.`,
      { target: slug },
    ]));

    const [fence] = byCode(diagnostics, 'unclosed-fence');
    assert.equal(fence.severity, DiagnosticSeverity.Error);
    assert.equal(fence.message, `The code fence "\`\`\`mermaid" opened on line ${mermaid + 1} is never closed, so everything after it renders as code. Close it with a line of \`\`\`.`);

    assert.deepEqual(byCode(diagnostics, 'tool-call-debris').map((d) => [d.severity, d.message]), [
      [DiagnosticSeverity.Error, '`<write_to_file>` is markup left behind by an AI tool call, not part of the entry. Remove it.'],
      [DiagnosticSeverity.Error, '`<path>` is markup left behind by an AI tool call, not part of the entry. Remove it.'],
      [DiagnosticSeverity.Error, '`</path>` is markup left behind by an AI tool call, not part of the entry. Remove it.'],
      [DiagnosticSeverity.Error, '`<content>` is markup left behind by an AI tool call, not part of the entry. Remove it.'],
    ]);
  });

  test('tokenization.md: unknown key, misspelt slugs with suggestions, stray </content>', async () => {
    const text = client.readText('tokenization');
    const uri = await client.open('tokenization');
    const diagnostics = await client.waitForDiagnostics(uri);

    const tags = lineOf(text, 'tags: [nlp, text]');
    const embedding = lineOf(text, '- embedding');
    const llm = lineOf(text, '- large-language-model');
    const debris = lineOf(text, '</content>');
    assert.deepEqual(summarize(diagnostics), [
      { code: 'unknown-key', range: rangeOf(text, tags, 'tags') },
      { code: 'unknown-slug', range: rangeOf(text, embedding, 'embedding') },
      { code: 'unknown-slug', range: rangeOf(text, llm, 'large-language-model') },
      { code: 'tool-call-debris', range: rangeOf(text, debris, '</content>') },
    ]);
    assert.deepEqual(diagnostics.map((d) => [d.severity, d.message, d.data]), [
      [DiagnosticSeverity.Warning, "'tags' is not a glossary field.", { suggestions: [] }],
      [DiagnosticSeverity.Warning, "No glossary entry is named 'embedding'. Did you mean 'embeddings'?", { suggestions: ['embeddings'] }],
      [DiagnosticSeverity.Warning, "No glossary entry is named 'large-language-model'. Did you mean 'large-language-models'?", { suggestions: ['large-language-models'] }],
      [DiagnosticSeverity.Error, '`</content>` is markup left behind by an AI tool call, not part of the entry. Remove it.', undefined],
    ]);
  });

  test('gradient-descent.md: missing category, short description, self and duplicate related', async () => {
    const text = client.readText('gradient-descent');
    const uri = await client.open('gradient-descent');
    const diagnostics = await client.waitForDiagnostics(uri);
    const description = lineOf(text, "description: 'Optimisation.'");
    const self = lineOf(text, '- gradient-descent');
    const duplicate = lineOf(text, '- neural-network', { from: lineOf(text, '- neural-network') + 1 });
    assert.deepEqual(summarize(diagnostics), [
      { code: 'required-field-missing', range: rangeOf(text, 0, '---') },
      { code: 'description-length', range: rangeOf(text, description, 'Optimisation.') },
      { code: 'self-related', range: rangeOf(text, self, 'gradient-descent') },
      { code: 'duplicate-related', range: rangeOf(text, duplicate, 'neural-network') },
    ]);
    assert.deepEqual(diagnostics.map((d) => [d.severity, d.message]), [
      [DiagnosticSeverity.Error, "The required field 'category' is missing."],
      [DiagnosticSeverity.Information, 'The description is 13 characters long; search engines show 50–160 characters best.'],
      [DiagnosticSeverity.Warning, "The entry lists itself ('gradient-descent') as related."],
      [DiagnosticSeverity.Warning, "'neural-network' is already listed in related."],
    ]);
  });

  test('overfitting.md: a YAML error, and no field checks on top of it', async () => {
    const text = client.readText('overfitting');
    const uri = await client.open('overfitting');
    const diagnostics = await client.waitForDiagnostics(uri);
    const line = lineOf(text, 'description: Overfitting: a model', { exact: false });
    // The parser points at the start of the value whose unquoted `: ` starts a nested mapping.
    const value = 'description: '.length;
    assert.deepEqual(diagnostics, [{
      range: { start: { line, character: value }, end: { line, character: value + 1 } },
      severity: DiagnosticSeverity.Error,
      code: 'yaml-syntax',
      source: 'glossary',
      codeDescription: codeDescription('yaml-syntax'),
      message: 'Invalid YAML: Nested mappings are not allowed in compact mappings',
    }]);
  });

  test('the deliberate one-way relations: rlhf → large-language-models and embeddings → tokenization, one hint each', async () => {
    const cases = [
      { slug: 'rlhf', target: 'large-language-models' },
      // tokenization.md misspells its related slug `embedding`, so it does not list embeddings back.
      { slug: 'embeddings', target: 'tokenization' },
    ];
    for (const { slug, target } of cases) {
      const text = client.readText(slug);
      const uri = await client.open(slug);
      const line = lineOf(text, `- ${target}`);
      assert.deepEqual(await client.waitForDiagnostics(uri), [{
        range: rangeOf(text, line, target),
        severity: DiagnosticSeverity.Hint,
        code: 'one-way-relation',
        source: 'glossary',
        codeDescription: codeDescription('one-way-relation'),
        message: `'${target}' does not list '${slug}' in its related entries, so readers of '${target}' will not find this one.`,
        data: { target },
      }], slug);
    }
  });

  test('every other good entry gets an empty list but for unlinked-mention hints', async () => {
    const good = [
      'attention-mechanism', 'deep-learning', 'few-shot-learning', 'fine-tuning', 'generative-ai', 'hallucination',
      'in-context-learning', 'large-language-models', 'machine-learning', 'neural-network', 'pre-training',
      'prompt-engineering', 'retrieval-augmented-generation', 'transfer-learning', 'transformer',
    ];
    // 21 entries: these 15, the 4 broken ones and the 2 with a deliberate one-way relation.
    assert.equal(good.length + 4 + 2, 21);
    for (const slug of good) {
      const uri = await client.open(slug);
      // Which prose names an entry without a link is tested in test/unit/diagnostics.test.ts.
      assert.deepEqual((await client.waitForDiagnostics(uri)).filter((d) => d.code !== 'unlinked-mention'), [], slug);
    }
  });

  test('didChange adding an unknown slug reports it; a second didChange fixing it turns it into a one-way hint', async () => {
    const uri = client.uri('fine-tuning');
    await client.waitForDiagnostics(uri, (d) => d.length === 0);
    const text = client.readText('fine-tuning');
    const line = lineOf(text, '- overfitting') + 1; // a new item after the last one

    await client.insert(uri, { line, character: 0 }, '- transfomer\n');
    const broken = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(broken, [{
      range: { start: { line, character: 2 }, end: { line, character: 2 + 'transfomer'.length } },
      severity: DiagnosticSeverity.Warning,
      code: 'unknown-slug',
      source: 'glossary',
      codeDescription: codeDescription('unknown-slug'),
      message: "No glossary entry is named 'transfomer'. Did you mean 'transformer'?",
      data: { suggestions: ['transformer'] },
    }]);

    // The writer types the missing letter: `transfo|mer` → `transformer`. The slug now names an
    // entry, which does not list fine-tuning back: only the hint for that is left.
    await client.insert(uri, { line, character: 2 + 'transfo'.length }, 'r');
    assert.deepEqual(await client.waitForDiagnostics(uri, (d) => d.every((x) => x.code !== 'unknown-slug')), [{
      range: { start: { line, character: 2 }, end: { line, character: 2 + 'transformer'.length } },
      severity: DiagnosticSeverity.Hint,
      code: 'one-way-relation',
      source: 'glossary',
      codeDescription: codeDescription('one-way-relation'),
      message: "'transformer' does not list 'fine-tuning' in its related entries, so readers of 'transformer' will not find this one.",
      data: { target: 'transformer' },
    }]);
  });

  test('a body read as CommonMark: links in comments and code are not checked, a reference definition naming no entry is', async () => {
    const text = [
      '---',
      'title: CommonMark Links',
      "description: 'An entry whose links sit where CommonMark does and does not read links.'",
      'category: Core Concepts',
      '---',
      'Read [the guide][ft] and [the other][gone].',
      '',
      '<!-- [old](/glossary/old-page) -->',
      '',
      '    [code](/glossary/code-sample)',
      '',
      'Inline `[span](/glossary/in-a-span)` code and ![a picture](/glossary/picture).',
      '',
      '[ft]: /glossary/fine-tuning',
      '[gone]: /glossary/fine-tunin',
      '',
    ].join('\n');
    const uri = await client.open('commonmark-links', text);
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    const line = lineOf(text, '[gone]: /glossary/fine-tunin');
    assert.deepEqual(summarize(diagnostics), [{ code: 'unknown-link', range: rangeOf(text, line, 'fine-tunin') }]);
    assert.deepEqual(diagnostics[0].data, { suggestions: ['fine-tuning'] });
    await client.close(uri);
  });

  test('closing a document clears its diagnostics', async () => {
    const uri = client.uri('tokenization');
    assert.equal(client.latestDiagnostics(uri)?.length, 4);
    const mark = client.mark(uri);
    await client.close(uri);
    // A publish sent before the close (the previous test's entry coming and going re-checks every open one) may arrive after the mark.
    assert.deepEqual(await client.waitForDiagnostics(uri, (d) => d.length === 0, 3_000, mark), []);
    assert.deepEqual(codes(client.latestDiagnostics(uri)!), []);
  });
});
