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
 * The `limit` best of `items` by `better` (true when a ranks before b), in order. A bounded heap:
 * a completion over 20,000 entries sorts 100 of them, not all.
 */
export function topRanked<T>(items: Iterable<T>, limit: number, better: (a: T, b: T) => boolean): { top: T[]; total: number } {
  const heap: T[] = [];
  let total = 0;
  // The heap's root is the worst item kept, so a newcomer needs one comparison to be turned away.
  const worse = (i: number, j: number) => better(heap[j], heap[i]);
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j], heap[i]]);
  const siftDown = (start: number) => {
    for (let i = start; ;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < heap.length && worse(left, worst)) worst = left;
      if (right < heap.length && worse(right, worst)) worst = right;
      if (worst === i) return;
      swap(i, worst);
      i = worst;
    }
  };
  for (const item of items) {
    total++;
    if (limit <= 0) continue;
    if (heap.length < limit) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if (!worse(i, parent)) break;
        swap(i, parent);
        i = parent;
      }
    } else if (better(item, heap[0])) {
      heap[0] = item;
      siftDown(0);
    }
  }
  return { top: heap.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0)), total };
}
