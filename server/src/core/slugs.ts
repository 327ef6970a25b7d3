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
export function boundedEditDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (a === b) return 0;
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    [previous, current] = [current, previous];
  }
  return previous[b.length];
}

export interface SlugCandidate {
  slug: string;
  /** Lower-case words of the slug and the title (see `wordsOf`). */
  words: readonly string[];
  /** letterMask(slug), when precomputed. */
  letters?: number;
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
export function nearestSlugs(query: string, candidates: Iterable<SlugCandidate>, limit = 3): string[] {
  const normalized = query.toLowerCase();
  // Typos are a few characters off; allowing more only admits noise and costs a full distance per slug.
  const maxDistance = Math.min(3, Math.max(1, Math.floor(normalized.length / 4)));
  const queryWords = new Set(wordsOf(normalized));
  const queryLetters = letterMask(normalized);
  const scored: { slug: string; score: number }[] = [];
  for (const candidate of candidates) {
    if (candidate.slug === query) continue;
    const tooFar = candidate.letters !== undefined && bitCount(queryLetters ^ candidate.letters) > 2 * maxDistance;
    const distance = tooFar ? maxDistance + 1 : boundedEditDistance(normalized, candidate.slug.toLowerCase(), maxDistance);
    let score = distance <= maxDistance ? distance : Infinity;
    if (queryWords.size && score === Infinity) {
      let shared = 0;
      for (const word of queryWords) if (candidate.words.includes(word)) shared++;
      // Sharing most words is a weaker sign than a near spelling, so it ranks after those.
      if (shared > 0 && shared >= Math.ceil(queryWords.size / 2)) score = maxDistance + 1 + (queryWords.size - shared);
    }
    if (score !== Infinity) scored.push({ slug: candidate.slug, score });
  }
  scored.sort((x, y) => x.score - y.score || x.slug.localeCompare(y.slug));
  return scored.slice(0, limit).map((s) => s.slug);
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
  return (value === undefined ? value : JSON.parse(JSON.stringify(value))) as T;
}
