/**
 * What Mermaid's parses of a glossary cost, in this process, with the engine the Mermaid worker runs
 * (server/src/mermaidEngine.ts bundled with the build's plugins, test/unit/mermaidBundle.ts):
 *
 *   node --import tsx bench/mermaidParses.mts <glossary folder> [--limit 4000] [--compare <checkout>]
 *   node --max-semi-space-size=1 --import tsx bench/mermaidParses.mts …   (the young generation's share)
 *
 * Reads the ```mermaid blocks of every .md file in the folder (no subfolders), keeps those no plain
 * reader takes (core/features/plainDiagrams.ts: the ones the check sends to Mermaid), and parses the
 * first `limit` of them one after the other. Prints how many the plain readers took, the time per
 * parsed diagram and how many Mermaid rejected.
 *
 * `--compare <checkout>`: also bundles Mermaid with another checkout's patches (its
 * test/unit/mermaidBundle.ts and scripts/, e.g. `git archive <commit> scripts test/unit/mermaidBundle.ts
 * | tar -x -C .bench/before`; it must sit inside this repository so that its imports resolve), and
 * parses the same diagrams with both, six passes taking turns, each build's best pass printed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isPlainDiagram } from '../server/src/core/features/plainDiagrams';
import { loadBundledMermaid, type LoadedMermaid } from '../test/unit/mermaidBundle';

const options = new Set(['--limit', '--compare']);
const [folder] = process.argv.slice(2).filter((arg, i, all) => !arg.startsWith('--') && !options.has(all[i - 1]));
if (!folder) throw new Error('usage: node --import tsx bench/mermaidParses.mts <glossary folder> [--limit 4000] [--compare <checkout>]');
const option = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const limit = Number(option('--limit') ?? 4000);
const compared = option('--compare');

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

/** One pass over the diagrams: milliseconds, and how many Mermaid rejected. */
async function pass(loaded: LoadedMermaid): Promise<{ ms: number; rejected: number }> {
  const started = performance.now();
  let rejected = 0;
  for (const source of parsed) {
    try {
      await loaded.engine.parseDiagram(loaded.mermaid, source);
    } catch {
      rejected++;
    }
  }
  return { ms: performance.now() - started, rejected };
}
const perDiagram = (ms: number) => `${((ms / Math.max(1, parsed.length)) * 1000).toFixed(0)} µs each`;

const builds: { name: string; loaded: LoadedMermaid; best: number }[] = [{ name: 'this checkout', loaded: await loadBundledMermaid(), best: Infinity }];
try {
  if (compared === undefined) {
    const { ms, rejected } = await pass(builds[0].loaded);
    console.log(`${blocks} diagrams, ${blocks - sources.length} told without Mermaid; ${parsed.length} parsed in ${ms.toFixed(0)} ms: ${perDiagram(ms)}, ${rejected} rejected`);
  } else {
    const other = (await import(pathToFileURL(resolve(compared, 'test/unit/mermaidBundle.ts')).href)) as { loadBundledMermaid: typeof loadBundledMermaid };
    builds.unshift({ name: compared, loaded: await other.loadBundledMermaid(), best: Infinity });
    console.log(`${blocks} diagrams, ${blocks - sources.length} told without Mermaid; ${parsed.length} parsed by each build, six passes`);
    for (let round = 0; round < 6; round++) {
      for (const build of builds) {
        const { ms, rejected } = await pass(build.loaded);
        build.best = Math.min(build.best, ms);
        console.log(`  ${build.name}: ${perDiagram(ms)}, ${rejected} rejected`);
      }
    }
    for (const build of builds) console.log(`${build.name}: best ${perDiagram(build.best)}`);
  }
} finally {
  for (const build of builds) build.loaded.dispose();
}
