import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { DIAGNOSTIC_CODES, isDiagnosticCode } from './core/settings';

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface Finding {
  /** Relative to the current folder, with the platform's separators. */
  path: string;
  diagnostic: Diagnostic;
}

export interface OutputContext {
  entries: number;
  seconds: number;
  colour: boolean;
  version: string;
  fixed: number;
}

const NAMES: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};
const COLOURS: Record<number, string> = { 1: '31', 2: '33', 3: '36', 4: '90' };
const SARIF_LEVELS: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'note', 4: 'note' };

const severityOf = (diagnostic: Diagnostic) => diagnostic.severity ?? DiagnosticSeverity.Error;
const messageOf = (diagnostic: Diagnostic) => (typeof diagnostic.message === 'string' ? diagnostic.message : String(diagnostic.message));

function counts(findings: Finding[]): Record<string, number> {
  const result: Record<string, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const finding of findings) result[NAMES[severityOf(finding.diagnostic)]]++;
  return result;
}

export function formatFindings(findings: Finding[], format: OutputFormat, context: OutputContext): string {
  if (format === 'json') return `${JSON.stringify(toJson(findings, context), null, 2)}\n`;
  if (format === 'sarif') return `${JSON.stringify(toSarif(findings, context), null, 2)}\n`;
  return toText(findings, context);
}

function toText(findings: Finding[], context: OutputContext): string {
  const paint = (code: string, text: string) => (context.colour ? `\x1b[${code}m${text}\x1b[0m` : text);
  const lines = findings.map(({ path, diagnostic }) => {
    const severity = severityOf(diagnostic);
    const { line, character } = diagnostic.range.start;
    return `${path}:${line + 1}:${character + 1}  ${paint(COLOURS[severity], NAMES[severity])}  ${diagnostic.code}  ${messageOf(diagnostic)}`;
  });
  const total = counts(findings);
  const summary = `${context.entries} ${context.entries === 1 ? 'entry' : 'entries'} checked in ${context.seconds.toFixed(2)} s: `
    + `${total.error} errors, ${total.warning} warnings, ${total.information} information, ${total.hint} hints`
    + (context.fixed ? `; ${context.fixed} fixes applied` : '') + '.';
  return `${lines.join('\n')}${lines.length ? '\n\n' : ''}${summary}\n`;
}

function toJson(findings: Finding[], context: OutputContext) {
  return {
    version: context.version,
    summary: { entries: context.entries, ...counts(findings), fixed: context.fixed },
    findings: findings.map(({ path, diagnostic }) => ({
      file: path,
      line: diagnostic.range.start.line + 1,
      column: diagnostic.range.start.character + 1,
      endLine: diagnostic.range.end.line + 1,
      endColumn: diagnostic.range.end.character + 1,
      severity: NAMES[severityOf(diagnostic)],
      code: diagnostic.code,
      message: messageOf(diagnostic),
      ...(diagnostic.data === undefined ? {} : { data: diagnostic.data }),
    })),
  };
}

/** SARIF 2.1.0, so that code-scanning pages show the findings on the lines they concern. */
function toSarif(findings: Finding[], context: OutputContext) {
  const rules = Object.entries(DIAGNOSTIC_CODES).map(([id, info]) => ({
    id,
    shortDescription: { text: info.summary },
    defaultConfiguration: { level: SARIF_LEVELS[{ error: 1, warning: 2, information: 3, hint: 4 }[info.severity]] },
  }));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'glossary-author', version: context.version, informationUri: 'https://github.com/glossary-author/glossary-author', rules } },
      columnKind: 'utf16CodeUnits',
      results: findings.map(({ path, diagnostic }) => ({
        ruleId: String(diagnostic.code),
        ...(typeof diagnostic.code === 'string' && isDiagnosticCode(diagnostic.code) ? { ruleIndex: ruleIndex.get(diagnostic.code) } : {}),
        level: SARIF_LEVELS[severityOf(diagnostic)],
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
      })),
    }],
  };
}
