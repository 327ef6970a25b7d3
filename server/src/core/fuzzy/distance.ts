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
