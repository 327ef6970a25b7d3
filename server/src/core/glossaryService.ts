import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CodeAction,
  CodeLens,
  CompletionList,
  Diagnostic,
  DocumentLink,
  DocumentSymbol,
  Hover,
  Location,
  Position,
  Range,
  SymbolInformation,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-types';
import { URI } from 'vscode-uri';
import { EntryMatcher } from './entryMatcher';
import { analyzeEntryText, decodeEntryBytes, summarizeEntryFile, type AnalyzedText, type EntryAnalyzer } from './entryFile';
import type { ParsedEntry } from './parsing';
import { fixAllEdits, getCodeActions } from './features/codeActions';
import { getCompletions } from './features/completion';
import { computeDiagnostics, SuggestionCache } from './features/diagnostics';
import { getHover } from './features/hover';
import { mermaidBlocks, mermaidCheckEnabled, type MermaidBlock } from './features/mermaidSyntax';
import { getCodeLenses, getDefinition, getDocumentLinks, getReferences } from './features/navigation';
import { editsForFileRenames, getRenameEdit, prepareRename } from './features/rename';
import { getDocumentSymbols, getWorkspaceSymbols } from './features/symbols';
import { GlossaryIndex } from './glossaryIndex';
import type { IconSets } from './icons';
import { DEFAULT_SETTINGS, type GlossarySettings } from './settings';
import { summarizeEntry } from './summarize';
import { silentLogger, type GlossaryWorkspace, type Logger } from './workspace';
import { yieldToPendingEvents } from './scheduling';

export interface CancellationSignal {
  readonly isCancellationRequested: boolean;
}

export interface IndexReport {
  files: number;
  indexed: number;
  /** Files skipped, or indexed only in part, and why. */
  notes: { uri: string; reason: string }[];
  milliseconds: number;
  cancelled: boolean;
}

interface ParsedDocument {
  /** Canonical URI (see canonicalUri); `document.uri` keeps the editor's spelling. */
  uri: string;
  document: TextDocument;
  entry: ParsedEntry;
  slug: string;
  truncatedAt: number | undefined;
}

export type FileChange = 'created' | 'changed' | 'deleted';

/** What checking one file gives before Mermaid has parsed its diagrams (see checkFile). */
export interface FileCheck {
  diagnostics: Diagnostic[];
  mermaidBlocks: MermaidBlock[];
}

/** How long indexing may hold the event loop before it lets waiting requests through. */
const INDEX_SLICE_MS = 8;
const PROGRESS_INTERVAL_MS = 50;
/** Below this many files, starting threads costs more than it saves. */
const OFF_THREAD_INDEX_MIN_FILES = 200;
/**
 * Open documents at least this long are parsed off the main thread. Parsing holds a thread ~10 ms
 * per 100 KB of prose but up to ~70 ms per 100 KB of YAML (a 10,000-item related list); a typical
 * entry (~15 KB) stays here, where its diagnostics come back without a round trip.
 */
export const OFF_THREAD_PARSE_MIN_CHARACTERS = 32_000;

/**
 * One spelling per file: editors encode URIs differently (`c++` vs `c%2B%2B`), and the index must
 * not see one file as two entries.
 */
export function canonicalUri(uri: string): string {
  try {
    return URI.parse(uri).toString();
  } catch {
    return uri;
  }
}

/**
 * The glossary language service: one index of the workspace's entries plus the open documents,
 * and the features computed over them. It knows nothing of LSP transport; the server, the CLI and
 * the tests drive it alike.
 */
export class GlossaryService {
  readonly index = new GlossaryIndex();
  private settingsValue: GlossarySettings;
  private matcher: EntryMatcher;
  private readonly logger: Logger;
  private readonly open = new Map<string, ParsedDocument>();
  private readonly suggestions = new SuggestionCache();
  /** The icon sets of `logoIcon` values, as the host provides them (see LoadedIconSets); without them, icons are not checked. */
  private readonly icons: IconSets | undefined;
  /**
   * Bumped on every event about a file. A disk read that finishes after a newer event for the same
   * file (a 'created' read overtaken by 'deleted') is stale and must not reach the index.
   */
  private readonly generations = new Map<string, number>();
  /** The latest off-thread parse asked for, per open document; an older one that lands is dropped. */
  private readonly pendingParses = new Map<string, Promise<AnalyzedText>>();

  private nextGeneration(uri: string): number {
    const generation = (this.generations.get(uri) ?? 0) + 1;
    this.generations.set(uri, generation);
    return generation;
  }

  constructor(
    private readonly workspace: GlossaryWorkspace,
    settings: GlossarySettings = DEFAULT_SETTINGS,
    logger: Logger = silentLogger,
    icons?: IconSets,
    /** Other threads to index and parse large documents on; without it, all work runs in-line. */
    private readonly analyzer?: EntryAnalyzer,
  ) {
    this.settingsValue = settings;
    this.logger = logger;
    this.icons = icons;
    this.matcher = new EntryMatcher(workspace.folders, settings.include, settings.exclude);
  }

  get settings(): GlossarySettings {
    return this.settingsValue;
  }

  isEntry(uri: string): boolean {
    return this.matcher.matches(uri);
  }

  isOpen(uri: string): boolean {
    return this.open.has(canonicalUri(uri));
  }

  /** Canonical URIs of every indexed entry. */
  entryUris(): string[] {
    return [...this.index.entries()].map((entry) => entry.uri);
  }

  /** Whether the file at `uri` (any spelling) is an entry of the index. */
  isIndexed(uri: string): boolean {
    return this.index.entryAt(canonicalUri(uri)) !== undefined;
  }

  /** Canonical URIs of the open entries. */
  openUris(): string[] {
    return [...this.open.keys()];
  }

  /** The open entry at `uri` (any spelling), as the editor sent it. */
  getOpen(uri: string): ParsedDocument | undefined {
    return this.open.get(canonicalUri(uri));
  }

  /**
   * Replaces the settings. Returns true when the set of entries or their parse may differ, in
   * which case the caller re-indexes; otherwise re-checking open documents is enough.
   */
  updateSettings(settings: GlossarySettings): boolean {
    const previous = this.settingsValue;
    this.settingsValue = settings;
    this.matcher = new EntryMatcher(this.workspace.folders, settings.include, settings.exclude);
    // These decide which files are entries and what their summaries hold; the rest only change checks.
    const shaping = ['include', 'exclude', 'linkPrefix', 'relatedPrefix', 'debrisTags', 'maxFileSize', 'slugField', 'titleField'] as const;
    const needsReindex = shaping.some((key) => JSON.stringify(previous[key]) !== JSON.stringify(settings[key]));
    if (needsReindex) for (const [uri, parsed] of this.open) this.open.set(uri, this.parse(uri, parsed.document));
    return needsReindex;
  }

  /** Finds and indexes every entry of the workspace, yielding between slices so requests are served meanwhile. */
  async indexWorkspace(onProgress?: (done: number, total: number) => void, token?: CancellationSignal): Promise<IndexReport> {
    const started = performance.now();
    // A file event handled while the folders are listed is newer than the listing: what it did stays.
    const generationsBeforeListing = new Map(this.generations);
    const uris: string[] = [];
    for (const folder of this.workspace.folders) {
      uris.push(...(await this.findEntryFiles(folder)));
    }
    const report: IndexReport = { files: uris.length, indexed: 0, notes: [], milliseconds: 0, cancelled: false };
    const wanted = new Set(uris);
    for (const entry of [...this.index.entries()]) {
      const untouched = this.generations.get(entry.uri) === generationsBeforeListing.get(entry.uri);
      if (!wanted.has(entry.uri) && !this.open.has(entry.uri) && untouched) this.index.remove(entry.uri);
    }
    let done = 0;
    let inLine = uris;
    if (this.analyzer && uris.length >= (this.analyzer.minimumFiles ?? OFF_THREAD_INDEX_MIN_FILES) && !token?.isCancellationRequested) {
      const generations = new Map<string, number>();
      for (const uri of uris) if (!this.open.has(uri)) generations.set(uri, this.nextGeneration(uri));
      done = uris.length - generations.size;
      let reported = performance.now();
      try {
        await this.analyzer.summarizeFiles([...generations.keys()], this.settingsValue, (results) => {
          for (const result of results) {
            if (this.generations.get(result.uri) === generations.get(result.uri) && !this.open.has(result.uri)) {
              // Whom each entry affects needs no working out: open documents are all re-checked after indexing.
              if (result.summary) this.index.add(result.summary);
              else this.index.remove(result.uri);
            }
            if (result.problem) report.notes.push({ uri: result.uri, reason: result.problem });
            generations.delete(result.uri);
          }
          done += results.length;
          // Progress goes out at most every 50 ms: a message per batch would cost the client more than it says.
          if (performance.now() - reported >= PROGRESS_INTERVAL_MS) {
            reported = performance.now();
            onProgress?.(done, uris.length);
          }
        });
      } catch (error) {
        this.logger.log(`Indexing on worker threads failed (${error instanceof Error ? error.message : String(error)}); indexing the rest here.`);
      }
      // What the threads did not finish (one crashed) is read here.
      inLine = [...generations.keys()];
    }
    let sliceStart = performance.now();
    for (const uri of inLine) {
      if (token?.isCancellationRequested) break;
      const { problem } = await this.indexFromDisk(uri);
      if (problem) report.notes.push({ uri, reason: problem });
      done++;
      if (performance.now() - sliceStart > INDEX_SLICE_MS) {
        onProgress?.(done, uris.length);
        await yieldToPendingEvents();
        sliceStart = performance.now();
      }
    }
    report.indexed = [...wanted].filter((uri) => this.index.entryAt(uri)).length;
    report.cancelled = !!token?.isCancellationRequested;
    report.milliseconds = performance.now() - started;
    onProgress?.(done, uris.length);
    for (const note of report.notes) this.logger.log(`${note.uri}: ${note.reason}`);
    return report;
  }

  /**
   * Lists a folder's entries here, not on a worker: listing is mostly waiting for the disk (its
   * longest hold of this thread is under 10 ms at 20,000 files), and a worker would first have to
   * start, which is most of the time a small glossary takes to be ready. The workers start
   * meanwhile, for a glossary large enough to need them.
   */
  private async findEntryFiles(folder: string): Promise<string[]> {
    const { include, exclude } = this.settingsValue;
    this.analyzer?.warmUp?.();
    return this.workspace.findFiles(folder, include, exclude);
  }

  /** Reads one entry from disk into the index; says why it was skipped, if it was. */
  private async indexFromDisk(uri: string): Promise<{ affected: Set<string>; problem?: string }> {
    if (this.open.has(uri)) return { affected: new Set() };
    const generation = this.nextGeneration(uri);
    const bytes = await this.workspace.readFile(uri);
    // The editor may have opened the file meanwhile (its text wins), or a newer event superseded this read.
    if (this.open.has(uri) || this.generations.get(uri) !== generation) return { affected: new Set() };
    const { summary, problem } = summarizeEntryFile(uri, bytes, this.settingsValue);
    return { affected: summary ? this.index.upsert(summary) : this.index.remove(uri), problem };
  }

  private parse(uri: string, document: TextDocument, byteLength?: number): ParsedDocument {
    const { entry, slug, truncatedAt } = analyzeEntryText(uri, document.getText(), this.settingsValue, byteLength);
    return { uri, document, entry, slug, truncatedAt };
  }

  /** A document opened or edited in the editor; its text wins over the file on disk until it is closed. */
  setOpenDocument(document: TextDocument): Set<string> {
    const uri = canonicalUri(document.uri);
    this.pendingParses.delete(uri);
    return this.acceptOpen(this.parse(uri, document));
  }

  private acceptOpen(parsed: ParsedDocument): Set<string> {
    this.nextGeneration(parsed.uri);
    this.open.set(parsed.uri, parsed);
    return this.index.upsert(summarizeEntry(parsed.uri, parsed.slug, parsed.document, parsed.entry, this.settingsValue));
  }

  /** Whether `document` is large enough that setOpenDocumentOffThread should take it. */
  parsesOffThread(document: TextDocument): boolean {
    return !!this.analyzer && document.getText().length >= OFF_THREAD_PARSE_MIN_CHARACTERS;
  }

  /**
   * setOpenDocument for a large document: parsed on another thread while requests go on being
   * answered from its previous version. Resolves to the entries affected, or undefined when a
   * newer version (or closing it) overtook this parse.
   */
  async setOpenDocumentOffThread(document: TextDocument): Promise<Set<string> | undefined> {
    if (!this.analyzer) return this.setOpenDocument(document);
    const uri = canonicalUri(document.uri);
    // The editor's document object changes in place with every edit; the parse belongs to this text.
    const snapshot = TextDocument.create(document.uri, document.languageId, document.version, document.getText());
    const pending = this.analyzer.analyzeText(uri, snapshot.getText(), this.settingsValue);
    this.pendingParses.set(uri, pending);
    let analyzed;
    try {
      analyzed = await pending;
    } catch (error) {
      if (this.pendingParses.get(uri) !== pending) return undefined;
      this.logger.log(`${uri}: parsing on a worker thread failed (${error instanceof Error ? error.message : String(error)}); parsing it here.`);
      return this.setOpenDocument(snapshot);
    }
    if (this.pendingParses.get(uri) !== pending) return undefined;
    this.pendingParses.delete(uri);
    return this.acceptOpen({ uri, document: snapshot, entry: analyzed.entry, slug: analyzed.slug, truncatedAt: analyzed.truncatedAt });
  }

  /** Whether the document's latest text is still being parsed on another thread. */
  isParsePending(uri: string): boolean {
    return this.pendingParses.has(canonicalUri(uri));
  }

  /** Resolves once the document's latest text has been parsed (at once when nothing is pending). */
  async parsed(documentUri: string): Promise<void> {
    const uri = canonicalUri(documentUri);
    for (let pending = this.pendingParses.get(uri); pending; pending = this.pendingParses.get(uri)) {
      await pending.catch(() => undefined);
      // setOpenDocumentOffThread settles the map right after `landed`; let it run first.
      await yieldToPendingEvents();
    }
  }

  /** The editor closed the document: the file on disk is the truth again. */
  async closeDocument(documentUri: string): Promise<Set<string>> {
    const uri = canonicalUri(documentUri);
    this.open.delete(uri);
    this.pendingParses.delete(uri);
    if (!this.isEntry(uri)) {
      this.nextGeneration(uri);
      return this.index.remove(uri);
    }
    return this.reloadFromDisk(uri);
  }

  async fileChanged(changedUri: string, change: FileChange): Promise<Set<string>> {
    const uri = canonicalUri(changedUri);
    if (this.open.has(uri)) return new Set();
    if (!/\.md$/i.test(uri)) return this.folderChanged(uri, change);
    if (change === 'deleted' || !this.isEntry(uri)) {
      this.nextGeneration(uri);
      return this.index.remove(uri);
    }
    return this.reloadFromDisk(uri);
  }

  /** Watchers report a moved or deleted folder once, not once per file inside it. */
  private async folderChanged(uri: string, change: FileChange): Promise<Set<string>> {
    const affected = new Set<string>();
    const prefix = uri.endsWith('/') ? uri : `${uri}/`;
    if (change === 'deleted') {
      // Reads in flight for files of the folder are stale too, indexed or not yet.
      for (const pending of [...this.generations.keys()]) if (pending.startsWith(prefix)) this.nextGeneration(pending);
      for (const entry of [...this.index.entries()]) {
        if (!entry.uri.startsWith(prefix) || this.open.has(entry.uri)) continue;
        this.nextGeneration(entry.uri);
        for (const other of this.index.remove(entry.uri)) affected.add(other);
      }
    } else if (change === 'created') {
      for (const file of await this.workspace.findFiles(uri, ['**/*.md'], this.settingsValue.exclude)) {
        if (this.isEntry(file)) for (const other of await this.reloadFromDisk(file)) affected.add(other);
      }
    }
    return affected;
  }

  private async reloadFromDisk(uri: string): Promise<Set<string>> {
    const { affected, problem } = await this.indexFromDisk(uri);
    if (problem) this.logger.log(`${uri}: ${problem}`);
    return affected;
  }

  /** The text of an entry: the editor's when it is open, else the file's. */
  private async readEntryText(uri: string): Promise<{ text: string; version: number | null; byteLength: number } | undefined> {
    const open = this.open.get(uri);
    if (open) return { text: open.document.getText(), version: open.document.version, byteLength: open.document.getText().length };
    const bytes = await this.workspace.readFile(uri);
    const text = bytes && decodeEntryBytes(bytes, this.settingsValue.maxFileSize);
    return text === undefined ? undefined : { text, version: null, byteLength: bytes!.length };
  }

  /**
   * The findings of any entry, open or not (a closed one is read from disk): the diagnostics the
   * core computes now, and the Mermaid blocks whose syntax a Mermaid parser must still check.
   * Undefined when the file cannot be read.
   */
  async checkFile(fileUri: string): Promise<FileCheck | undefined> {
    const uri = canonicalUri(fileUri);
    const parsed = this.open.get(uri) ?? (await this.readEntryText(uri).then((read) => read && this.parse(uri, TextDocument.create(uri, 'markdown', 0, read.text), read.byteLength)));
    if (!parsed) return undefined;
    return { diagnostics: this.diagnosticsOf(parsed), mermaidBlocks: mermaidCheckEnabled(this.settingsValue) ? mermaidBlocks(parsed.document, parsed.entry) : [] };
  }

  diagnostics(uri: string): Diagnostic[] {
    const parsed = this.getOpen(uri);
    return parsed ? this.diagnosticsOf(parsed) : [];
  }

  private diagnosticsOf(parsed: ParsedDocument): Diagnostic[] {
    return computeDiagnostics({
      document: parsed.document,
      entry: parsed.entry,
      slug: parsed.slug,
      uri: parsed.uri,
      index: this.index,
      settings: this.settingsValue,
      truncatedAt: parsed.truncatedAt,
      suggestionCache: this.suggestions,
      icons: this.icons,
    });
  }

  /** What every feature provider gets for an open document, or undefined when it is not open. */
  private inputFor(uri: string) {
    const parsed = this.getOpen(uri);
    return parsed && { ...parsed, index: this.index, settings: this.settingsValue, icons: this.icons };
  }

  private openVersions(): Map<string, number> {
    return new Map([...this.open].map(([uri, parsed]) => [uri, parsed.document.version]));
  }

  completion(uri: string, position: Position): CompletionList | null {
    const input = this.inputFor(uri);
    return input ? getCompletions(input, input.document.offsetAt(position)) : null;
  }

  hover(uri: string, position: Position): Hover | null {
    const input = this.inputFor(uri);
    return input ? getHover(input, input.document.offsetAt(position)) : null;
  }

  definition(uri: string, position: Position): Location | null {
    const input = this.inputFor(uri);
    return input ? getDefinition(input, input.document.offsetAt(position)) : null;
  }

  references(uri: string, position: Position, includeDeclaration: boolean): Location[] {
    const input = this.inputFor(uri);
    return input ? getReferences(input, input.document.offsetAt(position), includeDeclaration) : [];
  }

  codeLenses(uri: string): CodeLens[] {
    const input = this.inputFor(uri);
    return input ? getCodeLenses(input) : [];
  }

  documentLinks(uri: string): DocumentLink[] {
    const input = this.inputFor(uri);
    return input ? getDocumentLinks(input) : [];
  }

  documentSymbols(uri: string): DocumentSymbol[] {
    const parsed = this.getOpen(uri);
    return parsed ? getDocumentSymbols(parsed.document, parsed.entry) : [];
  }

  workspaceSymbols(query: string): SymbolInformation[] {
    return getWorkspaceSymbols(this.index, query);
  }

  /** Throws RenameRefused with the reason when the position names nothing that can be renamed. */
  prepareRename(uri: string, position: Position): { range: Range; placeholder: string } | null {
    const input = this.inputFor(uri);
    return input ? prepareRename({ ...input, openVersions: this.openVersions() }, input.document.offsetAt(position)) : null;
  }

  /** Throws RenameRefused with the reason when the rename cannot be done. */
  rename(uri: string, position: Position, newName: string): WorkspaceEdit | null {
    const input = this.inputFor(uri);
    return input ? getRenameEdit({ ...input, openVersions: this.openVersions() }, input.document.offsetAt(position), newName) : null;
  }

  /** Edits for entry files renamed or moved outside the rename command; see editsForFileRenames. */
  editsForFileRenames(renames: readonly { oldUri: string; newUri: string }[]) {
    const canonical = renames.map(({ oldUri, newUri }) => ({ oldUri: canonicalUri(oldUri), newUri: canonicalUri(newUri) }));
    return editsForFileRenames(this.index, canonical, (uri) => this.isEntry(uri), this.openVersions());
  }

  async codeActions(uri: string, diagnostics: readonly Diagnostic[], only?: readonly string[]): Promise<CodeAction[]> {
    const input = this.inputFor(uri);
    if (!input) return [];
    return getCodeActions({
      ...input,
      version: input.document.version,
      readEntry: async (slug) => {
        const target = this.index.entryFor(slug);
        const read = target && (await this.readEntryText(target.uri));
        return target && read ? { uri: target.uri, text: read.text, version: read.version } : undefined;
      },
    }, diagnostics, this.diagnosticsOf(input), only);
  }

  /** The safe fixes of a whole entry, as edits of its text (for the CLI's --fix); undefined when it cannot be read. */
  async safeFixes(fileUri: string): Promise<{ text: string; edits: TextEdit[] } | undefined> {
    const uri = canonicalUri(fileUri);
    const read = await this.readEntryText(uri);
    if (!read) return undefined;
    const parsed = this.parse(uri, TextDocument.create(uri, 'markdown', 0, read.text), read.byteLength);
    return { text: read.text, edits: fixAllEdits({ ...parsed, index: this.index, settings: this.settingsValue }, this.diagnosticsOf(parsed)) };
  }
}
