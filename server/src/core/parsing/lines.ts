export interface Line {
  start: number;
  /** End of the line's content, before `\r\n`, `\n` or `\r`. */
  end: number;
  /** Start of the next line. */
  next: number;
}

export function* linesFrom(text: string, offset: number): Generator<Line> {
  // LSP and CommonMark both end a line at \n, \r\n or a lone \r; most files have no \r at all.
  const hasCarriageReturn = text.includes('\r');
  let start = offset;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (hasCarriageReturn) {
      const carriageReturn = text.indexOf('\r', start);
      if (carriageReturn !== -1 && carriageReturn < end) end = carriageReturn;
    }
    const next = end >= text.length ? text.length : text[end] === '\r' && text[end + 1] === '\n' ? end + 2 : end + 1;
    yield { start, end, next };
    start = next;
  }
}

/** The start of the line after the one holding `offset`. */
export function lineAfter(text: string, offset: number): number {
  for (const line of linesFrom(text, offset)) return line.next;
  return text.length;
}
