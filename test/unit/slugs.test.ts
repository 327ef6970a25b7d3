import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { boundedEditDistance, letterMask, nearestSlugs, pairMask, slugFromPath, slugFromReference, wordsOf, type SlugCandidate } from '../../server/src/core/slugs';

const candidate = (slug: string, title = ''): SlugCandidate => ({ slug, words: [...new Set([...wordsOf(slug), ...wordsOf(title)])] });

describe('slugFromPath', () => {
  test('the file name without .md, percent-decoded', () => {
    assert.equal(slugFromPath('/ws/content/glossary/fine-tuning.md'), 'fine-tuning');
    assert.equal(slugFromPath('/ws/content/glossary/C%2B%2B.md'), 'C++');
    assert.equal(slugFromPath('/ws/content/glossary/Upper.MD'), 'Upper');
    assert.equal(slugFromPath('loose.md'), 'loose');
  });
});

describe('wordsOf', () => {
  test('lower-case words split on anything that is not a letter or digit', () => {
    assert.deepEqual(wordsOf('In-Context Learning'), ['in', 'context', 'learning']);
    assert.deepEqual(wordsOf('Évaluation & Safety 2.0'), ['évaluation', 'safety', '2', '0']);
    assert.deepEqual(wordsOf('--'), []);
    assert.deepEqual(wordsOf(''), []);
  });
});

describe('boundedEditDistance', () => {
  test('the Levenshtein distance when within the limit', () => {
    assert.equal(boundedEditDistance('kitten', 'sitting', 5), 3);
    assert.equal(boundedEditDistance('sitting', 'kitten', 3), 3);
    assert.equal(boundedEditDistance('flaw', 'lawn', 5), 2);
    assert.equal(boundedEditDistance('embedding', 'embeddings', 3), 1);
    assert.equal(boundedEditDistance('zero-shot-learning', 'few-shot-learning', 6), 3);
    assert.equal(boundedEditDistance('', 'abc', 3), 3);
    assert.equal(boundedEditDistance('same', 'same', 0), 0);
  });

  test('agrees with the plain Levenshtein distance, capped at limit + 1, for any strings and limit', () => {
    const levenshtein = (a: string, b: string) => {
      let row = Array.from({ length: b.length + 1 }, (_, j) => j);
      for (let i = 1; i <= a.length; i++) {
        const next = [i];
        for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        row = next;
      }
      return row[b.length];
    };
    const text = fc.array(fc.constantFrom('a', 'b', 'c', '-'), { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, text, fc.integer({ min: 0, max: 6 }), (a, b, limit) => {
        assert.equal(boundedEditDistance(a, b, limit), Math.min(levenshtein(a, b), limit + 1), `${a} / ${b} / ${limit}`);
      }),
      { seed: 20261129, numRuns: 3000 },
    );
  });

  test('limit + 1 when the lengths alone differ by more than the limit', () => {
    assert.equal(boundedEditDistance('a', 'abcdefgh', 2), 3);
    assert.equal(boundedEditDistance('abc', '', 2), 3);
  });

  test('limit + 1 as soon as a whole row exceeds the limit', () => {
    assert.equal(boundedEditDistance('abcdef', 'ghijkl', 2), 3);
    assert.equal(boundedEditDistance('abc', 'abd', 0), 1);
    assert.equal(boundedEditDistance('zero-shot-learning', 'deep-learning', 6), 7);
  });
});

describe('nearestSlugs', () => {
  const candidates = [
    candidate('embeddings', 'Embeddings'),
    candidate('transformer', 'Transformer'),
    candidate('transformer-architecture', 'Transformer Architecture'),
    candidate('few-shot-learning', 'Few-Shot Learning'),
    candidate('deep-learning', 'Deep Learning'),
    candidate('foundation-model', 'Foundation Model'),
    candidate('rlhf', 'Reinforcement Learning from Human Feedback'),
  ];

  test('near spellings', () => {
    assert.deepEqual(nearestSlugs('embedding', candidates), ['embeddings']);
    assert.deepEqual(nearestSlugs('transformers', candidates), ['transformer']);
    assert.deepEqual(nearestSlugs('zero-shot-learning', candidates), ['few-shot-learning']);
  });

  test('shared words of the slug or the title, ties by slug', () => {
    assert.deepEqual(nearestSlugs('model-architecture', candidates), ['foundation-model', 'transformer-architecture']);
    assert.deepEqual(nearestSlugs('human-feedback', candidates), ['rlhf']);
  });

  test('sharing fewer than half of the words is not enough', () => {
    // Shares only `learning` (1 of 3 words) and is 7 edits away.
    assert.deepEqual(nearestSlugs('zero-shot-learning', [candidate('deep-learning', 'Deep Learning')]), []);
  });

  test('a near spelling ranks before a shared word', () => {
    const list = [candidate('model-architectures'), candidate('architecture', 'Model Architecture Overview')];
    assert.deepEqual(nearestSlugs('model-architecture', list), ['model-architectures', 'architecture']);
  });

  test('nothing close, the query itself excluded, the limit honoured, case ignored', () => {
    assert.deepEqual(nearestSlugs('xyz', candidates), []);
    assert.deepEqual(nearestSlugs('embeddings', candidates), []);
    const many = ['tag-a', 'tag-b', 'tag-c', 'tag-d'].map((s) => candidate(s));
    assert.deepEqual(nearestSlugs('tag-x', many), ['tag-a', 'tag-b', 'tag-c']);
    assert.deepEqual(nearestSlugs('tag-x', many, 2), ['tag-a', 'tag-b']);
    assert.deepEqual(nearestSlugs('Embedding', candidates), ['embeddings']);
  });
});

describe('slugFromReference', () => {
  const prefix = '/glossary/';

  test('a bare slug', () => {
    assert.equal(slugFromReference('fine-tuning', prefix), 'fine-tuning');
    assert.equal(slugFromReference('  fine-tuning  ', prefix), 'fine-tuning');
  });

  test('a site path under the link prefix, with or without a trailing slash, query or hash', () => {
    assert.equal(slugFromReference('/glossary/x', prefix), 'x');
    assert.equal(slugFromReference('/glossary/x/', prefix), 'x');
    assert.equal(slugFromReference('/glossary/x#usage', prefix), 'x');
    assert.equal(slugFromReference('/glossary/x?ref=1', prefix), 'x');
    assert.equal(slugFromReference('/glossary/x.md', prefix), 'x');
  });

  test('a sibling Markdown file', () => {
    assert.equal(slugFromReference('x.md', prefix), 'x');
    assert.equal(slugFromReference('./x.md', prefix), 'x');
    assert.equal(slugFromReference('X.MD', prefix), 'X');
  });

  test('undefined for anything outside the glossary', () => {
    assert.equal(slugFromReference('https://example.com/glossary/x', prefix), undefined);
    assert.equal(slugFromReference('mailto:someone', prefix), undefined);
    assert.equal(slugFromReference('/blog/x', prefix), undefined);
    assert.equal(slugFromReference('../x.md', prefix), undefined);
    assert.equal(slugFromReference('/glossary/a/b', prefix), undefined);
    assert.equal(slugFromReference('/glossary/', prefix), undefined);
    assert.equal(slugFromReference('', prefix), undefined);
    assert.equal(slugFromReference('#top', prefix), undefined);
  });

  test('another link prefix', () => {
    assert.equal(slugFromReference('/terms/x', '/terms/'), 'x');
    assert.equal(slugFromReference('/glossary/x', '/terms/'), undefined);
  });
});

describe('letterMask as a lower bound of the edit distance', () => {
  test('half the differing bits never exceeds the true distance', () => {
    const words = ['fine-tuning', 'fine-tune', 'transformer', 'transfer-learning', 'rlhf', 'r1hf', 'a', '', 'zero-shot-learning', 'few-shot-learning', 'gpt-4', 'gpt-3'];
    for (const a of words) {
      for (const b of words) {
        let bits = letterMask(a) ^ letterMask(b);
        let count = 0;
        while (bits) { count += bits & 1; bits >>>= 1; }
        assert.ok(Math.ceil(count / 2) <= boundedEditDistance(a, b, 50), `${a} ~ ${b}`);
      }
    }
  });
});

describe('pairMask as a lower bound of the edit distance', () => {
  test('differing bits never exceed four per edit', () => {
    const words = ['fine-tuning', 'fine-tune', 'transformer', 'transfer-learning', 'rlhf', 'r1hf', 'a', '', 'zero-shot-learning', 'few-shot-learning', 'gpt-4', 'gpt-3', 'aaaa', 'aaab', 'abab', 'baba'];
    const bits = (value: number) => { let count = 0; for (let v = value >>> 0; v; v >>>= 1) count += v & 1; return count; };
    for (const a of words) {
      for (const b of words) {
        const [al, ah] = pairMask(a);
        const [bl, bh] = pairMask(b);
        assert.ok(bits(al ^ bl) + bits(ah ^ bh) <= 4 * boundedEditDistance(a, b, 50), `${a} ~ ${b}`);
      }
    }
  });
});
