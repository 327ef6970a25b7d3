#!/usr/bin/env node
/**
 * How soon a fresh server answers right: the real server is started on a generated glossary of each
 * size (the baseline shape), an entry is opened the moment `initialized` is sent, and a hover and a
 * completion that need the whole glossary are asked at once — as an editor restoring its tabs does.
 * Printed: the time from `initialized` to the first correct hover (the related entry's title) and to
 * the first completion list that is final and holds the slug being typed.
 *
 *   npm run build && node bench/firstAnswer.mjs [--sizes 10,1000,20000] [--runs 3] [--seed N]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateGlossary } from './generateGlossary.mjs';
import { now, repo, sleep, startServer } from './lspSession.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const sizes = option('--sizes', '10,1000,20000').split(',').map(Number);
const runs = Number(option('--runs', '3'));
const seed = Number(option('--seed', String(Math.floor(Math.random() * 2 ** 31))));

/**
 * The probe: an entry that names an existing slug in `related` and types another slug but for its
 * last letter (four letters would match hundreds of slugs at 20,000 entries, and the list is capped:
 * the wanted one might never be in it).
 */
const typedPart = (slug) => slug.slice(0, -1);
function probeText(named, typed) {
  return `---\ntitle: Probe Entry\ndescription: 'An entry opened the moment the server starts, before it has read the glossary.'\ncategory: Testing\nrelated:\n  - ${named}\n  - ${typedPart(typed)}\n---\nBody.\n`;
}

/** Past this, a probe gives up and the run says so, rather than asking forever. */
const GIVE_UP_MS = 120_000;

async function measure(dir, named, typed) {
  const session = startServer(dir);
  try {
    await session.initialize();
    const uri = pathToFileURL(join(dir, 'content', 'glossary', 'probe-entry.md')).href;
    const text = probeText(named, typed);
    const started = now();
    session.notify('initialized', {});
    session.open({ uri, version: 1, text });
    const hover = (async () => {
      for (;;) {
        const answer = await session.request('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 6 } }).catch(() => undefined);
        const value = answer?.contents?.value ?? '';
        if (value.includes('**')) return now() - started;
        if (now() - started > GIVE_UP_MS) return Infinity;
        await sleep(2);
      }
    })();
    const completion = (async () => {
      for (;;) {
        const answer = await session.request('textDocument/completion', { textDocument: { uri }, position: { line: 6, character: 4 + typedPart(typed).length } }).catch(() => undefined);
        if (answer && !answer.isIncomplete && answer.items.some((item) => item.label === typed)) return now() - started;
        if (now() - started > GIVE_UP_MS) return Infinity;
        await sleep(2);
      }
    })();
    return { hover: await hover, completion: await completion };
  } finally {
    await session.stop();
  }
}

console.log(`First correct answers (node ${process.version}, seed ${seed}); ms from \`initialized\`, best / worst of ${runs} runs\n`);
console.log('| entries | hover names the related entry | completion final, with the slug |');
console.log('|---|---|---|');
for (const size of sizes) {
  const dir = join(repo, '.bench', `first-answer-${size}-seed${seed}`);
  mkdirSync(dir, { recursive: true });
  const { entries } = generateGlossary(dir, size, seed);
  const [named, typed] = [entries[0].slug, entries[entries.length - 1].slug];
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await measure(dir, named, typed));
  const span = (key) => `${Math.min(...samples.map((s) => s[key])).toFixed(0)} / ${Math.max(...samples.map((s) => s[key])).toFixed(0)}`;
  console.log(`| ${size.toLocaleString('en-US')} | ${span('hover')} | ${span('completion')} |`);
}
