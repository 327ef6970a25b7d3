import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CodeActionKind, DiagnosticSeverity, type CodeAction, type Diagnostic, type Location, type TextEdit } from 'vscode-languageserver-protocol';
import { applyTextEdits, LspTestClient } from './lspClient';

const DESCRIPTION = "description: 'A description long enough to satisfy the minimum length of fifty chars.'";
const entry = (frontmatter: string[], body: string[]) => ['---', ...frontmatter, DESCRIPTION, 'category: Core Concepts', '---', '', ...body, ''].join('\n');

describe('unlinked mentions through the server', () => {
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client?.dispose();
  });

  const mentions = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'unlinked-mention');
  const brief = (diagnostic: Diagnostic) => [diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.line, diagnostic.range.end.character, (diagnostic.data as { slug: string }).slug];

  test('a hint at the first unlinked mention of each entry, by title or alias, in prose only', async () => {
    const text = entry(['title: Mention Demo', 'related:', '- transformer'], [
      '# Neural Network heading',
      '',
      'Unlike a neural network, this demo is built on an LLM and a Transformer.',
      'A second neural network is not reported again; `Fine-Tuning` in code and [fine-tuning](https://example.com/fine-tuning) are not prose.',
      '',
      '```',
      'Deep Learning in a fence',
      '```',
      '',
      'Deep learning is linked here: [it](/glossary/deep-learning). The llm in lower case is an ordinary word; models alone are no term.',
    ]);
    const uri = await client.open('mention-demo', text);
    const diagnostics = mentions(await client.waitForDiagnostics(uri, (all) => all.some((d) => d.code === 'unlinked-mention')));
    assert.deepEqual(diagnostics.map(brief), [
      [10, 9, 10, 23, 'neural-network'],
      [10, 50, 10, 53, 'large-language-models'],
    ]);
    assert.equal(diagnostics[0].severity, DiagnosticSeverity.Hint);
    assert.equal(diagnostics[0].message, "'Neural Network' is a glossary entry, 'neural-network': link it, or list it as related.");
    assert.equal(diagnostics[1].message, "'LLM' (Large Language Models) is a glossary entry, 'large-language-models': link it, or list it as related.");
  });

  test('an entry renamed to a term another open entry names: that entry gets the hint at once, and loses it when the title changes back', async () => {
    const mentioning = await client.open('mentions-renamed-term', entry(['title: Renamed Term Demo', 'related:', '- transformer'], ['Here a quantized lookup table does the work.']));
    assert.deepEqual(mentions(await client.waitForDiagnostics(mentioning)), []);
    const renamedUri = client.uri('embeddings');
    const renamedText = client.readText('embeddings');
    await client.openUri(renamedUri, renamedText);
    const titleLine = renamedText.split('\n').findIndex((line) => line.startsWith('title:'));
    const mark = client.mark(mentioning);
    await client.replace(renamedUri, { start: { line: titleLine, character: 7 }, end: { line: titleLine, character: renamedText.split('\n')[titleLine].length } }, 'Quantized Lookup Table');
    const hinted = mentions(await client.waitForDiagnostics(mentioning, (all) => all.some((d) => d.code === 'unlinked-mention'), 5_000, mark));
    assert.deepEqual(hinted.map(brief), [[8, 7, 8, 29, 'embeddings']]);
    const back = client.mark(mentioning);
    await client.replace(renamedUri, { start: { line: titleLine, character: 7 }, end: { line: titleLine, character: 7 + 'Quantized Lookup Table'.length } }, 'Embeddings');
    assert.deepEqual(mentions(await client.waitForDiagnostics(mentioning, () => true, 5_000, back)), []);
    await client.close(renamedUri);
  });

  test("quick fixes: 'Link to …' wraps the mention in a link; 'Add … to related' extends the list", async () => {
    const text = entry(['title: Mention Fixes', 'related:', '- transformer'], ['Built on a neural network.']);
    const uri = await client.open('mention-fixes', text);
    const [mention] = mentions(await client.waitForDiagnostics(uri, (all) => all.some((d) => d.code === 'unlinked-mention')));
    assert.ok(mention, 'an unlinked-mention hint');
    const actions = ((await client.codeActions(uri, mention.range, [mention], [CodeActionKind.QuickFix])) ?? []) as CodeAction[];
    assert.deepEqual(actions.map((a) => [a.title, a.isPreferred]), [["Link to 'Neural Network'", true], ["Add 'neural-network' to related", undefined]]);
    const editsOf = (action: CodeAction) => {
      const change = action.edit?.documentChanges?.[0];
      assert.ok(change && 'edits' in change);
      assert.deepEqual(change.textDocument, { uri, version: 1 });
      return change.edits as TextEdit[];
    };
    assert.equal(applyTextEdits(text, editsOf(actions[0])), text.replace('a neural network', 'a [neural network](/glossary/neural-network)'));
    assert.equal(applyTextEdits(text, editsOf(actions[1])), text.replace('- transformer', '- transformer\n- neural-network'));
  });

  test('no hint for an entry listed as related (a flow list)', async () => {
    const text = entry(['title: Mention Linked', 'related: [neural-network]'], ['Built on a neural network and nothing else.']);
    const uri = await client.open('mention-linked', text);
    const diagnostics = await client.waitForDiagnostics(uri);
    assert.deepEqual(mentions(diagnostics), []);
  });

  test('aliases: hover on a related slug names them; completion finds the entry by alias, inserting the slug', async () => {
    const text = entry(['title: Alias Demo', 'related:', '- large-language-models', '- ll'], ['Nothing mentioned.']);
    const uri = await client.open('alias-demo', text);
    await client.waitForDiagnostics(uri);
    const hover = await client.hover(uri, { line: 3, character: 5 });
    const contents = hover?.contents as { value: string } | undefined;
    assert.match(contents?.value ?? '', /\*Also:\* LLM, LLMs/);

    const list = await client.completion(uri, { line: 4, character: 4 });
    assert.equal(list.items.some((item) => item.label === 'large-language-models'), false, 'already listed');
    assert.ok(list.items.every((item) => item.label !== 'alias-demo'), 'not itself');

    const other = entry(['title: Alias Demo Two', 'related:', '- llm'], ['Nothing mentioned.']);
    const otherUri = await client.open('alias-demo-two', other);
    await client.waitForDiagnostics(otherUri);
    const found = await client.completion(otherUri, { line: 3, character: 5 });
    const llm = found.items.find((item) => item.label === 'large-language-models');
    assert.ok(llm, `large-language-models among ${found.items.map((i) => i.label).join(', ')}`);
    assert.equal(llm.detail, 'Large Language Models (also LLM, LLMs)');
    assert.equal((llm.textEdit as TextEdit).newText, 'large-language-models');
    assert.match(llm.filterText ?? '', /LLM/);
  });

  test('related completion ranks first the entries the body names, in the order of the text', async () => {
    const text = entry(['title: Ranking Demo', 'related:', '- '], ['Built on an LLM, then on a neural network.']);
    const uri = await client.open('ranking-demo', text);
    await client.waitForDiagnostics(uri);
    const untyped = await client.completion(uri, { line: 3, character: 2 });
    assert.deepEqual(untyped.items.slice(0, 2).map((item) => item.label), ['large-language-models', 'neural-network']);
  });

  test('glossary/unlinkedMentionsOf: where other entries name this one without linking it', async () => {
    const locations = await client.request<Location[]>('glossary/unlinkedMentionsOf', { uri: client.uri('fine-tuning') });
    const brief = (location: Location) => [location.uri.slice(location.uri.lastIndexOf('/') + 1), location.range.start.line, location.range.start.character, location.range.end.character];
    assert.deepEqual(locations.map(brief).sort(), [
      ['in-context-learning.md', 37, 33, 44],
      ['prompt-engineering.md', 13, 592, 603],
      ['retrieval-augmented-generation.md', 62, 2, 13],
    ]);
    assert.deepEqual(await client.request<Location[]>('glossary/unlinkedMentionsOf', { uri: client.uri('no-such-entry') }), []);
  });

  test('duplicate-term: an alias that is another entry\'s title or alias, on both sides', async () => {
    const text = entry(['title: Duplicate Terms', 'aliases: [LLM, neural-network, Unique Name]'], ['Nothing mentioned.']);
    const uri = await client.open('duplicate-terms', text);
    const duplicates = (await client.waitForDiagnostics(uri)).filter((d) => d.code === 'duplicate-term');
    assert.deepEqual(duplicates.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character, d.message]), [
      [2, 10, 13, "'LLM' is also an alias of 'large-language-models'."],
      [2, 15, 29, "'neural-network' is also the title of 'neural-network'."],
    ]);
    const other = entry(['title: Unique Name'], ['Nothing mentioned.']);
    const otherUri = await client.open('unique-name', other);
    const reported = (await client.waitForDiagnostics(otherUri)).filter((d) => d.code === 'duplicate-term');
    assert.deepEqual(reported.map((d) => d.message), ["'Unique Name' is also an alias of 'duplicate-terms'."]);
  });
});

