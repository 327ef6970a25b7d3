import { closesFence, fenceOpenedBy } from './fenceLines';
import { scanInline } from './inlineLinks';
import { linesFrom } from './lines';
import type { DebrisTag, Fence, Frontmatter, Heading, InlineLink, ParsedEntry } from './types';

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const BACKTICK = 96;
const TILDE = 126;
const HASH = 35;

export type BodyParts = Pick<ParsedEntry, 'headings' | 'fences' | 'debris' | 'links' | 'firstParagraph'>;

/** Offset of the first character after up to three spaces of indentation (CommonMark's block indent). */
function afterIndent(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && i - start < 3 && text.charCodeAt(i) === 32) i++;
  return i;
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code !== 32 && code !== 9) return false;
  }
  return true;
}

/**
 * The body from `bodyStart`: headings, fences, debris, links and the first paragraph. `skip` is a
 * misplaced frontmatter block, whose lines are not body.
 */
export function scanBody(text: string, bodyStart: number, skip: Frontmatter | undefined, debrisTags: readonly string[]): BodyParts {
  const headings: Heading[] = [];
  const fences: Fence[] = [];
  const debris: DebrisTag[] = [];
  const links: InlineLink[] = [];
  const paragraph: string[] = [];
  let paragraphDone = false;
  // With a misplaced block, the text above it is debris, not the entry's opening paragraph.
  const proseStart = skip?.closeSpan ? skip.closeSpan.end : bodyStart;
  let open: { fence: Fence; char: string; length: number } | undefined;
  /** Where the current paragraph began: link text may wrap across its lines. */
  let paragraphStart = bodyStart;
  const debrisPattern = debrisTags.length ? new RegExp(`</?(?:${debrisTags.map(escapeRegExp).join('|')})>`, 'g') : undefined;
  // Next `<` and `](` in the text, found once and reused line after line: most lines have neither,
  // and slicing every line to look would allocate a string per line of every file indexed.
  let nextAngle = -2;
  let nextLink = -2;
  const hasInline = (lineStart: number, lineEnd: number) => {
    if (nextAngle !== -1 && nextAngle < lineStart) nextAngle = text.indexOf('<', lineStart);
    if (nextLink !== -1 && nextLink < lineStart) nextLink = text.indexOf('](', lineStart);
    return (nextAngle !== -1 && nextAngle < lineEnd) || (nextLink !== -1 && nextLink < lineEnd);
  };
  const inline = (lineStart: number, lineEnd: number) => scanInline({ text, lineStart, lineEnd, paragraphStart, debrisPattern, debris, links });

  for (const line of linesFrom(text, bodyStart)) {
    if (skip && line.start >= skip.openSpan.start && line.start <= (skip.closeSpan?.start ?? -1)) {
      paragraphStart = line.next;
      continue;
    }
    const first = afterIndent(text, line.start, line.end);
    const firstCode = text.charCodeAt(first);
    if (open) {
      if ((firstCode === BACKTICK || firstCode === TILDE) && closesFence(text.slice(line.start, line.end), open)) {
        open.fence.contentSpan.end = line.start;
        open.fence.closeSpan = { start: line.start, end: line.end };
        open = undefined;
      }
      continue;
    }
    if (firstCode === BACKTICK || firstCode === TILDE) {
      const opened = fenceOpenedBy(text.slice(line.start, line.end));
      if (opened) {
        const language = opened.info.trim().split(/[\s{]/)[0].toLowerCase();
        const fence: Fence = {
          language,
          openSpan: { start: line.start, end: line.end },
          contentSpan: { start: line.next, end: text.length },
          closeSpan: undefined,
        };
        fences.push(fence);
        open = { fence, char: opened.char, length: opened.length };
        if (paragraph.length) paragraphDone = true;
        paragraphStart = line.next;
        continue;
      }
    }
    if (firstCode === HASH) {
      const heading = HEADING.exec(text.slice(line.start, line.end));
      if (heading) {
        headings.push({ level: heading[1].length, text: (heading[2] ?? '').trim(), span: { start: line.start, end: line.end } });
        if (hasInline(line.start, line.end)) inline(line.start, line.end);
        if (paragraph.length) paragraphDone = true;
        paragraphStart = line.next;
        continue;
      }
    }
    const blank = isBlank(text, line.start, line.end);
    if (blank) paragraphStart = line.next;
    else if (hasInline(line.start, line.end)) inline(line.start, line.end);
    if (!paragraphDone && line.start >= proseStart) {
      const trimmed = blank ? '' : text.slice(line.start, line.end).trim();
      const isProse = trimmed !== '' && !/^([-*+>|<]|\d+[.)]\s)/.test(trimmed);
      if (isProse) paragraph.push(trimmed);
      else if (paragraph.length) paragraphDone = true;
    }
  }
  return { headings, fences, debris, links, firstParagraph: truncate(paragraph.join(' ').replace(/\s+/g, ' '), 600) };
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1).trimEnd()}…`;
}
