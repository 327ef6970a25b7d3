#!/usr/bin/env node
// How long the server takes to index a glossary, pass by pass, with builds compared run for run:
// from `initialized` to the first pass's log ("Indexed …"), the second's ("Read the body links …")
// and `glossary/indexStatus` ready, with the seed-like entry open as the benchmark opens it; and the
// CPU time the server's threads took until then (on two cores the indexing is CPU-bound, and the
// CPU time moves less with the host's load than the wall time); and, as the benchmark measures it,
// the longest waits of a hover (--ask completion: a completion) sent every 20 ms meanwhile.
//
//   npm run build && node bench/indexPasses.mjs <glossary> [--runs 3] [--dist dist,/tmp/before/dist] [--cold] [--ask completion]
//
// --cold empties the page cache before each run (root only: /proc/sys/vm/drop_caches), so every
// file is read from the disk, as after a reboot or once other work has pushed the glossary out of
// the cache (this machine's cache holds ~1.2 GB: three 20,000-entry glossaries).
//
// Runs alternate between the builds (before, after, before, after, …), so that the host's load
// falls on both alike; every run's figures are printed, then the median of each build.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { scanEntry } from './entryText.mjs';
import { now, startServer, withTimeout } from './lspSession.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : args[at + 1];
};
const glossary = resolve(args.find((arg, i) => !arg.startsWith('--') && !['--runs', '--dist', '--ask'].includes(args[i - 1])) ?? '');
const runs = Number(option('runs', 3));
const cold = args.includes('--cold');
const asked = option('ask', 'hover');
if (!['hover', 'completion'].includes(asked)) throw new Error(`--ask hover or --ask completion, not ${asked}`);
const dists = option('dist', 'dist').split(',').map((dist) => resolve(dist));
const seedLike = join(glossary, 'content', 'glossary', 'foundation-model.md');

/** Writes out what is pending and drops the page cache: the next reads go to the disk. */
function emptyPageCache() {
  execFileSync('sync');
  try {
    writeFileSync('/proc/sys/vm/drop_caches', '3');
  } catch (error) {
    throw new Error(`--cold needs to write /proc/sys/vm/drop_caches (root on Linux): ${error.message}`, { cause: error });
  }
}

async function oneRun(dist) {
  if (cold) emptyPageCache();
  const session = startServer(glossary, { serverPath: join(dist, 'server.js') });
  try {
    await session.initialize();
    const ready = session.nextIndexStatus((status) => status.state === 'ready', 600_000, 'the complete index');
    const started = now();
    const logged = (pattern) => new Promise((done) => {
      const timer = setInterval(() => {
        if (session.hasLogged(pattern)) {
          clearInterval(timer);
          done(now() - started);
        }
      }, 2);
    });
    const firstPass = logged(/^Indexed \d+ of \d+/);
    const secondPass = logged(/^Read the body links/);
    session.notify('initialized', {});
    const waits = [];
    let timer;
    if (existsSync(seedLike)) {
      const uri = pathToFileURL(seedLike).href;
      const text = readFileSync(seedLike, 'utf8');
      session.open({ uri, version: 1, text });
      // As the benchmark asks (serverPass.mjs): a hover (or with --ask completion, a completion) on
      // the first related item every 20 ms, each one's wait kept with when it was sent.
      const probe = scanEntry(text).related[0];
      if (probe) {
        const before = text.slice(0, probe.start + 2).split('\n');
        const position = { textDocument: { uri }, position: { line: before.length - 1, character: before.at(-1).length } };
        timer = setInterval(() => {
          const sent = now();
          const waited = () => waits.push({ sentMs: sent - started, waitMs: now() - sent });
          session.request(`textDocument/${asked}`, position).then(waited, waited);
        }, 20);
      }
    }
    await ready.finally(() => clearInterval(timer));
    const readyMs = now() - started;
    const slowest = [...waits].sort((a, b) => b.waitMs - a.waitMs).slice(0, 3);
    const cpuMs = cpuTimeMs(session.child.pid);
    return { cpuMs, longestWaitMs: slowest[0]?.waitMs ?? 0, slowest, firstPassMs: await withTimeout(firstPass, 5_000, 'the first pass'), secondPassMs: await withTimeout(secondPass, 5_000, 'the second pass'), readyMs };
  } finally {
    await session.stop();
  }
}

/** User and system time of every thread of process `pid` so far (the server and its workers), from /proc. */
function cpuTimeMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are the 14th and 15th fields of the line, counted in clock ticks (100 a second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const byDist = new Map(dists.map((dist) => [dist, []]));
for (let run = 0; run < runs; run++) {
  for (const dist of dists) {
    const figures = await oneRun(dist);
    byDist.get(dist).push(figures);
    console.log(`${dist}: first pass ${figures.firstPassMs.toFixed(0)} ms, body links ${figures.secondPassMs.toFixed(0)} ms, ready ${figures.readyMs.toFixed(0)} ms, CPU ${figures.cpuMs} ms; longest waits of a ${asked} every 20 ms ${figures.slowest.map((w) => `${w.waitMs.toFixed(1)} ms (sent at ${w.sentMs.toFixed(0)})`).join(', ')}`);
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
for (const [dist, figures] of byDist) {
  console.log(`median ${dist}: first pass ${median(figures.map((f) => f.firstPassMs)).toFixed(0)} ms, ready ${median(figures.map((f) => f.readyMs)).toFixed(0)} ms, CPU ${median(figures.map((f) => f.cpuMs))} ms, longest wait ${median(figures.map((f) => f.longestWaitMs)).toFixed(1)} ms (${figures.length} runs)`);
}
