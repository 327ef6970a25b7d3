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
import { isLineEnd, isSafeDestinationAt, normalizeLabel, scanDestination, scanTitle, skipWhitespace } from './linkSyntax';
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

/** An opener's flags (see InlineScanner): an image's `![`, still able to open a link, and an image with a link formed inside it. */
const IMAGE = 1;
const ACTIVE = 2;
/** An image opener with a link formed inside it: should the image fail, the link is at the level of the openers below. */
const CONTAINS_LINK = 4;

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

/**
 * Reads the links of one inline block into `found`, the block's definitions known by their
 * normalized labels. One scanner serves every block: at 20,000 entries, the closures, openers and
 * answers a scan per block made were a third of what reading the body links allocated.
 */
export function scanInline(source: InlineSource, definitions: ReadonlyMap<string, number>, found: InlineFindings): void {
  scanner.scan(source, definitions, found);
}

const NO_DEFINITIONS: ReadonlyMap<string, number> = new Map();
const NO_FINDINGS: InlineFindings = { links: [], references: [], codeSpans: [] };

/**
 * The scan of one block at a time (it calls nothing that could start another): the block's state
 * in fields, the openers' stack in two arrays kept from block to block.
 */
class InlineScanner {
  private src = '';
  private end = 0;
  private base = 0;
  private definitions: ReadonlyMap<string, number> = NO_DEFINITIONS;
  private found: InlineFindings = NO_FINDINGS;
  private readonly html = new InlineHtml();
  private runs: BacktickRuns | undefined;
  private blockStart = 0;
  private readonly openerPositions: number[] = [];
  private readonly openerFlags: number[] = [];
  /** What closeBracket found: an inline link (its destination at destStart–destEnd) or a reference (its label at labelStart–labelEnd). */
  private closedKind: 'inline' | 'reference' = 'inline';
  private closedEnd = 0;
  private destStart = 0;
  private destEnd = 0;
  private labelStart = 0;
  private labelEnd = 0;
  private definition = 0;

  scan(source: InlineSource, definitions: ReadonlyMap<string, number>, found: InlineFindings): void {
    const { src, end, base } = source;
    this.src = src;
    this.end = end;
    this.base = base;
    this.definitions = definitions;
    this.found = found;
    this.html.reset(src, end);
    this.runs = undefined;
    this.blockStart = source.start;
    const positions = this.openerPositions;
    const flags = this.openerFlags;
    positions.length = 0;
    flags.length = 0;
    const firstLink = found.links.length;
    const firstReference = found.references.length;

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
        positions.push(pos);
        flags.push(ACTIVE);
        pos++;
      } else if (code === BANG && src.charCodeAt(pos + 1) === OPEN_BRACKET && pos + 1 < end) {
        positions.push(pos);
        flags.push(IMAGE | ACTIVE);
        pos += 2;
      } else if (code === CLOSE_BRACKET) {
        if (!positions.length) {
          pos++;
          continue;
        }
        const openerPos = positions.pop()!;
        const openerFlags = flags.pop()!;
        const image = (openerFlags & IMAGE) !== 0;
        if (!(openerFlags & ACTIVE) || !this.closeBracket(openerPos, image, pos)) {
          if (image && openerFlags & CONTAINS_LINK) this.deactivateBelow();
          pos++;
          continue;
        }
        const span = { start: openerPos + base, end: this.closedEnd + base };
        if (image) {
          // The description of an image is its alt text: what looked like links in it are not.
          while (found.links.length > firstLink && found.links[found.links.length - 1].span.start >= span.start) found.links.pop();
          while (found.references.length > firstReference && found.references[found.references.length - 1].span.start >= span.start) found.references.pop();
        } else {
          if (this.closedKind === 'inline') {
            found.links.push({ kind: 'inline', target: src.slice(this.destStart, this.destEnd), targetSpan: { start: this.destStart + base, end: this.destEnd + base }, span });
          } else {
            found.references.push({ span, labelSpan: { start: this.labelStart + base, end: this.labelEnd + base }, definition: this.definition });
          }
          this.deactivateBelow();
        }
        pos = this.closedEnd;
      } else if (code === BACKSLASH || code === BACKTICK || code === LESS_THAN) {
        const next = this.pastToken(pos, true);
        pos = next > pos ? next : pos + 1;
      } else {
        pos++;
      }
    }
    this.release();
  }

  /** Lets go of the block's text and findings: the scanner outlives them. */
  private release(): void {
    this.src = '';
    this.found = NO_FINDINGS;
    this.definitions = NO_DEFINITIONS;
    this.runs = undefined;
    this.html.reset('', 0);
  }

  /** The end of the code span opened by the backtick run at `pos`; the run's own end when nothing closes it. */
  private codeSpanEnd(pos: number, record: boolean): number {
    const { src, end } = this;
    let runEnd = pos + 1;
    while (runEnd < end && src.charCodeAt(runEnd) === BACKTICK) runEnd++;
    this.runs ??= new BacktickRuns(src, this.blockStart, end);
    const close = this.runs.closer(runEnd - pos, runEnd);
    if (close === -1) return runEnd;
    const spanEnd = close + runEnd - pos;
    if (record) this.found.codeSpans.push({ start: pos + this.base, end: spanEnd + this.base });
    return spanEnd;
  }

  /** Past the escape, code span, autolink or raw HTML at `pos`, or `pos` itself when none starts there. */
  private pastToken(pos: number, record: boolean): number {
    const { src, end, base } = this;
    const code = src.charCodeAt(pos);
    if (code === BACKSLASH) return pos + 1 < end && !isWhitespaceCode(src.charCodeAt(pos + 1)) ? pos + 2 : pos + 1;
    if (code === BACKTICK) return this.codeSpanEnd(pos, record);
    if (code === LESS_THAN) {
      const autolink = this.html.autolink(pos);
      if (autolink) {
        if (record) {
          this.found.links.push({
            kind: 'autolink',
            target: src.slice(autolink.targetStart, autolink.targetEnd),
            targetSpan: { start: autolink.targetStart + base, end: autolink.targetEnd + base },
            span: { start: pos + base, end: autolink.end + base },
          });
        }
        return autolink.end;
      }
      const tagEnd = this.html.rawHtml(pos);
      return tagEnd === -1 ? pos : tagEnd;
    }
    return pos;
  }

  /**
   * The `]` closing the label `[label]` that opens at `open` (markdown-it's reading of a reference
   * label: nested brackets counted, escapes, code spans and HTML skipped), or -1.
   */
  private labelClose(open: number): number {
    const { src, end } = this;
    let depth = 1;
    for (let pos = open + 1; pos < end; ) {
      const code = src.charCodeAt(pos);
      if (code === CLOSE_BRACKET && --depth === 0) return pos;
      if (code === OPEN_BRACKET) depth++;
      const next = this.pastToken(pos, false);
      pos = next > pos ? next : pos + 1;
    }
    return -1;
  }

  /** Marks link openers below the top inactive (links may not contain links), down to the nearest image opener. */
  private deactivateBelow(): void {
    const flags = this.openerFlags;
    for (let i = flags.length - 1; i >= 0; i--) {
      if (flags[i] & IMAGE) {
        flags[i] |= CONTAINS_LINK;
        return;
      }
      if (!(flags[i] & ACTIVE)) return;
      flags[i] &= ~ACTIVE;
    }
  }

  /**
   * What the `]` at `close` makes of the opener at `openerPos`: true when an inline link or a
   * reference (closedKind and the fields it names say which, and where), false for nothing.
   */
  private closeBracket(openerPos: number, image: boolean, close: number): boolean {
    const { src, end, definitions } = this;
    const textStart = openerPos + (image ? 2 : 1);
    let pos = close + 1;
    if (pos < end && src.charCodeAt(pos) === OPEN_PAREN) {
      pos = skipWhitespace(src, pos + 1, end);
      // markdown-it: `[text](` with nothing after it is not even a shortcut reference.
      if (pos >= end) return false;
      let destStart = pos;
      let destEnd = pos;
      const destination = scanDestination(src, pos, end);
      if (destination) {
        if (isSafeDestinationAt(src, destination.start, destination.end)) {
          ({ start: destStart, end: destEnd } = destination);
          pos = destination.next;
        }
        const afterDestination = pos;
        pos = skipWhitespace(src, pos, end);
        const titleEnd = scanTitle(src, pos, end);
        if (pos < end && pos !== afterDestination && titleEnd !== -1) pos = skipWhitespace(src, titleEnd, end);
      }
      if (pos < end && src.charCodeAt(pos) === CLOSE_PAREN) {
        this.closedKind = 'inline';
        this.closedEnd = pos + 1;
        this.destStart = destStart;
        this.destEnd = destEnd;
        return true;
      }
      // An image whose `(` leads nowhere is no image; a link falls back to a reference, looked for
      // (as markdown-it does) one character past where the inline form failed.
      if (image) return false;
      pos++;
    }
    if (definitions.size === 0) return false;
    let labelStart = textStart;
    let labelEnd = close;
    let closedEnd = close + 1;
    if (pos < end && src.charCodeAt(pos) === OPEN_BRACKET) {
      const labelClosed = this.labelClose(pos);
      if (labelClosed > pos + 1) {
        labelStart = pos + 1;
        labelEnd = labelClosed;
      }
      if (labelClosed !== -1) closedEnd = labelClosed + 1;
    }
    const definition = definitions.get(normalizeLabel(src.slice(labelStart, labelEnd)));
    if (definition === undefined) return false;
    this.closedKind = 'reference';
    this.closedEnd = closedEnd;
    this.labelStart = labelStart;
    this.labelEnd = labelEnd;
    this.definition = definition;
    return true;
  }
}

const scanner = new InlineScanner();

function isWhitespaceCode(code: number): boolean {
  return code === 32 || isLineEnd(code);
}
