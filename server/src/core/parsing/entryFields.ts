import type { FrontmatterField, ListItem, ParsedEntry } from './types';

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
