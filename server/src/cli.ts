#!/usr/bin/env node
import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { URI } from 'vscode-uri';
import { CONFIG_FILE_NAME, loadConfig, type GlossaryConfig } from './core/config';
import { GlossaryService } from './core/glossaryService';
import { LoadedIconSets } from './core/icons';
import { DEFAULT_SETTINGS } from './core/settings';
import { AnalysisPool } from './analysisPool';
import { loadBundledIconSet } from './bundledIconSets';
import { applyFixes, type FileFixResult } from './cliFix';
import { formatFindings, type Finding, type OutputFormat } from './cliOutput';
import { NodeWorkspace } from './nodeWorkspace';

export const VERSION = '0.1.0';

const USAGE = `Usage: glossary-author check [folder…] [options]

Checks every glossary entry under each folder (default: the current folder) with the same
engine as the editor, and prints what it finds.

Options:
  --format text|json|sarif   output format (default: text)
  --fail-on LEVEL            exit 1 when a finding is at LEVEL or worse: error, warning,
                             information, hint, or none (default: warning); alias --max-severity
  --config FILE              configuration file (default: <first folder>/${CONFIG_FILE_NAME} if present)
  --fix                      apply the safe fixes (the ones the editor's "fix all" applies) and
                             report what changed; files that cannot be parsed are left alone
  --dry-run                  with --fix: print the diff instead of writing
  -h, --help                 this text;  --version  the version

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or configuration error.`;

const LEVELS: Record<string, number> = { error: 1, warning: 2, information: 3, hint: 4, none: 0 };

class UsageError extends Error {}

interface Options {
  folders: string[];
  format: OutputFormat;
  failOn: number;
  config?: string;
  fix: boolean;
  dryRun: boolean;
}

function parseArguments(args: string[]): Options | 'help' | 'version' {
  const [command, ...rest] = args;
  if (command === '-h' || command === '--help') return 'help';
  if (command === '--version') return 'version';
  if (command !== 'check') throw new UsageError(command === undefined ? 'no command given' : `unknown command '${command}'`);
  const options: Options = { folders: [], format: 'text', failOn: LEVELS.warning, fix: false, dryRun: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = () => {
      const next = rest[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--format') {
      const format = value();
      if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`--format takes text, json or sarif, not '${format}'`);
      options.format = format;
    } else if (arg === '--fail-on' || arg === '--max-severity') {
      const level = value();
      if (!(level in LEVELS)) throw new UsageError(`${arg} takes one of ${Object.keys(LEVELS).join(', ')}, not '${level}'`);
      options.failOn = LEVELS[level];
    } else if (arg === '--config') options.config = value();
    else if (arg === '--fix') options.fix = true;
    else if (arg === '--dry-run') options.dryRun = true;
    else if (arg === '-h' || arg === '--help') return 'help';
    else if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'`);
    else options.folders.push(arg);
  }
  if (options.dryRun && !options.fix) throw new UsageError('--dry-run goes with --fix');
  if (options.folders.length === 0) options.folders.push('.');
  for (const folder of options.folders) {
    if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`'${folder}' is not a folder`);
  }
  if (options.config !== undefined && (!existsSync(options.config) || !statSync(options.config).isFile())) {
    throw new UsageError(`the configuration file '${options.config}' does not exist`);
  }
  return options;
}

function reportConfigProblems(config: GlossaryConfig): boolean {
  if (config.problems.length === 0) return false;
  const path = relative(process.cwd(), URI.parse(config.uri).fsPath);
  for (const problem of config.problems) {
    const before = config.text.slice(0, problem.span.start);
    const line = before.split('\n').length;
    const column = problem.span.start - before.lastIndexOf('\n');
    process.stderr.write(`${path}:${line}:${column}  error  config  ${problem.message}\n`);
  }
  return true;
}

/** Below this many entries, sending the index to other threads costs more than checking here. */
const PARALLEL_CHECK_MIN_FILES = 500;

async function run(options: Options): Promise<number> {
  const folders = options.folders.map((folder) => URI.file(resolve(folder)).toString());
  const workspace = new NodeWorkspace(folders);
  const config = await loadConfig(workspace, folders[0], options.config ? URI.file(resolve(options.config)).toString() : undefined);
  if (config && reportConfigProblems(config)) {
    process.stderr.write('glossary-author: the configuration has errors (above); nothing was checked.\n');
    return 2;
  }
  const log = (message: string) => process.stderr.write(`${message}\n`);
  // Both cores read and parse the glossary; the workers stop on their own once idle.
  const analysis = new AnalysisPool({ log });
  const icons = new LoadedIconSets(loadBundledIconSet, { log });
  const service = new GlossaryService(workspace, config?.settings ?? DEFAULT_SETTINGS, { log }, icons, analysis);
  const iconsReady = icons.ready(service.settings.iconPrefixes);
  const showProgress = process.stderr.isTTY;
  const report = await service.indexWorkspace((done, total) => {
    if (showProgress && total >= 500) process.stderr.write(`\rIndexing glossary entries: ${done}/${total}`);
  });
  if (showProgress && report.files >= 500) process.stderr.write('\n');

  const uris = [...service.index.entries()].map((entry) => entry.uri).sort();
  let fixResults: FileFixResult[] = [];
  if (options.fix) {
    fixResults = await applyFixes(service, uris, options.dryRun);
    for (const result of fixResults) {
      const path = relative(process.cwd(), URI.parse(result.uri).fsPath);
      // A diff on stdout would break JSON and SARIF output; it goes beside the report then.
      if (result.diff) (options.format === 'text' ? process.stdout : process.stderr).write(result.diff);
      else if (result.skipped) process.stderr.write(`${path}: not fixed: ${result.skipped}\n`);
      else process.stderr.write(`${path}: ${options.dryRun ? 'would apply' : 'applied'} ${result.applied} fix${result.applied === 1 ? '' : 'es'}\n`);
    }
  }

  // Checked only once the icon sets are here: a CLI run answers once, and must not miss an unknown icon.
  await iconsReady;
  const checked = new Map<string, Diagnostic[] | undefined>();
  if (uris.length >= PARALLEL_CHECK_MIN_FILES) {
    try {
      await analysis.diagnoseFiles(folders, service.settings, [...service.index.entries()], uris, (results) => {
        for (const { uri, diagnostics } of results) checked.set(uri, diagnostics);
      });
    } catch (error) {
      log(`Checking on worker threads failed (${error instanceof Error ? error.message : String(error)}); checking the rest here.`);
    }
  }
  analysis.dispose();
  const findings: Finding[] = [];
  for (const uri of uris) {
    const path = relative(process.cwd(), URI.parse(uri).fsPath);
    const diagnostics = checked.has(uri) ? checked.get(uri) : await service.diagnosticsForFile(uri);
    for (const diagnostic of diagnostics ?? []) findings.push({ path, diagnostic });
  }
  process.stdout.write(formatFindings(findings, options.format, {
    entries: report.indexed,
    seconds: report.milliseconds / 1000,
    colour: options.format === 'text' && !!process.stdout.isTTY && !process.env.NO_COLOR,
    version: VERSION,
    fixed: fixResults.reduce((count, result) => count + (options.dryRun ? 0 : result.applied), 0),
  }));
  const failing = options.failOn > 0 && findings.some((finding) => (finding.diagnostic.severity ?? 1) <= options.failOn);
  return failing ? 1 : 0;
}

async function main(args: string[]): Promise<number> {
  let options: ReturnType<typeof parseArguments>;
  try {
    options = parseArguments(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`glossary-author: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options === 'version') {
    process.stdout.write(`glossary-author ${VERSION}\n`);
    return 0;
  }
  return run(options);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`glossary-author: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
