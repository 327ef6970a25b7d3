/**
 * What Mermaid's parses of a glossary cost, in this process, with the engine the Mermaid worker runs
 * (server/src/mermaidEngine.ts bundled with the build's plugins, test/unit/mermaidBundle.ts):
 *
 *   node --import tsx bench/mermaidParses.mts <glossary folder> [--limit 4000]
 *   node --max-semi-space-size=1 --import tsx bench/mermaidParses.mts …   (the young generation's share)
 *
 * Reads the ```mermaid blocks of every .md file in the folder (no subfolders), keeps those no plain
 * reader takes (core/features/plainDiagrams.ts: the ones the check sends to Mermaid), and parses the
 * first `limit` of them one after the other. Prints how many the plain readers took, the time per
 * parsed diagram and how many Mermaid rejected.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPlainDiagram } from '../server/src/core/features/plainDiagrams';
import { loadBundledMermaid } from '../test/unit/mermaidBundle';

const [folder] = process.argv.slice(2).filter((arg, i, all) => !arg.startsWith('--') && all[i - 1] !== '--limit');
if (!folder) throw new Error('usage: node --import tsx bench/mermaidParses.mts <glossary folder> [--limit 4000]');
const limitAt = process.argv.indexOf('--limit');
const limit = limitAt > 0 ? Number(process.argv[limitAt + 1]) : 4000;

let blocks = 0;
const sources: string[] = [];
for (const name of readdirSync(folder)) {
  if (!name.endsWith('.md')) continue;
  for (const match of readFileSync(join(folder, name), 'utf8').matchAll(/^```mermaid[^\n]*\n([\s\S]*?)^```/gm)) {
    blocks++;
    if (!isPlainDiagram(match[1])) sources.push(match[1]);
  }
}
const parsed = sources.slice(0, limit);
const loaded = await loadBundledMermaid();
try {
  const started = performance.now();
  let rejected = 0;
  for (const source of parsed) {
    try {
      await loaded.engine.parseDiagram(loaded.mermaid, source);
    } catch {
      rejected++;
    }
  }
  const ms = performance.now() - started;
  console.log(`${blocks} diagrams, ${blocks - sources.length} told without Mermaid; ${parsed.length} parsed in ${ms.toFixed(0)} ms: ${((ms / Math.max(1, parsed.length)) * 1000).toFixed(0)} µs each, ${rejected} rejected`);
} finally {
  loaded.dispose();
}
