/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { EXTENSION_ID, extensionApi, glossaryDiagnostics, hoverText, openEntry, resetEditors, unknownSlugNamed, waitFor, waitForDiagnostics, within, languageClient } from './helpers';

function serverPid(client: unknown): number | undefined {
  const typed = client as { serverProcess?: { pid?: number }; _serverProcess?: { pid?: number } };
  return (typed.serverProcess ?? typed._serverProcess)?.pid;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const hasUnknownSlugs = (all: vscode.Diagnostic[]) => unknownSlugNamed(all, 'model-architecture').length === 1 && unknownSlugNamed(all, 'zero-shot-learning').length === 1;

suite('Language server lifecycle', () => {
  suiteSetup(async () => {
    await within((await extensionApi()).indexed, 30_000, 'the first complete index');
  });
  teardown(resetEditors);

  /** Runs `stop` on the server and checks that a new server process brings the diagnostics back. */
  async function expectRestart(stop: (pid: number) => Promise<void> | void): Promise<void> {
    const client = await languageClient();
    const document = await openEntry('foundation-model');
    await waitForDiagnostics(document.uri, 'the unknown slugs', hasUnknownSlugs);
    const pid = await waitFor('the language server process', () => serverPid(client));
    let cleared = false;
    const watcher = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((uri) => uri.toString() === document.uri.toString()) && glossaryDiagnostics(document.uri).length === 0) cleared = true;
    });
    try {
      await stop(pid);
      await waitFor(`server process ${pid} to end`, () => !isAlive(pid));
      const newPid = await waitFor('a new language server process', () => {
        const current = serverPid(client);
        return current !== undefined && current !== pid && client.isRunning() ? current : undefined;
      }, { timeoutMs: 30_000 });
      assert.ok(isAlive(newPid));
      await waitForDiagnostics(document.uri, 'the diagnostics to come back from the new server', hasUnknownSlugs, 30_000);
      assert.ok(cleared, 'the old server\'s diagnostics were never cleared, so "coming back" proves nothing');
    } finally {
      watcher.dispose();
    }
    // The new server answers requests too.
    const line = document.getText().split('\n').findIndex((l) => l.trim() === '- fine-tuning');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(line, 4));
    assert.match(hoverText(hovers), /Fine-Tuning/);
  }

  test('the language server runs with the Node flags and environment package.json names (glossaryServer)', async () => {
    const launch = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { glossaryServer: { execArgv: string[]; env: Record<string, string> } }).glossaryServer;
    assert.ok(launch.execArgv.length > 0 && Object.keys(launch.env).length > 0, 'package.json names flags and an environment to check');
    const pid = await waitFor('the language server process', async () => serverPid(await languageClient()));
    // Linux, where the host runs: the process's own command line and environment.
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const environment = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    for (const flag of launch.execArgv) assert.ok(commandLine.includes(flag), `${flag} in ${commandLine.join(' ')}`);
    for (const [name, value] of Object.entries(launch.env)) assert.ok(environment.includes(`${name}=${value}`), `${name}=${value} in the server's environment`);
  });

  test('a killed language server is restarted by the client and its diagnostics come back', async () => {
    await expectRestart((pid) => {
      process.kill(pid, 'SIGKILL');
    });
  });

  test('glossary.restartServer restarts the server and its diagnostics come back', async () => {
    await expectRestart(async () => {
      await vscode.commands.executeCommand('glossary.restartServer');
    });
  });
});
