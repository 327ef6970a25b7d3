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
  /** The words as written, compared one by one when the term is an abbreviation. */
  words: string[];
  caseSensitive: boolean;
}

interface TrieNode {
  next: Map<string, TrieNode> | undefined;
  terms: Term[] | undefined;
}

export interface TermMatch {
  start: number;
  end: number;
  /** The keys of the terms found here (two entries may share a title). */
  keys: string[];
}

function newNode(): TrieNode {
  return { next: undefined, terms: undefined };
}

export class TermMatcher {
  private readonly root = newNode();
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
      const term: Term = { key, words, caseSensitive: isAbbreviation(text) };
      let node = this.root;
      for (const word of words) {
        const lower = word.toLowerCase();
        node.next ??= new Map();
        let child = node.next.get(lower);
        if (!child) node.next.set(lower, (child = newNode()));
        node = child;
      }
      (node.terms ??= []).push(term);
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
    const path: TrieNode[] = [this.root];
    for (const word of term.words) {
      const child = path[path.length - 1].next?.get(word.toLowerCase());
      if (!child) return;
      path.push(child);
    }
    const last = path[path.length - 1];
    last.terms = last.terms?.filter((other) => other !== term);
    if (!last.terms?.length) last.terms = undefined;
    // Prune the branch that no longer leads to any term.
    for (let depth = term.words.length; depth > 0; depth--) {
      const node = path[depth];
      if (node.terms || node.next?.size) break;
      path[depth - 1].next!.delete(term.words[depth - 1].toLowerCase());
    }
  }

  /**
   * The terms in `text[start, end)`, leftmost first and longest first where terms overlap
   * (`large language model` rather than `language model`), not overlapping one another.
   */
  find(text: string, start = 0, end = text.length): TermMatch[] {
    const words = wordsIn(text, start, end);
    const found: TermMatch[] = [];
    for (let i = 0; i < words.length; ) {
      let node: TrieNode | undefined = this.root;
      let best: TermMatch | undefined;
      let bestLength = 0;
      for (let j = i; j < words.length && j - i < this.longest; j++) {
        if (j > i && !JOINER.test(text.slice(words[j - 1].end, words[j].start))) break;
        node = node.next?.get(words[j].word.toLowerCase());
        if (!node) break;
        if (!node.terms) continue;
        const keys = keysMatching(node.terms, words, i);
        if (keys.length) {
          best = { start: words[i].start, end: words[j].end, keys };
          bestLength = j - i + 1;
        }
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
    if (term.caseSensitive && !term.words.every((word, k) => words[from + k].word === word)) continue;
    if (!keys.includes(term.key)) keys.push(term.key);
  }
  return keys;
}
