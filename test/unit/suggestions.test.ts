import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { parseEntry } from '../../server/src/core/parsing';
import { scanningPositions } from '../../server/src/core/positions';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { summarizeEntry } from '../../server/src/core/summarize';
import { exampleGlossaries, generatedGlossary, labelledSet, score, type Glossary, type LabelledCase, type Score } from './suggestionSet';

const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)} %`;

/** Scores the glossaries' labelled sets together, logs the two figures, and holds them to 95 %. */
function holdTo95(t: TestContext, glossaries: { glossary: Glossary; cases: LabelledCase[] }[]): Score {
  const total: Score = { typos: 0, typosFirst: 0, unrelated: 0, unrelatedSilent: 0, misses: [] };
  for (const { glossary, cases } of glossaries) {
    const result = score(cases, (query) => glossary.index.nearestSlugs(query, 3));
    t.diagnostic(`${glossary.name} (${glossary.index.size} entries): meant slug first for ${result.typosFirst}/${result.typos} typos (${percent(result.typosFirst, result.typos)}), nothing for ${result.unrelatedSilent}/${result.unrelated} unrelated slugs (${percent(result.unrelatedSilent, result.unrelated)})`);
    for (const miss of result.misses) t.diagnostic(`  ${miss.kind}: ${miss.query} → [${miss.got.join(', ')}]${miss.intended ? `, meant ${miss.intended}` : ''}`);
    total.typos += result.typos;
    total.typosFirst += result.typosFirst;
    total.unrelated += result.unrelated;
    total.unrelatedSilent += result.unrelatedSilent;
    total.misses.push(...result.misses);
  }
  assert.ok(total.typosFirst >= 0.95 * total.typos, `the meant slug first for ${percent(total.typosFirst, total.typos)} of typos`);
  assert.ok(total.unrelatedSilent >= 0.95 * total.unrelated, `no suggestion for ${percent(total.unrelatedSilent, total.unrelated)} of unrelated slugs`);
  return total;
}

describe('"did you mean": the labelled set', () => {
  test('the example glossaries: the slug meant first for at least 95 % of typos, nothing for at least 95 % of unrelated slugs', async (t) => {
    const glossaries = await exampleGlossaries();
    assert.deepEqual(glossaries.map((g) => g.name), ['commonmark-glossary', 'glossary', 'hugo-glossary', 'hugo-site', 'hugo-toml-glossary', 'multilingual-site', 'paths-glossary']);
    const sets = glossaries.map((glossary) => ({ glossary, cases: labelledSet(glossary) }));
    // Every kind of typo and of unrelated slug is in the set, in numbers worth a percentage.
    const kinds = new Map<string, number>();
    for (const { cases } of sets) for (const c of cases) kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
    for (const kind of ['transposition', 'missing letter', 'extra letter', 'plural/singular', 'swapped words', 'near word', 'prefixed value', 'unrelated', 'unrelated + common word']) {
      assert.ok((kinds.get(kind) ?? 0) >= 10, `${kind}: ${kinds.get(kind) ?? 0} cases`);
    }
    const total = holdTo95(t, sets);
    assert.ok(total.typos >= 150 && total.unrelated >= 150, `${total.typos} typos, ${total.unrelated} unrelated`);
  });

  test('a generated glossary of 5,000 entries (bench/generateGlossary.mjs): the same two thresholds', async (t) => {
    const glossary = await generatedGlossary(5000);
    const cases = labelledSet(glossary, 400);
    holdTo95(t, [{ glossary, cases }]);
  });

  test('one shared common word is no evidence: model-architecture names nothing near a copy of foundation-model', async () => {
    const glossary = (await exampleGlossaries()).find((candidate) => candidate.name === 'glossary')!;
    // The seed fixture's situation: an entry whose slug says nothing, titled "Foundation Model".
    const text = "---\ntitle: 'Foundation Model'\n---\nA copy.\n";
    const uri = 'file:///examples/glossary/content/glossary/seed-raw.md';
    glossary.index.upsert(summarizeEntry(uri, 'seed-raw', scanningPositions(text), parseEntry(text, DEFAULT_SETTINGS), DEFAULT_SETTINGS));
    assert.deepEqual(glossary.index.nearestSlugs('model-architecture'), []);
    // What it does name is still found, by its title's words or by spelling.
    assert.deepEqual(glossary.index.nearestSlugs('foundation-models'), ['foundation-model', 'seed-raw']);
    assert.deepEqual(glossary.index.nearestSlugs('seed-rwa'), ['seed-raw']);
  });
});
