import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lineAfter, lineContentEnd, lineStartOf, lineStarts, scanningPositions } from '../../server/src/core/positions';

const text = fc.array(fc.constantFrom('a', 'b', ' ', '\n', '\r\n', '\r', 'é', '😀'), { maxLength: 80 }).map((parts) => parts.join(''));

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
