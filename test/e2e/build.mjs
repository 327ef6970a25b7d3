/**
 * Builds the e2e suite for the extension host: test/e2e/suite/index.ts and each *.test.ts become
 * CommonJS files in out/e2e/suite/ (index.js finds the *.test.js beside it, as usual in VS Code
 * extension tests). `vscode` comes from the extension host and `mocha` from node_modules at run time.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const suiteDir = join(root, 'test', 'e2e', 'suite');
const entryPoints = readdirSync(suiteDir)
  .filter((name) => name === 'index.ts' || name.endsWith('.test.ts'))
  .map((name) => relative(root, join(suiteDir, name)));

await esbuild.build({
  absWorkingDir: root,
  entryPoints,
  outdir: 'out/e2e/suite',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
console.log(`[e2e] built ${entryPoints.length} files into out/e2e/suite/`);
