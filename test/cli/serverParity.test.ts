/**
 * The configuration file is honoured identically by the CLI and the language server: for the
 * example glossaries that depend on glossary.config.json (related paths, slug and title fields,
 * Hugo keys), the CLI's `--format json` findings equal the diagnostics the real server
 * (`dist/server.js --stdio`, driven by test/server/lspClient.ts) publishes for each opened entry;
 * and a broken configuration is reported at the same places by both.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import fg from 'fast-glob';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { LspTestClient, messageOf } from '../server/lspClient';
import { copyExample, EXAMPLES as EXAMPLES_DIR, readText, removeDir, runCli, tempDir, writeFile, type JsonReport } from './support';

const SEVERITY_NAMES = ['', 'error', 'warning', 'information', 'hint'];

/** A finding in one comparable shape: workspace-relative path with `/`, 1-based positions. */
type Row = [file: string, line: number, column: number, endLine: number, endColumn: number, code: string, severity: string, message: string];

/** The URI of the configuration file of a client's workspace. */
const configUri = (client: LspTestClient) => URI.file(join(client.workspaceDir, 'glossary.config.json')).toString();

const sortRows = (rows: Row[]) => [...rows].sort((a, b) => (a.join('\u0000') < b.join('\u0000') ? -1 : 1));

function rowOf(file: string, diagnostic: Diagnostic): Row {
  const { start, end } = diagnostic.range;
  return [file, start.line + 1, start.character + 1, end.line + 1, end.character + 1, String(diagnostic.code), SEVERITY_NAMES[diagnostic.severity ?? 1], messageOf(diagnostic)];
}

/** The entry files of a workspace as its configuration selects them, relative, with `/`. */
function entryFiles(dir: string): string[] {
  const configFile = join(dir, 'glossary.config.json');
  const config = (existsSync(configFile) ? JSON.parse(readText(configFile)) : {}) as { include?: string[]; exclude?: string[] };
  return fg.sync(config.include ?? DEFAULT_SETTINGS.include, { cwd: dir, ignore: config.exclude ?? DEFAULT_SETTINGS.exclude, dot: true }).sort();
}

/** Each example, with findings both must have (so that agreeing is not agreeing on nothing). */
const EXAMPLES: { name: string; findings: [file: string, code: string][]; only: boolean; nonEntries: string[] }[] = [
  // checkpoint.md also has a diagram that does not parse: mermaid-syntax must agree too.
  { name: 'paths-glossary', findings: [['content/glossary/checkpoint.md', 'unknown-slug'], ['content/glossary/checkpoint.md', 'mermaid-syntax']], only: true, nonEntries: ['content/guides/setup.md'] },
  { name: 'hugo-glossary', findings: [['content/terms/06-batch-norm.md', 'unknown-slug']], only: true, nonEntries: ['content/terms/_index.md'] },
  // Pages of four other sections, named in every form; the section pages (_index.md) are no entries.
  { name: 'hugo-site', findings: Array.from({ length: 5 }, () => ['content/glossary/fine-tuning.md', 'unknown-page'] as [string, string]), only: true, nonEntries: ['content/guides/_index.md', 'content/guides/building-a-rag-pipeline.md', 'content/patterns/few-shot-prompting/index.md'] },
  // Two language folders, two glossaries: an English slug is unknown in French; one slug twice in English.
  { name: 'multilingual-site', findings: [['content/en/glossary/archive/embeddings.md', 'duplicate-slug'], ['content/en/glossary/embeddings.md', 'duplicate-slug'], ['content/fr/glossary/fine-tuning.md', 'unknown-slug']], only: true, nonEntries: [] },
  { name: 'glossary', findings: [['content/glossary/tokenization.md', 'unknown-slug'], ['content/glossary/foundation-model.md', 'frontmatter-misplaced'], ['content/glossary/overfitting.md', 'yaml-syntax']], only: false, nonEntries: [] },
];

for (const { name, findings, only, nonEntries } of EXAMPLES) {
  describe(`examples/${name}: the CLI and the language server agree`, () => {
    let cliDir: string;
    let client: LspTestClient | undefined;
    let cliRows: Row[];
    let entries: string[];

    before(async () => {
      cliDir = copyExample(name);
      const result = await runCli(['check', '.', '--format', 'json', '--fail-on', 'none', '--show', 'hint'], { cwd: cliDir });
      assert.equal(result.code, 0, result.stderr);
      const report = JSON.parse(result.stdout) as JsonReport;
      cliRows = report.findings.map((f) => [f.file.split(/[\\/]/).join('/'), f.line, f.column, f.endLine, f.endColumn, f.code, f.severity, f.message]);
      entries = entryFiles(cliDir);
      assert.equal(entries.length, report.summary.entries, `the CLI checked ${report.summary.entries} entries, the globs select ${entries.join(', ')}`);
      client = await LspTestClient.start({ workspaceDir: copyExample(name) });
    });
    after(async () => {
      await client?.dispose();
      removeDir(cliDir);
    });

    // Only the examples with a configuration file have one to accept (examples/glossary uses the defaults).
    if (existsSync(join(EXAMPLES_DIR, name, 'glossary.config.json'))) test('the server accepts the configuration (empty diagnostics for glossary.config.json)', async () => {
      const uri = configUri(client!);
      assert.deepEqual(await client!.waitForDiagnostics(uri), []);
    });

    test('same (file, line, column, range, code, severity, message) for every entry opened', async () => {
      // Files that are not entries are opened first: the server must publish nothing for them.
      for (const file of nonEntries) await client!.open(file);
      const serverRows: Row[] = [];
      for (const file of entries) {
        const uri = await client!.open(file);
        // The server publishes at once, then again when the Mermaid worker has parsed the diagrams:
        // for a file where the CLI found a mermaid-syntax error, the publication to compare is the later one.
        const awaitsMermaid = cliRows.some((row) => row[0] === file && row[5] === 'mermaid-syntax');
        const published = await client!.waitForDiagnostics(uri, (d) => !awaitsMermaid || d.some((x) => x.code === 'mermaid-syntax'), 30_000);
        for (const diagnostic of published) serverRows.push(rowOf(file, diagnostic));
      }
      assert.deepEqual(sortRows(serverRows), sortRows(cliRows));
      for (const file of nonEntries) assert.equal(client!.published.get(client!.uri(file)), undefined, `${file} got diagnostics`);
    });

    test(`and both find the known broken ${only ? 'entry, and only it' : 'entries'} (the comparison is not vacuous)`, () => {
      const found = cliRows.map((row) => [row[0], row[5]]);
      if (only) assert.deepEqual(found, findings);
      else for (const finding of findings) assert.ok(found.some((row) => row[0] === finding[0] && row[1] === finding[1]), `${finding.join(' ')} is not among ${JSON.stringify(found)}`);
    });
  });
}

describe('a broken glossary.config.json: the CLI and the server report the same problems at the same places', () => {
  let dir: string;
  let client: LspTestClient | undefined;
  const config = [
    '{',
    '  "relatedPrefx": "glossary/",',
    '  "maxFileSize": "8 MB",',
    '  "severity": {',
    '    "unknown-slg": "off",',
    '    "self-related": "loud"',
    '  }',
    '}',
    '',
  ].join('\n');

  before(() => {
    dir = tempDir();
    writeFile(join(dir, 'glossary.config.json'), config);
    writeFile(join(dir, 'content', 'glossary', 'alpha.md'), "---\ntitle: Alpha\ndescription: 'An entry in a workspace whose configuration file has several problems.'\ncategory: Test\n---\nBody.\n");
  });
  after(async () => {
    await client?.dispose();
    removeDir(dir);
  });

  test('stderr lines of the CLI = config diagnostics of the server', async () => {
    const result = await runCli(['check', '.'], { cwd: dir });
    assert.equal(result.code, 2);
    const cliLines = result.stderr.split('\n').filter((line) => line.startsWith('glossary.config.json:'));
    assert.equal(cliLines.length, 4, result.stderr);

    const serverDir = tempDir();
    writeFile(join(serverDir, 'glossary.config.json'), config);
    writeFile(join(serverDir, 'content', 'glossary', 'alpha.md'), readText(join(dir, 'content', 'glossary', 'alpha.md')));
    client = await LspTestClient.start({ workspaceDir: serverDir });
    const diagnostics = await client.waitForDiagnostics(configUri(client), (d) => d.length > 0);
    const serverLines = diagnostics.map((d) => `glossary.config.json:${d.range.start.line + 1}:${d.range.start.character + 1}  error  config  ${messageOf(d)}`);
    assert.deepEqual(serverLines, cliLines);
    for (const d of diagnostics) assert.equal(d.code, 'config');
  });
});
