import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { reportDuplicateKeys } from './yamlFrontmatter';
import type { FieldValue, Frontmatter, ListItem, Span } from './types';

/**
 * Reads the fields of a JSON frontmatter object into `frontmatter` with jsonc-parser (strict JSON:
 * no comments, no trailing commas), whose nodes carry offsets. Values keep the spans of their
 * text inside the quotes.
 */
export function readJsonFields(text: string, frontmatter: Frontmatter): void {
  const start = frontmatter.openSpan.start;
  const end = frontmatter.closeSpan!.end;
  const errors: ParseError[] = [];
  const root = parseTree(text.slice(start, end), errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const at = (from: number, to: number): Span => ({ start: start + from, end: start + Math.max(from, to) });
  for (const error of errors) {
    frontmatter.problems.push({ kind: 'syntax', message: describe(printParseErrorCode(error.error)), span: at(error.offset, error.offset + error.length) });
  }
  if (!root || errors.length) return;
  for (const property of root.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || typeof keyNode.value !== 'string') continue;
    const keySpan = unquoted(keyNode, at);
    const value = valueOf(valueNode, at);
    frontmatter.fields.push({ key: keyNode.value, keySpan, value, span: { start: keySpan.start, end: value.kind === 'empty' ? keySpan.end : value.span.end } });
  }
  reportDuplicateKeys(frontmatter);
}

/** `PropertyNameExpected` → `property name expected`. */
function describe(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().replace(/^./, (first) => first.toUpperCase());
}

function unquoted(node: JsonNode, at: (from: number, to: number) => Span): Span {
  return at(node.offset + 1, node.offset + node.length - 1);
}

function valueOf(node: JsonNode | undefined, at: (from: number, to: number) => Span): FieldValue {
  if (!node || node.type === 'null') return { kind: 'empty' };
  const span = at(node.offset, node.offset + node.length);
  if (node.type === 'string') return { kind: 'string', text: node.value as string, span: unquoted(node, at) };
  if (node.type === 'number') return { kind: 'other', type: 'number', span };
  if (node.type === 'boolean') return { kind: 'other', type: 'boolean', span };
  if (node.type === 'array') {
    const items: ListItem[] = (node.children ?? []).map((item) =>
      item.type === 'string' ? { text: item.value as string, span: unquoted(item, at) } : { text: undefined, span: at(item.offset, item.offset + item.length) },
    );
    return { kind: 'list', items, flow: true, span };
  }
  return { kind: 'other', type: 'map', span };
}
