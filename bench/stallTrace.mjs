// A preload for the server (BENCH_SERVER_ARGS="--import ./bench/stallTrace.mjs"): on its main thread,
// every turn of the event loop that kept a 1 ms timer waiting over 5 ms (a stall: work that held
// requests back) and every garbage collection over 1 ms, one JSON line each with its start in
// wall-clock milliseconds (performance.timeOrigin-based, as BENCH_SAMPLES' `sentAt`), appended to
// $STALL_TRACE (default /tmp/stalls.jsonl). Read against BENCH_SAMPLES: what a slow request waited
// behind, or did itself. `sinceStart` is the same start in the process's own clock (performance.now()),
// to read against a --cpu-prof profile of the same run, whose times start with the process too.
import { appendFileSync } from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  const file = process.env.STALL_TRACE || '/tmp/stalls.jsonl';
  const wall = (t) => +(performance.timeOrigin + t).toFixed(1);
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    if (now - last > 5) appendFileSync(file, `${JSON.stringify({ kind: 'stall', from: wall(last), sinceStart: +last.toFixed(1), ms: +(now - last).toFixed(1) })}\n`);
    last = now;
  }, 1).unref();
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.duration > 1) appendFileSync(file, `${JSON.stringify({ kind: 'gc', from: wall(entry.startTime), sinceStart: +entry.startTime.toFixed(1), ms: +entry.duration.toFixed(1), type: entry.detail?.kind })}\n`);
    }
  }).observe({ entryTypes: ['gc'] });
}
