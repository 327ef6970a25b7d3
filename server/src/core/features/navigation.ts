import type { EntryInput } from './entryInput';
import type { CodeLens, DocumentLink, Location, Range } from 'vscode-languageserver-types';
import { referenceRange, type GlossaryIndex } from '../glossaryIndex';
import { referenceAt } from '../references';
import { entryLinkSlug } from '../slugs';
import { slugWithin } from '../references';

/** The command a reference code lens runs; the VS Code client maps it onto its references view. */
export const SHOW_REFERENCES_COMMAND = 'glossary.showReferences';

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The entry file a `related` item or body link names. */
export function getDefinition(input: EntryInput, offset: number): Location | null {
  const reference = referenceAt(input.document.getText(), input.entry, offset, input.slug, input.settings);
  if (!reference || reference.kind === 'title') return null;
  const target = input.index.entryFor(reference.slug);
  return target ? { uri: target.uri, range: START } : null;
}

/** Every `related` item and body link in the glossary that names `slug`, from the index alone. */
export function referencesTo(index: GlossaryIndex, slug: string): Location[] {
  const locations: Location[] = [];
  for (const uri of [...index.referrersOf(slug)].sort()) {
    const summary = index.entryAt(uri);
    if (!summary) continue;
    for (const ref of index.referencesIn(summary, slug)) locations.push({ uri, range: referenceRange(ref) });
  }
  return locations;
}

/**
 * References of the entry named at `offset` (a related item or a body link), or of this entry when
 * the cursor stands anywhere else in it.
 */
export function getReferences(input: EntryInput, offset: number, includeDeclaration: boolean): Location[] {
  const reference = referenceAt(input.document.getText(), input.entry, offset, input.slug, input.settings);
  const slug = reference?.slug ?? input.slug;
  const locations = referencesTo(input.index, slug);
  if (includeDeclaration) {
    const target = input.index.entryFor(slug);
    if (target) locations.unshift({ uri: target.uri, range: START });
  }
  return locations;
}

/** A lens on the title line counting the entries that point here. */
export function getCodeLenses(input: EntryInput): CodeLens[] {
  const title = input.entry.frontmatter?.fields.find((field) => field.key === input.settings.titleField);
  if (!title || input.entry.frontmatter?.misplaced) return [];
  const range = { start: input.document.positionAt(title.keySpan.start), end: input.document.positionAt(title.span.end) };
  const locations = referencesTo(input.index, input.slug);
  // An entry that lists itself is a problem of its own (self-related), not an entry pointing here.
  const entries = new Set(locations.map((location) => location.uri).filter((uri) => uri !== input.index.entryFor(input.slug)?.uri)).size;
  const label = entries === 0 ? 'no entries point here' : entries === 1 ? '1 entry points here' : `${entries} entries point here`;
  return [{ range, command: { title: label, command: SHOW_REFERENCES_COMMAND, arguments: [input.document.uri, range.start, locations] } }];
}

/** Body links (and uses of reference definitions) to existing entries, as links to their files. */
export function getDocumentLinks(input: EntryInput): DocumentLink[] {
  const text = input.document.getText();
  const links: DocumentLink[] = [];
  for (const link of input.entry.links) {
    const slug = entryLinkSlug(link.target, input.settings.linkPrefix);
    const target = slug && input.index.entryFor(slug);
    if (!slug || !target) continue;
    const span = slugWithin(text, link.targetSpan, slug, input.settings.linkPrefix);
    links.push({ range: { start: input.document.positionAt(link.targetSpan.start), end: input.document.positionAt(Math.max(span.end, link.targetSpan.end)) }, target: target.uri, tooltip: target.title ? `Open ${target.title}` : undefined });
  }
  for (const reference of input.entry.references) {
    const slug = entryLinkSlug(input.entry.links[reference.definition].target, input.settings.linkPrefix);
    const target = slug && input.index.entryFor(slug);
    if (!target) continue;
    links.push({ range: { start: input.document.positionAt(reference.labelSpan.start), end: input.document.positionAt(reference.labelSpan.end) }, target: target.uri, tooltip: target.title ? `Open ${target.title}` : undefined });
  }
  return links;
}
