import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { serialize } from 'node:v8';
import type { AnalysisRequest, AnalysisResponse } from './analysisWorker';
import type { ReportStyle, WrittenCheck } from './cliOutput';
import type { AnalyzedText, EntryAnalyzer, FileSummary, SummaryExtent } from './core/entryFile';
import type { PackedSummary } from './core/glossaryIndex';
import { yieldToPendingEvents } from './core/scheduling';
import type { GlossarySettings } from './core/settings';

/** Files per message: large enough that messaging costs little, small enough to keep both threads busy to the end. */
export const FILES_PER_BATCH = 48;
/** Batches each worker holds at once, so it never waits for the main thread between two. */
export const BATCHES_IN_FLIGHT = 2;

interface Pending {
  resolve(response: AnalysisResponse): void;
  reject(error: Error): void;
}

interface PoolWorker {
  worker: Worker;
  pending: Map<number, Pending>;
  exited: boolean;
}

export interface AnalysisPoolOptions {
  /** Threads to use; by default one per core, at most 4. */
  threads?: number;
  /** Workers stop after this long without work: they hold the memory of what they parsed, and the Mermaid worker may start once the index is ready. */
  idleMs?: number;
  log?: (message: string) => void;
  workerPath?: string;
  /** Told when the first worker starts (true) and when the last one has stopped (false). */
  onRunning?: (running: boolean) => void;
}

/** EntryAnalyzer on worker threads (dist/analysisWorker.js), started on first use. */
export class AnalysisPool implements EntryAnalyzer {
  readonly linksInSecondPass = true;
  /** The most answers of summarizeFiles received at once and not yet taken (see there). */
  readonly stats = { mostAnswersWaiting: 0 };
  private readonly workers: PoolWorker[] = [];
  private readonly threads: number;
  private readonly idleMs: number;
  private readonly log: (message: string) => void;
  private readonly workerPath: string;
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private next = 0;
  private running = false;
  private readonly onRunning: ((running: boolean) => void) | undefined;

  constructor(options: AnalysisPoolOptions = {}) {
    this.threads = Math.max(1, options.threads ?? Math.min(4, availableParallelism()));
    this.idleMs = options.idleMs ?? 1_000;
    this.log = options.log ?? (() => undefined);
    this.onRunning = options.onRunning;
    this.workerPath = options.workerPath ?? join(__dirname, 'analysisWorker.js');
  }

  async summarizeFiles(uris: readonly string[], settings: GlossarySettings, onResults: (results: FileSummary[]) => void, extent: SummaryExtent = 'whole', slugTable?: readonly string[]): Promise<void> {
    this.ensureWorkers();
    const table = slugTable && this.sendSlugTable(slugTable);
    // Each answer is taken in a turn of its own, after the messages waiting: answers that queued up
    // while this thread was busy would otherwise be taken back to back, in one stretch that reads
    // no request (tens of milliseconds at the end of a large glossary's indexing). A worker is
    // given its next batch once its answer is taken: where this thread takes answers more slowly
    // than the workers make them, they would otherwise pile up here.
    let taking = Promise.resolve();
    let waiting = 0;
    try {
      await this.inBatches(uris, (batch) => ({ id: this.nextId++, kind: 'files', uris: batch, settings, extent, slugTable: table?.id }), (response) => {
        const { results } = answerOf(response, 'files');
        this.stats.mostAnswersWaiting = Math.max(this.stats.mostAnswersWaiting, ++waiting);
        taking = taking.then(async () => {
          // Ahead of other background work: the worker gets its next files once this is taken.
          await yieldToPendingEvents({ ahead: true });
          onResults(results);
          waiting--;
        });
        return taking;
      }, { workersReady: table && ((poolWorker) => table.received.get(poolWorker)!) });
    } finally {
      // Even after a failure: the caller reads what is left elsewhere once every answer is taken.
      await taking;
    }
  }

  /** Gives every worker `slugs` (see GlossaryIndex.pinSlugNumbers) under a new id; each one's promise resolves when it holds them. */
  private sendSlugTable(slugs: readonly string[]): { id: number; received: Map<PoolWorker, Promise<void>> } {
    const id = this.nextId++;
    return { id, received: this.sendToEach('slugs', () => ({ id: this.nextId++, kind: 'slugs', table: id, slugs: slugs as string[] })) };
  }

  /** Sends each worker the request `request` makes; each one's promise resolves with its answer of `kind`, or rejects. */
  private sendToEach(kind: AnalysisResponse['kind'], request: () => AnalysisRequest): Map<PoolWorker, Promise<void>> {
    return new Map(this.workers.map((poolWorker) => [poolWorker, (async () => {
      answerOf(await this.send(poolWorker, request()), kind);
    })()]));
  }

  /** listFiles on a worker thread (see nodeWorkspace.ts). */
  async listFiles(cwd: string, include: readonly string[], exclude: readonly string[]): Promise<string[]> {
    return answerOf(await this.askOne({ id: this.nextId++, kind: 'list', cwd, include: [...include], exclude: [...exclude] }), 'list').files;
  }

  warmUp(): void {
    this.ensureWorkers();
    this.scheduleIdle();
  }

  async analyzeText(uri: string, text: string, settings: GlossarySettings): Promise<AnalyzedText> {
    return answerOf(await this.askOne({ id: this.nextId++, kind: 'text', uri, text, settings }), 'text').analyzed;
  }

  /**
   * One request to the next worker in turn. A single document needs a single thread: when none is
   * running, one is started (not one per core), which halves the memory and start-up of the first
   * parse of a large open document after indexing.
   */
  private async askOne(request: AnalysisRequest): Promise<AnalysisResponse> {
    clearTimeout(this.idleTimer);
    if (this.workers.length === 0) this.addWorker();
    try {
      return await this.send(this.workers[this.next++ % this.workers.length], request);
    } finally {
      this.scheduleIdle();
    }
  }

  /**
   * The findings of the entries at `uris`, checked against the index `summaries` and written out
   * in `style` (the CLI's second pass). Each worker gets the index once, then batches of files.
   * With `options.local`, the calling thread checks batches too (it holds the index already), in
   * place of one worker and the copy of the index it would hold. `options.beforeBatch` is awaited
   * before each batch is handed out: the caller holds results back until it has written those
   * before them, and stops the checks running too far ahead of its writing.
   */
  async diagnoseFiles(
    folders: readonly string[], settings: GlossarySettings, summaries: () => readonly PackedSummary[], uris: readonly string[], style: ReportStyle,
    onResults: (results: WrittenCheck[]) => void,
    options: { local?: (uris: string[]) => Promise<WrittenCheck[]>; beforeBatch?: () => Promise<void> } = {},
  ): Promise<void> {
    this.ensureWorkers();
    if (options.local && this.workers.length > 1) this.stop(this.workers[this.workers.length - 1]);
    // This thread checks while the workers load the index (a second or more at 20,000 entries).
    const indexed = this.sendIndex(folders, settings, summaries);
    const { local, beforeBatch } = options;
    await this.inBatches(uris, (batch) => ({ id: this.nextId++, kind: 'diagnose', uris: batch, style }), (response) => {
      onResults(answerOf(response, 'diagnose').results);
    }, { beforeBatch, local: local && (async (batch) => onResults(await local(batch))), workersReady: (poolWorker) => indexed.get(poolWorker)! });
  }

  /**
   * Gives every worker the index, serialized once into memory they all read (a SharedArrayBuffer
   * is shared, not copied, by postMessage) rather than a clone of 20,000 objects per worker. The
   * summaries and their serialization are made here and dropped once every worker has read them:
   * the check that follows holds neither. Each worker's promise resolves when it holds the index.
   */
  private sendIndex(folders: readonly string[], settings: GlossarySettings, summaries: () => readonly PackedSummary[]): Map<PoolWorker, Promise<void>> {
    const serialized = serialize(summaries());
    const bytes = new Uint8Array(new SharedArrayBuffer(serialized.length));
    bytes.set(serialized);
    return this.sendToEach('index', () => ({ id: this.nextId++, kind: 'index', folders: [...folders], settings, summaries: bytes }));
  }

  /**
   * Sends `uris` in batches; each worker takes the next as soon as one of its answers is taken
   * (`onResponse` has resolved), so a thread slowed by big files takes fewer. `local` takes
   * batches on this thread, one at a time.
   */
  private async inBatches(
    uris: readonly string[], request: (batch: string[]) => AnalysisRequest, onResponse: (response: AnalysisResponse) => void | Promise<void>,
    options: {
      beforeBatch?: () => Promise<void>;
      local?: (batch: string[]) => Promise<void>;
      /** A worker takes no batch before this resolves, and none at all when it rejects. */
      workersReady?: (poolWorker: PoolWorker) => Promise<void>;
    } = {},
  ): Promise<void> {
    const batches: string[][] = [];
    for (let i = 0; i < uris.length; i += FILES_PER_BATCH) batches.push(uris.slice(i, i + FILES_PER_BATCH));
    let failure: Error | undefined;
    // A failure ends the drains waiting in beforeBatch too: their caller may be waiting for the
    // batch that failed, which only this call's end lets it check elsewhere.
    let failed = () => undefined as void;
    const failedSignal = new Promise<void>((resolve) => (failed = resolve));
    const drain = async (run: (batch: string[]) => Promise<void>, ready?: Promise<void>) => {
      try {
        await ready;
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        failed();
        return;
      }
      while (batches.length && !failure) {
        if (options.beforeBatch) await Promise.race([options.beforeBatch(), failedSignal]);
        const batch = batches.shift();
        if (!batch || failure) return;
        try {
          await run(batch);
        } catch (error) {
          failure = error instanceof Error ? error : new Error(String(error));
          failed();
        }
      }
    };
    const drains = this.workers.flatMap((poolWorker) => Array.from({ length: BATCHES_IN_FLIGHT }, () => drain(
      async (batch) => {
        await onResponse(await this.send(poolWorker, request(batch)));
      },
      options.workersReady?.(poolWorker),
    )));
    const { local } = options;
    if (local) drains.push(drain(local));
    await Promise.all(drains);
    this.scheduleIdle();
    if (failure) throw failure;
  }

  /** Stops the workers that have nothing in hand now, rather than after idleMs. */
  stopIdleWorkers(): void {
    for (const poolWorker of this.workers.filter((w) => w.pending.size === 0)) this.stop(poolWorker);
  }

  dispose(): void {
    clearTimeout(this.idleTimer);
    for (const poolWorker of [...this.workers]) this.stop(poolWorker);
  }

  private stop(poolWorker: PoolWorker): void {
    this.workers.splice(this.workers.indexOf(poolWorker), 1);
    poolWorker.exited = true;
    void poolWorker.worker.terminate();
    this.noteRunning();
  }

  private send(poolWorker: PoolWorker, request: AnalysisRequest): Promise<AnalysisResponse> {
    return new Promise((resolve, reject) => {
      if (poolWorker.exited) {
        reject(new Error('the analysis worker has stopped'));
        return;
      }
      poolWorker.pending.set(request.id, { resolve, reject });
      poolWorker.worker.postMessage(request);
    });
  }

  private ensureWorkers(): void {
    clearTimeout(this.idleTimer);
    while (this.workers.length < this.threads) this.addWorker();
  }

  private addWorker(): void {
    this.workers.push(this.startWorker());
    this.noteRunning();
  }

  private noteRunning(): void {
    const running = this.workers.length > 0;
    if (running === this.running) return;
    this.running = running;
    this.onRunning?.(running);
  }

  private startWorker(): PoolWorker {
    // stdout/stderr are captured: a worker writing to the process's stdout would corrupt the LSP stream.
    // A bounded young generation: a worker keeps nothing between batches; 16 MB measured as fast as the
    // default at 20,000 entries with ~60 MB less at peak.
    const worker = new Worker(this.workerPath, { stdout: true, stderr: true, resourceLimits: { maxYoungGenerationSizeMb: 16 } });
    const poolWorker: PoolWorker = { worker, pending: new Map(), exited: false };
    worker.unref();
    for (const stream of [worker.stdout, worker.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => chunk.trim() && this.log(`Analysis worker: ${chunk.trimEnd()}`));
    }
    worker.on('message', (response: AnalysisResponse) => {
      const pending = poolWorker.pending.get(response.id);
      poolWorker.pending.delete(response.id);
      pending?.resolve(response);
    });
    worker.on('error', (error) => this.log(`Analysis worker error: ${error.stack ?? error.message}`));
    worker.on('exit', (code) => {
      poolWorker.exited = true;
      const index = this.workers.indexOf(poolWorker);
      if (index !== -1) this.workers.splice(index, 1);
      this.noteRunning();
      for (const pending of poolWorker.pending.values()) pending.reject(new Error(`the analysis worker stopped (exit code ${code})`));
      poolWorker.pending.clear();
    });
    return poolWorker;
  }

  private scheduleIdle(): void {
    clearTimeout(this.idleTimer);
    if (this.workers.some((w) => w.pending.size > 0)) return;
    this.idleTimer = setTimeout(() => {
      if (this.workers.some((w) => w.pending.size > 0)) return;
      this.dispose();
    }, this.idleMs);
    this.idleTimer.unref();
  }
}

/** The answer of the kind asked for, or the worker's failure as an error. */
function answerOf<K extends AnalysisResponse['kind']>(response: AnalysisResponse, kind: K): Extract<AnalysisResponse, { kind: K }> {
  if (response.kind === kind) return response as Extract<AnalysisResponse, { kind: K }>;
  throw new Error(response.kind === 'failed' ? response.message : `the worker answered '${response.kind}' to a '${kind}' request`);
}
