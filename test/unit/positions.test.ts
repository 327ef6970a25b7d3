import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FixedDocument, lineAfter, lineContentEnd, lineStartOf, lineStarts, scanningPositions } from '../../server/src/core/positions';

const mixedText = fc.array(fc.constantFrom('a', 'b', ' ', '\n', '\r\n', '\r', 'é', '😀'), { maxLength: 80 }).map((parts) => parts.join(''));
/** Most files have no \r: the line table's quicker way. */
const lineFeedText = fc.array(fc.constantFrom('a', 'b', ' ', '\n', '\n', 'é', '😀'), { maxLength: 80 }).map((parts) => parts.join(''));
const text = fc.oneof(mixedText, lineFeedText);

test('scanningPositions agrees with TextDocument for any offsets, asked in any order (LF-only and mixed line ends)', () => {
  fc.assert(
    fc.property(text, fc.array(fc.integer({ min: -2, max: 200 }), { maxLength: 30 }), fc.boolean(), (value, offsets, ascending) => {
      const asked = ascending ? [...offsets].sort((a, b) => a - b) : offsets;
      const scanning = scanningPositions(value);
      const document = TextDocument.create('file:///x.md', 'markdown', 1, value);
      for (const offset of asked) assert.deepEqual(scanning.positionAt(offset), document.positionAt(offset), `offset ${offset} in ${JSON.stringify(value)}`);
    }),
    { seed: 20261129, numRuns: 2000 },
  );
});

test('the line helpers agree with TextDocument: line starts, the line of an offset, where its content ends', () => {
  fc.assert(
    fc.property(text, fc.integer({ min: 0, max: 90 }), (value, requested) => {
      const document = TextDocument.create('file:///x.md', 'markdown', 1, value);
      const offset = Math.min(requested, value.length);
      const starts = Array.from({ length: document.lineCount }, (_, line) => document.offsetAt({ line, character: 0 }));
      assert.deepEqual(lineStarts(value), starts, JSON.stringify(value));
      const { line } = document.positionAt(offset);
      assert.equal(lineStartOf(value, offset), starts[line], `lineStartOf ${offset} in ${JSON.stringify(value)}`);
      assert.equal(lineContentEnd(value, starts[line]), document.offsetAt({ line, character: Number.MAX_SAFE_INTEGER }), `lineContentEnd of line ${line} in ${JSON.stringify(value)}`);
      assert.equal(lineAfter(value, offset), line + 1 < starts.length ? starts[line + 1] : value.length, `lineAfter ${offset} in ${JSON.stringify(value)}`);
    }),
    { seed: 20261205, numRuns: 2000 },
  );
});

test('FixedDocument agrees with TextDocument: every offset, every position (also out of bounds), lines, their ranges and line breaks, text of a range', () => {
  fc.assert(
    fc.property(text, fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 90 }), (value, from, to) => {
      const expected = TextDocument.create('file:///x.md', 'markdown', 3, value);
      const fixed = new FixedDocument('file:///x.md', 'markdown', 3, value);
      const where = JSON.stringify(value);
      assert.equal(fixed.lineCount, expected.lineCount, where);
      for (let offset = -2; offset <= value.length + 2; offset++) assert.deepEqual(fixed.positionAt(offset), expected.positionAt(offset), `positionAt ${offset} in ${where}`);
      for (let line = -1; line <= expected.lineCount + 1; line++) {
        for (let character = -1; character <= 12; character++) assert.equal(fixed.offsetAt({ line, character }), expected.offsetAt({ line, character }), `offsetAt ${line}:${character} in ${where}`);
        assert.deepEqual(fixed.getLineRange(line), expected.getLineRange(line), `getLineRange ${line} in ${where}`);
        assert.equal(fixed.getEOLCharacters(line), expected.getEOLCharacters(line), `getEOLCharacters ${line} in ${where}`);
      }
      const range = { start: expected.positionAt(Math.min(from, to)), end: expected.positionAt(Math.max(from, to)) };
      assert.equal(fixed.getText(range), expected.getText(range), where);
      assert.equal(fixed.getText(), value);
      assert.deepEqual([fixed.uri, fixed.languageId, fixed.version], [expected.uri, expected.languageId, expected.version]);
    }),
    { seed: 20261207, numRuns: 2000 },
  );
});
