#!/usr/bin/env node
/**
 * Runs the e2e suite (built to out/e2e/suite) in desktop VS Code through @vscode/test-electron,
 * which downloads VS Code into .vscode-test/ on first use: for a desktop machine with internet.
 * Offline (CI, this repo's machines) use test/e2e/runOffline.mjs, which runs the same suite in
 * code-server.
 *
 *   node test/e2e/runDesktop.mjs [--version stable|insiders|1.139.1]
 *
 * Environment: GLOSSARY_E2E_GREP (only tests whose title matches). On Linux without a display run
 * it under `xvfb-run -a`.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const extensionTestsPath = join(root, 'out', 'e2e', 'suite', 'index.js');
if (!existsSync(extensionTestsPath)) {
  console.error(`[e2e] ${extensionTestsPath} is missing: build the suite first (node test/e2e/build.mjs).`);
  process.exit(1);
}
const versionArg = process.argv.indexOf('--version');
const version = versionArg >= 0 ? process.argv[versionArg + 1] : undefined;

// Tests create and edit files: they get a copy of the example glossary, and a throwaway profile.
const scratch = mkdtempSync(join(tmpdir(), 'glossary-e2e-desktop-'));
const workspace = join(scratch, 'glossary');
cpSync(join(root, 'examples', 'glossary'), workspace, { recursive: true });

let exitCode;
try {
  exitCode = await runTests({
    version,
    extensionDevelopmentPath: root,
    extensionTestsPath,
    extensionTestsEnv: process.env.GLOSSARY_E2E_GREP ? { GLOSSARY_E2E_GREP: process.env.GLOSSARY_E2E_GREP } : undefined,
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      `--user-data-dir=${join(scratch, 'user-data')}`,
    ],
  });
} catch (error) {
  console.error(`[e2e] the desktop run failed: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true, maxRetries: 3 });
}
process.exit(exitCode);
