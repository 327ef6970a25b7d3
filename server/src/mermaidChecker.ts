/**
 * The server's side of the `mermaid-syntax` check: it sends the ```mermaid blocks of open entries
 * to Mermaid through a port (a worker thread on Node, see nodeMermaidPort.ts; the same thread in
 * the browser) and remembers the answers. The worker is started on
 * the first block there is to check, never when checks are off; parsing runs off the server's main
 * loop, so completion and hover are answered meanwhile.
 *
 * `diagnostics()` answers at once with what is known for the document's current text and checks
 * the rest in the background; when those answers arrive for the version that asked, `onResults`
 * tells the server to publish again. Answers are kept by block text (the same diagram anywhere in
 * any entry is parsed once) in a small LRU cache. A plain flowchart (isPlainFlowchart), the most
 * common diagram, or a plain sequence or state diagram (isPlainDiagram) needs no parse at all.
 */
import type { Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParsedEntry } from './core/parsing';
import {
  MAX_MERMAID_CHARACTERS, mermaidBlocks, mermaidCheckEnabled, mermaidSyntaxDiagnostic, type MermaidBlock, type MermaidCheckResult,
} from './core/features/mermaidSyntax';
import { isPlainDiagram } from './core/features/plainDiagrams';
import { detach } from './core/slugs';
import type { GlossarySettings } from './core/settings';
import type { MermaidRequest, MermaidResponse } from './mermaidEngine';

/** Where Mermaid runs: what the checker sends requests to, and stops. */
export interface MermaidPort {
  /** For the log: what was started. */
  readonly name: string;
  postMessage(request: MermaidRequest): void;
  terminate(): void;
}

/** Starts Mermaid somewhere; `events` get its answers, its end and its stray output. */
export type MermaidPortFactory = (events: { message(response: MermaidResponse): void; exit(code: number): void; log(line: string): void }) => MermaidPort;

/** Timers must not keep a Node process alive (a CLI run ends when its work does); browsers have no such notion. */
function unrefTimer<T>(timer: T): T {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

type Timer = ReturnType<typeof setTimeout>;

export interface MermaidCheckerOptions {
  /** Problems: the worker failed, timed out, was disabled. */
  log(message: string): void;
  /** The worker's comings and goings (started, ready, idle): the server logs them, the CLI does not. */
  trace?(message: string): void;
  /** New answers changed the Mermaid diagnostics of `uri` at `version`, its current version: publish again. */
  onResults(uri: string, version: number): void;
  /** Where Mermaid runs (nodeMermaidPort, inlineMermaidPort). */
  createPort: MermaidPortFactory;
  /** How long one diagram may take to parse before the worker is restarted. */
  timeoutMs?: number;
  /**
   * Diagrams sent to the worker ahead of its answers (it parses them in order). More keep it busy
   * while this thread is: each answer otherwise waits for this thread's next turn before the next
   * diagram is sent. Fewer keep a diagram asked now from waiting behind many asked before.
   */
  parsesInFlight?: number;
  /** How long the worker may take to load linkedom and Mermaid. */
  startTimeoutMs?: number;
  /** Quiet time after an edit before its blocks are sent. */
  debounceMs?: number;
  /** Answers kept, by block text. */
  cacheSize?: number;
  /** The worker (its own heap with linkedom and Mermaid: about 60 MB loaded and idle, more while it parses) is stopped after this long without work; the next block starts it again. */
  idleMs?: number;
}

interface Request {
  id: number;
  source: string;
  resolve(result: MermaidCheckResult | undefined): void;
}

interface DocumentState {
  version: number;
  /** The answers for the blocks the document had when last asked, by block text. */
  results: Map<string, MermaidCheckResult>;
  timer?: Timer;
}

/** A plain diagram's answer (see isPlainDiagram): Mermaid accepts it, no parse needed. */
const PLAIN_DIAGRAM: MermaidCheckResult = { kind: 'ok' };

/** The worker crashed or failed to start this many times in a row: checks stop until settings change. */
const MAX_FAILURES = 3;

export class MermaidChecker {
  private readonly log: (message: string) => void;
  private trace: (message: string) => void;
  private readonly onResults: (uri: string, version: number) => void;
  private readonly createPort: MermaidPortFactory;
  private readonly timeoutMs: number;
  private readonly parsesInFlight: number;
  private readonly startTimeoutMs: number;
  private readonly debounceMs: number;
  private readonly cacheSize: number;
  private readonly idleMs: number;

  private worker: MermaidPort | undefined;
  private workerReady = false;
  private startTimer: Timer | undefined;
  private idleTimer: Timer | undefined;
  private failures = 0;
  private disabled: string | undefined;
  private nextId = 1;
  private readonly queue: Request[] = [];
  /** Sent and not yet answered, in the order the worker parses them. */
  private readonly inFlight: Request[] = [];
  /** Runs for the first of inFlight only: the worker starts a diagram when it has answered the one before. */
  private parseTimer: Timer | undefined;
  private readonly pending = new Map<string, Promise<MermaidCheckResult | undefined>>();
  private readonly cache = new Map<string, MermaidCheckResult>();
  private readonly documents = new Map<string, DocumentState>();

  /** For logs and the benchmark: worker starts and their load times, parse times in the worker. */
  readonly stats = { workerStarts: 0, startMilliseconds: [] as number[], parseMilliseconds: [] as number[] };

  constructor(options: MermaidCheckerOptions) {
    this.log = options.log;
    this.trace = options.trace ?? (() => undefined);
    this.onResults = options.onResults;
    this.createPort = options.createPort;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.parsesInFlight = Math.max(1, options.parsesInFlight ?? 4);
    this.startTimeoutMs = options.startTimeoutMs ?? 30_000;
    this.debounceMs = options.debounceMs ?? 150;
    this.cacheSize = options.cacheSize ?? 500;
    this.idleMs = options.idleMs ?? 5 * 60_000;
  }

  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Set while the worker may not start yet (see startAfter). */
  private startHeld: Promise<void> | undefined;

  /**
   * The worker starts no sooner than `ready` settles; blocks asked meanwhile wait in the queue. The
   * server holds it while the analysis workers read a large glossary: Mermaid loaded beside them
   * would add its ~60 MB to their peak, for answers that then come a few seconds later.
   */
  startAfter(ready: Promise<unknown>): void {
    const held = ready.then(() => undefined, () => undefined);
    this.startHeld = held;
    void held.then(() => {
      if (this.startHeld !== held) return;
      this.startHeld = undefined;
      this.pump();
    });
  }

  /**
   * The `mermaid-syntax` diagnostics of an open entry as far as they are known for its current
   * text; blocks not seen before are checked in the background.
   */
  diagnostics(uri: string, document: TextDocument, entry: ParsedEntry, settings: GlossarySettings): Diagnostic[] {
    if (!mermaidCheckEnabled(settings)) {
      this.stop();
      return [];
    }
    const state = this.documents.get(uri) ?? { version: document.version, results: new Map<string, MermaidCheckResult>() };
    this.documents.set(uri, state);
    const results = new Map<string, MermaidCheckResult>();
    const missing = new Set<string>();
    const diagnostics: Diagnostic[] = [];
    for (const block of mermaidBlocks(document, entry)) {
      const result: MermaidCheckResult | undefined = block.source.length > MAX_MERMAID_CHARACTERS
        ? { kind: 'oversized', characters: block.source.length }
        : state.results.get(block.source) ?? this.known(block.source);
      if (!result) {
        missing.add(block.source);
        continue;
      }
      results.set(block.source, result);
      const diagnostic = mermaidSyntaxDiagnostic(block, result, settings);
      if (diagnostic) diagnostics.push(diagnostic);
    }
    const sameVersion = state.version === document.version && state.timer !== undefined;
    state.version = document.version;
    state.results = results;
    if (sameVersion && missing.size) return diagnostics; // already scheduled for this text
    clearTimeout(state.timer);
    state.timer = undefined;
    if (missing.size && !this.disabled) {
      // Debounced per document: while the writer types, only the text they stop at is parsed.
      state.timer = setTimeout(() => this.check(uri, state, document.version, [...missing]), this.debounceMs);
    }
    return diagnostics;
  }

  /**
   * The `mermaid-syntax` diagnostics of `blocks`, once Mermaid has parsed each (from the cache or
   * the worker): for a whole file at once, as the CLI and the whole-glossary check need it. A block
   * the worker could not answer for (it failed to start) adds nothing.
   */
  async checkBlocks(blocks: readonly MermaidBlock[], settings: GlossarySettings): Promise<Diagnostic[]> {
    if (!mermaidCheckEnabled(settings) || blocks.length === 0) return [];
    const results = await Promise.all(blocks.map((block) => (block.source.length > MAX_MERMAID_CHARACTERS ? { kind: 'oversized' as const, characters: block.source.length } : this.parse(block.source))));
    return blocks.flatMap((block, i) => {
      const result = results[i];
      const diagnostic = result && mermaidSyntaxDiagnostic(block, result, settings);
      return diagnostic ? [diagnostic] : [];
    });
  }

  /** The document was closed: its pending check is dropped (answers stay cached). */
  forget(uri: string): void {
    const state = this.documents.get(uri);
    if (state) clearTimeout(state.timer);
    this.documents.delete(uri);
  }

  /** Checks are off: the worker goes, with its memory, and nothing is pending. */
  stop(): void {
    for (const state of this.documents.values()) clearTimeout(state.timer);
    this.documents.clear();
    this.disabled = undefined;
    this.failures = 0;
    if (this.worker) this.trace('Mermaid checks are off: stopping the Mermaid worker.');
    this.terminateWorker();
    this.drain();
  }

  dispose(): void {
    this.trace = () => undefined;
    this.stop();
  }

  private async check(uri: string, state: DocumentState, version: number, sources: string[]): Promise<void> {
    state.timer = undefined;
    const answers = await Promise.all(sources.map((source) => this.parse(source)));
    if (this.documents.get(uri) !== state || state.version !== version) return; // a newer version asks for itself
    let changed = false;
    sources.forEach((source, i) => {
      const answer = answers[i];
      if (!answer) return;
      state.results.set(source, answer);
      // An 'ok' adds no diagnostic: publishing again would send the same list.
      if (answer.kind !== 'ok') changed = true;
    });
    if (changed) this.onResults(uri, version);
  }

  /** What is known of a block without asking Mermaid now: the answer kept, or 'ok' for a plain diagram. */
  private known(source: string): MermaidCheckResult | undefined {
    return this.cached(source) ?? (isPlainDiagram(source) ? PLAIN_DIAGRAM : undefined);
  }

  private cached(source: string): MermaidCheckResult | undefined {
    const result = this.cache.get(source);
    if (result) {
      this.cache.delete(source);
      this.cache.set(detach(source), result);
    }
    return result;
  }

  /** A block's source is cut from its document's text: a detached key keeps no version of that text alive. */
  private remember(source: string, result: MermaidCheckResult): void {
    this.cache.delete(source);
    this.cache.set(detach(source), result);
    while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
  }

  /** The worker's answer for one block; undefined when there is none (the worker failed). */
  private parse(source: string): Promise<MermaidCheckResult | undefined> {
    const known = this.known(source);
    if (known) return Promise.resolve(known);
    let promise = this.pending.get(source);
    if (!promise) {
      promise = new Promise<MermaidCheckResult | undefined>((resolve) => this.queue.push({ id: this.nextId++, source, resolve })).finally(() => this.pending.delete(source));
      this.pending.set(source, promise);
      this.pump();
    }
    return promise;
  }

  private pump(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (this.inFlight.length === 0 && this.queue.length === 0) {
      if (this.worker && this.workerReady) this.idleTimer = unrefTimer(setTimeout(() => this.idle(), this.idleMs));
      return;
    }
    if (this.queue.length === 0 || this.inFlight.length >= this.parsesInFlight) return;
    if (this.disabled) return this.drain();
    if (!this.worker && this.startHeld) return;
    if (!this.worker) this.startWorker();
    if (!this.workerReady || !this.worker) return;
    const worker = this.worker;
    while (this.queue.length && this.inFlight.length < this.parsesInFlight) {
      const request = this.queue.shift()!;
      this.inFlight.push(request);
      worker.postMessage({ id: request.id, source: request.source } satisfies MermaidRequest);
    }
    this.timeFirstInFlight(worker);
  }

  /** Starts the parse timer for the first diagram in flight, if it has none. */
  private timeFirstInFlight(worker: MermaidPort): void {
    if (this.parseTimer !== undefined || this.inFlight.length === 0) return;
    this.parseTimer = setTimeout(() => this.timedOut(worker), this.timeoutMs);
  }

  private stopParseTimer(): void {
    clearTimeout(this.parseTimer);
    this.parseTimer = undefined;
  }

  private idle(): void {
    if (!this.worker || this.inFlight.length || this.queue.length) return;
    this.trace(`Mermaid worker idle for ${Math.round(this.idleMs / 1000)} s: stopping it (answers stay cached).`);
    this.terminateWorker();
  }

  private startWorker(): void {
    const started = performance.now();
    this.stats.workerStarts++;
    let worker: MermaidPort | undefined;
    try {
      worker = this.createPort({
        message: (message) => worker && this.received(worker, message, started),
        log: (line) => this.log(line),
        exit: (code) => {
          if (!worker || this.worker !== worker) return; // terminated on purpose
          this.worker = undefined;
          this.workerReady = false;
          clearTimeout(this.startTimer);
          // The diagram being parsed may be what broke it: it gets no answer; those behind it are asked again.
          this.stopParseTimer();
          const [parsing, ...behind] = this.inFlight.splice(0);
          this.queue.unshift(...behind);
          parsing?.resolve(undefined);
          this.failed(`the Mermaid worker stopped (exit code ${code})`);
        },
      });
    } catch (error) {
      this.failed(`the Mermaid worker could not be started: ${String(error)}`);
      return;
    }
    this.trace(`Mermaid worker starting (${worker.name}).`);
    this.worker = worker;
    this.workerReady = false;
    const starting = worker;
    this.startTimer = setTimeout(() => {
      if (this.worker !== starting) return;
      this.terminateWorker();
      this.failed(`the Mermaid worker did not load linkedom and Mermaid within ${this.startTimeoutMs / 1000} s`);
    }, this.startTimeoutMs);
  }

  private received(worker: MermaidPort, message: MermaidResponse, started: number): void {
    if (worker !== this.worker) return;
    if ('ready' in message) {
      clearTimeout(this.startTimer);
      if (message.failed) {
        this.terminateWorker();
        this.failed(`linkedom or Mermaid could not be loaded: ${message.failed}`, true);
        return;
      }
      this.workerReady = true;
      const total = performance.now() - started;
      this.stats.startMilliseconds.push(total);
      this.trace(`Mermaid worker ready in ${total.toFixed(0)} ms (linkedom and Mermaid loaded in ${message.milliseconds.toFixed(0)} ms).`);
      this.pump();
      return;
    }
    const request = this.inFlight[0];
    if (!request || request.id !== message.id) return;
    this.inFlight.shift();
    this.stopParseTimer();
    this.timeFirstInFlight(worker);
    this.failures = 0;
    this.stats.parseMilliseconds.push(message.milliseconds);
    const result: MermaidCheckResult = 'error' in message ? { kind: 'error', error: message.error } : { kind: 'ok' };
    this.remember(request.source, result);
    request.resolve(result);
    this.pump();
  }

  private timedOut(worker: MermaidPort): void {
    this.parseTimer = undefined;
    const request = this.inFlight[0];
    if (!request || worker !== this.worker) return;
    this.inFlight.shift();
    this.log(`Mermaid took more than ${this.timeoutMs} ms to parse a diagram of ${request.source.length} characters; restarting the Mermaid worker.`);
    // The diagrams sent after it go back to the queue, for the next worker.
    this.terminateWorker();
    const result: MermaidCheckResult = { kind: 'timeout', milliseconds: this.timeoutMs };
    this.remember(request.source, result);
    request.resolve(result);
    // The next request starts a fresh worker.
    this.pump();
  }

  private failed(reason: string, permanent = false): void {
    this.failures++;
    if (permanent || this.failures >= MAX_FAILURES) {
      this.disabled = reason;
      this.log(`Mermaid checks are disabled: ${reason}.`);
      this.drain();
    } else {
      this.log(`Mermaid checks: ${reason}; retrying.`);
      this.pump();
    }
  }

  private terminateWorker(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.workerReady = false;
    clearTimeout(this.startTimer);
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.stopParseTimer();
    // Requeued, in order: a worker stopped on purpose owes these requests answers from the next one.
    this.queue.unshift(...this.inFlight.splice(0));
    worker?.terminate();
  }

  /** Answers every waiting request with "no answer". */
  private drain(): void {
    for (const request of this.queue.splice(0)) request.resolve(undefined);
  }
}
