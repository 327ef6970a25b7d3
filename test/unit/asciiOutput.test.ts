/**
 * scripts/asciiOutput.mjs: bundles are written in ASCII, which V8 keeps at one byte a character,
 * and the code reads the same: regular expressions match the same text, comments stay comments.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asciiSource } from '../../scripts/asciiOutput.mjs';

/** Evaluates a script that returns an array of values. */
const run = (source: string): unknown[] => new Function(source)() as unknown[];

test('regular expressions with characters outside ASCII match what they matched, with and without the u flag', () => {
  const source = [
    '// a comment – with a dash → and an arrow',
    '/* a block comment: “quoted”, 😀 */',
    'const dashes = /[\\s([{\\-–—/]/;',
    'const vowels = /[îïíì]/g;',
    'const subscripts = /^[₊₋₀-₉ₐ]+$/;',
    'const emoji = /😀+/u;',
    'const emojiClass = /[😀😁]/u;',
    'const legacyPair = /😀/;',
    'const escaped = /\\é/;',
    'const literalBackslash = /\\\\é/;',
    'const text = "already \\u00e9scaped";',
    // As esbuild writes strings: escaped already.
    'const samples = ["a\\u2013b", "x\\u2014", "\\u00ee", "\\u2080\\u2081\\u2090", "\\ud83d\\ude00\\ud83d\\ude00", "\\ud83d\\ude01", "\\\\\\u00e9", "\\u00e9", "plain"];',
    'return samples.map((s) => [dashes.test(s), (vowels.lastIndex = 0, vowels.test(s)), subscripts.test(s), emoji.test(s), emojiClass.test(s), legacyPair.test(s), escaped.test(s), literalBackslash.test(s)]).concat([text]);',
  ].join('\n');
  const ascii = asciiSource(source);
  assert.ok(ascii !== undefined);
  assert.match(ascii, /^[\x00-\x7f]*$/, 'ASCII only');
  assert.deepEqual(run(ascii), run(source));
  // The comments are comments still: the lines after them run.
  assert.equal(run(ascii).length, 10);
});

test('a character outside ASCII where an escape would change the code (a tagged template\'s raw text) leaves the source as it is', () => {
  assert.equal(asciiSource('const raw = String.raw`é`;'), undefined);
  assert.equal(asciiSource('const word = "é";'), undefined);
  assert.equal(asciiSource('const unterminated = /é'), undefined);
  const ascii = 'const x = /a/; // only ASCII';
  assert.equal(asciiSource(ascii), ascii);
});
