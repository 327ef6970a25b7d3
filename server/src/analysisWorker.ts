/**
 * An analysis worker (dist/analysisWorker.js): the language server and the CLI run one per core to
 * read, parse and summarize entries while their main thread keeps answering. It runs the same
 * pure core functions the main thread would; only the thread differs.
 */
import { closeSync, fstatSync, openSync, readFileSync, readlinkSync, readSync } from 'node:fs';
import { setPriority } from 'node:os';
import { deserialize } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { URI } from 'vscode-uri';
import { analyzeEntryText, ENTRY_HEAD_BYTES, numberedLinks, slugNumbersOf, summarizeEntryFile, summarizeEntryHead, type AnalyzedText, type FileSummary, type SummaryExtent } from './core/entryFile';
import { packedSummary, type EntrySummary, type PackedSummary } from './core/glossaryIndex';
import { writtenCheck, type ReportStyle, type WrittenCheck } from './cliOutput';
import { Glossaries } from './core/glossaries';
import { LoadedIconSets } from './core/icons';
import type { GlossarySettings } from './core/settings';
import { loadBundledIconSet } from './bundledIconSets';
import { listFiles, NodeWorkspace } from './nodeWorkspace';

export type AnalysisRequest =
  /** With `slugTable`, the body links come numbered against the table of that id (see 'slugs'). */
  | { id: number; kind: 'files'; uris: string[]; settings: GlossarySettings; extent: SummaryExtent; slugTable?: number }
  /** A table of the index's slug numbers (see GlossaryIndex.pinSlugNumbers) for the 'files' requests that name `table`. */
  | { id: number; kind: 'slugs'; table: number; slugs: string[] }
  | { id: number; kind: 'text'; uri: string; text: string; settings: GlossarySettings }
  /** The whole index (v8-serialized PackedSummary[]), so this worker can check entries as the main thread would. */
  | { id: number; kind: 'index'; folders: string[]; settings: GlossarySettings; summaries: Uint8Array }
  /** Each file's findings come back written out in `style`. */
  | { id: number; kind: 'diagnose'; uris: string[]; style: ReportStyle }
  /** The files under a folder that the globs take (listFiles). */
  | { id: number; kind: 'list'; cwd: string; include: string[]; exclude: string[] };


export type AnalysisResponse =
  | { id: number; kind: 'files'; results: FileSummary[] }
  | { id: number; kind: 'slugs'; slugs: number }
  | { id: number; kind: 'text'; analyzed: AnalyzedText }
  | { id: number; kind: 'index'; entries: number }
  | { id: number; kind: 'diagnose'; results: WrittenCheck[] }
  | { id: number; kind: 'list'; files: string[] }
  | { id: number; kind: 'failed'; message: string };

/** The service of the last 'index' request: the CLI checks a glossary's entries on every core. */
let checking: Glossaries | undefined;
/** The slug table of the last 'slugs' request, and its id. */
let slugTable: { id: number; numbers: Map<string, number> } | undefined;

function readBytes(uri: string): Uint8Array | undefined {
  try {
    return readFileSync(URI.parse(uri).fsPath);
  } catch {
    // Gone, a directory (EISDIR), or not readable: summarizeEntryFile says so.
    return undefined;
  }
}

/** The first ENTRY_HEAD_BYTES of each file summarized with the extent 'fields'; the summaries keep nothing of it. */
const head = new Uint8Array(ENTRY_HEAD_BYTES);

/** Reads `fd` into `into` from `from` on, until it is full or the file ends; how many bytes it holds then. */
function readUpTo(fd: number, into: Uint8Array, from: number): number {
  let read = from;
  while (read < into.length) {
    const got = readSync(fd, into, read, into.length - read, read);
    if (got === 0) break;
    read += got;
  }
  return read;
}

/** summarizeEntryFile with the extent 'fields', reading the rest of the file only when its head is not enough (see summarizeEntryHead). */
function summarizeFields(uri: string, settings: GlossarySettings): FileSummary {
  let fd: number;
  try {
    fd = openSync(URI.parse(uri).fsPath, 'r');
  } catch {
    return summarizeEntryFile(uri, undefined, settings, 'fields');
  }
  let bytes: Uint8Array;
  try {
    const read = readUpTo(fd, head, 0);
    const size = read < head.length ? read : fstatSync(fd).size;
    const fromHead = summarizeEntryHead(uri, head.subarray(0, read), size, settings);
    if (fromHead) return fromHead;
    // The rest, through the same descriptor: the head is not read again.
    const whole = new Uint8Array(Math.max(size, read));
    whole.set(head.subarray(0, read));
    bytes = whole.subarray(0, readUpTo(fd, whole, read));
  } catch {
    // A directory (EISDIR) or unreadable: as readBytes would find it.
    return summarizeEntryFile(uri, undefined, settings, 'fields');
  } finally {
    closeSync(fd);
  }
  return summarizeEntryFile(uri, bytes, settings, 'fields');
}

/** The summary packed for the trip to the main thread (see PackedSummary), its body links numbered against `numbers` if given. */
function packed(file: FileSummary, numbers: Map<string, number> | undefined): FileSummary {
  if (file.summary) return { ...file, summary: packedSummary(file.summary as EntrySummary) };
  return file.links && numbers ? { ...file, links: numberedLinks(file.links, numbers) } : file;
}

/** The slug numbers of table `id`, which a 'slugs' request gave this worker before. */
function slugNumbersNamed(id: number | undefined): Map<string, number> | undefined {
  if (id === undefined) return undefined;
  if (slugTable?.id !== id) throw new Error(`no slug table ${id} here`);
  return slugTable.numbers;
}

async function answer(request: AnalysisRequest): Promise<AnalysisResponse> {
  try {
    switch (request.kind) {
      case 'files': {
        const numbers = slugNumbersNamed(request.slugTable);
        const summarize = request.extent === 'fields' ? (uri: string) => summarizeFields(uri, request.settings) : (uri: string) => summarizeEntryFile(uri, readBytes(uri), request.settings, request.extent);
        return { id: request.id, kind: 'files', results: request.uris.map((uri) => packed(summarize(uri), numbers)) };
      }
      case 'slugs':
        slugTable = { id: request.table, numbers: slugNumbersOf(request.slugs) };
        return { id: request.id, kind: 'slugs', slugs: slugTable.numbers.size };
      case 'text':
        return { id: request.id, kind: 'text', analyzed: analyzeEntryText(request.uri, request.text, request.settings) };
      case 'index': {
        const log = { log: (message: string) => process.stderr.write(`${message}\n`) };
        // The checks of the CLI wait for the icon sets, as its main thread does.
        const icons = new LoadedIconSets(loadBundledIconSet, log);
        await icons.ready(request.settings.iconPrefixes);
        checking = new Glossaries(new NodeWorkspace(request.folders), request.settings, log, icons, undefined, 'checks');
        checking.loadSummaries(deserialize(request.summaries) as PackedSummary[]);
        await checking.indexSitePages();
        return { id: request.id, kind: 'index', entries: checking.entryCount };
      }
      case 'list':
        return { id: request.id, kind: 'list', files: await listFiles(request.cwd, request.include, request.exclude) };
      case 'diagnose': {
        const service = checking;
        if (!service) throw new Error('diagnose before index');
        const results: WrittenCheck[] = [];
        for (const uri of request.uris) results.push(await writtenCheck(service, uri, request.style));
        return { id: request.id, kind: 'diagnose', results };
      }
    }
  } catch (error) {
    return { id: request.id, kind: 'failed', message: error instanceof Error ? error.stack ?? error.message : String(error) };
  }
}

/**
 * Below the main thread in the scheduler's eyes: on a machine with as many workers as cores, a
 * request the main thread is woken for should not wait for a time slice behind parsing. Linux
 * only (a thread's own id, from /proc/thread-self, is a valid target of setpriority); elsewhere
 * the workers keep the default priority.
 */
function yieldToTheMainThread(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, 10);
  } catch {
    // Not Linux, or not allowed: the default priority.
  }
}

yieldToTheMainThread();
parentPort?.on('message', (request: AnalysisRequest) => void answer(request).then((response) => parentPort!.postMessage(response)));
