/// <reference types="mocha" />
/**
 * examples/hugo-glossary opened alone: entries under content/terms/ (not content/glossary/), found
 * through its glossary.config.json. The extension must activate and check them with no help.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, describeDiagnostics, extensionApi, languageClient, waitForDiagnostics, within, workspaceRoot } from '../suite/helpers';

suite('A Hugo glossary opened alone', () => {
  test('the extension activates on glossary.config.json and indexes content/terms', async () => {
    const api = await extensionApi();
    await languageClient();
    assert.match(api.startReason ?? '', /glossary\.config\.json/);
    // 6 terms; _index.md is excluded by the configuration.
    assert.equal(await within(api.indexed, 30_000, 'the first complete index'), 6);
  });

  test('an entry gets its diagnostics (a related slug that names no term)', async () => {
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'content', 'terms', '06-batch-norm.md');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const diagnostics = await waitForDiagnostics(uri, 'the unknown slug layer-norm', (all) => all.some((d) => codeOf(d) === 'unknown-slug'));
    const unknown = diagnostics.filter((d) => codeOf(d) === 'unknown-slug');
    assert.equal(unknown.length, 1, describeDiagnostics(uri));
    assert.match(unknown[0].message, /'layer-norm'/);
  });

  test('the body link to another term resolves: hover names it', async () => {
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'content', 'terms', '06-batch-norm.md');
    const document = await vscode.workspace.openTextDocument(uri);
    const offset = document.getText().indexOf('/terms/dropout/') + '/terms/dr'.length;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, document.positionAt(offset));
    const text = hovers.flatMap((hover) => hover.contents).map((content) => (typeof content === 'string' ? content : content.value)).join('\n');
    assert.match(text, /Dropout/);
  });
});
