import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList, type Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { relatedItems, stringField, type ParsedEntry, type Span } from '../entryParser';
import { FIELD_DOCS } from '../fields';
import { frontmatterContextAt } from '../frontmatterContext';
import type { EntrySummary, GlossaryIndex } from '../glossaryIndex';
import { compareSlugs, matchScore } from '../ranking';
import type { GlossarySettings } from '../settings';
import { relatedPrefixes, slugFromReference } from '../slugs';

export interface CompletionInput {
  document: TextDocument;
  entry: ParsedEntry;
  slug: string;
  index: GlossaryIndex;
  settings: GlossarySettings;
}

export function getCompletions(input: CompletionInput, offset: number): CompletionList | null {
  const text = input.document.getText();
  const context = frontmatterContextAt(text, input.entry, offset);
  if (!context) return bodyLinkCompletions(input, text, offset);
  const range = toRange(input.document, context.partial);
  const typed = text.slice(context.partial.start, offset);
  if (context.kind === 'key') return keyCompletions(input, range);
  if (context.key === 'related' && context.kind === 'item') {
    // Sites whose related values are paths (`glossary/fine-tuning`) get the path prefix inserted too.
    const prefix = input.settings.relatedPrefix;
    const query = prefix && typed.startsWith(prefix) ? typed.slice(prefix.length) : typed;
    return slugCompletions(input, query, range, relatedSlugsExcept(input, context.partial), prefix);
  }
  if (context.key === 'category' && context.kind === 'value') return categoryCompletions(input, range);
  return null;
}

function toRange(document: TextDocument, span: Span): Range {
  return { start: document.positionAt(span.start), end: document.positionAt(span.end) };
}

function keyCompletions(input: CompletionInput, range: Range): CompletionList {
  const present = new Set(input.entry.frontmatter?.fields.map((f) => f.key));
  const items: CompletionItem[] = [];
  for (const key of Object.keys(input.settings.fields)) {
    if (present.has(key)) continue;
    const docs = FIELD_DOCS[key];
    const required = input.settings.requiredFields.includes(key);
    const isList = input.settings.fields[key] === 'string[]';
    items.push({
      label: key,
      kind: CompletionItemKind.Property,
      detail: required ? 'required field' : 'field',
      documentation: docs ? { kind: MarkupKind.Markdown, value: `${docs.summary}\n\n${docs.values}` } : undefined,
      sortText: `${required ? 0 : 1}${key}`,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: isList ? `${key}:\n- $0` : `${key}: $0` },
      // Lets the editor offer values (slugs, categories) right after the key is inserted.
      command: isList || key === 'category' ? { title: 'Suggest', command: 'editor.action.triggerSuggest' } : undefined,
    });
  }
  return { isIncomplete: false, items };
}

function categoryCompletions(input: CompletionInput, range: Range): CompletionList {
  const current = stringField(input.entry, 'category');
  // The half-typed value of this very entry is counted in the index too; it is not a category "in use".
  const counted = input.index.categories();
  const allowed = input.settings.categories;
  // A configured list is the whole choice; otherwise the categories in use, but not this entry's half-typed one.
  const inUse = allowed.length
    ? allowed.map((name) => ({ name, count: counted.find((c) => c.name === name)?.count ?? 0 }))
    : counted.filter(({ name, count }) => !(name === current && count === 1));
  const items = inUse.map(({ name, count }, rank): CompletionItem => ({
    label: name,
    kind: CompletionItemKind.EnumMember,
    detail: `${count} ${count === 1 ? 'entry' : 'entries'}`,
    sortText: String(rank).padStart(6, '0'),
    textEdit: { range, newText: yamlScalar(name) },
    preselect: name === current ? true : undefined,
  }));
  return { isIncomplete: false, items };
}

/** Quotes a value that YAML would otherwise read as something else than the plain text. */
function yamlScalar(value: string): string {
  const plain = /^[^\s\-?:,[\]{}#&*!|>'"%@`][^#]*$/.test(value) && !/: |\s#|:$/.test(value) && value.trim() === value;
  return plain ? value : `'${value.replace(/'/g, "''")}'`;
}

interface Ranked {
  entry: EntrySummary;
  score: number;
}

/** Slugs after the link prefix of a body link: `[Fine-tuning](/glossary/fi|`. */
function bodyLinkCompletions(input: CompletionInput, text: string, offset: number): CompletionList | null {
  const prefix = input.settings.linkPrefix;
  if (!prefix) return null;
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  const before = text.slice(Math.max(lineStart, offset - 500), offset);
  const match = new RegExp(`\\]\\(\\s*<?${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^)\\s#?/]*)$`).exec(before);
  if (!match) return null;
  let end = offset;
  while (end < text.length && /[^\s)#?/>\]]/.test(text[end])) end++;
  const partial = { start: offset - match[1].length, end };
  return slugCompletions(input, match[1], toRange(input.document, partial), new Set());
}

function relatedSlugsExcept(input: CompletionInput, partial: Span): Set<string> {
  const listed = new Set<string>();
  for (const item of relatedItems(input.entry)) {
    // The item being typed is not "already listed".
    if (item.text && !(item.span.start <= partial.end && item.span.end >= partial.start)) {
      const slug = slugFromReference(item.text, relatedPrefixes(input.settings));
      if (slug) listed.add(slug);
    }
  }
  return listed;
}

function slugCompletions(input: CompletionInput, typed: string, range: Range, listed: ReadonlySet<string>, insertPrefix = ''): CompletionList {
  const { entry, index, settings } = input;
  const query = typed.toLowerCase();
  const ownCategory = stringField(entry, 'category');
  const matches: Ranked[] = [];
  for (const candidate of index.entries()) {
    if (candidate.slug === input.slug || listed.has(candidate.slug)) continue;
    let score = matchScore(candidate, query);
    if (score < 0) continue;
    // With nothing typed yet, neighbours in the same category and well-linked entries come first.
    if (query === '') score = (candidate.category && candidate.category === ownCategory ? 100000 : 0) + index.referrersOf(candidate.slug).size;
    matches.push({ entry: candidate, score });
  }
  matches.sort((a, b) => b.score - a.score || compareSlugs(a.entry.slug, b.entry.slug));
  const max = settings.completion.maxItems;
  const items = matches.slice(0, max).map(({ entry: target }, rank): CompletionItem => ({
    label: target.slug,
    kind: CompletionItemKind.Reference,
    detail: target.title,
    documentation: {
      kind: MarkupKind.Markdown,
      value: [target.description ?? '*No description.*', target.category ? `*Category:* ${target.category}` : ''].filter(Boolean).join('\n\n'),
    },
    // Title words in the filter text let the editor keep `transfer-learning` when `Transfer` is typed.
    filterText: target.title ? `${insertPrefix}${target.slug} ${target.title}` : `${insertPrefix}${target.slug}`,
    sortText: String(rank).padStart(6, '0'),
    textEdit: { range, newText: `${insertPrefix}${target.slug}` },
  }));
  return { isIncomplete: matches.length > max, items };
}
