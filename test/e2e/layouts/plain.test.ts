/// <reference types="mocha" />
/**
 * A Markdown workspace that is no glossary: opening a Markdown file activates the extension (it
 * cannot know before looking), which finds no glossary and starts no language server.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, sleep, waitFor, workspaceRoot } from '../suite/helpers';
import type { GlossaryExtensionApi } from '../../../client/src/extension';

suite('A Markdown workspace that is no glossary', () => {
  test('opening a note activates the extension, which starts no language server', async () => {
    const extension = vscode.extensions.getExtension<GlossaryExtensionApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    const memoryBefore = process.memoryUsage().rss;
    const started = performance.now();
    await vscode.window.showTextDocument(vscode.Uri.joinPath(workspaceRoot(), 'notes', 'note-1.md'));
    await waitFor('the extension to activate on a Markdown file', () => extension.isActive, { timeoutMs: 30_000 });
    const activated = performance.now() - started;
    // The detection searches the workspace; give it time to (wrongly) start a server.
    await sleep(3_000);
    const api = extension.exports;
    assert.equal(api.client, undefined, `a language server was started: ${api.startReason}`);
    assert.equal(api.startReason, undefined);
    // The idle cost, for the record (not asserted: it depends on the machine).
    const search = await waitFor('the search for a glossary to end', () => api.idle.searchMilliseconds, { timeoutMs: 30_000 });
    console.log(`    idle cost: activate() ${api.idle.activateMilliseconds} ms, the search for a glossary ${search} ms; activated ${activated.toFixed(0)} ms after the note opened; extension host RSS +${((process.memoryUsage().rss - memoryBefore) / 2 ** 20).toFixed(1)} MB (the host's, Markdown support included)`);
  });

  test('a glossary.config.json created later starts the server', async () => {
    const api = vscode.extensions.getExtension<GlossaryExtensionApi>(EXTENSION_ID)!.exports;
    const config = vscode.Uri.joinPath(workspaceRoot(), 'glossary.config.json');
    await vscode.workspace.fs.writeFile(config, new TextEncoder().encode('{ "include": ["notes/**/*.md"], "requiredFields": ["title"] }\n'));
    await waitFor('the language server to start', () => api.client, { timeoutMs: 30_000 });
    assert.match(api.startReason ?? '', /glossary\.config\.json created/);
    // The 50 notes are entries now.
    const entries = await api.indexed;
    assert.equal(entries, 50);
  });
});
