/**
 * The core (server/src/core) must run unchanged in Node and in a browser web worker. Two checks
 * hold it there: its tsconfig.json knows neither Node's nor the DOM's declarations, and ESLint
 * forbids platform, editor and connection imports in it. These tests give each check code that
 * breaks the rule and see it caught, so that loosening either one fails here.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ESLint } from 'eslint';
import { REPO_ROOT } from './support';

/** The rule ids ESLint reports for `code` as if it were the file at `path` (relative to the repository). */
async function lintRules(code: string, path: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const [result] = await eslint.lintText(code, { filePath: join(REPO_ROOT, path) });
  return result.messages.map((message) => message.ruleId ?? `fatal: ${message.message}`);
}

describe('the core stays platform-free', () => {
  test('the core type check knows no Node and no DOM', () => {
    const dir = mkdtempSync(join(tmpdir(), 'glossary-purity-'));
    try {
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: join(REPO_ROOT, 'server/src/core/tsconfig.json'), files: ['probe.ts'] }));
      writeFileSync(join(dir, 'probe.ts'), [
        'export const fromNode = process.env.HOME;',
        'export const fromTheDom = document.title;',
        'export const nodeOnlyTimer = setImmediate;',
        'export const portable = new Map<string, number>([["a", 1]]).size;',
      ].join('\n'));
      const run = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/@typescript/native/bin/tsc'), '-p', dir], { encoding: 'utf8' });
      const failingLines = new Set([...run.stdout.matchAll(/probe\.ts\((\d+),\d+\): error TS\d+/g)].map((match) => Number(match[1])));
      assert.deepEqual([...failingLines].sort(), [1, 2, 3], run.stdout + run.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('ESLint refuses Node built-ins, the editor and the LSP connection in the core, and nowhere else', async () => {
    const forbidden: [statement: string, imported: string][] = [
      ["import { readFileSync } from 'node:fs';", 'readFileSync'],
      ["import { join } from 'path';", 'join'],
      ["import { Worker } from 'worker_threads';", 'Worker'],
      ["import * as vscode from 'vscode';", 'vscode'],
      ["import { createConnection } from 'vscode-languageserver/node';", 'createConnection'],
      ["import { TextDocuments } from 'vscode-languageserver';", 'TextDocuments'],
    ];
    for (const [statement, imported] of forbidden) {
      const code = `${statement}\nexport const used = ${imported};\n`;
      assert.deepEqual(await lintRules(code, 'server/src/core/features/probe.ts'), ['no-restricted-imports'], statement);
      assert.deepEqual(await lintRules(code, 'server/src/probe.ts'), [], `${statement} in a front`);
    }
    assert.deepEqual(await lintRules("import type { Range } from 'vscode-languageserver-types';\nexport type Used = Range;\n", 'server/src/core/probe.ts'), []);
    assert.deepEqual(await lintRules('export const home = process.env.HOME;\n', 'server/src/core/probe.ts'), ['no-restricted-globals']);
  });
});
