/// <reference types="mocha" />
/**
 * The extension's `browser` entry in the web-worker extension host, as on vscode.dev: the
 * language server runs in a web worker and reads the glossary through the client. Checked as a
 * user sees it: completion, diagnostics, hover and the preview work, and no Node language-server
 * process was started.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { codeOf, entryUri, hoverText, labelOf, queryWorkbench, unknownSlugNamed, waitFor, waitForDiagnostics } from '../suite/helpers';

/** Command lines of the processes running a Node build of the Glossary language server. */
function nodeServerProcesses(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let commandLine: string;
    try {
      commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    } catch {
      continue;
    }
    if (/glossary-author[^ ]*\/dist\/server\.js/.test(commandLine)) found.push(`${pid}: ${commandLine}`);
  }
  return found;
}

/** The Glossary Language Server's output panel as the workbench shows it, for a failure's message. */
async function serverOutput(): Promise<string> {
  await vscode.commands.executeCommand('glossary.showOutput');
  return (await queryWorkbench(`output-${Date.now()}`, 'text:.panel .view-lines')) ?? '(no runner to read the panel)';
}

suite('In the browser (web-worker extension host)', () => {
  teardown(async function () {
    if (this.currentTest?.state === 'failed') console.log(`    the language server's output:\n${await serverOutput()}`);
  });

  test('diagnostics arrive for an entry: the seed-like one, with its unknown slugs', async () => {
    const started = Date.now();
    const document = await vscode.workspace.openTextDocument(entryUri('foundation-model'));
    await vscode.window.showTextDocument(document);
    const diagnostics = await waitForDiagnostics(document.uri, 'the unknown slugs from the browser server', (all) => unknownSlugNamed(all, 'model-architecture').length === 1, 60_000);
    assert.ok(diagnostics.some((d) => codeOf(d) === 'unclosed-fence'));
    // Diagnostics wait for the complete index: this is how long reading the glossary through the client took (for the record).
    console.log(`    browser: first diagnostics ${Date.now() - started} ms after the suite started (the index of every entry, read through the client, comes first)`);
  });

  test('completion in related: offers the glossary\'s slugs, read through the client', async () => {
    const document = await vscode.workspace.openTextDocument(entryUri('machine-learning'));
    const editor = await vscode.window.showTextDocument(document);
    const line = document.getText().split('\n').findIndex((text) => text.trim() === 'related:') + 1;
    await editor.edit((edit) => edit.insert(new vscode.Position(line, 0), '- trans\n'));
    const list = await waitFor('completion with transformer', async () => {
      const answer = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(line, '- trans'.length));
      return answer.items.some((item) => labelOf(item) === 'transformer') ? answer : undefined;
    }, { timeoutMs: 30_000 });
    assert.ok(list.items.some((item) => labelOf(item) === 'transformer'));
    await vscode.commands.executeCommand('undo');
  });

  test('mermaid-syntax is checked in the language server\'s own thread', async () => {
    const document = await vscode.workspace.openTextDocument(entryUri('transformer'));
    const editor = await vscode.window.showTextDocument(document);
    const end = document.lineAt(document.lineCount - 1).range.end;
    await editor.edit((edit) => edit.insert(end, '\n\n```mermaid\nflowchart LR\n  A --> B[unclosed\n```\n'));
    const diagnostics = await waitForDiagnostics(document.uri, 'a mermaid-syntax error from the browser server', (all) => all.some((d) => codeOf(d) === 'mermaid-syntax'), 60_000);
    assert.equal(diagnostics.filter((d) => codeOf(d) === 'mermaid-syntax')[0].range.start.line, end.line + 4);
    await vscode.commands.executeCommand('undo');
  });

  test('hover on a related slug shows the entry', async () => {
    const document = await vscode.workspace.openTextDocument(entryUri('transformer'));
    const line = document.getText().split('\n').findIndex((text) => text.trim() === '- embeddings');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(line, 4));
    assert.match(hoverText(hovers), /Embeddings/);
  });

  test('the preview renders the diagrams of an entry', async function () {
    if ((await queryWorkbench('runner-present', 'body')) === undefined) this.skip();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(entryUri('transformer')));
    await vscode.commands.executeCommand('glossary.openMermaidPreview');
    await waitFor('two rendered diagrams in the preview webview', async () => Number(await queryWorkbench('preview-svgs', '.block-diagram > svg')) >= 2, { timeoutMs: 60_000 });
  });

  test('the whole glossary is indexed through the client (the example and 2,000 generated entries)', async () => {
    const files = (await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(entryUri('transformer'), '..'))).filter(([name]) => name.endsWith('.md')).length;
    const status = await waitFor('the status bar to count the entries', async () => /(\d+) entries/.exec((await queryWorkbench(`status-${Date.now()}`, 'text:.statusbar-item')) ?? '') ?? undefined, { timeoutMs: 60_000 });
    assert.equal(Number(status[1]), files);
  });

  test('no Node language-server process was started', () => {
    assert.deepEqual(nodeServerProcesses(), []);
  });
});
