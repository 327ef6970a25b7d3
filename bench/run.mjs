#!/usr/bin/env node
// Benchmark of the Glossary Author language server on generated glossaries.
//
//   npm run build && node bench/run.mjs [--sizes 1000,10000] [--requests 300] [--edits 50] [--seed 1] [--out bench/results.json]
//
// For each size: generate (or reuse) a glossary under .bench/, measure a file-system floor, then drive
// the real server (dist/server.js --stdio) over JSON-RPC and time indexing, requests and diagnostics.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import rpc from 'vscode-jsonrpc/node';
import { parseDocument } from 'yaml';
import { generateGlossary } from './generateGlossary.mjs';

const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = rpc;

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');
const serverPath = join(repo, 'dist', 'server.js');
const serverExecArgv = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).glossaryServer?.execArgv ?? [];
const now = () => performance.now();

// ---------------------------------------------------------------- options

function parseArgs(argv) {
  const options = { sizes: [1000, 5000, 20000], requests: 300, edits: 50, seed: 1, soak: 10000, cli: true, out: join(repo, 'bench', 'results.json') };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--sizes') options.sizes = value().split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
    else if (flag === '--requests') options.requests = Math.max(1, Number(value()));
    else if (flag === '--edits') options.edits = Math.max(50, Number(value()));
    else if (flag === '--seed') options.seed = Number(value()) || 1;
    else if (flag === '--out') options.out = resolve(value());
    else if (flag === '--soak') options.soak = Math.max(0, Number(value()));
    else if (flag === '--no-cli') options.cli = false;
    else if (flag === '--help' || flag === '-h') {
      console.log('node bench/run.mjs [--sizes 1000,5000,20000] [--requests 300] [--edits 50] [--soak 10000] [--no-cli] [--seed 1] [--out bench/results.json]');
      process.exit(0);
    } else throw new Error(`Unknown option ${argv[i]}`);
  }
  if (!options.sizes.length) throw new Error('--sizes needs at least one positive integer');
  return options;
}

// ---------------------------------------------------------------- helpers

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  return {
    n: sorted.length,
    first: samples[0],
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: sorted[sorted.length - 1],
    mean: sorted.reduce((s, x) => s + x, 0) / (sorted.length || 1),
  };
}

function ms(value) {
  if (value === undefined || value === null || Number.isNaN(value)) return 'n/a';
  if (value < 10) return `${value.toFixed(2)} ms`;
  if (value < 100) return `${value.toFixed(1)} ms`;
  return `${Math.round(value).toLocaleString('en-US')} ms`;
}

const ratio = (value, floor) => (value && floor ? `${(value / floor).toFixed(1)}×` : '—');

async function withPool(items, size, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

/** The YAML between the first two `---` lines, or undefined. */
function frontmatterOf(text) {
  if (!/^---[ \t]*\r?\n/.test(text)) return undefined;
  const start = text.indexOf('\n') + 1;
  const rest = text.slice(start);
  const match = /^---[ \t]*\r?$/m.exec(rest);
  return match ? rest.slice(0, match.index) : undefined;
}

// ---------------------------------------------------------------- workspace

const DEPENDANTS = 100;
const NEW_SLUG = 'bench-new-term';
const generatorHash = createHash('sha1').update(readFileSync(join(here, 'generateGlossary.mjs'))).digest('hex').slice(0, 12);

function prepareWorkspace(size, seed) {
  const dir = join(repo, '.bench', `glossary-${size}-seed${seed}`);
  const folder = join(dir, 'content', 'glossary');
  const markerPath = join(dir, 'generated.json');
  let generated = { reused: true, milliseconds: 0 };
  let marker;
  try {
    marker = JSON.parse(readFileSync(markerPath, 'utf8'));
  } catch {
    marker = undefined;
  }
  if (!marker || marker.count !== size || marker.seed !== seed || marker.generator !== generatorHash) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const result = generateGlossary(dir, size, seed);
    marker = { count: size, seed, generator: generatorHash, bytes: result.bytes };
    writeFileSync(markerPath, JSON.stringify(marker, null, 2));
    generated = { reused: false, milliseconds: result.milliseconds };
  }
  // Per run: the new term must not exist yet, and the dependants that name it must.
  rmSync(join(folder, `${NEW_SLUG}.md`), { force: true });
  const slugs = readdirSync(folder).filter((f) => f.endsWith('.md') && !f.startsWith('bench-')).map((f) => f.slice(0, -3)).sort();
  const dependants = [];
  for (let i = 0; i < DEPENDANTS; i++) {
    const slug = `bench-dep-${String(i).padStart(3, '0')}`;
    const path = join(folder, `${slug}.md`);
    const others = [slugs[(i * 37) % slugs.length], slugs[(i * 101 + 13) % slugs.length]].filter((s, k, all) => all.indexOf(s) === k);
    const text = `---\ntitle: 'Bench Dependant ${i}'\ndescription: 'An entry generated by the benchmark that names ${NEW_SLUG} before that entry exists on disk, number ${i}.'\n`
      + `logoIcon: 'i-lucide-link'\ncategory: Core Concepts\nrelated:\n- ${NEW_SLUG}\n${others.map((s) => `- ${s}\n`).join('')}---\n`
      + `## What is Bench Dependant ${i}?\nIt depends on [the new term](/glossary/${NEW_SLUG}) and on [${others[0]}](/glossary/${others[0]}).\n`;
    writeFileSync(path, text);
    dependants.push({ slug, path, uri: pathToFileURL(path).href, text });
  }
  return { dir, folder, slugs, dependants, corpusBytes: marker.bytes, generated };
}

// ---------------------------------------------------------------- floor

async function floorRead(folder) {
  const started = now();
  const files = readdirSync(folder).filter((f) => f.endsWith('.md'));
  let bytes = 0;
  await withPool(files, 16, async (f) => {
    const data = await readFile(join(folder, f));
    bytes += data.length;
  });
  return { milliseconds: now() - started, files: files.length, bytes };
}

async function floorParse(folder) {
  const started = now();
  const files = readdirSync(folder).filter((f) => f.endsWith('.md'));
  let yamlErrors = 0;
  await withPool(files, 16, async (f) => {
    const source = frontmatterOf(await readFile(join(folder, f), 'utf8'));
    if (source === undefined) return;
    if (parseDocument(source).errors.length) yamlErrors++;
  });
  return { milliseconds: now() - started, files: files.length, yamlErrors };
}

/** Two clean entries (valid YAML, closed fences, ≥4 related that all exist): one probes indexing, one is measured. */
function pickEntries(folder, slugs) {
  const known = new Set(slugs);
  const picked = [];
  for (let i = 0; i < slugs.length && picked.length < 2; i++) {
    const slug = slugs[(i * 7919) % slugs.length];
    const path = join(folder, `${slug}.md`);
    const text = readFileSync(path, 'utf8');
    const source = frontmatterOf(text);
    if (!source) continue;
    const doc = parseDocument(source);
    const related = doc.errors.length ? undefined : doc.toJS()?.related;
    if (!Array.isArray(related) || related.length < 4 || !related.every((s) => known.has(s))) continue;
    if ((text.match(/^```/gm) ?? []).length % 2) continue;
    if (picked.some((p) => p.slug === slug)) continue;
    picked.push({ slug, path, uri: pathToFileURL(path).href, text, related, relatedPositions: relatedPositions(text) });
  }
  if (picked.length < 2) throw new Error('Could not find two clean entries to measure');
  return picked;
}

/** Line/character of each block item of `related:` (the slug's first character) and the slug. */
function relatedPositions(text) {
  const lines = text.split('\n');
  const out = [];
  let inRelated = false;
  for (let line = 1; line < lines.length; line++) {
    if (/^---\s*$/.test(lines[line])) break;
    if (/^related\s*:/.test(lines[line])) { inRelated = true; continue; }
    if (!inRelated) continue;
    const m = /^- (\S+)\s*$/.exec(lines[line]);
    if (!m) break;
    out.push({ line, character: 2, slug: m[1] });
  }
  return out;
}

// ---------------------------------------------------------------- server session

function startServer(dir) {
  // Started with the Node flags the VS Code client uses (package.json glossaryServer.execArgv).
  const child = spawn(process.execPath, [...serverExecArgv, serverPath, '--stdio'], { cwd: repo, stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr = [];
  child.stderr.on('data', (chunk) => {
    stderr.push(chunk.toString());
    if (stderr.length > 200) stderr.shift();
  });
  const reader = new StreamMessageReader(child.stdout);
  // No partial-message timer: vscode-jsonrpc re-arms it forever after a server killed mid-write.
  reader.partialMessageTimeout = 0;
  const connection = createMessageConnection(reader, new StreamMessageWriter(child.stdin));
  const session = {
    child,
    connection,
    stderr,
    logs: [],
    exited: undefined,
    readyResolvers: [],
    latest: new Map(),
    waiters: new Set(),
  };
  child.on('exit', (code, signal) => {
    session.exited = { code, signal };
    for (const waiter of session.waiters) waiter.reject(new Error(`server exited (code ${code}, signal ${signal})`));
    session.waiters.clear();
    for (const r of session.readyResolvers) r.reject(new Error(`server exited (code ${code}, signal ${signal})`));
  });
  child.stdin.on('error', () => {});
  connection.onNotification('window/logMessage', (p) => {
    session.logs.push(p.message);
    if (session.logs.length > 500) session.logs.shift();
  });
  connection.onNotification('glossary/indexStatus', (p) => {
    if (p.state === 'ready') {
      session.readyEntries = p.entries;
      const resolvers = session.readyResolvers.splice(0);
      for (const r of resolvers) r.resolve(p);
    }
  });
  connection.onNotification('textDocument/publishDiagnostics', (p) => {
    session.latest.set(p.uri, p.diagnostics);
    for (const waiter of [...session.waiters]) {
      if (waiter.onPublish(p)) session.waiters.delete(waiter);
    }
  });
  connection.onUnhandledNotification(() => {});
  // Any server → client request (progress, registration, configuration): answer null.
  connection.onRequest(() => null);
  connection.onError(() => {});
  connection.listen();
  session.folderUri = pathToFileURL(dir).href;
  return session;
}

function waitForReady(session, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no 'ready' after ${timeoutMs} ms`)), timeoutMs);
    session.readyResolvers.push({
      resolve: (p) => { clearTimeout(timer); resolve(p); },
      reject: (e) => { clearTimeout(timer); reject(e); },
    });
  });
}

/** Resolves when `onPublish` returns true for a publishDiagnostics notification. */
function waitForDiagnostics(session, onPublish, timeoutMs, what) {
  return new Promise((resolve, reject) => {
    if (session.exited) return reject(new Error('server has exited'));
    const waiter = {
      onPublish: (p) => {
        if (!onPublish(p)) return false;
        clearTimeout(timer);
        resolve(now());
        return true;
      },
      reject: (e) => { clearTimeout(timer); reject(e); },
    };
    const timer = setTimeout(() => {
      session.waiters.delete(waiter);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    session.waiters.add(waiter);
  });
}

function withTimeout(promise, timeoutMs, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms: ${what}`)), timeoutMs); })]).finally(() => clearTimeout(timer));
}

function peakMemoryMB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { vmHWM: kb('VmHWM') / 1024, vmRSS: kb('VmRSS') / 1024 };
  } catch {
    return { vmHWM: undefined, vmRSS: undefined };
  }
}

async function stopServer(session) {
  const { child, connection } = session;
  if (!session.exited) {
    try {
      await withTimeout(connection.sendRequest('shutdown'), 2000, 'shutdown');
      connection.sendNotification('exit');
    } catch { /* killed below */ }
    const deadline = now() + 2000;
    while (!session.exited && now() < deadline) await sleep(20);
  }
  if (!session.exited) child.kill('SIGKILL');
  connection.dispose();
}

const live = new Set();
process.on('exit', () => {
  for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

async function benchServer(ws, probe, target, options, result) {
  const session = startServer(ws.dir);
  live.add(session.child);
  const { connection } = session;
  const ready = waitForReady(session, 15 * 60 * 1000);
  ready.catch(() => {});
  try {
    await withTimeout(connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: session.folderUri,
      workspaceFolders: [{ uri: session.folderUri, name: 'bench' }],
      capabilities: {
        textDocument: { synchronization: { didSave: false }, completion: { completionItem: { snippetSupport: true } }, hover: {}, publishDiagnostics: {} },
        workspace: { workspaceFolders: true },
      },
    }), 30000, 'initialize');

    // The probe entry is open before indexing starts so that hovers during indexing do real work.
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri: probe.uri, languageId: 'markdown', version: 1, text: probe.text } });
    const probeAt = probe.relatedPositions[0];

    // ---- index: `initialized` → ready, with a hover every 20 ms
    const probes = [];
    const inflight = [];
    const t0 = now();
    connection.sendNotification('initialized', {});
    let indexing = true;
    const timer = setInterval(() => {
      if (!indexing || session.exited) return;
      const sent = now();
      inflight.push(connection.sendRequest('textDocument/hover', { textDocument: { uri: probe.uri }, position: { line: probeAt.line, character: probeAt.character + 3 } })
        .then(() => probes.push(now() - sent), () => probes.push(now() - sent)));
    }, 20);
    let readyParams;
    try {
      readyParams = await ready;
    } finally {
      indexing = false;
      clearInterval(timer);
    }
    result.indexMs = now() - t0;
    result.indexedEntries = readyParams.entries;
    await withTimeout(Promise.all(inflight), 60000, 'hovers sent during indexing');
    result.indexingWait = { maxMs: Math.max(0, ...probes), requests: probes.length, ...pick(stats(probes), ['p50', 'p99']) };
    const serverLine = session.logs.find((l) => /^Indexed \d+ of \d+/.test(l));
    result.serverReportedIndex = serverLine;

    // ---- open the measured entry
    const openSent = now();
    const opened = waitForDiagnostics(session, (p) => p.uri === target.uri, 30000, 'diagnostics of the opened entry');
    connection.sendNotification('textDocument/didOpen', { textDocument: { uri: target.uri, languageId: 'markdown', version: 1, text: target.text } });
    result.openToDiagnosticsMs = (await opened) - openSent;

    // ---- completion inside `related`, at varying prefixes of the listed slugs
    const positions = [];
    for (const item of target.relatedPositions) for (let k = 0; k <= item.slug.length; k++) positions.push({ line: item.line, character: item.character + k, prefix: item.slug.slice(0, k) });
    const completion = [];
    const prefixes = new Set();
    let firstItems;
    for (let i = 0; i < options.requests; i++) {
      const pos = positions[(i * 7) % positions.length];
      prefixes.add(pos.prefix);
      const sent = now();
      const list = await withTimeout(connection.sendRequest('textDocument/completion', { textDocument: { uri: target.uri }, position: { line: pos.line, character: pos.character } }), 60000, 'completion');
      completion.push(now() - sent);
      if (i === 0) firstItems = list?.items?.length ?? (Array.isArray(list) ? list.length : null);
    }
    result.completion = { ...stats(completion), distinctPrefixes: prefixes.size, firstCallItems: firstItems };

    // ---- hover on a related slug
    const hover = [];
    let hoverOk = 0;
    for (let i = 0; i < options.requests; i++) {
      const item = target.relatedPositions[i % target.relatedPositions.length];
      const sent = now();
      const answer = await withTimeout(connection.sendRequest('textDocument/hover', { textDocument: { uri: target.uri }, position: { line: item.line, character: item.character + Math.floor(item.slug.length / 2) } }), 60000, 'hover');
      hover.push(now() - sent);
      if (answer?.contents) hoverOk++;
    }
    result.hover = { ...stats(hover), answered: hoverOk };

    // ---- definition, references and workspace symbols: first call apart, then ≥ requests calls
    const timed = async (method, params, n) => {
      const samples = [];
      let first;
      for (let i = 0; i < n; i++) {
        const sent = now();
        await withTimeout(connection.sendRequest(method, params(i)), 60000, method);
        const took = now() - sent;
        if (i === 0) first = took;
        else samples.push(took);
      }
      return { first, ...stats(samples) };
    };
    const atItem = (i) => {
      const item = target.relatedPositions[i % target.relatedPositions.length];
      return { textDocument: { uri: target.uri }, position: { line: item.line, character: item.character + 1 } };
    };
    result.definition = await timed('textDocument/definition', atItem, options.requests + 1);
    result.references = await timed('textDocument/references', (i) => ({ ...atItem(i), context: { includeDeclaration: true } }), options.requests + 1);
    const queries = ['neural', 'learn', 'trans', 'model', 'gra', 'a', 'fine t', 'vector', 'ba', 'network'];
    result.workspaceSymbols = await timed('workspace/symbol', (i) => ({ query: queries[i % queries.length] }), options.requests + 1);

    // ---- edit → fresh diagnostics: a new unknown slug in `related`, each edit a different one
    let version = 1;
    const last = target.relatedPositions[target.relatedPositions.length - 1];
    const editLine = last.line + 1; // inserted right below the last related item
    const edits = [];
    for (let i = 0; i < options.edits; i++) {
      const slug = `bench-unknown-${String(i).padStart(4, '0')}`;
      const change = i === 0
        ? { range: { start: { line: editLine, character: 0 }, end: { line: editLine, character: 0 } }, text: `- ${slug}\n` }
        : { range: { start: { line: editLine, character: 2 }, end: { line: editLine, character: 2 + slug.length } }, text: slug };
      const fresh = waitForDiagnostics(session, (p) => p.uri === target.uri && p.diagnostics.some((d) => d.code === 'unknown-slug' && d.message.includes(`'${slug}'`)), 60000, `diagnostics naming ${slug}`);
      const sent = now();
      connection.sendNotification('textDocument/didChange', { textDocument: { uri: target.uri, version: ++version }, contentChanges: [change] });
      edits.push((await fresh) - sent);
    }
    result.editToDiagnostics = stats(edits);

    // ---- create an entry → its 100 dependants re-checked
    const namesNewTerm = (diagnostics) => diagnostics.some((d) => d.code === 'unknown-slug' && d.message.includes(`'${NEW_SLUG}'`));
    const depUris = new Set(ws.dependants.map((d) => d.uri));
    let pending = new Set(depUris);
    const allFlagged = waitForDiagnostics(session, (p) => {
      if (pending.has(p.uri) && namesNewTerm(p.diagnostics)) pending.delete(p.uri);
      return pending.size === 0;
    }, 60000, 'initial diagnostics of the dependants');
    const openDepsSent = now();
    for (const dep of ws.dependants) connection.sendNotification('textDocument/didOpen', { textDocument: { uri: dep.uri, languageId: 'markdown', version: 1, text: dep.text } });
    result.openDependantsMs = (await allFlagged) - openDepsSent;

    pending = new Set(depUris);
    const allClean = waitForDiagnostics(session, (p) => {
      if (pending.has(p.uri) && !namesNewTerm(p.diagnostics)) pending.delete(p.uri);
      return pending.size === 0;
    }, 120000, `all ${DEPENDANTS} dependants re-checked without the unknown slug`);
    const newPath = join(ws.folder, `${NEW_SLUG}.md`);
    writeFileSync(newPath, target.text.replace(/^title: .*$/m, "title: 'Bench New Term'"));
    const createdSent = now();
    connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(newPath).href, type: 1 }] });
    result.createToDependantsMs = (await allClean) - createdSent;
    result.dependants = DEPENDANTS;

    // ---- soak: many edits to one document; memory before and after, latency early and late
    if (options.soak > 0) {
      const rssBefore = peakMemoryMB(session.child.pid).vmRSS;
      const soakLatencies = [];
      const soakSlug = 'bench-soak-unknown';
      for (let i = 0; i < options.soak; i++) {
        const adding = i % 2 === 0;
        const change = adding
          ? { range: { start: { line: editLine, character: 0 }, end: { line: editLine, character: 0 } }, text: `- ${soakSlug}\n` }
          : { range: { start: { line: editLine, character: 0 }, end: { line: editLine + 1, character: 0 } }, text: '' };
        const fresh = waitForDiagnostics(session, (p) => p.uri === target.uri && p.diagnostics.some((d) => d.message.includes(`'${soakSlug}'`)) === adding, 60000, 'soak diagnostics');
        const sent = now();
        connection.sendNotification('textDocument/didChange', { textDocument: { uri: target.uri, version: ++version }, contentChanges: [change] });
        soakLatencies.push((await fresh) - sent);
      }
      await sleep(500);
      const rssAfter = peakMemoryMB(session.child.pid).vmRSS;
      const window = Math.min(1000, Math.floor(options.soak / 2));
      result.soak = {
        edits: options.soak,
        rssBeforeMB: rssBefore,
        rssAfterMB: rssAfter,
        first: pick(stats(soakLatencies.slice(0, window)), ['p50', 'p99']),
        last: pick(stats(soakLatencies.slice(-window)), ['p50', 'p99']),
      };
    }
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    result.serverLogTail = session.logs.slice(-10);
    result.serverStderrTail = session.stderr.join('').split('\n').slice(-20);
  } finally {
    result.serverExitedEarly = session.exited ?? null;
    const memory = peakMemoryMB(session.child.pid);
    result.peakMemoryMB = memory.vmHWM;
    result.finalRssMB = memory.vmRSS;
    await stopServer(session);
    live.delete(session.child);
    rmSync(join(ws.folder, `${NEW_SLUG}.md`), { force: true });
  }
}

function pick(object, keys) {
  return Object.fromEntries(keys.map((k) => [k, object[k]]));
}

// ---------------------------------------------------------------- report

function table(r) {
  const rows = [];
  const add = (figure, value, floorRatio = '—') => rows.push(`| ${figure} | ${value} | ${floorRatio} |`);
  add('floor (a): read all files (pool of 16, best of 2)', ms(r.floor.readMs));
  add('floor (b): read + parse frontmatter with `yaml` (best of 2)', ms(r.floor.parseMs));
  if (r.indexMs !== undefined) add('index: `initialized` → `ready` (complete index)', ms(r.indexMs), `${ratio(r.indexMs, r.floor.parseMs)} (b), ${ratio(r.indexMs, r.floor.readMs)} (a)`);
  if (r.indexingWait) add(`longest request wait while indexing (${r.indexingWait.requests} hovers, one per 20 ms)`, `${ms(r.indexingWait.maxMs)} (p50 ${ms(r.indexingWait.p50)})`);
  if (r.openToDiagnosticsMs !== undefined) add('didOpen → first diagnostics of the entry', ms(r.openToDiagnosticsMs));
  if (r.completion) {
    add(`completion in \`related\`: first call (${r.completion.firstCallItems} items)`, ms(r.completion.first));
    add(`completion p50 / p95 / p99 (${r.completion.n} requests, ${r.completion.distinctPrefixes} prefixes)`, `${ms(r.completion.p50)} / ${ms(r.completion.p95)} / ${ms(r.completion.p99)}`);
  }
  if (r.hover) {
    add('hover on a related slug: first call', ms(r.hover.first));
    add(`hover p50 / p95 / p99 (${r.hover.n} requests)`, `${ms(r.hover.p50)} / ${ms(r.hover.p95)} / ${ms(r.hover.p99)}`);
  }
  for (const [key, label] of [['definition', 'definition'], ['references', 'references'], ['workspaceSymbols', 'workspace symbols']]) {
    const f = r[key];
    if (f) add(`${label}: first call; p50 / p95 / p99 (${f.n} requests)`, `${ms(f.first)}; ${ms(f.p50)} / ${ms(f.p95)} / ${ms(f.p99)}`);
  }
  if (r.editToDiagnostics) add(`edit → fresh diagnostics p50 / p99 (${r.editToDiagnostics.n} edits)`, `${ms(r.editToDiagnostics.p50)} / ${ms(r.editToDiagnostics.p99)}`);
  if (r.soak) add(`soak of ${r.soak.edits} edits: RSS before → after; edit → diagnostics p50/p99 first vs last 1,000`, `${r.soak.rssBeforeMB.toFixed(0)} → ${r.soak.rssAfterMB.toFixed(0)} MB (${(((r.soak.rssAfterMB / r.soak.rssBeforeMB) - 1) * 100).toFixed(1)}%); ${ms(r.soak.first.p50)}/${ms(r.soak.first.p99)} vs ${ms(r.soak.last.p50)}/${ms(r.soak.last.p99)}`);
  if (r.cliMs !== undefined) add('CLI: `glossary-author check` of the whole glossary (wall)', ms(r.cliMs), `${ratio(r.cliMs, r.floor.parseMs)} (b)`);
  if (r.createToDependantsMs !== undefined) add(`new entry on disk → ${r.dependants} open dependants re-checked`, ms(r.createToDependantsMs));
  if (r.peakMemoryMB !== undefined) add('server peak memory (VmHWM)', `${r.peakMemoryMB.toFixed(0)} MB`, `${(r.peakMemoryMB / (r.corpusBytes / 2 ** 20)).toFixed(2)}× corpus size`);
  if (r.error) add('**error**', r.error.replace(/\|/g, '\\|'));
  const head = `### ${r.size.toLocaleString('en-US')} entries (+${DEPENDANTS} bench dependants; ${(r.corpusBytes / 2 ** 20).toFixed(1)} MB; ${r.generated.reused ? 'reused' : `generated in ${ms(r.generated.milliseconds)}`})`;
  return [head, '', '| figure | value | ratio to floor |', '|---|---|---|', ...rows].join('\n');
}

// ---------------------------------------------------------------- main

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(serverPath)) throw new Error(`${serverPath} is missing: run \`npm run build\` first`);
  const runStarted = now();
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    platform: `${os.platform()} ${os.release()}`,
    seed: options.seed,
    requests: options.requests,
    edits: options.edits,
  };
  console.log(`Glossary Author server benchmark — node ${meta.node}, ${meta.cpu}, ${meta.cores} cores, ${meta.platform}\n`);
  const results = [];
  for (const size of options.sizes) {
    const ws = prepareWorkspace(size, options.seed);
    const r = { size, corpusBytes: ws.corpusBytes, generated: ws.generated, files: ws.slugs.length + ws.dependants.length };
    const reads = [await floorRead(ws.folder), await floorRead(ws.folder)];
    const parses = [await floorParse(ws.folder), await floorParse(ws.folder)];
    r.floor = {
      readMs: Math.min(...reads.map((x) => x.milliseconds)),
      parseMs: Math.min(...parses.map((x) => x.milliseconds)),
      files: reads[0].files,
      bytesRead: reads[0].bytes,
      yamlErrors: parses[0].yamlErrors,
    };
    const [probe, target] = pickEntries(ws.folder, ws.slugs);
    r.probeEntry = probe.slug;
    r.measuredEntry = target.slug;
    await benchServer(ws, probe, target, options, r);
    if (options.cli) {
      // The CLI over the same glossary, as CI would run it: every entry checked, JSON to a pipe.
      const started = now();
      const cli = spawnSync(process.execPath, [join(repo, 'dist', 'cli.js'), 'check', ws.dir, '--format', 'json', '--fail-on', 'none'], { maxBuffer: 1 << 30 });
      r.cliMs = now() - started;
      if (cli.status !== 0) r.error = `CLI exited ${cli.status}: ${String(cli.stderr).slice(0, 300)}`;
    }
    results.push(r);
    console.log(table(r));
    console.log('');
  }
  meta.totalSeconds = (now() - runStarted) / 1000;
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify({ meta, results }, null, 2)}\n`);
  console.log(`Total ${meta.totalSeconds.toFixed(1)} s. Figures written to ${options.out}`);
  if (results.some((r) => r.error)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
