/**
 * Cost of unlinked mentions at scale, in this process:
 *
 *   node --expose-gc --import tsx bench/mentions.ts [--count 20000] [--seed 1] [--words 20000]
 *
 * Generates `count` entries (bench/generateGlossary.mjs), indexes their summaries, and prints: the
 * time and heap the mention trie adds to the index (every title as a term), the time to find the
 * unlinked mentions of a long entry (`words` words of prose drawn from the glossary's own titles and
 * filler), and the time of the index update one keystroke makes (the entry's summary replaced).
 * A keystroke costs the update plus the search, as the diagnostics of the edited entry are recomputed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { GlossaryIndex } from '../server/src/core/glossaryIndex';
import { MentionIndex } from '../server/src/core/mentions/mentionIndex';
import { parseEntry } from '../server/src/core/parsing';
import { DEFAULT_SETTINGS } from '../server/src/core/settings';
import { summarizeEntry } from '../server/src/core/summarize';
// @ts-expect-error: a plain ES module without types
import { generateGlossary } from './generateGlossary.mjs';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
}

const count = option('count', 20000);
const seed = option('seed', 1);
const proseWords = option('words', 20000);
const ROUNDS = option('rounds', 21);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const settings = DEFAULT_SETTINGS;
const heapMB = () => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

const dir = mkdtempSync(join(tmpdir(), 'glossary-mentions-bench-'));
const index = new GlossaryIndex();
try {
  (generateGlossary as (dir: string, count: number, seed: number) => unknown)(dir, count, seed);
  const folder = join(dir, 'content', 'glossary');
  for (const name of readdirSync(folder)) {
    const uri = `file://${join(folder, name)}`;
    const document = TextDocument.create(uri, 'markdown', 1, readFileSync(join(folder, name), 'utf8'));
    index.add(summarizeEntry(uri, name.replace(/\.md$/, ''), document, parseEntry(document.getText(), { debrisTags: settings.debrisTags }), settings));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const before = heapMB();
let started = performance.now();
const mentions = new MentionIndex(index);
const buildMs = performance.now() - started;
const trieMB = heapMB() - before;

// A long entry whose prose names many titles among filler words, one paragraph per 100 words.
const titles = [...index.entries()].map((entry) => entry.title).filter((title): title is string => !!title);
const filler = ['the', 'method', 'is', 'often', 'used', 'with', 'a', 'large', 'set', 'of', 'examples', 'and', 'then'];
let random = seed;
const next = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const paragraphs: string[] = [];
const paragraph: string[] = [];
for (let written = 0; written < proseWords; ) {
  const word = next() < 0.1 ? titles[Math.floor(next() * titles.length)] : filler[Math.floor(next() * filler.length)];
  paragraph.push(word);
  written += word.split(' ').length;
  if (paragraph.length >= 100) paragraphs.push(paragraph.splice(0).join(' ') + '.');
}
if (paragraph.length) paragraphs.push(paragraph.join(' ') + '.');
const text = `---\ntitle: Long Entry\ndescription: 'A long entry for the benchmark of unlinked mentions, written from titles.'\ncategory: Bench\n---\n\n${paragraphs.join('\n\n')}\n`;
const uri = 'file:///bench/long-entry.md';
const document = TextDocument.create(uri, 'markdown', 1, text);
const entry = parseEntry(text, { debrisTags: settings.debrisTags });
const summary = summarizeEntry(uri, 'long-entry', document, entry, settings);
index.add(summary);

const median = (run: () => void, rounds: number) => {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b)[Math.floor(rounds / 2)];
};
let found = 0;
// A fresh URI each round: the index keeps an open entry's last scan, and a keystroke in the body scans again.
let round = 0;
const searchMs = median(() => (found = mentions.unlinkedMentions(`${uri}?round=${round++}`, 'long-entry', text, entry, settings).length), ROUNDS);
const updateMs = median(() => index.upsert({ ...summary }), 201);

console.log(`entries: ${index.size}, terms: ${mentions.termCount}`);
console.log(`trie build: ${buildMs.toFixed(1)} ms, heap: ${trieMB.toFixed(1)} MB`);
console.log(`long entry: ${text.length} characters, ${paragraphs.length} paragraphs, ${found} unlinked mentions`);
console.log(`per keystroke: search ${searchMs.toFixed(2)} ms (median of ${ROUNDS}), index update ${updateMs.toFixed(3)} ms (median of 201)`);
