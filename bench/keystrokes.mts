/**
 * A keystroke's work in the language service, in this process, without the protocol around it:
 *
 *   node --import tsx bench/keystrokes.mts <glossary folder> <slug> [typed] [--rounds 40]
 *
 * Indexes the glossary in this thread (body links too), opens the entry `<slug>` (its file under
 * content/glossary/), then types `typed` (default `\n- offline-to`) after the first item of its
 * `related` list, a character at a time, `rounds` times (the text typed is taken out again
 * between rounds). For each keystroke: the document's update (setOpenDocument), completion at the
 * cursor and the entry's diagnostics, timed apart. Prints p50 / p90 / p99 / max of each, then the
 * completion's median and max per character typed (the first round left out: it builds the
 * searches). With `node --cpu-prof`, the profile shows where a keystroke goes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { Glossaries } from '../server/src/core/glossaries';
import { DEFAULT_SETTINGS } from '../server/src/core/settings';
import { NodeWorkspace } from '../server/src/nodeWorkspace';

const positional = process.argv.slice(2).filter((arg, i, all) => !arg.startsWith('--') && all[i - 1] !== '--rounds');
const [root, slug, typed = '\n- offline-to'] = positional;
if (!root || !slug) throw new Error('usage: node --import tsx bench/keystrokes.mts <glossary folder> <slug> [typed] [--rounds 40]');
const roundsAt = process.argv.indexOf('--rounds');
const rounds = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 40;

const service = new Glossaries(new NodeWorkspace([URI.file(root).toString()]), DEFAULT_SETTINGS);
const indexing = performance.now();
await service.indexWorkspace();
await service.readBodyLinks();
console.log(`indexed in ${(performance.now() - indexing).toFixed(0)} ms`);

const path = join(root, 'content', 'glossary', `${slug}.md`);
const uri = URI.file(path).toString();
const original = readFileSync(path, 'utf8');
const related = original.indexOf('related:');
if (related === -1) throw new Error(`${path} has no related list`);
// After the list's first item: the line after `related:`.
const at = original.indexOf('\n', original.indexOf('\n', related) + 1);
let version = 1;
const open = (text: string) => {
  const document = TextDocument.create(uri, 'markdown', version++, text);
  service.setOpenDocument(document);
  return document;
};
open(original);
service.diagnostics(uri);

const times: { update: number; completion: number; diagnostics: number }[] = [];
for (let round = 0; round < rounds; round++) {
  let text = original;
  for (let k = 0; k < typed.length; k++) {
    text = text.slice(0, at + k) + typed[k] + text.slice(at + k);
    const document = TextDocument.create(uri, 'markdown', version++, text);
    const started = performance.now();
    service.setOpenDocument(document);
    const updated = performance.now();
    service.completion(uri, document.positionAt(at + k + 1));
    const completed = performance.now();
    service.diagnostics(uri);
    times.push({ update: updated - started, completion: completed - updated, diagnostics: performance.now() - completed });
  }
  open(original);
}

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))].toFixed(2);
console.log(`${times.length} keystrokes, ms:`);
for (const key of ['update', 'completion', 'diagnostics'] as const) {
  const values = times.map((time) => time[key]);
  console.log(`  ${key.padEnd(12)} p50 ${quantile(values, 0.5)}  p90 ${quantile(values, 0.9)}  p99 ${quantile(values, 0.99)}  max ${quantile(values, 1)}`);
}
console.log('completion per character typed (median / max):');
for (let k = 0; k < typed.length; k++) {
  const values = times.slice(typed.length).filter((_, i) => i % typed.length === k).map((time) => time.completion);
  if (values.length) console.log(`  ${JSON.stringify(typed.slice(0, k + 1)).padEnd(20)} ${quantile(values, 0.5)} / ${quantile(values, 1)}`);
}
