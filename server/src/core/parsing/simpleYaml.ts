import type { FieldValue, FrontmatterField, ListItem, Span } from './types';

/** A value that spans lines: where it ends, and the index of its last line. */
interface MultiLineValue {
  value: Exclude<FieldValue, { kind: 'empty' }>;
  lastLine: number;
}

/** A plain scalar the YAML core schema reads as a string and nothing else: no number, boolean, null, comment or indicator. */
const PLAIN_STRING = /^[A-Za-z][A-Za-z0-9 _.,()/+-]*$/;
/** The same inside `[…]`, where a comma ends the item. */
const PLAIN_FLOW_STRING = /^[A-Za-z][A-Za-z0-9 _.()/+-]*$/;
const NOT_A_STRING = /^(?:true|false|null|True|False|Null|TRUE|FALSE|NULL|y|Y|n|N|yes|no|Yes|No|YES|NO|on|off|On|Off|ON|OFF)$/;
const SINGLE_QUOTED = /^'(?:[^'\n]|'')*'/;
/** Double quotes with the two escapes people type, `\"` and `\\`; any other escape goes to the parser. */
const DOUBLE_QUOTED = /^"(?:[^"\\\n]|\\["\\])*"/;
const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?: (.*))?$/;
/** `- value`, or `-` with nothing after it (an item being typed). */
const ITEM_LINE = /^( *)-(?: (.*))?$/;
/** What may follow a value on its line: nothing, or a comment after at least one space. */
const LINE_REST = /^(?: +#.*)?$/;
/** `>`, `>-`, `|` or `|-` alone: a block scalar without an indentation indicator, keep chomping or comment. */
const BLOCK_SCALAR_HEADER = /^([>|])(-?)$/;

type At = (start: number, end: number) => Span;

interface Line {
  start: number;
  text: string;
  /** Whether a line break ends it (the last line of a source without one has none). */
  broken: boolean;
}

/** A scalar found at the start of `value`: its string, the span of its text (without quotes) and where it ends. */
interface Scalar {
  text: string;
  start: number;
  end: number;
  next: number;
}

function quotedScalar(value: string): Scalar | undefined {
  const single = SINGLE_QUOTED.exec(value);
  if (single) return { text: single[0].slice(1, -1).replace(/''/g, "'"), start: 1, end: single[0].length - 1, next: single[0].length };
  const double = DOUBLE_QUOTED.exec(value);
  if (double) return { text: double[0].slice(1, -1).replace(/\\(["\\])/g, '$1'), start: 1, end: double[0].length - 1, next: double[0].length };
  return undefined;
}

/** A whole-line scalar of the subset, with an optional trailing comment. */
function lineScalar(value: string): Scalar | undefined {
  const quoted = quotedScalar(value);
  if (quoted) return LINE_REST.test(value.slice(quoted.next)) ? quoted : undefined;
  const comment = value.indexOf(' #');
  const plain = comment === -1 ? value : value.slice(0, comment).trimEnd();
  if (!PLAIN_STRING.test(plain) || plain.endsWith(' ') || NOT_A_STRING.test(plain)) return undefined;
  return { text: plain, start: 0, end: plain.length, next: plain.length };
}

function linesOf(source: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= source.length) {
    const lineEnd = source.indexOf('\n', start);
    if (lineEnd === -1) {
      if (start < source.length) lines.push({ start, text: source.slice(start), broken: false });
      break;
    }
    lines.push({ start, text: source.slice(start, lineEnd), broken: true });
    start = lineEnd + 1;
  }
  return lines;
}

/**
 * `[a, 'b', "c"]` from `open` (the bracket), on one line or continued on indented lines: the items,
 * the list's span and the index of the line it ends on. Undefined for comments or blank lines
 * inside, a trailing comma, nested collections, or anything but a comment after the bracket.
 */
function flowList(source: string, open: number, lines: Line[], lineIndex: number, at: At): MultiLineValue | undefined {
  const items: ListItem[] = [];
  let line = lineIndex;
  let p = open + 1;
  const skipSpace = (): boolean => {
    for (;;) {
      while (source.charCodeAt(p) === 32) p++;
      if (source[p] !== '\n') return true;
      line++;
      p++;
      // A continuation line is indented; a blank line inside the brackets goes to the parser.
      if (source.charCodeAt(p) !== 32) return false;
    }
  };
  if (!skipSpace()) return undefined;
  if (source[p] === ']') p++;
  else {
    for (;;) {
      const lineEnd = source.indexOf('\n', p);
      const rest = source.slice(p, lineEnd === -1 ? source.length : lineEnd);
      const quoted = quotedScalar(rest);
      if (quoted) {
        items.push({ text: quoted.text, span: at(p + quoted.start, p + quoted.end) });
        p += quoted.next;
      } else {
        const stop = rest.search(/[,\]]/);
        if (stop === -1) return undefined;
        const plain = rest.slice(0, stop).trimEnd();
        if (!PLAIN_FLOW_STRING.test(plain) || NOT_A_STRING.test(plain)) return undefined;
        items.push({ text: plain, span: at(p, p + plain.length) });
        p += plain.length;
      }
      if (!skipSpace()) return undefined;
      if (source[p] === ']') {
        p++;
        break;
      }
      if (source[p] !== ',') return undefined;
      p++;
      if (!skipSpace() || source[p] === ']') return undefined;
    }
  }
  const lineEnd = lines[line].start + lines[line].text.length;
  if (!LINE_REST.test(source.slice(p, lineEnd))) return undefined;
  return { value: { kind: 'list', items, flow: true, span: at(open, p) }, lastLine: line };
}

/**
 * A folded (`>`, `>-`) or literal (`|`, `|-`) block scalar whose header is at `header`: its text,
 * its span as the YAML reader gives it, and the index of its last line. Undefined unless every
 * line has the first line's indentation, no blank line is inside and no line ends in a space.
 */
function blockScalar(kind: string, strip: boolean, header: number, lines: Line[], lineIndex: number, at: At): MultiLineValue | undefined {
  const first = lines[lineIndex + 1];
  const indent = first ? first.text.length - first.text.trimStart().length : 0;
  if (indent === 0) return undefined;
  const margin = ' '.repeat(indent);
  const contents: string[] = [];
  let last = lineIndex;
  while (last + 1 < lines.length && lines[last + 1].text.startsWith(margin)) {
    const content = lines[last + 1].text.slice(indent);
    if (content === '' || content.startsWith(' ') || content.endsWith(' ') || content.startsWith('#')) return undefined;
    contents.push(content);
    last++;
  }
  if (!lines[last].broken) return undefined;
  // What follows is blank lines, then a line at the margin (or the end): else the scalar goes on.
  for (let next = last + 1; next < lines.length; next++) {
    if (lines[next].text === '') continue;
    if (lines[next].text.startsWith(' ')) return undefined;
    break;
  }
  const text = contents.join(kind === '>' ? ' ' : '\n') + (strip ? '' : '\n');
  const end = lines[last].start + lines[last].text.length + 1;
  // The reader's span is the text itself when it stands on one line, else the whole scalar.
  const span = contents.length === 1 ? at(first.start + indent, first.start + first.text.length) : at(header, end);
  return { value: { kind: 'string', text, span }, lastLine: last };
}

/**
 * The fields of the frontmatter shapes people write — `key: scalar` lines (plain, quoted, folded
 * or literal), block and flow lists of scalars, comments and blank lines — read without the YAML
 * parser, with the same fields and spans it gives (test/unit/simpleFrontmatter.test.ts compares
 * the two). Undefined for anything outside those shapes, which then goes to the YAML parser:
 * escapes other than `\"` and `\\`, nesting, anchors, tags, multi-line plain scalars, tabs, \r.
 *
 * What it buys: parsing a generated ~15 KB entry takes 51 µs with it and 118 µs without it
 * (`node --import tsx bench/parse.ts`, 2,000 entries, Node 20, 2-core EPYC): the YAML parser is
 * more than half of the whole parse, ~1.3 s of CPU over the 20,000 files of a large glossary. On
 * the bench's shape b (comments, blank lines, flow lists, quoted and folded scalars), reading the
 * fields alone takes 20.5 µs against 92 µs through yaml (`bench/parse.ts --shape b`).
 */
export function simpleFields(source: string, at: At): FrontmatterField[] | undefined {
  if (source.length === 0 || source === '\n' || source.includes('\r') || source.includes('\t')) return undefined;
  const lines = linesOf(source);
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
  for (let index = 0; index < lines.length; index++) {
    const { start: lineStart, text: line } = lines[index];
    if (line === '' || line.startsWith('#')) continue;
    // YAML counts an item's line break, and a comment after it, as part of the list.
    const next = Math.min(lineStart + line.length + 1, source.length);
    const item = ITEM_LINE.exec(line);
    if (item) {
      const indent = item[1].length;
      if (!open || (open.items.length && indent !== open.indent)) return undefined;
      if (!open.items.length) {
        open.indent = indent;
        open.start = lineStart + indent;
      }
      if (item[2] === undefined || /^ *$/.test(item[2])) {
        // An empty item sits after the dash and its spaces; as the last item, it ends the list there,
        // unless comments follow (the parser then counts them in): those go to the parser.
        const following = lines[index + 1]?.text;
        if (following !== undefined && !ITEM_LINE.test(following) && !KEY_LINE.test(following)) return undefined;
        const empty = lineStart + line.length;
        open.items.push({ text: '', span: at(empty, empty) });
        open.end = empty;
        continue;
      }
      const scalar = lineScalar(item[2]);
      if (!scalar) return undefined;
      const valueStart = lineStart + indent + 2;
      open.items.push({ text: scalar.text, span: at(valueStart + scalar.start, valueStart + scalar.end) });
      open.end = next;
      continue;
    }
    const key = KEY_LINE.exec(line);
    if (!key) return undefined;
    close();
    const keySpan = at(lineStart, lineStart + key[1].length);
    const value = key[2];
    if (value === undefined) {
      const field: FrontmatterField = { key: key[1], keySpan, value: { kind: 'empty' }, span: { start: keySpan.start, end: keySpan.end } };
      fields.push(field);
      open = { field, items: [], indent: 0, start: 0, end: 0 };
      continue;
    }
    const valueStart = lineStart + key[1].length + 2;
    const header = BLOCK_SCALAR_HEADER.exec(value);
    const multiLine = value.startsWith('[') ? flowList(source, valueStart, lines, index, at)
      : header ? blockScalar(header[1], header[2] === '-', valueStart, lines, index, at)
        : undefined;
    if (multiLine) {
      fields.push({ key: key[1], keySpan, value: multiLine.value, span: { start: keySpan.start, end: multiLine.value.span.end } });
      index = multiLine.lastLine;
      continue;
    }
    if (value.startsWith('[') || header) return undefined;
    const scalar = lineScalar(value);
    if (!scalar) return undefined;
    const span = at(valueStart + scalar.start, valueStart + scalar.end);
    fields.push({ key: key[1], keySpan, value: { kind: 'string', text: scalar.text, span }, span: { start: keySpan.start, end: span.end } });
  }
  close();
  return fields;
}
