// `glossary-author check <folder> --format json` over the whole glossary, as CI runs it: wall time and
// peak RSS (the CLI's worker threads share its process, so they are counted). `show` is the CLI's
// --show: by default it checks errors and warnings; 'hint' checks everything (unlinked mentions too).

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { now, processMemory, repo } from './lspSession.mjs';

const TIME = '/usr/bin/time';

/**
 * Peak RSS comes from GNU time's maximum resident set size where it exists; otherwise from VmHWM
 * polled every 10 ms, which misses at most the growth of the last 10 ms.
 */
export async function cliPass(workspaceDir, show = 'warning') {
  const cli = [process.execPath, join(repo, 'dist', 'cli.js'), 'check', workspaceDir, '--format', 'json', '--fail-on', 'none', '--show', show];
  const scratch = mkdtempSync(join(tmpdir(), 'glossary-bench-cli-'));
  const timeFile = join(scratch, 'time.txt');
  const viaTime = existsSync(TIME);
  const [command, ...args] = viaTime ? [TIME, '-f', '%M', '-o', timeFile, ...cli] : cli;
  const started = now();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let outputBytes = 0;
  let head = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    if (head.length < 64) head += chunk.toString('utf8', 0, 64);
    outputBytes += chunk.length;
  });
  child.stderr.on('data', (chunk) => { if (stderr.length < 4000) stderr += chunk; });
  let polledPeakMB = 0;
  const poll = viaTime ? undefined : setInterval(() => { polledPeakMB = Math.max(polledPeakMB, processMemory(child.pid).peakMB ?? 0); }, 10);
  const code = await new Promise((resolve) => child.on('close', resolve));
  const wallMs = now() - started;
  clearInterval(poll);
  const peakMB = viaTime ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) / 1024 : polledPeakMB;
  rmSync(scratch, { recursive: true, force: true });
  const result = { wallMs, peakMB, peakFrom: viaTime ? 'GNU time %M' : 'VmHWM polled', outputMB: outputBytes / 2 ** 20 };
  if (code !== 0 || !head.trimStart().startsWith('{') && !head.trimStart().startsWith('[')) result.error = `CLI exited ${code}: ${stderr.slice(0, 300)}`;
  return result;
}
