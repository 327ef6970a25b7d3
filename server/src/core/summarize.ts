import { listItems, parseEntry, relatedItems, stringField, type ParsedEntry, type Span } from './parsing';
import { letterMask } from './fuzzy/match';
import { wordsOf } from './fuzzy/words';
import type { EntrySummary, SlugReference } from './glossaryIndex';
import type { PositionSource } from './positions';
import { slugWithin } from './references';
import type { GlossarySettings } from './settings';
import { detach, detachText, entryLinkSlug, relatedPrefixes, slugFromReference } from './slugs';

/**
 * Characters of an entry's first paragraph a hover shows (the parser reads up to 600; most
 * paragraphs of a real glossary are shorter, and a hover is no place for a wall of text).
 */
const FIRST_PARAGRAPH_SHOWN = 400;

/** The start of an entry's first paragraph, as a hover shows it: `cut` when the paragraph goes on. */
export interface FirstParagraph {
  text: string;
  cut: boolean;
}

/**
 * The first paragraph of the entry `text` as a hover shows it (see shownFirstParagraph). Read when
 * a hover wants it, not kept in the index: kept, the first paragraphs were 7.8 of the 80 MB a
 * 20,000-entry index held, for hovers that show a few entries of a session.
 */
export function firstParagraphOf(text: string): FirstParagraph {
  return shownFirstParagraph(parseEntry(text, { debrisTags: [], bodyExtent: 'firstParagraph', readFields: false }).firstParagraph);
}

/** A first paragraph (ParsedEntry.firstParagraph) cut at a space to at most FIRST_PARAGRAPH_SHOWN characters. */
export function shownFirstParagraph(paragraph: string): FirstParagraph {
  if (paragraph.length <= FIRST_PARAGRAPH_SHOWN) return { text: paragraph, cut: false };
  const space = paragraph.lastIndexOf(' ', FIRST_PARAGRAPH_SHOWN - 1);
  return { text: paragraph.slice(0, space > FIRST_PARAGRAPH_SHOWN / 2 ? space : FIRST_PARAGRAPH_SHOWN - 1).trimEnd(), cut: true };
}

/** Whether the frontmatter is closed and parsed (a duplicate key still leaves a value to read). */
export function frontmatterParsed(entry: ParsedEntry): boolean {
  return !!entry.frontmatter?.closeSpan && entry.frontmatter.problems.every((problem) => problem.kind === 'duplicate-key');
}

export function summarizeEntry(uri: string, slug: string, document: PositionSource, entry: ParsedEntry, settings: GlossarySettings): EntrySummary {
  const text = document.getText();
  const reference = (slug: string, span: Span): SlugReference => {
    const start = document.positionAt(span.start);
    const end = document.positionAt(span.end);
    return { slug: detach(slug), line: start.line, character: start.character, endLine: end.line, endCharacter: end.character };
  };
  const prefixes = relatedPrefixes(settings);
  const title = stringField(entry, settings.titleField);
  const aliases = aliasesOf(entry, settings);
  const related: SlugReference[] = [];
  for (const item of relatedItems(entry)) {
    const target = item.text === undefined ? undefined : slugFromReference(item.text, prefixes);
    if (target) related.push(reference(target, slugWithin(text, item.span, target, prefixes)));
  }
  const links: SlugReference[] = [];
  forEachEntryLink(text, entry, settings, (target, span) => links.push(reference(target, span)));
  return {
    uri,
    slug: detach(slug),
    title: detachText(title),
    description: detachText(stringField(entry, 'description')),
    category: detach(stringField(entry, 'category')),
    logoIcon: detach(stringField(entry, 'logoIcon')),
    related,
    links,
    frontmatterValid: frontmatterParsed(entry),
    words: [...new Set([...wordsOf(slug), ...wordsOf(title ?? ''), ...aliases.flatMap((alias) => wordsOf(alias))])].map(detach),
    ...(title === undefined ? {} : { titleLower: detachText(title.toLowerCase()) }),
    ...(slug.toLowerCase() === slug ? {} : { slugLower: slug.toLowerCase() }),
    letters: letterMask(slug),
    ...(aliases.length ? { aliases } : {}),
  };
}

/** Each body link to an entry, in the order of the text: the slug it names, and where the slug is written. */
export function forEachEntryLink(text: string, entry: ParsedEntry, settings: GlossarySettings, visit: (slug: string, span: Span) => void): void {
  for (const link of entry.links) {
    const target = entryLinkSlug(link.target, settings.linkPrefix);
    if (target) visit(target, slugWithin(text, link.targetSpan, target, settings.linkPrefix));
  }
}

/** The text items of the alias fields (`aliases: [LLM, LLMs]`); a single text value counts as one alias. */
export function aliasesOf(entry: ParsedEntry, settings: GlossarySettings): string[] {
  const aliases: string[] = [];
  for (const key of settings.aliasFields) {
    for (const item of listItems(entry, key)) if (item.text?.trim()) aliases.push(detachText(item.text.trim()));
  }
  return aliases;
}
