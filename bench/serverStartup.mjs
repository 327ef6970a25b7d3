#!/usr/bin/env node
// What the server's start costs: time from spawning `node dist/server.js --stdio` to the
// `initialize` answer, memory once the glossary is indexed, and the first hover on a logoIcon (the
// first request that needs the icon set) with the memory after it.
//
//   npm run build && node bench/serverStartup.mjs [--runs 10] [--dist dist] [--workspace examples/glossary]
//
// --dist points at another checkout's dist/ to compare (before/after); --workspace at another
// glossary (e.g. one of bench/generateGlossary.mjs). Memory is read inside the server after a full
// collection: a probe preloaded with `-r` writes process.memoryUsage() when sent SIGUSR2. Medians
// of --runs runs.

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import rpc from 'vscode-jsonrpc/node';

const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = rpc;
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : args[at + 1];
};
const RUNS = Number(option('runs', 10));
const here = resolve(import.meta.dirname, '..');
const serverPath = join(resolve(option('dist', join(here, 'dist'))), 'server.js');
const workspace = resolve(option('workspace', join(here, 'examples', 'glossary')));
const entries = join(workspace, 'content', 'glossary');
const entryName = readdirSync(entries).sort().find((name) => name.endsWith('.md') && /^logoIcon: 'i-lucide-/m.test(readFileSync(join(entries, name), 'utf8')));
if (!entryName) throw new Error(`no entry with a Lucide logoIcon in ${entries}`);
const entryPath = join(entries, entryName);
const execArgv = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8')).glossaryServer?.execArgv ?? [];

const scratch = mkdtempSync(join(tmpdir(), 'glossary-startup-'));
const probe = join(scratch, 'memoryProbe.cjs');
writeFileSync(probe, `process.on('SIGUSR2', () => {
  global.gc(); global.gc();
  require('fs').writeFileSync(process.env.MEMORY_PROBE_OUT, JSON.stringify(process.memoryUsage()));
});\n`);

async function memoryOf(child, out) {
  rmSync(out, { force: true });
  child.kill('SIGUSR2');
  for (let waited = 0; waited < 5000; waited += 10) {
    try {
      return JSON.parse(readFileSync(out, 'utf8'));
    } catch {
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  throw new Error('the memory probe did not answer');
}

async function run(index) {
  const out = join(scratch, `memory-${index}.json`);
  const started = performance.now();
  const child = spawn(process.execPath, [...execArgv, '--expose-gc', '-r', probe, serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, MEMORY_PROBE_OUT: out } });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  let ready;
  const indexed = new Promise((r) => (ready = r));
  connection.onNotification('glossary/indexStatus', (params) => params?.state === 'ready' && ready());
  connection.onRequest(() => null);
  connection.listen();
  const folder = pathToFileURL(workspace).href;
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'glossary' }], capabilities: {} });
  const initializeMs = performance.now() - started;
  connection.sendNotification('initialized', {});
  await indexed;
  // The icon set loads while the glossary is indexed (or, before, on first need): give it a moment either way.
  await new Promise((r) => setTimeout(r, 300));
  const atReady = await memoryOf(child, out);
  const text = readFileSync(entryPath, 'utf8');
  const uri = pathToFileURL(entryPath).href;
  connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  const line = text.split('\n').findIndex((l) => l.startsWith("logoIcon: 'i-lucide-"));
  const asked = performance.now();
  const hover = await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 14 } });
  const hoverMs = performance.now() - asked;
  if (!hover?.contents?.value?.includes('data:image/svg+xml')) throw new Error(`no icon in the hover: ${JSON.stringify(hover)}`);
  const afterIcon = await memoryOf(child, out);
  await connection.sendRequest('shutdown');
  connection.sendNotification('exit');
  await new Promise((r) => child.once('exit', r));
  connection.dispose();
  return { initializeMs, hoverMs, atReady, afterIcon };
}

const results = [];
for (let i = 0; i < RUNS; i++) results.push(await run(i));
rmSync(scratch, { recursive: true, force: true });
const median = (pick) => {
  const values = results.map(pick).sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)];
};
const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);
console.log(`${serverPath} (Node ${process.version}), medians of ${RUNS} runs on ${workspace}:`);
console.log(`  spawn → initialize answered: ${median((r) => r.initializeMs).toFixed(0)} ms`);
console.log(`  indexed, before any icon request: heap ${mb(median((r) => r.atReady.heapUsed))} MB, RSS ${mb(median((r) => r.atReady.rss))} MB`);
console.log(`  first hover on a logoIcon: ${median((r) => r.hoverMs).toFixed(1)} ms; then heap ${mb(median((r) => r.afterIcon.heapUsed))} MB, RSS ${mb(median((r) => r.afterIcon.rss))} MB`);
