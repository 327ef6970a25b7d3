import type { FrontmatterFormat, ParsedEntry, Span } from './parsing';
import { lineContentEnd, lineStartOf } from './positions';

/**
 * Where the cursor stands inside the frontmatter, read from the text itself rather than from the
 * parsed tree, because while the writer types it is often incomplete (`related: [a, b`,
 * `related = ["fine-tu`, `"related": ["fine-tu`).
 */
export type FrontmatterContext =
  | { kind: 'key'; partial: Span }
  | { kind: 'value'; key: string; partial: Span }
  | { kind: 'item'; key: string; flow: boolean; partial: Span };

/** A line that starts a field, its key in group 1 (or 2, for a quoted TOML key), per format. */
const KEY_LINES: Record<FrontmatterFormat, RegExp> = {
  yaml: /^([A-Za-z_][\w-]*)[ \t]*:/,
  toml: /^[ \t]*(?:([A-Za-z0-9_-]+)|"([^"]*)"|'([^']*)')[ \t]*=/,
  json: /^[ \t]*"((?:[^"\\]|\\.)*)"[ \t]*:/,
};
/** What a key being typed looks like: a YAML key at the line start; an indented TOML key; a JSON key, opening quote and all. */
const PARTIAL_KEYS: Record<FrontmatterFormat, RegExp> = {
  yaml: /^()[A-Za-z_][\w-]*$|^()$/,
  toml: /^([ \t]*)[A-Za-z0-9_-]*$/,
  json: /^([ \t]*)"?[A-Za-z0-9_-]*$/,
};

/**
 * The last `"key":` before the cursor on its line, outside strings: JSON may hold several fields
 * on one line (`{"title": "A", "related": ["tr`). Its `[0]` runs from the line start past the colon.
 */
function lastJsonKey(prefix: string): RegExpExecArray | null {
  const key = /"((?:[^"\\]|\\.)*)"[ \t]*:/y;
  let found: RegExpExecArray | null = null;
  for (let i = 0; i < prefix.length; i++) {
    if (prefix[i] !== '"') continue;
    key.lastIndex = i;
    const match = key.exec(prefix);
    if (match) {
      found = Object.assign([prefix.slice(0, key.lastIndex), match[1]], { index: 0, input: prefix }) as unknown as RegExpExecArray;
      i = key.lastIndex - 1;
    } else {
      // A string that is no key: skip to its end.
      for (i++; i < prefix.length && prefix[i] !== '"'; i++) if (prefix[i] === '\\') i++;
    }
  }
  return found;
}

function keyOf(match: RegExpExecArray): string {
  return match[1] ?? match[2] ?? match[3] ?? '';
}
const SLUG_CHAR = /[^\s'",[\]#{}]/;

function extendRight(text: string, offset: number, lineEnd: number): number {
  let end = offset;
  while (end < lineEnd && SLUG_CHAR.test(text[end])) end++;
  return end;
}

function lineBounds(text: string, offset: number): { start: number; end: number } {
  return { start: lineStartOf(text, offset), end: lineContentEnd(text, offset) };
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
  let start = Math.max(itemStart, lineStartOf(text, offset));
  while (start < offset && /[\s'"]/.test(text[start])) start++;
  return start;
}

export function frontmatterContextAt(text: string, entry: ParsedEntry, offset: number): FrontmatterContext | undefined {
  const frontmatter = entry.frontmatter;
  if (!frontmatter || offset < frontmatter.contentSpan.start || offset > frontmatter.contentSpan.end) return undefined;
  if (frontmatter.closeSpan && offset >= frontmatter.closeSpan.start) return undefined;
  const { format } = frontmatter;
  const bounds = lineBounds(text, offset);
  // JSON's first field may share its line with the `{`.
  const line = { start: Math.max(bounds.start, frontmatter.contentSpan.start), end: bounds.end };
  const prefix = text.slice(line.start, offset);

  const keyLine = format === 'json' ? lastJsonKey(prefix) : KEY_LINES[format].exec(prefix);
  if (keyLine) {
    const key = keyOf(keyLine);
    const valueStart = line.start + keyLine[0].length;
    const flowStart = flowItemStart(text, valueStart, offset);
    if (flowStart !== undefined) return { kind: 'item', key, flow: true, partial: { start: flowStart, end: extendRight(text, offset, line.end) } };
    let start = valueStart;
    while (start < offset && /[ \t'"]/.test(text[start])) start++;
    let end = line.end;
    // A JSON value ends before the comma that separates it from the next field.
    while (end > offset && (format === 'json' ? /[ \t'",]/ : /[ \t'"]/).test(text[end - 1])) end--;
    return { kind: 'value', key, partial: { start, end: Math.max(end, offset) } };
  }
  const owner = ownerKeyAbove(text, line.start, frontmatter.contentSpan.start, format);
  // A TOML or JSON list may run over lines; a bare word on its own line there is an item, not a key.
  const ownerFlowStart = owner && format !== 'yaml' ? flowItemStart(text, owner.valueStart, offset) : undefined;
  const partialKey = ownerFlowStart === undefined ? PARTIAL_KEYS[format].exec(prefix) : null;
  if (partialKey) {
    const indent = (partialKey[1] ?? partialKey[2] ?? '').length;
    return { kind: 'key', partial: { start: line.start + indent, end: extendRight(text, offset, line.end) } };
  }
  if (!owner) return undefined;
  const blockItem = format === 'yaml' ? /^[ \t]*-[ \t]*(['"]?)([^\s'",[\]#]*)$/.exec(prefix) : null;
  if (blockItem) {
    return { kind: 'item', key: owner.key, flow: false, partial: { start: offset - blockItem[2].length, end: extendRight(text, offset, line.end) } };
  }
  const flowStart = flowItemStart(text, owner.valueStart, offset);
  if (flowStart !== undefined) return { kind: 'item', key: owner.key, flow: true, partial: { start: flowStart, end: extendRight(text, offset, line.end) } };
  return undefined;
}

function ownerKeyAbove(text: string, lineStart: number, limit: number, format: FrontmatterFormat): { key: string; valueStart: number } | undefined {
  for (let below = lineStart; below - 1 >= limit; ) {
    const start = lineStartOf(text, below - 1);
    const match = KEY_LINES[format].exec(text.slice(Math.max(start, limit), lineContentEnd(text, start)));
    if (match) return { key: keyOf(match), valueStart: Math.max(start, limit) + match[0].length };
    if (start <= limit) return undefined;
    below = start;
  }
  return undefined;
}
