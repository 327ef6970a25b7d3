// Preloaded into the server by the benchmark's memory pass only (with --expose-gc): on SIGUSR2, a full
// collection, then process.memoryUsage() on stderr, which the server never uses for the protocol.
process.on('SIGUSR2', () => {
  global.gc();
  process.stderr.write(`__BENCH_MEMORY__${JSON.stringify(process.memoryUsage())}\n`);
});
