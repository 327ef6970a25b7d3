#!/usr/bin/env node
// Benchmark of the language server's Mermaid check (the `mermaid-syntax` worker).
//
//   npm run build && node bench/mermaidCheck.mjs [--runs 20] [--warmup 5] [--starts 3] [--dist dist]
//
// 1. The worker on its own (dist/mermaidWorker.js in a worker thread, as the server runs it):
//    start-up (new Worker → jsdom and Mermaid loaded, one warm-up parse done), and the time to check
//    a 25-node flowchart after warm-up: round trip postMessage → answer, and Mermaid's parse inside
//    the worker. Every run is a new diagram (the labels change), as when someone types. Labelled
//    nodes (`N1[Node 1]`) cost most: Mermaid sanitizes each label with DOMPurify over jsdom; a chain
//    of bare nodes is shown too.
// 2. The real server (dist/server.js --stdio) on a small temp workspace: its memory (VmRSS from
//    /proc/<pid>/status) with an entry without diagrams open, then with one whose diagram is broken
//    once its mermaid-syntax diagnostic has arrived (the worker loaded); the worker's start-up as the
//    server logs it; and edit → fresh mermaid-syntax diagnostic (includes the 150 ms debounce).

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import rpc from 'vscode-jsonrpc/node';

const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = rpc;
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  return typeof fallback === 'number' ? Number(process.argv[at + 1]) : process.argv[at + 1];
}
/** `--dist <dir>`: the built files to measure, e.g. those of an installed package (default: this repo's dist/). */
const dist = resolve(option('dist', join(repo, 'dist')));
const workerPath = join(dist, 'mermaidWorker.js');
const serverPath = join(dist, 'server.js');
const RUNS = option('runs', 20);
const WARMUP = option('warmup', 5);
const STARTS = option('starts', 3);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms) => `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms)} ms`;
const mb = (kb) => `${(kb / 1024).toFixed(1)} MB`;

/** A flowchart of `nodes` nodes (each node has a parent: a tree of edges), with `salt` in every label. */
function flowchart(nodes, salt) {
  const lines = ['graph TD'];
  for (let i = 1; i < nodes; i++) lines.push(`  N${Math.floor((i - 1) / 3)}[Node ${Math.floor((i - 1) / 3)} ${salt}] --> N${i}[Node ${i} ${salt}]`);
  return `${lines.join('\n')}\n`;
}

/** A chain of `nodes` bare nodes (`A0 --> A1 --> …`, no labels): what Mermaid parses fastest. */
function chain(nodes, salt) {
  return `graph TD\n${Array.from({ length: nodes - 1 }, (_, i) => `  A${i}${salt} --> A${i + 1}${salt}`).join('\n')}\n`;
}

// ---------------------------------------------------------------- 1. the worker alone

async function startWorker() {
  const started = performance.now();
  const worker = new Worker(workerPath, { stdout: true, stderr: true });
  const ready = await new Promise((resolveReady, reject) => {
    worker.once('error', reject);
    worker.on('message', (m) => m.ready && resolveReady(m));
  });
  if (ready.failed) throw new Error(ready.failed);
  return { worker, total: performance.now() - started, load: ready.milliseconds };
}

function check(worker, id, source) {
  const sent = performance.now();
  return new Promise((resolveAnswer) => {
    const onMessage = (m) => {
      if (m.id !== id) return;
      worker.off('message', onMessage);
      resolveAnswer({ roundTrip: performance.now() - sent, parse: m.milliseconds, ok: !!m.ok });
    };
    worker.on('message', onMessage);
    worker.postMessage({ id, source });
  });
}

async function benchWorker() {
  const starts = [];
  let worker;
  for (let i = 0; i < STARTS; i++) {
    const started = await startWorker();
    starts.push(started);
    if (i < STARTS - 1) await started.worker.terminate();
    else worker = started.worker;
  }
  let id = 0;
  for (let i = 0; i < WARMUP; i++) await check(worker, ++id, flowchart(25, `warm${i}`));
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await check(worker, ++id, flowchart(25, `run${i}`)));
  if (!runs.every((r) => r.ok)) throw new Error('the 25-node flowchart did not parse');
  for (let i = 0; i < WARMUP; i++) await check(worker, ++id, chain(25, `warm${i}`));
  const chains = [];
  for (let i = 0; i < RUNS; i++) chains.push(await check(worker, ++id, chain(25, `run${i}`)));
  const big = [];
  for (let i = 0; i < 5; i++) big.push(await check(worker, ++id, flowchart(300, `big${i}`)));
  await worker.terminate();
  return { starts, runs, chains, big };
}

// ---------------------------------------------------------------- 2. the real server

function rssKb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)[1]);
}

async function benchServer() {
  const dir = mkdtempSync(join(os.tmpdir(), 'mermaid-bench-'));
  const folder = join(dir, 'content', 'glossary');
  mkdirSync(folder, { recursive: true });
  const front = (title) => `---\ntitle: ${title}\ndescription: 'A sentence that defines the term in sixty characters or so..'\ncategory: Core Concepts\n---\n`;
  const plainText = `${front('Plain')}## What is it?\n\nProse only, no diagram.\n`;
  const diagramText = (salt) => `${front('Diagram')}## Diagram\n\n\`\`\`mermaid\n${flowchart(25, salt)}  N1 --> N2[broken\n\`\`\`\n`;
  writeFileSync(join(folder, 'plain.md'), plainText);
  writeFileSync(join(folder, 'diagram.md'), diagramText('disk'));
  const uri = (slug) => pathToFileURL(join(folder, `${slug}.md`)).href;

  const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const reader = new StreamMessageReader(child.stdout);
  // No partial-message timer: vscode-jsonrpc re-arms it forever after a server killed mid-write.
  reader.partialMessageTimeout = 0;
  const connection = createMessageConnection(reader, new StreamMessageWriter(child.stdin));
  const logs = [];
  let onPublish = () => {};
  let onReady = () => {};
  connection.onNotification('window/logMessage', (p) => logs.push(p.message));
  connection.onNotification('glossary/indexStatus', (p) => p.state === 'ready' && onReady());
  connection.onNotification('textDocument/publishDiagnostics', (p) => {
    onPublish(p);
  });
  connection.onUnhandledNotification(() => {});
  connection.onRequest(() => null);
  connection.listen();
  const waitFor = (predicate, ms = 30_000) => new Promise((resolveWait, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for diagnostics')), ms);
    onPublish = (p) => {
      if (predicate(p)) {
        clearTimeout(timer);
        onPublish = () => {};
        resolveWait(p);
      }
    };
  });
  try {
    const ready = new Promise((r) => (onReady = r));
    const folderUri = pathToFileURL(dir).href;
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: folderUri, workspaceFolders: [{ uri: folderUri, name: 'bench' }], capabilities: {} });
    connection.sendNotification('initialized', {});
    await ready;
    const idle = rssKb(child.pid);

    let published = waitFor((p) => p.uri === uri('plain'));
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('plain'), languageId: 'markdown', version: 1, text: plainText } });
    await published;
    await sleep(1000);
    const withoutChecker = rssKb(child.pid);

    const hasMermaid = (p) => p.uri === uri('diagram') && p.diagnostics.some((d) => d.code === 'mermaid-syntax');
    const opened = performance.now();
    published = waitFor(hasMermaid);
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('diagram'), languageId: 'markdown', version: 1, text: diagramText('open') } });
    await published;
    const firstDiagnostic = performance.now() - opened;
    await sleep(1000);
    const withChecker = rssKb(child.pid);
    const startLog = logs.find((line) => /Mermaid worker ready in/.test(line));

    // Edit → fresh diagnostic, each edit a new diagram (so never from the cache).
    const edits = [];
    for (let version = 2; version < 2 + RUNS; version++) {
      const text = diagramText(`edit${version}`);
      const sent = performance.now();
      // The first publication after the edit is the core's (the new diagram is not known yet); the next one has Mermaid's answer.
      const waiting = waitFor(hasMermaid);
      connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri('diagram'), version }, contentChanges: [{ text }] });
      await waiting;
      edits.push(performance.now() - sent);
    }
    const afterEdits = rssKb(child.pid);
    await connection.sendRequest('shutdown');
    connection.sendNotification('exit');
    return { idle, withoutChecker, withChecker, afterEdits, firstDiagnostic, startLog, edits };
  } finally {
    connection.dispose();
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- report

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`# Mermaid check benchmark\n\nNode ${process.version}, ${cpu} (${os.cpus().length} cores), mermaid ${JSON.parse(readFileSync(join(repo, 'node_modules', 'mermaid', 'package.json'), 'utf8')).version}, ${serverPath}\n`);

const worker = await benchWorker();
const server = await benchServer();

const rows = [
  ['worker start-up (new Worker → jsdom + Mermaid loaded + warm-up parse)', `${worker.starts.map((s) => fmt(s.total)).join(', ')} (median ${fmt(median(worker.starts.map((s) => s.total)))})`],
  ['… of which loading jsdom and Mermaid, inside the worker', `median ${fmt(median(worker.starts.map((s) => s.load)))}`],
  [`check a 25-node flowchart after warm-up, round trip (median of ${RUNS})`, `${fmt(median(worker.runs.map((r) => r.roundTrip)))} (min ${fmt(Math.min(...worker.runs.map((r) => r.roundTrip)))}, max ${fmt(Math.max(...worker.runs.map((r) => r.roundTrip)))})`],
  [`… Mermaid's parse inside the worker (median of ${RUNS})`, fmt(median(worker.runs.map((r) => r.parse)))],
  [`check a 25-node chain without labels, round trip (median of ${RUNS})`, `${fmt(median(worker.chains.map((r) => r.roundTrip)))} (parse ${fmt(median(worker.chains.map((r) => r.parse)))})`],
  ['check a 300-node flowchart, round trip (median of 5)', fmt(median(worker.big.map((r) => r.roundTrip)))],
  ['server: worker start-up, from its log', server.startLog ?? 'n/a'],
  ['server: open → first mermaid-syntax diagnostic (cold worker)', fmt(server.firstDiagnostic)],
  [`server: edit → fresh mermaid-syntax diagnostic, 25 nodes (median of ${RUNS}; 150 ms debounce included)`, fmt(median(server.edits))],
  ['server RSS after indexing, nothing open', mb(server.idle)],
  ['server RSS, an entry without diagrams open (no Mermaid checker loaded)', mb(server.withoutChecker)],
  ['server RSS, an entry with a diagram open, its mermaid diagnostic in (worker loaded)', `${mb(server.withChecker)} (+${mb(server.withChecker - server.withoutChecker)})`],
  [`server RSS after ${RUNS} more edits`, mb(server.afterEdits)],
];
console.log('| measure | value |\n|---|---|');
for (const [name, value] of rows) console.log(`| ${name} | ${value} |`);
