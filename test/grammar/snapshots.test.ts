/**
 * Whole-file token snapshots (test/grammar/snapshots/*.snap, one line per token:
 * `line:start-end scope scope …`, see snapshotText in ./support). Compared exactly; regenerate with
 *   UPDATE_SNAPSHOTS=1 node --import tsx --test test/grammar/*.test.ts
 * and review the diff.
 */
import { test } from 'node:test';
import { matchSnapshot, readRepoFile, snapshotText, tokenize } from './support';

const FILES: Record<string, [path: string, lastLine?: number]> = {
  // The seed's fence is never closed, so its last 200 lines are prose tokenized as flowchart
  // statements, 300 kB of snapshot that repeat lines 177–190 (mermaid.test.ts checks the last line).
  'foundation-model.seed': ['test/fixtures/foundation-model.seed.txt', 190],
  transformer: ['examples/glossary/content/glossary/transformer.md'],
  'gradient-descent': ['examples/glossary/content/glossary/gradient-descent.md'],
  'retrieval-augmented-generation': ['examples/glossary/content/glossary/retrieval-augmented-generation.md'],
  showcase: ['test/grammar/fixtures/showcase.md'],
};

for (const [name, [path, lastLine]] of Object.entries(FILES)) {
  test(`tokens of ${path}${lastLine ? ` (lines 1–${lastLine})` : ''} match snapshots/${name}.snap`, async () => {
    matchSnapshot(name, snapshotText(await tokenize(readRepoFile(path)), lastLine));
  });
}
