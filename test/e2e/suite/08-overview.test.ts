/// <reference types="mocha" />
/**
 * "Glossary: Show Overview" in the real host: the webview shows the example glossary's figures
 * (as the server computes them), a click opens the entry at the place, a URI the overview did not
 * list is refused, and saving an edit that breaks a reference refreshes the figures.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GlossaryStats } from '../../../server/src/core/features/stats';
import { EXAMPLE_ENTRIES, entryUri, extensionApi, queryWorkbench, resetEditors, waitFor, within } from './helpers';

const brokenCount = (stats: GlossaryStats) => stats.broken.reduce((sum, kind) => sum + kind.references.length, 0);

suite('Glossary overview', () => {
  suiteSetup(async () => {
    await within((await extensionApi()).indexed, 30_000, 'the first complete index');
  });
  suiteTeardown(resetEditors);

  test('the overview shows the glossary\'s figures; a click opens the entry there, a foreign URI is refused', async () => {
    await resetEditors();
    const { overview } = await extensionApi();
    await vscode.commands.executeCommand('glossary.showOverview');
    const stats = await waitFor('the overview to be sent the figures', () => (typeof overview.lastSent === 'object' ? overview.lastSent : undefined), { timeoutMs: 30_000 });
    assert.equal(stats.entries, EXAMPLE_ENTRIES);
    assert.ok(stats.oneWayRelations.length > 0 && brokenCount(stats) > 0, 'the example glossary has one-way relations and broken references');
    const shown = await queryWorkbench('overview-entries', 'text:.overview-entries');
    if (shown !== undefined) assert.equal(shown.trim(), `${EXAMPLE_ENTRIES} entries`);

    const target = stats.oneWayRelations[0];
    overview.receive({ type: 'open', uri: target.entry.uri, line: target.range.start.line, character: target.range.start.character });
    const editor = await waitFor('the entry to open', () => (vscode.window.activeTextEditor?.document.uri.toString() === vscode.Uri.parse(target.entry.uri).toString() ? vscode.window.activeTextEditor : undefined));
    assert.equal(editor.selection.active.line, target.range.start.line);

    overview.receive({ type: 'open', uri: vscode.Uri.joinPath(entryUri('transformer'), '..', '..', '..', 'outside.md').toString(), line: 0, character: 0 });
    overview.receive({ type: 'open', uri: 'command:workbench.action.quit', line: 0, character: 0 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), vscode.Uri.parse(target.entry.uri).toString());
  });

  test('saving an edit that adds a broken reference refreshes the figures', async () => {
    const { overview } = await extensionApi();
    if (!overview.isOpen) await vscode.commands.executeCommand('glossary.showOverview');
    const before = await waitFor('the figures', () => (typeof overview.lastSent === 'object' ? overview.lastSent : undefined));
    const document = await vscode.workspace.openTextDocument(entryUri('transformer'));
    const end = new vscode.Position(document.lineCount, 0);
    const added = '\nSee [a missing page](/glossary/no-such-entry-here).\n';
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, end, added);
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      assert.ok(await document.save());
      const after = await waitFor('the refreshed figures', () => (typeof overview.lastSent === 'object' && brokenCount(overview.lastSent) === brokenCount(before) + 1 ? overview.lastSent : undefined), { timeoutMs: 20_000 });
      assert.ok(after.broken.find((kind) => kind.kind === 'unknown-link')!.references.some((r) => r.target === 'no-such-entry-here'));
    } finally {
      const restore = new vscode.WorkspaceEdit();
      restore.delete(document.uri, new vscode.Range(end, document.positionAt(document.offsetAt(end) + added.length)));
      await vscode.workspace.applyEdit(restore);
      await document.save();
    }
  });
});
