import { DistanceFrom } from './distance';
import { letterBit, letterMask } from './match';
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

/**
 * Names (slugs, icon names) kept for "did you mean" suggestions, answered without visiting every
 * name, and kept up to date as names come and go.
 *
 * Near spellings: each name is cut into `MAX_EDITS + 1` pieces (fewer for short names, which only
 * short queries reach). An edit touches at most one piece, so a name within `d` edits of a query
 * has a piece the query holds unchanged, shifted by at most `d`. A swap of two characters across a
 * cut would touch two pieces; a piece is therefore indexed without its last character (its core),
 * which such a swap leaves alone. The index maps (name length, piece number, core) to names; a
 * query looks up the cores it holds near each piece's place, for each length within reach, and
 * measures the distance of the few names found.
 *
 * Shared words: stem → names, and each name's stems; a word weighs more the fewer names hold it
 * (inverse document frequency), so a shared rare word is evidence and a shared common one is not.
 */
export class NameIndex {
  private readonly idOf = new Map<string, number>();
  private readonly freeIds: number[] = [];
  /** Per name id: the name as given and lower-cased, its stem ids, whether it ranks after its equals. */
  private readonly names: string[] = [];
  private readonly lowerNames: string[] = [];
  private readonly stemsOf: number[][] = [];
  private readonly demoted: boolean[] = [];
  /**
   * Per name id, letterMask and repeatMask of the lower-case name: most names a probe finds have
   * too many letters that the query lacks, holds once or holds twice where the name does not (see
   * spellingIds) to need their counts read, which cost more than the rest of a probe.
   */
  private letters: Int32Array = new Int32Array(64);
  private repeats: Int32Array = new Int32Array(64);
  /** Per name id, COUNT_BUCKETS counts of its characters (see characterCounts). */
  private counts: Uint8Array = new Uint8Array(64 * COUNT_BUCKETS);
  /** Per name id, its length: read with the counts, without a visit to the string. */
  private nameLengths: Int32Array = new Int32Array(64);
  /**
   * Per name id, how many words the name has (at most 255): the same words in another order are as
   * many, which turns away at a glance most holders of a common word that a one-word query reads.
   */
  private nameWordCounts: Uint8Array = new Uint8Array(64);
  /** Names per length: lengths no name has are not looked up. */
  private readonly lengthCounts: number[] = [];
  /** Hash of (length, piece number, core) → the id, or ids, of the names with that core there. */
  private readonly pieces = new Map<number, number | number[]>();
  /** Stems by id (interned: each is held once), and per stem id the ids of the names holding it. */
  private readonly stemIds = new Map<string, number>();
  private readonly stems: string[] = [];
  /** In no order (a name leaving swaps the last into its place): read whole, a hundred times as often as written. */
  private readonly holders: number[][] = [];
  private readonly freeStemIds: number[] = [];
  /** The current query, prepared: its distance to names, its characterCounts, the buckets it has characters in. */
  private readonly queryDistance = new DistanceFrom();
  private readonly queryCounts = new Uint8Array(COUNT_BUCKETS);
  private readonly queryBuckets = new Int32Array(COUNT_BUCKETS);
  /** Per stem id, its weight in the current query (0: not a query stem). */
  private queryWeights = new Float64Array(64);
  /** Marks the names a query has already visited: `visited[id] === visit` (no set per query). */
  private visited: Int32Array = new Int32Array(64);
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
    for (const hash of pieceHashes(lower)) {
      const held = this.pieces.get(hash);
      if (held === undefined) this.pieces.set(hash, id);
      else if (typeof held === 'number') this.pieces.set(hash, [held, id]);
      else held.push(id);
    }
    const own: number[] = [];
    for (const word of words) {
      const stem = this.stemIdOf(stemOf(word));
      if (own.includes(stem)) continue;
      this.holders[stem].push(id);
      own.push(stem);
    }
    // A copy of just its length: an array grown by push keeps room for sixteen.
    this.stemsOf[id] = own.slice();
    if (this.visited.length <= id) {
      this.visited = grown(this.visited, id);
      this.letters = grown(this.letters, id);
      this.nameLengths = grown(this.nameLengths, id);
      this.nameWordCounts = widened(this.nameWordCounts, this.visited.length);
      this.repeats = grown(this.repeats, id);
      this.counts = widened(this.counts, this.visited.length * COUNT_BUCKETS);
    }
    characterCounts(lower, this.counts, id * COUNT_BUCKETS);
    this.nameLengths[id] = lower.length;
    this.nameWordCounts[id] = Math.min(255, wordsOf(lower).length);
    this.letters[id] = letterMask(lower);
    this.repeats[id] = repeatMask(lower);
  }

  remove(key: string): void {
    const id = this.idOf.get(key);
    if (id === undefined) return;
    this.idOf.delete(key);
    const lower = this.lowerNames[id];
    this.lengthCounts[lower.length]--;
    for (const hash of pieceHashes(lower)) {
      const held = this.pieces.get(hash);
      if (held === id) this.pieces.delete(hash);
      else if (Array.isArray(held)) {
        const at = held.indexOf(id);
        if (at !== -1) held.splice(at, 1);
        if (held.length === 1) this.pieces.set(hash, held[0]);
      }
    }
    for (const stem of this.stemsOf[id]) {
      const holders = this.holders[stem];
      const at = holders.indexOf(id);
      holders[at] = holders[holders.length - 1];
      holders.pop();
      if (holders.length === 0) {
        this.stemIds.delete(this.stems[stem]);
        this.stems[stem] = '';
        this.freeStemIds.push(stem);
      }
    }
    this.names[id] = this.lowerNames[id] = '';
    this.stemsOf[id] = [];
    this.freeIds.push(id);
  }

  private stemIdOf(stem: string): number {
    let id = this.stemIds.get(stem);
    if (id === undefined) {
      id = this.freeStemIds.pop() ?? this.stems.length;
      this.stemIds.set(stem, id);
      this.stems[id] = stem;
      this.holders[id] = [];
      if (this.queryWeights.length <= id) {
        const larger = new Float64Array(Math.max(64, (id + 1) * 2));
        larger.set(this.queryWeights);
        this.queryWeights = larger;
      }
    }
    return id;
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
   * The names a writer of `query` most likely meant, the likeliest first: near spellings whose
   * edits are a slip (see isSlip), the fewest edits first; the same words in another order count
   * as one edit, and in another form (`fine-tuned`) just after; then names sharing the words that
   * carry most of the query's weight. Nothing when none of these is there. Never `query` itself.
   */
  nearest(query: string, options: NearestOptions): string[] {
    const typed = query.toLowerCase();
    const reach = maxEditsFor(typed.length);
    const distances = this.spellingIds(typed);
    const words = wordsOf(typed);
    // Query stems no name holds are not interned: they weigh the most and match nothing.
    const known: number[] = [];
    let total = 0;
    for (const stem of new Set(words.map(stemOf))) {
      const id = this.stemIds.get(stem);
      const weight = this.weightOf(id);
      total += weight;
      if (id !== undefined) {
        known.push(id);
        this.queryWeights[id] = weight;
      }
    }
    try {
      /** What ranks first: the edits of a slip; the same words count as one, in another form as one and a half. */
      const tiers = new Map<number, number>();
      for (const [id, distance] of distances) if (isSlip(typed, this.lowerNames[id], distance)) tiers.set(id, distance);
      for (const { id, exact } of this.sameWords(typed, words, known)) tiers.set(id, Math.min(tiers.get(id) ?? Infinity, exact ? 1 : 1.5));
      for (const id of this.sharingWords(known, total, options.distinctiveWords)) if (!tiers.has(id)) tiers.set(id, reach + 1);
      const ranked: { id: number; tier: number; distance: number; share: number; extra: number }[] = [];
      for (const [id, tier] of tiers) {
        if (this.names[id] === query) continue;
        let share = 0;
        let extra = 0;
        for (const stem of this.stemsOf[id]) {
          if (this.queryWeights[stem] > 0) share += this.queryWeights[stem];
          else extra += this.weightOf(stem);
        }
        ranked.push({ id, tier, distance: distances.get(id) ?? reach + 1, share: total > 0 ? share / total : 0, extra });
      }
      ranked.sort((a, b) => a.tier - b.tier
        || a.distance - b.distance
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
    } finally {
      for (const id of known) this.queryWeights[id] = 0;
    }
  }

  /** How telling a stem is: the fewer names hold it, the more (a stem no name holds, the most). */
  private weightOf(stem: number | undefined): number {
    return Math.log((this.size + 1) / ((stem === undefined ? 0 : this.holders[stem].length) + 1));
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
    const { visited, lowerNames, letters, repeats, counts, nameLengths: lengths } = this;
    const { queryCounts: typedCounts, queryBuckets: typedBuckets, queryDistance } = this;
    characterCounts(typed, typedCounts, 0);
    // The buckets the query has characters in (a dozen of the 48): a name's characters in the
    // others each count as moved, and add up to its length less its characters in these.
    let bucketCount = 0;
    for (let bucket = 0; bucket < COUNT_BUCKETS; bucket++) if (typedCounts[bucket] > 0) typedBuckets[bucketCount++] = bucket;
    // Past 255 of one character the counts are capped and no longer add up to the length.
    const uncapped = typed.length + reach < 256;
    const typedLetters = letterMask(typed);
    const typedRepeats = repeatMask(typed);
    queryDistance.prepare(typed);
    const movable = 2 * reach;
    const check = (id: number) => {
      if (visited[id] === visit) return;
      visited[id] = visit;
      // An edit adds or takes away at most two characters, each of which moves its letter's count
      // across at most one of the marks the masks keep (held at all, held twice): more differences rule the name out.
      if (bitCount(letters[id] ^ typedLetters) + bitCount(repeats[id] ^ typedRepeats) > 2 * reach) return;
      // An edit moves at most two characters in or out of the counts.
      const row = id * COUNT_BUCKETS;
      if (uncapped) {
        let moved = lengths[id];
        for (let k = 0; k < bucketCount; k++) {
          const bucket = typedBuckets[k];
          const held = counts[row + bucket];
          const wanted = typedCounts[bucket];
          moved += held > wanted ? -wanted : wanted - 2 * held;
        }
        if (moved > movable) return;
      } else {
        let moved = 0;
        for (let bucket = 0; bucket < COUNT_BUCKETS; bucket++) {
          const difference = counts[row + bucket] - typedCounts[bucket];
          if (difference !== 0 && (moved += difference < 0 ? -difference : difference) > movable) return;
        }
      }
      const distance = queryDistance.to(lowerNames[id], reach);
      if (distance <= reach) found.set(id, distance);
    };
    for (let length = Math.max(0, typed.length - reach); length <= typed.length + reach; length++) {
      if (!this.lengthCounts[length]) continue;
      const count = pieceCount(length);
      const gap = typed.length - length;
      for (let piece = 0; piece < count; piece++) {
        const start = coreStart(length, count, piece);
        const size = coreEnd(length, count, piece) - start;
        // Where the core can sit in the query when it is the first piece the edits left intact:
        // each piece before it holds an edit, which leaves fewer edits to shift it (by `shift`)
        // and to make up the rest of the difference in length (`gap - shift`) after it.
        for (let shift = Math.max(-reach, gap - (reach - piece)); shift <= Math.min(reach, gap + (reach - piece)); shift++) {
          const at = start + shift;
          if (at < 0 || at + size > typed.length || Math.abs(shift) + Math.abs(gap - shift) > reach) continue;
          const held = this.pieces.get(pieceHash(length, piece, typed, at, at + size));
          if (typeof held === 'number') check(held);
          else if (held) for (const id of held) check(id);
        }
      }
    }
    return found;
  }

  /**
   * Names whose own words are the typed words in another order or form (`learning-deep`,
   * `fine-tuned`): one slip, however far apart it puts the letters. Found among the holders of the
   * rarest typed stem; `known` are the typed stems' ids, all of which such a name holds.
   */
  private sameWords(typed: string, words: readonly string[], known: readonly number[]): { id: number; exact: boolean }[] {
    const distinct = new Set(words.map(stemOf)).size;
    if (words.length === 0 || known.length < distinct) return [];
    let rarest = known[0];
    for (const stem of known) if (this.holders[stem].length < this.holders[rarest].length) rarest = stem;
    const wantedWords = [...words].sort().join(' ');
    const wantedStems = words.map(stemOf).sort().join(' ');
    const found: { id: number; exact: boolean }[] = [];
    const wordCount = Math.min(255, words.length);
    for (const id of this.holders[rarest]) {
      if (this.nameWordCounts[id] !== wordCount) continue;
      let held = 0;
      for (const stem of this.stemsOf[id]) if (this.queryWeights[stem] > 0 || known.includes(stem)) held++;
      if (held < known.length || this.lowerNames[id] === typed) continue;
      const own = wordsOf(this.lowerNames[id]);
      if (own.map(stemOf).sort().join(' ') === wantedStems) found.push({ id, exact: own.sort().join(' ') === wantedWords });
    }
    return found;
  }

  /**
   * Ids of the names whose stems carry at least half the typed stems' weight (and, with
   * `distinctive`, enough weight to single out a few entries). Holders are read rarest stem first,
   * and no more once the stems left could not carry a newcomer over the bar.
   */
  private sharingWords(known: readonly number[], total: number, distinctive: boolean): number[] {
    const bar = Math.max(total * MIN_SHARED_WEIGHT, distinctive ? Math.log((this.size + 1) / (DISTINCTIVE_ENTRIES + 1)) : 0) - EPSILON;
    if (total <= 0 || total < bar) return [];
    const found: number[] = [];
    const visit = this.startVisit();
    const { visited, queryWeights, stemsOf } = this;
    let left = 0;
    for (const stem of known) left += queryWeights[stem];
    for (const stem of [...known].sort((a, b) => queryWeights[b] - queryWeights[a])) {
      if (left < bar) break;
      for (const id of this.holders[stem]) {
        if (visited[id] === visit) continue;
        visited[id] = visit;
        let share = 0;
        for (const own of stemsOf[id]) share += queryWeights[own];
        if (share >= bar) found.push(id);
      }
      left -= queryWeights[stem];
    }
    return found;
  }

}

/**
 * Characters are counted in this many buckets: a letter, a digit and the hyphen each in its own,
 * other characters shared. Shared buckets and the cap at 255 only let more names through.
 */
const COUNT_BUCKETS = 48;

function bucketOf(code: number): number {
  if (code >= 97 && code <= 122) return code - 97;
  if (code >= 48 && code <= 57) return code - 22;
  return code === 45 ? 36 : 37 + (code % 11);
}

/** How many characters of `text` fall in each bucket, written to `into` from `at`. */
function characterCounts(text: string, into: Uint8Array, at: number): void {
  into.fill(0, at, at + COUNT_BUCKETS);
  for (let i = 0; i < text.length; i++) {
    const bucket = at + bucketOf(text.charCodeAt(i));
    if (into[bucket] < 255) into[bucket]++;
  }
}

/** The hash of every core of a lower-case name, the keys it is indexed under. */
function pieceHashes(lower: string): number[] {
  const count = pieceCount(lower.length);
  const hashes: number[] = [];
  for (let piece = 0; piece < count; piece++) hashes.push(pieceHash(lower.length, piece, lower, coreStart(lower.length, count, piece), coreEnd(lower.length, count, piece)));
  return hashes;
}

/**
 * Whether `distance` edits between `typed` and `name` are a slip rather than another word: they
 * must be about as sparse in the stretch where the two differ (between their common start and
 * end) as in a whole name, one per three characters. `supervised-glacier` is three edits from
 * `supervised-layer`, all within five letters: not a slip. `adpative-kernel-modle` is one.
 */
export function isSlip(typed: string, name: string, distance: number): boolean {
  let start = 0;
  const shorter = Math.min(typed.length, name.length);
  while (start < shorter && typed.charCodeAt(start) === name.charCodeAt(start)) start++;
  let end = 0;
  while (end < shorter - start && typed.charCodeAt(typed.length - 1 - end) === name.charCodeAt(name.length - 1 - end)) end++;
  const stretch = Math.max(typed.length, name.length) - start - end;
  return distance <= Math.max(1, Math.floor(stretch / 3));
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

/** Where a piece's core starts in a name of `length` cut into `count` pieces. */
function coreStart(length: number, count: number, piece: number): number {
  return Math.floor((piece * length) / count);
}

/** Where it ends: the piece without its last character, but for the last piece. */
function coreEnd(length: number, count: number, piece: number): number {
  const end = Math.floor(((piece + 1) * length) / count);
  return piece === count - 1 ? end : Math.max(coreStart(length, count, piece), end - 1);
}

/** FNV-1a over the length, the piece number and the core's characters, kept a small integer (V8 stores those unboxed). */
function pieceHash(length: number, piece: number, text: string, start: number, end: number): number {
  let hash = Math.imul(0x811c9dc5 ^ length, 16777619);
  hash = Math.imul(hash ^ piece, 16777619);
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash & 0x3fffffff;
}

/** The bits of letterMask of the characters `text` holds more than once. */
function repeatMask(text: string): number {
  let seen = 0;
  let repeated = 0;
  for (let i = 0; i < text.length; i++) {
    const bit = letterBit(text.charCodeAt(i));
    repeated |= seen & bit;
    seen |= bit;
  }
  return repeated;
}

function bitCount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function grown(array: Int32Array, id: number): Int32Array {
  const larger = new Int32Array(Math.max(64, (id + 1) * 2));
  larger.set(array);
  return larger;
}

/** `array` copied into a larger one of `length` bytes. */
function widened(array: Uint8Array, length: number): Uint8Array {
  const larger = new Uint8Array(length);
  larger.set(array);
  return larger;
}

/** a - b, but 0 for sums that differ only by rounding. */
function differ(a: number, b: number): number {
  return Math.abs(a - b) <= EPSILON ? 0 : a - b;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
