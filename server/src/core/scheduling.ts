/**
 * Yielding to the event loop the same way in Node and in a browser worker: Node's setImmediate
 * runs after the I/O already waiting (so a request that arrived is answered first); browsers have
 * no setImmediate, and a zero timeout does the same there. Read off `globalThis` so that the core
 * needs neither Node's nor the DOM's type declarations.
 */
type Schedule = (callback: () => void) => unknown;

const scope = globalThis as { setImmediate?: Schedule; setTimeout?: (callback: () => void, milliseconds: number) => unknown };
const schedule: Schedule = scope.setImmediate ? scope.setImmediate.bind(globalThis) : (callback) => scope.setTimeout!(callback, 0);

/** Runs `task` once the events already waiting have been handled. */
export function afterPendingEvents(task: () => void): void {
  schedule(task);
}

/**
 * Runs `task` after the messages already received: the JSON-RPC connection handles one message per
 * turn of the event loop, each scheduled the same way as afterPendingEvents, so a task scheduled
 * while handling a message (diagnostics after a keystroke) would run before the next message (the
 * completion request typed right behind it). One more turn puts the task behind it.
 */
export function afterQueuedMessages(task: () => void): void {
  schedule(() => schedule(task));
}

/** How background work lets waiting events through (`ahead`: before other background work); the front that knows its messages may change it. */
let waitForPendingEvents: (resume: () => void, ahead: boolean) => void = schedule;

/**
 * The language server's connection handles one message per turn of the event loop: background work
 * that took one turn between slices let one message through per slice, so a request behind a few
 * others (an editor restoring its tabs sends several at once) waited several slices. The server
 * lets its background work wait until its messages are handled (see MessageTraffic.whenQuiet).
 */
export function yieldBackgroundWorkTo(wait: (resume: () => void, ahead: boolean) => void): void {
  waitForPendingEvents = wait;
}

/**
 * Resolves once the events already waiting have been handled (in the language server: its messages
 * too). `ahead`: before the other background work waiting, for work that others wait on (the
 * indexing workers get their next files once their answer is taken).
 */
export function yieldToPendingEvents(options?: { ahead?: boolean }): Promise<void> {
  return new Promise((resolve) => waitForPendingEvents(resolve, options?.ahead === true));
}

/** How long a loop over a whole glossary may hold the event loop before it lets waiting requests through. */
export const SLICE_MS = 8;

/**
 * Calls `visit` on each item in order, handling the events waiting between slices of about
 * `sliceMs`: a loop over 20,000 files holds no request behind it for long.
 */
export async function forEachInSlices<T>(items: Iterable<T>, visit: (item: T) => void, sliceMs = SLICE_MS): Promise<void> {
  let sliceStart = performance.now();
  let count = 0;
  for (const item of items) {
    visit(item);
    // The clock is read every 64 items: reading it costs more than most visits.
    if ((++count & 63) === 0 && performance.now() - sliceStart > sliceMs) {
      await yieldToPendingEvents();
      sliceStart = performance.now();
    }
  }
}
