import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DidOpenTextDocumentNotification, type SymbolInformation } from 'vscode-languageserver-protocol';
import { LspTestClient } from './lspClient';

/**
 * A workspace whose path has characters that URI encoders disagree on: VS Code (vscode-uri) sends
 * `c%2B%2B%20%40notes`, Node's pathToFileURL and several other clients send `c++%20@notes`.
 * Both name the same file.
 */
describe('a workspace path with +, @ and a space', () => {
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start({ workspacePrefix: 'c++ @notes-' });
  });
  after(async () => {
    await client?.dispose();
  });

  test('indexes every entry and checks a document opened with the URI VS Code sends', async () => {
    assert.deepEqual(client.indexStatuses.at(-1), { state: 'ready', entries: 21 });
    assert.match(client.uri('fine-tuning'), /c%2B%2B%20%40notes-/);
    const uri = await client.open('fine-tuning');
    assert.deepEqual(await client.waitForDiagnostics(uri), []);
  });

  // Once a todo: URIs were compared as raw strings, and the entry reported a duplicate-title of itself.
  test('a document opened with an equivalent URI encoding is the same entry, not a second one', async () => {
    const uri = pathToFileURL(client.path('transfer-learning')).href;
    assert.notEqual(uri, client.uri('transfer-learning'));
    assert.match(uri, /c\+\+%20@notes-/);
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'markdown', version: 1, text: client.readText('transfer-learning') },
    });
    assert.deepEqual(await client.waitForDiagnostics(uri), []);
    // One entry in the index, under the canonical spelling.
    const symbols = (await client.workspaceSymbols('transfer-learning')) as SymbolInformation[];
    assert.deepEqual(symbols.filter((s) => s.name === 'Transfer Learning').map((s) => s.location.uri), [client.uri('transfer-learning')]);
  });
});
