// A preload for the server (BENCH_SERVER_ARGS="--import ./bench/heapTrace.mjs"): every 100 ms, each
// thread of the server (the main thread, the analysis workers, the Mermaid worker: worker threads
// take the server's Node flags) appends its V8 heap (used and committed, old space apart) and the
// process's resident memory to $HEAP_TRACE (default /tmp/heaps.jsonl), one JSON line each, with
// the time in the process's clock. Read against a phase's start (peakAfter in serverPass.mjs) to
// see which thread's heap grew.
import { appendFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
import { isMainThread, threadId } from 'node:worker_threads';

const file = process.env.HEAP_TRACE || '/tmp/heaps.jsonl';
const megabytes = (bytes) => +(bytes / 2 ** 20).toFixed(1);
setInterval(() => {
  const memory = process.memoryUsage();
  const old = getHeapSpaceStatistics().find((space) => space.space_name === 'old_space');
  const line = {
    at: Math.round(performance.timeOrigin + performance.now()),
    thread: isMainThread ? 'main' : `worker ${threadId}`,
    heapUsed: megabytes(memory.heapUsed),
    heapTotal: megabytes(memory.heapTotal),
    oldUsed: megabytes(old?.space_used_size ?? 0),
    rss: megabytes(memory.rss),
  };
  appendFileSync(file, `${JSON.stringify(line)}\n`);
}, 100).unref();
