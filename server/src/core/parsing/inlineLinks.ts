/**
 * Links of one inline block (a paragraph or a heading) as CommonMark reads them: inline links
 * `[text](dest "title")`, autolinks `<scheme:…>`, and uses of reference definitions —
 * `[text][label]`, `[label][]`, `[label]`. Code spans, raw HTML (comments among it) and backslash
 * escapes take precedence over link brackets; images are read (so that `![a](b)` is no link) but
 * not reported; links in an image's description are not links either.
 *
 * Brackets are matched with the stack of the spec's appendix ("look for link or image"), which is
 * linear, rather than markdown-it's forward search from each `[`; the few places where markdown-it
 * reads differently from the spec are kept as markdown-it reads them, and each is said below.
 * test/unit/commonmarkLinks.test.ts holds the two to the same links on real and generated bodies.
 */
import { InlineHtml } from './htmlSyntax';
import { isLineEnd, isSafeDestination, normalizeLabel, scanDestination, scanTitle, skipWhitespace } from './linkSyntax';
import type { InlineLink, ReferenceLink, Span } from './types';

/** Where an inline block's text is: `src[start, end)`, and `src` offset + `base` = offset in the entry. */
export interface InlineSource {
  src: string;
  start: number;
  end: number;
  base: number;
}

export interface InlineFindings {
  links: InlineLink[];
  references: ReferenceLink[];
  /** Code spans, which debris is not looked for in. */
  codeSpans: Span[];
}

interface Opener {
  pos: number;
  image: boolean;
  active: boolean;
  /** An image opener with a link formed inside it: should the image fail, the link is at the level of the openers below. */
  containsLink: boolean;
}

/** The characters the scan stops at: brackets, `!`, backslash, backtick, `<`. */
const INTERESTING = /[[\]!\\`<]/g;
// Each scanner names the character codes it compares: imported from one module, every use in a
// hot loop is a getter call where tsx runs the code (tests, fuzzing: ~30 % slower parsing).
const BACKSLASH = 92;
const BACKTICK = 96;
const LESS_THAN = 60;
const BANG = 33;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;

/** Backtick runs of a block, by length, found once when the first backtick is met. */
class BacktickRuns {
  private readonly starts = new Map<number, number[]>();

  constructor(src: string, start: number, end: number) {
    for (let at = src.indexOf('`', start); at !== -1 && at < end; ) {
      let runEnd = at + 1;
      while (runEnd < end && src.charCodeAt(runEnd) === BACKTICK) runEnd++;
      const length = runEnd - at;
      let list = this.starts.get(length);
      if (!list) this.starts.set(length, (list = []));
      list.push(at);
      at = src.indexOf('`', runEnd);
    }
  }

  /** The start of the first run of exactly `length` backticks at or after `from`, or -1. */
  closer(length: number, from: number): number {
    const list = this.starts.get(length);
    if (!list) return -1;
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (list[mid] < from) low = mid + 1;
      else high = mid;
    }
    return low < list.length ? list[low] : -1;
  }
}

export function scanInline(source: InlineSource, definitions: ReadonlyMap<string, number>, found: InlineFindings): void {
  const { src, end, base } = source;
  const html = new InlineHtml(src, end);
  let runs: BacktickRuns | undefined;
  const openers: Opener[] = [];
  const firstLink = found.links.length;
  const firstReference = found.references.length;

  /** The end of the code span opened by the backtick run at `pos`; the run's own end when nothing closes it. */
  const codeSpanEnd = (pos: number, record: boolean): number => {
    let runEnd = pos + 1;
    while (runEnd < end && src.charCodeAt(runEnd) === BACKTICK) runEnd++;
    runs ??= new BacktickRuns(src, source.start, end);
    const close = runs.closer(runEnd - pos, runEnd);
    if (close === -1) return runEnd;
    const spanEnd = close + runEnd - pos;
    if (record) found.codeSpans.push({ start: pos + base, end: spanEnd + base });
    return spanEnd;
  };

  /** Past the escape, code span, autolink or raw HTML at `pos`, or `pos` itself when none starts there. */
  const pastToken = (pos: number, record: boolean): number => {
    const code = src.charCodeAt(pos);
    if (code === BACKSLASH) return pos + 1 < end && !isWhitespaceCode(src.charCodeAt(pos + 1)) ? pos + 2 : pos + 1;
    if (code === BACKTICK) return codeSpanEnd(pos, record);
    if (code === LESS_THAN) {
      const autolink = html.autolink(pos);
      if (autolink) {
        if (record) {
          found.links.push({
            kind: 'autolink',
            target: src.slice(autolink.targetStart, autolink.targetEnd),
            targetSpan: { start: autolink.targetStart + base, end: autolink.targetEnd + base },
            span: { start: pos + base, end: autolink.end + base },
          });
        }
        return autolink.end;
      }
      const tagEnd = html.rawHtml(pos);
      return tagEnd === -1 ? pos : tagEnd;
    }
    return pos;
  };

  /**
   * The `]` closing the label `[label]` that opens at `open` (markdown-it's reading of a reference
   * label: nested brackets counted, escapes, code spans and HTML skipped), or -1.
   */
  const labelClose = (open: number): number => {
    let depth = 1;
    for (let pos = open + 1; pos < end; ) {
      const code = src.charCodeAt(pos);
      if (code === CLOSE_BRACKET && --depth === 0) return pos;
      if (code === OPEN_BRACKET) depth++;
      const next = pastToken(pos, false);
      pos = next > pos ? next : pos + 1;
    }
    return -1;
  };

  /** Marks link openers below the top inactive (links may not contain links), down to the nearest image opener. */
  const deactivateBelow = (): void => {
    for (let i = openers.length - 1; i >= 0; i--) {
      const opener = openers[i];
      if (opener.image) {
        opener.containsLink = true;
        return;
      }
      if (!opener.active) return;
      opener.active = false;
    }
  };

  let pos = source.start;
  while (pos < end) {
    // Most of a block is plain text: the native search finds the next character that matters.
    // test, not exec: it moves lastIndex past the match without making a match array, of which
    // reading a 20,000-entry glossary's body links made 270 MB (7 % of what reading them allocated).
    INTERESTING.lastIndex = pos;
    pos = INTERESTING.test(src) ? INTERESTING.lastIndex - 1 : end;
    if (pos >= end) break;
    const code = src.charCodeAt(pos);
    if (code === OPEN_BRACKET) {
      openers.push({ pos, image: false, active: true, containsLink: false });
      pos++;
    } else if (code === BANG && src.charCodeAt(pos + 1) === OPEN_BRACKET && pos + 1 < end) {
      openers.push({ pos, image: true, active: true, containsLink: false });
      pos += 2;
    } else if (code === CLOSE_BRACKET) {
      const opener = openers.pop();
      const link = opener?.active ? closeBracket(opener, pos) : undefined;
      if (!opener || !link) {
        if (opener?.image && opener.containsLink) deactivateBelow();
        pos++;
        continue;
      }
      const span = { start: opener.pos + base, end: link.end + base };
      if (opener.image) {
        // The description of an image is its alt text: what looked like links in it are not.
        while (found.links.length > firstLink && found.links[found.links.length - 1].span.start >= span.start) found.links.pop();
        while (found.references.length > firstReference && found.references[found.references.length - 1].span.start >= span.start) found.references.pop();
      } else {
        if (link.kind === 'inline') {
          found.links.push({ kind: 'inline', target: src.slice(link.destStart, link.destEnd), targetSpan: { start: link.destStart + base, end: link.destEnd + base }, span });
        } else {
          found.references.push({ span, labelSpan: { start: link.labelStart + base, end: link.labelEnd + base }, definition: link.definition });
        }
        deactivateBelow();
      }
      pos = link.end;
    } else if (code === BACKSLASH || code === BACKTICK || code === LESS_THAN) {
      const next = pastToken(pos, true);
      pos = next > pos ? next : pos + 1;
    } else {
      pos++;
    }
  }

  type Closed =
    | { kind: 'inline'; end: number; destStart: number; destEnd: number }
    | { kind: 'reference'; end: number; labelStart: number; labelEnd: number; definition: number };

  /** What the `]` at `close` makes of `opener`: an inline link, a reference, or nothing. */
  function closeBracket(opener: Opener, close: number): Closed | undefined {
    const textStart = opener.pos + (opener.image ? 2 : 1);
    let pos = close + 1;
    if (pos < end && src.charCodeAt(pos) === OPEN_PAREN) {
      pos = skipWhitespace(src, pos + 1, end);
      // markdown-it: `[text](` with nothing after it is not even a shortcut reference.
      if (pos >= end) return undefined;
      let destStart = pos;
      let destEnd = pos;
      const destination = scanDestination(src, pos, end);
      if (destination) {
        if (isSafeDestination(src.slice(destination.start, destination.end))) {
          ({ start: destStart, end: destEnd } = destination);
          pos = destination.next;
        }
        const afterDestination = pos;
        pos = skipWhitespace(src, pos, end);
        const titleEnd = scanTitle(src, pos, end);
        if (pos < end && pos !== afterDestination && titleEnd !== -1) pos = skipWhitespace(src, titleEnd, end);
      }
      if (pos < end && src.charCodeAt(pos) === CLOSE_PAREN) return { kind: 'inline', end: pos + 1, destStart, destEnd };
      // An image whose `(` leads nowhere is no image; a link falls back to a reference, looked for
      // (as markdown-it does) one character past where the inline form failed.
      if (opener.image) return undefined;
      pos++;
    }
    if (definitions.size === 0) return undefined;
    let labelStart = textStart;
    let labelEnd = close;
    let end_ = close + 1;
    if (pos < end && src.charCodeAt(pos) === OPEN_BRACKET) {
      const labelClosed = labelClose(pos);
      if (labelClosed > pos + 1) {
        labelStart = pos + 1;
        labelEnd = labelClosed;
      }
      if (labelClosed !== -1) end_ = labelClosed + 1;
    }
    const definition = definitions.get(normalizeLabel(src.slice(labelStart, labelEnd)));
    return definition === undefined ? undefined : { kind: 'reference', end: end_, labelStart, labelEnd, definition };
  }
}

function isWhitespaceCode(code: number): boolean {
  return code === 32 || isLineEnd(code);
}
