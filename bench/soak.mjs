#!/usr/bin/env node
// Soak test of the Glossary Author language server: one open document, many edits, memory and latency.
//
//   npm run build && node bench/soak.mjs [--edits 10000] [--entries 1000] [--seed 1] [--same-slug] [--warmup 1000] [--no-gc] [--json out.json]
//
// Drives the real dist/server.js over stdio (JSON-RPC, as an editor does) on a generated glossary
// (bench/generateGlossary.mjs, in a temp folder removed afterwards). One entry is open; each edit is
// a didChange that alternately adds a related item naming an unknown slug (a new one each time,
// unless --same-slug) and removes it again. The next edit is sent once the diagnostics that reflect
// the previous one arrive: the edit→diagnostics latency. The server's RSS is read from
// /proc/<pid>/status before the first edit and after the last, and every 1,000 edits.
//
// V8 grows its heap lazily, so raw RSS also measures when the collector last ran. The server is
// therefore started with --expose-gc and a small preload (written to the temp folder; the product is
// unchanged) that, on SIGUSR2, runs a full collection and reports process.memoryUsage() on stderr.
// Each memory reading is taken right after such a collection (--no-gc: raw readings only).
//
// Passes (exit 0) when the RSS after the edits (after a collection) is within 10% of the RSS before,
// and latency is flat: p50 of the last 1,000 edits ≤ 1.25 × p50 of the first 1,000 + 0.5 ms, and
// p99 ≤ 1.5 × + 2 ms.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import rpc from 'vscode-jsonrpc/node';
import { generateGlossary } from './generateGlossary.mjs';

const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = rpc;
const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const serverPath = join(repo, 'dist', 'server.js');

function parseArgs(argv) {
  const options = { edits: 10_000, entries: 1_000, seed: 1, sameSlug: false, json: undefined, window: 1_000, timeoutMs: 10_000, gc: true, warmup: 1_000 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--edits') options.edits = Math.max(2, Number(value()));
    else if (flag === '--entries') options.entries = Math.max(10, Number(value()));
    else if (flag === '--seed') options.seed = Number(value()) || 1;
    else if (flag === '--same-slug') options.sameSlug = true;
    else if (flag === '--no-gc') options.gc = false;
    else if (flag === '--warmup') options.warmup = Math.max(0, Number(value()));
    else if (flag === '--json') options.json = resolve(value());
    else if (flag === '--window') options.window = Math.max(10, Number(value()));
    else if (flag === '--help' || flag === '-h') {
      console.log('node bench/soak.mjs [--edits 10000] [--entries 1000] [--seed 1] [--same-slug] [--window 1000] [--warmup 1000] [--no-gc] [--json out.json]');
      process.exit(0);
    } else throw new Error(`Unknown option ${argv[i]}`);
  }
  options.window = Math.min(options.window, Math.floor(options.edits / 2));
  return options;
}

function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function procStatus(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mb = (kb) => `${(kb / 1024).toFixed(1)} MB`;
const ms = (value) => `${value.toFixed(2)} ms`;

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'glossary-soak-'));
  const generated = generateGlossary(dir, options.entries, options.seed);
  const folder = join(dir, 'content', 'glossary');
  // A clean entry with a block related list: the edits go right under `related:`.
  const slug = generated.entries.find((e) => !e.broken && e.related.length >= 3)?.slug ?? readdirSync(folder)[0].replace(/\.md$/, '');
  const path = join(folder, `${slug}.md`);
  const uri = pathToFileURL(path).href;
  const original = readFileSync(path, 'utf8');
  const relatedLine = original.split('\n').indexOf('related:');
  if (relatedLine < 0) throw new Error(`${slug}.md has no block related list`);

  const preload = join(dir, 'soak-gc-preload.cjs');
  writeFileSync(preload, "process.on('SIGUSR2', () => { global.gc(); process.stderr.write('__SOAK_MEMORY__' + JSON.stringify(process.memoryUsage()) + '\\n'); });\n");
  const nodeArgs = options.gc ? ['--expose-gc', '--require', preload] : [];
  const execArgv = JSON.parse(readFileSync(join(dirname(serverPath), '..', 'package.json'), 'utf8')).glossaryServer?.execArgv ?? [];
  const child = spawn(process.execPath, [...execArgv, ...nodeArgs, serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let memoryReport;
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    for (const line of chunk.split('\n')) {
      if (line.startsWith('__SOAK_MEMORY__')) memoryReport?.(JSON.parse(line.slice('__SOAK_MEMORY__'.length)));
      else if (line) stderr += `${line}\n`;
    }
  });
  /** A full collection in the server (when --expose-gc is on), then its RSS and V8 heap from /proc and process.memoryUsage(). */
  const measure = async () => {
    let heapUsed = NaN;
    if (options.gc) {
      const reported = new Promise((r) => (memoryReport = r));
      child.kill('SIGUSR2');
      heapUsed = (await Promise.race([reported, sleep(5_000).then(() => ({ heapUsed: NaN }))])).heapUsed;
      await sleep(100);
    }
    return { ...procStatus(child.pid), heapUsed };
  };
  const reader = new StreamMessageReader(child.stdout);
  // No partial-message timer: vscode-jsonrpc re-arms it forever after a server killed mid-write.
  reader.partialMessageTimeout = 0;
  const connection = createMessageConnection(reader, new StreamMessageWriter(child.stdin));
  let ready;
  const readyPromise = new Promise((r) => (ready = r));
  const logs = [];
  let waiter;
  connection.onNotification('glossary/indexStatus', (status) => status.state === 'ready' && ready());
  connection.onNotification('window/logMessage', (params) => logs.push(params.message));
  connection.onNotification('$/progress', () => undefined);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    if (params.uri !== uri || !waiter) return;
    if (waiter.predicate(params.diagnostics)) {
      const w = waiter;
      waiter = undefined;
      w.resolve(performance.now());
    }
  });
  connection.listen();

  const root = pathToFileURL(dir).href;
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: root,
    workspaceFolders: [{ uri: root, name: 'soak' }],
    capabilities: { workspace: { configuration: false, didChangeWatchedFiles: { dynamicRegistration: false } }, window: { workDoneProgress: false } },
  });
  await connection.sendNotification('initialized', {});
  let readyTimer;
  await Promise.race([readyPromise, new Promise((_, reject) => (readyTimer = setTimeout(() => reject(new Error('the server never became ready')), 120_000)))]);
  clearTimeout(readyTimer);

  const waitFor = (predicate) => new Promise((resolveWait, rejectWait) => {
    const timer = setTimeout(() => rejectWait(new Error(`no matching diagnostics within ${options.timeoutMs} ms`)), options.timeoutMs);
    waiter = { predicate, resolve: (t) => { clearTimeout(timer); resolveWait(t); } };
  });
  const isSoakUnknown = (d) => d.code === 'unknown-slug' && /soak-unknown-/.test(typeof d.message === 'string' ? d.message : d.message.value);

  let version = 1;
  const opened = waitFor(() => true);
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text: original } });
  await opened;
  // Warm-up (--warmup, 1,000 by default), not measured, so the JIT, the Mermaid worker and the allocator settle before the baseline.
  const edit = async (i, tag = '') => {
    const add = i % 2 === 0;
    const name = options.sameSlug ? 'soak-unknown-slug' : tag ? `soak-unknown-${tag}` : `soak-unknown-${i >> 1}`;
    const change = add
      ? { range: { start: { line: relatedLine + 1, character: 0 }, end: { line: relatedLine + 1, character: 0 } }, text: `- ${name}\n` }
      : { range: { start: { line: relatedLine + 1, character: 0 }, end: { line: relatedLine + 2, character: 0 } }, text: '' };
    const arrived = waitFor(add ? (d) => d.some(isSoakUnknown) : (d) => !d.some(isSoakUnknown));
    const sent = performance.now();
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [change] });
    return (await arrived) - sent;
  };
  // Warm-up edits all use one slug, so they leave the server's caches as empty as they found them.
  for (let i = 0; i < options.warmup; i++) await edit(i, 'warmup');
  await sleep(500);

  const before = await measure();
  const latencies = [];
  const trend = [{ edits: 0, rss: before.rss, heapUsed: before.heapUsed }];
  const started = performance.now();
  for (let i = 0; i < options.edits; i++) {
    latencies.push(await edit(i));
    if ((i + 1) % 1_000 === 0) {
      const raw = procStatus(child.pid).rss;
      const now = await measure();
      trend.push({ edits: i + 1, rawRss: raw, rss: now.rss, heapUsed: now.heapUsed });
    }
  }
  const seconds = (performance.now() - started) / 1000;
  await sleep(500);
  const rawAfter = procStatus(child.pid);
  const after = await measure();

  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  await Promise.race([new Promise((r) => child.once('exit', r)), sleep(3_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
  connection.dispose();
  rmSync(dir, { recursive: true, force: true });

  const first = latencies.slice(0, options.window);
  const last = latencies.slice(-options.window);
  const result = {
    node: process.version,
    cpu: `${os.cpus()[0]?.model ?? 'unknown'} × ${os.availableParallelism()}`,
    entries: options.entries,
    edits: options.edits,
    warmup: options.warmup,
    seconds,
    document: `${slug}.md (${original.length.toLocaleString('en-US')} chars)`,
    slugs: options.sameSlug ? 'one unknown slug, added and removed' : 'a new unknown slug on every add',
    gcBeforeReadings: options.gc,
    rssBeforeKb: before.rss,
    rssAfterKb: after.rss,
    rawRssAfterKb: rawAfter.rss,
    heapUsedBefore: before.heapUsed,
    heapUsedAfter: after.heapUsed,
    rssGrowth: (after.rss - before.rss) / before.rss,
    peakKb: after.hwm,
    first: { p50: percentile(first, 50), p99: percentile(first, 99), max: Math.max(...first) },
    last: { p50: percentile(last, 50), p99: percentile(last, 99), max: Math.max(...last) },
    trend,
    serverFailures: logs.filter((line) => /failed|Uncaught|Unhandled/.test(line)),
    stderr,
  };
  const memoryOk = Math.abs(result.rssGrowth) <= 0.1 || after.rss - before.rss <= 0;
  const latencyOk = result.last.p50 <= result.first.p50 * 1.25 + 0.5 && result.last.p99 <= result.first.p99 * 1.5 + 2;
  result.pass = memoryOk && latencyOk && result.serverFailures.length === 0;

  const w = options.window.toLocaleString('en-US');
  console.log(`\nSoak: ${options.warmup.toLocaleString('en-US')} warm-up edits, then ${options.edits.toLocaleString('en-US')} measured edits of ${result.document} in a glossary of ${options.entries.toLocaleString('en-US')} entries (${result.slugs}); ${seconds.toFixed(1)} s; Node ${process.version}, ${result.cpu}\n`);
  console.log('| measure | first ' + w + ' edits | last ' + w + ' edits | change |');
  console.log('|---|---|---|---|');
  console.log(`| edit → diagnostics p50 | ${ms(result.first.p50)} | ${ms(result.last.p50)} | ${((result.last.p50 / result.first.p50 - 1) * 100).toFixed(0)}% |`);
  console.log(`| edit → diagnostics p99 | ${ms(result.first.p99)} | ${ms(result.last.p99)} | ${((result.last.p99 / result.first.p99 - 1) * 100).toFixed(0)}% |`);
  console.log(`| edit → diagnostics max | ${ms(result.first.max)} | ${ms(result.last.max)} | |`);
  console.log(`| server RSS${options.gc ? ' after a full GC' : ''} (before / after) | ${mb(before.rss)} | ${mb(after.rss)} | ${(result.rssGrowth * 100).toFixed(1)}% |`);
  if (options.gc) console.log(`| server V8 heap used after a full GC | ${mb(before.heapUsed / 1024)} | ${mb(after.heapUsed / 1024)} | ${((after.heapUsed / before.heapUsed - 1) * 100).toFixed(1)}% |`);
  console.log(`| server RSS without forcing a GC (after) | | ${mb(rawAfter.rss)} | |`);
  const peakHeap = Math.max(...trend.map((t) => t.heapUsed).filter(Number.isFinite));
  if (options.gc) console.log(`| highest V8 heap used after a GC, sampled every 1,000 edits | | ${mb(peakHeap / 1024)} | |`);
  console.log(`| server peak RSS (VmHWM) | | ${mb(after.hwm)} | |`);
  console.log(`\nRSS every 1,000 edits${options.gc ? ' (after a full GC; raw in brackets)' : ''}: ${trend.map((t) => `${t.edits}: ${mb(t.rss)}${t.rawRss ? ` [${mb(t.rawRss)}]` : ''}`).join(', ')}`);
  if (options.gc) console.log(`V8 heap used every 1,000 edits: ${trend.map((t) => `${t.edits}: ${mb(t.heapUsed / 1024)}`).join(', ')}`);
  console.log(`\nmemory within 10%: ${memoryOk ? 'yes' : 'NO'}; latency flat: ${latencyOk ? 'yes' : 'NO'}; server failures logged: ${result.serverFailures.length}`);
  console.log(result.pass ? 'PASS' : 'FAIL');
  if (options.json) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(options.json, JSON.stringify(result, null, 2));
  }
  process.exitCode = result.pass ? 0 : 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 2;
});
