import type { EntrySummary } from './glossaryIndex';

/**
 * How well an entry matches what was typed, or -1 for no match. A prefix of the slug ranks
 * first, then a prefix of any word of the slug or title, then the typed letters in order in the slug.
 */
/**
 * A scorer for one query, prepared once and then run over every entry: the per-query work (is it
 * several words?) stays out of the loop over 20,000 entries.
 */
export function slugMatcher(query: string): (entry: EntrySummary) => number {
  if (query === '') return () => 0;
  if (/\s/.test(query)) {
    // Several words (`fine t`, `language model`): each must start a word of the slug or title.
    const parts = query.split(/\s+/).filter(Boolean);
    return (entry) => (parts.every((part) => entry.words.some((word) => word.startsWith(part))) ? 2500 - entry.slug.length : -1);
  }
  const first = query[0];
  return (entry) => {
    const slug = entry.slugLower ?? entry.slug;
    if (slug.startsWith(query)) return 4000 - slug.length;
    for (const word of entry.words) if (word.startsWith(query)) return 3000 - slug.length;
    const title = entry.titleLower;
    if (title !== undefined && title.startsWith(query)) return 3000 - slug.length;
    // Letters in order in the slug: the first must be there at all, which most slugs fail fast.
    let position = slug.indexOf(first);
    if (position === -1) return -1;
    let gaps = position === 0 ? 0 : 1;
    position++;
    for (let i = 1; i < query.length; i++) {
      const found = slug.indexOf(query[i], position);
      if (found === -1) return -1;
      if (found !== position) gaps++;
      position = found + 1;
    }
    return 1000 - gaps * 10 - slug.length;
  };
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
