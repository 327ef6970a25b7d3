/**
 * The language server as Neovim's built-in LSP client sees it: a headless Neovim (no user
 * configuration, a temporary XDG home) runs neovim.lua against `dist/server.js --stdio` on a copy
 * of the example glossary, and this test judges what Neovim ended up with: the diagnostics it
 * stores, the completion items it would offer, the hover lines it would show and the files after
 * it applied a rename.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { copyExampleWorkspace, diffSnapshots, GLOSSARY_DIR, lineOf, SERVER_EXEC_ARGV, SERVER_PATH, snapshotFiles } from './lspClient';

/** How long Neovim may wait for any one answer, and for the whole run. */
const STEP_WAIT_MS = 10_000;
const RUN_TIMEOUT_MS = 60_000;

interface NeovimDiagnostic {
  code?: string | number;
  lnum: number;
  col: number;
  severity: number;
  source?: string;
  message: string;
}

/** What neovim.lua writes (see there). */
interface NeovimFacts {
  steps: string[];
  finished?: boolean;
  error?: string;
  timeouts?: string[];
  filetype?: string;
  diagnostics?: NeovimDiagnostic[];
  completion?: { problem?: string; labels: string[]; words: string[] };
  hover?: { problem?: string; lines?: string[] };
  rename?: { error?: string; empty: boolean; applied: boolean; problem?: string; buffers: { name: string; modified: boolean; text: string }[] };
  serverExit?: { code: number; signal: number };
}

interface NeovimRun {
  facts: NeovimFacts;
  /** Neovim's stderr and its LSP log, for failure messages. */
  log: string;
}

function requireNeovim(): string {
  const probe = spawnSync('nvim', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.error || probe.status !== 0) {
    throw new Error(`Neovim (nvim) is needed for this test and could not be run (${probe.error?.message ?? `exit ${probe.status}`}): install Debian's neovim package (.ci/run does).`);
  }
  return probe.stdout.split('\n')[0];
}

/** Runs neovim.lua in a headless Neovim whose home, configuration and state all live in `home`. */
async function runNeovim(home: string, params: Record<string, unknown>): Promise<NeovimRun> {
  const xdg = { XDG_CONFIG_HOME: 'config', XDG_DATA_HOME: 'data', XDG_STATE_HOME: 'state', XDG_CACHE_HOME: 'cache', XDG_RUNTIME_DIR: 'run' };
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, LANG: 'C.UTF-8', GLOSSARY_NVIM_PARAMS: join(home, 'params.json') };
  for (const [name, folder] of Object.entries(xdg)) {
    env[name] = join(home, folder);
    mkdirSync(join(home, folder), { recursive: true, mode: 0o700 });
  }
  const out = join(home, 'facts.json');
  writeFileSync(env.GLOSSARY_NVIM_PARAMS!, JSON.stringify({ ...params, out, waitMs: STEP_WAIT_MS }));
  const script = join(__dirname, 'neovim.lua');
  // Its own process group, so that the server Neovim starts goes down with it.
  const nvim = spawn('nvim', ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${script}`], { cwd: home, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stderr = '';
  nvim.stdout.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  nvim.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let timer: NodeJS.Timeout | undefined;
  const outcome = await new Promise<string>((resolveOutcome) => {
    timer = setTimeout(() => resolveOutcome(`Neovim did not finish within ${RUN_TIMEOUT_MS} ms`), RUN_TIMEOUT_MS);
    nvim.on('exit', (code, signal) => resolveOutcome(`Neovim exited with ${code ?? signal}`));
    nvim.on('error', (error) => resolveOutcome(`Neovim could not start: ${error.message}`));
  });
  clearTimeout(timer);
  try {
    process.kill(-nvim.pid!, 'SIGKILL');
  } catch {
    // The group is gone already: Neovim quit and stopped the server.
  }
  const lspLog = join(home, 'cache', 'nvim', 'lsp.log');
  const log = `${outcome}\n--- Neovim output ---\n${stderr || '(none)'}\n--- Neovim LSP log ---\n${existsSync(lspLog) ? readFileSync(lspLog, 'utf8').slice(-4000) : '(none)'}`;
  if (!existsSync(out)) throw new Error(`Neovim wrote no facts.\n${log}`);
  const facts = JSON.parse(readFileSync(out, 'utf8')) as NeovimFacts;
  if (!facts.finished || facts.error) throw new Error(`the Neovim script did not finish (steps done: ${facts.steps.join(', ') || 'none'}): ${facts.error ?? 'stopped'}\n${log}`);
  return { facts, log };
}

describe('Neovim built-in LSP client (0.7 start_client)', () => {
  let home: string;
  let workspaceDir: string;
  let run: NeovimRun;
  let entryText: string;
  let original: Map<string, Buffer>;
  const entryPath = () => join(workspaceDir, GLOSSARY_DIR, 'tokenization.md');

  before(async () => {
    requireNeovim();
    assert.ok(existsSync(SERVER_PATH), `${SERVER_PATH} is missing: run npm run build first`);
    home = realpathSync(mkdtempSync(join(tmpdir(), 'glossary-nvim-home-')));
    workspaceDir = copyExampleWorkspace('glossary-nvim-');
    entryText = readFileSync(entryPath(), 'utf8');
    original = snapshotFiles(workspaceDir);
    const embeddingLine = lineOf(entryText, '- embedding');
    const transformerLine = lineOf(entryText, '- transformer');
    run = await runNeovim(home, {
      server: [process.execPath, ...SERVER_EXEC_ARGV, SERVER_PATH, '--stdio'],
      root: workspaceDir,
      entry: entryPath(),
      completion: { line: embeddingLine, character: '- embedding'.length, prefix: 'embedding' },
      hover: { line: transformerLine, character: '- trans'.length },
      rename: { line: transformerLine, character: '- '.length, newName: 'transformer-architecture' },
    });
  });

  after(() => {
    if (home) rmSync(home, { recursive: true, force: true });
    if (workspaceDir) rmSync(workspaceDir, { recursive: true, force: true });
  });

  const fail = (what: string) => `${what}\nNeovim's steps: ${run.facts.steps.join(', ')}; timed out: ${run.facts.timeouts?.join(', ') || 'nothing'}\n${run.log}`;

  it('opens the entry as markdown and receives its push diagnostics at the right lines', () => {
    assert.equal(run.facts.filetype, 'markdown');
    const diagnostics = run.facts.diagnostics;
    assert.ok(diagnostics, fail('Neovim received no diagnostics'));
    const at = (code: string) => diagnostics.filter((d) => d.code === code).map((d) => `${d.lnum}:${d.col}`).sort();
    assert.deepEqual(at('unknown-slug'), [`${lineOf(entryText, '- embedding')}:2`, `${lineOf(entryText, '- large-language-model')}:2`].sort(), fail('unknown slugs'));
    assert.deepEqual(at('unknown-key'), [`${lineOf(entryText, 'tags: [nlp, text]')}:0`], fail('unknown key'));
    assert.deepEqual(at('tool-call-debris'), [`${lineOf(entryText, '</content>')}:0`], fail('tool-call debris'));
    const slug = diagnostics.find((d) => d.code === 'unknown-slug' && d.lnum === lineOf(entryText, '- embedding'))!;
    assert.equal(slug.source, 'glossary');
    assert.match(slug.message, /embeddings/, 'the message names the nearest slug');
    assert.equal(slug.severity, 2, 'unknown-slug is a warning (vim.diagnostic.severity.WARN)');
  });

  it('completes a related slug, and Neovim would insert it for the typed prefix', () => {
    const completion = run.facts.completion;
    assert.ok(completion && !completion.problem, fail(`completion failed: ${completion?.problem}`));
    assert.ok(completion.labels.includes('embeddings'), fail(`labels: ${completion.labels.join(', ')}`));
    assert.equal(completion.words[0], 'embeddings', fail(`Neovim's complete items: ${completion.words.join(', ')}`));
  });

  it("shows the target's title on hover over a related slug", () => {
    const hover = run.facts.hover;
    assert.ok(hover?.lines, fail(`no hover: ${hover?.problem ?? 'empty answer'}`));
    const target = original.get(`${GLOSSARY_DIR}/transformer.md`)!.toString('utf8');
    const field = (key: string) => new RegExp(`^${key}: (.*)$`, 'm').exec(target)![1];
    assert.equal(hover.lines.find((line) => line.trim()), `**${field('title')}** · *${field('category')}*`, fail(`hover lines: ${JSON.stringify(hover.lines)}`));
  });

  it('renames a slug: Neovim moves the file and rewrites every entry that names it', () => {
    const rename = run.facts.rename;
    assert.ok(rename, fail('the rename got no answer'));
    assert.equal(rename.error, undefined, fail('the server refused the rename'));
    assert.ok(rename.applied && !rename.empty, fail(`Neovim could not apply the edit: ${rename.problem ?? 'empty edit'}`));
    const oldPath = `${GLOSSARY_DIR}/transformer.md`;
    const newPath = `${GLOSSARY_DIR}/transformer-architecture.md`;
    // The entries that name `transformer`, found in the original files independently of the server.
    const referrers = [...original].filter(([path, bytes]) => path !== oldPath && /^- transformer$|\]\(\/glossary\/transformer\)/m.test(bytes.toString('utf8'))).map(([path]) => path);
    assert.ok(referrers.length >= 5, `the example glossary names transformer from several entries (${referrers.join(', ')})`);
    const now = snapshotFiles(workspaceDir);
    assert.deepEqual(diffSnapshots(original, now), [...referrers, oldPath, newPath].sort(), 'exactly the referrers and the renamed file changed');
    assert.deepEqual(now.get(newPath), original.get(oldPath), 'the entry moved unchanged');
    for (const path of referrers) {
      const expected = original.get(path)!.toString('utf8').replace(/^- transformer$/gm, '- transformer-architecture').replace(/\]\(\/glossary\/transformer\)/g, '](/glossary/transformer-architecture)');
      assert.equal(now.get(path)!.toString('utf8'), expected, `${path} names the new slug and is otherwise unchanged`);
    }
    // The open entry was edited in its buffer, which Neovim holds modified until the save.
    const tokenization = rename.buffers.find((b) => b.name === entryPath());
    assert.ok(tokenization?.modified && tokenization.text.includes('\n- transformer-architecture\n'), fail(`buffer of the open entry: ${JSON.stringify(tokenization)}`));
  });

  it('shuts the server down cleanly when Neovim stops the client', () => {
    assert.deepEqual(run.facts.serverExit, { code: 0, signal: 0 }, fail('server exit'));
  });
});
