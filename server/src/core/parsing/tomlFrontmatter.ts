import { parseTOML, type AST } from 'toml-eslint-parser';
import { reportDuplicateKeys } from './yamlFrontmatter';
import type { FieldValue, Frontmatter, ListItem, Span } from './types';

type At = (start: number, end: number) => Span;

/**
 * Reads the fields of a closed TOML block (`+++`) into `frontmatter` with toml-eslint-parser,
 * whose nodes carry source ranges. A dotted key (`a.b = 1`) is one field named `a.b`; a table
 * (`[params]`) is a field holding a map. TOML stops at its first error, which is then the only
 * problem and leaves no fields.
 */
export function readTomlFields(text: string, frontmatter: Frontmatter): void {
  const base = frontmatter.contentSpan.start;
  const source = text.slice(base, frontmatter.contentSpan.end);
  const at: At = (start, end) => ({ start: base + start, end: base + Math.max(start, end) });
  let program: AST.TOMLProgram;
  try {
    program = parseTOML(source);
  } catch (error) {
    const index = typeof (error as { index?: unknown }).index === 'number' ? Math.min((error as { index: number }).index, source.length) : 0;
    const message = error instanceof Error ? error.message : String(error);
    frontmatter.problems.push({ kind: 'syntax', message, span: at(index, Math.min(index + 1, source.length)) });
    return;
  }
  for (const node of program.body[0].body) {
    const keySpan = keySpanOf(node.key, at);
    const key = node.key.keys.map((part) => (part.type === 'TOMLBare' ? part.name : part.value)).join('.');
    const value: FieldValue = node.type === 'TOMLTable' ? { kind: 'other', type: 'map', span: at(node.range[0], node.range[1]) } : valueOf(node.value, at, source);
    frontmatter.fields.push({ key, keySpan, value, span: { start: keySpan.start, end: value.kind === 'empty' ? keySpan.end : value.span.end } });
  }
  reportDuplicateKeys(frontmatter);
}

/** The key without its quotes, when it is one quoted part: what a rename of the key replaces. */
function keySpanOf(key: AST.TOMLKey, at: At): Span {
  const [start, end] = key.range;
  return key.keys.length === 1 && key.keys[0].type === 'TOMLQuoted' ? at(start + 1, end - 1) : at(start, end);
}

function stringSpan(node: AST.TOMLStringValue, at: At, source: string): Span {
  const quotes = node.multiline ? 3 : 1;
  const [start, end] = node.range;
  // A multi-line string drops the line break right after its opening quotes.
  const dropped = node.multiline ? (/^\r?\n/.exec(source.slice(start + quotes, start + quotes + 2))?.[0].length ?? 0) : 0;
  return at(start + quotes + dropped, end - quotes);
}

function valueOf(node: AST.TOMLContentNode, at: At, source: string): FieldValue {
  const span = at(node.range[0], node.range[1]);
  if (node.type === 'TOMLArray') {
    const items: ListItem[] = node.elements.map((element) =>
      element.type === 'TOMLValue' && element.kind === 'string' ? { text: element.value, span: stringSpan(element, at, source) } : { text: undefined, span: at(element.range[0], element.range[1]) },
    );
    return { kind: 'list', items, flow: true, span };
  }
  if (node.type === 'TOMLInlineTable') return { kind: 'other', type: 'map', span };
  if (node.kind === 'string') return { kind: 'string', text: node.value, span: stringSpan(node, at, source) };
  if (node.kind === 'integer' || node.kind === 'float') return { kind: 'other', type: 'number', span };
  if (node.kind === 'boolean') return { kind: 'other', type: 'boolean', span };
  return { kind: 'other', type: 'scalar', span };
}
