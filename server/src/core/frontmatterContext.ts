import type { ParsedEntry, Span } from './parsing';

/**
 * Where the cursor stands inside the frontmatter, read from the text itself rather than from the
 * YAML tree, because while the writer types the YAML is often incomplete (`related: [a, b`).
 */
export type FrontmatterContext =
  | { kind: 'key'; partial: Span }
  | { kind: 'value'; key: string; partial: Span }
  | { kind: 'item'; key: string; flow: boolean; partial: Span };

const KEY_LINE = /^([A-Za-z_][\w-]*)[ \t]*:/;
const SLUG_CHAR = /[^\s'",[\]#{}]/;

function extendRight(text: string, offset: number, lineEnd: number): number {
  let end = offset;
  while (end < lineEnd && SLUG_CHAR.test(text[end])) end++;
  return end;
}

function lineBounds(text: string, offset: number): { start: number; end: number } {
  // A line ends at \n, \r\n or a lone \r, as LSP positions count them.
  const start = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  let end = offset;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return { start, end };
}

/** The partial item after the last `[` or `,` of an unclosed flow list, or undefined when not in one. */
function flowItemStart(text: string, from: number, offset: number): number | undefined {
  let depth = 0;
  let itemStart = -1;
  let quote = '';
  for (let i = from; i < offset; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = '';
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '[') {
      depth++;
      itemStart = i + 1;
    } else if (ch === ']') depth--;
    else if (ch === ',' && depth > 0) itemStart = i + 1;
  }
  if (depth <= 0 || itemStart < 0) return undefined;
  // The partial item never reaches back over a line break: an edit range stays on the cursor's line.
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  let start = Math.max(itemStart, lineStart);
  while (start < offset && /[\s'"]/.test(text[start])) start++;
  return start;
}

export function frontmatterContextAt(text: string, entry: ParsedEntry, offset: number): FrontmatterContext | undefined {
  const frontmatter = entry.frontmatter;
  if (!frontmatter || offset < frontmatter.contentSpan.start || offset > frontmatter.contentSpan.end) return undefined;
  if (frontmatter.closeSpan && offset >= frontmatter.closeSpan.start) return undefined;
  const line = lineBounds(text, offset);
  const prefix = text.slice(line.start, offset);

  const keyLine = KEY_LINE.exec(prefix);
  if (keyLine) {
    const key = keyLine[1];
    const valueStart = line.start + keyLine[0].length;
    const flowStart = flowItemStart(text, valueStart, offset);
    if (flowStart !== undefined) return { kind: 'item', key, flow: true, partial: { start: flowStart, end: extendRight(text, offset, line.end) } };
    let start = valueStart;
    while (start < offset && /[ \t'"]/.test(text[start])) start++;
    let end = line.end;
    while (end > offset && /[ \t'"]/.test(text[end - 1])) end--;
    return { kind: 'value', key, partial: { start, end: Math.max(end, offset) } };
  }
  if (/^[A-Za-z_][\w-]*$|^$/.test(prefix)) {
    return { kind: 'key', partial: { start: line.start, end: extendRight(text, offset, line.end) } };
  }

  const owner = ownerKeyAbove(text, line.start, frontmatter.contentSpan.start);
  if (!owner) return undefined;
  const blockItem = /^[ \t]*-[ \t]*(['"]?)([^\s'",[\]#]*)$/.exec(prefix);
  if (blockItem) {
    return { kind: 'item', key: owner.key, flow: false, partial: { start: offset - blockItem[2].length, end: extendRight(text, offset, line.end) } };
  }
  const flowStart = flowItemStart(text, owner.valueStart, offset);
  if (flowStart !== undefined) return { kind: 'item', key: owner.key, flow: true, partial: { start: flowStart, end: extendRight(text, offset, line.end) } };
  return undefined;
}

function ownerKeyAbove(text: string, lineStart: number, limit: number): { key: string; valueStart: number } | undefined {
  let end = lineStart - 1;
  while (end >= limit) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const match = KEY_LINE.exec(text.slice(Math.max(start, limit), end));
    if (match) return { key: match[1], valueStart: Math.max(start, limit) + match[0].length };
    if (start <= limit) return undefined;
    end = start - 1;
  }
  return undefined;
}
