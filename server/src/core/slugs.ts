export function slugFromPath(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return decodeURIComponent(name.replace(/\.md$/i, ''));
}

/** Splits a slug or a title into lower-case words: `In-Context Learning` → in, context, learning. */
export function wordsOf(value: string): string[] {
  return value.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/**
 * Levenshtein distance, or `limit + 1` as soon as it is certain to exceed `limit`.
 * The early exit keeps a suggestion search over 20,000 slugs in the low milliseconds.
 */
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

export function boundedEditDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (a === b) return 0;
  // Two rows reused across calls: a suggestion search runs this thousands of times per keystroke.
  if (rowA.length <= b.length + 1) {
    rowA = new Int32Array(b.length * 2 + 2);
    rowB = new Int32Array(b.length * 2 + 2);
  }
  // Only cells within `limit` of the diagonal can lead to a distance within `limit` (Ukkonen's
  // band): a row costs 2 * limit + 1 cells, not b.length; cells beside the band read as over.
  const over = limit + 1;
  let previous = rowA;
  let current = rowB;
  for (let j = 0; j <= b.length; j++) previous[j] = j <= limit ? j : over;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - limit);
    const to = Math.min(b.length, i + limit);
    current[0] = i <= limit ? i : over;
    current[from - 1] = from === 1 ? current[0] : over;
    let rowMin = from === 1 ? current[0] : over;
    const ca = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      let value = previous[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      if (previous[j] + 1 < value) value = previous[j] + 1;
      if (current[j - 1] + 1 < value) value = current[j - 1] + 1;
      if (value > over) value = over;
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (to < b.length) current[to + 1] = over;
    if (rowMin > limit) return over;
    const swap = previous;
    previous = current;
    current = swap;
  }
  return Math.min(previous[b.length], over);
}

export interface SlugCandidate {
  slug: string;
  /** Lower-case words of the slug and the title (see `wordsOf`). */
  words: readonly string[];
  /** letterMask(slug), when precomputed. */
  letters?: number;
  /** pairMask(slug), when precomputed. */
  pairs?: [number, number];
}

/**
 * The distinct pairs of adjacent characters of the lower-cased text, hashed onto 64 bits (two
 * numbers). An edit removes at most two pairs and adds at most two, so the hashed sets of two texts
 * at distance k differ in at most 4k bits: a much sharper filter than single letters.
 */
export function pairMask(text: string): [number, number] {
  let low = 0;
  let high = 0;
  const lower = text.toLowerCase();
  for (let i = 1; i < lower.length; i++) {
    const bit = (lower.charCodeAt(i - 1) * 31 + lower.charCodeAt(i)) & 63;
    if (bit < 32) low |= 1 << bit;
    else high |= 1 << (bit - 32);
  }
  return [low, high];
}

/**
 * One bit per character that occurs in the lower-cased text (letters, digits folded onto six bits).
 * An edit changes at most two bits, so half the bits two slugs differ in is a lower bound of their
 * edit distance: most of 20,000 slugs are turned away without running the distance at all.
 */
export function letterMask(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i) | 32;
    if (code >= 97 && code <= 122) mask |= 1 << (code - 97);
    else if (code >= 48 && code <= 57) mask |= 1 << (26 + ((code - 48) % 6));
  }
  return mask;
}

function bitCount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * The existing slugs a writer most likely meant: close in spelling, or sharing the words of the
 * slug with the slug or title of an entry (`model-architecture` → `transformer-architecture`).
 */
/** For each candidate slug, how many of `words` it shares (an inverted word index answers this without a scan). */
export type SharedWords = (words: readonly string[]) => ReadonlyMap<string, number>;

/** How far (in edits) a slug may be from a typed one to be suggested. */
export function suggestionDistance(query: string): number {
  // Typos are a few characters off; allowing more only admits noise and costs a full distance per slug.
  return Math.min(3, Math.max(1, Math.floor(query.length / 4)));
}

export function nearestSlugs(query: string, candidates: Iterable<SlugCandidate>, limit = 3, sharedWords?: SharedWords): string[] {
  const normalized = query.toLowerCase();
  const maxDistance = suggestionDistance(normalized);
  const queryWords = [...new Set(wordsOf(normalized))];
  const queryLetters = letterMask(normalized);
  const [queryLow, queryHigh] = pairMask(normalized);
  const scores = new Map<string, number>();
  const byWords = new Map<string, readonly string[]>();
  // Near spellings: a scan of every slug, but one that turns most away by length and letters alone.
  for (const candidate of candidates) {
    const slug = candidate.slug;
    if (slug === query || Math.abs(slug.length - normalized.length) > maxDistance) {
      if (!sharedWords) byWords.set(slug, candidate.words);
      continue;
    }
    if (!sharedWords) byWords.set(slug, candidate.words);
    if (candidate.letters !== undefined && bitCount(queryLetters ^ candidate.letters) > 2 * maxDistance) continue;
    if (candidate.pairs !== undefined && bitCount(queryLow ^ candidate.pairs[0]) + bitCount(queryHigh ^ candidate.pairs[1]) > 4 * maxDistance) continue;
    const distance = boundedEditDistance(normalized, slug.toLowerCase(), maxDistance);
    if (distance <= maxDistance) scores.set(slug, distance);
  }
  // Shared words: from the inverted index when there is one, so only the slugs that share a word are visited.
  if (queryWords.length) {
    const common = sharedWords ? sharedWords(queryWords) : countShared(queryWords, byWords);
    for (const [slug, count] of common) {
      // Sharing most words is a weaker sign than a near spelling, so it ranks after those.
      if (slug === query || scores.has(slug) || count < Math.ceil(queryWords.length / 2)) continue;
      scores.set(slug, maxDistance + 1 + (queryWords.length - count));
    }
  }
  return [...scores].sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0])).slice(0, limit).map(([slug]) => slug);
}

function countShared(words: readonly string[], byWords: ReadonlyMap<string, readonly string[]>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [slug, candidateWords] of byWords) {
    let count = 0;
    for (const word of words) if (candidateWords.includes(word)) count++;
    if (count) counts.set(slug, count);
  }
  return counts;
}

/**
 * The slug a `related` value or a link target names, or undefined when it points outside the
 * glossary. Accepts a bare slug, a site path under the link prefix (`/glossary/x`, `/glossary/x/`)
 * and a sibling Markdown file (`x.md`, `./x.md`).
 */
export function slugFromReference(value: string, prefixes: string | readonly string[]): string | undefined {
  let target = value.trim().replace(/[?#].*$/, '');
  const prefix = (typeof prefixes === 'string' ? [prefixes] : prefixes).find((p) => p && target.startsWith(p));
  if (prefix) target = target.slice(prefix.length);
  else if (/^(\.\/)?[^/]+\.md$/i.test(target)) target = target.replace(/^\.\//, '');
  else if (target.includes('/') || target.includes(':')) return undefined;
  target = target.replace(/\/$/, '').replace(/\.md$/i, '');
  return target && !target.includes('/') ? target : undefined;
}

/** What a `related` value may start with before its slug: the site's link prefix and the configured path prefix. */
export function relatedPrefixes(settings: { linkPrefix: string; relatedPrefix: string }): string[] {
  return [settings.linkPrefix, settings.relatedPrefix].filter(Boolean).sort((a, b) => b.length - a.length);
}

/** The slug a body link points at, when it points at an entry: a site path under the prefix or a sibling `.md` file. */
export function entryLinkSlug(target: string, linkPrefix: string): string | undefined {
  if (!target.startsWith(linkPrefix) && !/\.md([?#]|$)/i.test(target)) return undefined;
  return slugFromReference(target, linkPrefix);
}

/**
 * A copy of `value` that shares no memory with the text it was cut from. V8 keeps a substring as a
 * view of its parent, so a title kept in the index would otherwise hold its whole file alive.
 */
export function detach<T extends string | undefined>(value: T): T {
  // Joining flattens into a fresh copy; the slice then views that copy, not the file's text.
  return (value === undefined ? value : ` ${value}`.slice(1)) as T;
}
