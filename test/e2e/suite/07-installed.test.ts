/// <reference types="mocha" />
/**
 * What only the packaged extension can get wrong: its runtime files (the icon set, the Mermaid
 * worker) are inside the VSIX, and its manifest puts the preview button on glossary entries only.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, describeDiagnostics, entryUri, EXTENSION_ID, extensionApi, glossaryDiagnostics, hoverText, openEntry, queryWorkbench, resetEditors, waitFor, waitForDiagnostics, within } from './helpers';

const PREVIEW_BUTTON = '.editor-actions [aria-label^="Open Mermaid Preview"]';

suite('The installed extension', () => {
  suiteSetup(async () => {
    await within((await extensionApi()).indexed, 30_000, 'the first complete index');
  });
  teardown(resetEditors);

  test('logoIcon: hover shows the Lucide icon, a misspelt icon is reported with the nearest names', async () => {
    const document = await openEntry('fine-tuning');
    const line = document.getText().split('\n').findIndex((text) => text.startsWith('logoIcon:'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(line, 'logoIcon: \'i-lucide-sl'.length));
    assert.match(hoverText(hovers), /data:image\/svg\+xml;base64,/, `no icon in the hover: ${hoverText(hovers).slice(0, 200)}`);

    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, document.lineAt(line).range, "logoIcon: 'i-lucide-sliders-horizontl'");
    assert.ok(await vscode.workspace.applyEdit(edit));
    const diagnostics = await waitForDiagnostics(document.uri, 'an unknown-icon warning', (all) => all.some((d) => codeOf(d) === 'unknown-icon'));
    const icon = diagnostics.find((d) => codeOf(d) === 'unknown-icon')!;
    assert.match(icon.message, /i-lucide-sliders-horizontal/);
    // The code links to its explanation in the reference of all codes.
    assert.ok(typeof icon.code === 'object' && icon.code.target.toString().endsWith('docs/diagnostics.md#unknown-icon'), JSON.stringify(icon.code));
  });

  test('mermaid-syntax comes from the bundled Mermaid worker, without the preview open', async () => {
    const document = await openEntry('transformer');
    assert.equal((await extensionApi()).preview.isOpen, false);
    const edit = new vscode.WorkspaceEdit();
    const end = document.lineAt(document.lineCount - 1).range.end;
    edit.insert(document.uri, end, '\n\n```mermaid\nflowchart LR\n  A --> B[unclosed\n```\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const diagnostics = await waitForDiagnostics(document.uri, 'a mermaid-syntax error', (all) => all.some((d) => codeOf(d) === 'mermaid-syntax'), 30_000);
    const error = diagnostics.filter((d) => codeOf(d) === 'mermaid-syntax');
    assert.equal(error.length, 1, describeDiagnostics(document.uri));
    assert.equal(error[0].range.start.line, end.line + 4);
    assert.match(error[0].message, /^Mermaid syntax error/);
  });

  test('the preview button shows on a glossary entry, not on another Markdown file', async function () {
    // Only the offline runner can look at the workbench's page; desktop runs have nobody to ask.
    if ((await queryWorkbench('runner-present', 'body')) === undefined) this.skip();
    await openEntry('transformer');
    await waitFor('the preview button on an entry', async () => (await queryWorkbench('button-on-entry', PREVIEW_BUTTON)) === '1', { timeoutMs: 15_000 });
    const readme = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(entryUri('transformer'), '..', '..', '..', 'README.md'));
    await vscode.window.showTextDocument(readme, { preview: false });
    await waitFor('no preview button on README.md', async () => (await queryWorkbench('button-on-readme', PREVIEW_BUTTON)) === '0', { timeoutMs: 15_000 });
    assert.equal(glossaryDiagnostics(readme.uri).length, 0, 'README.md is no entry and gets no glossary diagnostics');
  });

  test('Glossary: Check Whole Glossary puts the findings of entries that are not open in the Problems panel', async () => {
    await resetEditors();
    // No test opens gradient-descent.md: its findings can only come from the whole-glossary check.
    const closed = entryUri('gradient-descent');
    assert.equal(glossaryDiagnostics(closed).length, 0, 'gradient-descent.md has findings before the check');
    const result = await vscode.commands.executeCommand<{ entries: number; findings: number; cancelled: boolean }>('glossary.checkWholeGlossary');
    assert.equal(result.entries, 21);
    assert.equal(result.cancelled, false);
    const diagnostics = await waitForDiagnostics(closed, 'the findings of a closed entry', (all) => all.some((d) => codeOf(d) === 'self-related'));
    assert.ok(diagnostics.some((d) => codeOf(d) === 'required-field-missing'));
    // Information stays out unless asked for (its description-length finding).
    assert.ok(!diagnostics.some((d) => codeOf(d) === 'description-length'));
    // Hints stay out unless asked for: rlhf.md has only a one-way relation.
    assert.equal(glossaryDiagnostics(entryUri('rlhf')).length, 0);
  });

  test('every file the manifest names is inside the installed extension', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const manifest = extension.packageJSON as {
      main: string; icon: string;
      contributes: { grammars: { path: string }[]; snippets: { path: string }[]; jsonValidation: { url: string }[]; languages: { configuration?: string }[]; walkthroughs: { steps: { media: { markdown?: string } }[] }[] };
    };
    const named = [
      manifest.main, manifest.icon,
      ...manifest.contributes.grammars.map((grammar) => grammar.path),
      ...manifest.contributes.snippets.map((snippet) => snippet.path),
      ...manifest.contributes.jsonValidation.map((validation) => validation.url),
      ...manifest.contributes.languages.flatMap((language) => (language.configuration ? [language.configuration] : [])),
      ...manifest.contributes.walkthroughs.flatMap((walkthrough) => walkthrough.steps.flatMap((step) => (step.media.markdown ? [step.media.markdown] : []))),
      // What the extension loads at run time besides its main bundle.
      'dist/server.js', 'dist/analysisWorker.js', 'dist/mermaidWorker.js', 'dist/webview/preview.js', 'dist/webview/preview-style.css', 'dist/webview/markdown-preview.js', 'dist/webview/markdown-preview-style.css', 'dist/webview/overview.js', 'dist/webview/overview-style.css', 'docs/diagnostics.md',
    ];
    const missing: string[] = [];
    for (const path of named) {
      try {
        await vscode.workspace.fs.stat(vscode.Uri.joinPath(extension.extensionUri, path));
      } catch {
        missing.push(path);
      }
    }
    assert.deepEqual(missing, []);
  });

  test('the preview comes back after a window reload: its serializer shows the document it showed', async () => {
    const { preview } = await extensionApi();
    // What VS Code hands the serializer on reload: a panel of the preview's type, and the state the webview saved.
    const panel = vscode.window.createWebviewPanel('glossary.mermaidPreview', 'Mermaid Preview', vscode.ViewColumn.Beside, { enableScripts: true });
    const rendered = new Promise<{ total: number; rendered: number[] }>((resolve) => {
      const listener = preview.onDidRender((report) => {
        if (report.documentUri !== entryUri('transformer').toString()) return;
        listener.dispose();
        resolve(report);
      });
    });
    await preview.serializer().deserializeWebviewPanel(panel, { documentUri: entryUri('transformer').toString() });
    const report = await within(rendered, 30_000, 'the restored preview to render transformer.md');
    assert.equal(report.total, 2);
    assert.equal(panel.title, 'Mermaid: transformer.md');
    panel.dispose();
  });
});
