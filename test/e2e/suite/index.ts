/**
 * Entry point of the e2e suite inside the extension host (the `extensionTestsPath`): the standard
 * `run()` of VS Code extension tests, so the same built suite runs under @vscode/test-electron
 * (test/e2e/runDesktop.mjs) and under code-server offline (test/e2e/runOffline.mjs).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    // The output goes through the extension host's console to a log, not to a terminal.
    color: false,
    timeout: 60_000,
    grep: process.env.GLOSSARY_E2E_GREP || undefined,
  });
  const files = readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort();
  for (const file of files) mocha.addFile(join(__dirname, file));

  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const stats = runner.stats ?? { passes: 0, failures, pending: 0 };
        // One plain closing line that CI can read, whatever the reporter printed above it.
        console.log(`e2e: ${stats.passes} passed, ${stats.failures} failed${stats.pending ? `, ${stats.pending} skipped` : ''}`);
        if (failures > 0) reject(new Error(`${failures} e2e test(s) failed.`));
        else if (stats.passes === 0) reject(new Error('No e2e test ran (check GLOSSARY_E2E_GREP).'));
        else resolve();
      });
    } catch (error) {
      console.error(error);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
