import type { Position } from 'vscode-languageserver-types';

/** What summaries and diagnostics need of a document: its text and offset → position. */
export interface PositionSource {
  getText(): string;
  positionAt(offset: number): Position;
}

/**
 * A PositionSource that allocates nothing: it counts line breaks (\n, \r\n, lone \r, as LSP does)
 * forward from the last offset it was asked about. Indexing asks for a handful of ascending offsets
 * per file, where a full line table (as TextDocument builds) would be garbage a moment later.
 */
export function scanningPositions(text: string): PositionSource {
  let scanned = 0;
  let line = 0;
  let lineStart = 0;
  // Without \r, line breaks can be found with indexOf, which runs far faster than a loop over characters.
  const lineFeedsOnly = text.indexOf('\r') === -1;
  return {
    getText: () => text,
    positionAt(requested: number): Position {
      const offset = Math.max(0, Math.min(requested, text.length));
      if (offset < scanned) {
        scanned = 0;
        line = 0;
        lineStart = 0;
      }
      if (lineFeedsOnly) {
        for (let feed = text.indexOf('\n', scanned); feed !== -1 && feed < offset; feed = text.indexOf('\n', feed + 1)) {
          line++;
          lineStart = feed + 1;
        }
        scanned = offset;
        return { line, character: offset - lineStart };
      }
      while (scanned < offset) {
        const code = text.charCodeAt(scanned);
        if (code === 13 && text.charCodeAt(scanned + 1) === 10) {
          if (scanned + 1 >= offset) break;
          scanned++;
        }
        if (code === 10 || code === 13) {
          line++;
          lineStart = scanned + 1;
        }
        scanned++;
      }
      // As TextDocument does, an offset between \r and \n is placed before the \r.
      const betweenPair = offset > lineStart && text.charCodeAt(offset - 1) === 13 && text.charCodeAt(offset) === 10;
      return { line, character: offset - lineStart - (betweenPair ? 1 : 0) };
    },
  };
}
