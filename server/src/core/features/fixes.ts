import type { EntryInput } from './entryInput';
import type { Command, Diagnostic, Position, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI, Utils } from 'vscode-uri';
import { fieldLine, listValue, stringValue } from '../frontmatterText';
import { parseEntry, relatedItems, stringField, type Frontmatter, type FrontmatterField, type Span } from '../parsing';
import { editDistance } from '../fuzzy/distance';
import { isDiagnosticCode } from '../settings';
import { lineAfter, lineContentEnd, lineStartOf, scanningPositions } from '../positions';
import { entryLinkSlug, relatedPrefixes, slugFromReference } from '../slugs';
import { DIAGNOSTIC_SOURCE, type MentionData, type MissingFieldData, type OneWayData, type SuggestionData } from './diagnostics';
import { findMermaidTextRuns, type MermaidTextData } from './mermaidText';
import { newEntryText } from './newEntry';

/** Opens a file in the editor; the VS Code client implements it (other editors simply skip it). */
export const OPEN_ENTRY_COMMAND = 'glossary.openEntry';

export interface Fix {
  title: string;
  diagnostic: Diagnostic;
  /** Edits to the document the diagnostic is in. */
  edits?: TextEdit[];
  /** Changes beyond this document (a new file, another entry). */
  workspaceEdit?: WorkspaceEdit;
  command?: Command;
  /** Safe fixes change nothing but the problem itself; "fix all" and the CLI's --fix apply only these. */
  safe: boolean;
  preferred?: boolean;
}

export function titleFromSlug(slug: string): string {
  return slug.split('-').filter(Boolean).map((word) => word[0].toUpperCase() + word.slice(1)).join(' ');
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

export function fixesFor(input: EntryInput, diagnostics: readonly Diagnostic[]): Fix[] {
  const fixes: Fix[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || typeof diagnostic.code !== 'string' || !isDiagnosticCode(diagnostic.code)) continue;
    const span = { start: input.document.offsetAt(diagnostic.range.start), end: input.document.offsetAt(diagnostic.range.end) };
    const make = (title: string, edits: TextEdit[], safe: boolean, extra: Partial<Fix> = {}) => fixes.push({ title, diagnostic, edits, safe, ...extra });
    switch (diagnostic.code) {
      case 'unknown-slug':
      case 'unknown-link': {
        const suggestions = (diagnostic.data as SuggestionData | undefined)?.suggestions ?? [];
        const typed = slugFromReference(input.document.getText(diagnostic.range), relatedPrefixes(input.settings)) ?? '';
        const onlyTypo = suggestions.length === 1 && editDistance(typed, suggestions[0], 2) <= 2;
        for (const suggestion of suggestions) {
          make(`Change to '${suggestion}'`, [{ range: slugRange(input, span, typed), newText: suggestion }], onlyTypo, { preferred: onlyTypo });
        }
        const creatable = typed && new RegExp(input.settings.slugPattern, 'u').test(typed);
        // Not when that file already exists (its slug may come from a field and differ from its name).
        if (creatable && !input.index.entryAt(newEntryUri(input, typed))) fixes.push(createEntryFix(input, diagnostic, typed));
        break;
      }
      case 'unknown-category':
      case 'unknown-icon':
      case 'unknown-page':
        for (const suggestion of (diagnostic.data as SuggestionData | undefined)?.suggestions ?? []) {
          make(`Change to '${suggestion}'`, [{ range: diagnostic.range, newText: suggestion }], false);
        }
        break;
      case 'duplicate-related':
      case 'self-related': {
        const edit = removeListItem(input, span);
        if (edit) make('Remove this related item', [edit], true, { preferred: true });
        break;
      }
      case 'required-field-missing': {
        const field = (diagnostic.data as MissingFieldData | undefined)?.field;
        const edit = field && !input.entry.frontmatter?.fields.some((f) => f.key === field) ? insertField(input, field) : undefined;
        if (edit) make(`Add '${field}'`, [edit], false);
        break;
      }
      case 'unknown-key': {
        const field = input.entry.frontmatter?.fields.find((f) => f.keySpan.start === span.start);
        if (!field) break;
        for (const suggestion of (diagnostic.data as SuggestionData | undefined)?.suggestions ?? []) {
          make(`Rename to '${suggestion}'`, [{ range: diagnostic.range, newText: suggestion }], false);
        }
        make(`Remove '${field.key}'`, [removeField(input, field)], false);
        break;
      }
      case 'unclosed-fence': {
        const edit = closeFence(input, span);
        if (edit) make('Close the code fence', [edit], true, { preferred: true });
        break;
      }
      case 'tool-call-debris':
        make('Remove the tool-call markup', [removeDebris(input, span)], true, { preferred: true });
        break;
      case 'frontmatter-misplaced':
        fixes.push(...moveFrontmatterFixes(input, diagnostic));
        break;
      case 'mermaid-outside-fence': {
        const edits = wrapInMermaidFence(input, diagnostic);
        // Not safe for fix-all: where the diagram text ends is a guess the writer should see.
        if (edits) make('Wrap in a ```mermaid fence', edits, false, { preferred: true });
        break;
      }
      case 'unlinked-mention': {
        const mention = diagnostic.data as MentionData | undefined;
        if (!mention?.slug) break;
        const target = `${input.settings.linkPrefix}${mention.slug}`;
        // Only a link the glossary reads back as a link to that entry (a prefix such as `` would not be).
        if (entryLinkSlug(target, input.settings.linkPrefix) === mention.slug) {
          make(`Link to '${mention.title}'`, [{ range: diagnostic.range, newText: `[${input.document.getText(diagnostic.range)}](${target})` }], false, { preferred: true });
        }
        const related = addRelatedEdit(input.document.getText(), `${input.settings.relatedPrefix}${mention.slug}`, input.settings.debrisTags);
        if (related) make(`Add '${mention.slug}' to related`, [related], false);
        break;
      }
      case 'frontmatter-missing':
        make('Add frontmatter', [{ range: { start: input.document.positionAt(input.entry.textStart), end: input.document.positionAt(input.entry.textStart) }, newText: newFrontmatter(input) }], false);
        break;
      default:
        break;
    }
  }
  return fixes;
}

function slugRange(input: EntryInput, span: Span, typed: string) {
  const text = input.document.getText().slice(span.start, span.end);
  const at = typed ? text.lastIndexOf(typed) : -1;
  const start = at >= 0 ? span.start + at : span.start;
  const end = at >= 0 ? start + typed.length : span.end;
  return { start: input.document.positionAt(start), end: input.document.positionAt(end) };
}

function newEntryUri(input: EntryInput, slug: string): string {
  return Utils.joinPath(Utils.dirname(URI.parse(input.document.uri)), `${slug}.md`).toString();
}

function createEntryFix(input: EntryInput, diagnostic: Diagnostic, slug: string): Fix {
  const uri = newEntryUri(input, slug);
  const text = newEntryText(input.settings, { title: titleFromSlug(slug), slug, category: stringField(input.entry, 'category') ?? '', related: [input.slug] });
  return {
    title: `Create entry '${slug}'`,
    diagnostic,
    safe: false,
    workspaceEdit: {
      documentChanges: [
        // If the file appeared meanwhile the whole edit fails rather than prepend a template to it.
        { kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false } },
        { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }] },
      ],
    },
    command: { title: 'Open the new entry', command: OPEN_ENTRY_COMMAND, arguments: [uri] },
  };
}

/** Deletes a list item: its whole line in a block list, the item and one comma in a flow list. */
function removeListItem(input: EntryInput, span: Span): TextEdit | undefined {
  const text = input.document.getText();
  const field = input.entry.frontmatter?.fields.find((f) => f.key === 'related');
  if (!field || field.value.kind !== 'list') return undefined;
  const item = field.value.items.find((i) => i.span.start <= span.start && span.end <= i.span.end + 1);
  if (!item) return undefined;
  const range = (start: number, end: number) => ({ start: input.document.positionAt(start), end: input.document.positionAt(end) });
  if (!field.value.flow) {
    const start = lineStartOf(text, item.span.start);
    return { range: range(start, lineAfter(text, item.span.end)), newText: '' };
  }
  let start = item.span.start;
  let end = item.span.end;
  while (end < text.length && /['"]/.test(text[end])) end++;
  while (start > 0 && /['"]/.test(text[start - 1])) start--;
  const after = /^\s*,\s*/.exec(text.slice(end));
  if (after) return { range: range(start, end + after[0].length), newText: '' };
  const before = /,\s*$/.exec(text.slice(0, start));
  return { range: range(before ? start - before[0].length : start, end), newText: '' };
}

function insertField(input: EntryInput, key: string): TextEdit | undefined {
  const frontmatter = input.entry.frontmatter;
  if (!frontmatter?.closeSpan) return undefined;
  const { format } = frontmatter;
  const mostUsedCategory = input.index.categories()[0]?.name;
  const value = key === input.settings.titleField ? titleFromSlug(input.slug) : key === 'category' && mostUsedCategory ? mostUsedCategory : undefined;
  const written = key === 'related' ? listValue(format, []) : stringValue(format, value ?? '');
  const field = fieldLine(format, key, written);
  return insertFieldText(input.document.getText(), frontmatter, field, (offset) => input.document.positionAt(offset));
}

/**
 * The edit that adds a field line to a closed frontmatter: before the closing `---` or `+++` line,
 * or, in JSON, after the last field with the comma it needs (the first field: after the `{`).
 */
function insertFieldText(text: string, frontmatter: Frontmatter, field: string, positionAt: (offset: number) => Position): TextEdit {
  const eol = eolOf(text);
  if (frontmatter.format !== 'json') {
    const at = positionAt(frontmatter.closeSpan!.start);
    return { range: { start: at, end: at }, newText: `${field}${eol}` };
  }
  const last = frontmatter.fields[frontmatter.fields.length - 1];
  if (!last) {
    const at = positionAt(frontmatter.openSpan.end);
    return { range: { start: at, end: at }, newText: `${eol}  ${field}${eol}` };
  }
  // A string value's span stops inside its quotes: the closing quote goes first.
  const end = last.value.kind === 'string' && /^["']/.test(text.slice(last.value.span.end)) ? last.span.end + 1 : last.span.end;
  const indent = /^[ \t]*/.exec(text.slice(lineStartOf(text, last.keySpan.start)))![0];
  const at = positionAt(end);
  return { range: { start: at, end: at }, newText: `,${eol}${indent}${field}` };
}

function removeField(input: EntryInput, field: FrontmatterField): TextEdit {
  const text = input.document.getText();
  const range = (from: number, to: number) => ({ start: input.document.positionAt(from), end: input.document.positionAt(to) });
  if (input.entry.frontmatter?.format === 'json') {
    // The member from its key's quote to its value's end, with one comma: the one after it, or the one before the last member.
    const start = field.keySpan.start - 1;
    let end = field.value.kind === 'string' ? field.span.end + 1 : field.span.end;
    const after = /^\s*,[ \t]*(?:\r?\n[ \t]*)?/.exec(text.slice(end));
    if (after) return { range: range(start, end + after[0].length), newText: '' };
    const before = /,\s*$/.exec(text.slice(0, start));
    end = Math.max(end, start);
    return { range: range(before ? start - before[0].length : start, end), newText: '' };
  }
  const start = lineStartOf(text, field.keySpan.start);
  const end = lineAfter(text, Math.max(field.span.end - 1, field.keySpan.end));
  return { range: range(start, end), newText: '' };
}

const HEADING_LINE = /^ {0,3}(#{1,6})\s+\S/;
const MARKDOWN_BLOCK_LINE = /^ {0,3}([-*+]\s+\S|\d+[.)]\s+\S|\|.*\|\s*$)/;
/** A line of plain words with no diagram syntax: prose, not Mermaid. */
const PROSE_LINE = /^[A-Z][a-z]+(?: [A-Za-z][a-z]*)*[.:]?$/;

/**
 * Closes an unclosed fence just after its last code line: before the next heading, or, for
 * Mermaid, before the first Markdown list, table or plain-prose line — whichever comes first.
 */
function closeFence(input: EntryInput, span: Span): TextEdit | undefined {
  const text = input.document.getText();
  const fence = input.entry.fences.find((f) => f.openSpan.start === span.start && !f.closeSpan);
  if (!fence) return undefined;
  const opener = text.slice(fence.openSpan.start, fence.openSpan.end).trim();
  const marker = /^(`{3,}|~{3,})/.exec(opener)?.[1] ?? '```';
  const eol = eolOf(text);
  // A fence in a list item closes at the item's indentation (the marker's width in spaces).
  const indent = text.slice(lineStartOf(text, fence.openSpan.start), fence.openSpan.start).replace(/[^\t]/g, ' ');
  let lastCode = fence.openSpan.end;
  let offset = fence.contentSpan.start;
  while (offset < fence.contentSpan.end) {
    const end = lineContentEnd(text, offset);
    const line = text.slice(offset, end);
    // `# comment` is code in Python or shell; only `##` and deeper headings clearly are not, except in Mermaid, which has no `#` comments.
    const heading = HEADING_LINE.exec(line);
    const isHeading = !!heading && (heading[1].length >= 2 || fence.language === 'mermaid');
    const notCode = isHeading || (fence.language === 'mermaid' && (MARKDOWN_BLOCK_LINE.test(line) || PROSE_LINE.test(line.trim())));
    if (notCode) break;
    if (line.trim() !== '') lastCode = end;
    offset = lineAfter(text, offset);
    if (offset === end) break;
  }
  const position = input.document.positionAt(lastCode);
  return { range: { start: position, end: position }, newText: `${eol}${indent}${marker}` };
}

/**
 * Puts ```mermaid before the run of diagram text the diagnostic is on and ``` after it. The run is
 * found again in the current text (the diagnostic's data may be stale); the data is the fallback.
 */
function wrapInMermaidFence(input: EntryInput, diagnostic: Diagnostic): TextEdit[] | undefined {
  const text = input.document.getText();
  const line = diagnostic.range.start.line;
  const run = findMermaidTextRuns(text, input.entry).find((r) => r.startLine === line);
  const data = diagnostic.data as MermaidTextData | undefined;
  const endLine = run?.endLine ?? (data && data.startLine === line && data.endLine >= line && data.endLine < input.document.lineCount ? data.endLine : undefined);
  if (endLine === undefined) return undefined;
  const eol = eolOf(text);
  const start = input.document.offsetAt({ line, character: 0 });
  const end = run?.end ?? lineContentEnd(text, input.document.offsetAt({ line: endLine, character: 0 }));
  return [
    { range: { start: input.document.positionAt(start), end: input.document.positionAt(start) }, newText: `\`\`\`mermaid${eol}` },
    { range: { start: input.document.positionAt(end), end: input.document.positionAt(end) }, newText: `${eol}\`\`\`` },
  ];
}

/** Removes a debris tag, or its whole line when the line holds nothing but debris. */
function removeDebris(input: EntryInput, span: Span): TextEdit {
  const text = input.document.getText();
  // The first line starts after a byte-order mark, which belongs to the file, not to the line.
  const start = Math.max(lineStartOf(text, span.start), input.entry.textStart);
  const end = lineContentEnd(text, span.start);
  const others = input.entry.debris.filter((d) => d.span.start >= start && d.span.end <= end);
  let rest = text.slice(start, end);
  for (const tag of [...others].reverse()) rest = rest.slice(0, tag.span.start - start) + rest.slice(tag.span.end - start);
  // `<path>content/glossary/x.md</path>`: the text between a pair of debris tags is debris too.
  const pairedOnly = others.length >= 2 && /^<([\w-]+)>.*<\/\1>$/.test(text.slice(start, end).trim());
  const range = (from: number, to: number) => ({ start: input.document.positionAt(from), end: input.document.positionAt(to) });
  if (rest.trim() === '' || pairedOnly) {
    const next = lineAfter(text, span.start);
    // On a last line without a line break, the break before it goes instead, so the file keeps its ending.
    const lastLine = next === text.length && !text.endsWith('\n') && !text.endsWith('\r');
    const from = lastLine && start > 0 ? start - (text.slice(0, start).endsWith('\r\n') ? 2 : 1) : start;
    return { range: range(from, next), newText: '' };
  }
  return { range: range(span.start, span.end), newText: '' };
}

function moveFrontmatterFixes(input: EntryInput, diagnostic: Diagnostic): Fix[] {
  const frontmatter = input.entry.frontmatter;
  if (!frontmatter?.misplaced || !frontmatter.closeSpan) return [];
  const text = input.document.getText();
  const blockEnd = lineAfter(text, frontmatter.closeSpan.start);
  let block = text.slice(frontmatter.openSpan.start, blockEnd);
  if (!block.endsWith('\n')) block += eolOf(text);
  const top = input.document.positionAt(input.entry.textStart);
  const range = (from: number, to: number) => ({ start: input.document.positionAt(from), end: input.document.positionAt(to) });
  return [
    {
      title: 'Move the frontmatter to the top of the file',
      diagnostic,
      safe: false,
      edits: [{ range: { start: top, end: top }, newText: block }, { range: range(frontmatter.openSpan.start, blockEnd), newText: '' }],
    },
    {
      title: 'Move the frontmatter to the top and delete the text above it',
      diagnostic,
      safe: false,
      edits: [{ range: range(input.entry.textStart, blockEnd), newText: block }],
    },
  ];
}

function newFrontmatter(input: EntryInput): string {
  const eol = eolOf(input.document.getText());
  const category = input.index.categories()[0]?.name ?? "''";
  return ['---', `title: ${titleFromSlug(input.slug)}`, "description: ''", `category: ${category}`, 'related: []', '---', ''].join(eol);
}

/**
 * The edit that adds `slug` to the `related` list of another entry, given that entry's text:
 * a new line after the last block item, an item before the `]` of a flow list, or a new field.
 */
export function addRelatedEdit(targetText: string, slug: string, debrisTags: readonly string[]): TextEdit | undefined {
  const entry = parseEntry(targetText, { debrisTags });
  const frontmatter = entry.frontmatter;
  if (!frontmatter?.closeSpan || frontmatter.problems.some((p) => p.kind !== 'duplicate-key')) return undefined;
  const { format } = frontmatter;
  const eol = eolOf(targetText);
  const positions = scanningPositions(targetText);
  const positionAt = (offset: number) => positions.positionAt(offset);
  const field = frontmatter.fields.find((f) => f.key === 'related');
  const items = relatedItems(entry);
  if (!field) {
    const written = format === 'yaml' ? `related:${eol}- ${slug}` : fieldLine(format, 'related', listValue(format, [slug]));
    return insertFieldText(targetText, frontmatter, written, positionAt);
  }
  if (field.value.kind === 'empty') {
    if (format !== 'yaml') return undefined;
    const at = positionAt(lineContentEnd(targetText, field.keySpan.start));
    return { range: { start: at, end: at }, newText: `${eol}- ${slug}` };
  }
  if (field.value.kind !== 'list') return undefined;
  const item = format === 'yaml' ? slug : stringValue(format, slug);
  if (field.value.flow) {
    const close = targetText.lastIndexOf(']', field.value.span.end);
    if (close < field.value.span.start) return undefined;
    const at = positionAt(close);
    return { range: { start: at, end: at }, newText: items.length ? `, ${item}` : item };
  }
  const last = items[items.length - 1];
  if (!last) return undefined;
  const lineStart = lineStartOf(targetText, last.span.start);
  const indent = /^[ \t]*/.exec(targetText.slice(lineStart))![0];
  const at = positionAt(lineContentEnd(targetText, last.span.end));
  return { range: { start: at, end: at }, newText: `${eol}${indent}- ${slug}` };
}

export function oneWayTarget(diagnostic: Diagnostic): string | undefined {
  return diagnostic.code === 'one-way-relation' ? (diagnostic.data as OneWayData | undefined)?.target : undefined;
}

/** Keeps the first of any edits that overlap, so that a batch of fixes applies cleanly. */
export function nonOverlapping(edits: TextEdit[], document: TextDocument): TextEdit[] {
  const withOffsets = edits.map((edit) => ({ edit, start: document.offsetAt(edit.range.start), end: document.offsetAt(edit.range.end) }));
  const kept: typeof withOffsets = [];
  for (const candidate of withOffsets) {
    const clash = kept.some((k) => candidate.start < k.end && k.start < candidate.end || (candidate.start === k.start && candidate.end === k.end));
    if (!clash) kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start).map((k) => k.edit);
}
