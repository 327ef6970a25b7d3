/**
 * A minimal LSP client for end-to-end tests: it spawns the built language server
 * (`dist/server.js --stdio`), speaks JSON-RPC to it over stdio the way an editor does, and records
 * what the server sends back (diagnostics, log messages, index status) so tests can wait for it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { createMessageConnection, ErrorCodes, Message, StreamMessageReader, StreamMessageWriter, type DataCallback, type Disposable, type MessageConnection, type RequestMessage, type ResponseMessage } from 'vscode-jsonrpc/node';
import {
  CodeActionRequest,
  CodeLensRefreshRequest,
  CodeLensRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentLinkRequest,
  DocumentSymbolRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  WillRenameFilesRequest,
  WorkspaceSymbolRequest,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  type DidChangeTextDocumentParams,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  FileChangeType,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShowMessageRequest,
  ShutdownRequest,
  UnregistrationRequest,
  WorkDoneProgressCreateRequest,
  type ClientCapabilities,
  type CodeAction,
  type CodeLens,
  type Command,
  type DocumentLink,
  type DocumentSymbol,
  type Location,
  type MessageActionItem,
  type ShowMessageRequestParams,
  type SymbolInformation,
  type TextEdit,
  type WorkspaceEdit,
  type WorkspaceSymbol,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type Hover,
  type InitializeResult,
  type Position,
  type PublishDiagnosticsParams,
  type Range,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { checkResponse, checkServerMessage, formatViolations } from './lspValidator';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const SERVER_PATH = join(REPO_ROOT, 'dist', 'server.js');
const SERVER_LAUNCH = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).glossaryServer as { execArgv?: string[]; env?: Record<string, string> } | undefined;
/** The Node flags the VS Code client starts the server with (package.json glossaryServer.execArgv). */
export const SERVER_EXEC_ARGV: string[] = SERVER_LAUNCH?.execArgv ?? [];
/** The environment the VS Code client adds for the server (package.json glossaryServer.env). */
export const SERVER_ENV: Record<string, string> = SERVER_LAUNCH?.env ?? {};
export const EXAMPLE_GLOSSARY = join(REPO_ROOT, 'examples', 'glossary');
/** Where the entries live, relative to the workspace folder. */
export const GLOSSARY_DIR = join('content', 'glossary');

import type { IndexStatus } from '../../server/src/protocol';
export type { IndexStatus } from '../../server/src/protocol';

export interface StartOptions {
  /** Sent as `initializationOptions.settings` (what the server uses when it cannot pull configuration). */
  settings?: unknown;
  /**
   * When set, the client advertises `workspace.configuration` and answers every
   * `workspace/configuration` request with what this function returns for the section.
   */
  configuration?: (section: string | undefined) => unknown;
  /** Milliseconds to wait for the first `glossary/indexStatus` ready notification. */
  readyTimeoutMs?: number;
  /** false: `start` returns once the server is initialized, before its first index (as an editor restoring tabs sends requests). */
  waitForIndex?: boolean;
  /** Start of the temp workspace folder's name (to test paths with unusual characters). */
  workspacePrefix?: string;
  /** Lets a test add or break files of the workspace copy before the server indexes it. */
  prepare?: (workspaceDir: string) => void;
  /**
   * Use this folder as the workspace instead of a copy of the example glossary (a generated
   * glossary, say). It is removed by `dispose` like the copy would be.
   */
  workspaceDir?: string;
  /** Folders of the workspace directory (relative paths) to open as workspace folders, instead of the directory itself. */
  folders?: string[];
}

/** A `window/showMessageRequest` the server sent, and the answer the client gave. */
export interface MessageRequestRecord {
  params: ShowMessageRequestParams;
  answer: MessageActionItem | null;
}

/** What `applyWorkspaceEdit` did, in workspace-relative paths (`content/glossary/x.md`). */
export interface AppliedEdit {
  edited: string[];
  renamed: { from: string; to: string }[];
  created: string[];
  deleted: string[];
  /** The file events that were sent to the server, in order. */
  events: { uri: string; type: FileChangeType }[];
}

/** A temp copy of examples/glossary, so tests may create, change and delete files freely. */
export function copyExampleWorkspace(prefix = 'glossary-e2e-'): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  cpSync(EXAMPLE_GLOSSARY, dir, { recursive: true });
  return dir;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(what())), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Checks every message the server sends against the LSP 3.17 types (lspValidator.ts). A response
 * that breaks them reaches the caller as an error naming the violation, so the request fails where
 * it was made; every violation, in a response, a notification or a request of the server, also
 * fails the test's next wait or request on the client, and `dispose`, once.
 */
export class ProtocolCheck {
  /** Every violation found, formatted; those from `reported` on have not failed anything yet. */
  readonly violations: string[] = [];
  private reported = 0;
  private readonly requests = new Map<number | string | null, { method: string; params: unknown }>();

  sending(message: Message): void {
    if (Message.isRequest(message)) this.requests.set(message.id, { method: message.method, params: message.params });
  }

  /** The message as the connection gets it: a response that breaks the types becomes an error. */
  received(message: Message): Message {
    if (Message.isResponse(message)) {
      const request = this.requests.get(message.id);
      if (!request) return message;
      this.requests.delete(message.id);
      const violations = checkResponse(request.method, request.params, message);
      if (!violations.length) return message;
      const text = formatViolations(`the ${request.method} response`, violations);
      this.violations.push(text);
      return { jsonrpc: message.jsonrpc, id: message.id, error: { code: ErrorCodes.InternalError, message: text } } as ResponseMessage;
    }
    if (Message.isRequest(message) || Message.isNotification(message)) {
      const violations = checkServerMessage(message.method, message.params);
      if (violations.length) this.violations.push(formatViolations(`the server's ${message.method} ${Message.isRequest(message) ? 'request' : 'notification'}`, violations));
    }
    return message;
  }

  private readonly rawAnswers = new Map<string, (response: ResponseMessage) => void>();

  /** Expects the response to a request written past the connection (LspTestClient.writeAtOnce). */
  expectRawAnswer(request: RequestMessage, resolve: (response: ResponseMessage) => void): void {
    this.sending(request);
    this.rawAnswers.set(String(request.id), resolve);
  }

  /** Whether `message` answers such a request: it then goes to its waiter, checked, not to the connection. */
  takeRawAnswer(message: Message): boolean {
    if (!Message.isResponse(message) || typeof message.id !== 'string') return false;
    const resolve = this.rawAnswers.get(message.id);
    if (!resolve) return false;
    this.rawAnswers.delete(message.id);
    resolve(this.received(message) as ResponseMessage);
    return true;
  }

  /** Throws the violations no earlier call has thrown. */
  throwNew(): void {
    if (this.reported === this.violations.length) return;
    const fresh = this.violations.slice(this.reported);
    this.reported = this.violations.length;
    throw new Error(fresh.join('\n'));
  }
}

class CheckedMessageReader extends StreamMessageReader {
  constructor(readable: Readable, private readonly protocol: ProtocolCheck) {
    super(readable);
  }

  listen(callback: DataCallback): Disposable {
    return super.listen((message) => {
      if (!this.protocol.takeRawAnswer(message)) callback(this.protocol.received(message));
    });
  }
}

class RecordingMessageWriter extends StreamMessageWriter {
  constructor(writable: Writable, private readonly protocol: ProtocolCheck) {
    super(writable);
  }

  write(message: Message): Promise<void> {
    this.protocol.sending(message);
    return super.write(message);
  }
}

interface DiagnosticsWaiter {
  predicate: (diagnostics: Diagnostic[]) => boolean;
  after: number;
  resolve: (diagnostics: Diagnostic[]) => void;
}

export class LspTestClient {
  /** Every `textDocument/publishDiagnostics` received, per URI, oldest first. */
  readonly published = new Map<string, Diagnostic[][]>();
  /** `window/logMessage` and `window/showMessage` texts, in order. */
  readonly logs: string[] = [];
  readonly indexStatuses: IndexStatus[] = [];
  /** How many times the server asked for the code lenses again (`workspace/codeLens/refresh`). */
  codeLensRefreshes = 0;
  /** Requests the server sent that the client did not expect. */
  readonly unexpectedRequests: string[] = [];
  /** Capabilities the server registered dynamically (`client/registerCapability`). */
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  /** Sections the server asked for through `workspace/configuration`. */
  readonly configurationRequests: (string | undefined)[] = [];
  /** Every `window/showMessageRequest`, with the answer given. */
  readonly messageRequests: MessageRequestRecord[] = [];
  /**
   * How the client answers `window/showMessageRequest` (by default: dismissed, `null`), e.g.
   * `(params) => params.actions?.find((a) => a.title === 'Update') ?? null`.
   */
  answerMessageRequest: (params: ShowMessageRequestParams) => MessageActionItem | null = () => null;
  /** The text of each open document as the client holds it (URI → text), kept in step with every change sent. */
  readonly openTexts = new Map<string, string>();
  stderr = '';
  exitCode: number | null | undefined;
  initializeResult: InitializeResult | undefined;

  private readonly waiters = new Map<string, Set<DiagnosticsWaiter>>();
  private statusWaiters: { after: number; resolve: (status: IndexStatus) => void }[] = [];
  private readonly versions = new Map<string, number>();
  private readonly exited: Promise<number | null>;
  private readyResolve: (() => void) | undefined;
  private writtenAtOnce = 0;
  private readonly ready: Promise<void>;

  private constructor(
    readonly workspaceDir: string,
    readonly child: ChildProcess,
    readonly connection: MessageConnection,
    private readonly options: StartOptions,
    private readonly protocol: ProtocolCheck,
  ) {
    this.ready = new Promise((resolveReady) => (this.readyResolve = resolveReady));
    this.exited = new Promise((resolveExit) => {
      child.on('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? -1 : null);
        resolveExit(code);
      });
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => (this.stderr += chunk));
    // A server that dies makes writes fail with EPIPE; the failure is reported by the test, not as a crash.
    child.stdin!.on('error', () => undefined);

    connection.onNotification(PublishDiagnosticsNotification.type, (params: PublishDiagnosticsParams) => {
      const list = this.published.get(params.uri) ?? [];
      list.push(params.diagnostics);
      this.published.set(params.uri, list);
      for (const waiter of [...(this.waiters.get(params.uri) ?? [])]) this.check(params.uri, waiter);
    });
    connection.onNotification(LogMessageNotification.type, (params) => {
      this.logs.push(`[log ${params.type}] ${params.message}`);
    });
    connection.onNotification(ShowMessageNotification.type, (params) => {
      this.logs.push(`[show ${params.type}] ${params.message}`);
    });
    connection.onNotification('glossary/indexStatus', (status: IndexStatus) => {
      this.indexStatuses.push(status);
      if (status.state === 'ready') this.readyResolve?.();
      const count = this.indexStatuses.length;
      for (const waiter of this.statusWaiters.filter((w) => count > w.after)) waiter.resolve(status);
      this.statusWaiters = this.statusWaiters.filter((w) => count <= w.after);
    });
    connection.onNotification('$/progress', () => undefined);
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    connection.onRequest(RegistrationRequest.type, (params) => {
      for (const registration of params.registrations) this.registrations.push({ method: registration.method, registerOptions: registration.registerOptions });
    });
    connection.onRequest(UnregistrationRequest.type, () => undefined);
    connection.onRequest(ShowMessageRequest.type, (params) => {
      this.logs.push(`[showRequest ${params.type}] ${params.message}`);
      const answer = this.answerMessageRequest(params);
      this.messageRequests.push({ params, answer });
      return answer;
    });
    connection.onRequest(ConfigurationRequest.type, (params) => {
      const answer = this.options.configuration;
      return params.items.map((item) => {
        this.configurationRequests.push(item.section);
        return answer ? answer(item.section) : null;
      });
    });
    connection.onRequest(CodeLensRefreshRequest.method, () => {
      this.codeLensRefreshes++;
      return null;
    });
    connection.onRequest((method) => {
      this.unexpectedRequests.push(method);
      return null;
    });
    connection.listen();
  }

  /** Spawns the server on a fresh copy of the example glossary, initializes it and waits for the first full index. */
  static async start(options: StartOptions = {}): Promise<LspTestClient> {
    const workspaceDir = options.workspaceDir ?? copyExampleWorkspace(options.workspacePrefix);
    options.prepare?.(workspaceDir);
    const child = spawn(process.execPath, [...SERVER_EXEC_ARGV, SERVER_PATH, '--stdio'], { env: { ...process.env, ...SERVER_ENV }, stdio: ['pipe', 'pipe', 'pipe'] });
    const protocol = new ProtocolCheck();
    const reader = new CheckedMessageReader(child.stdout!, protocol);
    // vscode-jsonrpc re-arms its partial-message timer every 10 s for as long as a message stays
    // cut (a server killed mid-write), even after the connection is disposed, which keeps the test
    // process alive for good. The tests have no use for partial-message events.
    reader.partialMessageTimeout = 0;
    const connection = createMessageConnection(reader, new RecordingMessageWriter(child.stdin!, protocol));
    const client = new LspTestClient(workspaceDir, child, connection, options, protocol);
    try {
      await client.initialize();
      if (options.waitForIndex !== false) await client.guard(client.ready, options.readyTimeoutMs ?? 10_000, () => client.failure('the server never sent glossary/indexStatus ready'));
    } catch (error) {
      await client.release();
      throw error;
    }
    return client;
  }

  private async initialize(): Promise<void> {
    const rootUri = URI.file(this.workspaceDir).toString();
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: !!this.options.configuration,
        didChangeConfiguration: { dynamicRegistration: false },
        didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
        workspaceFolders: true,
        symbol: { dynamicRegistration: false },
        workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'], failureHandling: 'abort' },
        fileOperations: { dynamicRegistration: false, willRename: true },
        codeLens: { refreshSupport: true },
      },
      textDocument: {
        synchronization: { dynamicRegistration: false, didSave: true, willSave: false, willSaveWaitUntil: false },
        definition: { dynamicRegistration: false, linkSupport: false },
        references: { dynamicRegistration: false },
        codeLens: { dynamicRegistration: false },
        documentLink: { dynamicRegistration: false, tooltipSupport: true },
        documentSymbol: { dynamicRegistration: false, hierarchicalDocumentSymbolSupport: true },
        rename: { dynamicRegistration: false, prepareSupport: true },
        codeAction: {
          dynamicRegistration: false,
          isPreferredSupport: true,
          dataSupport: false,
          codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
        },
        completion: {
          dynamicRegistration: false,
          completionItem: { snippetSupport: true, insertReplaceSupport: false, documentationFormat: ['markdown', 'plaintext'], commitCharactersSupport: true },
          contextSupport: true,
        },
        hover: { dynamicRegistration: false, contentFormat: ['markdown', 'plaintext'] },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
      },
      window: { workDoneProgress: true, showMessage: { messageActionItem: { additionalPropertiesSupport: false } } },
      general: { positionEncodings: ['utf-16'] },
    };
    this.initializeResult = await this.guard(
      this.connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        clientInfo: { name: 'glossary-e2e-tests', version: '0.0.0' },
        rootUri,
        workspaceFolders: this.options.folders
          ? this.options.folders.map((folder) => ({ uri: URI.file(join(this.workspaceDir, folder)).toString(), name: folder }))
          : [{ uri: rootUri, name: 'glossary' }],
        capabilities,
        initializationOptions: this.options.settings === undefined ? undefined : { settings: this.options.settings },
      }),
      5_000,
      () => this.failure('initialize got no answer'),
    );
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  /**
   * Like withTimeout, but fails at once, with the server's output, when the server exits meanwhile,
   * and fails with any LSP violation the server committed since the last check.
   */
  private guard<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
    const died = this.exited.then(() => {
      throw new Error(what());
    });
    died.catch(() => undefined);
    const settled = () => this.protocol.throwNew();
    return withTimeout(Promise.race([promise, died]), ms, what).then((value) => (settled(), value), (error: unknown) => {
      settled();
      throw error;
    });
  }

  /** Every LSP 3.17 violation the server committed so far, formatted (see lspValidator.ts). */
  get protocolViolations(): readonly string[] {
    return this.protocol.violations;
  }

  /** The stderr and log messages of the server, for assertion messages. */
  failure(message: string): string {
    const exited = this.exitCode === undefined ? '' : ` (server exited with ${this.exitCode})`;
    return `${message}${exited}\n--- server log ---\n${this.logs.join('\n') || '(none)'}\n--- server stderr ---\n${this.stderr || '(none)'}`;
  }

  // ---- files and URIs -------------------------------------------------------------------------

  /** Absolute path of a file in the workspace copy; a bare slug means the glossary entry. */
  path(slugOrRelative: string): string {
    return slugOrRelative.includes('/') ? join(this.workspaceDir, slugOrRelative) : join(this.workspaceDir, GLOSSARY_DIR, `${slugOrRelative}.md`);
  }

  uri(slugOrRelative: string): string {
    return URI.file(this.path(slugOrRelative)).toString();
  }

  readText(slugOrRelative: string): string {
    return readFileSync(this.path(slugOrRelative), 'utf8');
  }

  writeFile(slugOrRelative: string, content: string | Uint8Array): string {
    writeFileSync(this.path(slugOrRelative), content);
    return this.uri(slugOrRelative);
  }

  deleteFile(slugOrRelative: string): string {
    unlinkSync(this.path(slugOrRelative));
    return this.uri(slugOrRelative);
  }

  /**
   * Sends `workspace/didChangeWatchedFiles` and resolves once the server has handled it, which it
   * tells by the `glossary/indexStatus` notification it sends after every batch of file events.
   */
  async fileEvents(changes: { uri: string; type: FileChangeType }[], timeoutMs = 3_000): Promise<IndexStatus> {
    const seen = this.indexStatuses.length;
    const handled = new Promise<IndexStatus>((resolveHandled) => this.statusWaiters.push({ after: seen, resolve: resolveHandled }));
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
    return this.guard(handled, timeoutMs, () => this.failure(`no glossary/indexStatus after file events ${JSON.stringify(changes)}`));
  }

  /**
   * Sends `workspace/didChangeWorkspaceFolders` with folders of the workspace directory (relative
   * paths) and resolves with the next `glossary/indexStatus` ready: the index of the new folders.
   */
  async changeWorkspaceFolders(added: string[], removed: string[], timeoutMs = 10_000): Promise<IndexStatus> {
    const folder = (relative: string) => ({ uri: URI.file(join(this.workspaceDir, relative)).toString(), name: relative });
    const seen = this.indexStatuses.length;
    const ready = new Promise<IndexStatus>((resolveReady) => {
      const wait = (after: number) => this.statusWaiters.push({ after, resolve: (status) => (status.state === 'ready' ? resolveReady(status) : wait(this.indexStatuses.length)) });
      wait(seen);
    });
    await this.connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: added.map(folder), removed: removed.map(folder) } });
    return this.guard(ready, timeoutMs, () => this.failure(`no glossary/indexStatus ready after the workspace folders changed (+${added.join(', ')} -${removed.join(', ')})`));
  }

  /**
   * Resolves with the first `glossary/indexStatus` from now on that `matches`, in the handler of
   * that notification: a request sent on resolution goes out before the server does anything else.
   */
  nextIndexStatus(matches: (status: IndexStatus) => boolean, timeoutMs = 60_000): Promise<IndexStatus> {
    const found = new Promise<IndexStatus>((resolve) => {
      const wait = (after: number) => this.statusWaiters.push({ after, resolve: (status) => (matches(status) ? resolve(status) : wait(this.indexStatuses.length)) });
      wait(this.indexStatuses.length);
    });
    return this.guard(found, timeoutMs, () => this.failure('no glossary/indexStatus of the kind waited for'));
  }

  /** Resolves when the server has sent its first `glossary/indexStatus` ready (for clients started with `waitForIndex: false`). */
  waitUntilIndexed(timeoutMs = 30_000): Promise<void> {
    return this.guard(this.ready, timeoutMs, () => this.failure('the server never sent glossary/indexStatus ready'));
  }

  // ---- documents --------------------------------------------------------------------------------

  /** Opens a document; its text defaults to the file on disk. Returns its URI. */
  async open(slugOrRelative: string, text?: string): Promise<string> {
    const uri = this.uri(slugOrRelative);
    await this.openUri(uri, text ?? this.readText(slugOrRelative));
    return uri;
  }

  /** Opens the document at `uri` (any spelling) with `text`, at version 1. */
  async openUri(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    this.openTexts.set(uri, text);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'markdown', version: 1, text },
    });
  }

  /** The version of an open document, as last sent to the server. */
  version(uri: string): number | undefined {
    return this.openTexts.has(uri) ? this.versions.get(uri) : undefined;
  }

  /** Sends changes (ranged or whole-text) with the next version number. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, this.nextChange(uri, changes));
  }

  /** The didChange of these changes, with the next version number, as sent from now on. */
  nextChange(uri: string, changes: TextDocumentContentChangeEvent[]): DidChangeTextDocumentParams {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    const held = this.openTexts.get(uri);
    if (held !== undefined) {
      let text = held;
      for (const change of changes) text = 'range' in change && change.range ? applyTextEdits(text, [{ range: change.range, newText: change.text }]) : change.text;
      this.openTexts.set(uri, text);
    }
    return { textDocument: { uri, version }, contentChanges: changes };
  }

  /**
   * Writes these notifications and requests to the server's input in one write, past the
   * connection: all of them are in the server's queue before it handles the first, as a burst of
   * keystrokes (and the completion asked with the last) reaches a busy server. Resolves with the
   * responses to the requests, in their order.
   */
  writeAtOnce(messages: { method: string; params: unknown; request?: boolean }[]): Promise<ResponseMessage>[] {
    const answers: Promise<ResponseMessage>[] = [];
    const pieces = messages.map(({ method, params, request }) => {
      const message = request ? { jsonrpc: '2.0', id: `at-once-${++this.writtenAtOnce}`, method, params } : { jsonrpc: '2.0', method, params };
      if (request) answers.push(new Promise((resolve) => this.protocol.expectRawAnswer(message as RequestMessage, resolve)));
      const body = Buffer.from(JSON.stringify(message), 'utf8');
      return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
    });
    this.child.stdin!.write(Buffer.concat(pieces));
    return answers.map((answer) => this.guard(answer, 5_000, () => this.failure('a request written at once got no answer within 5000 ms')));
  }

  /** Inserts `text` at `position`, as an editor does when the user types. */
  async insert(uri: string, position: Position, text: string): Promise<void> {
    await this.change(uri, [{ range: { start: position, end: position }, text }]);
  }

  async replace(uri: string, range: Range, text: string): Promise<void> {
    await this.change(uri, [{ range, text }]);
  }

  async close(uri: string): Promise<void> {
    this.openTexts.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  // ---- requests ---------------------------------------------------------------------------------

  async hover(uri: string, position: Position, timeoutMs = 5_000): Promise<Hover | null> {
    return this.guard(this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }), timeoutMs, () => this.failure(`hover at ${uri}:${position.line}:${position.character} got no answer within ${timeoutMs} ms`));
  }

  async completion(uri: string, position: Position, timeoutMs = 5_000): Promise<CompletionList> {
    const result = await this.guard(
      this.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position, context: { triggerKind: 1 } }),
      timeoutMs,
      () => this.failure(`completion at ${uri}:${position.line}:${position.character} got no answer within ${timeoutMs} ms`),
    );
    if (result === null) return { isIncomplete: false, items: [] };
    return Array.isArray(result) ? { isIncomplete: false, items: result as CompletionItem[] } : result;
  }

  /** Any request, failing with the server's output when it gets no answer in time. */
  async request<R>(method: string, params: unknown, timeoutMs = 5_000): Promise<R> {
    return this.guard(this.connection.sendRequest(method, params) as Promise<R>, timeoutMs, () => this.failure(`${method} got no answer within ${timeoutMs} ms`));
  }

  definition(uri: string, position: Position, timeoutMs = 5_000): Promise<Location | Location[] | null> {
    return this.request(DefinitionRequest.method, { textDocument: { uri }, position }, timeoutMs);
  }

  references(uri: string, position: Position, includeDeclaration = false, timeoutMs = 5_000): Promise<Location[] | null> {
    return this.request(ReferencesRequest.method, { textDocument: { uri }, position, context: { includeDeclaration } }, timeoutMs);
  }

  codeLenses(uri: string): Promise<CodeLens[] | null> {
    return this.request(CodeLensRequest.method, { textDocument: { uri } });
  }

  documentLinks(uri: string): Promise<DocumentLink[] | null> {
    return this.request(DocumentLinkRequest.method, { textDocument: { uri } });
  }

  documentSymbols(uri: string): Promise<DocumentSymbol[] | SymbolInformation[] | null> {
    return this.request(DocumentSymbolRequest.method, { textDocument: { uri } });
  }

  workspaceSymbols(query: string, timeoutMs = 5_000): Promise<SymbolInformation[] | WorkspaceSymbol[] | null> {
    return this.request(WorkspaceSymbolRequest.method, { query }, timeoutMs);
  }

  /** Rejects with the server's ResponseError when it refuses. */
  prepareRename(uri: string, position: Position, timeoutMs = 5_000): Promise<{ range: Range; placeholder: string } | Range | { defaultBehavior: boolean } | null> {
    return this.request(PrepareRenameRequest.method, { textDocument: { uri }, position }, timeoutMs);
  }

  /** Rejects with the server's ResponseError when it refuses. */
  rename(uri: string, position: Position, newName: string, timeoutMs = 5_000): Promise<WorkspaceEdit | null> {
    return this.request(RenameRequest.method, { textDocument: { uri }, position, newName }, timeoutMs);
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<(CodeAction | Command)[] | null> {
    return this.request(CodeActionRequest.method, { textDocument: { uri }, range, context: { diagnostics, only, triggerKind: 1 } });
  }

  willRenameFiles(files: { oldUri: string; newUri: string }[], timeoutMs = 5_000): Promise<WorkspaceEdit | null> {
    return this.request(WillRenameFilesRequest.method, { files }, timeoutMs);
  }

  // ---- applying workspace edits -------------------------------------------------------------

  /** Workspace-relative path (`content/glossary/x.md`) of a file URI. */
  relative(uri: string): string {
    const path = URI.parse(uri).fsPath;
    const root = `${this.workspaceDir}/`;
    if (!path.startsWith(root)) throw new Error(`${uri} is outside the workspace ${this.workspaceDir}`);
    return path.slice(root.length);
  }

  /**
   * Applies a WorkspaceEdit as an editor does, then saves: `documentChanges` in order
   * (TextDocumentEdit with UTF-16 line/character ranges, RenameFile, CreateFile, DeleteFile) on the
   * files on disk. Open documents get the same change as a `didChange` (a renamed open document is
   * closed under its old URI and opened under the new one). Then the server gets the file events a
   * watcher would send (Deleted old, Created new, Changed edited) and the call waits until it has
   * handled them.
   *
   * Strict: a version that does not match the open document, a range outside the text, overlapping
   * edits, a rename onto an existing file or a plain `changes` map (this server always sends
   * `documentChanges`) throws.
   */
  async applyWorkspaceEdit(edit: WorkspaceEdit, { sendEvents = true } = {}): Promise<AppliedEdit> {
    if (edit.changes && Object.keys(edit.changes).length) throw new Error('the edit uses `changes`; expected `documentChanges`');
    const applied: AppliedEdit = { edited: [], renamed: [], created: [], deleted: [], events: [] };
    const edited = new Set<string>();
    const created = new Set<string>();
    const deleted = new Set<string>();
    for (const change of edit.documentChanges ?? []) {
      if ('kind' in change) {
        if (change.kind === 'rename') {
          const from = URI.parse(change.oldUri).fsPath;
          const to = URI.parse(change.newUri).fsPath;
          if (!existsSync(from)) throw new Error(`rename: ${change.oldUri} does not exist`);
          if (existsSync(to)) {
            if (change.options?.ignoreIfExists) continue;
            if (!change.options?.overwrite) throw new Error(`rename: ${change.newUri} already exists`);
          }
          mkdirSync(dirname(to), { recursive: true });
          renameSync(from, to);
          applied.renamed.push({ from: this.relative(change.oldUri), to: this.relative(change.newUri) });
          deleted.add(change.oldUri);
          created.delete(change.oldUri);
          created.add(change.newUri);
          deleted.delete(change.newUri);
          if (edited.delete(change.oldUri)) edited.add(change.newUri);
          const text = this.openTexts.get(change.oldUri);
          if (text !== undefined) {
            await this.close(change.oldUri);
            await this.openUri(change.newUri, text);
          }
        } else if (change.kind === 'create') {
          const path = URI.parse(change.uri).fsPath;
          if (existsSync(path)) {
            if (change.options?.ignoreIfExists && !change.options.overwrite) continue;
            if (!change.options?.overwrite) throw new Error(`create: ${change.uri} already exists`);
          }
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, '');
          applied.created.push(this.relative(change.uri));
          created.add(change.uri);
          deleted.delete(change.uri);
        } else if (change.kind === 'delete') {
          const path = URI.parse(change.uri).fsPath;
          if (!existsSync(path)) {
            if (change.options?.ignoreIfNotExists) continue;
            throw new Error(`delete: ${change.uri} does not exist`);
          }
          rmSync(path, { recursive: !!change.options?.recursive });
          applied.deleted.push(this.relative(change.uri));
          deleted.add(change.uri);
          created.delete(change.uri);
          edited.delete(change.uri);
        }
        continue;
      }
      const { uri, version } = change.textDocument;
      const open = this.openTexts.get(uri);
      if (version !== null && version !== undefined && open === undefined) throw new Error(`edit of ${uri} at version ${version}, but the document is not open`);
      if (version !== null && version !== undefined && version !== this.versions.get(uri)) throw new Error(`edit of ${uri} at version ${version}, but the open document is at version ${this.versions.get(uri)}`);
      const path = URI.parse(uri).fsPath;
      // Like an editor, positions count from after a byte-order mark, which is kept on save.
      const disk = open === undefined ? readFileSync(path, 'utf8') : undefined;
      const bom = disk?.startsWith('\uFEFF') ? '\uFEFF' : '';
      const before = open ?? disk!.slice(bom.length);
      const textEdits = change.edits.map((e) => {
        if ('snippet' in e) throw new Error('snippet edits are not supported');
        return e as TextEdit;
      });
      const after = applyTextEdits(before, textEdits);
      writeFileSync(path, bom + after);
      if (open !== undefined) await this.change(uri, [{ text: after }]);
      edited.add(uri);
      if (!applied.edited.includes(this.relative(uri))) applied.edited.push(this.relative(uri));
    }
    for (const uri of deleted) applied.events.push({ uri, type: FileChangeType.Deleted });
    for (const uri of created) applied.events.push({ uri, type: FileChangeType.Created });
    for (const uri of edited) if (!created.has(uri) && !deleted.has(uri)) applied.events.push({ uri, type: FileChangeType.Changed });
    if (sendEvents && applied.events.length) await this.fileEvents(applied.events);
    return applied;
  }

  async changeConfiguration(settings: unknown = null): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  // ---- diagnostics ------------------------------------------------------------------------------

  /** How many diagnostics publications the URI has had; pass it as `after` to wait for a newer one. */
  mark(uri: string): number {
    return this.published.get(uri)?.length ?? 0;
  }

  latestDiagnostics(uri: string): Diagnostic[] | undefined {
    const list = this.published.get(uri);
    return list?.[list.length - 1];
  }

  /**
   * Resolves with the first diagnostics published for `uri` (the latest one already received
   * included, unless `after` says to skip the first `after` publications) that satisfy `predicate`.
   */
  waitForDiagnostics(uri: string, predicate: (diagnostics: Diagnostic[]) => boolean = () => true, timeoutMs = 5_000, after?: number): Promise<Diagnostic[]> {
    const start = after ?? Math.max(0, this.mark(uri) - 1);
    let waiter: DiagnosticsWaiter | undefined;
    const found = new Promise<Diagnostic[]>((resolveFound) => {
      waiter = { predicate, after: start, resolve: resolveFound };
    });
    const set = this.waiters.get(uri) ?? new Set();
    this.waiters.set(uri, set);
    set.add(waiter!);
    this.check(uri, waiter!);
    return this.guard(found, timeoutMs, () => {
      const seen = (this.published.get(uri) ?? []).map((d, i) => `#${i}: ${JSON.stringify(d.map((x) => `${x.code}@${x.range.start.line}:${x.range.start.character}`))}`);
      return this.failure(`no matching diagnostics for ${uri} within ${timeoutMs} ms; published:\n${seen.join('\n') || '(nothing)'}`);
    }).finally(() => set.delete(waiter!));
  }

  private check(uri: string, waiter: DiagnosticsWaiter): void {
    const list = this.published.get(uri) ?? [];
    for (let i = waiter.after; i < list.length; i++) {
      if (waiter.predicate(list[i])) {
        waiter.after = Number.POSITIVE_INFINITY;
        this.waiters.get(uri)?.delete(waiter);
        waiter.resolve(list[i]);
        return;
      }
    }
    waiter.after = Math.max(waiter.after, list.length);
  }

  // ---- lifecycle --------------------------------------------------------------------------------

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  /** shutdown + exit, as an editor closes the server; resolves with the exit code. */
  async shutdown(timeoutMs = 3_000): Promise<number | null> {
    await withTimeout(this.connection.sendRequest(ShutdownRequest.type), timeoutMs, () => this.failure('shutdown got no answer'));
    await this.connection.sendNotification(ExitNotification.type);
    return withTimeout(this.exited, timeoutMs, () => this.failure('the server did not exit after the exit notification'));
  }

  /**
   * Kills the server if it still runs and removes the workspace copy. Safe to call more than once.
   * Then fails with the LSP violations no wait or request has reported yet.
   */
  async dispose(): Promise<void> {
    await this.release();
    this.protocol.throwNew();
  }

  private async release(): Promise<void> {
    this.connection.dispose();
    if (this.alive) {
      this.child.kill('SIGKILL');
      await withTimeout(this.exited, 3_000, () => 'the server did not die').catch(() => undefined);
    }
    rmSync(this.workspaceDir, { recursive: true, force: true });
  }
}

// ---- helpers for assertions -------------------------------------------------------------------

/** 0-based number of the first line of `text` equal to `line` (after `from`), or of the line containing it. */
export function lineOf(text: string, needle: string, { exact = true, from = 0 } = {}): number {
  const lines = text.split(/\r?\n/);
  for (let i = from; i < lines.length; i++) {
    if (exact ? lines[i] === needle : lines[i].includes(needle)) return i;
  }
  throw new Error(`no line ${exact ? 'equal to' : 'containing'} ${JSON.stringify(needle)}`);
}

/** The range of `needle` on line `line` of `text`. */
export function rangeOf(text: string, line: number, needle: string): Range {
  const character = text.split(/\r?\n/)[line].indexOf(needle);
  if (character < 0) throw new Error(`${JSON.stringify(needle)} is not on line ${line}`);
  return { start: { line, character }, end: { line, character: character + needle.length } };
}

/** A diagnostic's message as text (LSP 3.18 allows MarkupContent there too). */
export function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

/** A compact, order-preserving view of diagnostics for deepEqual. */
export function summarize(diagnostics: Diagnostic[]): { code: string | number | undefined; range: Range }[] {
  return diagnostics.map((d) => ({ code: d.code, range: d.range }));
}

export function codes(diagnostics: Diagnostic[]): (string | number | undefined)[] {
  return diagnostics.map((d) => d.code);
}

/**
 * The offset in `text` of an LSP position (UTF-16 code units; a line ends at \n, \r\n or \r).
 * Strict: a line or character past the end throws, so that a sloppy range fails the test.
 */
export function offsetAt(text: string, position: Position): number {
  let lineStart = 0;
  for (let line = 0; line < position.line; line++) {
    let i = lineStart;
    while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    if (i >= text.length) throw new Error(`line ${position.line} is past the end of the text (${line + 1} lines)`);
    lineStart = text[i] === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1;
  }
  let lineEnd = lineStart;
  while (lineEnd < text.length && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
  if (position.character > lineEnd - lineStart) throw new Error(`character ${position.character} is past the end of line ${position.line} (${lineEnd - lineStart} characters)`);
  return lineStart + position.character;
}

/** Applies text edits that all refer to `text` (as LSP requires); overlapping edits throw. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const spans = edits.map((edit, order) => ({ start: offsetAt(text, edit.range.start), end: offsetAt(text, edit.range.end), newText: edit.newText, order }));
  for (const span of spans) if (span.end < span.start) throw new Error(`reversed range ${JSON.stringify(span)}`);
  spans.sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i].start < spans[i - 1].end) throw new Error(`overlapping edits at offsets ${spans[i - 1].start}-${spans[i - 1].end} and ${spans[i].start}-${spans[i].end}`);
  }
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + span.newText;
    at = span.end;
  }
  return out + text.slice(at);
}

/**
 * Asks `probe` again (every 10 ms) until `accept` likes the answer, and returns it; fails after
 * `timeoutMs` with the last answer. For state the server settles asynchronously, such as a closed
 * document leaving the index once its file has been read again.
 */
export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 3_000, what = 'the expected answer'): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (performance.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
    await new Promise((resolveLater) => setTimeout(resolveLater, 10));
  }
}

/** Every file under `dir` (relative path → bytes), to compare a workspace before and after. */
export function snapshotFiles(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (relative: string) => {
    for (const entry of readdirSync(join(dir, relative), { withFileTypes: true })) {
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else files.set(path, readFileSync(join(dir, path)));
    }
  };
  walk('');
  return files;
}

/** The paths whose bytes differ between two snapshots, or that only one of them has. */
export function diffSnapshots(before: Map<string, Buffer>, after: Map<string, Buffer>): string[] {
  const differ: string[] = [];
  for (const [path, bytes] of before) if (!after.has(path) || !after.get(path)!.equals(bytes)) differ.push(path);
  for (const path of after.keys()) if (!before.has(path)) differ.push(path);
  return differ.sort();
}

/** The text edits a WorkspaceEdit makes to one document (all its TextDocumentEdits, in order). */
export function editsFor(edit: WorkspaceEdit | null | undefined, uri: string): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const change of edit?.documentChanges ?? []) {
    if (!('kind' in change) && change.textDocument.uri === uri) edits.push(...(change.edits as TextEdit[]));
  }
  return edits;
}

export { FileChangeType };
