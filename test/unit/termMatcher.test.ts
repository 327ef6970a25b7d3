import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { isAbbreviation, TermMatcher, wordsIn, type TermMatch } from '../../server/src/core/mentions/termMatcher';
import { isMentionTerm } from '../../server/src/core/mentions/mentionIndex';

/** The same reading as TermMatcher, one term at a time: leftmost, then longest, then not overlapping. */
function naiveFind(terms: ReadonlyMap<string, readonly string[]>, text: string): TermMatch[] {
  const words = wordsIn(text);
  const found: TermMatch[] = [];
  for (let i = 0; i < words.length; ) {
    let best: TermMatch | undefined;
    let bestLength = 0;
    for (const [key, list] of terms) {
      for (const term of list) {
        const termWords = wordsIn(term).map((w) => w.word);
        if (!termWords.length || i + termWords.length > words.length) continue;
        const same = termWords.every((word, k) => (isAbbreviation(term) ? words[i + k].word === word : words[i + k].word.toLowerCase() === word.toLowerCase()));
        const joined = termWords.every((_, k) => k === 0 || /^[ \t-]*(?:\r?\n|\r)?[ \t-]*$/.test(text.slice(words[i + k - 1].end, words[i + k].start)));
        if (!same || !joined) continue;
        const end = words[i + termWords.length - 1].end;
        if (termWords.length > bestLength) {
          best = { start: words[i].start, end, keys: [key] };
          bestLength = termWords.length;
        } else if (termWords.length === bestLength && best && !best.keys.includes(key)) {
          best.keys.push(key);
        }
      }
    }
    if (best) found.push({ ...best, keys: [...best.keys].sort() });
    i += best ? bestLength : 1;
  }
  return found;
}

const sorted = (matches: TermMatch[]) => matches.map((m) => ({ ...m, keys: [...m.keys].sort() }));

describe('TermMatcher', () => {
  test('whole words, longest first, case-insensitive except abbreviations, hyphen or space between words', () => {
    const matcher = new TermMatcher();
    matcher.set('llm', ['Large Language Models', 'LLM']);
    matcher.set('lm', ['Language Models']);
    matcher.set('ft', ['Fine-Tuning']);
    const text = 'Large language models and language models; fine tuning, fine-\ntuning, LLM but not llm nor LLMish.';
    assert.deepEqual(matcher.find(text).map((m) => [text.slice(m.start, m.end), m.keys]), [
      ['Large language models', ['llm']],
      ['language models', ['lm']],
      ['fine tuning', ['ft']],
      ['fine-\ntuning', ['ft']],
      ['LLM', ['llm']],
    ]);
  });

  test('replacing and deleting terms', () => {
    const matcher = new TermMatcher();
    matcher.set('a', ['Neural Network']);
    matcher.set('b', ['Neural Network']);
    assert.deepEqual(matcher.find('a neural network').map((m) => m.keys), [['a', 'b']]);
    matcher.set('a', ['Neural']);
    assert.deepEqual(matcher.find('a neural network').map((m) => m.keys), [['b']]);
    matcher.delete('b');
    assert.deepEqual(matcher.find('a neural network').map((m) => m.keys), [['a']]);
    matcher.delete('a');
    assert.deepEqual(matcher.find('a neural network'), []);
    assert.equal(matcher.size, 0);
  });

  test('words whose hashes collide are told apart, and removing one keeps the other', () => {
    // 'woodz' and 'wegaab' have the same 30-bit FNV-1a hash, the trie's key for a word.
    const matcher = new TermMatcher();
    matcher.set('a', ['Woodz Tree']);
    matcher.set('b', ['Wegaab Tree']);
    const text = 'a woodz tree, a wegaab tree, a woodz wegaab tree';
    assert.deepEqual(matcher.find(text).map((m) => [text.slice(m.start, m.end), m.keys]), [['woodz tree', ['a']], ['wegaab tree', ['b']], ['wegaab tree', ['b']]]);
    matcher.delete('b');
    assert.deepEqual(matcher.find(text).map((m) => [text.slice(m.start, m.end), m.keys]), [['woodz tree', ['a']]]);
    matcher.set('b', ['Wegaab Tree']);
    matcher.delete('a');
    assert.deepEqual(matcher.find(text).map((m) => [text.slice(m.start, m.end), m.keys]), [['wegaab tree', ['b']], ['wegaab tree', ['b']]]);
  });

  test('the policy: abbreviations always, short or common one-word titles never', () => {
    assert.deepEqual(['LLM', 'AI', 'Model', 'Terms', 'RAG', 'rag', 'Foundation Model', 'GPT-4', 'LoRA', 'Transformer', 'Go'].filter(isMentionTerm), ['LLM', 'AI', 'RAG', 'Foundation Model', 'GPT-4', 'LoRA', 'Transformer']);
  });

  test('property: finds what one search per term finds, after any sequence of updates', () => {
    // Words beyond ASCII too: the matcher reads ASCII words by their codes and the others as strings
    // (`\u212A` is the Kelvin sign, whose lower case is an ASCII `k`).
    const word = fc.constantFrom('neural', 'Neural', 'network', 'LLM', 'llm', 'fine', 'tuning', 'GPT', 'model', 'deep', 'Über', 'über', 'ÜBER', 'naïve', '中文', '\u212Aernel', 'kernel');
    const term = fc.array(word, { minLength: 1, maxLength: 3 }).chain((words) => fc.constantFrom(' ', '-').map((joiner) => words.join(joiner)));
    const update = fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd'), terms: fc.array(term, { maxLength: 3 }) });
    const textPart = fc.oneof(word, fc.constantFrom(' ', ' ', '-', ', ', '\n', '\n\n', '_x', '4', 'é', '😀', '\u0301'));
    fc.assert(
      fc.property(fc.array(update, { maxLength: 8 }), fc.array(textPart, { maxLength: 40 }), (updates, parts) => {
        const matcher = new TermMatcher();
        const terms = new Map<string, string[]>();
        for (const { key, terms: list } of updates) {
          matcher.set(key, list);
          if (list.length) terms.set(key, list);
          else terms.delete(key);
        }
        const text = parts.join('');
        assert.deepEqual(sorted(matcher.find(text)), naiveFind(terms, text));
      }),
      { numRuns: 500 },
    );
  });
});

describe('wordsIn', () => {
  /** The definition: runs of letters, digits and `_`, found by the pattern in the text cut to [start, end). */
  const byPattern = (text: string, start: number, end: number) =>
    [...text.slice(start, end).matchAll(/[\p{L}\p{N}_]+/gu)].map((match) => ({ word: match[0], start: start + match.index, end: start + match.index + match[0].length }));
  const piece = fc.constantFrom('a', 'Z', '9', '_', ' ', '-', '\n', '\r', 'é', 'ß', 'Ω', '中文', '—', '’', '٣', '😀', '𝐀', '\u0301', '.', 'x');

  test('reads the words the pattern reads, from any start to any end', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }).map((parts) => parts.join('')), fc.nat(), fc.nat(), (text, a, b) => {
        // Ends inside a surrogate pair are not asked for: callers cut at spans of the text.
        const cut = (n: number) => {
          const at = n % (text.length + 1);
          return at > 0 && at < text.length && text.charCodeAt(at - 1) >= 0xd800 && text.charCodeAt(at - 1) <= 0xdbff ? at - 1 : at;
        };
        const [start, end] = [cut(a), cut(b)].sort((x, y) => x - y);
        assert.deepEqual(wordsIn(text, start, end), byPattern(text, start, end));
        assert.deepEqual(wordsIn(text), byPattern(text, 0, text.length));
      }),
      { seed: 20261206, numRuns: 3000 },
    );
  });
});

test('the words of a mention are joined by spaces, tabs, hyphens and at most one line break, as the pattern says', () => {
  const matcher = new TermMatcher();
  matcher.set('fine-tuning', ['Fine Tuning']);
  const joiner = /^[ \t-]*(?:\r?\n|\r)?[ \t-]*$/;
  fc.assert(
    fc.property(fc.array(fc.constantFrom(' ', '\t', '-', '\n', '\r', '\r\n', '\n\r', '.', ','), { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')), (between) => {
      const found = matcher.find(`fine${between}tuning`).length === 1;
      assert.equal(found, joiner.test(between), JSON.stringify(between));
    }),
    { seed: 20261206, numRuns: 2000 },
  );
});
