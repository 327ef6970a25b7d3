import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { CompletionItemKind, DiagnosticSeverity, MarkupKind, type CodeAction, type MarkupContent } from 'vscode-languageserver-protocol';
import { lineOf, LspTestClient, rangeOf } from './lspClient';

/** The SVG inside a Markdown image with a base64 `data:` URI. */
function svgOf(markdown: string): string {
  const match = /!\[[\w-]*\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/.exec(markdown);
  assert.ok(match, `no data:image/svg+xml image in ${markdown.slice(0, 120)}`);
  return Buffer.from(match[1], 'base64').toString('utf8');
}

describe('logoIcon: Lucide icons through the server', () => {
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client?.dispose();
  });

  test("completion on `logoIcon: 'i-lucide-lay|'`: i-lucide-layers first, replacing just the typed part", async () => {
    const text = client.readText('fine-tuning');
    const uri = await client.open('fine-tuning');
    const line = lineOf(text, "logoIcon: 'i-lucide-sliders-horizontal'");
    await client.replace(uri, rangeOf(text, line, 'i-lucide-sliders-horizontal'), 'i-lucide-lay');
    const list = await client.completion(uri, { line, character: "logoIcon: 'i-lucide-lay".length });

    assert.equal(list.isIncomplete, false);
    const [first] = list.items;
    assert.equal(first.label, 'i-lucide-layers');
    assert.equal(first.kind, CompletionItemKind.Constant);
    assert.deepEqual(first.textEdit, { range: { start: { line, character: 11 }, end: { line, character: 23 } }, newText: 'i-lucide-layers' });
    assert.ok(list.items.every((item) => String(item.label).startsWith('i-lucide-')));
    const documentation = first.documentation as MarkupContent;
    assert.equal(documentation.kind, MarkupKind.Markdown);
    assert.match(svgOf(documentation.value), /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 24 24" width="48" height="48"/);
    await client.close(uri);
  });

  test('a misspelt icon gets unknown-icon with suggestions, and quick fixes that apply them', async () => {
    const text = client.readText('transformer');
    const uri = await client.open('transformer');
    const line = lineOf(text, "logoIcon: 'i-lucide-zap'");
    await client.waitForDiagnostics(uri, (d) => d.every((x) => x.code !== 'unknown-icon'));
    await client.replace(uri, rangeOf(text, line, 'i-lucide-zap'), 'i-lucide-layres');

    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'unknown-icon'));
    const icon = diagnostics.filter((d) => d.code === 'unknown-icon');
    assert.equal(icon.length, 1);
    assert.deepEqual(icon[0].range, { start: { line, character: 11 }, end: { line, character: 26 } });
    assert.equal(icon[0].severity, DiagnosticSeverity.Warning);
    assert.match(icon[0].message as string, /^No Lucide icon is named 'layres'\. Did you mean 'i-lucide-layers'/);
    const suggestions = (icon[0].data as { suggestions: string[] }).suggestions;
    assert.equal(suggestions[0], 'i-lucide-layers');

    const actions = (await client.codeActions(uri, icon[0].range, icon)) as CodeAction[];
    const change = actions.find((action) => action.title === "Change to 'i-lucide-layers'");
    assert.ok(change, actions.map((a) => a.title).join(', '));
    assert.equal(change.kind, 'quickfix');
    await client.close(uri);
  });

  test('hover on a logoIcon value shows the rendered icon as a data:image/svg+xml image', async () => {
    const text = client.readText('hallucination');
    const uri = await client.open('hallucination');
    const line = lineOf(text, "logoIcon: 'i-lucide-triangle-alert'");
    const hover = await client.hover(uri, { line, character: 20 });
    assert.ok(hover);
    const value = (hover.contents as MarkupContent).value;
    const svg = svgOf(value);
    assert.ok(svg.includes('stroke="#888"') && !svg.includes('currentColor'), svg);
    assert.ok(value.includes('`i-lucide-triangle-alert` · Lucide'), value);
    assert.deepEqual(hover.range, rangeOf(text, line, 'i-lucide-triangle-alert'));
    await client.close(uri);
  });

  test('every entry of the example glossary names a valid icon', async () => {
    const slugs = readdirSync(client.path('content/glossary')).map((name) => name.replace(/\.md$/, ''));
    assert.equal(slugs.length, 21);
    for (const slug of slugs) {
      const uri = await client.open(slug);
      const diagnostics = await client.waitForDiagnostics(uri);
      assert.deepEqual(diagnostics.filter((d) => d.code === 'unknown-icon'), [], slug);
      await client.close(uri);
    }
  });
});
