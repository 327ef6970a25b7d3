import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { EntrySummary } from '../../server/src/core/glossaryIndex';
import { GlossaryIndex } from '../../server/src/core/glossaryIndex';
import { BestEntries, SlugSearch, slugSearchOf } from '../../server/src/core/ranking';
import { summarizeEntry } from '../../server/src/core/summarize';
import { parseEntry } from '../../server/src/core/parsing';
import { scanningPositions } from '../../server/src/core/positions';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';


const entry = (slug: string) => ({ slug }) as EntrySummary;

test('BestEntries keeps the same entries, in the same order, as sorting everything would', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.stringMatching(/^[a-c]{0,3}$/), fc.integer({ min: -3, max: 3 })), { maxLength: 60 }), fc.integer({ min: 0, max: 20 }), (offers, limit) => {
      const best = new BestEntries(limit);
      for (const [slug, score] of offers) best.offer(entry(slug), score);
      const expected = [...offers].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, limit).map(([slug]) => slug);
      assert.equal(best.offered, offers.length);
      assert.deepEqual(best.best().map((e) => e.slug), expected);
    }),
    { seed: 20261129, numRuns: 500 },
  );
});

/**
 * The scoring rules written the plain way (one entry at a time, as completion once did): SlugSearch
 * must give every entry the same score, or leave out the same entries.
 */
function slugMatcher(query: string): (entry: EntrySummary) => number {
  if (query === '') return () => 0;
  // Typed words are separated by spaces or hyphens; the letters in order ignore hyphens.
  const parts = query.split(/[\s-]+/).filter(Boolean);
  const letters = parts.join('');
  return (entry) => {
    const slug = entry.slugLower ?? entry.slug;
    if (slug.startsWith(query)) return 4000 - slug.length;
    for (const word of entry.words) if (word.startsWith(query)) return 3000 - slug.length;
    const title = entry.titleLower;
    if (title !== undefined && title.startsWith(query)) return 3000 - slug.length;
    if (parts.length > 1 && parts.every((part) => entry.words.some((word) => word.startsWith(part)))) return 2500 - slug.length;
    // Typed spaces ask for words, not letters.
    if (/\s/.test(query)) return -1;
    let position = 0;
    let gaps = 0;
    for (const letter of letters) {
      const found = slug.indexOf(letter, position);
      if (found === -1) return -1;
      if (found !== position) gaps++;
      position = found + 1;
    }
    return 1000 - gaps * 10 - slug.length;
  };
}


/** Each entry of `index` that the plain matcher scores for `query`, with its score. */
function expectedScores(index: GlossaryIndex, query: string): Map<string, number> {
  const expected = new Map<string, number>();
  const scoreOf = slugMatcher(query);
  for (const entry of index.entries()) {
    const score = scoreOf(entry);
    if (score >= 0) expected.set(entry.uri, score);
  }
  return expected;
}

const slugArbitrary = fc.array(fc.constantFrom('a', 'b', 'c', 'x', '-', '1', 'A'), { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));
const titleArbitrary = fc.option(fc.array(fc.constantFrom('Ab', 'ca', 'x', ' ', 'B-c'), { maxLength: 4 }).map((parts) => parts.join('')), { nil: undefined });

test('SlugSearch scores every entry as the plain matcher does, and follows index changes', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(slugArbitrary, titleArbitrary), { maxLength: 25 }), fc.array(fc.constantFrom('', 'a', 'ab', 'b-', 'x1', 'c a', 'ca', 'abc', '-', 'zz', 'b a', 'a-c', 'ab c'), { minLength: 1, maxLength: 6 }), (entries, queries) => {
      const index = new GlossaryIndex();
      const add = (slug: string, title: string | undefined, n: number) => {
        const text = title === undefined ? '---\n---\n' : `---\ntitle: '${title}'\n---\n`;
        index.upsert(summarizeEntry(`file:///g/${n}-${slug}.md`, slug, scanningPositions(text), parseEntry(text, { debrisTags: [] }), DEFAULT_SETTINGS));
      };
      entries.forEach(([slug, title], n) => add(slug, title, n));
      for (const [round, query] of queries.entries()) {
        const expected = expectedScores(index, query);
        const got = new Map<string, number>();
        const answer = slugSearchOf(index).forEachMatch(query, (entry, score) => got.set(entry.uri, score));
        assert.deepEqual(got, expected, `query ${JSON.stringify(query)}`);
        assert.deepEqual(answer, { matches: expected.size, complete: true });
        // Asked to leave out the letters-in-order matches: exactly the others, and the answer says it is not all.
        const withoutLoose = new Map<string, number>();
        const partial = slugSearchOf(index).forEachMatch(query, (entry, score) => withoutLoose.set(entry.uri, score), undefined, () => false);
        assert.deepEqual(withoutLoose, new Map([...expected].filter(([, score]) => query === '' || score >= 2000)), `query ${JSON.stringify(query)} without loose matches`);
        assert.equal(partial.complete, query === '' || /\s/.test(query) || index.size === 0);
        // Letters-in-order matches only while they could score at least 1000 - longest: those of slugs up to that long.
        const longest = 1 + (round % 5);
        const cut = new Map<string, number>();
        const lengthOf = (uri: string) => index.entryAt(uri)!.slug.length;
        const upTo = slugSearchOf(index).forEachMatch(query, (entry, score) => cut.set(entry.uri, score), undefined, (bestPossible) => bestPossible >= 1000 - longest);
        assert.deepEqual(cut, new Map([...expected].filter(([uri, score]) => query === '' || score >= 2000 || lengthOf(uri) <= longest)), `query ${JSON.stringify(query)} up to ${longest}`);
        assert.equal(upTo.complete, query === '' || /\s/.test(query) || [...index.entries()].every((entry) => entry.slug.length <= longest));
        // Between queries the index changes: an entry added, every other round one removed, and a title changed in place.
        add(`new${round}`, round % 2 ? 'Abc' : undefined, 1000 + round);
        const first = index.entries().next().value;
        if (first && round % 2) index.remove(first.uri);
        if (entries.length) add(entries[0][0], round % 2 ? `B-c x${round}` : undefined, 0);
      }
    }),
    { seed: 20261129, numRuns: 300 },
  );
});

test('SlugSearch feeding a short list (as completion does) keeps the best entries that ranking every match would', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(slugArbitrary, titleArbitrary), { maxLength: 40 }),
      fc.constantFrom('a', 'ab', 'b-', 'x1', 'c a', 'ca', 'abc', '-', 'b a', 'a-c', 'ab c', 'b'),
      fc.integer({ min: 1, max: 8 }),
      (entries, query, limit) => {
        const index = new GlossaryIndex();
        entries.forEach(([slug, title], n) => {
          const text = title === undefined ? '---\n---\n' : `---\ntitle: '${title}'\n---\n`;
          index.upsert(summarizeEntry(`file:///g/${n}-${slug}.md`, slug, scanningPositions(text), parseEntry(text, { debrisTags: [] }), DEFAULT_SETTINGS));
        });
        const best = new BestEntries(limit);
        const answer = slugSearchOf(index).forEachMatch(query, (entry, score) => best.offer(entry, score), (score, slug) => best.wants(score, slug), (bestPossible) => best.wants(bestPossible, ''));
        const everything = new BestEntries(limit);
        for (const [uri, score] of expectedScores(index, query)) everything.offer(index.entryAt(uri)!, score);
        // Slugs, not URIs: two files with one slug (a duplicate-slug error) tie, and either may be kept.
        assert.deepEqual(best.best().map((entry) => entry.slug), everything.best().map((entry) => entry.slug), `query ${JSON.stringify(query)}, limit ${limit}`);
        // What was not offered is said: all offered only when the list never filled.
        if (answer.complete) assert.equal(answer.matches, expectedScores(index, query).size);
      },
    ),
    { seed: 20261206, numRuns: 500 },
  );
});

test('while the typed letters grow, SlugSearch reads only the slugs the last pass found, and answers as a fresh search does: the same visits, scores and completeness, with short lists and cut passes', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(slugArbitrary, titleArbitrary), { maxLength: 40 }),
      // What is typed, a character at a time, now and then started again.
      fc.array(fc.tuple(fc.array(fc.constantFrom('a', 'b', 'c', 'x', '-', '1', ' '), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 9 })), { minLength: 1, maxLength: 4 }),
      (entries, typings) => {
        const index = new GlossaryIndex();
        const add = (slug: string, title: string | undefined, n: number) => {
          const text = title === undefined ? '---\n---\n' : `---\ntitle: '${title}'\n---\n`;
          index.upsert(summarizeEntry(`file:///g/${n}-${slug}.md`, slug, scanningPositions(text), parseEntry(text, { debrisTags: [] }), DEFAULT_SETTINGS));
        };
        entries.forEach(([slug, title], n) => add(slug, title, n));
        const remembering = slugSearchOf(index);
        for (const [round, [characters, limit, cut]] of typings.entries()) {
          let query = '';
          for (const character of characters) {
            query += character;
            const run = (search: SlugSearch) => {
              const visits: string[] = [];
              // limit 0: every match; otherwise a short list, as completion keeps; cut: the pass ends past slugs of that length.
              const best = limit ? new BestEntries(limit) : undefined;
              const answer = search.forEachMatch(
                query,
                (entry, score) => {
                  visits.push(`${entry.uri}:${score}`);
                  best?.offer(entry, score);
                },
                best && ((score, slug) => best.wants(score, slug)),
                (bestPossible) => (cut === 0 || bestPossible >= 1000 - cut) && (!best || best.wants(bestPossible, '')),
              );
              // Sorted: entries whose keys are equal (one slug in two files) come in the order the keys were
              // added, which differs between a search kept up to date and a fresh one; so may which of them a list keeps.
              return { visits: visits.sort(), answer, best: best?.best().map((entry) => entry.slug) };
            };
            assert.deepEqual(run(remembering), run(new SlugSearch(index)), `typing ${JSON.stringify(query)}, limit ${limit}, cut ${cut}`);
          }
          // Between typings: a body edit (the keys stay) and, every other round, a new entry (the slots change).
          if (entries.length) add(entries[0][0], entries[0][1], 0);
          if (round % 2) add(`ab${round}`, undefined, 1000 + round);
        }
      },
    ),
    { seed: 20261207, numRuns: 500 },
  );
});

test('SlugSearch answers as a fresh one after more changes than it follows one by one', () => {
  const index = new GlossaryIndex();
  const add = (slug: string, title: string) => {
    const text = `---\ntitle: '${title}'\n---\n`;
    index.upsert(summarizeEntry(`file:///g/${slug}.md`, slug, scanningPositions(text), parseEntry(text, { debrisTags: [] }), DEFAULT_SETTINGS));
  };
  for (let i = 0; i < 50; i++) add(`term-${i}`, `Term ${i}`);
  const search = slugSearchOf(index);
  const answer = (query: string) => {
    const got: string[] = [];
    slugSearchOf(index).forEachMatch(query, (entry, score) => got.push(`${entry.slug}:${score}`));
    return got.sort();
  };
  assert.equal(answer('term').length, 50);
  // A whole folder indexed between two queries, titles changed, some removed.
  for (let i = 0; i < 1000; i++) add(`word-${i}`, `Word ${i}`);
  for (let i = 0; i < 50; i += 2) add(`term-${i}`, `Renamed ${i}`);
  for (let i = 0; i < 1000; i += 3) index.remove(`file:///g/word-${i}.md`);
  assert.equal(slugSearchOf(index), search);
  const fresh = new GlossaryIndex();
  for (const entry of index.entries()) fresh.upsert(entry);
  for (const query of ['term', 'renamed', 'word-99', 'wd9', 're 4', '']) {
    const expected: string[] = [];
    slugSearchOf(fresh).forEachMatch(query, (entry, score) => expected.push(`${entry.slug}:${score}`));
    assert.deepEqual(answer(query), expected.sort(), query);
  }
  assert.equal(answer('renamed').length, 25);
  assert.equal(answer('word').length, 666);
});

test('SlugSearch puts the entries added since the last query in at once, merged when many (as while indexing), before any other change, and answers as a fresh one', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(slugArbitrary, titleArbitrary), { maxLength: 30 }),
      // Per round: how many entries are added (past what is followed one by one or not), and whether one is then removed or retitled.
      fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), fc.constantFrom('none', 'none', 'remove', 'retitle')), { minLength: 1, maxLength: 4 }),
      fc.array(fc.tuple(slugArbitrary, titleArbitrary), { minLength: 1, maxLength: 20 }),
      (entries, rounds, newNames) => {
        const index = new GlossaryIndex();
        let n = 0;
        const add = (slug: string, title: string | undefined, at = n++) => {
          const text = title === undefined ? '---\n---\n' : `---\ntitle: '${title}'\n---\n`;
          index.upsert(summarizeEntry(`file:///g/${at}-${slug}.md`, slug, scanningPositions(text), parseEntry(text, { debrisTags: [] }), DEFAULT_SETTINGS));
        };
        entries.forEach(([slug, title]) => add(slug, title));
        const kept = slugSearchOf(index);
        const run = (search: SlugSearch, query: string) => {
          const visits: string[] = [];
          const answer = search.forEachMatch(query, (entry, score) => visits.push(`${entry.uri}:${score}`));
          return { visits: visits.sort(), answer };
        };
        for (const query of ['', 'a']) assert.deepEqual(run(kept, query), run(new SlugSearch(index), query));
        for (const [round, [added, then]] of rounds.entries()) {
          const { rebuilds, merges } = kept.stats;
          // New slugs from a few names, so that many entries share keys (one slug in many files).
          for (let i = 0; i < added; i++) {
            const [slug, title] = newNames[i % newNames.length];
            add(i % 3 ? slug : `${slug}${i}`, title);
          }
          const first = index.entries().next().value;
          if (first && then === 'remove') index.remove(first.uri);
          if (first && then === 'retitle') add(first.slug, `Ab x c${round}`, Number(first.uri.slice(10, first.uri.indexOf('-', 10))));
          for (const query of ['', 'a', 'ab', 'b-', 'c a', 'x1', 'abc']) assert.deepEqual(run(kept, query), run(new SlugSearch(index), query), `${JSON.stringify(query)} after ${added} added, ${then}`);
          // The additions go in at the next query or change, merged when more than a few: nothing is rebuilt.
          assert.deepEqual([kept.stats.rebuilds - rebuilds, kept.stats.merges - merges], [0, added > 16 ? 1 : 0], `${added} added, ${then}`);
        }
      },
    ),
    { seed: 20261208, numRuns: 150 },
  );
});

test('SlugSearch hands out the entry as the index holds it now: after an edit that keeps its keys, and once its number is another entry\'s', () => {
  const index = new GlossaryIndex();
  const put = (slug: string, description: string) => {
    const text = `---\ntitle: '${slug} term'\ndescription: '${description}'\n---\n`;
    index.upsert(summarizeEntry(`file:///g/${slug}.md`, slug, scanningPositions(text), parseEntry(text, { debrisTags: [] }), DEFAULT_SETTINGS));
  };
  /** The matches of `query` whose slug it is (alpha-7 matches alpha-17 too). */
  const found = (query: string) => {
    const entries: string[] = [];
    slugSearchOf(index).forEachMatch(query, (entry) => entries.push(`${entry.slug}: ${entry.description}`));
    return entries.filter((entry) => entry.startsWith(`${query}: `));
  };
  for (let i = 0; i < 40; i++) put(`alpha-${i}`, 'first');
  assert.deepEqual(found('alpha-7'), ['alpha-7: first']);
  // The keys stay (slug, title): the search follows nothing, and must still give the new summary.
  put('alpha-7', 'second');
  assert.deepEqual(found('alpha-7'), ['alpha-7: second']);
  // alpha-7's number goes to the next new entry.
  index.remove('file:///g/alpha-7.md');
  put('beta', 'third');
  assert.deepEqual(found('alpha-7'), []);
  assert.deepEqual(found('beta'), ['beta: third']);
  let alphas = 0;
  slugSearchOf(index).forEachMatch('alpha', () => alphas++);
  assert.equal(alphas, 39);
});

test('SlugSearch built in steps between requests answers as one built at once, whatever comes between the steps', () => {
  const queries = ['', 'a', 'ab', 'b-', 'x1', 'c a', 'ca', 'abc', 'a-c'];
  fc.assert(
    fc.property(
      fc.array(fc.tuple(slugArbitrary, titleArbitrary), { maxLength: 25 }),
      fc.integer({ min: 1, max: 4 }),
      fc.array(fc.constantFrom('step', 'step', 'step', 'query', 'new entry', 'title changed', 'body edited'), { maxLength: 30 }),
      (entries, entriesPerRun, plan) => {
        const index = new GlossaryIndex();
        const add = (slug: string, title: string | undefined, n: number, body = '') => {
          const text = `${title === undefined ? '---\n---\n' : `---\ntitle: '${title}'\n---\n`}${body}`;
          index.upsert(summarizeEntry(`file:///g/${n}-${slug}.md`, slug, scanningPositions(text), parseEntry(text, { debrisTags: [] }), DEFAULT_SETTINGS));
        };
        entries.forEach(([slug, title], n) => add(slug, title, n));
        const search = slugSearchOf(index);
        // Slices of no time at all, runs of a few entries: each call adds one run or merges two.
        const step = search.rebuildStep(0, entriesPerRun);
        let stepping = true;
        const answersRight = (when: string) => {
          for (const query of queries) {
            const expected = expectedScores(index, query);
            const got = new Map<string, number>();
            search.forEachMatch(query, (entry, score) => got.set(entry.uri, score));
            assert.deepEqual(got, expected, `query ${JSON.stringify(query)} ${when}`);
          }
        };
        for (const [round, action] of plan.entries()) {
          if (action === 'step' && stepping) stepping = step();
          else if (action === 'query') answersRight(`after step ${round}`);
          else if (action === 'new entry') add(`new${round}`, round % 2 ? 'Abc' : undefined, 1000 + round);
          else if (entries.length && action === 'title changed') add(entries[0][0], `B-c x${round}`, 0);
          else if (entries.length) add(entries[0][0], entries[0][1], 0, `Body ${round}.\n`);
        }
        let calls = 0;
        while (stepping && calls++ < 10_000) stepping = step();
        assert.equal(stepping, false, 'the steps never ended');
        answersRight('after the last step');
      },
    ),
    { seed: 20261206, numRuns: 400 },
  );
});
