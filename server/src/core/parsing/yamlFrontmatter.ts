import { isAlias, isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type Pair, type Scalar } from 'yaml';
import { simpleFields } from './simpleYaml';
import type { FieldValue, Frontmatter, FrontmatterProblemKind, ListItem, Span } from './types';

type At = (start: number, end: number) => Span;

/**
 * Reads the fields of a closed YAML block into `frontmatter`. The usual shape goes to the direct
 * reader (simpleYaml.ts) unless `simpleYaml` is false; anything else, or everything then, to yaml.
 */
export function readYamlFields(text: string, frontmatter: Frontmatter, simpleYaml: boolean): void {
  const base = frontmatter.contentSpan.start;
  // yaml ends lines only at \n; a lone \r (an old Mac line end) becomes \n, which keeps every offset.
  const source = text.slice(base, frontmatter.contentSpan.end).replace(/\r(?!\n)/g, '\n');
  const at: At = (start, end) => ({ start: base + start, end: base + Math.max(start, end) });
  const simple = simpleYaml ? simpleFields(source, at) : undefined;
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
      kind: 'syntax',
      message: `The frontmatter could not be parsed: ${error instanceof Error ? error.message : String(error)}`,
      span: { start: frontmatter.openSpan.start, end: frontmatter.openSpan.end },
    });
    return;
  }
  for (const error of doc.errors) {
    const kind: FrontmatterProblemKind = error.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'syntax';
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

/** Keys that repeat: YAML and JSON parsers read them without complaint, so they are found here. */
export function reportDuplicateKeys(frontmatter: Frontmatter): void {
  const seen = new Set<string>();
  for (const field of frontmatter.fields) {
    if (seen.has(field.key)) frontmatter.problems.push({ kind: 'duplicate-key', message: 'Map keys must be unique', span: { ...field.keySpan } });
    seen.add(field.key);
  }
}

function unquotedSpan(node: Scalar, at: At, source: string): Span {
  const [start, end] = node.range!;
  const quoted = node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE';
  if (quoted && end - start >= 2) return at(start + 1, end - 1);
  if ((node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL') && typeof node.value === 'string') {
    // `- >-\n  rlhf`: the value is the text after the block header, not the header itself.
    const text = node.value.trim();
    const found = text ? source.lastIndexOf(text, end) : -1;
    if (found >= start && found + text.length <= end) return at(found, found + text.length);
  }
  return at(start, end);
}

function fieldValue(node: YamlNode | null, at: At, source: string): FieldValue {
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
