/**
 * The pieces of CommonMark link syntax that inline links and reference definitions share: the
 * destination, the title, and how a label is normalized. Positions are indexes into `src`; a line
 * ends at \n, \r\n or a lone \r, as everywhere in the parser.
 */

// Each scanner names the character codes it compares: imported from one module, every use in a
// hot loop is a getter call where tsx runs the code (tests, fuzzing: ~30 % slower parsing).
const SPACE = 32;
const TAB = 9;
const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;
const BACKSLASH = 92;
const LESS_THAN = 60;
const GREATER_THAN = 62;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;

export function isLineEnd(code: number): boolean {
  return code === LINE_FEED || code === CARRIAGE_RETURN;
}

export function isSpaceOrTab(code: number): boolean {
  return code === SPACE || code === TAB;
}

/** Skips spaces, tabs and line ends from `pos`, up to `end`. */
export function skipWhitespace(src: string, pos: number, end: number): number {
  while (pos < end) {
    const code = src.charCodeAt(pos);
    if (code !== SPACE && code !== TAB && code !== LINE_FEED && code !== CARRIAGE_RETURN) break;
    pos++;
  }
  return pos;
}

export interface Destination {
  /** The destination's text, without angle brackets. */
  start: number;
  end: number;
  /** Just past the destination (past `>` for the angle-bracket form). */
  next: number;
}

/**
 * The link destination at `pos`: `<…>` (no line end, no unescaped `<`) or a run without spaces or
 * control characters whose parentheses balance (at most 32 deep, as markdown-it allows).
 */
export function scanDestination(src: string, pos: number, end: number): Destination | undefined {
  if (src.charCodeAt(pos) === LESS_THAN) {
    for (let i = pos + 1; i < end; i++) {
      const code = src.charCodeAt(i);
      if (isLineEnd(code) || code === LESS_THAN) return undefined;
      if (code === GREATER_THAN) return { start: pos + 1, end: i, next: i + 1 };
      if (code === BACKSLASH && i + 1 < end) i++;
    }
    return undefined;
  }
  let depth = 0;
  let i = pos;
  while (i < end) {
    const code = src.charCodeAt(i);
    // NUL is read as U+FFFD (as CommonMark asks), so it does not end a destination.
    if ((code <= SPACE && code !== 0) || code === 127) break;
    if (code === BACKSLASH && i + 1 < end) {
      // An escaped space is no escape: the backslash stays, and the space ends the destination.
      i += src.charCodeAt(i + 1) === SPACE ? 1 : 2;
      continue;
    }
    if (code === OPEN_PAREN) {
      depth++;
      if (depth > 32) return undefined;
    } else if (code === CLOSE_PAREN) {
      if (depth === 0) break;
      depth--;
    }
    i++;
  }
  if (i === pos || depth !== 0) return undefined;
  return { start: pos, end: i, next: i };
}

/** The end of the link title (`"…"`, `'…'` or `(…)`) at `pos`, past its closing mark; -1 when there is none. */
export function scanTitle(src: string, pos: number, end: number): number {
  if (pos >= end) return -1;
  const open = src.charCodeAt(pos);
  const close = open === OPEN_PAREN ? CLOSE_PAREN : open;
  if (open !== 34 && open !== 39 && open !== OPEN_PAREN) return -1;
  for (let i = pos + 1; i < end; i++) {
    const code = src.charCodeAt(i);
    if (code === close) return i + 1;
    if (code === OPEN_PAREN && close === CLOSE_PAREN) return -1;
    if (code === BACKSLASH) i++;
  }
  return -1;
}

/**
 * A label as references match it: trimmed, inner whitespace collapsed to one space, case-folded
 * (lower- then upper-casing folds more letters alike, `ẞ` and `ß` among them, than either alone).
 */
export function normalizeLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase().toUpperCase();
}

const UNSAFE_SCHEME = /^(?:vbscript|javascript|file|data):/;
const SAFE_DATA = /^data:image\/(?:gif|png|jpeg|webp);/;

/** isSafeDestination of `src[start, end)`, without a copy where it holds no scheme (no `:`), as most do. */
export function isSafeDestinationAt(src: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (src.charCodeAt(i) === 58) return isSafeDestination(src.slice(start, end));
  return true;
}

/** Whether a destination is one VS Code's preview (markdown-it) renders as a link: not a script or file URL. */
export function isSafeDestination(destination: string): boolean {
  const lower = destination.trim().toLowerCase();
  return !UNSAFE_SCHEME.test(lower) || SAFE_DATA.test(lower);
}
