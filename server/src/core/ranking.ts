import type { EntrySummary } from './glossaryIndex';

/**
 * How well an entry matches what was typed, or -1 for no match. A prefix of the slug ranks
 * first, then a prefix of any word of the slug or title, then the typed letters in order in the slug.
 */
export function matchScore(entry: EntrySummary, query: string): number {
  if (query === '') return 0;
  if (/\s/.test(query)) {
    // Several words (`fine t`, `language model`): each must start a word of the slug or title.
    const parts = query.split(/\s+/).filter(Boolean);
    return parts.every((part) => entry.words.some((word) => word.startsWith(part))) ? 2500 - entry.slug.length : -1;
  }
  const slug = entry.slug.toLowerCase();
  if (slug.startsWith(query)) return 4000 - slug.length;
  for (const word of entry.words) if (word.startsWith(query)) return 3000 - slug.length;
  if (entry.title && entry.title.toLowerCase().startsWith(query)) return 3000 - slug.length;
  let position = 0;
  let gaps = 0;
  for (let i = 0; i < query.length; i++) {
    const found = slug.indexOf(query[i], position);
    if (found === -1) return -1;
    if (found !== position) gaps++;
    position = found + 1;
  }
  return 1000 - gaps * 10 - slug.length;
}

export function compareSlugs(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
