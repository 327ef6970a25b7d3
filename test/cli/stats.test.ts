/**
 * The glossary's figures (`glossary-author stats`, the server's `glossary/stats`, the overview):
 * on every example glossary the CLI's JSON equals the real server's answer (URIs made relative to
 * each one's copy), and the broken references and one-way relations it counts are exactly the
 * `unknown-slug`, `unknown-link`, `self-related` and `one-way-relation` findings of `check`.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import fg from 'fast-glob';
import { after, describe, test } from 'node:test';
import { URI } from 'vscode-uri';
import { BROKEN_KINDS, GLOSSARY_STATS_REQUEST, type GlossaryStats } from '../../server/src/core/features/stats';
import { LspTestClient } from '../server/lspClient';
import { copyExample, EXAMPLES, removeDir, runCli, type JsonReport } from './support';

/** The stats with every URI replaced by its path relative to `root`, with `/`. */
function relativeTo(root: string, stats: GlossaryStats): GlossaryStats {
  return JSON.parse(JSON.stringify(stats), (key, value: unknown) => (key === 'uri' && typeof value === 'string' ? relative(root, URI.parse(value).fsPath).split(/[\\/]/).join('/') : value)) as GlossaryStats;
}

const examples = readdirSync(EXAMPLES, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();

test('every example glossary is covered', () => {
  assert.ok(examples.length >= 5, examples.join(', '));
});

for (const name of examples) {
  describe(`examples/${name}: stats`, () => {
    const dirs: string[] = [];
    let client: LspTestClient | undefined;
    after(async () => {
      await client?.dispose();
      for (const dir of dirs) removeDir(dir);
    });

    test('the CLI\'s JSON equals the server\'s glossary/stats answer, and its counts are check\'s findings', async () => {
      const cliDir = copyExample(name);
      dirs.push(cliDir);
      const result = await runCli(['stats', '.', '--format', 'json'], { cwd: cliDir });
      assert.equal(result.code, 0, result.stderr);
      // One glossary: its figures. Several (language folders): an array of each glossary's figures, with its folder.
      const parsed = JSON.parse(result.stdout) as GlossaryStats | (GlossaryStats & { glossary: string; language?: string })[];
      const each = Array.isArray(parsed) ? parsed : [{ ...parsed, glossary: '.' }];
      assert.equal(Array.isArray(parsed), name === 'multilingual-site', 'only the multilingual example has several glossaries');

      const serverDir = copyExample(name);
      dirs.push(serverDir);
      // Asked at once: the server answers from the first complete index, never a partial one.
      client = await LspTestClient.start({ workspaceDir: serverDir });
      const allCli: GlossaryStats[] = [];
      for (const { glossary, language, ...stats } of each) {
        const fromCli = relativeTo(cliDir, stats as GlossaryStats);
        allCli.push(fromCli);
        assert.ok(fromCli.entries > 0);
        assert.equal(fromCli.inbound.reduce((sum, bucket) => sum + bucket.entries, 0), fromCli.entries);
        assert.equal(fromCli.categories.reduce((sum, category) => sum + category.count, 0), fromCli.entries);
        assert.equal(language === undefined, !Array.isArray(parsed), glossary);
        // The server's figures of the glossary a file of it is in (the first entry file under its folder).
        const entry = Array.isArray(parsed) ? fg.sync('**/glossary/**/*.md', { cwd: join(serverDir, glossary) })[0] : undefined;
        const fromServer: GlossaryStats | null = await client.request<GlossaryStats | null>(GLOSSARY_STATS_REQUEST, entry ? { uri: URI.file(join(serverDir, glossary, entry)).toString() } : {}, 30_000);
        assert.ok(fromServer);
        assert.deepEqual(relativeTo(serverDir, fromServer), fromCli);
      }
      const fromCli = { broken: BROKEN_KINDS.map((kind) => ({ kind, references: allCli.flatMap((stats) => stats.broken.find((b) => b.kind === kind)!.references) })), oneWayRelations: allCli.flatMap((stats) => stats.oneWayRelations) };

      const check = await runCli(['check', '.', '--format', 'json', '--fail-on', 'none', '--show', 'hint'], { cwd: cliDir });
      const findings = (JSON.parse(check.stdout) as JsonReport).findings;
      // By line: a finding covers the whole `related` item, the figure points at the slug in it (`glossary/x` → `x`).
      const placesOf = (code: string) => findings.filter((f) => f.code === code).map((f) => `${f.file.split(/[\\/]/).join('/')}:${f.line}`).sort();
      const placesIn = (references: GlossaryStats['oneWayRelations']) => references.map((r) => `${r.entry.uri}:${r.range.start.line + 1}`).sort();
      for (const kind of BROKEN_KINDS) {
        assert.deepEqual(placesIn(fromCli.broken.find((b) => b.kind === kind)!.references), placesOf(kind), kind);
      }
      assert.deepEqual(placesIn(fromCli.oneWayRelations), placesOf('one-way-relation'));
    });
  });
}

test('stats in text: short, with the figures; check-only options are refused', async () => {
  const dir = copyExample('glossary');
  try {
    const text = await runCli(['stats', '.'], { cwd: dir });
    assert.equal(text.code, 0, text.stderr);
    const stats = relativeTo(dir, JSON.parse((await runCli(['stats', '.', '--format', 'json'], { cwd: dir })).stdout) as GlossaryStats);
    assert.match(text.stdout, new RegExp(`^${stats.entries} entries in \\d+ categories$`, 'm'));
    assert.match(text.stdout, new RegExp(`^One-way relations \\(${stats.oneWayRelations.length}\\)`, 'm'));
    assert.match(text.stdout, /^ {2}unknown-slug: content\/glossary\/foundation-model\.md:\d+ → model-architecture/m);
    assert.ok(text.stdout.split('\n').length < 20);
    for (const args of [['stats', '--fix'], ['stats', '--format', 'sarif'], ['stats', '--fail-on', 'error']]) {
      const refused = await runCli(args, { cwd: dir });
      assert.equal(refused.code, 2, args.join(' '));
    }
  } finally {
    removeDir(dir);
  }
});
