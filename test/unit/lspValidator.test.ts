import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Message, RequestMessage, ResponseMessage } from 'vscode-jsonrpc';
import { ProtocolCheck } from '../server/lspClient';
import { checkResponse, checkServerMessage, type Violation } from '../server/lspValidator';

const URI = 'file:///ws/content/glossary/transformer.md';
const position = (line: number, character: number) => ({ line, character });
const range = (line: number, from: number, to: number, endLine = line) => ({ start: position(line, from), end: position(endLine, to) });
const at = { textDocument: { uri: URI }, position: position(7, 5) };

/** The violations of a result, as `path: problem` lines. */
function resultProblems(method: string, result: unknown, params: unknown = at): string[] {
  return checkResponse(method, params, { result }).map((v) => `${v.path}: ${v.problem}`);
}

/** Asserts exactly one violation, at `path`, whose problem matches `problem`. */
function assertOne(violations: string[] | Violation[], path: string, problem: RegExp): void {
  const lines = violations.map((v) => (typeof v === 'string' ? v : `${v.path}: ${v.problem}`));
  assert.equal(lines.length, 1, `expected one violation at ${path}, got:\n${lines.join('\n')}`);
  assert.ok(lines[0].startsWith(`${path}: `), `expected the violation at ${path}, got ${lines[0]}`);
  assert.match(lines[0].slice(path.length + 2), problem);
}

const textDocumentEdit = (version: unknown) => ({ textDocument: { uri: URI, version }, edits: [{ range: range(7, 2, 13), newText: 'transformer-model' }] });

describe('LSP 3.17 validator: accepts what the types allow', () => {
  test('a WorkspaceEdit with versioned and unversioned document edits and every file operation', () => {
    const edit = {
      documentChanges: [
        textDocumentEdit(null),
        textDocumentEdit(4),
        { kind: 'create', uri: 'file:///ws/new.md', options: { overwrite: false, ignoreIfExists: true } },
        { kind: 'rename', oldUri: URI, newUri: 'file:///ws/content/glossary/transformer-model.md', options: { overwrite: false, ignoreIfExists: false } },
        { kind: 'delete', uri: 'file:///ws/old.md', options: { recursive: false, ignoreIfNotExists: true } },
      ],
    };
    assert.deepEqual(resultProblems('textDocument/rename', edit), []);
    assert.deepEqual(resultProblems('workspace/willRenameFiles', { changes: { [URI]: [{ range: range(1, 0, 4), newText: 'x' }] } }, { files: [] }), []);
    assert.deepEqual(resultProblems('textDocument/rename', null), []);
  });

  test('completion lists and arrays, hover, symbols, code actions, prepareRename forms, errors', () => {
    const item = { label: 'transformer', kind: 18, sortText: '000001', textEdit: { range: range(7, 2, 5), newText: 'transformer' }, documentation: { kind: 'markdown', value: '**Transformer**' } };
    assert.deepEqual(resultProblems('textDocument/completion', { isIncomplete: false, items: [item] }), []);
    assert.deepEqual(resultProblems('textDocument/completion', [item]), []);
    assert.deepEqual(resultProblems('textDocument/hover', { contents: { kind: 'markdown', value: '**Transformer**' }, range: range(7, 2, 13) }), []);
    const symbol = { name: 'Frontmatter', kind: 3, range: range(0, 0, 3, 9), selectionRange: range(0, 0, 3), children: [{ name: 'title', kind: 7, range: range(1, 0, 18), selectionRange: range(1, 0, 5) }] };
    assert.deepEqual(resultProblems('textDocument/documentSymbol', [symbol]), []);
    assert.deepEqual(resultProblems('textDocument/documentSymbol', [{ name: 'x', kind: 17, location: { uri: URI, range: range(0, 0, 0) } }]), []);
    assert.deepEqual(resultProblems('workspace/symbol', [{ name: 'Transformer', kind: 17, location: { uri: URI } }]), []);
    const command = { title: '3 entries point here', command: 'glossary.showReferences', arguments: [URI, position(1, 0), []] };
    assert.deepEqual(resultProblems('textDocument/codeAction', [command, { title: 'Fix', kind: 'quickfix', isPreferred: true, edit: { documentChanges: [textDocumentEdit(2)] } }]), []);
    assert.deepEqual(resultProblems('textDocument/codeLens', [{ range: range(1, 0, 18), command }]), []);
    for (const answer of [range(7, 2, 13), { range: range(7, 2, 13), placeholder: 'transformer' }, { defaultBehavior: true }, null]) {
      assert.deepEqual(resultProblems('textDocument/prepareRename', answer), [], JSON.stringify(answer));
    }
    assert.deepEqual(checkResponse('textDocument/rename', at, { error: { code: -32600, message: 'An entry named x already exists.' } }), []);
  });

  test('what the server sends on its own: diagnostics, log, progress, registrations', () => {
    const diagnostic = { range: range(7, 2, 11), severity: 2, code: 'unknown-slug', codeDescription: { href: 'https://example.com/codes#unknown-slug' }, source: 'glossary', message: 'No entry', tags: [1], data: { suggestions: ['embeddings'] } };
    assert.deepEqual(checkServerMessage('textDocument/publishDiagnostics', { uri: URI, version: 3, diagnostics: [diagnostic] }), []);
    assert.deepEqual(checkServerMessage('window/logMessage', { type: 4, message: 'Indexed 21 files' }), []);
    assert.deepEqual(checkServerMessage('$/progress', { token: 'index', value: { kind: 'begin', title: 'Indexing', percentage: 0 } }), []);
    assert.deepEqual(checkServerMessage('client/registerCapability', { registrations: [{ id: '1', method: 'workspace/didChangeWatchedFiles', registerOptions: { watchers: [{ globPattern: '**/*.md', kind: 7 }, { globPattern: { baseUri: 'file:///ws', pattern: '**/*.md' } }] } }] }), []);
    assert.deepEqual(checkServerMessage('glossary/indexStatus', { state: 'ready' }), [], "the server's own methods have no LSP type to break");
  });
});

describe('LSP 3.17 validator: rejects known-bad shapes', () => {
  test('a TextDocumentEdit without a version, or with one that is not an integer or null', () => {
    assertOne(resultProblems('textDocument/rename', { documentChanges: [textDocumentEdit(undefined)] }), 'result.documentChanges[0].textDocument.version', /missing.*required \(integer \| null\)/);
    assertOne(resultProblems('textDocument/rename', { documentChanges: [textDocumentEdit('4')] }), 'result.documentChanges[0].textDocument.version', /expected integer \| null, got the string "4"/);
    assertOne(resultProblems('workspace/willRenameFiles', { documentChanges: [textDocumentEdit(1.5)] }, { files: [] }), 'result.documentChanges[0].textDocument.version', /expected integer \| null/);
  });

  test('file operations with missing or unknown members', () => {
    assertOne(resultProblems('textDocument/rename', { documentChanges: [{ kind: 'rename', oldUri: URI }] }), 'result.documentChanges[0].newUri', /missing/);
    assertOne(resultProblems('textDocument/rename', { documentChanges: [{ kind: 'create', uri: URI, options: { overwrite: 'yes' } }] }), 'result.documentChanges[0].options.overwrite', /expected boolean/);
    assertOne(resultProblems('textDocument/rename', { documentChanges: [{ kind: 'delete', uri: URI, options: { recursive: true, force: true } }] }), 'result.documentChanges[0].options.force', /no property 'force'/);
  });

  test('overlapping edits of one document', () => {
    const edit = { documentChanges: [{ textDocument: { uri: URI, version: null }, edits: [{ range: range(1, 0, 10), newText: 'a' }, { range: range(1, 4, 6), newText: 'b' }] }] };
    assertOne(resultProblems('textDocument/rename', edit), 'result.documentChanges[0].edits[1]', /overlaps .*edits\[0\]/);
  });

  test('positions and ranges: negative, fractional, reversed', () => {
    assertOne(resultProblems('textDocument/definition', { uri: URI, range: { start: position(-1, 0), end: position(0, 0) } }), 'result.range.start.line', /expected uinteger, got number -1/);
    assertOne(resultProblems('textDocument/references', [{ uri: URI, range: { start: position(0, 1.5), end: position(0, 2) } }]), 'result[0].range.start.character', /expected uinteger/);
    assertOne(resultProblems('textDocument/references', [{ uri: URI, range: range(3, 5, 2) }]), 'result[0].range', /ends \(3:2\) before it starts \(3:5\)/);
    assertOne(resultProblems('textDocument/references', [{ uri: 'content/glossary/x.md', range: range(0, 0, 0) }]), 'result[0].uri', /not a URI/);
  });

  test('a CompletionList without isIncomplete, or with the wrong types', () => {
    assertOne(resultProblems('textDocument/completion', { items: [] }), 'result.isIncomplete', /missing: CompletionList.isIncomplete is required \(boolean\)/);
    assertOne(resultProblems('textDocument/completion', { isIncomplete: 'false', items: [] }), 'result.isIncomplete', /expected boolean/);
    assertOne(resultProblems('textDocument/completion', { isIncomplete: false, items: [{ label: 'x', kind: 26 }] }), 'result.items[0].kind', /expected CompletionItemKind/);
    assertOne(resultProblems('textDocument/completion', { isIncomplete: false, items: [{ label: 'x', detail: null }] }), 'result.items[0].detail', /expected string, got null/);
  });

  test('a completion edit off the cursor line, or across lines', () => {
    assertOne(resultProblems('textDocument/completion', { isIncomplete: false, items: [{ label: 'x', textEdit: { range: range(6, 0, 1), newText: 'x' } }] }), 'result.items[0].textEdit.range', /must contain the completion position 7:5/);
    assertOne(resultProblems('textDocument/completion', [{ label: 'x', textEdit: { range: range(6, 0, 5, 7), newText: 'x' } }]), 'result[0].textEdit.range', /spans lines 6-7/);
  });

  test('hover contents that are not MarkupContent', () => {
    assertOne(resultProblems('textDocument/hover', { contents: '**Transformer**' }), 'result.contents', /expected MarkupContent, got the string/);
    assertOne(resultProblems('textDocument/hover', { contents: { kind: 'html', value: '<b>x</b>' } }), 'result.contents.kind', /expected "plaintext" \| "markdown"/);
    assertOne(resultProblems('textDocument/hover', { range: range(0, 0, 1) }), 'result.contents', /missing/);
  });

  test('diagnostics: a codeDescription without an href or with a non-URI one, an unknown severity, 3.18 message shapes, extra fields', () => {
    const diagnostic = (extra: Record<string, unknown>) => ({ uri: URI, diagnostics: [{ range: range(1, 0, 4), message: 'x', ...extra }] });
    assertOne(checkServerMessage('textDocument/publishDiagnostics', diagnostic({ codeDescription: {} })), 'params.diagnostics[0].codeDescription.href', /missing/);
    assertOne(checkServerMessage('textDocument/publishDiagnostics', diagnostic({ codeDescription: { href: 'unknown-slug' } })), 'params.diagnostics[0].codeDescription.href', /not a URI/);
    assertOne(checkServerMessage('textDocument/publishDiagnostics', diagnostic({ severity: 5 })), 'params.diagnostics[0].severity', /expected DiagnosticSeverity \(1 \| 2 \| 3 \| 4\)/);
    assertOne(checkServerMessage('textDocument/publishDiagnostics', diagnostic({ message: { kind: 'markdown', value: 'x' } })), 'params.diagnostics[0].message', /expected string/);
    assertOne(checkServerMessage('textDocument/publishDiagnostics', diagnostic({ level: 'warning' })), 'params.diagnostics[0].level', /Diagnostic has no property 'level'/);
    assertOne(checkServerMessage('textDocument/publishDiagnostics', { diagnostics: [] }), 'params.uri', /missing/);
    assertOne(checkServerMessage('textDocument/publishDiagnostics', { uri: URI, version: 1.5, diagnostics: [] }), 'params.version', /expected integer/);
  });

  test('code actions that do nothing or are typed wrong, code lenses and links', () => {
    assertOne(resultProblems('textDocument/codeAction', [{ title: 'Nothing', kind: 'quickfix' }]), 'result[0]', /must set an edit or a command/);
    assertOne(resultProblems('textDocument/codeAction', [{ title: 'Fix', kind: 1, command: { title: 'x', command: 'y' } }]), 'result[0].kind', /expected string/);
    assertOne(resultProblems('textDocument/codeLens', [{ range: range(1, 0, 4), command: { command: 'glossary.showReferences' } }]), 'result[0].command.title', /missing/);
    assertOne(resultProblems('textDocument/documentLink', [{ range: range(1, 0, 4), target: 'transformer.md' }]), 'result[0].target', /not a URI/);
  });

  test('document symbols: blank names, a selectionRange outside the range, mixed arrays', () => {
    const symbol = (name: string, selection = range(1, 0, 5)) => ({ name, kind: 7, range: range(1, 0, 18), selectionRange: selection });
    assertOne(resultProblems('textDocument/documentSymbol', [symbol('')]), 'result[0].name', /must not be empty/);
    assertOne(resultProblems('textDocument/documentSymbol', [{ ...symbol('Frontmatter'), children: [symbol('  ')] }]), 'result[0].children[0].name', /must not be empty/);
    assertOne(resultProblems('textDocument/documentSymbol', [symbol('title', range(1, 0, 19))]), 'result[0].selectionRange', /must be contained in the range/);
    const information = { name: 'x', kind: 17, location: { uri: URI, range: range(0, 0, 0) } };
    assert.ok(resultProblems('textDocument/documentSymbol', [symbol('title'), information]).length > 0, 'DocumentSymbol[] | SymbolInformation[], not a mix');
    assertOne(resultProblems('workspace/symbol', [{ ...information, name: ' ' }]), 'result[0].name', /must not be empty/);
  });

  test('prepareRename answers of no allowed form', () => {
    assertOne(resultProblems('textDocument/prepareRename', { range: range(7, 2, 13), placeholder: 3 }), 'result.placeholder', /expected string/);
    assertOne(resultProblems('textDocument/prepareRename', { placeholder: 'transformer' }), 'result.range', /missing/);
    assertOne(resultProblems('textDocument/prepareRename', 'transformer'), 'result', /expected Range \| \{ range, placeholder \} \| \{ defaultBehavior \} \| null/);
  });

  test('responses: no result, a result and an error, a malformed error', () => {
    assertOne(checkResponse('textDocument/hover', at, {}), 'result', /successful response must have a result/);
    assert.ok(checkResponse('textDocument/hover', at, { result: null, error: { code: 1, message: 'x' } }).some((v) => /not both/.test(v.problem)));
    assertOne(checkResponse('textDocument/hover', at, { error: { code: '-32600', message: 'x' } }), 'error.code', /expected integer/);
    assertOne(checkResponse('shutdown', null, { result: {} }), 'result', /expected null/);
  });

  test('server messages: 3.18 message types, unknown registrations, bad watch kinds, progress out of range', () => {
    assertOne(checkServerMessage('window/logMessage', { type: 5, message: 'debug' }), 'params.type', /expected MessageType \(1 \| 2 \| 3 \| 4\)/);
    assertOne(checkServerMessage('client/registerCapability', { registrations: [{ id: '1', method: 'textDocument/formatting' }] }), 'params.registrations[0].method', /no registration options type/);
    assertOne(checkServerMessage('client/registerCapability', { registrations: [{ id: '1', method: 'workspace/didChangeWatchedFiles', registerOptions: { watchers: [{ globPattern: '**/*.md', kind: 8 }] } }] }), 'params.registrations[0].registerOptions.watchers[0].kind', /1-7/);
    assertOne(checkServerMessage('$/progress', { token: 1, value: { kind: 'report', percentage: 101 } }), 'params.value.percentage', /0-100/);
    assertOne(checkServerMessage('$/progress', { token: 1, value: { kind: 'begin' } }), 'params.value.title', /missing/);
  });

  test('an LSP method the validator has no type for is reported, not waved through', () => {
    assertOne(resultProblems('textDocument/formatting', []), 'result', /no LSP 3.17 result type for 'textDocument\/formatting'/);
    assertOne(checkServerMessage('workspace/semanticTokens/refresh', null), 'params', /no LSP 3.17 params type/);
  });

  test('initialize: capabilities with a misspelt or mistyped provider', () => {
    assert.deepEqual(resultProblems('initialize', { capabilities: { hoverProvider: true, renameProvider: { prepareProvider: true } }, serverInfo: { name: 'glossary' } }), []);
    assertOne(resultProblems('initialize', { capabilities: { hoverProvder: true } }), 'result.capabilities.hoverProvder', /no property 'hoverProvder'/);
    assertOne(resultProblems('initialize', { capabilities: { completionProvider: { triggerCharacters: '-' } } }), 'result.capabilities.completionProvider.triggerCharacters', /expected string\[\]/);
    assertOne(resultProblems('initialize', { capabilities: { semanticTokensProvider: {} } }), 'result.capabilities.semanticTokensProvider', /no property/);
  });
});

describe('the shared test client checks every message of the server', () => {
  const request = (id: number, method: string, params: object): RequestMessage => ({ jsonrpc: '2.0', id, method, params });

  test('a response that breaks its type reaches the caller as an error naming the method, the path and the problem', () => {
    const check = new ProtocolCheck();
    check.sending(request(1, 'textDocument/rename', at) as Message);
    const answer = check.received({ jsonrpc: '2.0', id: 1, result: { documentChanges: [textDocumentEdit(undefined)] } } as ResponseMessage) as ResponseMessage;
    assert.equal(answer.result, undefined);
    assert.match(answer.error!.message, /LSP 3\.17 violation in the textDocument\/rename response:\n {2}result\.documentChanges\[0\]\.textDocument\.version: missing/);
    // The test's next wait or request fails with it, once.
    assert.throws(() => check.throwNew(), /textDocument\/rename response/);
    assert.doesNotThrow(() => check.throwNew());
  });

  test('a response that keeps to its type passes unchanged; a notification that breaks its type is kept for the next check', () => {
    const check = new ProtocolCheck();
    check.sending(request(2, 'textDocument/hover', at) as Message);
    const good = { jsonrpc: '2.0', id: 2, result: null } as ResponseMessage;
    assert.equal(check.received(good), good);
    assert.doesNotThrow(() => check.throwNew());
    const notification = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: URI, diagnostics: [{ range: range(1, 0, 4) }] } } as Message;
    assert.equal(check.received(notification), notification);
    assert.throws(() => check.throwNew(), /the server's textDocument\/publishDiagnostics notification:\n {2}params\.diagnostics\[0\]\.message: missing/);
    assert.equal(check.violations.length, 1);
  });
});
