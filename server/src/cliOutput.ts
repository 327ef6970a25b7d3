import type { Diagnostic } from 'vscode-languageserver-types';
import { DIAGNOSTIC_CODES, DIAGNOSTICS_REFERENCE_URL, isDiagnosticCode, levelOfSeverity, type ReportedLevel } from './core/diagnosticCodes';
import type { FileCheck } from './core/glossaryService';
import { THIN_CATEGORY_SIZE, type GlossaryStats, type StatsReference } from './core/features/stats';

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface Finding {
  /** Relative to the current folder, with the platform's separators. */
  path: string;
  diagnostic: Diagnostic;
}

export type LevelCounts = Record<ReportedLevel, number>;

const noFindings = (): LevelCounts => ({ error: 0, warning: 0, information: 0, hint: 0 });

/**
 * The check with only the diagnostics of the `listed` levels, and how many of the others there
 * were: a text report counts hints rather than listing them, and a large glossary has a million
 * (unlinked mentions), too many to hold as objects for a number.
 */
export function keepListed(check: FileCheck | undefined, listed: readonly ReportedLevel[]): { check: FileCheck | undefined; unlisted: LevelCounts } {
  const unlisted = noFindings();
  if (!check || listed.length === LEVEL_ORDER.length) return { check, unlisted };
  const diagnostics = check.diagnostics.filter((diagnostic) => {
    const level = levelOf(diagnostic);
    if (listed.includes(level)) return true;
    unlisted[level]++;
    return false;
  });
  return { check: { ...check, diagnostics }, unlisted };
}

/** The levels a report lists: for text, `show` and worse; JSON and SARIF list every finding. */
export function listedLevels(format: OutputFormat, show: ReportedLevel): readonly ReportedLevel[] {
  return format === 'text' ? LEVEL_ORDER.slice(0, LEVEL_ORDER.indexOf(show) + 1) : LEVEL_ORDER;
}

/** Adds `more` into `total`. */
function addCounts(total: LevelCounts, more: LevelCounts): void {
  for (const level of LEVEL_ORDER) total[level] += more[level];
}

export interface OutputContext {
  entries: number;
  seconds: number;
  colour: boolean;
  version: string;
  fixed: number;
  /** The text format lists findings at this level or worse and only counts the rest. */
  show: ReportedLevel;
}

const LEVEL_ORDER: readonly ReportedLevel[] = ['error', 'warning', 'information', 'hint'];
const COLOURS: Record<ReportedLevel, string> = { error: '31', warning: '33', information: '36', hint: '90' };
const SARIF_LEVELS: Record<ReportedLevel, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
const PLURALS: Record<ReportedLevel, [string, string]> = { error: ['error', 'errors'], warning: ['warning', 'warnings'], information: ['information', 'information'], hint: ['hint', 'hints'] };

const levelOf = (diagnostic: Diagnostic) => levelOfSeverity(diagnostic.severity);
const messageOf = (diagnostic: Diagnostic) => (typeof diagnostic.message === 'string' ? diagnostic.message : String(diagnostic.message));

const countOf = (count: number, level: ReportedLevel) => `${count.toLocaleString('en-US')} ${PLURALS[level][count === 1 ? 0 : 1]}`;

export function formatFindings(findings: Finding[], format: OutputFormat, context: OutputContext): string {
  return [...findingsOutput(findings, format, context)].join('');
}

/**
 * The findings of a report as it will print them: each finding written out (a text line, or a
 * pretty-printed JSON or SARIF item) the moment it is added, and counted. A large glossary has a
 * million findings; written out they take a fraction of the memory the Diagnostic objects took.
 */
export class WrittenFindings {
  readonly counts = noFindings();
  /** Every written finding, in the order added. */
  readonly items: string[] = [];
  private readonly listed: readonly ReportedLevel[];

  constructor(readonly format: OutputFormat, show: ReportedLevel, private readonly colour: boolean) {
    this.listed = listedLevels(format, show);
  }

  /** Counts the finding and writes it out; undefined for a finding the text report only counts. */
  write(finding: Finding): string | undefined {
    const level = levelOf(finding.diagnostic);
    this.counts[level]++;
    if (!this.listed.includes(level)) return undefined;
    switch (this.format) {
      case 'json':
        return JSON.stringify(jsonItem(finding), null, 2);
      case 'sarif':
        return JSON.stringify(sarifResult(finding), null, 2);
      default:
        return textLine(finding, this.colour);
    }
  }

  /** Findings counted elsewhere (keepListed) and not written. */
  addUnlisted(counts: LevelCounts): void {
    addCounts(this.counts, counts);
  }
}

/** `findings` in `format`, in pieces to write one after the other (see writtenOutput). */
export function* findingsOutput(findings: Finding[], format: OutputFormat, context: OutputContext): Generator<string> {
  const written = new WrittenFindings(format, context.show, context.colour);
  for (const finding of findings) {
    const item = written.write(finding);
    if (item !== undefined) written.items.push(item);
  }
  yield* writtenOutput(written, context);
}

/**
 * The report, in pieces: the JSON of a large glossary's findings is longer than the longest string
 * V8 makes (at 20,000 entries with dense links, ~600,000 findings: JSON.stringify failed with
 * "Invalid string length").
 */
export function* writtenOutput(written: WrittenFindings, context: OutputContext): Generator<string> {
  if (written.format === 'json') {
    yield* prettyJsonWithList({ version: context.version, summary: { entries: context.entries, ...written.counts, fixed: context.fixed }, findings: LIST_HOLE }, written.items);
  } else if (written.format === 'sarif') {
    yield* prettyJsonWithList(sarifDocument(context), written.items);
  } else {
    yield textReport(written, context);
  }
}

/** Stands for the one long list in prettyJsonWithList's document. */
const LIST_HOLE = ['\u0000list\u0000'];

/**
 * `JSON.stringify(document, null, 2)` followed by a newline, where `document` holds LIST_HOLE in
 * place of the list whose items are `items` (each already `JSON.stringify(item, null, 2)`): the text
 * around the list once, then each item. Strings in JSON carry no raw line breaks, so an item is
 * indented by indenting its lines.
 */
function* prettyJsonWithList(document: unknown, items: readonly string[]): Generator<string> {
  const text = JSON.stringify(document, null, 2);
  const hole = JSON.stringify(LIST_HOLE[0]);
  const at = text.indexOf(hole);
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const indent = text.slice(lineStart, at);
  if (items.length === 0) {
    // JSON.stringify writes an empty list as `[]`: the `[`, its line break and indentation go.
    const open = text.lastIndexOf('[', lineStart);
    const close = text.indexOf(']', at + hole.length);
    yield `${text.slice(0, open)}[]${text.slice(close + 1)}\n`;
    return;
  }
  yield text.slice(0, lineStart);
  let chunk = '';
  for (let i = 0; i < items.length; i++) {
    chunk += `${indent}${items[i].replace(/\n/g, `\n${indent}`)}${i < items.length - 1 ? ',\n' : ''}`;
    if (chunk.length >= 1 << 20) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}${text.slice(at + hole.length)}\n`;
}

/** A finding's line in the text report: `path:line:column  level  code  message`. */
function textLine({ path, diagnostic }: Finding, colour: boolean): string {
  const level = levelOf(diagnostic);
  const { line, character } = diagnostic.range.start;
  const shownLevel = colour ? `\x1b[${COLOURS[level]}m${level}\x1b[0m` : level;
  return `${path}:${line + 1}:${character + 1}  ${shownLevel}  ${diagnostic.code}  ${messageOf(diagnostic)}`;
}

/**
 * One line per finding at `context.show` or worse (errors and warnings by default), then a summary
 * that counts everything: a healthy glossary's hundreds of one-way hints are a number, not a page.
 */
function textReport(written: WrittenFindings, context: OutputContext): string {
  const total = written.counts;
  const shownLevels = listedLevels('text', context.show);
  const hidden = LEVEL_ORDER.filter((level) => !shownLevels.includes(level) && total[level] > 0);
  const summary = `${context.entries} ${context.entries === 1 ? 'entry' : 'entries'} checked in ${context.seconds.toFixed(2)} s: `
    + LEVEL_ORDER.map((level) => countOf(total[level], level)).join(', ')
    + (hidden.length ? ` (${hidden.map((level) => PLURALS[level][1]).join(' and ')} not listed: --show ${hidden[hidden.length - 1]} lists them)` : '')
    + (context.fixed ? `; ${context.fixed} fixes applied` : '') + '.';
  const lines = written.items;
  return `${lines.join('\n')}${lines.length ? '\n\n' : ''}${summary}\n`;
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
function sarifDocument(context: OutputContext) {
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
