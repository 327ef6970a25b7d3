#!/usr/bin/env node
import {
  CodeActionKind,
  createConnection,
  DiagnosticSeverity,
  ErrorCodes,
  LSPErrorCodes,
  Message,
  ResponseError,
  RequestType,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  WatchKind,
  type FileSystemWatcher,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { FIX_ALL_KIND } from './core/features/codeActions';
import { RELATIONSHIP_GRAPH_REQUEST, relationshipGraph, type RelationshipGraph, type RelationshipGraphParams } from './core/features/graph';
import { NEW_ENTRY_REQUEST, planNewEntry, type NewEntryParams, type NewEntryResult } from './core/features/newEntry';
import { RenameRefused } from './core/features/rename';
import { CONFIG_FILE_NAME, loadConfig, type GlossaryConfig } from './core/config';
import { canonicalUri, GlossaryService, type FileChange } from './core/glossaryService';
import { LoadedIconSets } from './core/icons';
import { DEFAULT_SETTINGS, resolveSettings, type GlossarySettings } from './core/settings';
import { AnalysisPool } from './analysisPool';
import { loadBundledIconSet } from './bundledIconSets';
import { MermaidChecker } from './mermaidChecker';
import { NodeWorkspace } from './nodeWorkspace';
import { existsSync } from 'node:fs';

/** Sent to the client as indexing progresses, for its status bar. */
export const INDEX_STATUS_NOTIFICATION = 'glossary/indexStatus';

if (process.argv.includes('--version')) {
  process.stdout.write('glossary-language-server 0.1.0\n');
  process.exit(0);
}

/**
 * A request still waiting in the queue when its $/cancelRequest arrives (behind an indexing slice
 * or a large document) is answered RequestCancelled at once instead of being computed.
 */
const connection = createConnection(ProposedFeatures.all, {
  connectionStrategy: {
    cancelUndispatched: (message) => (Message.isRequest(message) ? { jsonrpc: '2.0', id: message.id, error: { code: LSPErrorCodes.RequestCancelled, message: 'The request was cancelled before it ran.' } } : undefined),
  },
});
const documents = new TextDocuments(TextDocument);
const log = (message: string) => connection.console.log(message);
/** Parses ```mermaid blocks in a worker thread; when its answers change a document's diagnostics, they are published again. */
const mermaid = new MermaidChecker({ log, onResults: (uri) => scheduleDiagnostics([uri]) });

/** Worker threads that index the workspace and parse large documents while this thread answers requests. */
const analysis = new AnalysisPool({ log });

/** The icon sets of logoIcon values (Lucide, bundled); open entries are checked again when one arrives. */
const icons = new LoadedIconSets(loadBundledIconSet, { log }, () => scheduleDiagnostics(service?.openUris() ?? []));

let service: GlossaryService | undefined;
let initialSettings: unknown;
let canPullConfiguration = false;
let canWatchFiles = false;
/** Diagnostics wait for the first complete index: before it, every slug would look unknown. */
let indexReady = false;
const pendingDiagnostics = new Set<string>();
let flushScheduled = false;

function guarded<A extends unknown[], R>(name: string, handler: (...args: A) => R, fallback: R): (...args: A) => R {
  return (...args: A) => {
    try {
      return handler(...args);
    } catch (error) {
      log(`${name} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return fallback;
    }
  };
}

function scheduleDiagnostics(uris: Iterable<string>): void {
  for (const uri of uris) pendingDiagnostics.add(uri);
  if (flushScheduled || !indexReady) return;
  flushScheduled = true;
  // Coalesces a burst of changes (a paste, a file-watch batch) into one pass per document.
  setImmediate(flushDiagnostics);
}

const flushDiagnostics = guarded('diagnostics', () => {
  flushScheduled = false;
  if (!service) return;
  for (const uri of pendingDiagnostics) {
    const open = service.getOpen(uri);
    if (!open) continue;
    // The core's diagnostics go out now, with the Mermaid answers already known for this text.
    const diagnostics = [...service.diagnostics(uri), ...mermaid.diagnostics(open.uri, open.document, open.entry, service.settings)]
      .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    void connection.sendDiagnostics({ uri: open.document.uri, diagnostics });
  }
  pendingDiagnostics.clear();
}, undefined);

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : params.rootPath ? [URI.file(params.rootPath).toString()] : []);
  workspaceFolders = folders;
  initialSettings = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
  canPullConfiguration = !!params.capabilities.workspace?.configuration;
  canWatchFiles = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  const { settings, problems } = resolveSettings(initialSettings);
  problems.forEach((problem) => log(`Settings: ${problem}`));
  service = new GlossaryService(new NodeWorkspace(folders), settings, { log }, icons, analysis);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: ['-', ' ', '[', ',', '/'], resolveProvider: false },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      codeLensProvider: { resolveProvider: false },
      documentLinkProvider: { resolveProvider: false },
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      renameProvider: { prepareProvider: true },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      workspace: {
        workspaceFolders: { supported: true },
        fileOperations: { willRename: { filters: [{ scheme: 'file', pattern: { glob: '**/*.md', matches: 'file' } }] } },
      },
    },
    serverInfo: { name: 'glossary-language-server', version: '0.1.0' },
  };
});

let workspaceFolders: string[] = [];
let config: GlossaryConfig | undefined;

/** Editor settings: pulled when the client can answer, else what initializationOptions or a push sent. */
async function editorSettings(pushed?: unknown): Promise<unknown> {
  if (!canPullConfiguration) return pushed ?? initialSettings;
  try {
    return (await connection.workspace.getConfiguration('glossary')) ?? initialSettings;
  } catch (error) {
    log(`Could not read settings: ${String(error)}`);
    return initialSettings;
  }
}

function publishConfigDiagnostics(previous: GlossaryConfig | undefined): void {
  if (previous && previous.uri !== config?.uri) void connection.sendDiagnostics({ uri: previous.uri, diagnostics: [] });
  if (!config) return;
  const document = TextDocument.create(config.uri, 'json', 0, config.text);
  void connection.sendDiagnostics({
    uri: config.uri,
    diagnostics: config.problems.map((problem) => ({
      range: { start: document.positionAt(problem.span.start), end: document.positionAt(problem.span.end) },
      severity: DiagnosticSeverity.Error,
      source: 'glossary',
      code: 'config',
      message: problem.message,
    })),
  });
}

/**
 * Settings are the defaults, overlaid by glossary.config.json (shared with the CLI), overlaid by
 * what the editor's user set. Returns true when the index must be rebuilt.
 */
async function refreshSettings(pushed?: unknown): Promise<boolean> {
  if (!service) return false;
  const previous = config;
  config = workspaceFolders[0] ? await loadConfig(new NodeWorkspace(workspaceFolders), workspaceFolders[0]).catch(() => undefined) : undefined;
  publishConfigDiagnostics(previous);
  if (config?.problems.length) log(`${config.uri}: ${config.problems.length} problem(s) in the configuration; see its diagnostics.`);
  const { settings, problems } = resolveSettings(await editorSettings(pushed), config?.settings ?? DEFAULT_SETTINGS);
  problems.forEach((problem) => void connection.window.showWarningMessage(`Glossary settings: ${problem}`));
  return service.updateSettings(settings);
}

/**
 * Every Markdown file (a file moved into or out of the glossary matters too), plus the glossary
 * folders themselves: watchers report a deleted or moved folder once, not once per file in it.
 */
function fileWatchers(settings: GlossarySettings): FileSystemWatcher[] {
  const folders = new Set(settings.include.map((glob) => glob.replace(/\/(\*\*\/)?[^/]*$/, '')).filter((folder) => folder && folder !== '**'));
  const createOrDelete = WatchKind.Create | WatchKind.Delete;
  return [{ globPattern: '**/*.md' }, { globPattern: `**/${CONFIG_FILE_NAME}` }, ...[...folders].flatMap((folder) => [{ globPattern: folder, kind: createOrDelete }, { globPattern: `${folder}/**`, kind: createOrDelete }])];
}

async function indexWorkspace(): Promise<void> {
  if (!service) return;
  indexReady = false;
  const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
  progress?.begin('Indexing glossary', 0, 'finding entries', false);
  connection.sendNotification(INDEX_STATUS_NOTIFICATION, { state: 'indexing', entries: service.index.size });
  const report = await service.indexWorkspace((done, total) => {
    progress?.report(total ? Math.round((done / total) * 100) : 100, `${done} of ${total} entries`);
    connection.sendNotification(INDEX_STATUS_NOTIFICATION, { state: 'indexing', entries: service?.index.size ?? 0, done, total });
  });
  progress?.done();
  // The workers' heaps go now rather than when idle: the Mermaid worker starts with the first diagnostics.
  analysis.stopIdleWorkers();
  const { heapUsed, rss } = process.memoryUsage();
  log(`Indexed ${report.indexed} of ${report.files} glossary files in ${report.milliseconds.toFixed(0)} ms (heap ${(heapUsed / 2 ** 20).toFixed(0)} MB, process ${(rss / 2 ** 20).toFixed(0)} MB).`);
  // The include/exclude globs may have changed: documents open in the editor follow them too.
  for (const document of documents.all()) {
    const isEntry = service.isEntry(document.uri);
    if (isEntry && !service.isOpen(document.uri)) openDocumentChanged(document);
    else if (!isEntry && service.isOpen(document.uri)) {
      await service.closeDocument(document.uri);
      void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    }
  }
  indexReady = true;
  connection.sendNotification(INDEX_STATUS_NOTIFICATION, { state: 'ready', entries: service.index.size });
  scheduleDiagnostics(service.openUris());
}

connection.onInitialized(async () => {
  await refreshSettings();
  // Loaded now, while the glossary is indexed, so that the first request about an icon finds the set there.
  if (service) void icons.ready(service.settings.iconPrefixes);
  if (canWatchFiles && service) {
    await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: fileWatchers(service.settings) }).catch(() => undefined);
  }
  await indexWorkspace();
});

connection.onDidChangeConfiguration(async (change) => {
  if (!service) return;
  const reindex = await refreshSettings((change.settings as { glossary?: unknown } | undefined)?.glossary);
  if (reindex) await indexWorkspace();
  else scheduleDiagnostics(service.openUris());
});

/** Parses the document's new text (a large one on a worker thread) and re-checks it and the entries it touches. */
function openDocumentChanged(document: TextDocument): void {
  if (!service) return;
  if (!service.parsesOffThread(document)) {
    scheduleDiagnostics([document.uri, ...service.setOpenDocument(document)]);
    return;
  }
  service.setOpenDocumentOffThread(document).then(
    (affected) => affected && scheduleDiagnostics([document.uri, ...affected]),
    (error: unknown) => log(`change of ${document.uri} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`),
  );
}

documents.onDidChangeContent(guarded('change', (event) => {
  if (service?.isEntry(event.document.uri)) openDocumentChanged(event.document);
}, undefined));

documents.onDidClose(async (event) => {
  if (!service) return;
  const uri = event.document.uri;
  mermaid.forget(canonicalUri(uri));
  void connection.sendDiagnostics({ uri, diagnostics: [] });
  if (!service.isOpen(uri) && !service.isParsePending(uri)) return;
  scheduleDiagnostics(await service.closeDocument(uri));
});

connection.onDidChangeWatchedFiles(async (params) => {
  if (!service) return;
  const kinds: Record<number, FileChange> = { [FileChangeType.Created]: 'created', [FileChangeType.Changed]: 'changed', [FileChangeType.Deleted]: 'deleted' };
  const affected = new Set<string>();
  if (params.changes.some((change) => change.uri.endsWith(`/${CONFIG_FILE_NAME}`))) {
    if (await refreshSettings()) await indexWorkspace();
    else scheduleDiagnostics(service.openUris());
  }
  for (const change of params.changes) {
    if (change.uri.endsWith(`/${CONFIG_FILE_NAME}`)) continue;
    try {
      for (const uri of await service.fileChanged(change.uri, kinds[change.type])) affected.add(uri);
    } catch (error) {
      log(`File event for ${change.uri} failed: ${String(error)}`);
    }
  }
  connection.sendNotification(INDEX_STATUS_NOTIFICATION, { state: indexReady ? 'ready' : 'indexing', entries: service.index.size });
  scheduleDiagnostics(affected);
});

/**
 * A request about one document answers from its latest text: while a large document is parsed on
 * a worker thread, its requests wait for that parse (others are answered meanwhile).
 */
function onDocument<P extends { textDocument: { uri: string } }, R>(handler: (params: P) => R): (params: P) => R | Promise<R> {
  return (params) => (service?.isParsePending(params.textDocument.uri) ? service.parsed(params.textDocument.uri).then(() => handler(params)) : handler(params));
}

connection.onCompletion(onDocument(guarded('completion', (params) => service?.completion(params.textDocument.uri, params.position) ?? null, null)));
connection.onHover(onDocument(guarded('hover', (params) => service?.hover(params.textDocument.uri, params.position) ?? null, null)));
connection.onDefinition(onDocument(guarded('definition', (params) => service?.definition(params.textDocument.uri, params.position) ?? null, null)));
connection.onReferences(onDocument(guarded('references', (params) => service?.references(params.textDocument.uri, params.position, params.context.includeDeclaration) ?? [], [])));
connection.onCodeLens(onDocument(guarded('code lens', (params) => service?.codeLenses(params.textDocument.uri) ?? [], [])));
connection.onDocumentLinks(onDocument(guarded('document links', (params) => service?.documentLinks(params.textDocument.uri) ?? [], [])));
connection.onDocumentSymbol(onDocument(guarded('document symbols', (params) => service?.documentSymbols(params.textDocument.uri) ?? [], [])));
connection.onWorkspaceSymbol(guarded('workspace symbols', (params) => service?.workspaceSymbols(params.query) ?? [], []));

/** A refused rename answers with its reason, which the editor shows; anything else is a real failure. */
function renameRequest<R>(name: string, run: () => R): R | ResponseError<void> | null {
  try {
    return run();
  } catch (error) {
    if (error instanceof RenameRefused) return new ResponseError(ErrorCodes.InvalidRequest, error.message);
    log(`${name} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return null;
  }
}
connection.onPrepareRename(onDocument((params) => renameRequest('prepare rename', () => service?.prepareRename(params.textDocument.uri, params.position) ?? null)));
connection.onRenameRequest(onDocument((params) => renameRequest('rename', () => service?.rename(params.textDocument.uri, params.position, params.newName) ?? null)));

connection.onCodeAction(async (params) => {
  try {
    await service?.parsed(params.textDocument.uri);
    return (await service?.codeActions(params.textDocument.uri, params.context.diagnostics, params.context.only)) ?? [];
  } catch (error) {
    log(`code actions failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return [];
  }
});

connection.workspace.onWillRenameFiles(async (params) => {
  if (!service || service.settings.updateLinksOnRename === 'never') return null;
  try {
    const { edit, renamed } = service.editsForFileRenames(params.files);
    if (renamed.length === 0) return null;
    if (service.settings.updateLinksOnRename === 'prompt') {
      const references = renamed.reduce((count, r) => count + r.references, 0);
      const what = renamed.length === 1 ? `'${renamed[0].from}' to '${renamed[0].to}'` : `${renamed.length} entries`;
      const answer = await connection.window.showInformationMessage(`Update ${references} ${references === 1 ? 'reference' : 'references'} to renamed ${what}?`, { title: 'Update' }, { title: 'Skip' });
      if (answer?.title !== 'Update') return null;
    }
    return edit;
  } catch (error) {
    log(`rename of files failed: ${String(error)}`);
    return null;
  }
});

/** Custom requests of the VS Code client's commands "New Term" and "Show Relationship Graph". */
connection.onRequest(new RequestType<NewEntryParams, NewEntryResult, void>(NEW_ENTRY_REQUEST), async (params) => {
  if (!service) return new ResponseError(ErrorCodes.ServerNotInitialized, 'The server is not initialized.');
  const glossary = service;
  try {
    return await planNewEntry(params ?? ({} as NewEntryParams), {
      index: glossary.index,
      settings: glossary.settings,
      folders: workspaceFolders,
      isEntry: (uri) => glossary.isEntry(uri),
      fileExists: async (uri) => existsSync(URI.parse(uri).fsPath),
    });
  } catch (error) {
    log(`new entry failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return new ResponseError(ErrorCodes.InternalError, 'The new entry could not be prepared; see the server log.');
  }
});
connection.onRequest(new RequestType<RelationshipGraphParams, RelationshipGraph | null, void>(RELATIONSHIP_GRAPH_REQUEST), guarded('relationship graph', (params: RelationshipGraphParams) => (
  service && typeof params?.uri === 'string' ? relationshipGraph(service.index, params.uri, params) ?? null : null
), null));

connection.onShutdown(() => {
  mermaid.dispose();
  analysis.dispose();
});

process.on('uncaughtException', (error) => log(`Uncaught: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => log(`Unhandled rejection: ${String(reason)}`));

documents.listen(connection);
connection.listen();
