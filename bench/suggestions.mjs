#!/usr/bin/env node
// "Did you mean" suggestions: how often they are right, how fast they come, what they cost.
//
//   node --expose-gc --import tsx bench/suggestions.mjs [--entries 20000] [--lookups 10000] [--src server/src]
//
// Prints, for the example glossaries and a generated glossary of --entries entries
// (bench/generateGlossary.mjs), the share of typos whose first suggestion is the slug meant and
// the share of unrelated slugs with no suggestion (the labelled set of test/unit/suggestionSet.ts);
// then the time of --lookups unknown-slug lookups (distinct slugs from that set, each asked once,
// as the diagnostics ask), the heap of the index, and the time of completion queries.
// --src points at another checkout's server/src to measure its code on the same set (before/after).

import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : args[at + 1];
};
const ENTRIES = Number(option('entries', 20000));
const LOOKUPS = Number(option('lookups', 10000));
const here = resolve(import.meta.dirname, '..');
const src = resolve(option('src', join(here, 'server', 'src')));
if (typeof globalThis.gc !== 'function') {
  console.error('Run with --expose-gc, so that heap figures are read after a full collection.');
  process.exit(2);
}

const load = (path) => import(pathToFileURL(join(src, path)).href);
const { GlossaryIndex } = await load('core/glossaryIndex.ts');
const { SuggestionCache } = await load('core/features/diagnostics.ts');
const { summarizeEntry } = await load('core/summarize.ts');
const { parseEntry } = await load('core/parsing/index.ts');
const { scanningPositions } = await load('core/positions.ts');
const { DEFAULT_SETTINGS } = await load('core/settings.ts');
const { loadConfig } = await load('core/config.ts');
const { GlossaryService } = await load('core/glossaryService.ts');
const { NodeWorkspace } = await load('nodeWorkspace.ts');
const { BestEntries, slugSearchOf } = await load('core/ranking.ts');
// The labelled set is always this checkout's, so that two checkouts answer the same questions.
const labelled = await import(pathToFileURL(join(here, 'test', 'unit', 'suggestionSet.ts')).href);

/** Heap in use after a full collection, with the buffers of typed arrays (which live outside it). */
const heapMB = () => {
  globalThis.gc();
  globalThis.gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return (heapUsed + arrayBuffers) / 2 ** 20;
};
const percent = (part, whole) => `${((100 * part) / whole).toFixed(1)} %`;
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

function report(name, entries, cases, suggest) {
  const result = labelled.score(cases, suggest);
  console.log(`| ${name} | ${entries.toLocaleString('en-US')} | ${result.typosFirst}/${result.typos} (${percent(result.typosFirst, result.typos)}) | ${result.unrelatedSilent}/${result.unrelated} (${percent(result.unrelatedSilent, result.unrelated)}) |`);
  return result;
}

console.log(`Suggestions of ${src} (Node ${process.version})\n`);
console.log('| glossary | entries | typos: meant slug first | unrelated: no suggestion |');
console.log('|---|---|---|---|');
for (const example of await labelled.exampleGlossaries()) {
  const folder = pathToFileURL(join(here, 'examples', example.name)).href;
  const workspace = new NodeWorkspace([folder]);
  const service = new GlossaryService(workspace, (await loadConfig(workspace, folder))?.settings ?? DEFAULT_SETTINGS);
  await service.indexWorkspace();
  const cache = new SuggestionCache();
  report(example.name, service.index.size, labelled.labelledSet(example), (query) => cache.nearest(service.index, query));
}

// The generated glossary, indexed by the code measured, entry by entry as the service indexes files.
const generated = await labelled.generatedGlossary(ENTRIES);
const entries = [...generated.index.entries()].map((entry) => ({ uri: entry.uri, slug: entry.slug, title: entry.title, words: entry.words }));

// The suggestion structure on its own, where this checkout has one.
let nameIndexFigure;
try {
  const { NameIndex } = await load('core/fuzzy/nearest.ts');
  const before = heapMB();
  let names = new NameIndex();
  for (const { uri, slug, words } of entries) names.add(uri, slug, words);
  nameIndexFigure = `NameIndex alone (pieces, stems, masks) of ${names.size.toLocaleString('en-US')} slugs: ${(heapMB() - before).toFixed(1)} MB of heap.`;
  names = undefined;
} catch {
  nameIndexFigure = '(no NameIndex in this checkout)';
}
const heapBefore = heapMB();
let index = new GlossaryIndex();
const started = performance.now();
for (const { slug, title } of entries) {
  const text = `---\ntitle: '${title}'\n---\n`;
  index.add(summarizeEntry(`file:///generated/content/glossary/${slug}.md`, slug, scanningPositions(text), parseEntry(text, DEFAULT_SETTINGS), DEFAULT_SETTINGS));
}
const indexMs = performance.now() - started;
const indexHeap = heapMB() - heapBefore;

// Enough slugs sampled for the lookups asked for: about six typos each, plus the unrelated slugs.
const cases = labelled.labelledSet(generated, Math.ceil(LOOKUPS / 5));
const result = report(`generated (bench/generateGlossary.mjs)`, entries.length, cases, (query) => new SuggestionCache().nearest(index, query));
const queries = [...new Set(cases.map((c) => c.query))].slice(0, LOOKUPS);

console.log(`\n${nameIndexFigure}`);
console.log(`Index of ${entries.length.toLocaleString('en-US')} entries: built in ${indexMs.toFixed(0)} ms, ${indexHeap.toFixed(1)} MB of heap.`);
for (const round of ['first', 'second']) {
  const cache = new SuggestionCache();
  const times = [];
  const begun = performance.now();
  for (const query of queries) {
    const t = performance.now();
    cache.nearest(index, query);
    times.push(performance.now() - t);
  }
  const total = performance.now() - begun;
  times.sort((a, b) => a - b);
  console.log(`${queries.length.toLocaleString('en-US')} unknown-slug lookups (${round} pass, fresh cache): ${total.toFixed(0)} ms, ${((1000 * total) / queries.length).toFixed(1)} µs each; p50 ${(1000 * quantile(times, 0.5)).toFixed(0)} µs, p99 ${(1000 * quantile(times, 0.99)).toFixed(0)} µs, max ${times[times.length - 1].toFixed(1)} ms.`);
}

// Completion and workspace symbols: the slug search, with typed prefixes and two-word queries.
index = new GlossaryIndex();
for (const { slug, title } of entries) {
  const text = `---\ntitle: '${title}'\n---\n`;
  index.add(summarizeEntry(`file:///generated/content/glossary/${slug}.md`, slug, scanningPositions(text), parseEntry(text, DEFAULT_SETTINGS), DEFAULT_SETTINGS));
}
const search = slugSearchOf(index);
search.forEachMatch('warm', () => {});
/** p50 and p99 of the slug search (best 100, as completion asks) over `queries`. */
function completionTimes(queries) {
  const times = [];
  for (const query of queries) {
    const best = new BestEntries(100);
    const t = performance.now();
    search.forEachMatch(query, (entry, score) => best.offer(entry, score), (score, slug) => best.wants(score, slug));
    best.best();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return `p50 ${quantile(times, 0.5).toFixed(2)} ms, p99 ${quantile(times, 0.99).toFixed(2)} ms`;
}
const sample = Array.from({ length: 1500 }, (_, i) => entries[(i * 7919) % entries.length].slug);
const prefixes = sample.map((slug, i) => slug.slice(0, 1 + (i % 6)));
const twoWords = sample.filter((slug) => slug.includes('-')).map((slug) => `${slug.split('-')[1].slice(0, 3)} ${slug.split('-')[0].slice(0, 2)}`);
console.log(`Completion queries (slug search, best 100): ${prefixes.length.toLocaleString('en-US')} typed prefixes ${completionTimes(prefixes)}; ${twoWords.length.toLocaleString('en-US')} two-word queries ${completionTimes(twoWords)}.`);
if (result.misses.length) console.log(`\nFirst misses: ${result.misses.slice(0, 5).map((m) => `${m.query} → [${m.got.join(', ')}]${m.intended ? ` (meant ${m.intended})` : ''}`).join('; ')}`);
