/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RenderReport } from '../../../client/src/preview/mermaidPreviewPanel';
import { extensionApi, glossaryDiagnostics, openEntry, queryWorkbench, requestScreenshot, resetEditors, waitFor, waitForDiagnostics, withCode, within, codeOf, describeDiagnostics } from './helpers';

const PREVIEW_VIEW_TYPE = 'glossary.mermaidPreview';

function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(PREVIEW_VIEW_TYPE));
}

/** Waits for the webview to report (through its message channel) a render of `uri` that `accept` takes. */
async function waitForRender(uri: vscode.Uri, what: string, accept: (report: RenderReport) => boolean, timeoutMs = 30_000): Promise<RenderReport> {
  const { preview } = await extensionApi();
  const matches = (report: RenderReport | undefined) => report !== undefined && report.documentUri === uri.toString() && accept(report);
  return waitFor(what, () => (matches(preview.lastReport) ? preview.lastReport : undefined), {
    timeoutMs,
    detail: () => (preview.lastReport ? JSON.stringify(preview.lastReport) : 'no render reported yet (is the preview open, and did its script load?)'),
  });
}

suite('Mermaid preview', () => {
  suiteSetup(async () => {
    await within((await extensionApi()).indexed, 30_000, 'the first complete index');
  });
  suiteTeardown(resetEditors);

  test('glossary.openMermaidPreview opens a webview that renders both diagrams of transformer.md', async () => {
    await resetEditors();
    const { preview } = await extensionApi();
    const document = await openEntry('transformer');
    const reports: RenderReport[] = [];
    const listener = preview.onDidRender((report) => reports.push(report));
    try {
      await vscode.commands.executeCommand('glossary.openMermaidPreview');
      const report = await waitForRender(document.uri, 'a render report of transformer.md with 2 diagrams', (r) => r.total === 2 && r.rendered.length + r.errors.length === 2);
      assert.deepEqual(report.rendered, [0, 1]);
      assert.deepEqual(report.errors, []);
      assert.ok(reports.length > 0, 'onDidRender never fired');
      assert.ok(preview.isOpen);
      assert.equal(previewTabs().length, 1, 'no (or more than one) preview tab');
      assert.equal(previewTabs()[0].label, 'Mermaid: transformer.md');
    } finally {
      listener.dispose();
    }
  });

  test('the preview follows edits: a broken third diagram is reported as an error, undo restores it', async () => {
    const document = await openEntry('transformer');
    if (!(await extensionApi()).preview.isOpen) await vscode.commands.executeCommand('glossary.openMermaidPreview');
    await waitForRender(document.uri, 'the initial render', (r) => r.total === 2 && r.rendered.length === 2);
    const end = document.lineAt(document.lineCount - 1).range.end;
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, end, '\n\n```mermaid\ngraph TD\nA[Start] --> --> B(\n```\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const broken = await waitForRender(document.uri, 'a render of 3 diagrams with one error', (r) => r.total === 3 && r.errors.length === 1);
    // `rendered` lists the diagrams (re)rendered by that pass: the unchanged two may come from its cache.
    assert.ok(broken.rendered.includes(2), `the new diagram was not rendered: ${JSON.stringify(broken)}`);
    assert.equal(broken.errors[0].index, 2);
    // The Problems panel gets the error once, from the language server's check (in the bundled
    // Mermaid worker of the installed extension); the preview shows it in place and publishes nothing.
    const mermaidErrors = await waitFor('a mermaid-syntax diagnostic from the language server', () => {
      const found = vscode.languages.getDiagnostics(document.uri).filter((d) => codeOf(d) === 'mermaid-syntax');
      return found.length > 0 ? found : undefined;
    });
    assert.equal(mermaidErrors.length, 1, `the error is shown more than once: ${describeDiagnostics(document.uri)}`);
    assert.equal(mermaidErrors[0].source, 'glossary');
    assert.ok(mermaidErrors[0].range.start.line >= end.line, 'the error does not point into the new diagram');

    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    await waitForRender(document.uri, 'a render of the 2 original diagrams after undo', (r) => r.total === 2 && r.errors.length === 0);
  });

  test('screenshot: the workbench with the preview open and the Problems panel showing glossary diagnostics', async () => {
    await resetEditors();
    const broken = await openEntry('foundation-model');
    const tokenization = await openEntry('tokenization');
    const document = await vscode.window.showTextDocument(await openEntry('transformer', false), { viewColumn: vscode.ViewColumn.One, preview: false });
    await vscode.commands.executeCommand('glossary.openMermaidPreview');
    await waitForRender(document.document.uri, 'the render of transformer.md', (r) => r.total === 2 && r.rendered.length === 2);
    await waitForDiagnostics(broken.uri, 'foundation-model diagnostics', (all) => withCode(all, 'unknown-slug').length > 0);
    await waitForDiagnostics(tokenization.uri, 'tokenization diagnostics', (all) => all.length > 0);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    // The empty secondary side bar would only take room from the preview in the picture.
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    assert.ok(glossaryDiagnostics(broken.uri).length > 0);
    const path = await requestScreenshot('workbench');
    if (path) console.log(`    screenshot: ${path}`);
  });

  test('VS Code\'s own Markdown preview draws the entry\'s diagrams (markdown.markdownItPlugins and markdown.previewScripts)', async () => {
    await resetEditors();
    const document = await openEntry('transformer');
    const fences = document.getText().split('\n').filter((line) => line.trim() === '```mermaid').length;
    assert.equal(fences, 2);
    // The markdown extension activated ours and runs its plugin: Mermaid fences become containers.
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', document.getText());
    assert.equal(html.match(/<div [^>]*class="[^"]*\bglossary-mermaid\b/g)?.length ?? 0, fences, html.slice(0, 2000));
    await vscode.commands.executeCommand('markdown.showPreview', document.uri);
    if ((await queryWorkbench('runner-present', 'body')) === undefined) return; // the desktop host has no runner to look into the webview
    const drawn = await waitFor('the built-in preview to draw both diagrams', async () => {
      const svgs = Number(await queryWorkbench(`markdown-preview-svgs-${Date.now()}`, '.glossary-mermaid > svg'));
      return svgs >= fences ? svgs : undefined;
    }, { timeoutMs: 60_000 });
    assert.equal(drawn, fences);
    assert.equal(await queryWorkbench('markdown-preview-errors', '.glossary-mermaid-error'), '0');
  });
});
