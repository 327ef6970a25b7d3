/**
 * The manifest's settings, the configuration schema and docs/diagnostics.md are generated from the
 * code's tables (scripts/generated.ts); the committed copies must be what the tables say today.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { generatedFiles } from '../../scripts/generated';

const root = join(import.meta.dirname, '..', '..');
const read = (path: string) => (existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : '');

for (const [path, expected] of generatedFiles(read)) {
  test(`${path} is what \`npm run generate\` writes`, () => {
    assert.ok(read(path) === expected, `${path} is stale: run \`npm run generate\` and commit the result.`);
  });
}
