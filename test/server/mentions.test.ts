import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CodeActionKind, DiagnosticSeverity, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver-protocol';
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
});
