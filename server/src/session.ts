/**
 * The LSP glue: one language-server session over a connection, translating messages into calls on
 * the GlossaryService and publishing what it finds. How files are read, where work runs and how
 * Mermaid parses are given by the front (server.ts for Node over stdio), so the same session can
 * run elsewhere.
 */
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  LSPErrorCodes,
  RequestType,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  WatchKind,
  type CancellationToken,
  type Connection,
  type FileSystemWatcher,
  type InitializeParams,
  type InitializeResult,
  type Location,
  type TextDocumentPositionParams,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { CONFIG_FILE_NAME, loadConfig, type GlossaryConfig } from './core/config';
import { byPosition, CONFIG_DIAGNOSTIC_CODE, glossaryDiagnostic } from './core/diagnosticCodes';
import type { EntryAnalyzer } from './core/entryFile';
import { FIX_ALL_KIND } from './core/features/codeActions';
import { RELATIONSHIP_GRAPH_REQUEST, type RelationshipGraph, type RelationshipGraphParams } from './core/features/graph';
import { GLOSSARY_STATS_REQUEST, statsLimitOf, type GlossaryStats, type GlossaryStatsParams } from './core/features/stats';
import { NEW_ENTRY_REQUEST, type NewEntryParams, type NewEntryResult } from './core/features/newEntry';
import { UNLINKED_MENTIONS_OF_REQUEST, type UnlinkedMentionsOfParams } from './core/mentions/mentionIndex';
import { RenameRefused } from './core/features/rename';
import { canonicalUri, type FileChange } from './core/glossaryService';
import { Glossaries } from './core/glossaries';
import { LoadedIconSets } from './core/icons';
import { loadBundledIconSet } from './bundledIconSets';
import { DEFAULT_SETTINGS, resolveSettings, type GlossarySettings } from './core/settings';
import type { GlossaryWorkspace } from './core/workspace';
import { MermaidChecker, type MermaidPortFactory } from './mermaidChecker';
import {
  CHECK_WHOLE_GLOSSARY_REQUEST, ENTRY_GLOBS_NOTIFICATION, INDEX_STATUS_NOTIFICATION,
  type CheckWholeGlossaryResult, type EntryGlobs, type IndexStatus,
} from './protocol';
import { VERSION } from './version';
import { WholeGlossaryFindings } from './wholeGlossary';
import { SLICE_MS, yieldBackgroundWorkTo } from './core/scheduling';
import type { MessageTraffic } from './messageTraffic';

/** What the front provides: the file system, other threads, the Mermaid parser. */
export interface SessionEnvironment {
  createWorkspace(folders: readonly string[]): GlossaryWorkspace;
  /** Other threads for indexing and large documents, with a way to free them once idle. */
  analyzer?: EntryAnalyzer & { stopIdleWorkers(): void; dispose(): void };
  /** Where Mermaid parses diagrams: a worker thread on Node, the server's own thread in a browser. */
  mermaidPort: MermaidPortFactory;
  fileExists(uri: string): Promise<boolean>;
  /** Resident memory, for the log line after indexing (where the platform can tell). */
  memoryUsage?(): { heapUsed: number; rss: number };
  /** The connection's message count (its `messageStrategy`): diagnostics wait for a burst of keystrokes to end. */
  messageTraffic: MessageTraffic;
}

/**
 * How long a request that needs the whole glossary waits for the first complete index before it
 * is refused as "not ready yet" (the editor shows the indexing progress meanwhile).
 */
const INDEX_WAIT_MS = 30_000;
/** What a request reads of the index: every entry, or every entry with its body links (see Glossaries.readBodyLinks). */
type IndexPart = 'entries' | 'links';

/** Whether the answer at a position is final before the index is complete (Glossaries.answersBeforeIndex). */
const finalBeforeIndex = (params: TextDocumentPositionParams, service: Glossaries) => service.answersBeforeIndex(params.textDocument.uri, params.position);

const isPositionParams = (params: object): params is TextDocumentPositionParams => 'position' in params;

const FILE_CHANGES: Record<number, FileChange> = { [FileChangeType.Created]: 'created', [FileChangeType.Changed]: 'changed', [FileChangeType.Deleted]: 'deleted' };

const describeError = (error: unknown) => (error instanceof Error ? error.stack ?? error.message : String(error));

class NotIndexedYet extends Error {}

export class GlossarySession {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly mermaid: MermaidChecker;
  private service: Glossaries | undefined;
  private whole: WholeGlossaryFindings | undefined;
  private icons: LoadedIconSets | undefined;
  private folders: string[] = [];
  /** Each workspace folder's glossary.config.json, where it has one. */
  private configs = new Map<string, GlossaryConfig>();
  private initialSettings: unknown;
  private canPullConfiguration = false;
  private canWatchFiles = false;
  private canRefreshCodeLenses = false;
  private canTrackFolders = false;
  /** Diagnostics wait for every entry to be indexed: before it, every slug would look unknown. */
  private indexReady = false;
  /** The body links of every entry are read too (a large glossary's second pass): the index is complete. */
  private linksReady = false;
  /** Bumped by each indexing of the workspace: a second pass of an older one must not say the new one is complete. */
  private indexRound = 0;
  private readonly indexWaiters: { final?: () => boolean; needs: IndexPart; resolve: () => void }[] = [];
  /** Open documents whose named entries were read ahead during the current reading of the workspace. */
  private readonly readAheadFor = new Set<string>();
  private readonly pendingDiagnostics = new Set<string>();
  private flushScheduled = false;

  constructor(private readonly connection: Connection, private readonly environment: SessionEnvironment) {
    this.mermaid = new MermaidChecker({ createPort: environment.mermaidPort, log: this.log, trace: this.log, onResults: (uri) => this.scheduleDiagnostics([uri]) });
    this.registerHandlers();
    yieldBackgroundWorkTo((resume, ahead) => environment.messageTraffic.whenQuiet(resume, ahead));
  }

  listen(): void {
    this.documents.listen(this.connection);
    this.connection.listen();
  }

  private readonly log = (message: string) => this.connection.console.log(message);

  private get glossary(): Glossaries {
    if (!this.service) throw new ResponseError(ErrorCodes.ServerNotInitialized, 'The server is not initialized.');
    return this.service;
  }

  // ---- requests and their guards ----------------------------------------------------------------

  /**
   * Runs a handler. A refusal (a rename that cannot be done, the index not ready yet) goes back as
   * an error response with its reason, which the editor shows (vscode-jsonrpc answers a thrown
   * ResponseError so); any other failure is logged and answered with `fallback`.
   */
  private guarded<P, R>(name: string, handler: (params: P, token: CancellationToken) => R | Promise<R>, fallback: R): (params: P, token: CancellationToken) => Promise<R> {
    return async (params, token) => {
      try {
        return await handler(params, token);
      } catch (error) {
        if (error instanceof RenameRefused) throw new ResponseError(ErrorCodes.InvalidRequest, error.message);
        if (error instanceof NotIndexedYet) throw new ResponseError(LSPErrorCodes.ContentModified, error.message);
        if (error instanceof ResponseError) throw error;
        this.log(`${name} failed: ${describeError(error)}`);
        return fallback;
      }
    };
  }

  /** Whether what `needs` reads of the index is all there. */
  private indexed(needs: IndexPart): boolean {
    return needs === 'links' ? this.linksReady : this.indexReady;
  }

  /**
   * Resolves once every entry is indexed (with `needs` 'links', their body links too), or before it
   * once `final` says the answer can no longer change (asked again each time the index grows);
   * rejects with NotIndexedYet after `INDEX_WAIT_MS`.
   */
  private whenIndexed(token?: CancellationToken, final?: () => boolean, needs: IndexPart = 'entries'): Promise<void> {
    if (this.indexed(needs) || final?.()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        final,
        needs,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const stop = (error: Error) => {
        clearTimeout(timer);
        const at = this.indexWaiters.indexOf(waiter);
        if (at !== -1) this.indexWaiters.splice(at, 1);
        reject(error);
      };
      const timer = setTimeout(() => stop(new NotIndexedYet('The glossary is still being indexed; ask again in a moment.')), INDEX_WAIT_MS);
      this.indexWaiters.push(waiter);
      token?.onCancellationRequested(() => stop(new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.')));
    });
  }

  /** The index grew before it was complete (entries read ahead, a batch indexed): answers final now go out. */
  private indexGrew(): void {
    for (const waiter of [...this.indexWaiters]) {
      let final = false;
      try {
        final = waiter.final?.() ?? false;
      } catch (error) {
        this.log(`A request waiting for the index could not be answered early: ${describeError(error)}`);
      }
      if (!final) continue;
      this.indexWaiters.splice(this.indexWaiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  /**
   * A request about one document answers from its latest text: while a large document is parsed
   * on a worker thread, its requests wait for that parse (others are answered meanwhile). With
   * `needsIndex`, it also waits for every entry to be indexed ('links': their body links too): an
   * answer about the whole glossary (references, rename, a slug's target) from half of it would be
   * wrong and look final.
   */
  private onDocument<P extends { textDocument: { uri: string } }, R>(name: string, needsIndex: false | IndexPart | ((params: P, service: Glossaries) => boolean), handler: (params: P, service: Glossaries) => R | Promise<R>, fallback: R) {
    return this.guarded<P, R>(name, async (params, token) => {
      const service = this.glossary;
      if (service.isParsePending(params.textDocument.uri)) await service.parsed(params.textDocument.uri);
      // A function says when the answer is final before the index is complete (it waits no longer
      // then); asked again after a parse the wait let through, which may have moved what it names.
      if (needsIndex) {
        const final = typeof needsIndex === 'function' ? () => needsIndex(params, service) : undefined;
        const needs = typeof needsIndex === 'function' ? 'entries' : needsIndex;
        // What the request names is read now, ahead of the rest: the user may ask about any entry, not the first named.
        if (final && isPositionParams(params) && !this.indexed(needs) && !final()) {
          service.readEntryNamedAt(params.textDocument.uri, params.position, () => this.indexGrew()).catch((error: unknown) => this.log(`Reading the entry named at a position failed: ${describeError(error)}`));
        }
        do {
          await this.whenIndexed(token, final, needs);
          if (service.isParsePending(params.textDocument.uri)) await service.parsed(params.textDocument.uri);
        } while (!this.indexed(needs) && !final?.());
      }
      return handler(params, service);
    }, fallback);
  }

  private registerHandlers(): void {
    const { connection, documents } = this;
    connection.onInitialize((params) => this.initialize(params));
    connection.onInitialized(() => void this.initialized());
    connection.onDidChangeConfiguration((change) => void this.configurationChanged((change.settings as { glossary?: unknown } | undefined)?.glossary));
    documents.onDidChangeContent((event) => {
      if (this.service?.isEntry(event.document.uri)) this.openDocumentChanged(event.document);
    });
    documents.onDidOpen((event) => this.whole?.opened(canonicalUri(event.document.uri)));
    documents.onDidClose((event) => void this.documentClosed(event.document.uri));
    connection.onDidChangeWatchedFiles((params) => void this.filesChanged(params.changes));

    // Completion answers at once, from what is indexed so far: until every entry is indexed the
    // list says it is incomplete, so the editor asks again as the user types instead of keeping a
    // short list as final (an empty query's list says so until the body links are in too).
    connection.onCompletion(this.onDocument('completion', false, (params, service) => {
      const list = service.completion(params.textDocument.uri, params.position);
      return list && !this.indexReady ? { ...list, isIncomplete: true } : list;
    }, null));
    // The rest wait for every entry to be indexed (bounded), which small glossaries reach almost at
    // once, and what counts the entries that link to one for their body links too; a hover or
    // definition naming an entry already indexed is final and answered at once.
    connection.onHover(this.onDocument('hover', finalBeforeIndex, (params, service) => service.hover(params.textDocument.uri, params.position), null));
    connection.onDefinition(this.onDocument('definition', finalBeforeIndex, (params, service) => service.definition(params.textDocument.uri, params.position), null));
    connection.onReferences(this.onDocument('references', 'links', (params, service) => service.references(params.textDocument.uri, params.position, params.context.includeDeclaration), []));
    connection.onCodeLens(this.onDocument('code lens', 'links', (params, service) => service.codeLenses(params.textDocument.uri), []));
    connection.onDocumentLinks(this.onDocument('document links', 'entries', (params, service) => service.documentLinks(params.textDocument.uri), []));
    connection.onDocumentSymbol(this.onDocument('document symbols', false, (params, service) => service.documentSymbols(params.textDocument.uri), []));
    connection.onWorkspaceSymbol(this.guarded('workspace symbols', async (params, token) => {
      await this.whenIndexed(token);
      return this.glossary.workspaceSymbols(params.query);
    }, []));
    connection.onPrepareRename(this.onDocument('prepare rename', 'links', (params, service) => service.prepareRename(params.textDocument.uri, params.position), null));
    connection.onRenameRequest(this.onDocument('rename', 'links', (params, service) => service.rename(params.textDocument.uri, params.position, params.newName), null));
    connection.onCodeAction(this.onDocument('code actions', 'entries', (params, service) => service.codeActions(params.textDocument.uri, params.context.diagnostics, params.context.only), []));
    connection.workspace.onWillRenameFiles(this.guarded('rename of files', async (params) => {
      const service = this.glossary;
      if (service.settings.updateLinksOnRename === 'never') return null;
      await this.whenIndexed(undefined, undefined, 'links');
      const { edit, renamed } = service.editsForFileRenames(params.files);
      if (renamed.length === 0) return null;
      if (service.settings.updateLinksOnRename === 'prompt') {
        const references = renamed.reduce((count, r) => count + r.references, 0);
        const what = renamed.length === 1 ? `'${renamed[0].from}' to '${renamed[0].to}'` : `${renamed.length} entries`;
        const answer = await connection.window.showInformationMessage(`Update ${references} ${references === 1 ? 'reference' : 'references'} to renamed ${what}?`, { title: 'Update' }, { title: 'Skip' });
        if (answer?.title !== 'Update') return null;
      }
      return edit;
    }, null));

    // The VS Code client's commands "New Term", "Show Relationship Graph" and "Check Whole Glossary".
    connection.onRequest(new RequestType<NewEntryParams, NewEntryResult, void>(NEW_ENTRY_REQUEST), this.guarded('new entry', async (params: NewEntryParams): Promise<NewEntryResult> => {
      const service = this.glossary;
      await this.whenIndexed();
      return service.newEntry(params ?? ({} as NewEntryParams), (uri) => this.environment.fileExists(uri));
    }, { error: 'The new entry could not be prepared; see the server log.', reason: 'no-folder' } satisfies NewEntryResult));
    connection.onRequest(new RequestType<RelationshipGraphParams, RelationshipGraph | null, void>(RELATIONSHIP_GRAPH_REQUEST), this.guarded('relationship graph', async (params: RelationshipGraphParams): Promise<RelationshipGraph | null> => {
      await this.whenIndexed();
      return typeof params?.uri === 'string' ? this.glossary.relationshipGraph(params.uri, params) ?? null : null;
    }, null));
    // The figures are of the whole glossary: never from a partial index.
    connection.onRequest(new RequestType<unknown, GlossaryStats | null, void>(GLOSSARY_STATS_REQUEST), this.guarded('glossary stats', async (params: unknown, token): Promise<GlossaryStats | null> => {
      await this.whenIndexed(token, undefined, 'links');
      const uri = (params as GlossaryStatsParams | undefined)?.uri;
      return await this.glossary.stats(statsLimitOf(params), typeof uri === 'string' ? uri : undefined);
    }, null));
    connection.onRequest(new RequestType<UnlinkedMentionsOfParams, Location[], void>(UNLINKED_MENTIONS_OF_REQUEST), this.guarded('unlinked mentions', async (params: UnlinkedMentionsOfParams, token): Promise<Location[]> => {
      await this.whenIndexed(token, undefined, 'links');
      return typeof params?.uri === 'string' ? this.glossary.unlinkedMentionsOf(params.uri, () => token.isCancellationRequested) : [];
    }, []));
    connection.onRequest(new RequestType<unknown, CheckWholeGlossaryResult, void>(CHECK_WHOLE_GLOSSARY_REQUEST), this.guarded('whole-glossary check', (_params: unknown, token) => this.checkWholeGlossary(token), { entries: 0, findings: 0, cancelled: true } satisfies CheckWholeGlossaryResult));

    connection.onShutdown(() => {
      this.mermaid.dispose();
      this.environment.analyzer?.dispose();
    });
  }

  // ---- lifecycle ----------------------------------------------------------------------------------

  private initialize(params: InitializeParams): InitializeResult {
    this.folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : params.rootPath ? [URI.file(params.rootPath).toString()] : []);
    this.initialSettings = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
    this.canPullConfiguration = !!params.capabilities.workspace?.configuration;
    this.canWatchFiles = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    this.canRefreshCodeLenses = !!params.capabilities.workspace?.codeLens?.refreshSupport;
    this.canTrackFolders = !!params.capabilities.workspace?.workspaceFolders;
    const { settings, problems } = resolveSettings(this.initialSettings);
    problems.forEach((problem) => this.log(`Settings: ${problem}`));
    // The icon sets of logoIcon values (Lucide, bundled); open entries are checked again when one arrives.
    this.icons = new LoadedIconSets(loadBundledIconSet, { log: this.log }, () => this.scheduleDiagnostics(this.service?.openUris() ?? []));
    const service = new Glossaries(this.environment.createWorkspace(this.folders), settings, { log: this.log }, this.icons, this.environment.analyzer);
    this.service = service;
    this.whole = new WholeGlossaryFindings({
      service,
      mermaid: this.mermaid,
      publish: (uri, diagnostics) => void this.connection.sendDiagnostics({ uri, diagnostics }),
      log: this.log,
    });
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
          workspaceFolders: { supported: true, changeNotifications: true },
          fileOperations: { willRename: { filters: [{ scheme: 'file', pattern: { glob: '**/*.md', matches: 'file' } }] } },
        },
      },
      serverInfo: { name: 'glossary-language-server', version: VERSION },
    };
  }

  private async initialized(): Promise<void> {
    if (this.canTrackFolders) {
      try {
        this.connection.workspace.onDidChangeWorkspaceFolders((event) => void this.foldersChanged(event.added.map((f) => f.uri), event.removed.map((f) => f.uri)));
      } catch (error) {
        this.log(`Workspace folder changes will not be followed: ${describeError(error)}`);
      }
    }
    await this.refreshSettings();
    void this.icons?.ready(this.glossary.settings.iconPrefixes);
    if (this.canWatchFiles) {
      await this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: fileWatchers(this.folders.map((folder) => this.glossary.settingsFor(`${folder.replace(/\/$/, '')}/x.md`))) }).catch(() => undefined);
    }
    await this.indexWorkspace();
  }

  /** Workspace folders came or went: each new one's configuration is read, and the index follows. */
  private async foldersChanged(added: readonly string[], removed: readonly string[]): Promise<void> {
    if (!this.service) return;
    const gone = new Set(removed.map((uri) => canonicalUri(uri)));
    this.folders = [...this.folders.filter((folder) => !gone.has(canonicalUri(folder))), ...added.filter((uri) => !this.folders.includes(uri))];
    this.log(`Workspace folders changed (${added.length} added, ${removed.length} removed); indexing again.`);
    this.service.setWorkspace(this.environment.createWorkspace(this.folders), this.service.settings);
    await this.refreshSettings();
    await this.indexWorkspace();
    this.whole?.pruneGone();
  }

  private async configurationChanged(pushed: unknown): Promise<void> {
    if (!this.service) return;
    const wasChecking = this.service.settings.wholeGlossary.check;
    if (await this.refreshSettings(pushed)) await this.indexWorkspace();
    else this.scheduleDiagnostics(this.service.openUris());
    const checking = this.service.settings.wholeGlossary.check;
    if (wasChecking && !checking) this.whole?.turnOff();
    else if (checking && !wasChecking) void this.checkWholeGlossary();
    else if (this.whole?.isOn) this.whole.refresh(this.service.entryUris());
  }

  /** Editor settings: pulled when the client can answer, else what initializationOptions or a push sent. */
  private async editorSettings(pushed?: unknown, folder?: string): Promise<unknown> {
    if (!this.canPullConfiguration) return pushed ?? this.initialSettings;
    try {
      // A folder's own settings (a multi-root workspace's folder settings) where it has them.
      const settings: unknown = folder ? await this.connection.workspace.getConfiguration({ scopeUri: folder, section: 'glossary' }) : await this.connection.workspace.getConfiguration('glossary');
      return settings ?? this.initialSettings;
    } catch (error) {
      this.log(`Could not read settings: ${String(error)}`);
      return this.initialSettings;
    }
  }

  /**
   * Settings are the defaults, overlaid by glossary.config.json (shared with the CLI), overlaid by
   * what the editor's user set. Returns true when the index must be rebuilt.
   */
  private async refreshSettings(pushed?: unknown): Promise<boolean> {
    const service = this.glossary;
    const previous = this.configs;
    const workspace = this.environment.createWorkspace(this.folders);
    this.configs = new Map();
    const byFolder = new Map<string, GlossarySettings>();
    for (const folder of this.folders) {
      const config = await loadConfig(workspace, folder).catch(() => undefined);
      if (config) this.configs.set(folder, config);
      if (config?.problems.length) this.log(`${config.uri}: ${config.problems.length} problem(s) in the configuration; see its diagnostics.`);
      const { settings, problems } = resolveSettings(await this.editorSettings(pushed, folder), config?.settings ?? DEFAULT_SETTINGS);
      // The same editor settings give the same complaint in every folder: said once.
      if (folder === this.folders[0]) problems.forEach((problem) => void this.connection.window.showWarningMessage(`Glossary settings: ${problem}`));
      byFolder.set(folder, settings);
    }
    this.publishConfigDiagnostics(previous);
    const settings = byFolder.size ? byFolder : resolveSettings(await this.editorSettings(pushed)).settings;
    const first = settings instanceof Map ? settings.get(this.folders[0]) ?? DEFAULT_SETTINGS : settings;
    const include = [...new Set([...byFolder.values()].flatMap((s) => s.include))];
    const exclude = first.exclude;
    void this.connection.sendNotification(ENTRY_GLOBS_NOTIFICATION, { include: include.length ? include : first.include, exclude } satisfies EntryGlobs);
    return service.updateSettings(settings);
  }

  private publishConfigDiagnostics(previous: ReadonlyMap<string, GlossaryConfig>): void {
    const current = new Set([...this.configs.values()].map((config) => config.uri));
    for (const config of previous.values()) if (!current.has(config.uri)) void this.connection.sendDiagnostics({ uri: config.uri, diagnostics: [] });
    for (const config of this.configs.values()) {
      const document = TextDocument.create(config.uri, 'json', 0, config.text);
      void this.connection.sendDiagnostics({
        uri: config.uri,
        diagnostics: config.problems.map((problem) => glossaryDiagnostic(CONFIG_DIAGNOSTIC_CODE, 'error', { start: document.positionAt(problem.span.start), end: document.positionAt(problem.span.end) }, problem.message)),
      });
    }
  }

  private sendIndexStatus(status: IndexStatus): void {
    void this.connection.sendNotification(INDEX_STATUS_NOTIFICATION, status);
  }

  private async indexWorkspace(): Promise<void> {
    const service = this.glossary;
    const round = ++this.indexRound;
    this.indexReady = false;
    this.linksReady = false;
    this.readAheadFor.clear();
    const progress = await this.connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('Indexing glossary', 0, 'finding entries', false);
    this.sendIndexStatus({ state: 'indexing', entries: service.entryCount });
    const report = await service.indexWorkspace((done, total) => {
      progress?.report(total ? Math.round((done / total) * 100) : 100, `${done} of ${total} entries`);
      this.sendIndexStatus({ state: 'indexing', entries: service.entryCount, done, total });
      this.indexGrew();
    });
    progress?.done();
    const memory = this.environment.memoryUsage?.();
    const memoryNote = memory ? ` (heap ${(memory.heapUsed / 2 ** 20).toFixed(0)} MB, process ${(memory.rss / 2 ** 20).toFixed(0)} MB)` : '';
    this.log(`Indexed ${report.indexed} of ${report.files} glossary files in ${report.milliseconds.toFixed(0)} ms${memoryNote}.`);
    const glossaries = service.describe().filter((glossary) => glossary.entries > 0);
    if (glossaries.length > 1) this.log(`Glossaries: ${glossaries.map((g) => `${g.root}${g.language ? ` (${g.language})` : ''}: ${g.entries} entries`).join('; ')}.`);
    // The include/exclude globs may have changed: documents open in the editor follow them too.
    for (const document of this.documents.all()) {
      const isEntry = service.isEntry(document.uri);
      if (isEntry && !service.isOpen(document.uri)) this.openDocumentChanged(document);
      else if (!isEntry && service.isOpen(document.uri)) {
        await service.closeDocument(document.uri);
        void this.connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
      }
    }
    this.indexReady = true;
    const linksLater = service.hasUnreadLinks;
    if (!linksLater) this.linksReady = true;
    this.resolveIndexWaiters();
    this.sendIndexStatus(linksLater ? { state: 'indexing', entries: service.entryCount, phase: 'links' } : { state: 'ready', entries: service.entryCount });
    // The open entries' first checks against the whole glossary: their suggestions are found first,
    // in slices, so that no check holds requests back for long.
    for (const uri of service.openUris()) await service.prepareSuggestions(uri);
    // Indexing started again meanwhile (settings changed): that round does what follows.
    if (round !== this.indexRound) return;
    this.scheduleDiagnostics(service.openUris());
    // With the body links still to read, only the slug search and the completion warm-up are
    // prepared now, and the rest after them (readBodyLinks): this thread's preparing took the cores
    // from the workers reading them (20,000 entries: the complete index 3.9 → 3.6 s).
    this.prepareSearches(service, !linksLater);
    if (service.settings.wholeGlossary.check || this.whole?.isOn) void this.checkWholeGlossary();
    // The workers' heaps go as soon as they are done rather than when idle; the Mermaid worker
    // starts with the first diagnostics, or after the body links, not beside the workers reading them.
    if (linksLater) {
      const linksRead = this.readBodyLinks(service, round);
      this.mermaid.startAfter(linksRead);
      await linksRead;
    } else this.environment.analyzer?.stopIdleWorkers();
  }

  /** The second pass of a large glossary's indexing, after which the index is complete. */
  private async readBodyLinks(service: Glossaries, round: number): Promise<void> {
    const isCurrent = () => round === this.indexRound;
    const superseded = { get isCancellationRequested() { return !isCurrent(); } };
    const started = performance.now();
    try {
      await service.readBodyLinks(superseded);
    } catch (error) {
      this.log(`Reading the body links failed: ${describeError(error)}; references and renames may miss some.`);
    }
    if (superseded.isCancellationRequested) return;
    this.environment.analyzer?.stopIdleWorkers();
    this.log(`Read the body links of the glossary in ${(performance.now() - started).toFixed(0)} ms.`);
    this.linksReady = true;
    this.resolveIndexWaiters();
    this.sendIndexStatus({ state: 'ready', entries: service.entryCount });
    // A code lens asked at open and refused after INDEX_WAIT_MS (a very large glossary) is asked again.
    if (this.canRefreshCodeLenses) this.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    // The order of an empty completion list counts the body links too.
    this.prepareSearches(service);
  }

  /** Prepares the searches of completion and symbols: after the open entries' diagnostics, and each step after whatever requests arrived meanwhile. */
  private prepareSearches(service: Glossaries, linksRead = true): void {
    const preparations = service.searchPreparations(linksRead);
    const prepareNext = () => {
      if (this.service !== service) return;
      // A step that returns true has more to do, and is called again; one that fails is dropped
      // (what it prepares is then built by the first request that needs it), the others go on.
      let more = false;
      try {
        more = preparations[0]?.() === true;
      } catch (error) {
        this.log(`Preparing the completion and symbol searches failed: ${describeError(error)}; the first request that needs them builds them.`);
      }
      if (!more) preparations.shift();
      if (preparations.length) this.environment.messageTraffic.whenQuiet(prepareNext);
    };
    this.environment.messageTraffic.whenQuiet(prepareNext);
  }

  /** Lets through the requests waiting for what the index now holds. */
  private resolveIndexWaiters(): void {
    for (const waiter of [...this.indexWaiters]) {
      if (!this.indexed(waiter.needs)) continue;
      this.indexWaiters.splice(this.indexWaiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  // ---- documents and files ------------------------------------------------------------------------

  /** Parses the document's new text (a large one on a worker thread) and re-checks it and the entries it touches. */
  private openDocumentChanged(document: TextDocument): void {
    const service = this.glossary;
    // Before the first complete index, the entries this one names are read first (once per opening).
    const readAhead = () => {
      if (this.indexReady || this.readAheadFor.has(document.uri)) return;
      this.readAheadFor.add(document.uri);
      service.readNamedEntriesAhead(document.uri, () => this.indexGrew()).catch((error: unknown) => this.log(`Reading the entries ${document.uri} names failed: ${describeError(error)}`));
    };
    if (!service.parsesOffThread(document)) {
      this.scheduleDiagnostics([document.uri, ...service.setOpenDocument(document)]);
      readAhead();
      return;
    }
    service.setOpenDocumentOffThread(document).then(
      (affected) => {
        if (affected) this.scheduleDiagnostics([document.uri, ...affected]);
        readAhead();
      },
      (error: unknown) => this.log(`change of ${document.uri} failed: ${describeError(error)}`),
    );
  }

  private async documentClosed(uri: string): Promise<void> {
    const service = this.service;
    if (!service) return;
    this.readAheadFor.delete(uri);
    this.mermaid.forget(canonicalUri(uri));
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    if (!service.isOpen(uri) && !service.isParsePending(uri)) return;
    const affected = await service.closeDocument(uri);
    // With the whole-glossary check on, the closed entry's findings (from disk) stay in the panel.
    this.whole?.refresh([canonicalUri(uri)]);
    this.scheduleDiagnostics(affected);
  }

  private async filesChanged(changes: readonly { uri: string; type: number }[]): Promise<void> {
    const service = this.service;
    if (!service) return;
    const affected = new Set<string>();
    if (changes.some((change) => change.uri.endsWith(`/${CONFIG_FILE_NAME}`))) {
      if (await this.refreshSettings()) await this.indexWorkspace();
      else this.scheduleDiagnostics(service.openUris());
    }
    const changed: string[] = [];
    for (const change of changes) {
      if (change.uri.endsWith(`/${CONFIG_FILE_NAME}`)) continue;
      changed.push(canonicalUri(change.uri));
      try {
        for (const uri of await service.fileChanged(change.uri, FILE_CHANGES[change.type])) affected.add(uri);
      } catch (error) {
        this.log(`File event for ${change.uri} failed: ${String(error)}`);
      }
    }
    // The changed files themselves: an open one keeps the editor's text; a closed one is checked again.
    this.whole?.refresh(changed);
    this.whole?.pruneGone();
    this.sendIndexStatus(this.linksReady ? { state: 'ready', entries: service.entryCount } : { state: 'indexing', entries: service.entryCount, ...(this.indexReady ? { phase: 'links' as const } : {}) });
    this.scheduleDiagnostics(affected);
  }

  // ---- diagnostics ------------------------------------------------------------------------------

  private scheduleDiagnostics(uris: Iterable<string>): void {
    for (const uri of uris) this.pendingDiagnostics.add(uri);
    if (this.flushScheduled || !this.indexReady) return;
    this.scheduleFlush();
  }

  /**
   * Coalesces a burst of changes (keystrokes, a paste, a file-watch batch) into one pass per
   * document, after the requests received meanwhile (a completion asked with a keystroke is
   * answered first): checking a text the next keystroke has already replaced helps no one.
   */
  private scheduleFlush(): void {
    this.flushScheduled = true;
    this.environment.messageTraffic.whenQuiet(() => this.flushDiagnostics());
  }

  /** Publishes the pending documents' diagnostics, a slice at a time: the rest wait for the requests received meanwhile. */
  private flushDiagnostics(): void {
    this.flushScheduled = false;
    const service = this.service;
    if (!service) return;
    const closed: string[] = [];
    const sliceStart = performance.now();
    for (const uri of this.pendingDiagnostics) {
      if (performance.now() - sliceStart > SLICE_MS) {
        this.scheduleFlush();
        break;
      }
      this.pendingDiagnostics.delete(uri);
      const open = service.getOpen(uri);
      if (!open) {
        closed.push(uri);
        continue;
      }
      try {
        // The core's diagnostics go out now, with the Mermaid answers already known for this text.
        const diagnostics = [...service.diagnostics(uri), ...this.mermaid.diagnostics(open.uri, open.document, open.entry, service.settingsFor(open.uri))].sort(byPosition);
        void this.connection.sendDiagnostics({ uri: open.document.uri, diagnostics });
      } catch (error) {
        this.log(`diagnostics of ${uri} failed: ${describeError(error)}`);
      }
    }
    this.whole?.refresh(closed);
  }

  /** Turns the whole-glossary check on (once the index is complete) and publishes every entry's findings, with cancellable progress. */
  private async checkWholeGlossary(token?: CancellationToken): Promise<CheckWholeGlossaryResult> {
    await this.whenIndexed(token);
    const whole = this.whole!;
    const progress = await this.connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('Checking the whole glossary', 0, undefined, true);
    const cancelled = { get isCancellationRequested() { return !!token?.isCancellationRequested || !!progress?.token.isCancellationRequested; } };
    try {
      return await whole.checkAll((done, total) => progress?.report(total ? Math.round((done / total) * 100) : 100, `${done} of ${total} entries`), cancelled);
    } finally {
      progress?.done();
    }
  }
}

/**
 * Every Markdown file (a file moved into or out of the glossary matters too), plus the glossary
 * folders themselves: watchers report a deleted or moved folder once, not once per file in it.
 */
function fileWatchers(settingsOfFolders: readonly GlossarySettings[]): FileSystemWatcher[] {
  const folders = new Set(settingsOfFolders.flatMap((settings) => settings.include).map((glob) => glob.replace(/\/(\*\*\/)?[^/]*$/, '')).filter((folder) => folder && folder !== '**'));
  const createOrDelete = WatchKind.Create | WatchKind.Delete;
  return [{ globPattern: '**/*.md' }, { globPattern: `**/${CONFIG_FILE_NAME}` }, ...[...folders].flatMap((folder) => [{ globPattern: folder, kind: createOrDelete }, { globPattern: `${folder}/**`, kind: createOrDelete }])];
}
