/**
 * Link reference definitions (`[label]: destination "title"`) at the start of a paragraph, as
 * CommonMark reads them and markdown-it's details decide: the label has no unescaped `[` and at
 * most 999 characters, the destination may sit on the next line, the title may run over lines,
 * and nothing but spaces may follow on the last line (a title followed by more text is dropped,
 * leaving the definition without it when its destination ends its own line).
 */
import { lineBreakEnd } from '../positions';
import type { InlineSource } from './inlineLinks';
import { isLineEnd, isSafeDestinationAt, isSpaceOrTab, normalizeLabel, scanDestination, scanTitle } from './linkSyntax';

export interface Definition {
  /** The label, normalized as references match it. */
  label: string;
  /** From the `[` to the end of the destination or title. */
  start: number;
  end: number;
  destStart: number;
  destEnd: number;
}

const MAX_LABEL = 999;

function skipSpaces(src: string, pos: number, end: number): number {
  while (pos < end && isSpaceOrTab(src.charCodeAt(pos))) pos++;
  return pos;
}

/** Past spaces and tabs and at most one line end (with the spaces after it). */
function skipToNextToken(src: string, pos: number, end: number): number {
  pos = skipSpaces(src, pos, end);
  if (pos < end && isLineEnd(src.charCodeAt(pos))) {
    pos = skipSpaces(src, lineBreakEnd(src, pos), end);
  }
  return pos;
}

/** Past the line end at `pos` (or `end`), and the next line's leading spaces. */
function nextLine(src: string, pos: number, end: number): number {
  return skipSpaces(src, pos < end ? lineBreakEnd(src, pos) : pos, end);
}

/** The definition starting at `pos`, and where the text after it starts; undefined when there is none. */
function definitionAt(src: string, pos: number, end: number): { definition: Definition; next: number } | undefined {
  if (src.charCodeAt(pos) !== 91) return undefined;
  let labelEnd = -1;
  let characters = 0;
  for (let i = pos + 1; i < end; i++) {
    const code = src.charCodeAt(i);
    if (code === 91) return undefined;
    if (code === 93) {
      labelEnd = i;
      break;
    }
    if (code === 92 && i + 1 < end) {
      i++;
      characters++;
    }
    // A surrogate pair is one character of the 999.
    if (code < 0xdc00 || code > 0xdfff) characters++;
    if (characters > MAX_LABEL) return undefined;
  }
  if (labelEnd === -1 || src.charCodeAt(labelEnd + 1) !== 58) return undefined;
  const label = normalizeLabel(src.slice(pos + 1, labelEnd));
  if (!label) return undefined;
  const destination = scanDestination(src, skipToNextToken(src, labelEnd + 2, end), end);
  if (!destination || !isSafeDestinationAt(src, destination.start, destination.end)) return undefined;
  const titleStart = skipToNextToken(src, destination.next, end);
  const titleEnd = titleStart === destination.next ? -1 : scanTitle(src, titleStart, end);
  if (titleEnd !== -1) {
    const after = skipSpaces(src, titleEnd, end);
    if (after >= end || isLineEnd(src.charCodeAt(after))) {
      return { definition: { label, start: pos, end: titleEnd, destStart: destination.start, destEnd: destination.end }, next: nextLine(src, after, end) };
    }
  }
  const after = skipSpaces(src, destination.next, end);
  if (after < end && !isLineEnd(src.charCodeAt(after))) return undefined;
  return { definition: { label, start: pos, end: destination.next, destStart: destination.start, destEnd: destination.end }, next: nextLine(src, after, end) };
}

/**
 * Reads the definitions at the start of a paragraph, in `src` positions, and returns where its
 * remaining text starts (`source.end` when the paragraph was nothing but definitions).
 */
export function readDefinitions(source: InlineSource, onDefinition: (definition: Definition) => void): number {
  const { src, end } = source;
  let pos = source.start;
  for (let found = definitionAt(src, pos, end); found; found = definitionAt(src, pos, end)) {
    onDefinition(found.definition);
    pos = found.next;
    if (pos >= end) return end;
  }
  return pos;
}
