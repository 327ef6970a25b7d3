import { setFlagsFromString } from 'node:v8';

/** Each collection lets the heap grow by this much of what survived it while the analysis workers run. */
const HEAP_GROWING_PERCENT = 50;
/** The same the rest of the time (V8 chooses up to 300 %). */
const HEAP_GROWING_PERCENT_OTHERWISE = 100;

/**
 * Lets V8's heaps grow by HEAP_GROWING_PERCENT of what survived each collection, not by V8's own
 * factor; `false` by HEAP_GROWING_PERCENT_OTHERWISE. Indexing and checking make garbage fast and
 * keep a fraction of it (a file's parse dies with its summary or its check), and V8 lets such a
 * heap grow to several times what is alive before it collects. Measured at 20,000 entries: the CLI
 * peaked at 1.5–1.7 GB with V8's growth and 0.77–0.87 GB with this; the language server, indexing,
 * at 323–331 MB and 258–264 MB; both in the same time. The server limits it to 50 % only while its
 * analysis workers run: limited so while the user typed, edit → diagnostics p99 was 15–19 ms
 * against 12–13 ms (four runs each, shape a). Left to V8 while the user typed in a 60 KB entry
 * (shape c), the main thread's old space grew from 50 to 127 MB and the server peaked at 251–295
 * MB (five runs); at 100 %, 219–239 MB (four runs), the typing latencies as before. The threads
 * share the process's V8 settings. A flag set here rather than on the command line: a V8 that no
 * longer knows it says so on stderr and goes on (checked), where an unknown command-line flag would
 * stop the server from starting.
 */
export function limitHeapGrowth(limited = true): void {
  setFlagsFromString(`--heap-growing-percent=${limited ? HEAP_GROWING_PERCENT : HEAP_GROWING_PERCENT_OTHERWISE}`);
}
