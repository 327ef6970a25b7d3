import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { EntrySummary } from '../../server/src/core/glossaryIndex';
import { BestEntries } from '../../server/src/core/ranking';

const entry = (slug: string) => ({ slug }) as EntrySummary;

test('BestEntries keeps the same entries, in the same order, as sorting everything would', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.stringMatching(/^[a-c]{0,3}$/), fc.integer({ min: -3, max: 3 })), { maxLength: 60 }), fc.integer({ min: 0, max: 20 }), (offers, limit) => {
      const best = new BestEntries(limit);
      for (const [slug, score] of offers) best.offer(entry(slug), score);
      const expected = [...offers].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, limit).map(([slug]) => slug);
      assert.equal(best.total, offers.length);
      assert.deepEqual(best.best().map((e) => e.slug), expected);
    }),
    { seed: 20261129, numRuns: 500 },
  );
});
