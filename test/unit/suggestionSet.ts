/**
 * A labelled set for "did you mean" suggestions: for each slug of a glossary, the typos a writer
 * makes (each labelled with the slug meant), and slugs that name nothing near (labelled "no
 * suggestion"). Everything is derived deterministically from the glossary's slugs and titles, so
 * the same glossary always yields the same set; nothing here knows how the suggester works.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { URI } from 'vscode-uri';
import { loadConfig } from '../../server/src/core/config';
import { parseEntry } from '../../server/src/core/parsing';
import { wordsOf } from '../../server/src/core/fuzzy/words';
import { GlossaryIndex } from '../../server/src/core/glossaryIndex';
import { GlossaryService } from '../../server/src/core/glossaryService';
import { scanningPositions } from '../../server/src/core/positions';
import { DEFAULT_SETTINGS, type GlossarySettings } from '../../server/src/core/settings';
import { relatedPrefixes, slugFromReference } from '../../server/src/core/slugs';
import { summarizeEntry } from '../../server/src/core/summarize';
import { NodeWorkspace } from '../../server/src/nodeWorkspace';

export const REPO_ROOT = join(__dirname, '..', '..');

/** The slips of a writer; `prefixed value` is a key hit beside the one meant, in a value written with a path prefix. */
export type TypoKind = 'transposition' | 'missing letter' | 'extra letter' | 'plural/singular' | 'swapped words' | 'near word' | 'prefixed value';

export interface LabelledCase {
  /** The slug as the suggester is asked about it. */
  query: string;
  kind: TypoKind | 'unrelated' | 'unrelated + common word';
  /** The slug the writer meant; undefined when the query names nothing near. */
  intended?: string;
}

export interface Glossary {
  name: string;
  index: GlossaryIndex;
  settings: GlossarySettings;
}

/** A number from 0 to n - 1 picked by the text: the same text always picks the same. */
function pick(text: string, n: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return (hash >>> 0) % n;
}

const isLetter = (ch: string | undefined) => !!ch && /[\p{L}\p{N}]/u.test(ch);

/** Positions i where `test(i)` holds, one of them chosen by `seed`. */
function somePosition(slug: string, seed: string, test: (i: number) => boolean): number | undefined {
  const positions = [...slug].map((_, i) => i).filter(test);
  return positions.length ? positions[pick(`${seed}:${slug}`, positions.length)] : undefined;
}

/** A word a writer may put for another: another form of it, or one vowel off. */
export function nearWord(word: string): string {
  const forms: [RegExp, string][] = [[/ings?$/, 'ed'], [/ization$/, 'ize'], [/ation$/, 'ate'], [/er$/, 'ing'], [/ies$/, 'y'], [/y$/, 'ies'], [/ed$/, 'ing']];
  for (const [ending, replacement] of forms) if (ending.test(word) && word.replace(ending, '').length >= 3) return word.replace(ending, replacement);
  const vowels = [...word].map((ch, i) => ({ ch, i })).filter(({ ch }) => 'aeiou'.includes(ch));
  if (!vowels.length) return `${word}s`;
  const { ch, i } = vowels[vowels.length - 1];
  const other: Record<string, string> = { a: 'e', e: 'a', i: 'e', o: 'a', u: 'o' };
  return word.slice(0, i) + other[ch] + word.slice(i + 1);
}

/** The typos of one slug, at most one of each kind. */
export function typosOf(slug: string, settings: GlossarySettings): { query: string; kind: TypoKind }[] {
  const typos: { query: string; kind: TypoKind }[] = [];
  const swap = somePosition(slug, 'swap', (i) => isLetter(slug[i]) && isLetter(slug[i + 1]) && slug[i] !== slug[i + 1]);
  if (swap !== undefined) typos.push({ kind: 'transposition', query: slug.slice(0, swap) + slug[swap + 1] + slug[swap] + slug.slice(swap + 2) });
  const missing = somePosition(slug, 'missing', (i) => isLetter(slug[i]));
  if (missing !== undefined && slug.length > 3) typos.push({ kind: 'missing letter', query: slug.slice(0, missing) + slug.slice(missing + 1) });
  const doubled = somePosition(slug, 'extra', (i) => isLetter(slug[i]));
  if (doubled !== undefined) typos.push({ kind: 'extra letter', query: slug.slice(0, doubled + 1) + slug.slice(doubled) });
  typos.push({ kind: 'plural/singular', query: /[^s]s$/.test(slug) ? slug.slice(0, -1) : `${slug}s` });
  const words = slug.split('-');
  if (words.length > 1) {
    const at = pick(`words:${slug}`, words.length - 1);
    const swapped = [...words];
    [swapped[at], swapped[at + 1]] = [swapped[at + 1], swapped[at]];
    typos.push({ kind: 'swapped words', query: swapped.join('-') });
  }
  const long = words.map((word, i) => ({ word, i })).filter(({ word }) => word.length >= 4);
  if (long.length) {
    const { word, i } = long[pick(`near:${slug}`, long.length)];
    typos.push({ kind: 'near word', query: [...words.slice(0, i), nearWord(word), ...words.slice(i + 1)].join('-') });
  }
  // A value written as a site path or with the configured path prefix, with a key hit beside the
  // one meant: the slug the suggester is asked about is what the glossary reads out of that value.
  const prefix = settings.relatedPrefix || settings.linkPrefix;
  const wrongKey = somePosition(slug, 'key', (i) => besideKey(slug[i]) !== undefined);
  if (wrongKey !== undefined) {
    const value = `${prefix}${slug.slice(0, wrongKey)}${besideKey(slug[wrongKey])}${slug.slice(wrongKey + 1)}`;
    const read = slugFromReference(value, relatedPrefixes(settings));
    if (read) typos.push({ kind: 'prefixed value', query: read });
  }
  return typos;
}

const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** The key to the right of a letter's on a QWERTY keyboard (to the left at the end of a row). */
function besideKey(letter: string): string | undefined {
  const row = KEYBOARD_ROWS.find((keys) => keys.includes(letter));
  if (!row) return undefined;
  const at = row.indexOf(letter);
  return row[at + 1] ?? row[at - 1];
}

/** Everyday words no glossary of machine learning, or of anything near it, is about. */
const UNRELATED_WORDS = [
  'volcano', 'harbour', 'sourdough', 'cathedral', 'glacier', 'saxophone', 'mortgage', 'orchid', 'lighthouse', 'carpentry',
  'origami', 'violin', 'marathon', 'espresso', 'pottery', 'meteorite', 'tundra', 'penguin', 'parliament', 'bicycle',
  'lasagne', 'sonnet', 'ballet', 'compost', 'falconry', 'mosaic', 'vineyard', 'quarry', 'trombone', 'tapestry',
  'canoe', 'chimney', 'umbrella', 'walnut', 'blizzard', 'lantern', 'pharaoh', 'cactus', 'hammock', 'croissant',
];

/**
 * Slugs that name nothing in the glossary: everyday words, alone and in pairs, and paired with the
 * glossary's commonest word (one shared common word is no evidence). Words the glossary uses are
 * left out, so none of these is a typo of an entry.
 */
export function unrelatedCases(slugsAndTitles: readonly string[]): LabelledCase[] {
  const counts = new Map<string, number>();
  for (const text of slugsAndTitles) for (const word of new Set(wordsOf(text))) counts.set(word, (counts.get(word) ?? 0) + 1);
  const words = UNRELATED_WORDS.filter((word) => !counts.has(word));
  const common = [...counts].filter(([word]) => word.length >= 4).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  const cases: LabelledCase[] = [];
  words.forEach((word, i) => {
    cases.push({ query: word, kind: 'unrelated' });
    cases.push({ query: `${word}-${words[(i * 7 + 3) % words.length]}`, kind: 'unrelated' });
    if (common) cases.push({ query: i % 2 ? `${word}-${common}` : `${common}-${word}`, kind: 'unrelated + common word' });
  });
  return cases.filter((c, i) => cases.findIndex((other) => other.query === c.query) === i);
}

/** The whole labelled set of a glossary: typos of every slug (or of `sample` of them), then unrelated slugs. */
export function labelledSet(glossary: Glossary, sample?: number): LabelledCase[] {
  const entries = [...glossary.index.entries()].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  const chosen = sample === undefined || sample >= entries.length ? entries : entries.filter((entry) => pick(`sample:${entry.slug}`, entries.length) < sample);
  const cases: LabelledCase[] = [];
  const seen = new Set<string>();
  for (const { slug } of chosen) {
    for (const typo of typosOf(slug, glossary.settings)) {
      // A "typo" that is itself an entry, or that the same slug already gave, is no test of suggestions.
      if (typo.query === slug || glossary.index.has(typo.query) || seen.has(typo.query)) continue;
      seen.add(typo.query);
      cases.push({ ...typo, intended: slug });
    }
  }
  const texts = entries.flatMap((entry) => (entry.title ? [entry.slug, entry.title] : [entry.slug]));
  return [...cases, ...unrelatedCases(texts).filter((c) => !glossary.index.has(c.query))];
}

export interface Score {
  typos: number;
  /** Typos whose first suggestion is the slug meant. */
  typosFirst: number;
  unrelated: number;
  /** Unrelated slugs with no suggestion at all. */
  unrelatedSilent: number;
  misses: { query: string; kind: string; intended?: string; got: string[] }[];
}

export function score(cases: readonly LabelledCase[], suggest: (query: string) => string[]): Score {
  const result: Score = { typos: 0, typosFirst: 0, unrelated: 0, unrelatedSilent: 0, misses: [] };
  for (const c of cases) {
    const got = suggest(c.query);
    const right = c.intended === undefined ? got.length === 0 : got[0] === c.intended;
    if (c.intended === undefined) {
      result.unrelated++;
      if (right) result.unrelatedSilent++;
    } else {
      result.typos++;
      if (right) result.typosFirst++;
    }
    if (!right) result.misses.push({ query: c.query, kind: c.kind, intended: c.intended, got });
  }
  return result;
}

/** Each example glossary of the repository (`examples/<name>/`), indexed by the service with its own configuration. */
export async function exampleGlossaries(): Promise<Glossary[]> {
  const root = join(REPO_ROOT, 'examples');
  const glossaries: Glossary[] = [];
  for (const name of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const folder = URI.file(join(root, name)).toString();
    const workspace = new NodeWorkspace([folder]);
    const settings = (await loadConfig(workspace, folder))?.settings ?? DEFAULT_SETTINGS;
    const index = new GlossaryIndex();
    await new GlossaryService(workspace, settings, undefined, undefined, undefined, index).indexWorkspace();
    glossaries.push({ name, index, settings });
  }
  return glossaries;
}

interface GeneratedTerms {
  slugs: string[];
  words: string[][];
}
type GenerateSlugs = (rand: () => number, count: number) => GeneratedTerms;

/**
 * The slugs and titles bench/generateGlossary.mjs gives a glossary of `count` entries, indexed as
 * the service would index its files (each summarized from a frontmatter with that title).
 */
export async function generatedGlossary(count: number, seed = 1): Promise<Glossary> {
  const generator = (await import(pathToFileURL(join(REPO_ROOT, 'bench', 'generateGlossary.mjs')).href)) as { generateSlugs: GenerateSlugs; mulberry32: (seed: number) => () => number; titleOf: (words: string[]) => string };
  const { slugs, words } = generator.generateSlugs(generator.mulberry32(seed), count);
  const index = new GlossaryIndex();
  slugs.forEach((slug, i) => {
    const text = `---\ntitle: '${generator.titleOf(words[i])}'\n---\n`;
    const uri = `file:///generated/content/glossary/${slug}.md`;
    index.add(summarizeEntry(uri, slug, scanningPositions(text), parseEntry(text, DEFAULT_SETTINGS), DEFAULT_SETTINGS));
  });
  return { name: `generated ${count.toLocaleString('en-US')}`, index, settings: DEFAULT_SETTINGS };
}
