/**
 * At 500 entries and more the CLI indexes and checks on worker threads (dist/analysisWorker.js).
 * Its findings must be exactly those of the language service run in one thread over the same
 * files: same files, ranges, codes and messages, in the same order.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { URI } from 'vscode-uri';
import { loadBundledIconSet } from '../../server/src/bundledIconSets';
import { GlossaryService } from '../../server/src/core/glossaryService';
import { LoadedIconSets } from '../../server/src/core/icons';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { NodeWorkspace } from '../../server/src/nodeWorkspace';
import { parseTextOutput, REPO_ROOT, removeDir, runCli, tempDir, type JsonReport } from './support';

type Generate = (dir: string, count: number, seed?: number) => unknown;

let dir: string | undefined;
after(() => removeDir(dir));

test('1,200 generated entries: the threaded CLI reports exactly what the single-threaded service finds', async () => {
  dir = tempDir('glossary-cli-parallel-');
  const { generateGlossary } = (await import(pathToFileURL(join(REPO_ROOT, 'bench', 'generateGlossary.mjs')).href)) as { generateGlossary: Generate };
  generateGlossary(dir, 1_200, 3);
  // One misspelt icon: the workers must check icons as the main thread does.
  const misspelt = join(dir, 'content', 'glossary', readdirSync(join(dir, 'content', 'glossary')).sort()[0]);
  writeFileSync(misspelt, readFileSync(misspelt, 'utf8').replace(/^logoIcon: .*$/m, "logoIcon: 'i-lucide-layres'"));
  // A guide beside the glossary, named rightly and wrongly by three entries: the workers read the other sections' pages too.
  mkdirSync(join(dir, 'content', 'guides'));
  writeFileSync(join(dir, 'content', 'guides', 'setup.md'), '---\ntitle: Setup\n---\nInstall it.\n');
  for (const name of readdirSync(join(dir, 'content', 'glossary')).sort().slice(1, 4)) {
    writeFileSync(join(dir, 'content', 'glossary', name), `${readFileSync(join(dir, 'content', 'glossary', name), 'utf8')}\nSee [setup](/guides/setup/) and [the other](../guides/setpu.md).\n`);
  }

  // A diagram that does not parse, between the findings of an entry: its finding goes in its place.
  const withDiagram = join(dir, 'content', 'glossary', readdirSync(join(dir, 'content', 'glossary')).sort()[600]);
  const lines = readFileSync(withDiagram, 'utf8').split('\n');
  lines.splice(lines.length - 3, 0, '', '```mermaid', 'graph TD', '  A --> ', '```', '', 'See [the missing entry](/glossary/no-such-entry-here).');
  writeFileSync(withDiagram, lines.join('\n'));

  const result = await runCli(['check', '.', '--format', 'json', '--fail-on', 'none', '--show', 'hint'], { cwd: dir, timeoutMs: 120_000 });
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as JsonReport;
  assert.equal(report.summary.entries, 1_200);

  const icons = new LoadedIconSets(loadBundledIconSet);
  await icons.ready(DEFAULT_SETTINGS.iconPrefixes);
  const service = new GlossaryService(new NodeWorkspace([URI.file(dir).toString()]), DEFAULT_SETTINGS, undefined, icons);
  await service.indexWorkspace();
  const expected: string[] = [];
  for (const uri of service.entryUris().sort()) {
    const file = relative(dir, URI.parse(uri).fsPath);
    for (const d of (await service.checkFile(uri))?.diagnostics ?? []) {
      expected.push([file, d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1, d.range.end.character + 1, d.code, d.message].join(' | '));
    }
  }
  const got = report.findings.filter((f) => f.code !== 'mermaid-syntax').map((f) => [f.file, f.line, f.column, f.endLine, f.endColumn, f.code, f.message].join(' | '));
  assert.ok(expected.length > 1_000, `the generated glossary has findings to compare (${expected.length})`);
  assert.deepEqual(got, expected);
  assert.equal(report.findings.filter((f) => f.code === 'unknown-icon').length, 1);
  const diagramFile = relative(dir, withDiagram);
  const ofDiagramFile = report.findings.filter((f) => f.file === diagramFile);
  const diagram = ofDiagramFile.findIndex((f) => f.code === 'mermaid-syntax');
  assert.ok(diagram > 0 && diagram < ofDiagramFile.length - 1, `the diagram's finding among the file's others: ${ofDiagramFile.map((f) => `${f.line} ${f.code}`).join(', ')}`);
  assert.ok(ofDiagramFile.every((f, i) => i === 0 || f.line > ofDiagramFile[i - 1].line || (f.line === ofDiagramFile[i - 1].line && f.column >= ofDiagramFile[i - 1].column)), 'in the order of the file');
  assert.equal(report.findings.filter((f) => f.code === 'mermaid-syntax').length, 1);
  assert.deepEqual(report.findings.filter((f) => f.code === 'unknown-page').map((f) => f.message), Array(3).fill("No page of the site is at 'guides/setpu'. Did you mean 'guides/setup'?"));
});

test('1,200 generated entries: checking errors and warnings only (the default) finds the same errors and warnings as checking everything', async () => {
  assert.ok(dir, 'runs after the JSON test made the glossary');
  const everything = JSON.parse((await runCli(['check', '.', '--format', 'json', '--fail-on', 'none', '--show', 'hint'], { cwd: dir, timeoutMs: 120_000 })).stdout) as JsonReport;
  const severe = everything.findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
  assert.ok(severe.length > 0 && everything.summary.hint! > 1_000, `errors and warnings ${severe.length}, hints ${everything.summary.hint}`);

  const json = JSON.parse((await runCli(['check', '.', '--format', 'json', '--fail-on', 'none'], { cwd: dir, timeoutMs: 120_000 })).stdout) as JsonReport;
  assert.deepEqual(json.findings, severe);
  assert.deepEqual(json.summary, { ...everything.summary, information: null, hint: null });

  const text = await runCli(['check', '.'], { cwd: dir, timeoutMs: 120_000 });
  const { findings: listed, summary } = parseTextOutput(text.stdout);
  assert.deepEqual(listed, severe.map((f) => `${f.file}:${f.line}:${f.column}  ${f.severity}  ${f.code}  ${f.message}`));
  const count = (n: number | null) => n!.toLocaleString('en-US');
  assert.match(summary, new RegExp(`: ${count(json.summary.error)} errors, ${count(json.summary.warning)} warnings; information and hints not checked \\(`));
  assert.equal(text.code, 1);

  // Failing on hints checks them, and counts those it does not list.
  const failingOnHints = await runCli(['check', '.', '--show', 'error', '--fail-on', 'hint'], { cwd: dir, timeoutMs: 120_000 });
  assert.equal(failingOnHints.code, 1);
  assert.match(parseTextOutput(failingOnHints.stdout).summary, new RegExp(`, ${count(everything.summary.information)} information, ${count(everything.summary.hint)} hints \\(warnings and (information and )?hints not listed`));
});

test('a reader that stops early (`check | head`): the run ends at once, quietly, with the status of a broken pipe', async () => {
  assert.ok(dir, 'runs after the JSON test made the glossary');
  const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'check', '.', '--format', 'json', '--show', 'hint'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // The report is megabytes long: the reader takes its first piece and goes.
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 141, stderr);
  assert.doesNotMatch(stderr, /EPIPE|Error|at /, 'no stack trace');
});
