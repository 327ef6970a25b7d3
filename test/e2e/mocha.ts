/**
 * Runs Mocha test files inside the extension host, as the `run()` of a suite's index.ts: one plain
 * closing line (`e2e: N passed, N failed`) that the runner reads, whatever the reporter printed.
 */
import Mocha from 'mocha';

export function runMochaFiles(files: readonly string[], grep?: string): Promise<void> {
  // The output goes through the extension host's console to a log, not to a terminal.
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, grep: grep || undefined });
  for (const file of files) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const stats = runner.stats ?? { passes: 0, failures, pending: 0 };
        console.log(`e2e: ${stats.passes} passed, ${stats.failures} failed${stats.pending ? `, ${stats.pending} skipped` : ''}`);
        if (failures > 0) reject(new Error(`${failures} e2e test(s) failed.`));
        else if (stats.passes === 0) reject(new Error(`No e2e test ran${grep ? ' (check GLOSSARY_E2E_GREP)' : ''}.`));
        else resolve();
      });
    } catch (error) {
      console.error(error);
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
