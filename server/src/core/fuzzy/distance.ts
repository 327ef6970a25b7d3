/**
 * Edit distance for typos: insertions, deletions, substitutions, and a swap of two neighbouring
 * characters counted as one edit (`brian` → `brain`), the commonest slip of a typist. This is the
 * optimal string alignment distance (no substring is edited twice).
 */

/** Three rows reused across calls: a suggestion search runs this thousands of times per keystroke. */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** The edit distance of `a` and `b`, or `limit + 1` as soon as it is certain to exceed `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  const over = limit + 1;
  if (Math.abs(a.length - b.length) > limit) return over;
  if (a === b) return 0;
  if (limit <= 0) return over;
  const pattern = a.length <= b.length ? a : b;
  if (!fitsBitVector(pattern)) return bandedDistance(a, b, limit);
  setPositions(sharedPositions, pattern, true);
  const distance = bitParallelDistance(sharedPositions, pattern.length, pattern === a ? b : a, limit);
  setPositions(sharedPositions, pattern, false);
  return distance;
}

/**
 * `editDistance(query, other, limit)` for many others: the query is prepared once, which is what
 * a suggestion search does with every name its index finds. One instance serves query after
 * query without allocating: a search runs for every unknown slug of a glossary.
 */
export class DistanceFrom {
  private readonly positions = new Int32Array(128);
  private query = '';
  private fits = true;

  /** Prepares for `query`, forgetting the query before. */
  prepare(query: string): void {
    if (this.fits) setPositions(this.positions, this.query, false);
    this.query = query;
    this.fits = fitsBitVector(query);
    if (this.fits) setPositions(this.positions, query, true);
  }

  to(other: string, limit: number): number {
    const { query } = this;
    if (!this.fits) return editDistance(query, other, limit);
    if (Math.abs(query.length - other.length) > limit) return limit + 1;
    if (query === other) return 0;
    return limit <= 0 ? limit + 1 : bitParallelDistance(this.positions, query.length, other, limit);
  }
}

/** Whether `pattern` fits the bit vectors: one bit per character in 32 bits, ASCII only. */
function fitsBitVector(pattern: string): boolean {
  if (pattern.length > 32) return false;
  for (let i = 0; i < pattern.length; i++) if (pattern.charCodeAt(i) > 127) return false;
  return true;
}

/** Per ASCII character, the bits of the positions where the pattern holds it (cleared after each use). */
const sharedPositions = new Int32Array(128);

function setPositions(positions: Int32Array, pattern: string, on: boolean): void {
  for (let i = 0; i < pattern.length; i++) positions[pattern.charCodeAt(i)] = on ? positions[pattern.charCodeAt(i)] | (1 << i) : 0;
}

/**
 * The distance of a pattern of at most 32 ASCII characters (its `positions` and length) from
 * `text`, one column of the table per character of the text in a few word operations: the
 * table's vertical differences are kept as bit vectors (Myers 1999; the swap of neighbours as
 * Hyyrö 2002 adds it). Ten times faster than cell by cell on slug-sized names.
 */
function bitParallelDistance(positions: Int32Array, m: number, text: string, limit: number): number {
  if (m === 0) return Math.min(text.length, limit + 1);
  const last = 1 << (m - 1);
  /** Rows where the value rises (plus) or falls (minus) from the row above, in the current column. */
  let plus = -1;
  let minus = 0;
  let distance = m;
  let previousMatches = 0;
  let previousDiagonal = 0;
  for (let j = 0; j < text.length; j++) {
    const code = text.charCodeAt(j);
    const matches = code < 128 ? positions[code] : 0;
    // A cell is reached at no cost along the diagonal on a match, after a swap, or from a falling neighbour.
    const swapped = ((~previousDiagonal & matches) << 1) & previousMatches;
    const diagonal = (((matches & plus) + plus) ^ plus) | matches | minus | swapped;
    const rising = minus | ~(diagonal | plus);
    const falling = plus & diagonal;
    if (rising & last) distance++;
    else if (falling & last) distance--;
    // The last row can fall by at most one per column left: beyond reach, stop here.
    if (distance - (text.length - j - 1) > limit) return limit + 1;
    const shifted = (rising << 1) | 1;
    minus = shifted & diagonal;
    plus = (falling << 1) | ~(shifted | diagonal);
    previousMatches = matches;
    previousDiagonal = diagonal;
  }
  return Math.min(distance, limit + 1);
}

/** The same distance cell by cell, within `limit` of the diagonal: for long or non-ASCII names. */
function bandedDistance(a: string, b: string, limit: number): number {
  const over = limit + 1;
  const n = b.length;
  if (rows[0].length <= n + 1) rows = [new Int32Array(n * 2 + 2), new Int32Array(n * 2 + 2), new Int32Array(n * 2 + 2)];
  let twoBack = rows[0];
  let previous = rows[1];
  let current = rows[2];
  // Only cells within `limit` of the diagonal can lead to a distance within `limit` (Ukkonen's
  // band): a row costs 2 * limit + 1 cells, not b.length; cells beside the band read as over.
  for (let j = 0; j <= n; j++) previous[j] = j <= limit ? j : over;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - limit);
    const to = Math.min(n, i + limit);
    current[0] = i <= limit ? i : over;
    if (from > 1) current[from - 1] = over;
    let rowMin = from === 1 ? current[0] : over;
    const ca = a.charCodeAt(i - 1);
    const caBefore = i > 1 ? a.charCodeAt(i - 2) : -1;
    for (let j = from; j <= to; j++) {
      const cb = b.charCodeAt(j - 1);
      let value = previous[j - 1] + (ca === cb ? 0 : 1);
      if (previous[j] + 1 < value) value = previous[j] + 1;
      if (current[j - 1] + 1 < value) value = current[j - 1] + 1;
      if (j > 1 && ca === b.charCodeAt(j - 2) && caBefore === cb && twoBack[j - 2] + 1 < value) value = twoBack[j - 2] + 1;
      if (value > over) value = over;
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (to < n) current[to + 1] = over;
    if (rowMin > limit) return over;
    const spare = twoBack;
    twoBack = previous;
    previous = current;
    current = spare;
  }
  return Math.min(previous[n], over);
}
