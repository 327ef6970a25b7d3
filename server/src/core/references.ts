import { relatedItems, stringField, type ParsedEntry, type Span } from './parsing';
import type { GlossarySettings } from './settings';
import { entryLinkSlug, relatedPrefixes, slugFromReference } from './slugs';

export type ReferenceAt =
  /** A `related` item; `span` is the slug inside it. */
  | { kind: 'related'; slug: string; span: Span }
  /** A body link to an entry; `span` is the slug inside its target, or the label of a reference link. */
  | { kind: 'link'; slug: string; span: Span }
  /** The entry's own title value: it stands for the entry itself. */
  | { kind: 'title'; slug: string; span: Span };

const within = (span: Span, offset: number) => span.start <= offset && offset <= span.end;

/** The span of `slug` inside `span` of `text`, skipping a link prefix or `./`. */
export function slugWithin(text: string, span: Span, slug: string, prefixes: string | readonly string[]): Span {
  let offset = 0;
  if (typeof prefixes === 'string') {
    if (prefixes && spanStartsWith(text, span, prefixes, 0)) offset = prefixes.length;
  } else {
    for (const prefix of prefixes) {
      if (prefix && spanStartsWith(text, span, prefix, 0)) {
        offset = prefix.length;
        break;
      }
    }
  }
  if (offset === 0 && spanStartsWith(text, span, './', 0)) offset = 2;
  return spanStartsWith(text, span, slug, offset) ? { start: span.start + offset, end: span.start + offset + slug.length } : span;
}

/** Whether `span` of `text` holds `value` at `offset`: read in place, with no copy of the span (for each of a glossary's body links). */
function spanStartsWith(text: string, span: Span, value: string, offset: number): boolean {
  return offset + value.length <= span.end - span.start && text.startsWith(value, span.start + offset);
}

/** What names an entry at `offset`, if anything does. */
export function referenceAt(text: string, entry: ParsedEntry, offset: number, ownSlug: string, settings: GlossarySettings): ReferenceAt | undefined {
  const { linkPrefix, titleField } = settings;
  const prefixes = relatedPrefixes(settings);
  const frontmatter = entry.frontmatter;
  if (frontmatter?.closeSpan && offset >= frontmatter.contentSpan.start && offset <= frontmatter.contentSpan.end) {
    for (const item of relatedItems(entry)) {
      if (!item.text || !within(item.span, offset)) continue;
      const slug = slugFromReference(item.text, prefixes);
      return slug ? { kind: 'related', slug, span: slugWithin(text, item.span, slug, prefixes) } : undefined;
    }
    const title = frontmatter.fields.find((field) => field.key === titleField);
    if (title && stringField(entry, titleField) !== undefined && within({ start: title.keySpan.start, end: title.span.end }, offset)) {
      return { kind: 'title', slug: ownSlug, span: title.value.kind === 'string' ? title.value.span : title.keySpan };
    }
    return undefined;
  }
  for (const link of entry.links) {
    if (!within(link.targetSpan, offset)) continue;
    const slug = entryLinkSlug(link.target, linkPrefix);
    return slug ? { kind: 'link', slug, span: slugWithin(text, link.targetSpan, slug, linkPrefix) } : undefined;
  }
  // `[text][label]` names what its definition names; the label is what stands for it here.
  for (const reference of entry.references) {
    if (!within(reference.span, offset)) continue;
    const slug = entryLinkSlug(entry.links[reference.definition].target, linkPrefix);
    return slug ? { kind: 'link', slug, span: reference.labelSpan } : undefined;
  }
  return undefined;
}
