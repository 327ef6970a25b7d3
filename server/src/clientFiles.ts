/**
 * The workspace's files as the client reads them (see FIND_FILES_REQUEST in protocol.ts): for the
 * language server in a browser web worker, which has no file system of its own. Reads are gathered
 * into batches, because each request is a round trip through the editor and, on github.dev, the
 * network behind it; the indexer reads many files at once through an EntryAnalyzer (below).
 */
import type { Connection } from 'vscode-languageserver';
import { summarizeEntryFile, analyzeEntryText, type AnalyzedText, type EntryAnalyzer, type FileSummary, type SummaryExtent } from './core/entryFile';
import type { GlossarySettings } from './core/settings';
import type { GlossaryWorkspace } from './core/workspace';
import { FILE_EXISTS_REQUEST, FIND_FILES_REQUEST, READ_FILES_REQUEST, type FindFilesParams, type ReadFilesParams, type ReadFilesResult } from './protocol';

/** Files per request: large enough that round trips cost little, small enough that progress moves. */
const FILES_PER_REQUEST = 64;
/** Requests in flight at once. */
const REQUESTS_IN_FLIGHT = 4;

function bytesOfBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export class ClientFiles {
  private waiting: { uri: string; resolve(bytes: Uint8Array | undefined): void }[] = [];
  private flushScheduled = false;

  constructor(private readonly connection: Connection) {}

  findFiles(folder: string, include: readonly string[], exclude: readonly string[]): Promise<string[]> {
    return this.connection.sendRequest<string[]>(FIND_FILES_REQUEST, { folder, include: [...include], exclude: [...exclude] } satisfies FindFilesParams);
  }

  async readFiles(uris: readonly string[]): Promise<(Uint8Array | undefined)[]> {
    const answer = await this.connection.sendRequest<ReadFilesResult>(READ_FILES_REQUEST, { uris: [...uris] } satisfies ReadFilesParams);
    return uris.map((_, i) => (typeof answer?.[i] === 'string' ? bytesOfBase64(answer[i]!) : undefined));
  }

  /** One file; reads asked for in the same turn of the event loop go out as one request. */
  readFile(uri: string): Promise<Uint8Array | undefined> {
    return new Promise((resolve) => {
      this.waiting.push({ uri, resolve });
      if (this.flushScheduled) return;
      this.flushScheduled = true;
      setTimeout(() => this.flush());
    });
  }

  exists(uri: string): Promise<boolean> {
    return this.connection.sendRequest<boolean>(FILE_EXISTS_REQUEST, { uri });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.waiting;
    this.waiting = [];
    for (let i = 0; i < batch.length; i += FILES_PER_REQUEST) {
      const part = batch.slice(i, i + FILES_PER_REQUEST);
      this.readFiles(part.map((item) => item.uri)).then(
        (files) => part.forEach((item, j) => item.resolve(files[j])),
        () => part.forEach((item) => item.resolve(undefined)),
      );
    }
  }
}

/** The GlossaryWorkspace over the client's files. */
export class ClientWorkspace implements GlossaryWorkspace {
  constructor(readonly folders: readonly string[], private readonly files: ClientFiles) {}

  findFiles(folder: string, include: readonly string[], exclude: readonly string[]): Promise<string[]> {
    return this.files.findFiles(folder, include, exclude);
  }

  readFile(uri: string): Promise<Uint8Array | undefined> {
    return this.files.readFile(uri);
  }
}

/**
 * Indexing through the client in batches, parsed in this thread: the EntryAnalyzer the service
 * hands its bulk reads to. (The Node server's analyzer is a pool of worker threads instead.)
 */
export class ClientBatchAnalyzer implements EntryAnalyzer {
  /** Worth it from the first file: what it saves is round trips, not threads to start. */
  readonly minimumFiles = 1;

  constructor(private readonly files: ClientFiles) {}

  async summarizeFiles(uris: readonly string[], settings: GlossarySettings, onResults: (results: FileSummary[]) => void, extent: SummaryExtent = 'whole'): Promise<void> {
    const batches: string[][] = [];
    for (let i = 0; i < uris.length; i += FILES_PER_REQUEST) batches.push(uris.slice(i, i + FILES_PER_REQUEST));
    const drain = async () => {
      for (let batch = batches.shift(); batch; batch = batches.shift()) {
        const contents = await this.files.readFiles(batch);
        onResults(batch.map((uri, i) => summarizeEntryFile(uri, contents[i], settings, extent)));
        // Between batches, requests about open documents are answered.
        await new Promise((resolve) => setTimeout(resolve));
      }
    };
    await Promise.all(Array.from({ length: REQUESTS_IN_FLIGHT }, drain));
  }

  async analyzeText(uri: string, text: string, settings: GlossarySettings): Promise<AnalyzedText> {
    return analyzeEntryText(uri, text, settings);
  }

  stopIdleWorkers(): void {
    // No threads to stop.
  }

  dispose(): void {
    // Nothing held.
  }
}
