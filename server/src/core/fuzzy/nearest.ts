import { editDistance } from './distance';
import { stemOf, wordsOf } from './words';

/** The most edits a misspelling may be from what was meant, at any length. */
export const MAX_EDITS = 3;

/** How many edits a typed name of this length may be from a name to count as a misspelling of it. */
export function maxEditsFor(length: number): number {
  // Typos are a few characters off; allowing more only admits noise.
  return Math.min(MAX_EDITS, Math.max(1, Math.floor(length / 4)));
}

export interface NearestOptions {
  /** At most this many names. */
  limit: number;
  /**
   * True (slugs): shared words count only when, together, they are about as rare in the index as
   * one entry's own words, so `model` in `model-architecture` finds nothing in a glossary full of
   * models. False (icon names): any shared word counts, since a writer picks an icon by its look
   * and every arrow is a fair offer for `arrow`.
   */
  distinctiveWords: boolean;
}

/** Shared words must carry at least this share of the typed words' weight. */
const MIN_SHARED_WEIGHT = 0.5;
/** Words are distinctive when, together, no more entries than this are expected to hold them all. */
const DISTINCTIVE_ENTRIES = 3;
/** Float sums of weights that are equal on paper may differ in the last bits. */
const EPSILON = 1e-9;

interface Posting {
  /** The stem itself: every name's list of stems points at this one string. */
  stem: string;
  ids: Set<number>;
}

/**
 * Names (slugs, icon names) kept for "did you mean" suggestions, answered without visiting every
 * name, and kept up to date as names come and go.
 *
 * Near spellings: each name is cut into `MAX_EDITS + 1` pieces (fewer for short names, which only
 * short queries reach). Any edit touches at most one piece, so a name within `d` edits of a query
 * has a piece the query holds unchanged, shifted by at most `d`. A swap of two characters across a
 * cut would touch two pieces; a piece is therefore indexed without its last character (its core),
 * which such a swap leaves alone. The index maps (name length, piece number, core) to names; a
 * query looks up the cores it holds near each piece's place, for each length within reach, then
 * verifies the few names found with a real edit distance.
 *
 * Shared words: stem → names, and each name's stems; a word weighs more the fewer names hold it
 * (inverse document frequency), so a shared rare word is evidence and a shared common one is not.
 */
export class NameIndex {
  private readonly idOf = new Map<string, number>();
  /** Per id: the name as given and lower-cased, its stems, whether it ranks after its equals. */
  private readonly names: string[] = [];
  private readonly lowerNames: string[] = [];
  private readonly stemsOf: string[][] = [];
  private readonly demoted: boolean[] = [];
  private readonly freeIds: number[] = [];
  /** Names per length: lengths no name has are not looked up. */
  private readonly lengthCounts: number[] = [];
  /** Hash of (length, piece, core) → the id, or ids, of the names with that core there. */
  private readonly pieces = new Map<number, number | number[]>();
  private readonly postings = new Map<string, Posting>();
  /** Marks the names a query has already visited: `visited[id] === visit` (no set per query). */
  private visited = new Int32Array(64);
  private visit = 0;

  get size(): number {
    return this.idOf.size;
  }

  has(key: string): boolean {
    return this.idOf.has(key);
  }

  /** Adds `name` under `key` (replacing what the key held), with the words it is known by. */
  add(key: string, name: string, words: Iterable<string>, demoted = false): void {
    this.remove(key);
    const id = this.freeIds.pop() ?? this.names.length;
    const lower = name.toLowerCase();
    this.idOf.set(key, id);
    this.names[id] = name;
    this.lowerNames[id] = lower === name ? name : lower;
    this.demoted[id] = demoted;
    this.lengthCounts[lower.length] = (this.lengthCounts[lower.length] ?? 0) + 1;
    this.forEachPiece(lower, (hash) => {
      const held = this.pieces.get(hash);
      if (held === undefined) this.pieces.set(hash, id);
      else if (typeof held === 'number') this.pieces.set(hash, [held, id]);
      else held.push(id);
    });
    const stems: string[] = [];
    for (const word of words) {
      const stem = stemOf(word);
      let posting = this.postings.get(stem);
      if (!posting) this.postings.set(stem, (posting = { stem, ids: new Set() }));
      if (posting.ids.has(id)) continue;
      posting.ids.add(id);
      stems.push(posting.stem);
    }
    this.stemsOf[id] = stems;
    if (this.visited.length <= id) {
      const grown = new Int32Array(Math.max(64, (id + 1) * 2));
      grown.set(this.visited);
      this.visited = grown;
    }
  }

  remove(key: string): void {
    const id = this.idOf.get(key);
    if (id === undefined) return;
    this.idOf.delete(key);
    const lower = this.lowerNames[id];
    this.lengthCounts[lower.length]--;
    this.forEachPiece(lower, (hash) => {
      const held = this.pieces.get(hash);
      if (held === id) this.pieces.delete(hash);
      else if (Array.isArray(held)) {
        const at = held.indexOf(id);
        if (at !== -1) held.splice(at, 1);
        if (held.length === 1) this.pieces.set(hash, held[0]);
      }
    });
    for (const stem of this.stemsOf[id]) {
      const posting = this.postings.get(stem)!;
      posting.ids.delete(id);
      if (posting.ids.size === 0) this.postings.delete(stem);
    }
    this.names[id] = this.lowerNames[id] = '';
    this.stemsOf[id] = [];
    this.freeIds.push(id);
  }

  /**
   * Every name within `maxEditsFor(query.length)` edits of `query` (case ignored), with its
   * distance: the near spellings `nearest` starts from.
   */
  nearSpellings(query: string): Map<string, number> {
    const found = new Map<string, number>();
    for (const [id, distance] of this.spellingIds(query.toLowerCase())) {
      const name = this.names[id];
      const known = found.get(name);
      if (known === undefined || distance < known) found.set(name, distance);
    }
    return found;
  }

  /**
   * The names a writer of `query` most likely meant, the likeliest first: near spellings (the
   * fewest edits first; swapped words count as one edit), then names sharing the words that
   * carry most of the query's weight. Nothing when neither is there. Never `query` itself.
   */
  nearest(query: string, options: NearestOptions): string[] {
    const typed = query.toLowerCase();
    const reach = maxEditsFor(typed.length);
    const distances = this.spellingIds(typed);
    const words = [...new Set(wordsOf(typed))];
    const stems = [...new Set(words.map(stemOf))];
    const weights = new Map(stems.map((stem) => [stem, this.weightOf(stem)]));
    let total = 0;
    for (const weight of weights.values()) total += weight;
    for (const id of this.swappedWords(typed, words, stems)) if (!((distances.get(id) ?? Infinity) <= 1)) distances.set(id, 1);
    const shared = this.sharingWords(stems, weights, total, options.distinctiveWords);
    const ranked: { id: number; distance: number; share: number; extra: number }[] = [];
    for (const id of new Set([...distances.keys(), ...shared])) {
      if (this.names[id] === query) continue;
      let share = 0;
      let extra = 0;
      for (const stem of this.stemsOf[id]) {
        const weight = weights.get(stem);
        if (weight === undefined) extra += this.weightOf(stem);
        else share += weight;
      }
      ranked.push({ id, distance: distances.get(id) ?? Infinity, share: total > 0 ? share / total : 0, extra });
    }
    const tier = (distance: number) => (distance <= reach ? distance : reach + 1);
    ranked.sort((a, b) => tier(a.distance) - tier(b.distance)
      || differ(b.share, a.share)
      || differ(a.extra, b.extra)
      || Number(this.demoted[a.id]) - Number(this.demoted[b.id])
      || compare(this.names[a.id], this.names[b.id]));
    const answer: string[] = [];
    for (const { id } of ranked) {
      const name = this.names[id];
      if (!answer.includes(name)) answer.push(name);
      if (answer.length >= options.limit) break;
    }
    return answer;
  }

  /** How telling a stem is: the fewer names hold it, the more (a stem no name holds, the most). */
  private weightOf(stem: string): number {
    return Math.log((this.size + 1) / ((this.postings.get(stem)?.ids.size ?? 0) + 1));
  }

  private startVisit(): number {
    if (++this.visit === 0x7fffffff) {
      this.visited.fill(0);
      this.visit = 1;
    }
    return this.visit;
  }

  /** Ids of the names within reach of `typed` (lower-case), with their distances. */
  private spellingIds(typed: string): Map<number, number> {
    const found = new Map<number, number>();
    const reach = maxEditsFor(typed.length);
    const visit = this.startVisit();
    const { visited, lowerNames } = this;
    for (let length = Math.max(0, typed.length - reach); length <= typed.length + reach; length++) {
      if (!this.lengthCounts[length]) continue;
      const count = pieceCount(length);
      for (let piece = 0; piece < count; piece++) {
        const [start, end] = coreOf(length, count, piece);
        const size = end - start;
        // The core sits at `start` in the name; in the query, up to `reach` edits before it move it.
        for (let at = Math.max(0, start - reach); at <= Math.min(typed.length - size, start + reach); at++) {
          const held = this.pieces.get(pieceHash(length, piece, typed, at, at + size));
          if (held === undefined) continue;
          for (const id of typeof held === 'number' ? [held] : held) {
            if (visited[id] === visit) continue;
            visited[id] = visit;
            const distance = editDistance(typed, lowerNames[id], reach);
            if (distance <= reach) found.set(id, distance);
          }
        }
      }
    }
    return found;
  }

  /**
   * Names whose words are the typed words in another order (`learning-deep`): a swap of words is
   * one slip, however far apart it puts the letters. Found among the names holding the rarest stem.
   */
  private swappedWords(typed: string, words: readonly string[], stems: readonly string[]): number[] {
    if (words.length < 2) return [];
    let rarest: Posting | undefined;
    for (const stem of stems) {
      const posting = this.postings.get(stem);
      if (!posting) return [];
      if (!rarest || posting.ids.size < rarest.ids.size) rarest = posting;
    }
    const sorted = [...words].sort().join(' ');
    const found: number[] = [];
    for (const id of rarest!.ids) {
      const name = this.lowerNames[id];
      if (name.length === typed.length && name !== typed && [...wordsOf(name)].sort().join(' ') === sorted) found.push(id);
    }
    return found;
  }

  /**
   * Ids of the names whose stems carry at least half the typed stems' weight (and, with
   * `distinctive`, enough weight to single out a few entries). Postings are read rarest first, and
   * no more once the stems left could not carry a newcomer over the bar.
   */
  private sharingWords(stems: readonly string[], weights: ReadonlyMap<string, number>, total: number, distinctive: boolean): number[] {
    const bar = Math.max(total * MIN_SHARED_WEIGHT, distinctive ? Math.log((this.size + 1) / (DISTINCTIVE_ENTRIES + 1)) : 0) - EPSILON;
    if (total <= 0 || total < bar) return [];
    const found: number[] = [];
    const visit = this.startVisit();
    let left = total;
    for (const stem of [...stems].sort((a, b) => weights.get(b)! - weights.get(a)!)) {
      if (left < bar) break;
      for (const id of this.postings.get(stem)?.ids ?? []) {
        if (this.visited[id] === visit) continue;
        this.visited[id] = visit;
        let share = 0;
        for (const own of this.stemsOf[id]) share += weights.get(own) ?? 0;
        if (share >= bar) found.push(id);
      }
      left -= weights.get(stem)!;
    }
    return found;
  }

  /** Calls `each` with the hash of every core of `lower`. */
  private forEachPiece(lower: string, each: (hash: number) => void): void {
    const count = pieceCount(lower.length);
    for (let piece = 0; piece < count; piece++) {
      const [start, end] = coreOf(lower.length, count, piece);
      each(pieceHash(lower.length, piece, lower, start, end));
    }
  }
}

const pieceCounts: number[] = [];

/**
 * Into how many pieces a name of `length` is cut: one more than the most edits any query that can
 * reach it may make (see maxEditsFor), so that one piece comes through them untouched.
 */
function pieceCount(length: number): number {
  let count = pieceCounts[length];
  if (count !== undefined) return count;
  let most = 0;
  for (let query = Math.max(0, length - MAX_EDITS); query <= length + MAX_EDITS; query++) {
    const reach = maxEditsFor(query);
    if (Math.abs(query - length) <= reach && reach > most) most = reach;
  }
  count = most + 1;
  if (length < 1024) pieceCounts[length] = count;
  return count;
}

/** Start and end of a piece's core in a name: the piece without its last character, but for the last piece. */
function coreOf(length: number, count: number, piece: number): [number, number] {
  const start = Math.floor((piece * length) / count);
  const end = Math.floor(((piece + 1) * length) / count);
  return [start, piece === count - 1 ? end : Math.max(start, end - 1)];
}

/** FNV-1a over the length, the piece number and the core's characters, kept a small integer (V8 stores those unboxed). */
function pieceHash(length: number, piece: number, text: string, start: number, end: number): number {
  let hash = Math.imul(0x811c9dc5 ^ length, 16777619);
  hash = Math.imul(hash ^ piece, 16777619);
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash & 0x3fffffff;
}

/** a - b, but 0 for sums that differ only by rounding. */
function differ(a: number, b: number): number {
  return Math.abs(a - b) <= EPSILON ? 0 : a - b;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
