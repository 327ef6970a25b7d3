/**
 * Finds many terms in a text in one pass: a trie over the terms' words, walked from each word of
 * the text. Its cost grows with the text (times the words of the longest term), not with the
 * number of terms, so a 20,000-entry glossary costs a keystroke what a 20-entry one does.
 *
 * The CLI runs this over every entry of a glossary (a million words at 20,000 entries), so the
 * text is read without a string or object per word: words are found by character codes, the trie
 * is keyed by a hash of the lower-cased word, and a word is only compared where its hash leads.
 */

/** One character of a word beyond ASCII. */
const WORD_CHARACTER = /^[\p{L}\p{N}]$/u;

export interface WordAt {
  word: string;
  start: number;
  end: number;
}

/**
 * The words of `text[start, end)`: runs of letters, digits and `_` (`/[\p{L}\p{N}_]+/u`;
 * `Fine-Tuning` → `Fine`, `Tuning`), as typed.
 */
export function wordsIn(text: string, start = 0, end = text.length): WordAt[] {
  // Read by character codes, as WordScan reads: each match of a pattern is an array with three
  // properties, and the words of 20,000 titles made 59 MB of garbage on the main thread while
  // indexing, most of it match arrays.
  const words: WordAt[] = [];
  const unitsAt = (at: number) => {
    const units = wordUnitsAt(text, at);
    return at + units > end ? 0 : units;
  };
  let at = start;
  while (at < end) {
    let units = unitsAt(at);
    if (units === 0) {
      at++;
      continue;
    }
    const wordStart = at;
    while (units > 0) {
      at += units;
      units = at < end ? unitsAt(at) : 0;
    }
    words.push({ word: text.slice(wordStart, at), start: wordStart, end: at });
  }
  return words;
}

/**
 * An abbreviation such as `LLM` or `RAG` is matched with its case: as a lower-case word it is
 * often an ordinary one (`rag`). Every other term matches whatever its case.
 */
export function isAbbreviation(term: string): boolean {
  return !/\p{Ll}/u.test(term) && (term.match(/\p{Lu}/gu)?.length ?? 0) >= 2;
}

/**
 * A term of a key. Kept small, one per title of the glossary: its text (the title's own string)
 * is read again for its words when the term is removed, and only an abbreviation keeps its words.
 */
interface Term {
  key: string;
  text: string;
  /** An abbreviation's words as written, compared one by one (see isAbbreviation); undefined for a term that matches whatever its case. */
  caseWords: string[] | undefined;
}

/** The words of a term's text, as written (`Fine-Tuning` → `Fine`, `Tuning`): what the trie is keyed by. */
export function termWords(text: string): string[] {
  return wordsIn(text).map((word) => word.word);
}

interface TrieNode {
  /** The lower-cased word that leads here from the parent. */
  word: string;
  /** Children by the hash of their word (see wordHash); a child whose hash another already holds hangs off it. */
  next: Map<number, TrieNode> | undefined;
  /** Another child of the same parent with the same hash. */
  sameHash: TrieNode | undefined;
  terms: Term[] | undefined;
  /** The distinct keys of `terms` when none is matched with its case (shared by every match here); else undefined. */
  keys: string[] | undefined;
}

export interface TermMatch {
  start: number;
  end: number;
  /** The keys of the terms found here (two entries may share a title). */
  keys: string[];
}

function newNode(word: string): TrieNode {
  return { word, next: undefined, sameHash: undefined, terms: undefined, keys: undefined };
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;

/** FNV-1a of a lower-cased word's character codes, kept a small integer (V8 keys maps by those fastest). */
function wordHash(lower: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < lower.length; i++) hash = Math.imul(hash ^ lower.charCodeAt(i), FNV_PRIME);
  return hash & 0x3fffffff;
}

/** Per ASCII code: 1 for a word character (letter, digit, `_`), 0 otherwise. */
const ASCII_WORD = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  ASCII_WORD[code] = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 ? 1 : 0;
}

/** Whether the code point at `at` is a word character, and how many code units it takes (0: not one). */
function wordUnitsAt(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code < 128) return ASCII_WORD[code];
  if (code >= 0xd800 && code <= 0xdbff && at + 1 < text.length) {
    const low = text.charCodeAt(at + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return WORD_CHARACTER.test(text.slice(at, at + 2)) ? 2 : 0;
  }
  return WORD_CHARACTER.test(text[at]) ? 1 : 0;
}

/**
 * The words of a text, kept in reused arrays: where each starts and ends, the hash of its
 * lower-cased form, and that form where the word is not plain ASCII (hashing and comparing such a
 * word needs the string; an ASCII word is compared character by character in the text).
 */
class WordScan {
  starts = new Int32Array(256);
  ends = new Int32Array(256);
  hashes = new Int32Array(256);
  lowerForms: (string | undefined)[] = [];
  count = 0;

  read(text: string, start: number, end: number): void {
    this.count = 0;
    this.lowerForms.length = 0;
    let at = start;
    while (at < end) {
      let units = wordUnitsAt(text, at);
      if (units === 0 || at + units > end) {
        at++;
        continue;
      }
      const wordStart = at;
      let hash = FNV_OFFSET;
      let ascii = true;
      while (units > 0 && at + units <= end) {
        if (units === 1) {
          let code = text.charCodeAt(at);
          if (code >= 128) ascii = false;
          else if (code >= 65 && code <= 90) code |= 32;
          hash = Math.imul(hash ^ code, FNV_PRIME);
        } else ascii = false;
        at += units;
        units = at < end ? wordUnitsAt(text, at) : 0;
      }
      this.push(wordStart, at, ascii ? hash & 0x3fffffff : undefined, ascii ? undefined : text.slice(wordStart, at).toLowerCase());
    }
  }

  private push(start: number, end: number, asciiHash: number | undefined, lower: string | undefined): void {
    if (this.count === this.starts.length) {
      const grow = (array: Int32Array) => {
        const larger = new Int32Array(array.length * 2);
        larger.set(array);
        return larger;
      };
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
      this.hashes = grow(this.hashes);
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.hashes[this.count] = asciiHash ?? wordHash(lower!);
    if (lower !== undefined) this.lowerForms[this.count] = lower;
    this.count++;
  }
}

/** Whether the text between two words joins them into one mention: spaces, tabs, hyphens and at most one line break. */
function joins(text: string, from: number, to: number): boolean {
  let breaks = 0;
  for (let at = from; at < to; at++) {
    const code = text.charCodeAt(at);
    if (code === 32 || code === 9 || code === 45) continue;
    if (code === 13) {
      if (at + 1 < to && text.charCodeAt(at + 1) === 10) at++;
    } else if (code !== 10) return false;
    if (++breaks > 1) return false;
  }
  return true;
}

/** Whether the ASCII word at `text[start, end)` is `lower` but for case. */
function sameAsciiWord(text: string, start: number, end: number, lower: string): boolean {
  if (end - start !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) {
    let code = text.charCodeAt(start + i);
    if (code >= 65 && code <= 90) code |= 32;
    if (code !== lower.charCodeAt(i)) return false;
  }
  return true;
}

export class TermMatcher {
  private readonly root = newNode('');
  /** The term of a key, or its terms when it has several (most keys have one title and no alias). */
  private readonly termsByKey = new Map<string, Term | Term[]>();
  private readonly scan = new WordScan();
  private longest = 0;

  get size(): number {
    return this.termsByKey.size;
  }

  /** Replaces the terms of `key` (none: removes it). */
  set(key: string, terms: readonly string[]): void {
    this.delete(key);
    const kept: Term[] = [];
    for (const text of terms) {
      const words = termWords(text);
      if (!words.length) continue;
      const term: Term = { key, text, caseWords: isAbbreviation(text) ? words : undefined };
      let node = this.root;
      for (const word of words) {
        const lower = word.toLowerCase();
        node = childOf(node, lower) ?? addChild(node, lower);
      }
      (node.terms ??= []).push(term);
      node.keys = keysIgnoringCase(node.terms);
      kept.push(term);
      this.longest = Math.max(this.longest, words.length);
    }
    if (kept.length) this.termsByKey.set(key, kept.length === 1 ? kept[0] : kept);
  }

  delete(key: string): void {
    const terms = this.termsByKey.get(key);
    if (!terms) return;
    this.termsByKey.delete(key);
    for (const term of Array.isArray(terms) ? terms : [terms]) this.unlink(term);
  }

  private unlink(term: Term): void {
    const words = term.caseWords ?? termWords(term.text);
    const path: TrieNode[] = [this.root];
    for (const word of words) {
      const child = childOf(path[path.length - 1], word.toLowerCase());
      if (!child) return;
      path.push(child);
    }
    const last = path[path.length - 1];
    last.terms = last.terms?.filter((other) => other !== term);
    if (!last.terms?.length) last.terms = undefined;
    last.keys = last.terms && keysIgnoringCase(last.terms);
    // Prune the branch that no longer leads to any term.
    for (let depth = words.length; depth > 0; depth--) {
      const node = path[depth];
      if (node.terms || node.next?.size) break;
      removeChild(path[depth - 1], node);
    }
  }

  /**
   * The terms in `text[start, end)`, leftmost first and longest first where terms overlap
   * (`large language model` rather than `language model`), not overlapping one another.
   */
  find(text: string, start = 0, end = text.length): TermMatch[] {
    const found: TermMatch[] = [];
    this.forEach(text, start, end, (matchStart, matchEnd, keys) => found.push({ start: matchStart, end: matchEnd, keys: keys.slice() }));
    return found;
  }

  /** `find` without an object per match: `keys` may be shared between calls and must not be changed. */
  forEach(text: string, start: number, end: number, visit: (start: number, end: number, keys: readonly string[]) => void): void {
    if (!this.root.next) return;
    const words = this.scan;
    words.read(text, start, end);
    const { starts, ends, hashes, lowerForms, count } = words;
    for (let i = 0; i < count; ) {
      let node: TrieNode | undefined = this.root;
      let bestKeys: readonly string[] | undefined;
      let bestLength = 0;
      for (let j = i; j < count && j - i < this.longest; j++) {
        if (j > i && !joins(text, ends[j - 1], starts[j])) break;
        node = node.next?.get(hashes[j]);
        const lower = lowerForms[j];
        while (node && !(lower === undefined ? sameAsciiWord(text, starts[j], ends[j], node.word) : lower === node.word)) node = node.sameHash;
        if (!node) break;
        if (!node.terms) continue;
        const keys = node.keys ?? keysMatching(node.terms, text, starts, ends, i);
        if (keys.length) {
          bestKeys = keys;
          bestLength = j - i + 1;
        }
      }
      if (bestKeys) {
        visit(starts[i], ends[i + bestLength - 1], bestKeys);
        i += bestLength;
      } else i++;
    }
  }
}

function childOf(parent: TrieNode, lower: string): TrieNode | undefined {
  let child = parent.next?.get(wordHash(lower));
  while (child && child.word !== lower) child = child.sameHash;
  return child;
}

function addChild(parent: TrieNode, lower: string): TrieNode {
  const child = newNode(lower);
  const hash = wordHash(lower);
  parent.next ??= new Map();
  child.sameHash = parent.next.get(hash);
  parent.next.set(hash, child);
  return child;
}

function removeChild(parent: TrieNode, child: TrieNode): void {
  const hash = wordHash(child.word);
  const first = parent.next?.get(hash);
  if (first === child) {
    if (child.sameHash) parent.next!.set(hash, child.sameHash);
    else parent.next!.delete(hash);
    return;
  }
  for (let node = first; node; node = node.sameHash) {
    if (node.sameHash === child) {
      node.sameHash = child.sameHash;
      return;
    }
  }
}

function keysIgnoringCase(terms: readonly Term[]): string[] | undefined {
  if (terms.some((term) => term.caseWords)) return undefined;
  return [...new Set(terms.map((term) => term.key))];
}

function keysMatching(terms: readonly Term[], text: string, starts: Int32Array, ends: Int32Array, from: number): string[] {
  const keys: string[] = [];
  for (const term of terms) {
    if (term.caseWords && !term.caseWords.every((word, k) => ends[from + k] - starts[from + k] === word.length && text.startsWith(word, starts[from + k]))) continue;
    if (!keys.includes(term.key)) keys.push(term.key);
  }
  return keys;
}
