/**
 * Builds the e2e suites for the extension host: test/e2e/{suite,layouts}/index.ts and each *.test.ts
 * become CommonJS files in out/e2e/{suite,layouts}/ (index.js finds the *.test.js beside it, as usual in VS Code
 * extension tests). `vscode` comes from the extension host and `mocha` from node_modules at run time.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// Each folder is a suite of its own (out/e2e/<folder>/index.js runs the tests beside it).
const entryPoints = ['suite', 'layouts', 'web'].flatMap((folder) => {
  const dir = join(root, 'test', 'e2e', folder);
  return readdirSync(dir).filter((name) => name === 'index.ts' || name.endsWith('.test.ts')).map((name) => relative(root, join(dir, name)));
});

await esbuild.build({
  absWorkingDir: root,
  entryPoints,
  outdir: 'out/e2e',
  outbase: 'test/e2e',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
console.log(`[e2e] built ${entryPoints.length} files into out/e2e/suite/`);
