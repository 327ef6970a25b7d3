import type { Position, Range } from 'vscode-languageserver-types';

/**
 * Lines and positions, counted once for the whole code base as LSP counts them (CommonMark agrees):
 * a line ends at \n, \r\n or a lone \r, and a position's character is a UTF-16 offset in its line.
 */

export interface Line {
  start: number;
  /** End of the line's content, before `\r\n`, `\n` or `\r`. */
  end: number;
  /** Start of the next line. */
  next: number;
}

/**
 * Where the line holding `from` ends: the offset of its line break, or the end of the text. Most
 * files have no \r at all: a caller that walks many lines says once whether this one has any
 * (`hasCarriageReturn`); without it, only this line is searched for one.
 */
export function lineContentEnd(text: string, from: number, hasCarriageReturn?: boolean): number {
  let end = text.indexOf('\n', from);
  if (end === -1) end = text.length;
  if (hasCarriageReturn === undefined) {
    for (let i = from; i < end; i++) if (text.charCodeAt(i) === 13) return i;
  } else if (hasCarriageReturn) {
    const carriageReturn = text.indexOf('\r', from);
    if (carriageReturn !== -1 && carriageReturn < end) end = carriageReturn;
  }
  return end;
}

/** The start of the next line, given where a line's content ends (`lineContentEnd`). */
export function lineBreakEnd(text: string, end: number): number {
  if (end >= text.length) return text.length;
  return text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
}

/** Where the line holding `offset` starts. An offset between the \r and \n of a pair is on the line they end. */
export function lineStartOf(text: string, offset: number): number {
  const at = offset > 0 && text.charCodeAt(offset) === 10 && text.charCodeAt(offset - 1) === 13 ? offset - 1 : offset;
  // lastIndexOf reads a negative start as 0, where a line break would be found before the text.
  const lineFeed = at <= 0 ? -1 : text.lastIndexOf('\n', at - 1);
  // A \r is looked for only after that \n: a walk up many lines must not scan back to the start each time.
  for (let i = at - 1; i > lineFeed; i--) if (text.charCodeAt(i) === 13) return i + 1;
  return lineFeed + 1;
}

/** The line that starts at `start`. */
export function lineAt(text: string, start: number, hasCarriageReturn?: boolean): Line {
  const end = lineContentEnd(text, start, hasCarriageReturn);
  return { start, end, next: lineBreakEnd(text, end) };
}

/** The lines from `offset` (taken as a line start) to the end of the text; none for an empty rest. */
export function* linesFrom(text: string, offset: number): Generator<Line> {
  const hasCarriageReturn = text.includes('\r');
  for (let start = offset; start < text.length; ) {
    const line = lineAt(text, start, hasCarriageReturn);
    yield line;
    start = line.next;
  }
}

/** The start of the line after the one holding `offset`. */
export function lineAfter(text: string, offset: number): number {
  return lineBreakEnd(text, lineContentEnd(text, offset));
}

/** The offset where each line starts; a text that ends in a line break has an empty last line. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (const line of linesFrom(text, 0)) if (line.next > line.end) starts.push(line.next);
  return starts;
}

/** What summaries and diagnostics need of a document: its text and offset → position. */
export interface PositionSource {
  getText(): string;
  positionAt(offset: number): Position;
}

/** The range of the offsets `span` in `document`. */
export function rangeOfSpan(document: Pick<PositionSource, 'positionAt'>, span: { start: number; end: number }): Range {
  return { start: document.positionAt(span.start), end: document.positionAt(span.end) };
}

/**
 * Offset → position, as TextDocument gives it, without a line table: it walks forward from the
 * line of the last offset it was asked about (back to the start for an earlier one). Indexing asks
 * for a handful of ascending offsets per file, where a full line table would be garbage a moment
 * later.
 */
export function scanningPositions(text: string): PositionSource {
  const hasCarriageReturn = text.includes('\r');
  // The current line as three numbers, not a Line object per line walked (a file's worth of garbage per file indexed).
  let line = 0;
  let start = 0;
  let end = lineContentEnd(text, 0, hasCarriageReturn);
  let next = lineBreakEnd(text, end);
  return {
    getText: () => text,
    positionAt(requested: number): Position {
      const offset = Math.max(0, Math.min(requested, text.length));
      if (offset < start) {
        line = 0;
        start = 0;
        end = lineContentEnd(text, 0, hasCarriageReturn);
        next = lineBreakEnd(text, end);
      }
      while (next <= offset && end < text.length) {
        line++;
        start = next;
        end = lineContentEnd(text, start, hasCarriageReturn);
        next = lineBreakEnd(text, end);
      }
      // As TextDocument does, an offset between \r and \n is placed at the end of the line they end.
      return { line, character: Math.min(offset, end) - start };
    },
  };
}
