/**
 * Parse cost of generated entries (~15 KB each, bench/generateGlossary.mjs), in this process:
 *
 *   node --import tsx bench/parse.ts [--count 2000] [--rounds 5] [--seed 1] [--shape a|b|c|d|e]
 *
 * Prints the time per entry and for the whole set of parseEntry with the direct frontmatter reader
 * (simpleYaml, the default) and with every frontmatter sent to the YAML parser, each for the whole
 * entry and for its fields only (the first pass of a large glossary's index). Entries come from
 * generateGlossary.mjs, or with --shape from that workload shape of bench/shapes.mjs. Rounds alternate
 * the two, and the best round of each is shown, so that a busy machine disturbs the figures less.
 * Then the time to parse one open document as a keystroke does, from one entry to 10,000 related items.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeEntryText } from '../server/src/core/entryFile';
import { parseEntry } from '../server/src/core/parsing';
import { DEFAULT_SETTINGS } from '../server/src/core/settings';
// @ts-expect-error: a plain ES module without types
import { generateGlossary } from './generateGlossary.mjs';
// @ts-expect-error: a plain ES module without types
import { generateShape } from './shapes.mjs';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

const count = option('count', 2000);
const rounds = option('rounds', 5);
const seed = option('seed', 1);
const shapeAt = process.argv.indexOf('--shape');
const shape = shapeAt === -1 ? undefined : process.argv[shapeAt + 1];

const dir = mkdtempSync(join(tmpdir(), 'glossary-parse-bench-'));
let texts: string[];
try {
  if (shape) (generateShape as (shape: string, dir: string, count: number, seed: number) => unknown)(shape, dir, count, seed);
  else (generateGlossary as (dir: string, count: number, seed: number) => unknown)(dir, count, seed);
  const folder = join(dir, 'content', 'glossary');
  texts = readdirSync(folder).sort().map((name) => readFileSync(join(folder, name), 'utf8'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const characters = texts.reduce((sum, text) => sum + text.length, 0);

function run(simpleYaml: boolean, fieldsOnly: boolean): number {
  const options = { debrisTags: DEFAULT_SETTINGS.debrisTags, simpleYaml, bodyExtent: fieldsOnly ? ('firstParagraph' as const) : undefined };
  let fields = 0;
  const started = performance.now();
  for (const text of texts) fields += parseEntry(text, options).frontmatter?.fields.length ?? 0;
  const elapsed = performance.now() - started;
  if (fields === 0) throw new Error('no fields parsed: the generated entries changed shape');
  return elapsed;
}

const readings = { direct: [true, false], yaml: [false, false], directFields: [true, true], yamlFields: [false, true] } as const;
const best = { direct: Infinity, yaml: Infinity, directFields: Infinity, yamlFields: Infinity };
for (let round = -1; round < rounds; round++) {
  for (const [name, [simpleYaml, fieldsOnly]] of Object.entries(readings) as [keyof typeof best, readonly [boolean, boolean]][]) {
    const elapsed = run(simpleYaml, fieldsOnly);
    // Round -1 warms the code up and is not counted.
    if (round >= 0) best[name] = Math.min(best[name], elapsed);
  }
}

const perEntry = (ms: number) => `${((ms * 1000) / count).toFixed(1)} µs`;
const scaled = (ms: number) => `${((ms * 20_000) / count).toFixed(0)} ms`;
console.log(`${count} generated entries${shape ? ` of shape ${shape}` : ''}, ${(characters / count / 1000).toFixed(1)} K characters each on average; Node ${process.version}; best of ${rounds} rounds`);
console.log('| reading | per entry | all | scaled to 20,000 |');
console.log('|---|---|---|---|');
console.log(`| frontmatter read directly (default) | ${perEntry(best.direct)} | ${best.direct.toFixed(0)} ms | ${scaled(best.direct)} |`);
console.log(`| every frontmatter through yaml | ${perEntry(best.yaml)} | ${best.yaml.toFixed(0)} ms | ${scaled(best.yaml)} |`);
console.log(`| fields only, read directly (first pass) | ${perEntry(best.directFields)} | ${best.directFields.toFixed(0)} ms | ${scaled(best.directFields)} |`);
console.log(`| fields only, through yaml | ${perEntry(best.yamlFields)} | ${best.yamlFields.toFixed(0)} ms | ${scaled(best.yamlFields)} |`);

// One open document parsed as a keystroke parses it (openDocuments.ts decides from these which go to a worker).
const sample = texts.reduce((longest, text) => (text.length > longest.length ? text : longest), '');
const bodyAt = sample.indexOf('\n---', 4) + 4;
const frontmatter = sample.slice(0, bodyAt);
const body = sample.slice(bodyAt);
const withRelated = (items: number) =>
  frontmatter.replace(/\nrelated:\n/, `\nrelated:\n${Array.from({ length: items }, (_, i) => `- related-term-number-${i}`).join('\n')}\n`) + body;
const documents: [string, string][] = [
  ['the longest generated entry', sample],
  ['its body × 4', frontmatter + body.repeat(4)],
  ['its body × 16', frontmatter + body.repeat(16)],
  ['500 related items', withRelated(500)],
  ['10,000 related items', withRelated(10_000)],
];
console.log('\n| one open document (analyzeEntryText, 30 parses, one character changed each time) | characters | p50 | max |');
console.log('|---|---|---|---|');
for (const [name, text] of documents) {
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const edited = `${text.slice(0, text.length - 1 - (i % 5))}${'x'.repeat(1 + (i % 5))}`;
    const started = performance.now();
    analyzeEntryText('file:///glossary/open.md', edited, DEFAULT_SETTINGS);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`| ${name} | ${text.length.toLocaleString('en-US')} | ${times[15].toFixed(2)} ms | ${times[29].toFixed(2)} ms |`);
}
