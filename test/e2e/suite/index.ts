/**
 * Entry point of the e2e suite inside the extension host (the `extensionTestsPath`): the standard
 * `run()` of VS Code extension tests, so the same built suite runs under @vscode/test-electron
 * (test/e2e/runDesktop.mjs) and under code-server offline (test/e2e/runOffline.mjs).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runMochaFiles } from '../mocha';

export function run(): Promise<void> {
  const files = readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort();
  return runMochaFiles(files.map((file) => join(__dirname, file)), process.env.GLOSSARY_E2E_GREP);
}
