/** The glossary's figures on a glossary built for them: every list, bucket and count known in advance. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { glossaryStats } from '../../server/src/core/features/stats';
import { Fixture, entryText } from './support';

test('categories, thin categories, inbound buckets, orphans, one-way relations, broken references and where they cluster', async () => {
  const entries = {
    hub: entryText({ title: 'Hub', category: 'Core', related: ['a', 'b'] }),
    a: entryText({ title: 'A', category: 'Core', related: ['hub', 'missing-one', 'a'] }, 'See [the hub](/glossary/hub) and [nothing](/glossary/nowhere).\n'),
    b: entryText({ title: 'B', category: 'Core', related: ['hub', 'missing-one', 'missing-two', 'missing-two'] }),
    c: entryText({ title: 'C', category: 'Rare', related: ['hub'] }),
    lonely: entryText({ title: 'Lonely' }),
  };
  const fixture = await Fixture.withEntries(entries);
  const stats = await glossaryStats(fixture.index);
  assert.deepEqual(await fixture.service.stats(), stats);
  assert.equal(stats.entries, 5);
  assert.deepEqual(stats.categories, [{ name: 'Core', count: 3 }, { name: null, count: 1 }, { name: 'Rare', count: 1 }]);
  assert.deepEqual(stats.thinCategories, ['Rare']);
  // hub ← a, b, c (3); a ← hub; b ← hub; c and lonely ← nobody (a's self reference does not count).
  const buckets = Object.fromEntries(stats.inbound.map((bucket) => [bucket.label, bucket.entries]));
  assert.deepEqual(buckets, { 0: 2, 1: 2, 2: 0, 3: 1, 4: 0, '5–9': 0, '10–19': 0, '20+': 0 });
  assert.deepEqual(stats.orphans.map((entry) => entry.slug), ['c', 'lonely']);
  assert.equal(stats.orphans[1].title, 'Lonely');
  assert.ok(stats.orphans[1].uri.endsWith('/lonely.md'));
  assert.deepEqual(stats.oneWayRelations.map((r) => `${r.entry.slug}→${r.target}`), ['c→hub']);
  const broken = Object.fromEntries(stats.broken.map((kind) => [kind.kind, kind.references.map((r) => `${r.entry.slug}→${r.target}`)]));
  // A repeated unknown slug counts once (the repeat is a duplicate-related finding of its own).
  assert.deepEqual(broken, { 'unknown-slug': ['a→missing-one', 'b→missing-one', 'b→missing-two'], 'unknown-link': ['a→nowhere'], 'self-related': ['a→a'] });
  assert.deepEqual(stats.brokenClusters.map((c) => `${c.entry.slug} ${c.count}`), ['a 3', 'b 2']);
  assert.deepEqual(stats.totals, { orphans: 2, oneWayRelations: 1, broken: { 'unknown-slug': 3, 'unknown-link': 1, 'self-related': 1 } });
  assert.equal(stats.listLimit, null);
  // A capped answer keeps the whole counts and the head of every list.
  const capped = await glossaryStats(fixture.index, 1);
  assert.equal(capped.listLimit, 1);
  assert.deepEqual(capped.totals, stats.totals);
  assert.deepEqual(capped.orphans, stats.orphans.slice(0, 1));
  assert.deepEqual(capped.broken.map((kind) => kind.references), stats.broken.map((kind) => kind.references.slice(0, 1)));
  assert.deepEqual((await glossaryStats(fixture.index, 0)).oneWayRelations, []);
  // Ranges point into the entry's text at the slug.
  const reference = stats.broken[0].references[0];
  const line = entries.a.split('\n')[reference.range.start.line];
  assert.equal(line.slice(reference.range.start.character, reference.range.end.character), 'missing-one');
});
