import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionList, Diagnostic, Hover, Position } from 'vscode-languageserver-types';
import { URI } from 'vscode-uri';
import { EntryMatcher } from './entryMatcher';
import { parseEntry, type ParsedEntry } from './entryParser';
import { getCompletions } from './features/completion';
import { computeDiagnostics, SuggestionCache } from './features/diagnostics';
import { getHover } from './features/hover';
import { GlossaryIndex } from './glossaryIndex';
import { DEFAULT_SETTINGS, type GlossarySettings } from './settings';
import { slugFromPath } from './slugs';
import { summarizeEntry } from './summarize';
import { silentLogger, type GlossaryWorkspace, type Logger } from './workspace';

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
  document: TextDocument;
  entry: ParsedEntry;
  slug: string;
  truncatedAt: number | undefined;
}

export type FileChange = 'created' | 'changed' | 'deleted';

/** Bytes looked at to tell a binary file from text, as git does. */
const BINARY_SNIFF_BYTES = 8000;
/** How long indexing may hold the event loop before it lets waiting requests through. */
const INDEX_SLICE_MS = 8;
const READ_CONCURRENCY = 32;

const decoder = new TextDecoder('utf-8', { fatal: false });

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

  constructor(
    private readonly workspace: GlossaryWorkspace,
    settings: GlossarySettings = DEFAULT_SETTINGS,
    logger: Logger = silentLogger,
  ) {
    this.settingsValue = settings;
    this.logger = logger;
    this.matcher = new EntryMatcher(workspace.folders, settings.include, settings.exclude);
  }

  get settings(): GlossarySettings {
    return this.settingsValue;
  }

  isEntry(uri: string): boolean {
    return this.matcher.matches(uri);
  }

  isOpen(uri: string): boolean {
    return this.open.has(uri);
  }

  openUris(): string[] {
    return [...this.open.keys()];
  }

  /**
   * Replaces the settings. Returns true when the set of entries or their parse may differ, in
   * which case the caller re-indexes; otherwise re-checking open documents is enough.
   */
  updateSettings(settings: GlossarySettings): boolean {
    const previous = this.settingsValue;
    this.settingsValue = settings;
    this.matcher = new EntryMatcher(this.workspace.folders, settings.include, settings.exclude);
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    const needsReindex = !same(previous.include, settings.include) || !same(previous.exclude, settings.exclude)
      || previous.linkPrefix !== settings.linkPrefix || !same(previous.debrisTags, settings.debrisTags) || previous.maxFileSize !== settings.maxFileSize;
    if (needsReindex) for (const [uri, parsed] of this.open) this.open.set(uri, this.parse(uri, parsed.document));
    return needsReindex;
  }

  /** Finds and indexes every entry of the workspace, yielding between slices so requests are served meanwhile. */
  async indexWorkspace(onProgress?: (done: number, total: number) => void, token?: CancellationSignal): Promise<IndexReport> {
    const started = performance.now();
    const uris: string[] = [];
    for (const folder of this.workspace.folders) {
      uris.push(...(await this.workspace.findFiles(folder, this.settingsValue.include, this.settingsValue.exclude)));
    }
    const report: IndexReport = { files: uris.length, indexed: 0, notes: [], milliseconds: 0, cancelled: false };
    const wanted = new Set(uris);
    for (const entry of [...this.index.entries()]) {
      if (!wanted.has(entry.uri) && !this.open.has(entry.uri)) this.index.remove(entry.uri);
    }
    let next = 0;
    let done = 0;
    let sliceStart = performance.now();
    const worker = async () => {
      while (next < uris.length && !token?.isCancellationRequested) {
        const uri = uris[next++];
        const { problem } = await this.indexFromDisk(uri);
        if (problem) report.notes.push({ uri, reason: problem });
        if (this.index.entryAt(uri)) report.indexed++;
        done++;
        if (performance.now() - sliceStart > INDEX_SLICE_MS) {
          onProgress?.(done, uris.length);
          await new Promise((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, uris.length) }, worker));
    report.cancelled = !!token?.isCancellationRequested;
    report.milliseconds = performance.now() - started;
    onProgress?.(done, uris.length);
    for (const note of report.notes) this.logger.log(`${note.uri}: ${note.reason}`);
    return report;
  }

  /** Reads one entry from disk into the index; says why it was skipped, if it was. */
  private async indexFromDisk(uri: string): Promise<{ affected: Set<string>; problem?: string }> {
    if (this.open.has(uri)) return { affected: new Set() };
    const bytes = await this.workspace.readFile(uri);
    // The editor may have opened the file while it was being read; its text wins.
    if (this.open.has(uri)) return { affected: new Set() };
    if (bytes === undefined) return { affected: this.index.remove(uri), problem: 'skipped: it could not be read' };
    const text = this.decode(bytes);
    if (text === undefined) return { affected: this.index.remove(uri), problem: 'skipped: it is a binary file' };
    const parsed = this.parse(uri, TextDocument.create(uri, 'markdown', 0, text), bytes.length);
    const affected = this.index.upsert(summarizeEntry(uri, parsed.slug, parsed.document, parsed.entry, this.settingsValue));
    const problem = parsed.truncatedAt === undefined ? undefined : `it is larger than glossary.maxFileSize; only its first ${parsed.truncatedAt} characters were indexed`;
    return { affected, problem };
  }

  private decode(bytes: Uint8Array): string | undefined {
    const sniff = bytes.subarray(0, BINARY_SNIFF_BYTES);
    if (sniff.includes(0)) return undefined;
    const limit = this.settingsValue.maxFileSize;
    return decoder.decode(bytes.length > limit ? bytes.subarray(0, limit) : bytes);
  }

  private parse(uri: string, document: TextDocument, byteLength?: number): ParsedDocument {
    let text = document.getText();
    let truncatedAt: number | undefined;
    const size = byteLength ?? text.length;
    if (size > this.settingsValue.maxFileSize) {
      truncatedAt = Math.min(text.length, this.settingsValue.maxFileSize);
      text = text.slice(0, truncatedAt);
    }
    const entry = parseEntry(text, { debrisTags: this.settingsValue.debrisTags });
    return { document, entry, slug: slugFromPath(URI.parse(uri).path), truncatedAt };
  }

  /** A document opened or edited in the editor; its text wins over the file on disk until it is closed. */
  setOpenDocument(document: TextDocument): Set<string> {
    const parsed = this.parse(document.uri, document);
    this.open.set(document.uri, parsed);
    return this.index.upsert(summarizeEntry(document.uri, parsed.slug, document, parsed.entry, this.settingsValue));
  }

  /** The editor closed the document: the file on disk is the truth again. */
  async closeDocument(uri: string): Promise<Set<string>> {
    this.open.delete(uri);
    if (!this.isEntry(uri)) return this.index.remove(uri);
    return this.reloadFromDisk(uri);
  }

  async fileChanged(uri: string, change: FileChange): Promise<Set<string>> {
    if (this.open.has(uri)) return new Set();
    if (!/\.md$/i.test(uri)) return this.folderChanged(uri, change);
    if (change === 'deleted' || !this.isEntry(uri)) return this.index.remove(uri);
    return this.reloadFromDisk(uri);
  }

  /** Watchers report a moved or deleted folder once, not once per file inside it. */
  private async folderChanged(uri: string, change: FileChange): Promise<Set<string>> {
    const affected = new Set<string>();
    const prefix = uri.endsWith('/') ? uri : `${uri}/`;
    if (change === 'deleted') {
      for (const entry of [...this.index.entries()]) {
        if (entry.uri.startsWith(prefix) && !this.open.has(entry.uri)) for (const other of this.index.remove(entry.uri)) affected.add(other);
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

  getOpen(uri: string): ParsedDocument | undefined {
    return this.open.get(uri);
  }

  /** Diagnostics of any entry, open or not; a closed one is read from disk. */
  async diagnosticsForFile(uri: string): Promise<Diagnostic[] | undefined> {
    if (this.open.has(uri)) return this.diagnostics(uri);
    const bytes = await this.workspace.readFile(uri);
    const text = bytes && this.decode(bytes);
    if (text === undefined) return undefined;
    return this.diagnosticsOf(uri, this.parse(uri, TextDocument.create(uri, 'markdown', 0, text), bytes!.length));
  }

  diagnostics(uri: string): Diagnostic[] {
    const parsed = this.open.get(uri);
    return parsed ? this.diagnosticsOf(uri, parsed) : [];
  }

  private diagnosticsOf(uri: string, parsed: ParsedDocument): Diagnostic[] {
    return computeDiagnostics({
      document: parsed.document,
      entry: parsed.entry,
      slug: parsed.slug,
      uri,
      index: this.index,
      settings: this.settingsValue,
      truncatedAt: parsed.truncatedAt,
      suggestionCache: this.suggestions,
    });
  }

  completion(uri: string, position: Position): CompletionList | null {
    const parsed = this.open.get(uri);
    if (!parsed) return null;
    return getCompletions({ ...parsed, index: this.index, settings: this.settingsValue }, parsed.document.offsetAt(position));
  }

  hover(uri: string, position: Position): Hover | null {
    const parsed = this.open.get(uri);
    if (!parsed) return null;
    return getHover({ ...parsed, index: this.index, settings: this.settingsValue }, parsed.document.offsetAt(position));
  }
}
