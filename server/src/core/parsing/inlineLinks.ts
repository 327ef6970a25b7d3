import type { DebrisTag, InlineLink } from './types';

const INLINE_CODE = /(`+)[^`]*?\1/g;
/** Inline code is blanked only on lines up to this length: enough for prose, bounded for hostile input. */
const MAX_CODE_SPAN_LINE = 10_000;
const MAX_LINK_TEXT = 1_000;
const MAX_LINK_TARGET = 2_000;

/** One line of the body to look at for links and debris, and what it adds them to. */
export interface InlineScan {
  text: string;
  lineStart: number;
  lineEnd: number;
  /** Where the line's paragraph began: link text may wrap across its lines. */
  paragraphStart: number;
  debrisPattern: RegExp | undefined;
  debris: DebrisTag[];
  links: InlineLink[];
}

export function scanInline({ text, lineStart, lineEnd, paragraphStart, debrisPattern, debris, links }: InlineScan): void {
  const content = text.slice(lineStart, lineEnd);
  if (!content.includes('<') && !content.includes('](')) return;
  // Text inside inline code spans is blanked (same length) so that `<path>` in code is not debris.
  const visible = content.includes('`') && content.length <= MAX_CODE_SPAN_LINE ? content.replace(INLINE_CODE, (code) => ' '.repeat(code.length)) : content;
  if (debrisPattern && visible.includes('<')) {
    debrisPattern.lastIndex = 0;
    for (let match = debrisPattern.exec(visible); match; match = debrisPattern.exec(visible)) {
      debris.push({ tag: match[0], span: { start: lineStart + match.index, end: lineStart + match.index + match[0].length } });
    }
  }
  for (let close = visible.indexOf(']('); close !== -1; close = visible.indexOf('](', close + 2)) {
    const onLine = linkAt(visible, close, 0);
    // Link text that wraps from an earlier line of the same paragraph: `See [Reinforcement\nLearning](…)`.
    const wrapped = onLine || paragraphStart >= lineStart ? undefined : linkAt(text, lineStart + close, paragraphStart);
    const link = onLine ? { ...onLine, base: lineStart, source: visible } : wrapped && { ...wrapped, base: 0, source: text };
    if (link) {
      links.push({
        target: link.source.slice(link.targetStart, link.targetEnd),
        targetSpan: { start: link.base + link.targetStart, end: link.base + link.targetEnd },
        span: { start: link.base + link.start, end: link.base + link.end },
      });
    }
  }
}

/**
 * The inline link `[text](target "title")` whose `](` is at `close`, scanned by hand with bounded
 * look-behind and look-ahead so that hostile lines (a megabyte of `[`) stay linear.
 */
function linkAt(line: string, close: number, floor: number): { start: number; end: number; targetStart: number; targetEnd: number } | undefined {
  let open = close - 1;
  const limit = Math.max(floor, close - MAX_LINK_TEXT);
  // Brackets may nest inside link text: `[the [RLHF] paper](…)`.
  for (let depth = 0; open >= limit; open--) {
    if (line[open] === ']') depth++;
    else if (line[open] === '[' && depth-- === 0) break;
  }
  if (open < limit) return undefined;
  let i = close + 2;
  while (line[i] === ' ' || line[i] === '\t') i++;
  const angle = line[i] === '<';
  if (angle) i++;
  const targetStart = i;
  const targetLimit = Math.min(line.length, i + MAX_LINK_TARGET);
  while (i < targetLimit && !/[\s)>]/.test(line[i])) i++;
  const targetEnd = i;
  if (targetEnd === targetStart || i === targetLimit && i < line.length) return undefined;
  if (angle && line[i] === '>') i++;
  while (line[i] === ' ' || line[i] === '\t') i++;
  if (line[i] === '"') {
    const quote = line.indexOf('"', i + 1);
    if (quote === -1 || quote - i > MAX_LINK_TEXT) return undefined;
    i = quote + 1;
    while (line[i] === ' ' || line[i] === '\t') i++;
  }
  return line[i] === ')' ? { start: open, end: i + 1, targetStart, targetEnd } : undefined;
}
