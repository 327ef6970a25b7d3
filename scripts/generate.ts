/**
 * Writes the generated files (see generated.ts): `npm run generate`. With `--check`, writes
 * nothing and exits 1 naming the files that differ from what the tables say.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatedFiles } from './generated';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (path: string) => (existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : '');
const check = process.argv.includes('--check');
const stale: string[] = [];
for (const [path, text] of generatedFiles(read)) {
  if (read(path) === text) continue;
  stale.push(path);
  if (!check) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}
if (check && stale.length) {
  process.stderr.write(`These files are out of date with the code's tables; run \`npm run generate\`:\n${stale.map((path) => `  ${path}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(stale.length ? `generated: ${stale.join(', ')}\n` : 'generated files are up to date\n');
