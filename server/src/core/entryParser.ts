import { isAlias, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type Pair, type Scalar } from 'yaml';
import { escapeRegExp } from './text';

/** Half-open character offsets `[start, end)` into the entry's text. */
export interface Span {
  start: number;
  end: number;
}

export type FieldValue =
  | { kind: 'string'; text: string; span: Span }
  | { kind: 'list'; items: ListItem[]; flow: boolean; span: Span }
  | { kind: 'empty' }
  | { kind: 'other'; type: 'number' | 'boolean' | 'map' | 'alias' | 'scalar'; span: Span };

export interface ListItem {
  /** The item's text when it is a plain or quoted string; undefined for any other YAML value. */
  text: string | undefined;
  /** The item's value without its quotes: what a rename or a quick fix replaces. */
  span: Span;
}

export interface FrontmatterField {
  key: string;
  keySpan: Span;
  value: FieldValue;
  /** From the key to the end of its value. */
  span: Span;
}

export type FrontmatterProblemKind = 'yaml-syntax' | 'duplicate-key' | 'not-mapping';

export interface FrontmatterProblem {
  kind: FrontmatterProblemKind;
  message: string;
  span: Span;
}

export interface Frontmatter {
  /** The opening `---` line. */
  openSpan: Span;
  /** The closing `---` line; absent when the block is never closed. */
  closeSpan: Span | undefined;
  /** The YAML between the two fences. */
  contentSpan: Span;
  /** True when the block was found below the first line, where site generators do not look for it. */
  misplaced: boolean;
  fields: FrontmatterField[];
  problems: FrontmatterProblem[];
}

export interface Heading {
  level: number;
  text: string;
  span: Span;
}

export interface Fence {
  /** The info string's first word, lower-cased (`mermaid`, `ts`, …); empty when there is none. */
  language: string;
  openSpan: Span;
  /** The lines between the fences (to the end of the file when the fence is not closed). */
  contentSpan: Span;
  closeSpan: Span | undefined;
}

export interface DebrisTag {
  tag: string;
  span: Span;
}

export interface InlineLink {
  target: string;
  targetSpan: Span;
  span: Span;
}

export interface ParsedEntry {
  /** Offset after a byte-order mark, if there is one. */
  textStart: number;
  frontmatter: Frontmatter | undefined;
  /** Where the Markdown body starts (after the frontmatter, when it is at the top). */
  bodyStart: number;
  headings: Heading[];
  fences: Fence[];
  debris: DebrisTag[];
  links: InlineLink[];
  /** The first paragraph of prose in the body, whitespace collapsed, at most 600 characters. */
  firstParagraph: string;
}

export interface ParseOptions {
  debrisTags: readonly string[];
}

interface Line {
  start: number;
  /** End of the line's content, before `\r\n` or `\n`. */
  end: number;
  /** Start of the next line. */
  next: number;
}

function* linesFrom(text: string, offset: number): Generator<Line> {
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

function isFenceDelimiter(text: string, line: Line): boolean {
  return /^---[ \t]*$/.test(text.slice(line.start, line.end));
}

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;

/**
 * Parses a glossary entry. Never throws: every problem becomes part of the result, so that a
 * half-typed or hostile file still yields its headings, fences and whatever frontmatter parsed.
 */
export function parseEntry(text: string, options: ParseOptions): ParsedEntry {
  const textStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let frontmatter = findTopFrontmatter(text, textStart);
  let bodyStart = textStart;
  if (frontmatter) {
    bodyStart = frontmatter.closeSpan ? lineAfter(text, frontmatter.closeSpan.end) : text.length;
  } else {
    frontmatter = findMisplacedFrontmatter(text, textStart);
  }
  if (frontmatter?.closeSpan) parseFields(text, frontmatter);

  const skip = frontmatter?.misplaced ? frontmatter : undefined;
  const body = scanBody(text, bodyStart, skip, options);
  return { textStart, frontmatter, bodyStart, ...body };
}

function lineAfter(text: string, offset: number): number {
  for (const line of linesFrom(text, offset)) return line.next;
  return text.length;
}

function findTopFrontmatter(text: string, textStart: number): Frontmatter | undefined {
  const lines = linesFrom(text, textStart);
  const first = lines.next();
  if (first.done || !isFenceDelimiter(text, first.value)) return undefined;
  return closeFrontmatter(text, first.value, lines, false);
}

function closeFrontmatter(text: string, open: Line, rest: Iterator<Line>, misplaced: boolean): Frontmatter {
  const openSpan = { start: open.start, end: open.end };
  for (let step = rest.next(); !step.done; step = rest.next()) {
    if (isFenceDelimiter(text, step.value)) {
      return {
        openSpan,
        closeSpan: { start: step.value.start, end: step.value.end },
        contentSpan: { start: open.next, end: step.value.start },
        misplaced,
        fields: [],
        problems: [],
      };
    }
  }
  return { openSpan, closeSpan: undefined, contentSpan: { start: open.next, end: text.length }, misplaced, fields: [], problems: [] };
}

/**
 * Generated entries often carry their frontmatter below some debris (the seed does). A `---` line
 * outside code, directly followed by a known-looking `key:` line, is taken as that block.
 */
function findMisplacedFrontmatter(text: string, textStart: number): Frontmatter | undefined {
  const lines = linesFrom(text, textStart);
  let fence: { char: string; length: number } | undefined;
  let previous: Line | undefined;
  for (let step = lines.next(); !step.done; step = lines.next()) {
    const line = step.value;
    const content = text.slice(line.start, line.end);
    if (fence) {
      if (closesFence(content, fence)) fence = undefined;
    } else {
      const open = FENCE_OPEN.exec(content);
      if (open && !(open[2][0] === '`' && open[3].includes('`'))) {
        fence = { char: open[2][0], length: open[2].length };
      } else if (previous && isFenceDelimiter(text, previous) && /^(title|description|related|category|logoIcon|slug)[ \t]*:/.test(content)) {
        const candidate = closeFrontmatter(text, previous, linesFrom(text, line.start), true);
        if (candidate.closeSpan) return candidate;
      }
    }
    previous = line;
  }
  return undefined;
}

function closesFence(content: string, fence: { char: string; length: number }): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(content);
  return !!match && match[1][0] === fence.char && match[1].length >= fence.length;
}

/** A plain scalar the YAML core schema reads as a string and nothing else: no number, boolean, null, comment or indicator. */
const PLAIN_STRING = /^[A-Za-z][A-Za-z0-9 _.,()/+-]*$/;
const NOT_A_STRING = /^(?:true|false|null|True|False|Null|TRUE|FALSE|NULL|y|Y|n|N|yes|no|Yes|No|YES|NO|on|off|On|Off|ON|OFF)$/;
const SINGLE_QUOTED = /^'(?:[^'\n]|'')*'$/;
const DOUBLE_QUOTED = /^"[^"\\\n]*"$/;
const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?: (.*))?$/;
const ITEM_LINE = /^( *)- (.*)$/;

/** A scalar of the subset below: its string and the span of its text within `line` (without quotes). */
function simpleScalar(value: string): { text: string; start: number; end: number } | undefined {
  if (PLAIN_STRING.test(value)) return value.endsWith(' ') || NOT_A_STRING.test(value) ? undefined : { text: value, start: 0, end: value.length };
  if (SINGLE_QUOTED.test(value)) return { text: value.slice(1, -1).replace(/''/g, "'"), start: 1, end: value.length - 1 };
  if (DOUBLE_QUOTED.test(value)) return { text: value.slice(1, -1), start: 1, end: value.length - 1 };
  return undefined;
}

/**
 * The fields of the frontmatter shape nearly every entry has — `key: scalar` lines and block lists
 * of scalars, nothing else — read without the YAML parser, with the same fields and spans it gives
 * (test/unit/simpleFrontmatter.test.ts compares the two). Undefined for anything outside that shape, which
 * then goes to the YAML parser: quoting rules, comments, flow lists, nesting, blank lines, tabs, \r.
 */
export function simpleFields(source: string, at: (start: number, end: number) => Span): FrontmatterField[] | undefined {
  // The content ends with the line break before the closing `---`; a blank line anywhere goes to the parser.
  const end = source.endsWith('\n') ? source.length - 1 : source.length;
  if (end === 0 || source.includes('\n\n') || source.includes('\r') || source.includes('\t')) return undefined;
  const fields: FrontmatterField[] = [];
  /** The last `key:` with nothing after it, and the block list items that follow it. */
  let open: { field: FrontmatterField; items: ListItem[]; indent: number; start: number; end: number } | undefined;
  const close = () => {
    if (open?.items.length) {
      open.field.value = { kind: 'list', items: open.items, flow: false, span: at(open.start, open.end) };
      open.field.span = { start: open.field.keySpan.start, end: open.field.value.span.end };
    }
    open = undefined;
  };
  let lineStart = 0;
  while (lineStart <= end) {
    let lineEnd = source.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = source.length;
    const line = source.slice(lineStart, lineEnd);
    // Where the next line starts; YAML counts a node's trailing line break as part of it.
    const next = lineEnd + 1;
    const item = ITEM_LINE.exec(line);
    if (item) {
      const indent = item[1].length;
      if (!open || (open.items.length && indent !== open.indent)) return undefined;
      const scalar = simpleScalar(item[2]);
      if (!scalar) return undefined;
      const valueStart = lineStart + indent + 2;
      if (!open.items.length) {
        open.indent = indent;
        open.start = lineStart + indent;
      }
      open.items.push({ text: scalar.text, span: at(valueStart + scalar.start, valueStart + scalar.end) });
      open.end = Math.min(next, source.length);
    } else {
      const key = KEY_LINE.exec(line);
      if (!key) return undefined;
      close();
      const keySpan = at(lineStart, lineStart + key[1].length);
      if (key[2] === undefined) {
        const field: FrontmatterField = { key: key[1], keySpan, value: { kind: 'empty' }, span: { start: keySpan.start, end: keySpan.end } };
        fields.push(field);
        open = { field, items: [], indent: 0, start: 0, end: 0 };
      } else {
        const scalar = simpleScalar(key[2]);
        if (!scalar) return undefined;
        const valueStart = lineStart + key[1].length + 2;
        const span = at(valueStart + scalar.start, valueStart + scalar.end);
        fields.push({ key: key[1], keySpan, value: { kind: 'string', text: scalar.text, span }, span: { start: keySpan.start, end: span.end } });
      }
    }
    lineStart = next;
  }
  close();
  return fields;
}

function parseFields(text: string, frontmatter: Frontmatter): void {
  const base = frontmatter.contentSpan.start;
  // yaml ends lines only at \n; a lone \r (an old Mac line end) becomes \n, which keeps every offset.
  const source = text.slice(base, frontmatter.contentSpan.end).replace(/\r(?!\n)/g, '\n');
  const at = (start: number, end: number): Span => ({ start: base + start, end: base + Math.max(start, end) });
  const simple = useSimpleFields ? simpleFields(source, at) : undefined;
  if (simple) {
    frontmatter.fields.push(...simple);
    reportDuplicateKeys(frontmatter);
    return;
  }
  let doc;
  try {
    // Aliases are never expanded (no toJS), so alias bombs cost nothing here.
    // Duplicate keys are found below with a Set: yaml's own check compares every pair, which a
    // frontmatter of 100,000 keys turns into minutes.
    doc = parseDocument(source, { uniqueKeys: false, prettyErrors: false, keepSourceTokens: false });
  } catch (error) {
    frontmatter.problems.push({
      kind: 'yaml-syntax',
      message: `The frontmatter could not be parsed: ${error instanceof Error ? error.message : String(error)}`,
      span: { start: frontmatter.openSpan.start, end: frontmatter.openSpan.end },
    });
    return;
  }
  for (const error of doc.errors) {
    const kind: FrontmatterProblemKind = error.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml-syntax';
    const [start, end] = error.pos;
    const firstLine = error.message.split('\n')[0];
    frontmatter.problems.push({ kind, message: firstLine, span: at(Math.min(start, source.length), Math.min(end, source.length)) });
  }
  const contents = doc.contents as YamlNode | null;
  if (contents === null || (isScalar(contents) && contents.value === null)) return;
  if (!isMap(contents)) {
    const range = contents.range ?? [0, source.length, source.length];
    frontmatter.problems.push({ kind: 'not-mapping', message: 'Frontmatter must be a list of `key: value` fields.', span: at(range[0], range[1]) });
    return;
  }
  for (const pair of contents.items as Pair<YamlNode | null, YamlNode | null>[]) {
    const keyNode = pair.key;
    if (!isScalar(keyNode) || !keyNode.range) continue;
    const key = String(keyNode.value);
    const keySpan = at(keyNode.range[0], keyNode.range[1]);
    const value = fieldValue(pair.value, at, source);
    const end = value.kind === 'empty' ? keySpan.end : value.span.end;
    frontmatter.fields.push({ key, keySpan, value, span: { start: keySpan.start, end } });
  }
  reportDuplicateKeys(frontmatter);
}

function reportDuplicateKeys(frontmatter: Frontmatter): void {
  const seen = new Set<string>();
  for (const field of frontmatter.fields) {
    if (seen.has(field.key)) frontmatter.problems.push({ kind: 'duplicate-key', message: 'Map keys must be unique', span: { ...field.keySpan } });
    seen.add(field.key);
  }
}

let useSimpleFields = true;

/** For the tests that compare the two readings: false sends every frontmatter to the YAML parser. */
export function readSimpleFrontmatterDirectly(enabled: boolean): void {
  useSimpleFields = enabled;
}

function unquotedSpan(node: Scalar, at: (start: number, end: number) => Span, source: string): Span {
  const [start, end] = node.range!;
  const quoted = node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE';
  if (quoted && end - start >= 2) return at(start + 1, end - 1);
  if ((node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL') && typeof node.value === 'string') {
    // `- >-\n  rlhf`: the value is the text after the block header, not the header itself.
    const text = node.value.trim();
    const at_ = text ? source.lastIndexOf(text, end) : -1;
    if (at_ >= start && at_ + text.length <= end) return at(at_, at_ + text.length);
  }
  return at(start, end);
}

function fieldValue(node: YamlNode | null, at: (start: number, end: number) => Span, source: string): FieldValue {
  if (node === null || !node.range) return { kind: 'empty' };
  const span = at(node.range[0], node.range[1]);
  if (isAlias(node)) return { kind: 'other', type: 'alias', span };
  if (isScalar(node)) {
    if (node.value === null) return { kind: 'empty' };
    if (typeof node.value === 'string') return { kind: 'string', text: node.value, span: unquotedSpan(node, at, source) };
    if (typeof node.value === 'number') return { kind: 'other', type: 'number', span };
    if (typeof node.value === 'boolean') return { kind: 'other', type: 'boolean', span };
    return { kind: 'other', type: 'scalar', span };
  }
  if (isSeq(node)) {
    const items: ListItem[] = [];
    for (const item of node.items as (YamlNode | null)[]) {
      if (item === null || !item.range) continue;
      if (isScalar(item) && typeof item.value === 'string') items.push({ text: item.value, span: unquotedSpan(item, at, source) });
      else if (isScalar(item) && item.value === null) items.push({ text: '', span: at(item.range[0], item.range[0]) });
      else items.push({ text: undefined, span: at(item.range[0], item.range[1]) });
    }
    return { kind: 'list', items, flow: !!node.flow, span };
  }
  return { kind: 'other', type: 'map', span };
}

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

const BACKTICK = 96;
const TILDE = 126;
const HASH = 35;

function scanBody(
  text: string,
  bodyStart: number,
  skip: Frontmatter | undefined,
  options: ParseOptions,
): Pick<ParsedEntry, 'headings' | 'fences' | 'debris' | 'links' | 'firstParagraph'> {
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
  const debrisPattern = options.debrisTags.length
    ? new RegExp(`</?(?:${options.debrisTags.map(escapeRegExp).join('|')})>`, 'g')
    : undefined;
  // Next `<` and `](` in the text, found once and reused line after line: most lines have neither,
  // and slicing every line to look would allocate a string per line of every file indexed.
  let nextAngle = -2;
  let nextLink = -2;
  const hasInline = (lineStart: number, lineEnd: number) => {
    if (nextAngle !== -1 && nextAngle < lineStart) nextAngle = text.indexOf('<', lineStart);
    if (nextLink !== -1 && nextLink < lineStart) nextLink = text.indexOf('](', lineStart);
    return (nextAngle !== -1 && nextAngle < lineEnd) || (nextLink !== -1 && nextLink < lineEnd);
  };

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
      const content = text.slice(line.start, line.end);
      const fenceMatch = FENCE_OPEN.exec(content);
      if (fenceMatch && !(fenceMatch[2][0] === '`' && fenceMatch[3].includes('`'))) {
        const language = fenceMatch[3].trim().split(/[\s{]/)[0].toLowerCase();
        const fence: Fence = {
          language,
          openSpan: { start: line.start, end: line.end },
          contentSpan: { start: line.next, end: text.length },
          closeSpan: undefined,
        };
        fences.push(fence);
        open = { fence, char: fenceMatch[2][0], length: fenceMatch[2].length };
        if (paragraph.length) paragraphDone = true;
        paragraphStart = line.next;
        continue;
      }
    }
    if (firstCode === HASH) {
      const content = text.slice(line.start, line.end);
      const heading = HEADING.exec(content);
      if (heading) {
        headings.push({ level: heading[1].length, text: (heading[2] ?? '').trim(), span: { start: line.start, end: line.end } });
        if (hasInline(line.start, line.end)) scanInline(content, line.start, debrisPattern, debris, links, text, line.start);
        if (paragraph.length) paragraphDone = true;
        paragraphStart = line.next;
        continue;
      }
    }
    const blank = isBlank(text, line.start, line.end);
    if (blank) paragraphStart = line.next;
    else if (hasInline(line.start, line.end)) scanInline(text.slice(line.start, line.end), line.start, debrisPattern, debris, links, text, paragraphStart);
    if (!paragraphDone && line.start >= proseStart) {
      const trimmed = blank ? '' : text.slice(line.start, line.end).trim();
      const isProse = trimmed !== '' && !/^([-*+>|<]|\d+[.)]\s)/.test(trimmed);
      if (isProse) paragraph.push(trimmed);
      else if (paragraph.length) paragraphDone = true;
    }
  }
  return { headings, fences, debris, links, firstParagraph: truncate(paragraph.join(' ').replace(/\s+/g, ' '), 600) };
}

const INLINE_CODE = /(`+)[^`]*?\1/g;
/** Inline code is blanked only on lines up to this length: enough for prose, bounded for hostile input. */
const MAX_CODE_SPAN_LINE = 10_000;
const MAX_LINK_TEXT = 1_000;
const MAX_LINK_TARGET = 2_000;

function scanInline(
  content: string,
  lineStart: number,
  debrisPattern: RegExp | undefined,
  debris: DebrisTag[],
  links: InlineLink[],
  text: string,
  paragraphStart: number,
): void {
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

function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1).trimEnd()}…`;
}

export function fieldNamed(entry: ParsedEntry, key: string): FrontmatterField | undefined {
  return entry.frontmatter?.fields.find((field) => field.key === key);
}

export function stringField(entry: ParsedEntry, key: string): string | undefined {
  const value = fieldNamed(entry, key)?.value;
  return value?.kind === 'string' ? value.text : undefined;
}

export function relatedItems(entry: ParsedEntry): ListItem[] {
  const value = fieldNamed(entry, 'related')?.value;
  if (value?.kind === 'list') return value.items;
  // A single slug written as a scalar is still a reference (and a type error reported elsewhere).
  if (value?.kind === 'string') return [{ text: value.text, span: value.span }];
  return [];
}
