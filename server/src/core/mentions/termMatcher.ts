/**
 * Finds many terms in a text in one pass: a trie over the terms' words, walked from each word of
 * the text. Its cost grows with the text (times the words of the longest term), not with the
 * number of terms, so a 20,000-entry glossary costs a keystroke what a 20-entry one does.
 */

/** A term's words: runs of letters, digits and `_` (`Fine-Tuning` → `fine`, `tuning`), as typed. */
const WORD = /[\p{L}\p{N}_]+/gu;

/** Between two words of one mention: spaces, one line break or hyphens (`fine-tuning`, `fine tuning`, `fine\ntuning`). */
const JOINER = /^[ \t-]*(?:\r?\n|\r)?[ \t-]*$/;

export interface WordAt {
  word: string;
  start: number;
  end: number;
}

export function wordsIn(text: string, start = 0, end = text.length): WordAt[] {
  const words: WordAt[] = [];
  const slice = start === 0 && end === text.length ? text : text.slice(start, end);
  for (const match of slice.matchAll(WORD)) words.push({ word: match[0], start: start + match.index, end: start + match.index + match[0].length });
  return words;
}

/**
 * An abbreviation such as `LLM` or `RAG` is matched with its case: as a lower-case word it is
 * often an ordinary one (`rag`). Every other term matches whatever its case.
 */
export function isAbbreviation(term: string): boolean {
  return !/\p{Ll}/u.test(term) && (term.match(/\p{Lu}/gu)?.length ?? 0) >= 2;
}

interface Term {
  key: string;
  /** The lower-cased words joined by spaces: the key of its phrase. */
  phrase: string;
  /** The words as written, compared one by one when the term is an abbreviation. */
  words: string[] | undefined;
}

/** The words of one or more terms (a term's first words, or all of them). */
interface Phrase {
  /** The terms that are exactly these words. */
  terms: Term[] | undefined;
  /** How many terms have more words after these. */
  longer: number;
}

export interface TermMatch {
  start: number;
  end: number;
  /** The keys of the terms found here (two entries may share a title). */
  keys: string[];
}

/**
 * The trie is kept flat: one map from each phrase (`large`, `large language`, `large language
 * model`) to what ends or continues there, rather than a node and a map per word, which was
 * ~20 MB of a 20,000-entry index.
 */
export class TermMatcher {
  private readonly phrases = new Map<string, Phrase>();
  private readonly termsByKey = new Map<string, Term[]>();
  private longest = 0;

  get size(): number {
    return this.termsByKey.size;
  }

  /** Replaces the terms of `key` (none: removes it). */
  set(key: string, terms: readonly string[]): void {
    this.delete(key);
    const kept: Term[] = [];
    for (const text of terms) {
      const words = wordsIn(text).map((word) => word.word);
      if (!words.length) continue;
      const lower = words.map((word) => word.toLowerCase());
      const term: Term = { key, phrase: lower.join(' '), words: isAbbreviation(text) ? words : undefined };
      let phrase = '';
      lower.forEach((word, k) => {
        phrase = k ? `${phrase} ${word}` : word;
        let node = this.phrases.get(phrase);
        if (!node) this.phrases.set(phrase, (node = { terms: undefined, longer: 0 }));
        if (k < lower.length - 1) node.longer++;
        else (node.terms ??= []).push(term);
      });
      kept.push(term);
      this.longest = Math.max(this.longest, words.length);
    }
    if (kept.length) this.termsByKey.set(key, kept);
  }

  delete(key: string): void {
    const terms = this.termsByKey.get(key);
    if (!terms) return;
    this.termsByKey.delete(key);
    for (const term of terms) this.unlink(term);
  }

  private unlink(term: Term): void {
    const lower = term.phrase.split(' ');
    let phrase = '';
    lower.forEach((word, k) => {
      phrase = k ? `${phrase} ${word}` : word;
      const node = this.phrases.get(phrase);
      if (!node) return;
      if (k < lower.length - 1) node.longer--;
      else {
        node.terms = node.terms?.filter((other) => other !== term);
        if (!node.terms?.length) node.terms = undefined;
      }
      // A phrase that no longer leads to any term goes.
      if (!node.terms && node.longer <= 0) this.phrases.delete(phrase);
    });
  }

  /**
   * The terms in `text[start, end)`, leftmost first and longest first where terms overlap
   * (`large language model` rather than `language model`), not overlapping one another.
   */
  find(text: string, start = 0, end = text.length): TermMatch[] {
    const words = wordsIn(text, start, end);
    const found: TermMatch[] = [];
    for (let i = 0; i < words.length; ) {
      let phrase = words[i].word.toLowerCase();
      let node = this.phrases.get(phrase);
      let best: TermMatch | undefined;
      let bestLength = 0;
      for (let j = i; node; ) {
        if (node.terms) {
          const keys = keysMatching(node.terms, words, i);
          if (keys.length) {
            best = { start: words[i].start, end: words[j].end, keys };
            bestLength = j - i + 1;
          }
        }
        if (!node.longer || j + 1 >= words.length || j + 1 - i >= this.longest || !JOINER.test(text.slice(words[j].end, words[j + 1].start))) break;
        j++;
        phrase = `${phrase} ${words[j].word.toLowerCase()}`;
        node = this.phrases.get(phrase);
      }
      if (best) found.push(best);
      i += best ? bestLength : 1;
    }
    return found;
  }
}

function keysMatching(terms: readonly Term[], words: readonly WordAt[], from: number): string[] {
  const keys: string[] = [];
  for (const term of terms) {
    if (term.words && !term.words.every((word, k) => words[from + k].word === word)) continue;
    if (!keys.includes(term.key)) keys.push(term.key);
  }
  return keys;
}
