import { relative } from 'node:path';
import { URI } from 'vscode-uri';
import type { Diagnostic } from 'vscode-languageserver-types';
import { DIAGNOSTIC_CODES, DIAGNOSTICS_REFERENCE_URL, isAtLeast, isDiagnosticCode, levelOfSeverity, REPORTED_LEVELS, type ReportedLevel } from './core/diagnosticCodes';
import type { MermaidBlock } from './core/features/mermaidSyntax';
import type { Glossaries } from './core/glossaries';
import { THIN_CATEGORY_SIZE, type GlossaryStats, type StatsReference } from './core/features/stats';

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface Finding {
  /** Relative to the current folder, with the platform's separators. */
  path: string;
  diagnostic: Diagnostic;
}

export type LevelCounts = Record<ReportedLevel, number>;

const noFindings = (): LevelCounts => ({ error: 0, warning: 0, information: 0, hint: 0 });

/** Adds `more` into `total`. */
function addCounts(total: LevelCounts, more: LevelCounts): void {
  for (const level of REPORTED_LEVELS) total[level] += more[level];
}

/** How a report writes its findings. */
export interface ReportStyle {
  format: OutputFormat;
  /** Findings at this level or worse are listed. */
  show: ReportedLevel;
  /**
   * Findings at this level or worse are counted (`show` or lower): the run checked no lower, and
   * the report says which levels went unchecked rather than count them as none.
   */
  checked: ReportedLevel;
  colour: boolean;
}

export interface OutputContext extends ReportStyle {
  entries: number;
  seconds: number;
  version: string;
  fixed: number;
}

const COLOURS: Record<ReportedLevel, string> = { error: '31', warning: '33', information: '36', hint: '90' };
const SARIF_LEVELS: Record<ReportedLevel, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
const PLURALS: Record<ReportedLevel, [string, string]> = { error: ['error', 'errors'], warning: ['warning', 'warnings'], information: ['information', 'information'], hint: ['hint', 'hints'] };

const levelOf = (diagnostic: Diagnostic) => levelOfSeverity(diagnostic.severity);
const messageOf = (diagnostic: Diagnostic) => (typeof diagnostic.message === 'string' ? diagnostic.message : String(diagnostic.message));

const countOf = (count: number, level: ReportedLevel) => `${count.toLocaleString('en-US')} ${PLURALS[level][count === 1 ? 0 : 1]}`;

/**
 * One file's findings as the report prints them: the listed ones written out (a text line, or a
 * pretty-printed JSON or SARIF item indented for its place in the document) in the order of the
 * file, and every level counted. Written where the file is checked, a worker thread mostly: a
 * large glossary has a million findings, and strings cross threads far more cheaply than
 * Diagnostic objects.
 */
export interface WrittenFile {
  texts: string[];
  /** Line and character of each text's finding, in pairs: where a diagram's findings go among them. */
  positions: number[];
  counts: LevelCounts;
}

/** How a report names the file at `uri`: relative to the current folder, with the platform's separators. */
export function reportPath(uri: string): string {
  return relative(process.cwd(), URI.parse(uri).fsPath);
}

/** `diagnostics` of the file at `path` (relative, as printed) written out; see WrittenFile. */
export function writeFindings(path: string, diagnostics: readonly Diagnostic[], style: ReportStyle): WrittenFile {
  const counts = noFindings();
  const kept: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const level = levelOf(diagnostic);
    if (!isAtLeast(level, style.checked)) continue;
    counts[level]++;
    if (isAtLeast(level, style.show)) kept.push(diagnostic);
  }
  // In the order of the file; equal places keep the order they were found in (a stable sort).
  kept.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const indent = listIndent(style.format);
  const texts: string[] = [];
  const positions: number[] = [];
  for (const diagnostic of kept) {
    const finding = { path, diagnostic };
    let text: string;
    if (style.format === 'text') text = textLine(finding, style.colour);
    // One line per finding: a report of a million findings is a third smaller, and still one finding per line for grep and diff.
    else text = indent + JSON.stringify(style.format === 'json' ? jsonItem(finding) : sarifResult(finding));
    texts.push(text);
    positions.push(diagnostic.range.start.line, diagnostic.range.start.character);
  }
  return { texts, positions, counts };
}

/** One file checked for the CLI's report: undefined `written` when the file could not be read. */
export interface WrittenCheck {
  uri: string;
  written: WrittenFile | undefined;
  /** The file's diagrams, which a Mermaid worker checks next. */
  mermaidBlocks: MermaidBlock[];
}

/** Checks the file at `uri` with `service` for the CLI's report. */
export async function writtenCheck(service: Glossaries, uri: string, style: ReportStyle): Promise<WrittenCheck> {
  const check = await service.checkFile(uri, style.checked);
  return { uri, written: check && writeFindings(reportPath(uri), check.diagnostics, style), mermaidBlocks: check?.mermaidBlocks ?? [] };
}

/** The findings of both in the order of the file; at the same place, `first`'s come first. */
export function mergeWritten(first: WrittenFile, second: WrittenFile): WrittenFile {
  const counts = noFindings();
  addCounts(counts, first.counts);
  addCounts(counts, second.counts);
  if (!second.texts.length || !first.texts.length) return { ...(second.texts.length ? second : first), counts };
  const texts: string[] = [];
  const positions: number[] = [];
  let i = 0;
  let j = 0;
  const take = (from: WrittenFile, k: number) => {
    texts.push(from.texts[k]);
    positions.push(from.positions[2 * k], from.positions[2 * k + 1]);
  };
  while (i < first.texts.length || j < second.texts.length) {
    const secondFirst = i === first.texts.length
      || (j < second.texts.length && (second.positions[2 * j] - first.positions[2 * i] || second.positions[2 * j + 1] - first.positions[2 * i + 1]) < 0);
    if (secondFirst) take(second, j++);
    else take(first, i++);
  }
  return { texts, positions, counts };
}

/**
 * The report, written as it goes: files are added in order, and each call returns what to print
 * next, so that a report of a million findings (hundreds of MB) is never held whole. The JSON
 * report's summary comes after its findings for that reason: its counts are only known at the end.
 */
export class ReportStream {
  readonly counts = noFindings();
  private listed = 0;

  constructor(private readonly style: ReportStyle, private readonly version: string) {}

  /** What to print for `file`'s findings. */
  add(file: WrittenFile): string {
    addCounts(this.counts, file.counts);
    if (!file.texts.length) return '';
    let piece = '';
    if (this.style.format === 'text') {
      for (const text of file.texts) piece += `${text}\n`;
    } else {
      const separator = ',\n';
      piece = (this.listed === 0 ? documentAroundList(this.style.format, { ...emptyContext, version: this.version }).before : separator) + file.texts.join(separator);
    }
    this.listed += file.texts.length;
    return piece;
  }

  /** What ends the report: the rest of the document, or the text report's summary line. */
  end(context: Omit<OutputContext, keyof ReportStyle | 'version'>): string {
    const full = { ...context, ...this.style, version: this.version };
    if (this.style.format === 'text') return `${this.listed ? '\n' : ''}${textSummary(this.counts, full)}\n`;
    const document = documentAroundList(this.style.format, full, this.counts, this.style.checked);
    return this.listed ? `\n${document.after}\n` : `${document.empty}\n`;
  }
}

/** `findings` in `format`, in pieces to write one after the other (the CLI's report, for any list of findings). */
export function* findingsOutput(findings: Finding[], format: OutputFormat, context: Omit<OutputContext, 'format'>): Generator<string> {
  const style: ReportStyle = { format, show: context.show, checked: context.checked, colour: context.colour };
  const report = new ReportStream(style, context.version);
  let chunk = '';
  for (const { path, diagnostic } of findings) {
    chunk += report.add(writeFindings(path, [diagnostic], style));
    if (chunk.length >= 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk + report.end(context);
}

export function formatFindings(findings: Finding[], format: OutputFormat, context: Omit<OutputContext, 'format'>): string {
  return [...findingsOutput(findings, format, context)].join('');
}

/** Stands for the one long list in a report's document. */
const LIST_HOLE = ['\u0000list\u0000'];

const emptyContext: Omit<OutputContext, keyof ReportStyle> = { entries: 0, seconds: 0, version: '', fixed: 0 };

/**
 * The JSON or SARIF document of a report, with LIST_HOLE for its list of findings. A level the
 * run did not check has no count (null), not a count of none.
 */
function reportDocument(format: 'json' | 'sarif', context: Omit<OutputContext, keyof ReportStyle>, counts = noFindings(), checked: ReportedLevel = 'hint'): unknown {
  if (format === 'sarif') return sarifDocument(context);
  const levels = Object.fromEntries(REPORTED_LEVELS.map((level) => [level, isAtLeast(level, checked) ? counts[level] : null]));
  return { version: context.version, findings: LIST_HOLE, summary: { entries: context.entries, ...levels, fixed: context.fixed } };
}

/**
 * `JSON.stringify(document, null, 2)` cut around its list: `before` ends with the list's `[` and
 * line break, `after` starts with the line that closes it; `empty` is the whole document with `[]`.
 * Strings in JSON carry no raw line breaks, so an item is indented by indenting its lines.
 */
function documentAroundList(format: OutputFormat, context: Omit<OutputContext, keyof ReportStyle>, counts?: LevelCounts, checked?: ReportedLevel): { before: string; indent: string; after: string; empty: string } {
  if (format === 'text') return { before: '', indent: '', after: '', empty: '' };
  const text = JSON.stringify(reportDocument(format, context, counts, checked), null, 2);
  const hole = JSON.stringify(LIST_HOLE[0]);
  const at = text.indexOf(hole);
  const lineStart = text.lastIndexOf('\n', at) + 1;
  // JSON.stringify writes an empty list as `[]`: the `[`, its line break and indentation go.
  const open = text.lastIndexOf('[', lineStart);
  const close = text.indexOf(']', at + hole.length);
  return {
    before: text.slice(0, lineStart),
    indent: text.slice(lineStart, at),
    after: text.slice(text.indexOf('\n', at) + 1),
    empty: `${text.slice(0, open)}[]${text.slice(close + 1)}`,
  };
}

const listIndents = new Map<OutputFormat, string>();

/** Where each format's list items start their lines (the document's shape does not depend on the counts). */
function listIndent(format: OutputFormat): string {
  let indent = listIndents.get(format);
  if (indent === undefined) listIndents.set(format, (indent = documentAroundList(format, emptyContext).indent));
  return indent;
}

/** A finding's line in the text report: `path:line:column  level  code  message`. */
function textLine({ path, diagnostic }: Finding, colour: boolean): string {
  const level = levelOf(diagnostic);
  const { line, character } = diagnostic.range.start;
  const shownLevel = colour ? `\x1b[${COLOURS[level]}m${level}\x1b[0m` : level;
  return `${path}:${line + 1}:${character + 1}  ${shownLevel}  ${diagnostic.code}  ${messageOf(diagnostic)}`;
}

/**
 * The text report's last line, which counts every level checked (a healthy glossary's hundreds
 * of one-way hints, when asked for, are a number, not a page) and names the levels not checked.
 */
function textSummary(total: LevelCounts, context: OutputContext): string {
  const counted = REPORTED_LEVELS.filter((level) => isAtLeast(level, context.checked));
  const hidden = counted.filter((level) => !isAtLeast(level, context.show) && total[level] > 0);
  const unchecked = REPORTED_LEVELS.filter((level) => !counted.includes(level));
  const names = (levels: readonly ReportedLevel[]) => levels.map((level) => PLURALS[level][1]).join(' and ');
  return `${context.entries} ${context.entries === 1 ? 'entry' : 'entries'} checked in ${context.seconds.toFixed(2)} s: `
    + counted.map((level) => countOf(total[level], level)).join(', ')
    + (hidden.length ? ` (${names(hidden)} not listed: --show ${hidden[hidden.length - 1]} lists them)` : '')
    + (unchecked.length ? `; ${names(unchecked)} not checked (--show hint checks and lists them)` : '')
    + (context.fixed ? `; ${context.fixed} fixes applied` : '') + '.';
}

function jsonItem({ path, diagnostic }: Finding) {
  return {
    file: path,
    line: diagnostic.range.start.line + 1,
    column: diagnostic.range.start.character + 1,
    endLine: diagnostic.range.end.line + 1,
    endColumn: diagnostic.range.end.character + 1,
    severity: levelOf(diagnostic),
    code: diagnostic.code,
    message: messageOf(diagnostic),
    ...(diagnostic.data === undefined ? {} : { data: diagnostic.data }),
  };
}

const SARIF_RULES = Object.entries(DIAGNOSTIC_CODES).map(([id, info]) => ({
  id,
  shortDescription: { text: info.summary },
  fullDescription: { text: info.explanation },
  helpUri: `${DIAGNOSTICS_REFERENCE_URL}#${id}`,
  defaultConfiguration: { level: SARIF_LEVELS[info.severity] },
}));
const SARIF_RULE_INDEX = new Map(SARIF_RULES.map((rule, index) => [rule.id, index]));

/** SARIF 2.1.0, so that code-scanning pages show the findings on the lines they concern; its results are the list. */
function sarifDocument(context: Omit<OutputContext, keyof ReportStyle>) {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'glossary-author', version: context.version, informationUri: 'https://github.com/glossary-author/glossary-author', rules: SARIF_RULES } },
      columnKind: 'utf16CodeUnits',
      results: LIST_HOLE,
    }],
  };
}

function sarifResult({ path, diagnostic }: Finding) {
  return {
    ruleId: String(diagnostic.code),
    ...(typeof diagnostic.code === 'string' && isDiagnosticCode(diagnostic.code) ? { ruleIndex: SARIF_RULE_INDEX.get(diagnostic.code) } : {}),
    level: SARIF_LEVELS[levelOf(diagnostic)],
    message: { text: messageOf(diagnostic) },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: path.split(/[\\/]/).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' },
        region: {
          startLine: diagnostic.range.start.line + 1,
          startColumn: diagnostic.range.start.character + 1,
          endLine: diagnostic.range.end.line + 1,
          endColumn: diagnostic.range.end.character + 1,
        },
      },
    }],
  };
}

/** Names listed in the text format before "and N more"; JSON lists everything. */
const STATS_LIST_LIMIT = 15;

function listed(names: string[]): string {
  if (names.length <= STATS_LIST_LIMIT) return names.join(', ');
  return `${names.slice(0, STATS_LIST_LIMIT).join(', ')} and ${(names.length - STATS_LIST_LIMIT).toLocaleString('en-US')} more`;
}

const number = (count: number) => count.toLocaleString('en-US');

/**
 * `glossary-author stats`: JSON is the `glossary/stats` answer as the editor gets it; text is a
 * short summary with places as `path:line`, relative to the current folder (`pathOf`).
 */
export function formatStats(stats: GlossaryStats, format: 'text' | 'json', pathOf: (uri: string) => string): string {
  if (format === 'json') return `${JSON.stringify(stats, null, 2)}\n`;
  const place = (reference: StatsReference) => `${pathOf(reference.entry.uri)}:${reference.range.start.line + 1} → ${reference.target}`;
  const { totals } = stats;
  const brokenTotal = stats.broken.reduce((sum, kind) => sum + totals.broken[kind.kind], 0);
  const lines = [
    `${number(stats.entries)} entries in ${number(stats.categories.filter((c) => c.name !== null).length)} categories`,
    `Categories: ${stats.categories.map((c) => `${c.name ?? '(none)'} ${number(c.count)}`).join(' · ') || 'none'}`,
  ];
  if (stats.thinCategories.length) lines.push(`Thin categories (fewer than ${THIN_CATEGORY_SIZE} entries): ${listed(stats.thinCategories)}`);
  lines.push(`Entries by how many others point at them: ${stats.inbound.map((b) => `${b.label}: ${number(b.entries)}`).join(' · ')}`);
  lines.push(`Orphans, no entry points at them (${number(totals.orphans)})${totals.orphans ? `: ${listed(stats.orphans.map((e) => e.slug))}` : ''}`);
  lines.push(`One-way relations (${number(totals.oneWayRelations)})${totals.oneWayRelations ? `: ${listed(stats.oneWayRelations.map((r) => `${r.entry.slug} → ${r.target}`))}` : ''}`);
  lines.push(`Broken references (${number(brokenTotal)}): ${stats.broken.map((kind) => `${kind.kind} ${number(totals.broken[kind.kind])}`).join(', ')}`);
  for (const kind of stats.broken) {
    if (kind.references.length) lines.push(`  ${kind.kind}: ${listed(kind.references.map(place))}`);
  }
  if (stats.brokenClusters.length) lines.push(`Most broken references: ${stats.brokenClusters.map((c) => `${c.entry.slug} ${number(c.count)}`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The figures of each glossary of the folders checked. One glossary prints as formatStats does; a
 * multilingual site (several glossaries) prints each under its folder, and as JSON an array of
 * `{ glossary, language?, ...figures }`.
 */
export function formatStatsOfEach(each: readonly { root: string; language?: string; stats: GlossaryStats }[], format: 'text' | 'json', pathOf: (uri: string) => string): string {
  if (each.length === 1) return formatStats(each[0].stats, format, pathOf);
  if (format === 'json') {
    return `${JSON.stringify(each.map(({ root, language, stats }) => ({ glossary: pathOf(root), ...(language ? { language } : {}), ...stats })), null, 2)}\n`;
  }
  return each.map(({ root, language, stats }) => `== ${pathOf(root)}${language ? ` (${language})` : ''}\n${formatStats(stats, format, pathOf)}`).join('\n');
}
