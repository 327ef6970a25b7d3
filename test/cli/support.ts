/**
 * Helpers for the CLI end-to-end tests: run the built `dist/cli.js` as a child process (so exit
 * codes, stdout, stderr and TTY detection are the real ones), and make throw-away copies of the
 * example glossaries for the tests that write.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const CLI_PATH = join(REPO_ROOT, 'dist', 'cli.js');
export const EXAMPLES = join(REPO_ROOT, 'examples');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node dist/cli.js ...args` in `cwd` (the repository root unless told) and collects what it
 * prints. stdout and stderr are pipes, so the CLI sees no TTY. `env` is laid over a copy of this
 * process's environment; a key set to undefined is removed.
 */
export function runCli(args: string[], { cwd = REPO_ROOT, env = {} as Record<string, string | undefined>, timeoutMs = 30_000 } = {}): Promise<CliResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv.NO_COLOR;
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[key];
    else childEnv[key] = value;
  }
  return new Promise((resolveRun, rejectRun) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      rejectRun(new Error(`glossary-author ${args.join(' ')} did not finish within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      rejectRun(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
  });
}

/** A fresh, empty temp folder (its real path, so relative paths printed by the CLI are predictable). */
export function tempDir(prefix = 'glossary-cli-'): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

/** Copies examples/<name> into `into` (default: a fresh temp folder), as `<into>/<as>` (default: `into` itself). */
export function copyExample(name: string, { as, into }: { as?: string; into?: string } = {}): string {
  const root = into ?? tempDir(`glossary-cli-${name}-`);
  const target = as ? join(root, as) : root;
  cpSync(join(EXAMPLES, name), target, { recursive: true });
  return target;
}

export function removeDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

export function writeFile(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Snapshots of a folder's bytes, shared with the server tests. */
export { snapshotFiles as snapshot, diffSnapshots as changedFiles } from '../server/lspClient';

/** One finding of `--format json`. */
export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
  data?: unknown;
}

export interface JsonReport {
  version: string;
  /** A level the run did not check (below --show and --fail-on) has null, not 0. */
  summary: { entries: number; error: number; warning: number; information: number | null; hint: number | null; fixed: number };
  findings: JsonFinding[];
}

/** One line of the text format: `path:line:col  severity  code  message`. */
export const TEXT_LINE = /^(.+?):(\d+):(\d+) {2}(error|warning|information|hint) {2}([a-z-]+) {2}(.+)$/;
/** The summary line of the text format. */
export const SUMMARY_LINE = /^(\d+) (?:entry|entries) checked in \d+\.\d\d s: (\d+) errors?(?:, (\d+) warnings?)?(?:, (\d+) information)?(?:, (\d+) hints?)?(?: \([a-z ]+ not listed: --show [a-z]+ lists them\))?(?:; [a-z ]+ not checked \(--show hint checks and lists them\))?(?:; (\d+) fixes applied)?\.$/;

/** Splits text output into finding lines and the summary line, checking the layout on the way. */
export function parseTextOutput(stdout: string): { findings: string[]; summary: string } {
  assertEndsWithNewline(stdout);
  const lines = stdout.slice(0, -1).split('\n');
  const summary = lines.pop()!;
  if (lines.length) {
    // Findings, one blank line, the summary.
    if (lines.pop() !== '') throw new Error(`no blank line before the summary:\n${stdout}`);
  }
  return { findings: lines, summary };
}

function assertEndsWithNewline(text: string): void {
  if (!text.endsWith('\n')) throw new Error(`output does not end with a newline:\n${JSON.stringify(text.slice(-200))}`);
}
