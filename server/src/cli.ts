#!/usr/bin/env node
import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { URI } from 'vscode-uri';
import { GlossaryService } from './core/glossaryService';
import { DEFAULT_SETTINGS } from './core/settings';
import { NodeWorkspace } from './nodeWorkspace';

const USAGE = `Usage: glossary-author check [folder…] [--max-severity error|warning|information|hint]

Checks every glossary entry under each folder (default: the current folder) and prints
file:line:col  severity  code  message for each finding.
Exit codes: 0 no finding at or above --max-severity (default: warning), 1 findings, 2 usage error.`;

const SEVERITY_NAMES: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};
const THRESHOLDS: Record<string, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function fail(message: string): never {
  process.stderr.write(`glossary-author: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'check') fail(`unknown command '${command}'`);
  const folders: string[] = [];
  let threshold: DiagnosticSeverity = DiagnosticSeverity.Warning;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--max-severity' || arg === '--fail-on') {
      const level = THRESHOLDS[rest[++i] ?? ''];
      if (!level) fail(`${arg} takes one of ${Object.keys(THRESHOLDS).join(', ')}`);
      threshold = level;
    } else if (arg.startsWith('-')) fail(`unknown option '${arg}'`);
    else folders.push(arg);
  }
  if (folders.length === 0) folders.push('.');
  for (const folder of folders) {
    if (!existsSync(folder) || !statSync(folder).isDirectory()) fail(`'${folder}' is not a folder`);
  }

  const workspace = new NodeWorkspace(folders.map((folder) => URI.file(resolve(folder)).toString()));
  const service = new GlossaryService(workspace, DEFAULT_SETTINGS, { log: (message) => process.stderr.write(`${message}\n`) });
  const report = await service.indexWorkspace();
  const colour = process.stdout.isTTY && !process.env.NO_COLOR;
  const paint = (code: string, text: string) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
  const counts = new Map<number, number>();
  let failing = 0;
  const uris = [...service.index.entries()].map((entry) => entry.uri).sort();
  for (const uri of uris) {
    const diagnostics: Diagnostic[] = (await service.diagnosticsForFile(uri)) ?? [];
    const path = relative(process.cwd(), URI.parse(uri).fsPath);
    for (const diagnostic of diagnostics) {
      const severity = diagnostic.severity ?? DiagnosticSeverity.Error;
      counts.set(severity, (counts.get(severity) ?? 0) + 1);
      if (severity <= threshold) failing++;
      const name = SEVERITY_NAMES[severity];
      const painted = severity === DiagnosticSeverity.Error ? paint('31', name) : severity === DiagnosticSeverity.Warning ? paint('33', name) : paint('36', name);
      process.stdout.write(`${path}:${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}  ${painted}  ${diagnostic.code}  ${diagnostic.message}\n`);
    }
  }
  const summary = [DiagnosticSeverity.Error, DiagnosticSeverity.Warning, DiagnosticSeverity.Information, DiagnosticSeverity.Hint]
    .map((severity) => `${counts.get(severity) ?? 0} ${SEVERITY_NAMES[severity]}`)
    .join(', ');
  process.stdout.write(`\n${report.indexed} entries checked in ${(report.milliseconds / 1000).toFixed(2)} s: ${summary}.\n`);
  return failing > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`glossary-author: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(2);
  },
);
