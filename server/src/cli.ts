#!/usr/bin/env node
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { URI } from 'vscode-uri';
import { CONFIG_FILE_NAME, loadConfig, type GlossaryConfig } from './core/config';
import { Glossaries } from './core/glossaries';
import { checkingSummary } from './core/glossaryIndex';
import { scanningPositions } from './core/positions';
import { LoadedIconSets } from './core/icons';
import { DEFAULT_SETTINGS, type GlossarySettings } from './core/settings';
import { AnalysisPool } from './analysisPool';
import { loadBundledIconSet } from './bundledIconSets';
import { applyFixes, type FileFixResult } from './cliFix';
import { checkAndPrint } from './cliCheck';
import { formatStatsOfEach, ReportStream, reportPath, type OutputFormat, type ReportStyle } from './cliOutput';
import { NodeWorkspace } from './nodeWorkspace';
import { isAtLeast, REPORTED_LEVELS, type ReportedLevel } from './core/diagnosticCodes';
import { VERSION } from './version';
import { limitHeapGrowth } from './heapGrowth';

/** The status a shell gives a process that SIGPIPE ended (128 + 13): the reader took less than the whole report. */
const READER_GONE_EXIT_CODE = 141;

const USAGE = `Usage: glossary-author check [folder…] [options]
       glossary-author stats [folder…] [--format text|json] [--config FILE]

check: checks every glossary entry under each folder (default: the current folder) with the same
engine as the editor, Mermaid diagrams included, and prints what it finds.
stats: the glossary's figures, as the editor's overview shows them: entries per category, how
many entries point at each, orphans, one-way relations, broken references by kind.

Options:
  --format text|json|sarif   output format (default: text)
  --show LEVEL               check and list findings at LEVEL or worse: error, warning,
                             information or hint (default: warning; hint checks everything)
  --fail-on LEVEL            exit 1 when a finding is at LEVEL or worse: error, warning,
                             information, hint, or none (default: warning); alias --max-severity
  --config FILE              configuration file (default: <first folder>/${CONFIG_FILE_NAME} if present)
  --fix                      apply the safe fixes (the ones the editor's "fix all" applies) and
                             report what changed; files that cannot be parsed are left alone
  --dry-run                  with --fix: print the diff instead of writing
  -h, --help                 this text;  --version  the version

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or configuration error,
${READER_GONE_EXIT_CODE} the reader closed the output early (\`check | head\`).`;

const FAIL_LEVELS: Record<string, number> = { error: 1, warning: 2, information: 3, hint: 4, none: 0 };
const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];

class UsageError extends Error {}

const COMMANDS = ['check', 'stats'] as const;
const STATS_FORMATS: readonly OutputFormat[] = ['text', 'json'];

interface Options {
  command: (typeof COMMANDS)[number];
  folders: string[];
  format: OutputFormat;
  show: ReportedLevel;
  failOn: number;
  config?: string;
  fix: boolean;
  dryRun: boolean;
}

function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${option} takes one of ${allowed.join(', ')}, not '${value}'`);
  return value as T;
}

/** parseArgs' own messages, in the words of this tool's other usage errors. */
function usageErrorOf(error: unknown): UsageError {
  const { code, message } = error as { code?: string; message?: string };
  const option = /'(-[^' ]+)/.exec(message ?? '')?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return new UsageError(`unknown option '${option}'`);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) return new UsageError(`${option.replace(/ .*/, '')} needs a value`);
  return new UsageError(String(message ?? error).split('\n')[0]);
}

function parseArguments(args: string[]): Options | 'help' | 'version' {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        show: { type: 'string' },
        'fail-on': { type: 'string' },
        'max-severity': { type: 'string' },
        config: { type: 'string' },
        fix: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw usageErrorOf(error);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (values.version) return 'version';
  const [command, ...folders] = positionals;
  if (!COMMANDS.includes(command as Options['command'])) throw new UsageError(command === undefined ? 'no command given' : `unknown command '${command}'`);
  if (command === 'stats') {
    const checkOnly = (['show', 'fail-on', 'max-severity', 'fix', 'dry-run'] as const).find((name) => values[name] !== undefined);
    if (checkOnly) throw new UsageError(`--${checkOnly} goes with check, not stats`);
  }
  const failOn = values['fail-on'] ?? values['max-severity'];
  const options: Options = {
    command: command as Options['command'],
    folders: folders.length ? folders : ['.'],
    format: oneOf('format', values.format, command === 'stats' ? STATS_FORMATS : FORMATS, 'text'),
    show: oneOf('show', values.show, REPORTED_LEVELS, 'warning'),
    failOn: FAIL_LEVELS[oneOf('fail-on', failOn, Object.keys(FAIL_LEVELS), 'warning')],
    config: values.config,
    fix: values.fix ?? false,
    dryRun: values['dry-run'] ?? false,
  };
  if (options.dryRun && !options.fix) throw new UsageError('--dry-run goes with --fix');
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
  const positions = scanningPositions(config.text);
  for (const problem of config.problems) {
    const { line, character } = positions.positionAt(problem.span.start);
    process.stderr.write(`${path}:${line + 1}:${character + 1}  error  config  ${problem.message}\n`);
  }
  return true;
}

/** Below this many entries, sending the index to other threads costs more than checking here. */
const PARALLEL_CHECK_MIN_FILES = 500;
/**
 * Mermaid workers for a large glossary: each holds its own linkedom and Mermaid (about 60 MB loaded
 * and idle, more while parsing). One core is left to the checks: on 2 cores, one Mermaid worker
 * checked 20,000 entries as fast as two (19.7–22.2 against 21.7–22.9 s with 61,800 diagrams) and
 * the run's peak was 80 MB lower.
 */
const MAX_MERMAID_WORKERS = 2;

/**
 * Writes to stdout as fast as the reader takes it: a report of hundreds of MB written at once into
 * a socket (how a parent process usually reads a child's output) fails with ENOBUFS.
 */
async function writeOut(piece: string): Promise<void> {
  if (!process.stdout.write(piece)) await new Promise((resolve) => process.stdout.once('drain', resolve));
}

/**
 * The reader of the report went away (`check … | head`): the run stops there, quietly, as Unix
 * tools do. Not 0 or 1: under `pipefail` the status must not read as "no findings" or as a result.
 */
function stopWhenTheReaderGoes(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(READER_GONE_EXIT_CODE);
    process.stderr.write(`glossary-author: cannot write the report: ${error.message}\n`);
    process.exit(2);
  });
}

/** The lowest level a check's report lists (`--show`) or fails on (`--fail-on`): it looks for nothing lower. */
function lowestChecked(options: Options): ReportedLevel {
  const failOn = options.failOn > 0 ? REPORTED_LEVELS[options.failOn - 1] : options.show;
  return isAtLeast(failOn, options.show) ? options.show : failOn;
}

async function run(options: Options): Promise<number> {
  const started = performance.now();
  const folders = options.folders.map((folder) => URI.file(resolve(folder)).toString());
  const workspace = new NodeWorkspace(folders);
  // Each folder reads its own glossary.config.json, as the editor does; --config stands for all of them.
  const explicitConfig = options.config ? URI.file(resolve(options.config)).toString() : undefined;
  const settingsByFolder = new Map<string, GlossarySettings>();
  let configErrors = false;
  for (const folder of folders) {
    const config = await loadConfig(workspace, folder, explicitConfig);
    if (config && reportConfigProblems(config)) configErrors = true;
    settingsByFolder.set(folder, config?.settings ?? DEFAULT_SETTINGS);
    if (explicitConfig && configErrors) break;
  }
  if (configErrors) {
    process.stderr.write('glossary-author: the configuration has errors (above); nothing was checked.\n');
    return 2;
  }
  const log = (message: string) => process.stderr.write(`${message}\n`);
  // Both cores read and parse the glossary; the workers stop on their own once idle.
  const analysis = new AnalysisPool({ log });
  const icons = new LoadedIconSets(loadBundledIconSet, { log });
  // A check keeps of each entry only what checking the others reads (fixes and stats read more).
  const keep = options.command === 'check' && !options.fix ? 'checks' : 'everything';
  const service = new Glossaries(workspace, settingsByFolder, { log }, icons, analysis, keep);
  const iconsReady = icons.ready(service.settings.iconPrefixes);
  const showProgress = process.stderr.isTTY;
  const report = await service.indexWorkspace((done, total) => {
    if (showProgress && total >= 500) process.stderr.write(`\rIndexing glossary entries: ${done}/${total}`);
  });
  if (showProgress && report.files >= 500) process.stderr.write('\n');
  // A check reads no entry's body links but its own; the figures and the fixes read them all.
  if (keep === 'everything') await service.readBodyLinks();
  if (options.command === 'stats') {
    analysis.dispose();
    const pathOf = (uri: string) => reportPath(uri) || '.';
    process.stdout.write(formatStatsOfEach(await service.statsOfEach(), options.format === 'json' ? 'json' : 'text', pathOf));
    return 0;
  }

  const uris = service.entryUris().sort();
  let fixResults: FileFixResult[] = [];
  if (options.fix) {
    fixResults = await applyFixes(service, uris, options.dryRun);
    for (const result of fixResults) {
      const path = reportPath(result.uri);
      // A diff on stdout would break JSON and SARIF output; it goes beside the report then.
      if (result.diff) (options.format === 'text' ? process.stdout : process.stderr).write(result.diff);
      else if (result.skipped) process.stderr.write(`${path}: not fixed: ${result.skipped}\n`);
      else process.stderr.write(`${path}: ${options.dryRun ? 'would apply' : 'applied'} ${result.applied} fix${result.applied === 1 ? '' : 'es'}\n`);
    }
  }

  // Checked only once the icon sets are here: a CLI run answers once, and must not miss an unknown icon.
  await iconsReady;
  const colour = options.format === 'text' && !!process.stdout.isTTY && !process.env.NO_COLOR;
  // A check looks for nothing its report leaves out (writtenCheck); fixes, above, for everything.
  const style: ReportStyle = { format: options.format, show: options.show, checked: lowestChecked(options), colour };
  const reportStream = new ReportStream(style, VERSION);
  // The workers take one set of settings: folders with different configurations are checked here.
  const oneSettings = new Set([...settingsByFolder.values()].map((settings) => JSON.stringify(settings))).size <= 1;
  const parallel = uris.length >= PARALLEL_CHECK_MIN_FILES && oneSettings;
  if (!parallel) analysis.dispose();
  await checkAndPrint({
    service,
    uris,
    style,
    report: reportStream,
    write: writeOut,
    log,
    // Parsing diagrams is most of a large run's work (a few ms each, one or two per entry).
    mermaidWorkers: uris.length >= PARALLEL_CHECK_MIN_FILES ? Math.max(1, Math.min(MAX_MERMAID_WORKERS, availableParallelism() - 1)) : 1,
    parallel: parallel ? { pool: analysis, folders, settings: service.settings, summaries: () => service.packedSummaries(checkingSummary) } : undefined,
  });
  // The whole run's time, as the user waited for it (indexing, checking, Mermaid and printing).
  await writeOut(reportStream.end({ entries: report.indexed, seconds: (performance.now() - started) / 1000, fixed: fixResults.reduce((count, result) => count + (options.dryRun ? 0 : result.applied), 0) }));
  const counts = reportStream.counts;
  const failing = (['error', 'warning', 'information', 'hint'] as const).some((level, i) => i + 1 <= options.failOn && counts[level] > 0);
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

limitHeapGrowth();
stopWhenTheReaderGoes();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`glossary-author: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
