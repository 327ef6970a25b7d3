import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParsedEntry, Span } from '../parsing';
import type { GlossaryIndex } from '../glossaryIndex';
import { BestEntries, slugSearchOf } from '../ranking';

/**
 * LSP: a symbol's name "must not be an empty string or a string only consisting of white spaces"
 * (VS Code drops the whole outline otherwise). A key or item like that is shown quoted, as written.
 */
function visibleName(text: string): string {
  return text.trim() ? text : JSON.stringify(text);
}

/** An outline of an entry: its frontmatter fields, its headings (nested by level) and its diagrams. */
export function getDocumentSymbols(document: TextDocument, entry: ParsedEntry): DocumentSymbol[] {
  const range = (span: Span) => ({ start: document.positionAt(span.start), end: document.positionAt(span.end) });
  const text = document.getText();
  const symbols: DocumentSymbol[] = [];
  const frontmatter = entry.frontmatter;
  if (frontmatter) {
    const whole = { start: frontmatter.openSpan.start, end: frontmatter.closeSpan?.end ?? frontmatter.contentSpan.end };
    symbols.push({
      name: 'Frontmatter',
      kind: SymbolKind.Namespace,
      range: range(whole),
      selectionRange: range(frontmatter.openSpan),
      children: frontmatter.fields.map((field): DocumentSymbol => ({
        name: visibleName(field.key),
        detail: field.value.kind === 'string' ? field.value.text.slice(0, 80) : field.value.kind === 'list' ? `${field.value.items.length} items` : undefined,
        kind: SymbolKind.Property,
        range: range(field.span),
        selectionRange: range(field.keySpan),
        children: field.value.kind === 'list'
          ? field.value.items.filter((item) => item.text).map((item) => ({ name: visibleName(item.text!), kind: SymbolKind.Constant, range: range(item.span), selectionRange: range(item.span) }))
          : undefined,
      })),
    });
  }

  // Headings and diagrams in document order; a heading holds what follows it until a heading of its level or higher.
  type Node = { level: number; symbol: DocumentSymbol };
  const stack: Node[] = [];
  const items = [
    ...entry.headings.map((heading) => ({ start: heading.span.start, heading })),
    ...entry.fences.filter((fence) => fence.language === 'mermaid').map((fence) => ({ start: fence.openSpan.start, fence })),
  ].sort((a, b) => a.start - b.start);
  const close = (node: Node, end: number) => {
    node.symbol.range.end = document.positionAt(Math.max(end, document.offsetAt(node.symbol.range.start)));
  };
  const place = (symbol: DocumentSymbol) => {
    const parent = stack[stack.length - 1];
    if (parent) (parent.symbol.children ??= []).push(symbol);
    else symbols.push(symbol);
  };
  for (const item of items) {
    if ('heading' in item && item.heading) {
      const { heading } = item;
      while (stack.length && stack[stack.length - 1].level >= heading.level) close(stack.pop()!, heading.span.start);
      const symbol: DocumentSymbol = { name: heading.text || '(empty heading)', kind: SymbolKind.String, range: range(heading.span), selectionRange: range(heading.span) };
      place(symbol);
      stack.push({ level: heading.level, symbol });
    } else if ('fence' in item && item.fence) {
      const { fence } = item;
      const end = fence.closeSpan?.end ?? fence.contentSpan.end;
      const firstLine = text.slice(fence.contentSpan.start, fence.contentSpan.end).split('\n', 1)[0].trim();
      place({ name: `Mermaid: ${firstLine || 'diagram'}`, detail: fence.closeSpan ? undefined : 'never closed', kind: SymbolKind.Object, range: range({ start: fence.openSpan.start, end }), selectionRange: range(fence.openSpan) });
    }
  }
  while (stack.length) close(stack.pop()!, text.length);
  return symbols;
}

/** Entries whose slug or title matches `query`, best first, at most `limit`. */
export function getWorkspaceSymbols(index: GlossaryIndex, query: string, limit = 256): SymbolInformation[] {
  const normalized = query.trim().toLowerCase();
  const best = new BestEntries(limit);
  slugSearchOf(index).forEachMatch(normalized, (entry, score) => best.offer(entry, score), (score, slug) => best.wants(score, slug), (bestPossible) => best.wants(bestPossible, ''));
  return best.best().map((entry) => ({
    // A blank title names nothing (and LSP forbids a blank name): the slug, as for an entry without one.
    name: entry.title?.trim() ? entry.title : entry.slug,
    kind: SymbolKind.File,
    location: { uri: entry.uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
    containerName: entry.category ? `${entry.slug} · ${entry.category}` : entry.slug,
  }));
}
