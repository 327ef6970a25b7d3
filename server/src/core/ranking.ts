import { inOrderScore, letterMask, MATCH_SCORE, startsEveryWord, typedQuery } from './fuzzy/match';
import type { EntrySummary, GlossaryIndex } from './glossaryIndex';

/** Marks in SlugSearch's per-entry scores: not matched yet; not matched by every typed word either. */
const UNSCORED = -1;
const NOT_EVERY_WORD = -2;

/**
 * Slug matching without visiting every entry: the scores of `matchScore` (fuzzy/match.ts), found
 * faster. Rebuilt when the index's slugs or titles change: the lower-case slugs, title words and
 * titles sorted in one array, so the entries a typed prefix starts are one binary search away;
 * only the "letters in order" matches need a pass over all entries, and a bit mask of each slug's
 * letters turns most away at once.
 */
export class SlugSearch {
  private version = -1;
  private uris: string[] = [];
  /** The slugs as written (ties are broken on these) and lower-cased (matched against). */
  private slugs: string[] = [];
  private lowerSlugs: string[] = [];
  private letters = new Int32Array(0);
  /** Sorted lower-case slugs, words and titles; for each, its entry and whether it is the slug. */
  private keys: string[] = [];
  private keyEntry = new Int32Array(0);
  private keyIsSlug = new Uint8Array(0);
  /** Per entry, during a query: the score found so far, UNSCORED, or NOT_EVERY_WORD once that was checked. */
  private found = new Float64Array(0);

  constructor(private readonly index: GlossaryIndex) {}

  private refresh(): void {
    if (this.version === this.index.slugVersion) return;
    const size = this.index.size;
    this.uris = new Array(size);
    this.slugs = new Array(size);
    this.lowerSlugs = new Array(size);
    this.letters = new Int32Array(size);
    this.found = new Float64Array(size).fill(UNSCORED);
    const keyed: { key: string; entry: number; isSlug: boolean }[] = [];
    let i = 0;
    for (const entry of this.index.entries()) {
      const lower = entry.slugLower ?? entry.slug;
      this.uris[i] = entry.uri;
      this.slugs[i] = entry.slug;
      this.lowerSlugs[i] = lower;
      this.letters[i] = entry.letters ?? letterMask(lower);
      keyed.push({ key: lower, entry: i, isSlug: true });
      for (const word of entry.words) if (word !== lower) keyed.push({ key: word, entry: i, isSlug: false });
      if (entry.titleLower !== undefined) keyed.push({ key: entry.titleLower, entry: i, isSlug: false });
      i++;
    }
    keyed.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    this.keys = keyed.map((k) => k.key);
    this.keyEntry = Int32Array.from(keyed, (k) => k.entry);
    this.keyIsSlug = Uint8Array.from(keyed, (k) => (k.isSlug ? 1 : 0));
    this.version = this.index.slugVersion;
  }

  private firstKeyAtLeast(value: string): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.keys[middle] < value) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /**
   * Calls `found` with each entry matching `query` and its score, as `matchScore` gives it for the
   * lower-case slug, the words of slug and title, and the title. An empty query matches every
   * entry with score 0. `wanted(score, slug)`, when given, turns entries away before they are
   * looked up (a full list of the best so far needs no worse ones). Returns how many matched.
   */
  forEachMatch(query: string, found: (entry: EntrySummary, score: number) => void, wanted?: (score: number, slug: string) => boolean): number {
    this.refresh();
    const { uris, slugs, lowerSlugs, letters, index } = this;
    let matches = 0;
    const visit = (i: number, score: number) => {
      matches++;
      if (wanted && !wanted(score, slugs[i])) return;
      const entry = index.entryAt(uris[i]);
      if (entry) found(entry, score);
    };
    if (query === '') {
      for (let i = 0; i < uris.length; i++) visit(i, 0);
      return matches;
    }
    const typed = typedQuery(query);
    const { keys, keyEntry, keyIsSlug, found: scores } = this;
    const touched: number[] = [];
    // A prefix of the slug, of one of its words or of the title: the keys that start with the query.
    for (let k = this.firstKeyAtLeast(typed.text); k < keys.length && keys[k].startsWith(typed.text); k++) {
      const i = keyEntry[k];
      const score = (keyIsSlug[k] ? MATCH_SCORE.namePrefix : MATCH_SCORE.wordPrefix) - lowerSlugs[i].length;
      if (scores[i] === UNSCORED) touched.push(i);
      if (score > scores[i]) scores[i] = score;
    }
    // Several typed words, each starting a word: only entries with a word starting with the longest can qualify.
    if (typed.parts.length > 1) {
      const longest = typed.parts.reduce((a, b) => (b.length > a.length ? b : a));
      for (let k = this.firstKeyAtLeast(longest); k < keys.length && keys[k].startsWith(longest); k++) {
        const i = keyEntry[k];
        if (scores[i] !== UNSCORED) continue;
        const entry = index.entryAt(uris[i]);
        scores[i] = entry && startsEveryWord(typed, entry.words) ? MATCH_SCORE.everyWord - lowerSlugs[i].length : NOT_EVERY_WORD;
        touched.push(i);
      }
    }
    for (const i of touched) if (scores[i] >= 0) visit(i, scores[i]);
    // Letters in order in the slug: it must hold every letter typed, which most slugs fail at once.
    const needed = letterMask(typed.letters);
    for (let i = 0; i < (typed.spaced ? 0 : uris.length); i++) {
      if (scores[i] >= 0 || (letters[i] & needed) !== needed) continue;
      const score = inOrderScore(lowerSlugs[i], typed.letters);
      if (score >= 0) visit(i, score);
    }
    for (const i of touched) scores[i] = UNSCORED;
    return matches;
  }
}

const searches = new WeakMap<GlossaryIndex, SlugSearch>();

/** The SlugSearch of `index`, made on first use and kept as long as the index. */
export function slugSearchOf(index: GlossaryIndex): SlugSearch {
  let search = searches.get(index);
  if (!search) searches.set(index, (search = new SlugSearch(index)));
  return search;
}

/**
 * The `limit` best entries by score (ties: the smaller slug), fed one at a time. A bounded heap
 * kept in parallel arrays: a completion over 20,000 entries allocates nothing per candidate and
 * sorts only the `limit` it keeps.
 */
export class BestEntries {
  private offers = 0;
  private readonly entries: EntrySummary[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly limit: number) {}

  /** True when entry i ranks below entry j (the heap's root is the worst kept). */
  private below(i: number, j: number): boolean {
    const a = this.scores[i];
    const b = this.scores[j];
    return a < b || (a === b && this.entries[i].slug > this.entries[j].slug);
  }

  private swap(i: number, j: number): void {
    const entries = this.entries;
    const scores = this.scores;
    const entry = entries[i];
    entries[i] = entries[j];
    entries[j] = entry;
    const score = scores[i];
    scores[i] = scores[j];
    scores[j] = score;
  }

  /** False when an entry of this score and slug could not be kept (the list is full of better ones). */
  wants(score: number, slug: string): boolean {
    if (this.entries.length < this.limit) return this.limit > 0;
    const worst = this.scores[0];
    return score > worst || (score === worst && slug < this.entries[0].slug);
  }

  /** How many were offered. */
  get offered(): number {
    return this.offers;
  }

  offer(entry: EntrySummary, score: number): void {
    this.offers++;
    if (this.limit <= 0) return;
    const entries = this.entries;
    if (entries.length < this.limit) {
      entries.push(entry);
      this.scores.push(score);
      for (let i = entries.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if (!this.below(i, parent)) break;
        this.swap(i, parent);
        i = parent;
      }
      return;
    }
    const worst = this.scores[0];
    if (score < worst || (score === worst && entry.slug >= entries[0].slug)) return;
    entries[0] = entry;
    this.scores[0] = score;
    for (let i = 0; ;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let lowest = i;
      if (left < entries.length && this.below(left, lowest)) lowest = left;
      if (right < entries.length && this.below(right, lowest)) lowest = right;
      if (lowest === i) return;
      this.swap(i, lowest);
      i = lowest;
    }
  }

  /** The kept entries, best first. */
  best(): EntrySummary[] {
    const order = this.entries.map((_, i) => i);
    order.sort((i, j) => (this.below(j, i) ? -1 : this.below(i, j) ? 1 : 0));
    return order.map((i) => this.entries[i]);
  }
}
