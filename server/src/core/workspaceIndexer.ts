import { summarizeEntryFile, type EntryAnalyzer, type FileSummary } from './entryFile';
import type { EntrySummary, GlossaryIndex } from './glossaryIndex';
import { forEachInSlices, SLICE_MS, yieldToPendingEvents } from './scheduling';
import type { GlossarySettings } from './settings';
import type { GlossaryWorkspace, Logger } from './workspace';

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

export type FileChange = 'created' | 'changed' | 'deleted';

const PROGRESS_INTERVAL_MS = 50;
/** Below this many files, starting threads costs more than it saves. */
const OFF_THREAD_INDEX_MIN_FILES = 200;

export interface WorkspaceIndexerOptions {
  workspace: GlossaryWorkspace;
  index: GlossaryIndex;
  settings: () => GlossarySettings;
  isEntry: (uri: string) => boolean;
  /** Whether the editor holds the file: its text wins over the disk, so no disk read may replace it. */
  isOpen: (uri: string) => boolean;
  logger: Logger;
  /** Other threads to index on; without it, every file is read in-line. */
  analyzer?: EntryAnalyzer;
}

/**
 * Keeps the index in step with the workspace on disk: the first complete reading, then file
 * events. Files the editor holds are left to it. Every URI here is canonical.
 */
export class WorkspaceIndexer {
  /**
   * Bumped on every event about a file. A disk read that finishes after a newer event for the same
   * file (a 'created' read overtaken by 'deleted') is stale and must not reach the index.
   */
  private readonly generations = new Map<string, number>();

  constructor(private readonly options: WorkspaceIndexerOptions) {}

  private get index(): GlossaryIndex {
    return this.options.index;
  }

  private nextGeneration(uri: string): number {
    const generation = (this.generations.get(uri) ?? 0) + 1;
    this.generations.set(uri, generation);
    return generation;
  }

  /** Finds and indexes every entry of the workspace, yielding between slices so requests are served meanwhile. */
  async indexWorkspace(onProgress?: (done: number, total: number) => void, token?: CancellationSignal): Promise<IndexReport> {
    const { workspace, analyzer, isOpen, logger } = this.options;
    const started = performance.now();
    // A file event handled while the folders are listed is newer than the listing: what it did stays.
    const generationsBeforeListing = new Map(this.generations);
    const uris: string[] = [];
    for (const folder of workspace.folders) {
      uris.push(...(await this.findEntryFiles(folder)));
    }
    const report: IndexReport = { files: uris.length, indexed: 0, notes: [], milliseconds: 0, cancelled: false };
    // The loops over every file below are sliced: at 20,000 files each holds the thread 10–20 ms.
    const wanted = new Set<string>();
    await forEachInSlices(uris, (uri) => wanted.add(uri));
    for (const entry of [...this.index.entries()]) {
      const untouched = this.generations.get(entry.uri) === generationsBeforeListing.get(entry.uri);
      if (!wanted.has(entry.uri) && !isOpen(entry.uri) && untouched) this.index.remove(entry.uri);
    }
    let done = 0;
    let inLine = uris;
    if (analyzer && uris.length >= (analyzer.minimumFiles ?? OFF_THREAD_INDEX_MIN_FILES) && !token?.isCancellationRequested) {
      const generations = new Map<string, number>();
      await forEachInSlices(uris, (uri) => {
        if (!isOpen(uri)) generations.set(uri, this.nextGeneration(uri));
      });
      done = uris.length - generations.size;
      let reported = performance.now();
      // The fields first, where a second read is cheap: every diagnostic is final without the body links.
      const extent = analyzer.linksInSecondPass ? 'fields' : 'whole';
      try {
        await analyzer.summarizeFiles([...generations.keys()], this.options.settings(), (results) => {
          for (const result of results) {
            if (this.generations.get(result.uri) === generations.get(result.uri) && !isOpen(result.uri)) {
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
        }, extent);
      } catch (error) {
        logger.log(`Indexing on worker threads failed (${error instanceof Error ? error.message : String(error)}); indexing the rest here.`);
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
      if (performance.now() - sliceStart > SLICE_MS) {
        onProgress?.(done, uris.length);
        await yieldToPendingEvents();
        sliceStart = performance.now();
      }
    }
    let indexed = 0;
    await forEachInSlices(wanted, (uri) => {
      if (this.index.entryAt(uri)) indexed++;
    });
    report.indexed = indexed;
    report.cancelled = !!token?.isCancellationRequested;
    report.milliseconds = performance.now() - started;
    onProgress?.(done, uris.length);
    for (const note of report.notes) logger.log(`${note.uri}: ${note.reason}`);
    return report;
  }

  /**
   * The second pass of a large glossary's indexing: the body links of the entries indexed without
   * them (see SummaryExtent), on the worker threads, yielding like the first. An entry whose file
   * changed or that the editor opened since is left alone: its links came with that version. An
   * entry that could not be read again keeps no links (an event about its file follows).
   */
  async readBodyLinks(token?: CancellationSignal): Promise<void> {
    const { analyzer, isOpen, logger } = this.options;
    /** The generation each entry was indexed at: a newer one means its links are known already. */
    const unread = new Map<string, number>();
    await forEachInSlices(this.index.entries(), (entry) => {
      if (entry.linksUnread && !isOpen(entry.uri)) unread.set(entry.uri, this.generations.get(entry.uri) ?? 0);
    });
    const take = (file: FileSummary) => {
      if (file.links && this.generations.get(file.uri) === unread.get(file.uri) && !isOpen(file.uri)) this.index.fillLinks(file.uri, file.links);
      unread.delete(file.uri);
    };
    if (analyzer && unread.size && !token?.isCancellationRequested) {
      // The workers send each link's slug as its number here, for all but the slugs no entry names
      // yet: at 20,000 densely linked entries this thread otherwise looked up 800,000 strings.
      const slugTable = this.index.pinSlugNumbers();
      try {
        await analyzer.summarizeFiles([...unread.keys()], this.options.settings(), (results) => results.forEach(take), 'links', slugTable.slugs);
      } catch (error) {
        logger.log(`Reading body links on worker threads failed (${error instanceof Error ? error.message : String(error)}); reading the rest here.`);
      } finally {
        slugTable.release();
      }
    }
    let sliceStart = performance.now();
    for (const uri of [...unread.keys()]) {
      if (token?.isCancellationRequested) break;
      take(summarizeEntryFile(uri, await this.readIfThere(uri), this.options.settings(), 'links'));
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToPendingEvents();
        sliceStart = performance.now();
      }
    }
    this.index.linksFilled();
  }

  /**
   * Lists a folder's entries through the workspace, which decides where (the Node server lists a
   * folder of thousands of names on a worker, see nodeWorkspace.ts). The workers start meanwhile,
   * for a glossary large enough to need them.
   */
  private async findEntryFiles(folder: string): Promise<string[]> {
    const { include, exclude } = this.options.settings();
    this.options.analyzer?.warmUp?.();
    return this.options.workspace.findFiles(folder, include, exclude);
  }

  /**
   * While the index is first built: reads `uris` (the entries an open one names) into it now, ahead
   * of the rest, so that requests about them are answered at once. A URI that is open, indexed or no
   * entry is left alone, and so is one that names no file (it was a guess from a slug). A file read
   * here may be read again by the regular reading (a few files of thousands); the complete index is
   * the same whatever the order it was read in.
   */
  async readAhead(uris: readonly string[], onIndexed?: () => void, when: 'afterRequests' | 'now' = 'afterRequests'): Promise<void> {
    const { isOpen, isEntry, logger } = this.options;
    const wanted = (uri: string) => !isOpen(uri) && !this.index.entryAt(uri) && isEntry(uri);
    // Called while a document opens: the requests sent with it go first, and wait for what they
    // name (which 'now' reads: a request waits for it).
    if (when === 'afterRequests') await yieldToPendingEvents();
    // Every read starts at once (one after another, they would queue behind the listing's reads);
    // they are summarized in the order named, in slices, so a request about the first named is
    // answered after a slice rather than after all of them.
    const reads = uris.map((uri) => (wanted(uri) ? { uri, before: this.generations.get(uri), bytes: this.readIfThere(uri) } : undefined));
    let sliceStart = performance.now();
    for (const read of reads) {
      if (!read) continue;
      const bytes = await read.bytes;
      const { uri } = read;
      // No such file, or the editor or a file event got there first: the regular reading stands.
      if (bytes === undefined || !wanted(uri) || this.generations.get(uri) !== read.before) continue;
      const { summary, problem } = summarizeEntryFile(uri, bytes, this.options.settings());
      if (!summary) continue;
      // A worker's read of the same file, in flight, is now stale: this one stands for it.
      this.nextGeneration(uri);
      this.index.upsert(summary);
      if (problem) logger.log(`${uri}: ${problem}`);
      onIndexed?.();
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToPendingEvents();
        sliceStart = performance.now();
      }
    }
  }

  /** The file's bytes; undefined when it is gone or cannot be read (summarizeEntryFile says so). */
  private async readIfThere(uri: string): Promise<Uint8Array | undefined> {
    try {
      return await this.options.workspace.readFile(uri);
    } catch {
      return undefined;
    }
  }

  /** Reads one entry from disk into the index; says why it was skipped, if it was. */
  private async indexFromDisk(uri: string): Promise<{ affected: Set<string>; problem?: string }> {
    const { isOpen } = this.options;
    if (isOpen(uri)) return { affected: new Set() };
    const generation = this.nextGeneration(uri);
    const bytes = await this.options.workspace.readFile(uri);
    // The editor may have opened the file meanwhile (its text wins), or a newer event superseded this read.
    if (isOpen(uri) || this.generations.get(uri) !== generation) return { affected: new Set() };
    const { summary, problem } = summarizeEntryFile(uri, bytes, this.options.settings());
    return { affected: summary ? this.index.upsert(summary) : this.index.remove(uri), problem };
  }

  private async reloadFromDisk(uri: string): Promise<Set<string>> {
    const { affected, problem } = await this.indexFromDisk(uri);
    if (problem) this.options.logger.log(`${uri}: ${problem}`);
    return affected;
  }

  /** Forgets the file: any read of it still under way is stale. */
  private drop(uri: string): Set<string> {
    this.nextGeneration(uri);
    return this.index.remove(uri);
  }

  /** The editor's version of an entry, which wins over the disk until it is closed: a read in flight is stale. */
  acceptEditorVersion(summary: EntrySummary): Set<string> {
    this.nextGeneration(summary.uri);
    return this.index.upsert(summary);
  }

  /** The editor let go of the file: the disk is the truth again (if it is an entry at all). */
  async editorClosed(uri: string): Promise<Set<string>> {
    return this.options.isEntry(uri) ? this.reloadFromDisk(uri) : this.drop(uri);
  }

  /** A watcher's event about a file or a folder; the editor's documents are left alone. */
  async fileChanged(uri: string, change: FileChange): Promise<Set<string>> {
    if (this.options.isOpen(uri)) return new Set();
    if (!/\.md$/i.test(uri)) return this.folderChanged(uri, change);
    if (change === 'deleted' || !this.options.isEntry(uri)) return this.drop(uri);
    return this.reloadFromDisk(uri);
  }

  /** Watchers report a moved or deleted folder once, not once per file inside it. */
  private async folderChanged(uri: string, change: FileChange): Promise<Set<string>> {
    const { isEntry, isOpen } = this.options;
    const affected = new Set<string>();
    const prefix = uri.endsWith('/') ? uri : `${uri}/`;
    if (change === 'deleted') {
      // Reads in flight for files of the folder are stale too, indexed or not yet.
      for (const pending of [...this.generations.keys()]) if (pending.startsWith(prefix)) this.nextGeneration(pending);
      for (const entry of [...this.index.entries()]) {
        if (!entry.uri.startsWith(prefix) || isOpen(entry.uri)) continue;
        for (const other of this.drop(entry.uri)) affected.add(other);
      }
    } else if (change === 'created') {
      for (const file of await this.options.workspace.findFiles(uri, ['**/*.md'], this.options.settings().exclude)) {
        if (isEntry(file)) for (const other of await this.reloadFromDisk(file)) affected.add(other);
      }
    }
    return affected;
  }
}
