import type { FrontmatterField, ListItem, ParsedEntry } from './types';

/** Only the frontmatter is read: a page's head parsed without its body (parseFrontmatter) will do. */
type WithFrontmatter = Pick<ParsedEntry, 'frontmatter'>;

export function fieldNamed(entry: WithFrontmatter, key: string): FrontmatterField | undefined {
  return entry.frontmatter?.fields.find((field) => field.key === key);
}

export function stringField(entry: WithFrontmatter, key: string): string | undefined {
  const value = fieldNamed(entry, key)?.value;
  return value?.kind === 'string' ? value.text : undefined;
}

/** The items of a list field; a single scalar counts as one item (its type error is reported elsewhere). */
export function listItems(entry: WithFrontmatter, key: string): ListItem[] {
  const value = fieldNamed(entry, key)?.value;
  if (value?.kind === 'list') return value.items;
  if (value?.kind === 'string') return [{ text: value.text, span: value.span }];
  return [];
}

export function relatedItems(entry: WithFrontmatter): ListItem[] {
  return listItems(entry, 'related');
}
