/**
 * Entry point of the layout suites (the `extensionTestsPath` of the runs on other workspaces): the
 * runner opens one workspace per run, and the folder's name says which suite is about it.
 */
import { join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

const SUITES: Record<string, string> = {
  'hugo-glossary': 'hugo.test.js',
  'plain-markdown': 'plain.test.js',
};

export function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.name ?? '';
  const file = SUITES[folder];
  if (!file) return Promise.reject(new Error(`No layout suite is about a workspace named '${folder}' (known: ${Object.keys(SUITES).join(', ')}).`));
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000 });
  mocha.addFile(join(__dirname, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const stats = runner.stats ?? { passes: 0, failures, pending: 0 };
      console.log(`e2e: ${stats.passes} passed, ${stats.failures} failed${stats.pending ? `, ${stats.pending} skipped` : ''}`);
      if (failures > 0) reject(new Error(`${failures} e2e test(s) failed.`));
      else if (stats.passes === 0) reject(new Error('No e2e test ran.'));
      else resolve();
    });
  });
}
