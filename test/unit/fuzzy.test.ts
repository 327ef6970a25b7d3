import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { editDistance } from '../../server/src/core/fuzzy/distance';
import { inOrderScore, letterMask, MATCH_SCORE, matchScore, typedQuery } from '../../server/src/core/fuzzy/match';
import { isSlip, maxEditsFor, NameIndex } from '../../server/src/core/fuzzy/nearest';
import { stemOf, wordsOf } from '../../server/src/core/fuzzy/words';

/** The textbook optimal-string-alignment distance: the full table, no band, no early exit. */
function plainDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

describe('wordsOf and stemOf', () => {
  test('lower-case words split on anything that is not a letter or digit', () => {
    assert.deepEqual(wordsOf('In-Context Learning'), ['in', 'context', 'learning']);
    assert.deepEqual(wordsOf('Évaluation & Safety 2.0'), ['évaluation', 'safety', '2', '0']);
    assert.deepEqual(wordsOf('--'), []);
    assert.deepEqual(wordsOf(''), []);
  });

  test('forms of one word share a stem; words that only look alike do not', () => {
    const same = [['model', 'models', 'modeling'], ['tune', 'tuned', 'tuning'], ['learning', 'learner', 'learned', 'learns'], ['tokenization', 'tokenizer', 'tokenize', 'tokenizers'], ['evaluation', 'evaluate', 'evaluated', 'evaluating'], ['federated', 'federating'], ['bias', 'biases'], ['process', 'processes'], ['layer', 'layers'], ['query', 'queries']];
    for (const forms of same) assert.equal(new Set(forms.map(stemOf)).size, 1, forms.join(' '));
    for (const [a, b] of [['layer', 'play'], ['loss', 'lose'], ['attention', 'attend'], ['bias', 'bia']]) assert.notEqual(stemOf(a), stemOf(b), `${a} / ${b}`);
    for (const short of ['ai', 'ml', 'gpu', 'as', 'is']) assert.equal(stemOf(short), short);
  });
});

describe('editDistance', () => {
  test('insertions, deletions, substitutions; a swap of neighbours is one edit', () => {
    assert.equal(editDistance('kitten', 'sitting', 5), 3);
    assert.equal(editDistance('sitting', 'kitten', 3), 3);
    assert.equal(editDistance('flaw', 'lawn', 5), 2);
    assert.equal(editDistance('embedding', 'embeddings', 3), 1);
    assert.equal(editDistance('zero-shot-learning', 'few-shot-learning', 6), 3);
    assert.equal(editDistance('brian', 'brain', 3), 1);
    assert.equal(editDistance('rlhf', 'rhlf', 1), 1);
    assert.equal(editDistance('', 'abc', 3), 3);
    assert.equal(editDistance('same', 'same', 0), 0);
  });

  test('limit + 1 once the distance is certain to exceed the limit', () => {
    assert.equal(editDistance('a', 'abcdefgh', 2), 3);
    assert.equal(editDistance('abc', '', 2), 3);
    assert.equal(editDistance('abcdef', 'ghijkl', 2), 3);
    assert.equal(editDistance('abc', 'abd', 0), 1);
    assert.equal(editDistance('zero-shot-learning', 'deep-learning', 6), 7);
  });

  test('agrees with the plain table, capped at limit + 1, for any strings and limit', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'c', '-'), { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, text, fc.integer({ min: 0, max: 6 }), (a, b, limit) => {
        assert.equal(editDistance(a, b, limit), Math.min(plainDistance(a, b), limit + 1), `${a} / ${b} / ${limit}`);
      }),
      { seed: 20261129, numRuns: 3000 },
    );
  });

  test('agrees with the plain table for names too long or not ASCII for the bit-parallel way', () => {
    const text = fc.array(fc.constantFrom('ab', 'ba', 'c', '-', 'é', 'abcabcab'), { maxLength: 10 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, text, fc.integer({ min: 0, max: 5 }), (a, b, limit) => {
        assert.equal(editDistance(a, b, limit), Math.min(plainDistance(a, b), limit + 1), `${a} / ${b} / ${limit}`);
      }),
      { seed: 20261129, numRuns: 2000 },
    );
    assert.equal(editDistance('a'.repeat(40), `${'a'.repeat(39)}b`, 3), 1);
    assert.equal(editDistance(`x${'ab'.repeat(20)}`, `${'ab'.repeat(20)}y`, 3), 2);
  });

  test('half the letters two names differ in never exceeds their distance (the in-order filter is safe)', () => {
    const words = ['fine-tuning', 'fine-tune', 'transformer', 'transfer-learning', 'rlhf', 'r1hf', 'rhlf', 'a', '', 'zero-shot-learning', 'gpt-4', 'gpt-3'];
    const bits = (value: number) => { let count = 0; for (let v = value >>> 0; v; v >>>= 1) count += v & 1; return count; };
    for (const a of words) for (const b of words) assert.ok(Math.ceil(bits(letterMask(a) ^ letterMask(b)) / 2) <= plainDistance(a, b), `${a} ~ ${b}`);
  });
});

describe('matchScore: completion and symbol ranking', () => {
  const score = (typed: string, name: string, title?: string) => matchScore(typedQuery(typed), name, [...new Set([...wordsOf(name), ...wordsOf(title ?? '')])], title?.toLowerCase());

  test('a prefix of the name, then of a word or the title, then every typed word, then the letters in order', () => {
    assert.equal(score('fine', 'fine-tuning'), MATCH_SCORE.namePrefix - 11);
    assert.equal(score('tun', 'fine-tuning'), MATCH_SCORE.wordPrefix - 11);
    assert.equal(score('adapt', 'lora', 'Low-Rank Adaptation'), MATCH_SCORE.wordPrefix - 4);
    assert.equal(score('low r', 'lora', 'Low Rank Adaptation'), MATCH_SCORE.wordPrefix - 4);
    assert.equal(score('tun fi', 'fine-tuning'), MATCH_SCORE.everyWord - 11);
    assert.equal(score('up-lay', 'layer-arrow-up'), MATCH_SCORE.everyWord - 14);
    assert.equal(score('ftn', 'fine-tuning'), MATCH_SCORE.inOrder - 2 * MATCH_SCORE.perGap - 11);
    assert.equal(score('fine t', 'fine-tuning'), MATCH_SCORE.everyWord - 11);
    assert.equal(score('xq', 'fine-tuning'), -1);
    // Typed spaces ask for words: `ine tun` is not taken letter by letter.
    assert.equal(score('ine tun', 'fine-tuning'), -1);
    assert.equal(score('ine-tun', 'fine-tuning'), MATCH_SCORE.inOrder - MATCH_SCORE.perGap * 2 - 11);
    assert.equal(score('', 'anything'), 0);
  });

  test('the letters in order ignore typed separators and count each gap', () => {
    assert.equal(inOrderScore('fine-tuning', 'finetuning'), MATCH_SCORE.inOrder - MATCH_SCORE.perGap - 11);
    assert.equal(inOrderScore('abc', 'abc'), MATCH_SCORE.inOrder - 3);
    assert.equal(inOrderScore('xabc', 'ac'), MATCH_SCORE.inOrder - 2 * MATCH_SCORE.perGap - 4);
    assert.equal(inOrderScore('abc', 'ca'), -1);
  });
});

/** An index of slugs with titles, as the glossary keeps them. */
function slugIndex(entries: [slug: string, title?: string][]): NameIndex {
  const index = new NameIndex();
  for (const [slug, title] of entries) index.add(slug, slug, [...wordsOf(slug), ...wordsOf(title ?? '')]);
  return index;
}
const nearestSlugs = (index: NameIndex, query: string, limit = 3) => index.nearest(query, { limit, distinctiveWords: true });

describe('NameIndex.nearest: what a writer meant', () => {
  const glossary = slugIndex([
    ['embeddings', 'Embeddings'],
    ['transformer', 'Transformer'],
    ['transformer-architecture', 'Transformer Architecture'],
    ['few-shot-learning', 'Few-Shot Learning'],
    ['deep-learning', 'Deep Learning'],
    ['foundation-model', 'Foundation Model'],
    ['rlhf', 'Reinforcement Learning from Human Feedback'],
  ]);

  test('near spellings, the fewest edits first; a swap of letters or of words is one edit', () => {
    assert.deepEqual(nearestSlugs(glossary, 'embedding'), ['embeddings']);
    // `transform` is in two entries of seven: rare enough for its second entry to follow.
    assert.deepEqual(nearestSlugs(glossary, 'transformers'), ['transformer', 'transformer-architecture']);
    assert.deepEqual(nearestSlugs(glossary, 'zero-shot-learning'), ['few-shot-learning']);
    assert.deepEqual(nearestSlugs(glossary, 'rlfh'), ['rlhf']);
    assert.deepEqual(nearestSlugs(glossary, 'learning-deep'), ['deep-learning']);
    assert.deepEqual(nearestSlugs(glossary, 'Embedding'), ['embeddings']);
  });

  test('shared words of the slug or the title, when they carry most of the query', () => {
    assert.deepEqual(nearestSlugs(glossary, 'human-feedback'), ['rlhf']);
    // Each shares half the query's words, and here each word is as rare as the other.
    assert.deepEqual(nearestSlugs(glossary, 'model-architecture'), ['transformer-architecture', 'foundation-model']);
  });

  test('one shared common word is no evidence: the rarest word of the query must be shared too', () => {
    // `model` is in half of these entries; `architecture` in one.
    const models = slugIndex([['transformer-architecture'], ['foundation-model'], ['language-model'], ['model-card'], ['model-zoo'], ['embeddings'], ['tokenizer'], ['dropout']]);
    assert.deepEqual(nearestSlugs(models, 'model-architecture'), ['transformer-architecture']);
    assert.deepEqual(nearestSlugs(models, 'volcano-model'), []);
    // A word no entry holds weighs the most: `model` alone cannot carry `model-zeppelin`.
    assert.deepEqual(nearestSlugs(glossary, 'model-zeppelin'), []);
  });

  test('a slip, not another word: the edits must be sparse where the two names differ', () => {
    assert.equal(isSlip('adpative-kernel-modle', 'adaptive-kernel-model', 3), true);
    assert.equal(isSlip('fine-tunning', 'fine-tuning', 1), true);
    assert.equal(isSlip('rlfh', 'rlhf', 1), true);
    assert.equal(isSlip('trasnformr', 'transformer', 2), true);
    // Three edits within five letters, or a whole word put for another, is another word.
    assert.equal(isSlip('supervised-glacier', 'supervised-layer', 3), false);
    assert.equal(isSlip('zero-shot-learning', 'few-shot-learning', 3), false);
    const index = slugIndex([['supervised-layer'], ['supervised-value'], ['fine-tuning']]);
    assert.deepEqual(nearestSlugs(index, 'supervised-glacier'), []);
    assert.deepEqual(nearestSlugs(index, 'supervised-ballet'), []);
    assert.deepEqual(nearestSlugs(index, 'supervised-layr'), ['supervised-layer']);
  });

  test('the same words in another form come right after a slip of one edit', () => {
    const index = slugIndex([['fine-tuning'], ['fine-line'], ['agent-gating'], ['evaluation-module'], ['value-module']]);
    assert.deepEqual(nearestSlugs(index, 'fine-tuned'), ['fine-tuning']);
    assert.deepEqual(nearestSlugs(index, 'agent-gated'), ['agent-gating']);
    assert.deepEqual(nearestSlugs(index, 'evaluate-module'), ['evaluation-module']);
    assert.deepEqual(nearestSlugs(index, 'gating-agent'), ['agent-gating']);
  });

  test('the same words in another order, or form, rank before a slip of two edits, at odd and even lengths', () => {
    const index = slugIndex([['step-adam-optimizer'], ['adam-optimiser-stop'], ['step-adam-optimizers'], ['adam-optimisers-stop'], ['adam'], ['adam-optimizer-step-size']]);
    assert.deepEqual(nearestSlugs(index, 'adam-optimizer-step'), ['step-adam-optimizer', 'step-adam-optimizers', 'adam-optimiser-stop']);
    assert.deepEqual(nearestSlugs(index, 'adam-optimizers-step'), ['step-adam-optimizers', 'step-adam-optimizer', 'adam-optimisers-stop']);
  });

  test('sharing less than half of the weight is not enough; nothing close is nothing', () => {
    assert.deepEqual(nearestSlugs(slugIndex([['deep-learning', 'Deep Learning']]), 'zero-shot-learning'), []);
    assert.deepEqual(nearestSlugs(glossary, 'xyz'), []);
  });

  test('a near spelling ranks before a shared word; the query itself is never offered; the limit holds', () => {
    const index = slugIndex([['model-architectures'], ['architecture', 'Model Architecture Overview'], ['dropout'], ['tokenizer'], ['embeddings'], ['rlhf']]);
    assert.deepEqual(nearestSlugs(index, 'model-architecture'), ['model-architectures', 'architecture']);
    assert.deepEqual(nearestSlugs(glossary, 'embeddings'), []);
    const tags = slugIndex([['tag-a'], ['tag-b'], ['tag-c'], ['tag-d']]);
    assert.deepEqual(nearestSlugs(tags, 'tag-x'), ['tag-a', 'tag-b', 'tag-c']);
    assert.deepEqual(nearestSlugs(tags, 'tag-x', 2), ['tag-a', 'tag-b']);
  });

  test('without distinctive words (icon names), any shared word counts; demoted names rank after their equals', () => {
    const icons = new NameIndex();
    for (const name of ['arrow-left', 'arrow-right', 'layer-arrow-up', 'layers', 'play']) icons.add(name, name, name.split('-'));
    icons.add('arrow-back', 'arrow-back', ['arrow', 'back'], true);
    assert.deepEqual(icons.nearest('arrow', { limit: 3, distinctiveWords: false }), ['arrow-left', 'arrow-right', 'arrow-back']);
    assert.deepEqual(icons.nearest('arrow', { limit: 3, distinctiveWords: true }), []);
  });

  test('follows names as they come and go; a name held under two keys is offered once', () => {
    const index = slugIndex([['fine-tuning']]);
    index.add('copy', 'fine-tuning', ['fine', 'tuning']);
    assert.deepEqual(nearestSlugs(index, 'fine-tunning'), ['fine-tuning']);
    index.remove('fine-tuning');
    assert.deepEqual(nearestSlugs(index, 'fine-tunning'), ['fine-tuning']);
    index.remove('copy');
    assert.deepEqual(nearestSlugs(index, 'fine-tunning'), []);
    assert.equal(index.size, 0);
  });
});

/**
 * The rules of `nearest`, written the plain way: every name visited, its distance from the full
 * table, word weights counted afresh. The index must give the same answers without the scan.
 */
function plainNearest(entries: ReadonlyMap<string, { name: string; words: string[]; demoted: boolean }>, query: string, limit: number, distinctive: boolean): string[] {
  const typed = query.toLowerCase();
  const reach = maxEditsFor(typed.length);
  const stemsOf = new Map([...entries].map(([key, { words }]) => [key, [...new Set(words.map(stemOf))]]));
  const weight = (stem: string) => Math.log((entries.size + 1) / ([...stemsOf.values()].filter((stems) => stems.includes(stem)).length + 1));
  const typedWords = wordsOf(typed);
  const typedStems = [...new Set(typedWords.map(stemOf))];
  const total = typedStems.reduce((sum, stem) => sum + weight(stem), 0);
  const bar = Math.max(total / 2, distinctive ? Math.log((entries.size + 1) / 4) : 0) - 1e-9;
  const stemList = (words: string[]) => words.map(stemOf).sort().join(' ');
  const ranked: { name: string; tier: number; distance: number; share: number; extra: number; demoted: boolean }[] = [];
  for (const [key, { name, demoted }] of entries) {
    if (name === query) continue;
    const lower = name.toLowerCase();
    const distance = Math.min(plainDistance(typed, lower), reach + 1);
    // The same words in another order (one slip) or form (one and a half).
    const sameStems = typedWords.length > 0 && lower !== typed && stemList(wordsOf(lower)) === stemList(typedWords);
    const sameWords = sameStems && [...wordsOf(lower)].sort().join(' ') === [...typedWords].sort().join(' ');
    let share = 0;
    let extra = 0;
    for (const stem of stemsOf.get(key)!) {
      if (typedStems.includes(stem)) share += weight(stem);
      else extra += weight(stem);
    }
    let tier = distance <= reach && isSlip(typed, lower, distance) ? distance : reach + 1;
    if (sameStems) tier = Math.min(tier, sameWords ? 1 : 1.5);
    if (tier > reach && !(total > 0 && total >= bar && share >= bar)) continue;
    ranked.push({ name, tier, distance, share: total > 0 ? share / total : 0, extra, demoted });
  }
  const differ = (a: number, b: number) => (Math.abs(a - b) <= 1e-9 ? 0 : a - b);
  ranked.sort((a, b) => a.tier - b.tier || a.distance - b.distance || differ(b.share, a.share) || differ(a.extra, b.extra) || Number(a.demoted) - Number(b.demoted) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [...new Set(ranked.map((r) => r.name))].slice(0, limit);
}

describe('NameIndex against the plain scan', () => {
  const name = fc.array(fc.constantFrom('a', 'b', 'c', 'A', '-', 'ab', 'ba', 'ing', 's'), { maxLength: 8 }).map((parts) => parts.join(''));
  const title = fc.array(fc.constantFrom('model', 'models', 'deep', 'learning', 'ab', 'c', 'tuning', 'tuned'), { maxLength: 3 });
  const operation = fc.oneof(
    fc.record({ kind: fc.constant('add' as const), key: fc.integer({ min: 0, max: 14 }), name, title, demoted: fc.boolean() }),
    fc.record({ kind: fc.constant('remove' as const), key: fc.integer({ min: 0, max: 14 }) }),
    fc.record({ kind: fc.constant('query' as const), query: fc.oneof(name, fc.constantFrom('ab-ba', 'deep-model', 'model', 'learning-deep', 'c-ab', 'tuned-ab', 'models-deep', 'ab-abs')), limit: fc.integer({ min: 1, max: 4 }), distinctive: fc.boolean() }),
  );

  test('near spellings: exactly the names within reach, with their distances, as names come and go', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 40 }), (operations) => {
        const index = new NameIndex();
        const entries = new Map<string, string>();
        for (const op of operations) {
          if (op.kind === 'add') {
            index.add(String(op.key), op.name, wordsOf(op.name));
            entries.set(String(op.key), op.name);
          } else if (op.kind === 'remove') {
            index.remove(String(op.key));
            entries.delete(String(op.key));
          } else {
            const typed = op.query.toLowerCase();
            const expected = new Map<string, number>();
            for (const candidate of entries.values()) {
              const distance = plainDistance(typed, candidate.toLowerCase());
              if (distance <= maxEditsFor(typed.length) && !(expected.get(candidate)! <= distance)) expected.set(candidate, distance);
            }
            assert.deepEqual(index.nearSpellings(op.query), expected, op.query);
          }
        }
      }),
      { seed: 20261129, numRuns: 400 },
    );
  });

  test('nearest: the same answers as the plain scan, on random glossaries that change between queries', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 40 }), (operations) => {
        const index = new NameIndex();
        const entries = new Map<string, { name: string; words: string[]; demoted: boolean }>();
        for (const op of operations) {
          if (op.kind === 'add') {
            const words = [...wordsOf(op.name), ...op.title];
            index.add(String(op.key), op.name, words, op.demoted);
            entries.delete(String(op.key));
            entries.set(String(op.key), { name: op.name, words, demoted: op.demoted });
          } else if (op.kind === 'remove') {
            index.remove(String(op.key));
            entries.delete(String(op.key));
          } else {
            assert.deepEqual(index.nearest(op.query, { limit: op.limit, distinctiveWords: op.distinctive }), plainNearest(entries, op.query, op.limit, op.distinctive), op.query);
          }
        }
      }),
      { seed: 20261129, numRuns: 400 },
    );
  });

  test('long names and queries: the pieces still find every name within reach', () => {
    const words = ['adaptive', 'kernel', 'model', 'sparse', 'attention', 'head', 'graph', 'pooling'];
    const names = words.flatMap((a) => words.flatMap((b) => words.map((c) => `${a}-${b}-${c}`)));
    const index = new NameIndex();
    for (const slug of names) index.add(slug, slug, wordsOf(slug));
    const typo = fc.tuple(fc.constantFrom(...names), fc.array(fc.tuple(fc.nat(), fc.constantFrom('x', 'a', '-', ''), fc.boolean()), { minLength: 1, maxLength: 4 })).map(([slug, edits]) => {
      let text = slug;
      for (const [at, ch, swap] of edits) {
        const i = at % (text.length + 1);
        text = swap && i + 1 < text.length ? text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2) : text.slice(0, i) + ch + text.slice(i + (ch ? 0 : 1));
      }
      return text;
    });
    fc.assert(
      fc.property(typo, (query) => {
        const expected = new Map<string, number>();
        for (const slug of names) {
          const distance = plainDistance(query, slug);
          if (distance <= maxEditsFor(query.length)) expected.set(slug, distance);
        }
        assert.deepEqual(index.nearSpellings(query), expected, query);
      }),
      { seed: 20261129, numRuns: 300 },
    );
  });
});
