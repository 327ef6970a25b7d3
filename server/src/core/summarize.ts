import { relatedItems, stringField, type ParsedEntry, type Span } from './entryParser';
import type { EntrySummary, SlugReference } from './glossaryIndex';
import type { PositionSource } from './positions';
import { slugWithin } from './references';
import type { GlossarySettings } from './settings';
import { detach, entryLinkSlug, letterMask, pairMask, relatedPrefixes, slugFromReference, wordsOf } from './slugs';

export function summarizeEntry(uri: string, slug: string, document: PositionSource, entry: ParsedEntry, settings: GlossarySettings): EntrySummary {
  const text = document.getText();
  const toRange = (span: Span) => ({ start: document.positionAt(span.start), end: document.positionAt(span.end) });
  const prefixes = relatedPrefixes(settings);
  const title = stringField(entry, settings.titleField);
  const related: SlugReference[] = [];
  for (const item of relatedItems(entry)) {
    const target = item.text === undefined ? undefined : slugFromReference(item.text, prefixes);
    if (target) related.push({ slug: detach(target), range: toRange(slugWithin(text, item.span, target, prefixes)) });
  }
  const links: SlugReference[] = [];
  for (const link of entry.links) {
    const target = entryLinkSlug(link.target, settings.linkPrefix);
    if (target) links.push({ slug: detach(target), range: toRange(slugWithin(text, link.targetSpan, target, settings.linkPrefix)) });
  }
  return {
    uri,
    slug: detach(slug),
    title: detach(title),
    description: detach(stringField(entry, 'description')),
    category: detach(stringField(entry, 'category')),
    logoIcon: detach(stringField(entry, 'logoIcon')),
    related,
    links,
    firstParagraph: detach(entry.firstParagraph),
    frontmatterValid: !!entry.frontmatter?.closeSpan && entry.frontmatter.problems.every((problem) => problem.kind === 'duplicate-key'),
    words: [...new Set([...wordsOf(slug), ...wordsOf(title ?? '')])],
    ...(title === undefined ? {} : { titleLower: detach(title.toLowerCase()) }),
    ...(slug.toLowerCase() === slug ? {} : { slugLower: slug.toLowerCase() }),
    letters: letterMask(slug),
    pairs: pairMask(slug),
  };
}
