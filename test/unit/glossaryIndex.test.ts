import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseEntry } from '../../server/src/core/parsing';
import { letterMask } from '../../server/src/core/fuzzy/match';
import { wordsOf } from '../../server/src/core/fuzzy/words';
import { GlossaryIndex, type EntrySummary, type SlugReference } from '../../server/src/core/glossaryIndex';
import { ReferenceArena, ReferrerLists, SlugNumbers } from '../../server/src/core/indexStorage';
import { numberedLinks, slugNumbersOf } from '../../server/src/core/entryFile';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { firstParagraphOf, summarizeEntry } from '../../server/src/core/summarize';
import { Fixture, goodEntry } from './support';

const uriOf = (slug: string, folder = 'content/glossary') => `file:///ws/${folder}/${slug}.md`;

function summary(slug: string, fields: { title?: string; category?: string; related?: string[]; links?: string[]; folder?: string } = {}): EntrySummary {
  const ref = (s: string) => ({ slug: s, line: 0, character: 0, endLine: 0, endCharacter: 0 });
  return {
    uri: uriOf(slug, fields.folder),
    slug,
    title: fields.title,
    description: undefined,
    category: fields.category,
    logoIcon: undefined,
    related: (fields.related ?? []).map(ref),
    links: (fields.links ?? []).map(ref),
    frontmatterValid: true,
    words: [...new Set([...wordsOf(slug), ...wordsOf(fields.title ?? '')])],
  };
}

describe("GlossaryIndex: keep 'checks' (the CLI's check)", () => {
  test('keeps names, words and related lists; drops what only hovers, references and renames read', () => {
    const index = new GlossaryIndex({ keep: 'checks' });
    const full = { ...summary('a', { title: 'Alpha Term', category: 'Core', related: ['b'], links: ['c'] }), description: 'What alpha is.', logoIcon: 'i-lucide-layers' };
    index.upsert(full);
    index.upsert(summary('b', { related: ['a'] }));
    const kept = index.entryAt(uriOf('a'))!;
    assert.equal(kept.title, 'Alpha Term');
    assert.equal(kept.category, 'Core');
    assert.deepEqual(kept.words, full.words);
    assert.deepEqual(kept.related.map((reference) => reference.slug), ['b']);
    assert.equal(index.entryFor('b')?.uri, uriOf('b'));
    assert.equal(index.listsAsRelated(index.entryAt(uriOf('b'))!, 'a'), true);
    assert.equal(kept.description, undefined);
    assert.equal(kept.logoIcon, undefined);
    assert.deepEqual(kept.links, []);
    assert.deepEqual([...index.referrersOf('c')], [], 'body links are not kept');
    assert.deepEqual([...index.referrersOf('b')], [uriOf('a')], 'related items are');
  });
});

describe('GlossaryIndex: slugs and referrers', () => {
  test('referrersOf follows related items and body links through upserts and removals', () => {
    const index = new GlossaryIndex();
    index.upsert(summary('a', { related: ['b', 'c'] }));
    index.upsert(summary('d', { links: ['b'] }));
    assert.deepEqual([...index.referrersOf('b')].sort(), [uriOf('a'), uriOf('d')]);
    assert.deepEqual([...index.referrersOf('c')], [uriOf('a')]);

    index.upsert(summary('a', { related: ['c'] }));
    assert.deepEqual([...index.referrersOf('b')], [uriOf('d')]);
    index.remove(uriOf('d'));
    assert.deepEqual([...index.referrersOf('b')], []);
    index.remove(uriOf('a'));
    assert.deepEqual([...index.referrersOf('c')], []);
    assert.equal(index.size, 0);
  });

  test('referrersOf and referrerCount match a plain map through random upserts, removals and trimming', () => {
    // Lists go from one referrer to several and back, and are trimmed midway: each path of the
    // compact form (a lone URI, an array, an array copied to its length) is taken many times.
    let seed = 20261207;
    const random = (below: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * below);
    };
    const slugs = ['s0', 's1', 's2', 's3', 's4', 's5'];
    const index = new GlossaryIndex();
    const expected = new Map<string, Set<string>>();
    const named = new Map<string, string[]>();
    for (let step = 0; step < 3000; step++) {
      const slug = `e${random(12)}`;
      const uri = uriOf(slug);
      if (random(5) === 0) {
        index.remove(uri);
        named.delete(uri);
      } else {
        const names = Array.from({ length: random(4) }, () => slugs[random(slugs.length)]);
        const links = Array.from({ length: random(3) }, () => slugs[random(slugs.length)]);
        index.upsert(summary(slug, { related: names, links }));
        named.set(uri, [...names, ...links]);
      }
      if (step % 97 === 0) {
        const trim = index.trimReferrersStep();
        while (trim());
      }
      expected.clear();
      for (const [referrer, names] of named) for (const name of names) expected.set(name, (expected.get(name) ?? new Set()).add(referrer));
      for (const name of slugs) {
        const want = [...(expected.get(name) ?? [])].sort();
        assert.deepEqual([...index.referrersOf(name)].sort(), want, `${name} after step ${step}`);
        assert.equal(index.referrerCount(name), want.length);
      }
    }
  });

  test('a new slug reports the entries that already name it; the entry itself is never reported', () => {
    const index = new GlossaryIndex();
    assert.deepEqual([...index.upsert(summary('a', { related: ['b', 'a'] }))], []);
    assert.deepEqual([...index.upsert(summary('d', { links: ['b'] }))], []);
    assert.deepEqual([...index.upsert(summary('b', { related: ['b'] }))].sort(), [uriOf('a'), uriOf('d')]);
    assert.equal(index.has('b'), true);
    assert.equal(index.entryFor('b')?.uri, uriOf('b'));
    assert.equal(index.entryAt(uriOf('b'))?.slug, 'b');
  });

  test('re-upserting an edited entry whose slug already existed does not report its referrers', () => {
    const index = new GlossaryIndex();
    index.upsert(summary('a', { related: ['b'] }));
    index.upsert(summary('b', { title: 'B', category: 'X', links: ['c'] }));
    const version = index.slugVersion;
    assert.deepEqual([...index.upsert(summary('b', { title: 'B', category: 'Y', links: ['a'] }))], []);
    assert.equal(index.slugVersion, version);
    assert.deepEqual([...index.referrersOf('a')], [uriOf('b')]);
    assert.deepEqual([...index.referrersOf('c')], []);
  });

  test('entries added to or dropped from a related list are reported (their one-way relation changes)', () => {
    const index = new GlossaryIndex();
    index.upsert(summary('a'));
    index.upsert(summary('b'));
    index.upsert(summary('c'));
    assert.deepEqual([...index.upsert(summary('x', { related: ['a', 'b', 'missing'] }))].sort(), [uriOf('a'), uriOf('b')]);
    assert.deepEqual([...index.upsert(summary('x', { related: ['b', 'c'] }))].sort(), [uriOf('a'), uriOf('c')]);
    assert.deepEqual([...index.upsert(summary('x', { related: ['c', 'b'] }))], []);
    assert.deepEqual([...index.remove(uriOf('x'))].sort(), [uriOf('b'), uriOf('c')]);
  });

  test('removing the last entry of a slug reports its referrers and bumps the slug version', () => {
    const index = new GlossaryIndex();
    index.upsert(summary('a', { related: ['b'] }));
    index.upsert(summary('b'));
    const version = index.slugVersion;
    assert.deepEqual([...index.remove(uriOf('b'))], [uriOf('a')]);
    assert.equal(index.slugVersion, version + 1);
    assert.equal(index.has('b'), false);
    assert.equal(index.entryFor('b'), undefined);
    assert.deepEqual([...index.remove(uriOf('b'))], []);
    assert.deepEqual([...index.remove('file:///nowhere.md')], []);
  });

  test('two files with the same slug: the first indexed wins, and the slug lives on while one remains', () => {
    const index = new GlossaryIndex();
    index.upsert(summary('a', { related: ['x'] }));
    index.upsert(summary('x', { title: 'First' }));
    // The two report each other (duplicate-slug): each one's coming and going re-checks the other.
    assert.deepEqual([...index.upsert(summary('x', { title: 'Second', folder: 'content/glossary/more' }))], [uriOf('x')]);
    assert.deepEqual(index.urisForSlug('x'), [uriOf('x'), uriOf('x', 'content/glossary/more')]);
    assert.equal(index.entryFor('x')?.title, 'First');
    const version = index.slugVersion;
    assert.deepEqual([...index.remove(uriOf('x'))], [uriOf('x', 'content/glossary/more')]);
    assert.equal(index.entryFor('x')?.title, 'Second');
    assert.equal(index.slugVersion, version);
  });

  test('slugVersion changes when a slug comes or goes or a title changes, not on other edits', () => {
    const index = new GlossaryIndex();
    const v0 = index.slugVersion;
    index.upsert(summary('a'));
    assert.equal(index.slugVersion, v0 + 1);
    index.upsert(summary('a', { category: 'Edited' }));
    assert.equal(index.slugVersion, v0 + 1);
    index.upsert(summary('a', { title: 'Edited', category: 'Edited' }));
    assert.equal(index.slugVersion, v0 + 2);
    index.remove(uriOf('a'));
    assert.equal(index.slugVersion, v0 + 3);
  });
});

describe('GlossaryIndex: slugs kept as numbers', () => {
  test('an entry replaced or removed reads as it was, after its numbers have gone to other slugs', () => {
    const index = new GlossaryIndex();
    const seen: EntrySummary[] = [];
    index.watch((previous) => {
      if (previous) seen.push(previous);
    });
    index.upsert(summary('a', { related: ['x1', 'x2'], links: ['y', 'x1'] }));
    const old = index.entryAt(uriOf('a'))!;
    index.upsert(summary('a', { related: ['z1'], links: ['w'] }));
    // x1, x2 and y lost their last use: the next new slugs take their numbers.
    index.upsert(summary('b', { related: ['q1', 'q2', 'q3'], links: ['q4'] }));
    assert.equal(seen[0], old);
    assert.deepEqual(old.related.map((ref) => ref.slug), ['x1', 'x2']);
    assert.deepEqual(old.links.map((ref) => ref.slug), ['y', 'x1']);
    assert.ok(index.listsAsRelated(old, 'x2'));
    assert.ok(!index.listsAsRelated(old, 'q2'));
    assert.equal(index.referencesIn(old, 'x1').length, 2);
    assert.deepEqual(index.entryAt(uriOf('a'))!.related.map((ref) => ref.slug), ['z1']);
    assert.deepEqual(index.entryAt(uriOf('b'))!.related.map((ref) => ref.slug), ['q1', 'q2', 'q3']);
    assert.deepEqual(index.entryAt(uriOf('b'))!.links.map((ref) => ref.slug), ['q4']);
    assert.deepEqual([...index.referrersOf('x1')], []);
    assert.deepEqual([...index.referrersOf('q4')], [uriOf('b')]);
    const b = index.entryAt(uriOf('b'))!;
    index.remove(uriOf('b'));
    index.upsert(summary('c', { related: ['r1', 'r2', 'r3', 'r4'] }));
    assert.deepEqual(b.related.map((ref) => ref.slug), ['q1', 'q2', 'q3']);
    assert.ok(!index.listsAsRelated(b, 'r1'));
  });

  test('a slug keeps its number while an entry names it, and gives it back after the last', () => {
    const numbers = new SlugNumbers();
    const first = numbers.take('alpha');
    assert.equal(numbers.take('alpha'), first);
    const beta = numbers.take('beta');
    assert.notEqual(beta, first);
    numbers.release(first);
    assert.equal(numbers.numberOf('alpha'), first, 'one use is left');
    numbers.release(first);
    assert.equal(numbers.numberOf('alpha'), undefined);
    assert.equal(numbers.take('gamma'), first, 'the number freed goes to the next new slug');
    assert.equal(numbers.slug(first), 'gamma');
    assert.equal(numbers.slug(beta), 'beta');
    // A related item typed a character at a time, each version replacing the one before.
    const index = new GlossaryIndex();
    const typed = 'sparse-optimizer-pipeline';
    for (let k = 1; k <= typed.length; k++) index.upsert(summary('a', { related: ['b', typed.slice(0, k)], links: ['b'] }));
    assert.deepEqual(index.entryAt(uriOf('a'))!.related.map((ref) => ref.slug), ['b', typed]);
    for (let k = 1; k < typed.length; k++) assert.equal(index.referrerCount(typed.slice(0, k)), 0);
    assert.equal(index.namedSlugCount, 2, 'only the slugs named now have numbers');
  });
});

describe('GlossaryIndex: body links numbered against a pinned slug table', () => {
  test('a pinned table stays true: a number whose last use goes keeps its slug, and new slugs take numbers free before the pin', () => {
    const numbers = new SlugNumbers();
    const [alpha, beta, gamma] = ['alpha', 'beta', 'gamma'].map((slug) => numbers.take(slug));
    numbers.release(beta);
    const table = numbers.pin();
    assert.deepEqual(table, ['alpha', '', 'gamma']);
    numbers.release(alpha);
    assert.equal(numbers.slug(alpha), 'alpha', 'released while pinned: still its slug');
    assert.equal(numbers.numberOf('alpha'), alpha);
    assert.equal(numbers.take('delta'), beta, 'free before the pin');
    assert.equal(numbers.take('epsilon'), 3, 'not a number released while pinned');
    assert.equal(numbers.takePinned(alpha), alpha);
    numbers.release(alpha);
    numbers.release(gamma);
    assert.ok(numbers.pinnedOrUnknown(Int32Array.of(alpha, gamma, -1)));
    numbers.unpin();
    assert.equal(numbers.numberOf('alpha'), undefined, 'freed at the unpin');
    assert.equal(numbers.numberOf('gamma'), undefined);
    assert.ok(!numbers.pinnedOrUnknown(Int32Array.of(-1)), 'nothing is pinned');
    const taken = new Set([numbers.take('zeta'), numbers.take('eta'), numbers.take('theta')]);
    assert.deepEqual([...taken].sort(), [alpha, gamma, 4].sort(), 'each number freed once, though released twice while pinned');
  });

  test('links filled in as numbers read as links filled in as slugs, through edits and removals while the table is pinned', () => {
    let seed = 20261207;
    const random = (below: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return Math.floor((seed / 4294967296) * below);
    };
    const slugPool = Array.from({ length: 30 }, (_, i) => `s${i}`);
    const pick = (count: number) => Array.from({ length: count }, () => slugPool[random(slugPool.length)]);
    for (let round = 0; round < 200; round++) {
      const bySlugs = new GlossaryIndex();
      const byNumbers = new GlossaryIndex();
      const both = (change: (index: GlossaryIndex) => void) => [bySlugs, byNumbers].forEach(change);
      const entries = Array.from({ length: 12 }, (_, i) => ({ ...summary(`s${i}`, { related: pick(random(4)) }), linksUnread: true }));
      both((index) => entries.forEach((entry) => index.upsert(entry)));
      const table = byNumbers.pinSlugNumbers();
      const numbers = slugNumbersOf(table.slugs);
      for (const entry of entries) {
        // Meanwhile an entry may be edited or removed (its numbers' uses go), as the editor or a file event does.
        const change = random(6);
        if (change === 0) {
          const edited = summary(entry.slug, { related: pick(random(3)), links: pick(2) });
          both((index) => index.upsert(edited));
        } else if (change === 1) both((index) => index.remove(entry.uri));
        // Slugs no entry named before the pin come as strings, the others as numbers.
        const slugs = [...pick(random(5)), ...(random(2) ? [`new-${random(3)}`] : [])];
        const positions = Int32Array.from(slugs.flatMap((_, i) => [i, 0, i, 3]));
        const plain = bySlugs.fillLinks(entry.uri, { slugs, positions });
        assert.equal(byNumbers.fillLinks(entry.uri, numberedLinks({ slugs, positions }, numbers)), plain, `round ${round}: filled alike`);
      }
      table.release();
      table.release();
      for (const entry of bySlugs.entries()) {
        const other = byNumbers.entryAt(entry.uri)!;
        assert.deepStrictEqual([other.related, other.links], [entry.related, entry.links], `round ${round}: ${entry.slug}`);
      }
      for (const slug of [...slugPool, 'new-0', 'new-1', 'new-2']) assert.deepEqual([...byNumbers.referrersOf(slug)].sort(), [...bySlugs.referrersOf(slug)].sort(), `round ${round}: referrers of ${slug}`);
      assert.equal(byNumbers.namedSlugCount, bySlugs.namedSlugCount, `round ${round}: the numbers freed after the release`);
    }
  });

  test('links numbered against no pinned table are refused, and the entry still waits for its links', () => {
    const index = new GlossaryIndex();
    index.upsert({ ...summary('a', { related: ['b'] }), linksUnread: true });
    const table = index.pinSlugNumbers();
    const numbered = numberedLinks({ slugs: ['b', 'c'], positions: Int32Array.of(0, 0, 0, 1, 1, 0, 1, 1) }, slugNumbersOf(table.slugs));
    assert.deepEqual([...numbered.numbers!], [0, -1]);
    assert.deepEqual(numbered.slugs, ['c']);
    table.release();
    assert.throws(() => index.fillLinks(uriOf('a'), numbered), /no pinned slug table/);
    assert.equal(index.entryAt(uriOf('a'))!.linksUnread, true);
    assert.deepEqual(index.entryAt(uriOf('a'))!.links, []);
  });
});

describe('GlossaryIndex: references kept in shared blocks', () => {
  test('every entry reads its references as written through replacements, removals and the moves that reclaim unused blocks', () => {
    let seed = 20261207;
    const random = (below: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * below);
    };
    const index = new GlossaryIndex();
    const expected = new Map<string, { related: SlugReference[]; links: SlugReference[] }>();
    const reference = (): SlugReference => {
      const line = random(400);
      const character = random(3) === 0 ? 70_000 + random(10) : random(120);
      // One in three spans lines or starts past 65,535: the four-number form of positions, else the two-number one.
      return { slug: `s${random(60)}`, line, character, endLine: random(3) === 0 ? line + 1 : line, endCharacter: character + 3 + random(40) };
    };
    const check = (step: number) => {
      for (const [uri, want] of expected) {
        const entry = index.entryAt(uri)!;
        assert.deepEqual({ related: entry.related, links: entry.links }, want, `${uri} after step ${step}`);
      }
      assert.equal(index.size, expected.size);
    };
    for (let step = 0; step < 4000; step++) {
      // Entries that stay, written between the others: no block empties, so only moves reclaim them.
      const slug = step % 8 === 0 ? `kept${step}` : `e${random(40)}`;
      const uri = uriOf(slug);
      if (random(6) === 0 && !slug.startsWith('kept')) {
        index.remove(uri);
        expected.delete(uri);
      } else {
        // Now and then an entry of more references than one block holds.
        const linkCount = step % 997 === 0 ? 23_000 : random(250);
        const related = Array.from({ length: random(6) }, reference);
        const links = Array.from({ length: linkCount }, reference);
        index.upsert({ ...summary(slug), related, links });
        expected.set(uri, { related, links });
      }
      if (step % 250 === 0) check(step);
    }
    check(4000);
  });

  test('a block is dropped once none of its spans is used; more unused than used asks for a move', () => {
    const arena = new ReferenceArena();
    const spans: { block: Int32Array; size: number }[] = [];
    for (let i = 0; i < 2000; i++) spans.push({ block: arena.allocate(1000), size: 1000 });
    const blocks = new Set(spans.map((span) => span.block));
    assert.ok(blocks.size >= 30 && blocks.size <= 32, `${blocks.size} blocks`);
    assert.ok(!arena.wasteful);
    // Every span of the first blocks given back, but one: that block stays, the others go.
    for (const span of spans.slice(0, 1500)) arena.free(span.block, span.size);
    assert.ok(arena.wasteful === false, 'the blocks without spans in use were dropped, not counted as unused');
    for (const span of spans.slice(1500, 1990)) arena.free(span.block, span.size);
    assert.ok(!arena.wasteful, 'ten spans in use in the block being filled');
    const kept = spans.slice(1990);
    const again = Array.from({ length: 300 }, () => ({ block: arena.allocate(1000), size: 1000 }));
    // Each block of `again` holds one span in use after this: many blocks, little used.
    for (const [i, span] of again.entries()) if (i % 65 !== 0) arena.free(span.block, span.size);
    for (const span of kept) arena.free(span.block, span.size);
    assert.ok(arena.wasteful);
    arena.restart();
    assert.ok(!arena.wasteful);
    assert.equal(arena.allocate(0).length, 0);
  });
});

describe('ReferrerLists', () => {
  test('match a plain map of sets through random adds and removals, lists growing, shrinking, moved and trimmed midway', () => {
    // xorshift32: the entry drawn right after the slug must not depend on it (a small LCG's does).
    let seed = 20261208;
    const random = (below: number) => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % below;
    };
    // Blocks of 256 numbers: the lists fill many, and moves to new ones come often.
    const lists = new ReferrerLists(256);
    const expected = new Map<number, Set<number>>();
    // Slug numbers, past the first slots' 1,024 (the slots grow).
    const slugs = Array.from({ length: 24 }, (_, i) => (i < 20 ? i : 1000 + i * 300));
    let trim: (() => boolean) | undefined;
    for (let step = 0; step < 40_000; step++) {
      const slug = slugs[random(slugs.length)];
      // Slugs with a low number gather hundreds of entries; the others stay at a few.
      const entry = random(slug < 4 ? 2000 : 4);
      const set = expected.get(slug) ?? new Set<number>();
      if (random(5) === 0) {
        lists.remove(slug, entry);
        set.delete(entry);
      } else {
        // As the index does: an entry's old slugs go before its new ones come, and a slug it names
        // twice is added twice in a row (add keeps it once).
        if (set.has(entry)) lists.remove(slug, entry);
        lists.add(slug, entry);
        if (random(2) === 0) lists.add(slug, entry);
        set.add(entry);
      }
      expected.set(slug, set);
      // A trim in steps, with changes between its steps now and then.
      if (step % 1000 === 0) trim = lists.trimStep(40);
      if (trim && random(4) === 0 && !trim()) trim = undefined;
      if (step % 500 === 0 || step === 39_999) {
        for (const name of slugs) {
          const got: number[] = [];
          lists.forEach(name, (number) => got.push(number));
          const want = [...(expected.get(name) ?? [])].sort((a, b) => a - b);
          assert.deepEqual(got.sort((a, b) => a - b), want, `${name} after step ${step}`);
          assert.equal(lists.count(name), want.length);
        }
      }
    }
    assert.ok((expected.get(0)?.size ?? 0) > 300, `a long list was exercised: ${[...expected.values()].map((set) => set.size).join(' ')}`);
  });

  test('a trim moves every list a slice at a time, leaving its blocks without waste and no step moving them all', () => {
    const blockInts = 256;
    const lists = new ReferrerLists(blockInts);
    // 2,000 slugs grown by doubling to spans of 8, holding 8 referrers or 5: the spans of 2 and 4
    // they left behind, and those of 8 that the lists of 5 leave, are in blocks the full lists keep.
    const referrers = (slug: number) => (slug % 2 ? 5 : 8);
    for (let slug = 0; slug < 2000; slug++) for (let entry = 0; entry < referrers(slug); entry++) lists.add(slug, entry);
    assert.ok(lists.unusedNumbers > 2000, `${lists.unusedNumbers} numbers unused before the trim`);
    const trim = lists.trimStep(40, Number.POSITIVE_INFINITY);
    let steps = 0;
    let mostCopied = 0;
    for (let more = true; more; steps++) {
      const before = lists.copiedNumbers;
      more = trim();
      mostCopied = Math.max(mostCopied, lists.copiedNumbers - before);
    }
    assert.ok(steps >= 2000 / 40, `${steps} steps`);
    assert.ok(mostCopied <= 40 * 8, `a step copied ${mostCopied} numbers: more than its 40 lists`);
    assert.ok(lists.unusedNumbers < 2 * blockInts, `${lists.unusedNumbers} numbers unused after the trim`);
    for (let slug = 0; slug < 2000; slug++) assert.equal(lists.count(slug), referrers(slug));
  });

  test('lists that stay keep their entries when the blocks are compacted around them', () => {
    const lists = new ReferrerLists(64);
    for (let i = 0; i < 100; i++) {
      // Two entries that stay, beside a list that grows to 32 and falls back to one: the spans it
      // leaves cannot be reclaimed with their blocks, which the lists that stay hold on to.
      lists.add(2 * i, 1);
      lists.add(2 * i, 2);
      for (let entry = 0; entry < 32; entry++) lists.add(2 * i + 1, entry);
      for (let entry = 1; entry < 32; entry++) lists.remove(2 * i + 1, entry);
    }
    for (let i = 0; i < 100; i++) {
      const kept: number[] = [];
      lists.forEach(2 * i, (entry) => kept.push(entry));
      assert.deepEqual(kept.sort(), [1, 2], `kept${i}`);
      const grown: number[] = [];
      lists.forEach(2 * i + 1, (entry) => grown.push(entry));
      assert.deepEqual(grown, [0], `grown${i}`);
    }
  });
});

describe('GlossaryIndex: titles and categories', () => {
  test('entries sharing a title (case and spacing ignored) report each other', () => {
    const index = new GlossaryIndex();
    index.upsert(summary('a', { title: 'Fine Tuning' }));
    assert.deepEqual([...index.upsert(summary('b', { title: '  fine   TUNING ' }))], [uriOf('a')]);
    assert.deepEqual([...index.urisWithTitle('FINE tuning')].sort(), [uriOf('a'), uriOf('b')]);
    // b changes its title away: a is no longer a duplicate and must be re-checked.
    assert.deepEqual([...index.upsert(summary('b', { title: 'Other' }))], [uriOf('a')]);
    // An edit that keeps the title reports nothing.
    assert.deepEqual([...index.upsert(summary('b', { title: 'Other', category: 'C' }))], []);
    index.upsert(summary('c', { title: 'Fine Tuning' }));
    assert.deepEqual([...index.remove(uriOf('c'))], [uriOf('a')]);
  });

  test('categories are counted, most used first, ties by name', () => {
    const index = new GlossaryIndex();
    index.upsert(summary('a', { category: 'Generative AI' }));
    index.upsert(summary('b', { category: 'Core Concepts' }));
    index.upsert(summary('c', { category: 'Generative AI' }));
    index.upsert(summary('d', { category: 'Ethics' }));
    index.upsert(summary('e'));
    assert.deepEqual(index.categories(), [
      { name: 'Generative AI', count: 2 },
      { name: 'Core Concepts', count: 1 },
      { name: 'Ethics', count: 1 },
    ]);
    index.upsert(summary('a', { category: 'Ethics' }));
    index.remove(uriOf('b'));
    assert.deepEqual(index.categories(), [
      { name: 'Ethics', count: 2 },
      { name: 'Generative AI', count: 1 },
    ]);
    index.remove(uriOf('c'));
    index.upsert(summary('d'));
    assert.deepEqual(index.categories(), [{ name: 'Ethics', count: 1 }]);
  });
});

describe('summarizeEntry', () => {
  test('keeps fields, resolves related items and entry links to slugs with ranges', () => {
    const text = [
      '---',
      'title: In-Context Learning',
      "description: 'Learning from the prompt.'",
      'category: Emerging Terms',
      'related:',
      '- /glossary/few-shot-learning/',
      '- prompting.md',
      '- https://example.com',
      '---',
      'See [LLMs](/glossary/large-language-models), [RLHF](./rlhf.md), [web](https://example.com/glossary/x), [word](transformer).',
    ].join('\n');
    const uri = uriOf('in-context-learning');
    const document = TextDocument.create(uri, 'markdown', 1, text);
    const result = summarizeEntry(uri, 'in-context-learning', document, parseEntry(text, DEFAULT_SETTINGS), DEFAULT_SETTINGS);
    assert.deepEqual(result, {
      uri,
      slug: 'in-context-learning',
      title: 'In-Context Learning',
      description: 'Learning from the prompt.',
      category: 'Emerging Terms',
      logoIcon: undefined,
      // The ranges cover the slug only, not a link prefix, `./` or `.md` around it.
      related: [
        { slug: 'few-shot-learning', line: 5, character: 12, endLine: 5, endCharacter: 29 },
        { slug: 'prompting', line: 6, character: 2, endLine: 6, endCharacter: 11 },
      ],
      links: [
        { slug: 'large-language-models', line: 9, character: 21, endLine: 9, endCharacter: 42 },
        { slug: 'rlhf', line: 9, character: 54, endLine: 9, endCharacter: 58 },
      ],
      frontmatterValid: true,
      words: ['in', 'context', 'learning'],
      titleLower: 'in-context learning',
      letters: letterMask('in-context-learning'),
    });
  });

  test('a long first paragraph is shown cut at a space and flagged; the prose kept is one byte a character where it can be', async () => {
    const { serialize } = await import('node:v8');
    // V8's serializer writes a string's own representation: tag '"' for one byte a character, 'c' for two.
    const oneBytePerCharacter = (value: string) => serialize(value)[2] === 0x22;
    const sentence = 'A foundation model is trained once on broad data and adapted to many tasks. ';
    // The em dash, past U+00FF, makes the whole text two bytes a character.
    const text = ['---', 'title: Foundation Model', "description: 'Trained once, adapted often.'", '---', `${sentence.repeat(12)}`, '', 'Later — a second paragraph.'].join('\n');
    const uri = uriOf('foundation-model');
    const result = summarizeEntry(uri, 'foundation-model', TextDocument.create(uri, 'markdown', 1, text), parseEntry(text, DEFAULT_SETTINGS), DEFAULT_SETTINGS);
    for (const kept of [result.title!, result.description!]) assert.ok(oneBytePerCharacter(kept), kept);
    assert.equal('firstParagraph' in result, false, 'the index keeps no first paragraph: a hover reads it');

    const shown = firstParagraphOf(text);
    assert.equal(shown.cut, true);
    assert.ok(shown.text.length <= 400 && shown.text.length > 300, `${shown.text.length} characters shown`);
    const paragraph = sentence.repeat(12).trim();
    assert.ok(paragraph.startsWith(shown.text), 'the start of the paragraph, unchanged');
    assert.equal(paragraph[shown.text.length], ' ', 'cut at a space');
    assert.deepEqual(firstParagraphOf('Short — paragraph.'), { text: 'Short — paragraph.', cut: false });
    assert.deepEqual(firstParagraphOf('---\ntitle: T\n---\n# Heading\n\n```\ncode\n```\n\nThe   first\nparagraph.\n\nThe second.'), { text: 'The first paragraph.', cut: false });
  });
});

describe('summarizeEntry: frontmatterValid', () => {
  const valid = (text: string) => {
    const uri = uriOf('x');
    return summarizeEntry(uri, 'x', TextDocument.create(uri, 'markdown', 1, text), parseEntry(text, DEFAULT_SETTINGS), DEFAULT_SETTINGS).frontmatterValid;
  };

  test('true for a closed block whose only problems are duplicate keys; false otherwise', () => {
    assert.equal(valid('---\ntitle: A\n---\n'), true);
    assert.equal(valid('---\ntitle: A\ntitle: B\n---\n'), true);
    assert.equal(valid('Intro\n---\ntitle: A\n---\n'), true);
    assert.equal(valid('---\ntitle: A: B\n---\n'), false);
    assert.equal(valid('---\n- a\n---\n'), false);
    assert.equal(valid('---\ntitle: A\n'), false);
    assert.equal(valid('# No frontmatter\n'), false);
  });
});

describe('GlossaryService: the index follows the workspace', () => {
  test('indexWorkspace reads the included files only', async () => {
    const fixture = new Fixture({
      'content/glossary/a.md': goodEntry('A'),
      'content/glossary/nested/b.md': goodEntry('B'),
      'content/glossary/notes.txt': 'not an entry',
      'content/glossary/node_modules/c.md': goodEntry('C'),
      'content/glossary/.drafts/d.md': goodEntry('D'),
      'docs/e.md': goodEntry('E'),
    });
    const report = await fixture.service.indexWorkspace();
    assert.equal(report.files, 2);
    assert.equal(report.indexed, 2);
    assert.deepEqual(report.notes, []);
    assert.equal(report.cancelled, false);
    assert.deepEqual([...fixture.index.entries()].map((e) => e.slug).sort(), ['a', 'b']);
  });

  test('binary files are skipped with a note', async () => {
    const fixture = new Fixture({ 'content/glossary/a.md': goodEntry('A') });
    fixture.workspace.write('content/glossary/bin.md', new Uint8Array([0x2d, 0x2d, 0x2d, 0x00, 0x01]));
    const report = await fixture.service.indexWorkspace();
    assert.equal(report.files, 2);
    assert.equal(report.indexed, 1);
    assert.deepEqual(report.notes, [{ uri: 'file:///ws/content/glossary/bin.md', reason: 'skipped: it is a binary file' }]);
  });

  test('created, changed and deleted files update the index', async () => {
    const fixture = await Fixture.withEntries({ a: goodEntry('A', 'Core Concepts', ['b']) });
    assert.deepEqual([...(await fixture.create('b', goodEntry('B', 'Ethics')))], [fixture.uri('a')]);
    assert.equal(fixture.index.entryFor('b')?.category, 'Ethics');
    fixture.workspace.write('content/glossary/b.md', goodEntry('B2', 'Ethics'));
    assert.deepEqual([...(await fixture.service.fileChanged(fixture.uri('b'), 'changed'))], []);
    assert.equal(fixture.index.entryFor('b')?.title, 'B2');
    assert.deepEqual([...(await fixture.remove('b'))], [fixture.uri('a')]);
    assert.equal(fixture.index.has('b'), false);
  });

  test('a deleted folder removes every entry under it and reports the referrers left outside', async () => {
    const fixture = await Fixture.withEntries({
      a: goodEntry('A', 'Core Concepts', ['b', 'c']),
      'sub/b': goodEntry('B', 'Core Concepts', ['c']),
      'sub/deeper/c': goodEntry('C'),
      'subway/d': goodEntry('D'),
    });
    assert.equal(fixture.index.size, 4);
    fixture.workspace.delete('content/glossary/sub/b.md');
    fixture.workspace.delete('content/glossary/sub/deeper/c.md');
    const affected = await fixture.service.fileChanged('file:///ws/content/glossary/sub', 'deleted');
    assert.ok(affected.has(fixture.uri('a')));
    assert.deepEqual([...fixture.index.entries()].map((e) => e.slug).sort(), ['a', 'd']);
    assert.deepEqual([...fixture.index.referrersOf('b')], [fixture.uri('a')]);
  });

  test('a created folder is indexed', async () => {
    const fixture = await Fixture.withEntries({ a: goodEntry('A', 'Core Concepts', ['n']) });
    fixture.workspace.write('content/glossary/new/n.md', goodEntry('N'));
    fixture.workspace.write('content/glossary/new/notes.txt', 'x');
    const affected = await fixture.service.fileChanged('file:///ws/content/glossary/new', 'created');
    assert.deepEqual([...affected], [fixture.uri('a')]);
    assert.equal(fixture.index.entryFor('n')?.uri, 'file:///ws/content/glossary/new/n.md');
  });

  test('an open document wins over the file on disk until it is closed', async () => {
    const fixture = await Fixture.withEntries({ a: goodEntry('Disk Title') });
    fixture.open('a', goodEntry('Editor Title'));
    assert.deepEqual([...(await fixture.service.fileChanged(fixture.uri('a'), 'changed'))], []);
    assert.deepEqual([...(await fixture.service.fileChanged(fixture.uri('a'), 'deleted'))], []);
    assert.equal(fixture.index.entryFor('a')?.title, 'Editor Title');
    await fixture.service.closeDocument(fixture.uri('a'));
    assert.equal(fixture.service.isOpen(fixture.uri('a')), false);
    assert.equal(fixture.index.entryFor('a')?.title, 'Disk Title');
  });

  test('a file outside the include globs is dropped from the index on change', async () => {
    const fixture = await Fixture.withEntries({ a: goodEntry('A') });
    const outside = fixture.workspace.write('docs/readme.md', goodEntry('Readme'));
    assert.deepEqual([...(await fixture.service.fileChanged(outside, 'created'))], []);
    assert.equal(fixture.index.size, 1);
    assert.equal(fixture.service.isEntry(outside), false);
    assert.equal(fixture.service.isEntry(fixture.uri('a')), true);
  });
});

describe('packed summaries: the index as another thread receives it', () => {
  test('an index loaded from packed summaries, serialized and read back as a worker reads them, answers as the original', async () => {
    const { serialize, deserialize } = await import('node:v8');
    const { plainSummary, packedSummary } = await import('../../server/src/core/glossaryIndex');
    const original = new GlossaryIndex();
    const made = [
      summary('alpha', { title: 'Alpha', category: 'x', related: ['beta', 'gamma', 'missing'], links: ['beta', 'beta'] }),
      summary('beta', { title: 'Beta', related: ['alpha'] }),
      summary('gamma', { category: 'x', links: ['alpha', 'nowhere'] }),
      { ...summary('delta', { title: 'Delta' }), aliases: ['D'], titleLower: 'delta', letters: 7, related: [{ slug: 'alpha', line: 3, character: 4, endLine: 3, endCharacter: 9 }] },
    ];
    for (const entry of made) original.upsert(entry);
    const packed = [...original.entries()].map(packedSummary);
    assert.ok(packed.every((entry) => entry.refPositions instanceof Int32Array && !('related' in entry)));
    const copy = new GlossaryIndex();
    for (const entry of deserialize(serialize(packed)) as typeof packed) copy.upsert(entry);
    assert.deepStrictEqual([...copy.entries()].map(plainSummary), [...original.entries()].map(plainSummary));
    assert.deepStrictEqual([...copy.entries()].map(plainSummary), made.map((entry) => plainSummary(entry)));
    for (const slug of ['alpha', 'beta', 'gamma', 'missing', 'nowhere']) assert.deepStrictEqual([...copy.referrersOf(slug)].sort(), [...original.referrersOf(slug)].sort(), slug);
    const alpha = copy.entryFor('alpha')!;
    assert.equal(copy.listsAsRelated(alpha, 'missing'), true);
    assert.equal(copy.listsAsRelated(alpha, 'nowhere'), false);
    assert.deepStrictEqual(copy.referencesIn(copy.entryFor('delta')!, 'alpha'), [{ slug: 'alpha', line: 3, character: 4, endLine: 3, endCharacter: 9 }]);
    // A plain summary packs as well as a stored one.
    assert.deepStrictEqual(packedSummary(made[0]), packedSummary(original.entryFor('alpha')!));
  });
});

describe('reference positions: kept in two numbers where they fit, in four elsewhere', () => {
  test('every position comes back as it went in, through upserts, filled-in links and packing', async () => {
    const { serialize, deserialize } = await import('node:v8');
    const { packedSummary } = await import('../../server/src/core/glossaryIndex');
    let seed = 7;
    const random = (below: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * below);
    };
    // Values at and past the edges of the two-number form, and ordinary ones.
    const characters = [0, 1, 40, 65535, 65536, 70000];
    const lengths = [0, 1, 12, 32767, 32768, 40000];
    const reference = (slug: string) => {
      const line = random(3) === 0 ? 1000000 : random(400);
      const character = characters[random(characters.length)];
      const endLine = random(8) === 0 ? line + 1 : line;
      return { slug, line, character, endLine, endCharacter: endLine === line ? character + lengths[random(lengths.length)] : random(50) };
    };
    for (let round = 0; round < 300; round++) {
      // Mostly entries whose references all fit; one in four has a reference that does not.
      const fits = random(4) !== 0;
      const made = (count: number) =>
        Array.from({ length: count }, (_, i) => {
          for (;;) {
            const candidate = reference(`s${i}`);
            const narrow = candidate.endLine === candidate.line && candidate.character < 65536 && candidate.endCharacter - candidate.character < 32768;
            if (!fits || narrow) return candidate;
          }
        });
      const related = made(random(5));
      const links = made(random(6));
      const entry = { ...summary(`e${round}`), related, links };
      const index = new GlossaryIndex();
      index.upsert(entry);
      assert.deepStrictEqual(index.entryAt(entry.uri)!.related, related, `related, round ${round}`);
      assert.deepStrictEqual(index.entryAt(entry.uri)!.links, links, `links, round ${round}`);

      const copy = new GlossaryIndex();
      copy.upsert(deserialize(serialize(packedSummary(index.entryAt(entry.uri)!))));
      assert.deepStrictEqual([...copy.entryAt(entry.uri)!.related, ...copy.entryAt(entry.uri)!.links], [...related, ...links], `packed, round ${round}`);

      // Indexed without its body links, which come later as a worker reads them.
      const later = new GlossaryIndex();
      later.upsert({ ...entry, links: [], linksUnread: true });
      const positions = Int32Array.from(links.flatMap((link) => [link.line, link.character, link.endLine, link.endCharacter]));
      assert.equal(later.fillLinks(entry.uri, { slugs: links.map((link) => link.slug), positions }), true);
      assert.deepStrictEqual(later.entryAt(entry.uri)!.related, related, `related after fillLinks, round ${round}`);
      assert.deepStrictEqual(later.entryAt(entry.uri)!.links, links, `links after fillLinks, round ${round}`);
    }
  });
});
