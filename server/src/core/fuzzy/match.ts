/**
 * How well a typed text matches a name, for completion and workspace symbols: slugs and icon names
 * alike. Higher is better; -1 is no match. Within each kind of match, shorter names rank first.
 */
export const MATCH_SCORE = {
  /** The name starts with the typed text. */
  namePrefix: 4000,
  /** A word of the name (or the title) starts with it. */
  wordPrefix: 3000,
  /** Several typed words, each starting a word of the name or title, in any order. */
  everyWord: 2500,
  /** The typed letters in order in the name; each gap between them costs `perGap`. */
  inOrder: 1000,
  perGap: 10,
} as const;

/** What was typed, taken apart once per request rather than once per name. */
export interface TypedQuery {
  /** Lower-case, as typed. */
  text: string;
  /** Its words: separated by spaces or hyphens. */
  parts: string[];
  /** Its characters without the separators, for the letters-in-order match. */
  letters: string;
  /**
   * Whether it holds a space: typed words then, not letters, so the letters-in-order match is
   * left out (`fine tun` asks for words starting so; and completion skips a pass over every entry).
   */
  spaced: boolean;
}

const SEPARATORS = /[\s-]+/;

export function typedQuery(typed: string): TypedQuery {
  const text = typed.toLowerCase();
  const parts = text.split(SEPARATORS).filter(Boolean);
  return { text, parts, letters: parts.join(''), spaced: /\s/.test(text) };
}

/**
 * The score of `name` (lower-case) for `query`. `words` are the lower-case words of the name and
 * of its title, `title` the lower-case title when there is one.
 */
export function matchScore(query: TypedQuery, name: string, words: readonly string[], title?: string): number {
  if (query.text === '') return 0;
  if (name.startsWith(query.text)) return MATCH_SCORE.namePrefix - name.length;
  if (words.some((word) => word.startsWith(query.text)) || title?.startsWith(query.text)) return MATCH_SCORE.wordPrefix - name.length;
  if (startsEveryWord(query, words)) return MATCH_SCORE.everyWord - name.length;
  return query.spaced ? -1 : inOrderScore(name, query.letters);
}

/** True when the query has several words and each starts a word of `words`. */
export function startsEveryWord(query: TypedQuery, words: readonly string[]): boolean {
  return query.parts.length > 1 && query.parts.every((part) => words.some((word) => word.startsWith(part)));
}

/** The letters-in-order score of `name` for `letters` (see MATCH_SCORE.inOrder), or -1 when they are not all there in order. */
export function inOrderScore(name: string, letters: string): number {
  let position = 0;
  let gaps = 0;
  for (let k = 0; k < letters.length; k++) {
    const found = name.indexOf(letters[k], position);
    if (found === -1) return -1;
    if (found !== position) gaps++;
    position = found + 1;
  }
  return MATCH_SCORE.inOrder - gaps * MATCH_SCORE.perGap - name.length;
}

/**
 * One bit per character that occurs in the lower-cased text (letters, digits folded onto six bits).
 * A name lacking a bit of the typed letters cannot hold them in order, so most names are turned
 * away without a search.
 */
export function letterMask(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i++) mask |= letterBit(text.charCodeAt(i));
  return mask;
}

/** The bit of letterMask a character sets: its letter's, case ignored, or its digit's; 0 for any other. */
export function letterBit(code: number): number {
  const lower = code | 32;
  if (lower >= 97 && lower <= 122) return 1 << (lower - 97);
  return lower >= 48 && lower <= 57 ? 1 << (26 + ((lower - 48) % 6)) : 0;
}
