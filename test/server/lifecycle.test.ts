import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CodeActionKind, FileOperationPatternKind, TextDocumentSyncKind } from 'vscode-languageserver-protocol';
import { LspTestClient, REPO_ROOT, SERVER_PATH } from './lspClient';

const packageVersion = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

test('--version prints the package version and exits', () => {
  const result = spawnSync(process.execPath, [SERVER_PATH, '--version'], { encoding: 'utf8', timeout: 5_000 });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, `glossary-language-server ${packageVersion}\n`);
  assert.equal(result.stderr, '');
});

describe('server lifecycle', () => {
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client?.dispose();
  });

  test('initialize returns every provider the server implements', () => {
    const result = client.initializeResult!;
    assert.deepEqual(result.capabilities, {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      // `/` triggers slug completion after the link prefix of a body link: `[x](/glossary/|`.
      completionProvider: { triggerCharacters: ['-', ' ', '[', ',', '/'], resolveProvider: false },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      codeLensProvider: { resolveProvider: false },
      documentLinkProvider: { resolveProvider: false },
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      renameProvider: { prepareProvider: true },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, 'source.fixAll.glossary'], resolveProvider: false },
      workspace: {
        workspaceFolders: { supported: true, changeNotifications: true },
        fileOperations: { willRename: { filters: [{ scheme: 'file', pattern: { glob: '**/*.md', matches: FileOperationPatternKind.file } }] } },
      },
    });
    assert.deepEqual(result.serverInfo, { name: 'glossary-language-server', version: packageVersion });
  });

  test('indexes the 21 example entries, then reports ready', () => {
    const statuses = client.indexStatuses;
    assert.deepEqual(statuses[0], { state: 'indexing', entries: 0 });
    assert.deepEqual(statuses.at(-1), { state: 'ready', entries: 21 });
    assert.equal(statuses.filter((s) => s.state === 'ready').length, 1, 'exactly one ready notification');
    for (const status of statuses.slice(1, -1)) {
      assert.equal(status.state, 'indexing');
      assert.equal(status.total, 21);
    }
    assert.ok(client.logs.some((line) => /Indexed 21 of 21 glossary files in \d+ ms \(heap \d+ MB, process \d+ MB\)\./.test(line)), client.failure('no index log line'));
  });

  test('registers a file watcher when the client supports dynamic registration', () => {
    assert.deepEqual(client.registrations.map((r) => r.method), ['workspace/didChangeWatchedFiles']);
    const { watchers } = client.registrations[0].registerOptions as { watchers: { globPattern: unknown; kind?: number }[] };
    // Every Markdown file, with every kind of event (no `kind` means create, change and delete).
    assert.deepEqual(watchers[0], { globPattern: '**/*.md' });
    assert.deepEqual(client.unexpectedRequests, []);
  });

  test('shutdown + exit ends the process with code 0 and nothing on stderr', async () => {
    const code = await client.shutdown();
    assert.equal(code, 0, client.failure('exit code'));
    assert.equal(client.stderr, '');
    assert.ok(!client.logs.some((line) => /failed|Uncaught|Unhandled/.test(line)), client.failure('the server logged an error'));
  });
});
