// Summaries of timing samples, and the benchmark's own seeded randomness (positions, queries, typed text).

import { mulberry32 } from './generateGlossary.mjs';

/** Nearest-rank percentiles: p99 of 300 samples is the third largest, an actual observation. */
export function summarize(samples) {
  if (!samples.length) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  return { n: sorted.length, first: samples[0], p50: at(50), p99: at(99), max: sorted[sorted.length - 1] };
}

export function randomFor(seed) {
  const next = mulberry32(seed);
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    /** Body lengths of hand-written glossaries: most near the median, a long tail of long entries. */
    logNormal(median, sigma) {
      const u = Math.max(next(), 1e-12);
      const gaussian = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
      return median * Math.exp(sigma * gaussian);
    },
    shuffle(list) {
      const copy = [...list];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy;
    },
  };
}

/** `count` items drawn in turn from a shuffled `list` (reshuffled each time round). */
export function cycle(random, list, count) {
  const out = [];
  while (list.length && out.length < count) out.push(...random.shuffle(list).slice(0, count - out.length));
  return out;
}
