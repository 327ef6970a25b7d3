/**
 * HTML as CommonMark reads it: the seven kinds of HTML block (by their first line) and the raw
 * HTML and autolinks of inline text. Written from the CommonMark spec (0.31.2, "HTML blocks",
 * "Raw HTML", "Autolinks"); where markdown-it (VS Code's preview) differs, its reading is kept.
 */

import { isSafeDestination } from './linkSyntax';

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'base', 'basefont', 'blockquote', 'body', 'caption', 'center', 'col', 'colgroup', 'dd', 'details',
  'dialog', 'dir', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'frame', 'frameset', 'h1', 'h2', 'h3',
  'h4', 'h5', 'h6', 'head', 'header', 'hr', 'html', 'iframe', 'legend', 'li', 'link', 'main', 'menu', 'menuitem', 'nav', 'noframes',
  'ol', 'optgroup', 'option', 'p', 'param', 'search', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'title',
  'tr', 'track', 'ul',
]);

/** How an HTML block ends: at a line containing one of these, or at a blank line (kinds 6 and 7). */
const BLOCK_ENDS: Record<number, RegExp> = {
  1: /<\/(?:script|pre|style|textarea)>/i,
  2: /-->/,
  3: /\?>/,
  4: />/,
  5: /\]\]>/,
};

// Whitespace inside tags is JavaScript's \s, as markdown-it reads it (the spec says spaces, tabs and line ends).
const ATTRIBUTE = String.raw`(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^"'=<>\x60\x00-\x20]+|'[^']*'|"[^"]*"))?)`;
const OPEN_TAG = String.raw`<[A-Za-z][A-Za-z0-9-]*${ATTRIBUTE}*\s*/?>`;
const CLOSING_TAG = String.raw`</[A-Za-z][A-Za-z0-9-]*\s*>`;
/** A whole line that is one open or closing tag: an HTML block of kind 7. */
const TAG_LINE = new RegExp(String.raw`^(?:${OPEN_TAG}|${CLOSING_TAG})\s*$`);
const TAG_AT = new RegExp(`^(?:${OPEN_TAG}|${CLOSING_TAG})`);
/** Longest tag looked for: enough for any real tag, and a bound on the work a line of hostile `<a x="` costs. */
const MAX_TAG_LENGTH = 4096;

/**
 * The kind (1–7) of HTML block a line starts, given the line from its first non-space character;
 * 0 when it starts none. Kind 7 cannot interrupt a paragraph.
 */
export function htmlBlockKind(line: string, interruptsParagraph: boolean): number {
  if (line.charCodeAt(0) !== 60) return 0;
  if (/^<(?:script|pre|style|textarea)(?=[\s>]|$)/i.test(line)) return 1;
  if (line.startsWith('<!--')) return 2;
  if (line.startsWith('<?')) return 3;
  if (/^<![A-Za-z]/.test(line)) return 4;
  if (line.startsWith('<![CDATA[')) return 5;
  const tag = /^<\/?([A-Za-z][A-Za-z0-9-]*)(?=[\s>]|\/>|$)/.exec(line);
  if (tag && BLOCK_TAGS.has(tag[1].toLowerCase())) return 6;
  if (!interruptsParagraph && TAG_LINE.test(line)) return 7;
  return 0;
}

/** Whether `line` ends an HTML block of kind 1–5 (kinds 6 and 7 end at a blank line instead). */
export function endsHtmlBlock(kind: number, line: string): boolean {
  return BLOCK_ENDS[kind]?.test(line) ?? false;
}

/**
 * What markdown-it reads at a `<` in inline text. One per inline block: a comment, processing
 * instruction, declaration or CDATA section that finds no end makes later ones in the block fail
 * too (markdown-it's own shortcut, kept so that both agree; it also keeps hostile input linear).
 */
export class InlineHtml {
  private specialsFail = false;
  private src = '';
  private end = 0;

  /** Starts on the inline block that ends at `end` of `src`. */
  reset(src: string, end: number): void {
    this.src = src;
    this.end = end;
    this.specialsFail = false;
  }

  /** The end of the autolink `<scheme:…>` or `<user@host>` at `pos`, and its destination; undefined if there is none. */
  autolink(pos: number): { end: number; targetStart: number; targetEnd: number } | undefined {
    const { src, end } = this;
    let close = pos + 1;
    for (; close < end; close++) {
      const code = src.charCodeAt(close);
      if (code === 60) return undefined;
      if (code === 62) break;
    }
    if (close >= end) return undefined;
    const url = src.slice(pos + 1, close);
    if (AUTOLINK.test(url) ? !isSafeDestination(url) : !EMAIL.test(url)) return undefined;
    return { end: close + 1, targetStart: pos + 1, targetEnd: close };
  }

  /** The end of the raw HTML (tag, comment, processing instruction, declaration, CDATA) at `pos`, or -1. */
  rawHtml(pos: number): number {
    const { src, end } = this;
    if (pos + 2 >= end) return -1;
    const next = src.charCodeAt(pos + 1);
    if (next === 33 || next === 63) return this.special(pos);
    if (next !== 47 && !isAsciiLetter(next)) return -1;
    const match = TAG_AT.exec(src.slice(pos, Math.min(end, pos + MAX_TAG_LENGTH)));
    return match ? pos + match[0].length : -1;
  }

  private special(pos: number): number {
    const { src } = this;
    let from: number;
    let terminator: string;
    if (src.startsWith('<!--', pos)) {
      if (src.startsWith('>', pos + 4)) return pos + 5;
      if (src.startsWith('->', pos + 4)) return pos + 6;
      from = pos + 4;
      terminator = '-->';
    } else if (src.startsWith('<![CDATA[', pos)) {
      from = pos + 9;
      terminator = ']]>';
    } else if (src.charCodeAt(pos + 1) === 63) {
      from = pos + 2;
      terminator = '?>';
    } else if (isAsciiLetter(src.charCodeAt(pos + 2))) {
      from = pos + 3;
      terminator = '>';
    } else {
      return -1;
    }
    if (this.specialsFail) return -1;
    const found = src.indexOf(terminator, from);
    if (found < 0 || found + terminator.length > this.end) {
      this.specialsFail = true;
      return -1;
    }
    return found + terminator.length;
  }
}

const AUTOLINK = /^[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\x00-\x20]*$/;
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

function isAsciiLetter(code: number): boolean {
  const lower = code | 32;
  return lower >= 97 && lower <= 122;
}
