import type { EntryInput } from './entryInput';
import type { Diagnostic } from 'vscode-languageserver-types';
import { glossaryDiagnostic } from '../diagnosticCodes';
import { fieldNamed, listItems, relatedItems, type FrontmatterField, type Span } from '../parsing';
import { editDistance } from '../fuzzy/distance';
import type { GlossaryIndex } from '../glossaryIndex';
import { CLOSING_DELIMITERS, FORMAT_NAMES } from '../frontmatterText';
import { iconOfValue, type IconSets } from '../icons';
import { severityOf, type DiagnosticCode, type FieldType, type GlossarySettings } from '../settings';
import { lineContentEnd } from '../positions';
import { quotedList } from '../text';
import { slugWithin } from '../references';
import { checkMermaidText } from './mermaidText';
import type { MentionIndex } from '../mentions/mentionIndex';
import { frontmatterParsed } from '../summarize';
import { detach, entryLinkSlug, relatedPrefixes, slugFromReference } from '../slugs';
import { forEachInSlices } from '../scheduling';

export { DIAGNOSTIC_SOURCE } from '../diagnosticCodes';

/** Rides in `Diagnostic.data` of `unknown-slug`, `unknown-link`, `unknown-key`, `unknown-category` and `unknown-icon`, for quick fixes. */
export interface SuggestionData {
  suggestions: string[];
}

/** Rides in `Diagnostic.data` of `required-field-missing` when the key is absent. */
export interface MissingFieldData {
  field: string;
}

/** Rides in `Diagnostic.data` of `unlinked-mention`: the entry mentioned. */
export interface MentionData {
  slug: string;
  title: string;
}

/** Rides in `Diagnostic.data` of `one-way-relation`: the entry that does not list this one back. */
export interface OneWayData {
  target: string;
}

export interface DiagnosticsInput extends EntryInput {
  uri: string;
  /** Set when only the head of an oversized file was parsed. */
  truncatedAt?: number;
  /** Caches nearest-slug suggestions across calls; keyed by the index's slug version. */
  suggestionCache?: SuggestionCache;
  /** The icon sets `logoIcon` values are checked against; without them, icons are not checked. */
  icons?: IconSets;
  /** The titles and aliases of every entry; without it, unlinked mentions are not looked for. */
  mentions?: MentionIndex;
}


/** Nearest-slug answers, kept until a slug or title changes: a glossary repeats the same unknown slug in many entries. */
export class SuggestionCache {
  private version = -1;
  private readonly answers = new Map<string, string[]>();

  nearest(index: GlossaryIndex, slug: string): string[] {
    if (this.version !== index.slugVersion) {
      this.answers.clear();
      this.version = index.slugVersion;
    }
    let answer = this.answers.get(slug);
    if (!answer) {
      if (this.answers.size > 5000) this.answers.clear();
      answer = index.nearestSlugs(slug, 3);
      // The slug was cut from the document: a detached key does not keep that version of it alive.
      this.answers.set(detach(slug), answer);
    }
    return answer;
  }
}


/**
 * Asks `cache` now, a slice at a time, for the suggestions this entry's check will want: the
 * unknown slugs of its `related` list and body links. The first check of an open entry once a
 * glossary is indexed asked for them all in one go (18 ms of a 39 ms check at 20,000 entries),
 * holding back every request that came meanwhile.
 */
export async function prepareSuggestions(input: Pick<DiagnosticsInput, 'entry' | 'slug' | 'index' | 'settings'>, cache: SuggestionCache): Promise<void> {
  const unknown: string[] = [];
  const prefixes = relatedPrefixes(input.settings);
  for (const item of relatedItems(input.entry)) {
    const slug = item.text ? slugFromReference(item.text, prefixes) : undefined;
    if (slug !== undefined && slug !== input.slug && !input.index.has(slug)) unknown.push(slug);
  }
  for (const link of input.entry.links) {
    const slug = entryLinkSlug(link.target, input.settings.linkPrefix);
    if (slug && !input.index.has(slug)) unknown.push(slug);
  }
  await forEachInSlices(unknown, (slug) => cache.nearest(input.index, slug));
}

export function computeDiagnostics(input: DiagnosticsInput): Diagnostic[] {
  const { document, entry, settings } = input;
  const diagnostics: Diagnostic[] = [];
  const report = (code: DiagnosticCode, span: Span, message: string, data?: unknown) => {
    const level = severityOf(settings, code);
    if (level === 'off') return;
    diagnostics.push(glossaryDiagnostic(code, level, { start: document.positionAt(span.start), end: document.positionAt(span.end) }, message, data));
  };

  checkFrontmatter(input, report);
  checkLinks(input, report);
  checkMermaidText(input, report);
  checkMentions(input, report);
  checkDuplicateTerms(input, report);
  checkDuplicateSlug(input, report);
  for (const fence of entry.fences) {
    // In a file cut at glossary.maxFileSize, a fence open at the cut may well close after it.
    if (fence.closeSpan || input.truncatedAt !== undefined) continue;
    const line = document.positionAt(fence.openSpan.start).line + 1;
    const opener = document.getText().slice(fence.openSpan.start, fence.openSpan.end).trim();
    const closer = opener.replace(/[^`~].*$/, '');
    // In a list item, the item's end ends the code too; elsewhere it runs to the end of the file.
    const reach = fence.contentSpan.end < document.getText().length ? 'the rest of its list item renders' : 'everything after it renders';
    report('unclosed-fence', fence.openSpan, `The code fence "${opener}" opened on line ${line} is never closed, so ${reach} as code. Close it with a line of ${closer}.`);
  }
  for (const tag of entry.debris) {
    report('tool-call-debris', tag.span, `\`${tag.tag}\` is markup left behind by an AI tool call, not part of the entry. Remove it.`);
  }
  if (input.truncatedAt !== undefined) {
    report('file-too-large', { start: entry.textStart, end: entry.textStart }, `This file is larger than glossary.maxFileSize (${settings.maxFileSize} bytes): only its first ${input.truncatedAt} characters are checked.`);
  }
  return diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

type Report = (code: DiagnosticCode, span: Span, message: string, data?: unknown) => void;

/** Another file of the same glossary with this entry's slug: references to it reach only one of them. */
function checkDuplicateSlug(input: DiagnosticsInput, report: Report): void {
  const others = input.index.urisForSlug(input.slug).filter((uri) => uri !== input.uri);
  if (others.length === 0) return;
  const title = fieldNamed(input.entry, input.settings.titleField);
  const span = title?.value.kind === 'string' && title.value.text.trim() ? title.value.span : firstLineSpan(input);
  const paths = others.slice(0, 3).map((uri) => pathBeside(input.uri, uri));
  const more = others.length > 3 ? ` and ${others.length - 3} more` : '';
  report('duplicate-slug', span, `Another entry of this glossary has the slug '${input.slug}': ${quotedList(paths)}${more}. Links and \`related\` lists naming '${input.slug}' reach only one of them; rename one file or merge the entries.`);
}

/** `other`'s path from the folder it shares with `uri`: what tells the two files apart. */
function pathBeside(uri: string, other: string): string {
  let shared = 0;
  for (let i = 0; i < Math.min(uri.length, other.length) && uri[i] === other[i]; i++) if (uri[i] === '/') shared = i + 1;
  try {
    return decodeURIComponent(other.slice(shared));
  } catch {
    return other.slice(shared);
  }
}

/** Aliases that are another entry's title or alias, and a title that is another entry's alias. */
function checkDuplicateTerms(input: DiagnosticsInput, report: Report): void {
  const { mentions, settings, entry } = input;
  // With broken frontmatter, what parsed is a guess (checkFrontmatter reports the break).
  if (!mentions || !frontmatterParsed(entry)) return;
  const named = (uri: string) => `'${input.index.entryAt(uri)?.slug ?? uri}'`;
  const title = fieldNamed(entry, settings.titleField);
  if (title?.value.kind === 'string' && title.value.text.trim()) {
    // Equal titles are duplicate-title's to report.
    const owners = mentions.ownersOf(title.value.text, input.uri).filter((owner) => !owner.asTitle);
    if (owners.length) report('duplicate-term', title.value.span, `'${title.value.text.trim()}' is also an alias of ${owners.map((o) => named(o.uri)).join(', ')}.`);
  }
  for (const key of settings.aliasFields) {
    for (const item of listItems(entry, key)) {
      if (!item.text?.trim()) continue;
      const owners = mentions.ownersOf(item.text, input.uri);
      if (!owners.length) continue;
      const kinds = owners.map((owner) => `${owner.asTitle ? 'the title' : 'an alias'} of ${named(owner.uri)}`);
      report('duplicate-term', item.span, `'${item.text.trim()}' is also ${kinds.join(', ')}.`);
    }
  }
}

function checkMentions(input: DiagnosticsInput, report: Report): void {
  const { mentions, settings, entry } = input;
  if (!mentions || severityOf(settings, 'unlinked-mention') === 'off') return;
  const text = input.document.getText();
  for (const mention of mentions.unlinkedMentions(input.uri, input.slug, text, entry, settings)) {
    const data: MentionData = { slug: mention.slug, title: mention.title };
    const written = text.slice(mention.span.start, mention.span.end);
    const names = written.toLowerCase() === mention.title.toLowerCase() ? `'${mention.title}'` : `'${written}' (${mention.title})`;
    report('unlinked-mention', mention.span, `${names} is a glossary entry, '${mention.slug}': link it, or list it as related.`, data);
  }
}

function firstLineSpan(input: DiagnosticsInput): Span {
  const text = input.document.getText();
  const start = input.entry.textStart;
  return { start, end: lineContentEnd(text, start) };
}

function checkFrontmatter(input: DiagnosticsInput, report: Report): void {
  const { entry, settings, document } = input;
  const frontmatter = entry.frontmatter;
  if (!frontmatter) {
    report('frontmatter-missing', firstLineSpan(input), `This entry has no frontmatter. Start the file with a \`---\` block that sets ${settings.requiredFields.join(', ') || 'its fields'}.`);
    return;
  }
  if (!frontmatter.closeSpan) {
    // Cut at glossary.maxFileSize, the block may close after the cut: file-too-large says so.
    if (input.truncatedAt !== undefined) return;
    const closing = CLOSING_DELIMITERS[frontmatter.format];
    report('frontmatter-unclosed', frontmatter.openSpan, frontmatter.format === 'json' ? 'The JSON frontmatter opened here is never closed. End the object with its `}`.' : `The frontmatter opened here is never closed. End it with a \`${closing}\` line.`);
    return;
  }
  if (frontmatter.misplaced) {
    const line = document.positionAt(frontmatter.openSpan.start).line + 1;
    report('frontmatter-misplaced', frontmatter.openSpan, `This frontmatter starts on line ${line}; site generators only read frontmatter on line 1. Move it to the top of the file and remove what stands above it.`);
  }
  let fieldsAreReliable = true;
  for (const problem of frontmatter.problems) {
    if (problem.kind === 'duplicate-key') {
      report('duplicate-key', problem.span, `${problem.message}: a key may appear only once in the frontmatter.`);
    } else {
      fieldsAreReliable = false;
      // TOML and JSON syntax errors share the code of YAML's (settings name it); the message names the format.
      report(problem.kind === 'not-mapping' ? 'frontmatter-not-mapping' : 'yaml-syntax', problem.span, problem.kind === 'not-mapping' ? problem.message : `Invalid ${FORMAT_NAMES[frontmatter.format]}: ${problem.message}`);
    }
  }
  // With broken YAML, what parsed is a guess: field checks would only add noise to the real error.
  if (!fieldsAreReliable) return;

  const present = new Set(frontmatter.fields.map((field) => field.key));
  const seen = new Set<string>();
  for (const field of frontmatter.fields) {
    if (seen.has(field.key)) continue;
    seen.add(field.key);
    const type = settings.fields[field.key];
    if (type === undefined) {
      const suggestions = Object.keys(settings.fields)
        .filter((known) => !present.has(known) && editDistance(known.toLowerCase(), field.key.toLowerCase(), 3) <= 3);
      const hint = suggestions.length ? ` Did you mean ${quotedList(suggestions)}?` : '';
      report('unknown-key', field.keySpan, `'${field.key}' is not a glossary field.${hint}`, { suggestions } satisfies SuggestionData);
      continue;
    }
    checkFieldType(field, type, report);
  }
  for (const required of settings.requiredFields) {
    const field = fieldNamed(entry, required);
    if (!field) report('required-field-missing', frontmatter.openSpan, `The required field '${required}' is missing.`, { field: required } satisfies MissingFieldData);
    else if (field.value.kind === 'empty') report('required-field-missing', field.keySpan, `The required field '${required}' has no value.`);
  }
  checkDescription(fieldNamed(entry, 'description'), settings, report);
  checkTitle(input, fieldNamed(entry, settings.titleField), report);
  checkCategory(input, report);
  checkIcon(input, report);
  checkRelated(input, report);
}

function checkFieldType(field: FrontmatterField, type: FieldType, report: Report): void {
  const value = field.value;
  if (type === 'any' || value.kind === 'empty') return;
  if (type === 'string[]') {
    if (value.kind === 'list') {
      for (const item of value.items) {
        if (item.text === undefined) report('field-type', item.span, `Each item of '${field.key}' must be text.`);
        else if (item.text === '' && field.key === 'related') report('field-type', item.span, `This '${field.key}' item is empty: write a slug or remove the line.`);
      }
    } else {
      const example = field.key === 'related' ? ' Write each slug on its own line as `- slug`, or as `[a, b]`.' : '';
      report('field-type', value.kind === 'string' || value.kind === 'other' ? value.span : field.keySpan, `'${field.key}' must be a list.${example}`);
    }
    return;
  }
  const actual = value.kind === 'string' ? 'string' : value.kind === 'list' ? 'list' : value.type;
  if (actual === type) return;
  const quoteHint = type === 'string' && (actual === 'number' || actual === 'boolean') ? ' Quote the value.' : '';
  report('field-type', value.span, `'${field.key}' must be ${describeType(type)}, not ${describeType(actual)}.${quoteHint}`);
}

function describeType(type: string): string {
  const names: Record<string, string> = { string: 'text', list: 'a list', map: 'a mapping', alias: 'an alias', number: 'a number', boolean: 'true or false' };
  return names[type] ?? `a ${type}`;
}

function checkDescription(field: FrontmatterField | undefined, settings: GlossarySettings, report: Report): void {
  if (!field || field.value.kind !== 'string') return;
  const text = field.value.text.trim();
  const { minLength, maxLength } = settings.description;
  if (text === '') report('description-empty', field.value.span.start === field.value.span.end ? field.keySpan : field.value.span, 'The description is empty. Write one sentence that defines the term.');
  else if (text.length < minLength || text.length > maxLength) {
    report('description-length', field.value.span, `The description is ${text.length} characters long; search engines show ${minLength}–${maxLength} characters best.`);
  }
}

function checkTitle(input: DiagnosticsInput, field: FrontmatterField | undefined, report: Report): void {
  if (!field || field.value.kind !== 'string' || !field.value.text.trim()) return;
  const others = [...input.index.urisWithTitle(field.value.text)].filter((uri) => uri !== input.uri);
  if (others.length === 0) return;
  const names = others.slice(0, 3).map((uri) => input.index.entryAt(uri)?.slug ?? uri);
  report('duplicate-title', field.value.span, `Another entry has the title '${field.value.text.trim()}': ${quotedList(names)}${others.length > 3 ? ` and ${others.length - 3} more` : ''}.`);
}

function checkCategory(input: DiagnosticsInput, report: Report): void {
  const allowed = input.settings.categories;
  const field = fieldNamed(input.entry, 'category');
  if (!allowed.length || field?.value.kind !== 'string' || allowed.includes(field.value.text)) return;
  const typed = field.value.text.toLowerCase();
  const reach = Math.max(2, Math.floor(typed.length / 3));
  const suggestions = allowed.filter((category) => editDistance(category.toLowerCase(), typed, reach) <= reach);
  const hint = suggestions.length ? ` Did you mean ${quotedList(suggestions)}?` : ` Allowed: ${quotedList(allowed.slice(0, 8))}${allowed.length > 8 ? ', …' : ''}.`;
  report('unknown-category', field.value.span, `'${field.value.text}' is not one of the glossary's categories.${hint}`, { suggestions } satisfies SuggestionData);
}

/** A `logoIcon` with a configured prefix must name an icon (or an alias) of that prefix's set. */
function checkIcon(input: DiagnosticsInput, report: Report): void {
  const field = fieldNamed(input.entry, 'logoIcon');
  if (!input.icons || input.settings.fields.logoIcon === undefined || field?.value.kind !== 'string') return;
  const icon = iconOfValue(field.value.text, input.settings.iconPrefixes, input.icons);
  if (!icon || icon.catalog.has(icon.name)) return;
  if (icon.name === '') {
    report('unknown-icon', field.value.span, `'${icon.prefix}' is only the prefix: add the name of a ${icon.catalog.title} icon after it.`, { suggestions: [] } satisfies SuggestionData);
    return;
  }
  const suggestions = icon.catalog.nearest(icon.name, 3).map((name) => `${icon.prefix}${name}`);
  const hint = suggestions.length ? ` Did you mean ${quotedList(suggestions)}?` : '';
  const shown = icon.name.length > 80 ? `${icon.name.slice(0, 79)}…` : icon.name;
  report('unknown-icon', field.value.span, `No ${icon.catalog.title} icon is named '${shown}'.${hint}`, { suggestions } satisfies SuggestionData);
}

function checkRelated(input: DiagnosticsInput, report: Report): void {
  const items = relatedItems(input.entry);
  const seen = new Set<string>();
  const cache = input.suggestionCache ?? new SuggestionCache();
  const prefixes = relatedPrefixes(input.settings);
  for (const item of items) {
    if (!item.text) continue;
    const slug = slugFromReference(item.text, prefixes);
    if (slug === undefined) continue;
    if (slug === input.slug) {
      report('self-related', item.span, `The entry lists itself ('${slug}') as related.`);
      continue;
    }
    if (seen.has(slug)) {
      report('duplicate-related', item.span, `'${slug}' is already listed in related.`);
      continue;
    }
    seen.add(slug);
    const target = input.index.entryFor(slug);
    if (!target) {
      const suggestions = cache.nearest(input.index, slug).filter((s) => s !== input.slug);
      const hint = suggestions.length ? ` Did you mean ${quotedList(suggestions)}?` : '';
      report('unknown-slug', item.span, `No glossary entry is named '${slug}'.${hint}`, { suggestions } satisfies SuggestionData);
    } else if (target.frontmatterValid && !input.index.listsAsRelated(target, input.slug)) {
      report('one-way-relation', item.span, `'${slug}' does not list '${input.slug}' in its related entries, so readers of '${slug}' will not find this one.`, { target: slug } satisfies OneWayData);
    }
  }
}

function checkLinks(input: DiagnosticsInput, report: Report): void {
  const cache = input.suggestionCache ?? new SuggestionCache();
  const text = input.document.getText();
  for (const link of input.entry.links) {
    const slug = entryLinkSlug(link.target, input.settings.linkPrefix);
    if (!slug || input.index.has(slug)) continue;
    const suggestions = cache.nearest(input.index, slug).filter((s) => s !== input.slug);
    const hint = suggestions.length ? ` Did you mean ${quotedList(suggestions)}?` : '';
    report('unknown-link', slugWithin(text, link.targetSpan, slug, input.settings.linkPrefix), `This link points at '${slug}', but no glossary entry has that name.${hint}`, { suggestions } satisfies SuggestionData);
  }
}
