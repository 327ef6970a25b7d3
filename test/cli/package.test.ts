/**
 * The CLI as CI gets it: `npm pack` of this package, installed with npm into an empty project (no
 * registry needed: everything the CLI runs is bundled), then `npx glossary-author check` on an
 * example glossary, SARIF out, Mermaid diagrams checked by the installed worker.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { copyExample, REPO_ROOT, removeDir, tempDir } from './support';

/** npm sets npm_* variables for the scripts it runs; a nested npm must not inherit the outer project's. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key) && key !== 'INIT_CWD') env[key] = value;
  return env;
}

describe('the packed npm package', () => {
  let packDir: string;
  let project: string;
  let glossary: string;
  before(() => {
    packDir = tempDir('glossary-pack-');
    execFileSync('npm', ['pack', '--pack-destination', packDir, '--silent'], { cwd: REPO_ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const [tarball] = readdirSync(packDir).filter((name) => name.endsWith('.tgz'));
    project = tempDir('glossary-ci-');
    writeFileSync(join(project, 'package.json'), '{ "name": "a-glossary-site", "private": true }\n');
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', join(packDir, tarball)], { cwd: project, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    glossary = copyExample('paths-glossary');
  });
  after(() => {
    for (const dir of [packDir, project, glossary]) removeDir(dir);
  });

  test('holds the CLI, the server and their workers, and no source or test', () => {
    const installed = join(project, 'node_modules', 'glossary-author');
    assert.deepEqual(readdirSync(join(installed, 'dist')).sort(), ['analysisWorker.js', 'cli.js', 'mermaidWorker.js', 'server.js']);
    // In ASCII alone (scripts/asciiOutput.mjs): V8 keeps each script's source, at two bytes a character otherwise.
    for (const bundle of ['analysisWorker.js', 'cli.js', 'mermaidWorker.js', 'server.js']) assert.match(readFileSync(join(installed, 'dist', bundle), 'latin1'), /^[\x00-\x7f]*$/, bundle);
    for (const absent of ['server', 'client', 'test', 'bench', 'examples', 'node_modules']) assert.equal(existsSync(join(installed, absent)), false, absent);
  });

  test('npx glossary-author check reports the example\'s findings as SARIF, Mermaid included', () => {
    const run = spawnSync('npx', ['--no-install', 'glossary-author', 'check', glossary, '--format', 'sarif'], { cwd: project, env: cleanEnv(), encoding: 'utf8' });
    assert.equal(run.status, 1, run.stderr);
    assert.equal(run.stderr, '');
    const sarif = JSON.parse(run.stdout) as { runs: { results: { ruleId: string }[]; tool: { driver: { rules: { id: string; helpUri: string }[] } } }[] };
    assert.deepEqual(sarif.runs[0].results.map((result) => result.ruleId).sort(), ['mermaid-syntax', 'unknown-slug']);
    assert.ok(sarif.runs[0].tool.driver.rules.every((rule) => rule.helpUri.endsWith(`#${rule.id}`)));
  });

  test('the language server starts from the package (glossary-language-server --version)', () => {
    const run = spawnSync('npx', ['--no-install', 'glossary-language-server', '--version'], { cwd: project, env: cleanEnv(), encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^glossary-language-server \d+\.\d+\.\d+\n$/);
  });
});
