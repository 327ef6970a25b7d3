import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { scanningPositions } from '../../server/src/core/positions';

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
