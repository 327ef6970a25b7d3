#!/usr/bin/env node
// Benchmark of a rename that touches many files: one entry ("the hub") named by 500 others.
//
//   npm run build && node bench/rename.mjs [--size 2000] [--referrers 500] [--runs 5] [--seed 1] [--apply]
//
// Generates a glossary with bench/generateGlossary.mjs under .bench/ (reused while size, seed,
// referrers and the generator are unchanged, as bench/run.mjs does), then makes `--referrers`
// entries list the hub in `related` (a post-processing step). It starts the real server
// (dist/server.js --stdio), opens one referrer and times `textDocument/rename` on its hub item:
// the first call, then the median of `--runs` calls.
//
// By default nothing is applied: every call renames the hub, still named the same on disk, to a
// fresh name, so each call computes the same edit over the same index. With --apply the edits are
// applied to a temporary copy of the glossary (renaming back and forth), the server is told through
// didChangeWatchedFiles, and only the rename requests themselves are timed.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import rpc from 'vscode-jsonrpc/node';
import { generateGlossary } from './generateGlossary.mjs';

const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = rpc;

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const serverPath = join(repo, 'dist', 'server.js');
const now = () => performance.now();
/** Bump when the post-processing changes, so that cached glossaries are regenerated. */
const POSTPROCESS_VERSION = 1;

function parseArgs(argv) {
  const options = { size: 2000, referrers: 500, runs: 5, seed: 1, apply: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--size') options.size = Number(value());
    else if (flag === '--referrers') options.referrers = Number(value());
    else if (flag === '--runs') options.runs = Number(value());
    else if (flag === '--seed') options.seed = Number(value()) || 1;
    else if (flag === '--apply') options.apply = true;
    else if (flag === '--help' || flag === '-h') {
      console.log('node bench/rename.mjs [--size 2000] [--referrers 500] [--runs 5] [--seed 1] [--apply]');
      process.exit(0);
    } else throw new Error(`Unknown option ${argv[i]}`);
  }
  for (const key of ['size', 'referrers', 'runs']) {
    if (!Number.isInteger(options[key]) || options[key] < 1) throw new Error(`--${key} must be a positive integer`);
  }
  if (options.referrers >= options.size) throw new Error('--referrers must be smaller than --size');
  return options;
}

const ms = (value) => (value < 10 ? `${value.toFixed(2)} ms` : value < 100 ? `${value.toFixed(1)} ms` : `${Math.round(value).toLocaleString('en-US')} ms`);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// ---------------------------------------------------------------- workspace

/** Inserts `- slug` after the last block item of the `related:` list of a generated entry; false when it has none. */
function addRelated(text, slug) {
  const lines = text.split('\n');
  if (lines[0] !== '---') return undefined;
  const close = lines.indexOf('---', 1);
  const related = lines.indexOf('related:');
  if (related < 0 || close < 0 || related > close) return undefined;
  let last = related;
  while (last + 1 < close && lines[last + 1].startsWith('- ')) last++;
  if (last === related) return undefined;
  lines.splice(last + 1, 0, `- ${slug}`);
  return lines.join('\n');
}

/**
 * The generated glossary plus the post-processing, cached in .bench/ under a marker that names
 * everything it depends on. Returns the folder, the hub slug and the referrers.
 */
function prepareWorkspace({ size, seed, referrers }) {
  const generatorHash = createHash('sha1').update(readFileSync(join(here, 'generateGlossary.mjs'))).digest('hex').slice(0, 12);
  const dir = join(repo, '.bench', `rename-${size}-seed${seed}-referrers${referrers}`);
  const folder = join(dir, 'content', 'glossary');
  const markerPath = join(dir, 'generated.json');
  let marker;
  try {
    marker = JSON.parse(readFileSync(markerPath, 'utf8'));
  } catch {
    marker = undefined;
  }
  const wanted = { count: size, seed, referrers, generator: generatorHash, postprocess: POSTPROCESS_VERSION };
  const fresh = marker && Object.entries(wanted).every(([key, value]) => marker[key] === value) && existsSync(join(folder, `${marker.hub}.md`));
  if (fresh) return { dir, folder, hub: marker.hub, referrers: marker.referrerSlugs, reused: true, milliseconds: 0 };

  const started = now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const { entries } = generateGlossary(dir, size, seed);
  // The hub: the first valid entry by slug (valid YAML, closed fences), so that it is indexed for sure.
  const valid = entries.filter((e) => !e.broken).sort((a, b) => (a.slug < b.slug ? -1 : 1));
  const hub = valid[0].slug;
  const referrerSlugs = [];
  for (const entry of valid) {
    if (referrerSlugs.length === referrers) break;
    if (entry.slug === hub || entry.related.includes(hub)) continue;
    const path = join(folder, `${entry.slug}.md`);
    const text = addRelated(readFileSync(path, 'utf8'), hub);
    if (text === undefined) continue;
    writeFileSync(path, text);
    referrerSlugs.push(entry.slug);
  }
  if (referrerSlugs.length < referrers) throw new Error(`only ${referrerSlugs.length} entries could be made to name ${hub}`);
  writeFileSync(markerPath, JSON.stringify({ ...wanted, hub, referrerSlugs }, null, 2));
  return { dir, folder, hub, referrers: referrerSlugs, reused: false, milliseconds: now() - started };
}

// ---------------------------------------------------------------- server

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

async function startServer(dir) {
  const child = spawn(process.execPath, [serverPath, '--stdio'], { cwd: repo, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.on('error', () => {});
  const reader = new StreamMessageReader(child.stdout);
  // No partial-message timer: vscode-jsonrpc re-arms it forever after a server killed mid-write.
  reader.partialMessageTimeout = 0;
  const connection = createMessageConnection(reader, new StreamMessageWriter(child.stdin));
  const statusWaiters = [];
  connection.onNotification('glossary/indexStatus', (status) => {
    if (status.state !== 'ready') return;
    for (const waiter of statusWaiters.splice(0)) waiter(status);
  });
  connection.onUnhandledNotification(() => {});
  connection.onRequest(() => null);
  connection.onError(() => {});
  connection.listen();
  const nextReady = () => new Promise((resolveReady) => statusWaiters.push(resolveReady));
  const folderUri = pathToFileURL(dir).href;
  const ready = nextReady();
  const started = now();
  await withTimeout(connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folderUri,
    workspaceFolders: [{ uri: folderUri, name: 'bench' }],
    capabilities: { workspace: { workspaceFolders: true, workspaceEdit: { documentChanges: true, resourceOperations: ['rename'] } }, textDocument: { rename: { prepareSupport: true } } },
  }), 30_000, 'initialize');
  connection.sendNotification('initialized', {});
  const status = await withTimeout(ready, 300_000, 'indexing');
  return { child, connection, status, indexMilliseconds: now() - started, nextReady, stderr: () => stderr };
}

async function stopServer(server) {
  try {
    await withTimeout(server.connection.sendRequest('shutdown'), 5_000, 'shutdown');
    server.connection.sendNotification('exit');
  } catch {
    server.child.kill('SIGKILL');
  }
  await new Promise((resolveExit) => (server.child.exitCode === null ? server.child.on('exit', resolveExit) : resolveExit()));
  server.connection.dispose();
}

// ---------------------------------------------------------------- applying (--apply)

function offsetAt(text, { line, character }) {
  let offset = 0;
  for (let l = 0; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) throw new Error(`line ${line} is past the end`);
    offset = next + 1;
  }
  return offset + character;
}

/** Applies a WorkspaceEdit to the disk and returns the file events a watcher would send. */
function applyToDisk(edit) {
  const events = [];
  for (const change of edit.documentChanges ?? []) {
    if (change.kind === 'rename') {
      renameSync(fileURLToPath(change.oldUri), fileURLToPath(change.newUri));
      events.push({ uri: change.oldUri, type: 3 }, { uri: change.newUri, type: 1 });
    } else if (!change.kind) {
      const path = fileURLToPath(change.textDocument.uri);
      let text = readFileSync(path, 'utf8');
      const spans = change.edits.map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText })).sort((a, b) => b.start - a.start);
      for (const span of spans) text = text.slice(0, span.start) + span.newText + text.slice(span.end);
      writeFileSync(path, text);
      events.push({ uri: change.textDocument.uri, type: 2 });
    }
  }
  return events;
}

// ---------------------------------------------------------------- main

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(serverPath)) throw new Error(`${serverPath} is missing: run npm run build first`);
  const workspace = prepareWorkspace(options);
  let dir = workspace.dir;
  if (options.apply) {
    dir = mkdtempSync(join(os.tmpdir(), 'glossary-rename-bench-'));
    cpSync(workspace.dir, dir, { recursive: true });
  }
  const folder = join(dir, 'content', 'glossary');
  const files = readdirSync(folder).filter((f) => f.endsWith('.md')).length;

  const server = await startServer(dir);
  try {
    // Ask from the hub item of the first referrer, as a writer renaming from a related list would.
    const probeSlug = workspace.referrers[0];
    let probeUri = pathToFileURL(join(folder, `${probeSlug}.md`)).href;
    let probeText = readFileSync(fileURLToPath(probeUri), 'utf8');
    let version = 1;
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: probeUri, languageId: 'markdown', version, text: probeText } });

    const samples = [];
    const touched = [];
    let current = workspace.hub;
    for (let run = 0; run <= options.runs; run++) {
      const lines = probeText.split('\n');
      const line = lines.indexOf(`- ${current}`);
      if (line < 0) throw new Error(`${probeSlug} does not list ${current}`);
      const newName = options.apply ? (current === workspace.hub ? `${workspace.hub}-renamed` : workspace.hub) : `${workspace.hub}-renamed-${run}`;
      const started = now();
      const edit = await withTimeout(server.connection.sendRequest('textDocument/rename', { textDocument: { uri: probeUri }, position: { line, character: 3 }, newName }), 60_000, 'rename');
      samples.push(now() - started);
      const textEdits = (edit?.documentChanges ?? []).filter((c) => !c.kind);
      touched.push({ files: textEdits.length, edits: textEdits.reduce((n, c) => n + c.edits.length, 0) });
      if (options.apply) {
        // The open probe document is edited in the editor (didChange), the rest on disk.
        const probeEdit = textEdits.find((c) => c.textDocument.uri === probeUri);
        const others = { documentChanges: edit.documentChanges.filter((c) => c !== probeEdit) };
        const events = applyToDisk(others);
        if (probeEdit) {
          const spans = probeEdit.edits.map((e) => ({ start: offsetAt(probeText, e.range.start), end: offsetAt(probeText, e.range.end), newText: e.newText })).sort((a, b) => b.start - a.start);
          for (const span of spans) probeText = probeText.slice(0, span.start) + span.newText + probeText.slice(span.end);
          writeFileSync(fileURLToPath(probeUri), probeText);
          server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: probeUri, version: ++version }, contentChanges: [{ text: probeText }] });
        }
        const handled = server.nextReady();
        server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: events });
        await withTimeout(handled, 60_000, 'file events');
        current = newName;
      }
    }

    const [first, ...rest] = samples;
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    console.log(`# Rename benchmark (${new Date().toISOString()})`);
    console.log(`Node ${process.version}, ${cpu}, ${os.cpus().length} cores`);
    console.log(`Glossary: ${files.toLocaleString('en-US')} entries in ${workspace.dir} (${workspace.reused ? 'reused' : `generated in ${ms(workspace.milliseconds)}`}); hub '${workspace.hub}' named by ${options.referrers} entries added to their related lists, plus any the generator made`);
    console.log(`Server: indexed ${server.status.entries.toLocaleString('en-US')} entries in ${ms(server.indexMilliseconds)}`);
    console.log(`Mode: ${options.apply ? 'applied to a temporary copy, renaming back and forth (only the requests are timed)' : 'not applied: each call renames the unchanged hub to a fresh name'}`);
    console.log(`Each edit: ${touched[0].files} files, ${touched[0].edits} text edits, plus the file rename${touched.every((t) => t.files === touched[0].files) ? '' : ` (varies: ${touched.map((t) => t.files).join(', ')})`}`);
    console.log('');
    console.log('| textDocument/rename | time |');
    console.log('|---|---|');
    console.log(`| first call | ${ms(first)} |`);
    console.log(`| median of ${rest.length} | ${ms(median(rest))} |`);
    console.log(`| all ${rest.length} | ${rest.map(ms).join(', ')} |`);
    if (touched[0].files < options.referrers) throw new Error(`the rename touched only ${touched[0].files} files`);
  } finally {
    await stopServer(server);
    if (options.apply) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
