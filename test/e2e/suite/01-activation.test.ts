/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXAMPLE_ENTRIES, exampleSlugs, extensionApi, languageClient, within } from './helpers';

suite('Activation', () => {
  test('activates on the example glossary and indexes its 21 entries', async () => {
    // Recorded for whoever reads the log: which VS Code and which kind of workbench ran the suite.
    console.log(`    host: VS Code ${vscode.version}, uiKind ${vscode.UIKind[vscode.env.uiKind]}, remote ${vscode.env.remoteName ?? 'none'}, Node ${process.version}`);
    const api = await extensionApi();
    await languageClient();
    assert.match(api.startReason ?? '', /content\/glossary\/.*\.md/, 'the server was started for another reason than the glossary\'s entries');
    assert.ok(api.preview, 'activate() returned no preview');
    const entries = await within(api.indexed, 30_000, 'the first complete index (glossary/indexStatus ready)');
    assert.equal((await exampleSlugs()).length, EXAMPLE_ENTRIES, 'the workspace is not a copy of the example glossary');
    assert.equal(entries, EXAMPLE_ENTRIES);
    assert.ok(api.client?.isRunning(), 'the language client is not running');
  });

  test('contributes its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['glossary.openMermaidPreview', 'glossary.restartServer', 'glossary.showOutput']) {
      assert.ok(commands.includes(command), `${command} is not registered`);
    }
  });
});
