import type { EntryInput } from './entryInput';
import { CompletionItemKind, MarkupKind, type CompletionItem, type CompletionList, type Diagnostic, type Hover, type Location, type Range } from 'vscode-languageserver-types';
import { glossaryDiagnostic } from '../diagnosticCodes';
import { severityOf } from '../settings';
import { frontmatterContextAt } from '../frontmatterContext';
import { relatedItems, type Span } from '../parsing';
import { lineStartOf, rangeOfSpan } from '../positions';
import { escapeMarkdown, quotedList } from '../text';
import type { SiteReference, SiteView } from '../sitePages';
import type { SuggestionData } from './diagnostics';

/** References to pages of the site's other sections (`guides/x`, `/tools/y/`, `../patterns/z.md`): checks, hover, definition, completion. */
export interface SiteInput extends EntryInput {
  site: SiteView;
}

type Report = (code: 'unknown-page', span: Span, message: string, data?: unknown) => void;

interface LocatedReference extends SiteReference {
  /** Absolute offsets of the page path in the document. */
  span: Span;
}

/** Every `related` item and body link (reference definitions included) that names another section's page. */
function siteReferences(input: SiteInput): LocatedReference[] {
  const text = input.document.getText();
  const found: LocatedReference[] = [];
  const add = (span: Span) => {
    const reference = input.site.reference(text.slice(span.start, span.end));
    if (reference) found.push({ ...reference, span: { start: span.start + reference.start, end: span.start + reference.end } });
  };
  if (input.entry.frontmatter?.closeSpan) for (const item of relatedItems(input.entry)) if (item.text) add(item.span);
  for (const link of input.entry.links) add(link.targetSpan);
  return found;
}

export function siteDiagnostics(input: SiteInput): Diagnostic[] {
  const level = severityOf(input.settings, 'unknown-page');
  if (level === 'off') return [];
  const diagnostics: Diagnostic[] = [];
  checkSiteReferences(input, (code, span, message, data) => diagnostics.push(glossaryDiagnostic(code, level, rangeOfSpan(input.document, span), message, data)));
  return diagnostics;
}

export function checkSiteReferences(input: SiteInput, report: Report): void {
  for (const reference of siteReferences(input)) {
    if (input.site.page(reference.path)) continue;
    const suggestions = input.site.nearest(reference.path);
    const hint = suggestions.length ? ` Did you mean ${quotedList(suggestions)}?` : '';
    report('unknown-page', reference.span, `No page of the site is at '${reference.path}'.${hint}`, { suggestions } satisfies SuggestionData);
  }
}

function referenceAtOffset(input: SiteInput, offset: number): LocatedReference | undefined {
  const text = input.document.getText();
  const at = siteReferences(input).find((reference) => reference.span.start <= offset && offset <= reference.span.end);
  if (at) return at;
  // `[text][label]` stands for what its definition points at.
  for (const use of input.entry.references) {
    if (use.span.start > offset || offset > use.span.end) continue;
    const target = input.entry.links[use.definition].targetSpan;
    const reference = input.site.reference(text.slice(target.start, target.end));
    return reference && { ...reference, span: use.labelSpan };
  }
  return undefined;
}


export function siteHover(input: SiteInput, offset: number): Hover | null {
  const reference = referenceAtOffset(input, offset);
  if (!reference) return null;
  const range = rangeOfSpan(input.document, reference.span);
  const page = input.site.page(reference.path);
  if (!page) {
    const nearest = input.site.nearest(reference.path);
    const hint = nearest.length ? `\n\nDid you mean ${nearest.map((s) => `\`${s}\``).join(', ')}?` : '';
    return { contents: { kind: MarkupKind.Markdown, value: `No page of the site is at \`${reference.path}\`.${hint}` }, range };
  }
  const parts = [`**${escapeMarkdown(page.title ?? page.path)}** · *${escapeMarkdown(page.path.split('/')[0])}*`];
  if (page.firstLine) parts.push(escapeMarkdown(page.firstLine));
  if (page.uri) parts.push(`[Open ${page.uri.slice(page.uri.lastIndexOf('/') + 1)}](${page.uri})`);
  else parts.push('The list page of this section (it has no `_index.md`).');
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') }, range };
}

export function siteDefinition(input: SiteInput, offset: number): Location | null {
  const reference = referenceAtOffset(input, offset);
  const page = reference && input.site.page(reference.path);
  return page?.uri ? { uri: page.uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } } : null;
}

/**
 * In a `related` item or a link destination: once the text typed is a path into a section
 * (`guides/ge|`, `/guides/`, `../guides/`), that section's pages; before that, `glossaryItems`
 * (the glossary's own slugs) followed by the section names.
 */
export function siteCompletions(input: SiteInput, offset: number, glossaryItems: CompletionList | null): CompletionList | null {
  const text = input.document.getText();
  const typed = typedAt(input, text, offset);
  if (!typed) return glossaryItems;
  const value = text.slice(typed.start, offset);
  const slash = value.lastIndexOf('/');
  const sectionPath = slash >= 0 ? input.site.reference(value.slice(0, slash + 1)) : undefined;
  const range = (start: number): Range => rangeOfSpan(input.document, { start, end: offset });
  if (sectionPath) {
    const folder = `${sectionPath.path}/`;
    const items: CompletionItem[] = [];
    const start = typed.start + sectionPath.start;
    for (const page of input.site.pages()) {
      if (!page.path.startsWith(folder) && page.path !== sectionPath.path) continue;
      items.push({ label: page.path, kind: CompletionItemKind.File, detail: page.title, filterText: page.path, textEdit: { range: range(start), newText: page.path } });
    }
    items.sort((a, b) => a.label.localeCompare(b.label));
    return { isIncomplete: false, items };
  }
  const lead = /^(?:\.\.?\/|\/)*/.exec(value)![0].length;
  if (value.slice(lead).includes('/')) return glossaryItems;
  const sections: CompletionItem[] = input.site.sections().map((name, rank) => ({
    label: `${name}/`,
    kind: CompletionItemKind.Folder,
    detail: 'section of the site',
    sortText: `~${String(rank).padStart(4, '0')}`,
    textEdit: { range: range(typed.start + lead), newText: `${name}/` },
    command: { title: 'Suggest pages', command: 'editor.action.triggerSuggest' },
  }));
  return { isIncomplete: glossaryItems?.isIncomplete ?? false, items: [...(glossaryItems?.items ?? []), ...sections] };
}

/** Where the value being typed starts: a `related` item, or an inline link's destination on this line. */
function typedAt(input: SiteInput, text: string, offset: number): Span | undefined {
  const context = input.entry.frontmatter ? frontmatterContextAt(text, input.entry, offset) : undefined;
  if (context?.kind === 'item' && context.key === 'related') return { start: context.partial.start, end: offset };
  if (context) return undefined;
  const before = text.slice(Math.max(lineStartOf(text, offset), offset - 500), offset);
  const match = /\]\(\s*<?([^)\s#?]*)$/.exec(before);
  return match ? { start: offset - match[1].length, end: offset } : undefined;
}
