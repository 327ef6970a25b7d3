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
  return {
    getText: () => text,
    positionAt(requested: number): Position {
      const offset = Math.max(0, Math.min(requested, text.length));
      if (offset < scanned) {
        scanned = 0;
        line = 0;
        lineStart = 0;
      }
      while (scanned < offset) {
        const code = text.charCodeAt(scanned);
        if (code === 13 && text.charCodeAt(scanned + 1) === 10) {
          // An offset between \r and \n is still on the line the pair ends.
          if (scanned + 1 >= offset) break;
          scanned++;
        }
        if (code === 10 || code === 13) {
          line++;
          lineStart = scanned + 1;
        }
        scanned++;
      }
      return { line, character: offset - lineStart };
    },
  };
}
