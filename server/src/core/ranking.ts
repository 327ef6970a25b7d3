import type { EntrySummary, GlossaryIndex } from './glossaryIndex';
import { letterMask } from './slugs';

/**
 * What slug matching reads of every entry, in flat arrays rebuilt when the index's slugs or titles
 * change: one pass over 20,000 entries then reads a few arrays instead of 20,000 objects of
 * assorted shapes.
 */
export class SlugSearch {
  private version = -1;
  private uris: string[] = [];
  private slugs: string[] = [];
  private titles: (string | undefined)[] = [];
  private words: string[][] = [];
  private letters = new Int32Array(0);

  constructor(private readonly index: GlossaryIndex) {}

  private refresh(): void {
    if (this.version === this.index.slugVersion) return;
    const size = this.index.size;
    this.uris = new Array(size);
    this.slugs = new Array(size);
    this.titles = new Array(size);
    this.words = new Array(size);
    this.letters = new Int32Array(size);
    let i = 0;
    for (const entry of this.index.entries()) {
      const slug = entry.slugLower ?? entry.slug;
      this.uris[i] = entry.uri;
      this.slugs[i] = slug;
      this.titles[i] = entry.titleLower;
      this.words[i] = entry.words;
      this.letters[i] = entry.letters ?? letterMask(slug);
      i++;
    }
    this.version = this.index.slugVersion;
  }

  /**
   * Calls `found` with each entry matching `query` (lower-case) and its score, or nothing for no
   * match: a prefix of the slug ranks first, then a prefix of any word of the slug or title (or of
   * the title), then the typed letters in order in the slug; several words must each start a word.
   * An empty query matches every entry with score 0.
   */
  forEachMatch(query: string, found: (entry: EntrySummary, score: number) => void): void {
    this.refresh();
    const { uris, slugs, titles, words, letters, index } = this;
    const visit = (i: number, score: number) => {
      const entry = index.entryAt(uris[i]);
      if (entry) found(entry, score);
    };
    if (query === '') {
      for (let i = 0; i < uris.length; i++) visit(i, 0);
      return;
    }
    if (/\s/.test(query)) {
      const parts = query.split(/\s+/).filter(Boolean);
      for (let i = 0; i < uris.length; i++) if (parts.every((part) => words[i].some((word) => word.startsWith(part)))) visit(i, 2500 - slugs[i].length);
      return;
    }
    const needed = letterMask(query);
    const first = query[0];
    for (let i = 0; i < uris.length; i++) {
      const slug = slugs[i];
      if (slug.startsWith(query)) {
        visit(i, 4000 - slug.length);
        continue;
      }
      if (startsAnyWord(words[i], query) || titles[i]?.startsWith(query)) {
        visit(i, 3000 - slug.length);
        continue;
      }
      // Letters in order in the slug: it must hold every letter typed, which most slugs fail at once.
      if ((letters[i] & needed) !== needed) continue;
      let position = slug.indexOf(first);
      if (position === -1) continue;
      let gaps = position === 0 ? 0 : 1;
      position++;
      let matched = true;
      for (let k = 1; k < query.length; k++) {
        const at = slug.indexOf(query[k], position);
        if (at === -1) {
          matched = false;
          break;
        }
        if (at !== position) gaps++;
        position = at + 1;
      }
      if (matched) visit(i, 1000 - gaps * 10 - slug.length);
    }
  }
}

function startsAnyWord(words: readonly string[], query: string): boolean {
  for (let i = 0; i < words.length; i++) if (words[i].startsWith(query)) return true;
  return false;
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
  /** How many were offered. */
  total = 0;
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

  offer(entry: EntrySummary, score: number): void {
    this.total++;
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
