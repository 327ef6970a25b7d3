import type { TextDocument } from 'vscode-languageserver-textdocument';
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
  if (!text.includes('\r')) {
    // Most files: indexOf finds each \n many times faster than a loop reads each character.
    for (let lineFeed = text.indexOf('\n'); lineFeed !== -1; lineFeed = text.indexOf('\n', lineFeed + 1)) starts.push(lineFeed + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (code === 13 || code === 10) starts.push(i + 1);
  }
  return starts;
}

/**
 * A document whose text never changes (a file read from disk, a snapshot of an open one), as
 * TextDocument.create makes it, with the same positions: its line table is made when a position
 * is first asked for, with `lineStarts` (TextDocument reads every character; checking a glossary
 * asks for positions in nearly every file).
 */
export class FixedDocument implements TextDocument {
  private starts: number[] | undefined;

  constructor(readonly uri: string, readonly languageId: string, readonly version: number, private readonly text: string) {}

  get lineCount(): number {
    return this.lineTable().length;
  }

  getText(range?: Range): string {
    return range ? this.text.substring(this.offsetAt(range.start), this.offsetAt(range.end)) : this.text;
  }

  positionAt(requested: number): Position {
    const offset = Math.max(0, Math.min(requested, this.text.length));
    const starts = this.lineTable();
    // The last line starting at or before `offset`.
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    // As TextDocument does, an offset inside a line break is placed at the end of the line it ends.
    return { line: low, character: Math.min(offset, this.contentEnd(low)) - starts[low] };
  }

  offsetAt(position: Position): number {
    const starts = this.lineTable();
    if (position.line >= starts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = starts[position.line];
    return Math.max(start, Math.min(start + position.character, this.contentEnd(position.line)));
  }

  getLineRange(line: number): Range {
    const starts = this.lineTable();
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const within = Math.min(line, starts.length - 1);
    return { start: { line: within, character: 0 }, end: { line: within, character: this.contentEnd(within) - starts[within] } };
  }

  getEOLCharacters(line: number): string {
    const starts = this.lineTable();
    if (line < 0 || line >= starts.length) return '';
    return this.text.substring(this.contentEnd(line), line + 1 < starts.length ? starts[line + 1] : this.text.length);
  }

  private lineTable(): number[] {
    return (this.starts ??= lineStarts(this.text));
  }

  /** Where line `line`'s content ends, before its line break. */
  private contentEnd(line: number): number {
    const starts = this.lineTable();
    let end = line + 1 < starts.length ? starts[line + 1] : this.text.length;
    while (end > starts[line] && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return end;
  }
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
