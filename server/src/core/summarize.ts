import type { TextDocument } from 'vscode-languageserver-textdocument';
import { relatedItems, stringField, type ParsedEntry } from './entryParser';
import type { EntrySummary, SlugReference } from './glossaryIndex';
import type { GlossarySettings } from './settings';
import { slugFromReference, wordsOf } from './slugs';

export function summarizeEntry(uri: string, slug: string, document: TextDocument, entry: ParsedEntry, settings: GlossarySettings): EntrySummary {
  const title = stringField(entry, 'title');
  const related: SlugReference[] = [];
  for (const item of relatedItems(entry)) {
    const target = item.text === undefined ? undefined : slugFromReference(item.text, settings.linkPrefix);
    if (target) related.push({ slug: target, range: { start: document.positionAt(item.span.start), end: document.positionAt(item.span.end) } });
  }
  const links: SlugReference[] = [];
  for (const link of entry.links) {
    // Only site paths under the prefix or sibling .md files are links to entries; bare words are not.
    if (!link.target.startsWith(settings.linkPrefix) && !/\.md([?#]|$)/i.test(link.target)) continue;
    const target = slugFromReference(link.target, settings.linkPrefix);
    if (target) links.push({ slug: target, range: { start: document.positionAt(link.targetSpan.start), end: document.positionAt(link.targetSpan.end) } });
  }
  return {
    uri,
    slug,
    title,
    description: stringField(entry, 'description'),
    category: stringField(entry, 'category'),
    logoIcon: stringField(entry, 'logoIcon'),
    related,
    links,
    firstParagraph: entry.firstParagraph,
    words: [...new Set([...wordsOf(slug), ...wordsOf(title ?? '')])],
  };
}
