// The language server as the benchmark drives it: started as the VS Code client starts it, spoken to
// over stdio with JSON-RPC, with the client capabilities VS Code announces.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import rpc from 'vscode-jsonrpc/node';

const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = rpc;

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const serverPath = join(repo, 'dist', 'server.js');
const serverLaunch = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).glossaryServer;
/** The Node flags the VS Code client starts the server with. */
export const serverExecArgv = serverLaunch?.execArgv ?? [];
/** The environment the VS Code client adds for the server. */
export const serverEnv = serverLaunch?.env ?? {};
/** Loaded only in the memory pass: a full collection on SIGUSR2, reported on stderr. */
const gcPreload = join(repo, 'bench', 'gcPreload.cjs');
const GC_REPORT = '__BENCH_MEMORY__';

export const now = () => performance.now();
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function withTimeout(promise, timeoutMs, what) {
  let timer;
  const expired = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms: ${what}`)), timeoutMs);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/** VmHWM and VmRSS in MB and the thread count of a live process; VmHWM counts its worker threads, which share its memory. */
export function processMemory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1]);
    return { peakMB: field('VmHWM') / 1024, rssMB: field('VmRSS') / 1024, threads: field('Threads') };
  } catch {
    return { peakMB: undefined, rssMB: undefined, threads: undefined };
  }
}

const CLIENT_CAPABILITIES = {
  workspace: {
    applyEdit: true,
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    symbol: { dynamicRegistration: true },
    workspaceFolders: true,
    configuration: true,
    fileOperations: { willRename: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: true, willSave: true, willSaveWaitUntil: true, didSave: true },
    completion: { contextSupport: true, completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], insertReplaceSupport: true, labelDetailsSupport: true } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    definition: { linkSupport: true },
    references: {},
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    codeLens: {},
    documentLink: { tooltipSupport: true },
    rename: { prepareSupport: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: false, codeDescriptionSupport: true, dataSupport: true },
  },
  window: { workDoneProgress: true },
};

const live = new Set();
process.on('exit', () => {
  for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/**
 * A running server. `withGc` starts it with --expose-gc and the preload that collects on request
 * (the memory pass only: the other figures come from the server exactly as the client starts it).
 * `serverPath`: another build's server.js, to compare builds (bench/indexPasses.mjs).
 */
export function startServer(workspaceDir, { withGc = false, serverPath: server = serverPath } = {}) {
  const args = [...serverExecArgv, ...(withGc ? ['--expose-gc', '--require', gcPreload] : []), ...(process.env.BENCH_SERVER_ARGS?.split(' ').filter(Boolean) ?? []), server, '--stdio'];
  const child = spawn(process.execPath, args, { cwd: repo, env: { ...process.env, ...serverEnv }, stdio: ['pipe', 'pipe', 'pipe'] });
  live.add(child);
  const reader = new StreamMessageReader(child.stdout);
  // No partial-message timer: vscode-jsonrpc re-arms it forever after a server killed mid-write.
  reader.partialMessageTimeout = 0;
  const connection = createMessageConnection(reader, new StreamMessageWriter(child.stdin));
  const session = new ServerSession(child, connection, pathToFileURL(workspaceDir).href);
  child.stdin.on('error', () => {});
  child.stderr.setEncoding('utf8').on('data', (chunk) => session.onStderr(chunk));
  child.on('exit', (code, signal) => session.onExit(code, signal));
  connection.onNotification('window/logMessage', (p) => session.onLog(p.message));
  connection.onNotification('glossary/indexStatus', (p) => session.onIndexStatus(p));
  connection.onNotification('textDocument/publishDiagnostics', (p) => session.onPublish(p));
  connection.onUnhandledNotification(() => {});
  connection.onRequest('workspace/configuration', (p) => p.items.map(() => null));
  // Progress tokens, watcher registration, messages: accepted as VS Code accepts them.
  connection.onRequest(() => null);
  connection.onError(() => {});
  connection.listen();
  return session;
}

class ServerSession {
  constructor(child, connection, folderUri) {
    this.child = child;
    this.connection = connection;
    this.folderUri = folderUri;
    this.logs = [];
    this.stderr = '';
    this.exited = undefined;
    this.publishWaiters = new Set();
    this.statusWaiters = new Set();
    /** Per URI: publishes that no waiter claimed (a stale or extra publish would show here). */
    this.unclaimed = new Map();
    this.lastPublish = new Map();
    this.gcReports = [];
  }

  onStderr(chunk) {
    for (const line of chunk.split('\n')) {
      if (line.startsWith(GC_REPORT)) this.gcReports.shift()?.(JSON.parse(line.slice(GC_REPORT.length)));
      else if (line && this.stderr.length < 20_000) this.stderr += `${line}\n`;
    }
  }

  onExit(code, signal) {
    this.exited = { code, signal };
    live.delete(this.child);
    const error = new Error(`server exited (code ${code}, signal ${signal})`);
    for (const waiter of [...this.publishWaiters, ...this.statusWaiters]) waiter.reject(error);
    this.publishWaiters.clear();
    this.statusWaiters.clear();
  }

  onLog(message) {
    this.logs.push(message);
    if (this.logs.length > 2000) this.logs.shift();
  }

  onIndexStatus(status) {
    for (const waiter of [...this.statusWaiters]) if (waiter.test(status)) { this.statusWaiters.delete(waiter); waiter.resolve(status); }
  }

  onPublish(params) {
    const at = now();
    this.lastPublish.set(params.uri, params.diagnostics);
    let claimed = false;
    for (const waiter of [...this.publishWaiters]) {
      if (!waiter.test(params)) continue;
      this.publishWaiters.delete(waiter);
      waiter.resolve(at);
      claimed = true;
    }
    if (!claimed) this.unclaimed.set(params.uri, (this.unclaimed.get(params.uri) ?? 0) + 1);
  }

  /** Resolves with the arrival time of the first publishDiagnostics that `test` accepts from now on. */
  nextPublish(test, timeoutMs, what) {
    return this.waitFor(this.publishWaiters, test, timeoutMs, what);
  }

  nextIndexStatus(test, timeoutMs, what) {
    return this.waitFor(this.statusWaiters, test, timeoutMs, what);
  }

  waitFor(set, test, timeoutMs, what) {
    if (this.exited) return Promise.reject(new Error('server has exited'));
    return new Promise((resolve, reject) => {
      const waiter = {
        test,
        resolve: (value) => { clearTimeout(timer); resolve(value); },
        reject: (error) => { clearTimeout(timer); reject(error); },
      };
      const timer = setTimeout(() => {
        set.delete(waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      set.add(waiter);
    });
  }

  request(method, params, timeoutMs = 60_000) {
    return withTimeout(this.connection.sendRequest(method, params), timeoutMs, method);
  }

  /** One request, timed from send to answer. */
  async timed(method, params) {
    const sent = now();
    const answer = await this.request(method, params);
    return { ms: now() - sent, answer };
  }

  notify(method, params) {
    this.connection.sendNotification(method, params);
  }

  initialize() {
    return this.request('initialize', {
      processId: process.pid,
      clientInfo: { name: 'glossary-bench' },
      rootUri: this.folderUri,
      workspaceFolders: [{ uri: this.folderUri, name: 'bench' }],
      capabilities: CLIENT_CAPABILITIES,
    }, 60_000);
  }

  open(document) {
    this.notify('textDocument/didOpen', { textDocument: { uri: document.uri, languageId: 'markdown', version: document.version, text: document.text } });
  }

  memory() {
    return processMemory(this.child.pid);
  }

  hasLogged(pattern) {
    return this.logs.some((line) => pattern.test(line));
  }

  /** A full collection in the server, then process.memoryUsage() (memory pass only). */
  async collectGarbage() {
    const report = new Promise((resolve) => this.gcReports.push(resolve));
    this.child.kill('SIGUSR2');
    return withTimeout(report, 30_000, 'full collection in the server');
  }

  async stop() {
    if (!this.exited) {
      try {
        await withTimeout(this.connection.sendRequest('shutdown'), 5_000, 'shutdown');
        this.connection.sendNotification('exit');
      } catch { /* killed below */ }
      const deadline = now() + 3_000;
      while (!this.exited && now() < deadline) await sleep(20);
    }
    if (!this.exited) this.child.kill('SIGKILL');
    this.connection.dispose();
  }
}
