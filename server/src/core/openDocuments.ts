import type { TextDocument } from 'vscode-languageserver-textdocument';
import { FixedDocument } from './positions';
import { analyzeEntryText, type AnalyzedText, type EntryAnalyzer } from './entryFile';
import type { ParsedEntry } from './parsing';
import { findTopFrontmatter } from './parsing/frontmatterBlock';
import { yieldToPendingEvents } from './scheduling';
import type { GlossarySettings } from './settings';
import type { Logger } from './workspace';

/** One version of an entry's text, parsed: what every feature provider reads. */
export interface ParsedDocument {
  /** Canonical URI (see canonicalUri); `document.uri` keeps the editor's spelling. */
  uri: string;
  document: TextDocument;
  entry: ParsedEntry;
  slug: string;
  truncatedAt: number | undefined;
}

/**
 * Open documents at least this long are parsed off the main thread. Parsing holds the thread ~0.6 ms
 * for 65,000 characters of prose, ~3 ms for 257,000 (p50, `node --import tsx bench/parse.ts`);
 * below this size the round trip to a worker and back costs a keystroke more than the parse saves.
 */
export const OFF_THREAD_PARSE_MIN_CHARACTERS = 256_000;

/**
 * Documents whose frontmatter is at least this long are parsed off the main thread too: YAML costs
 * several times more per character than prose, and such a document (a 10,000-item related list)
 * is one whose diagnostics take long, so requests about other documents go first.
 */
export const OFF_THREAD_FRONTMATTER_MIN_CHARACTERS = 32_000;

/** Whether `text` is large enough to be parsed off the main thread (see the two thresholds). */
export function parsesOffThread(text: string): boolean {
  if (text.length >= OFF_THREAD_PARSE_MIN_CHARACTERS) return true;
  if (text.length < OFF_THREAD_FRONTMATTER_MIN_CHARACTERS) return false;
  // An unclosed frontmatter runs to the end of the text.
  return (findTopFrontmatter(text, text.charCodeAt(0) === 0xfeff ? 1 : 0)?.bodyStart ?? 0) >= OFF_THREAD_FRONTMATTER_MIN_CHARACTERS;
}

export function parseDocument(uri: string, document: TextDocument, settings: GlossarySettings, byteLength?: number): ParsedDocument {
  const { entry, slug, truncatedAt } = analyzeEntryText(uri, document.getText(), settings, byteLength);
  return { uri, document, entry, slug, truncatedAt };
}

export interface OpenDocumentsOptions {
  settings: () => GlossarySettings;
  logger: Logger;
  /** Another thread to parse large documents on; without it, every parse runs in-line. */
  analyzer?: EntryAnalyzer;
  /** Each parse that becomes a document's current one goes here; returns the entries it affects. */
  accept: (parsed: ParsedDocument) => Set<string>;
}

/**
 * The documents open in the editor, each parsed at its latest version. A large one is parsed on
 * another thread while requests go on being answered from its previous version; a parse that a
 * newer version (or closing the document) overtook is dropped. Every URI here is canonical.
 */
export class OpenDocuments {
  private readonly open = new Map<string, ParsedDocument>();
  /** The latest off-thread parse asked for, per document; an older one that lands is dropped. */
  private readonly pendingParses = new Map<string, Promise<AnalyzedText>>();

  constructor(private readonly options: OpenDocumentsOptions) {}

  has(uri: string): boolean {
    return this.open.has(uri);
  }

  get(uri: string): ParsedDocument | undefined {
    return this.open.get(uri);
  }

  uris(): string[] {
    return [...this.open.keys()];
  }

  /** The version of each open document, by URI: edits of a rename are made against these. */
  versions(): Map<string, number> {
    return new Map([...this.open].map(([uri, parsed]) => [uri, parsed.document.version]));
  }

  /** Parses the document's text here and makes it the current version. */
  set(uri: string, document: TextDocument): Set<string> {
    this.pendingParses.delete(uri);
    return this.accept(parseDocument(uri, document, this.options.settings()));
  }

  private accept(parsed: ParsedDocument): Set<string> {
    this.open.set(parsed.uri, parsed);
    return this.options.accept(parsed);
  }

  /** Whether `document` is large enough that setOffThread should take it. */
  parsesOffThread(document: TextDocument): boolean {
    return !!this.options.analyzer && parsesOffThread(document.getText());
  }

  /**
   * `set` for a large document, parsed on another thread. Resolves to the entries affected, or
   * undefined when a newer version (or closing it) overtook this parse.
   */
  async setOffThread(uri: string, document: TextDocument): Promise<Set<string> | undefined> {
    const { analyzer, logger } = this.options;
    if (!analyzer) return this.set(uri, document);
    // The editor's document object changes in place with every edit; the parse belongs to this text.
    const snapshot = new FixedDocument(document.uri, document.languageId, document.version, document.getText());
    const pending = analyzer.analyzeText(uri, snapshot.getText(), this.options.settings());
    this.pendingParses.set(uri, pending);
    let analyzed;
    try {
      analyzed = await pending;
    } catch (error) {
      if (this.pendingParses.get(uri) !== pending) return undefined;
      logger.log(`${uri}: parsing on a worker thread failed (${error instanceof Error ? error.message : String(error)}); parsing it here.`);
      return this.set(uri, snapshot);
    }
    if (this.pendingParses.get(uri) !== pending) return undefined;
    this.pendingParses.delete(uri);
    return this.accept({ uri, document: snapshot, entry: analyzed.entry, slug: analyzed.slug, truncatedAt: analyzed.truncatedAt });
  }

  /** Whether the document's latest text is still being parsed on another thread. */
  isParsePending(uri: string): boolean {
    return this.pendingParses.has(uri);
  }

  /** Resolves once the document's latest text has been parsed (at once when nothing is pending). */
  async parsed(uri: string): Promise<void> {
    for (let pending = this.pendingParses.get(uri); pending; pending = this.pendingParses.get(uri)) {
      await pending.catch(() => undefined);
      // setOffThread settles the map right after the parse lands; let it run first.
      await yieldToPendingEvents();
    }
  }

  /** Forgets the document and any parse of it still under way. */
  close(uri: string): void {
    this.open.delete(uri);
    this.pendingParses.delete(uri);
  }

  /** Parses every open document again under new settings; their summaries in the index follow at their next edit. */
  reparseAll(): void {
    for (const [uri, parsed] of this.open) this.open.set(uri, parseDocument(uri, parsed.document, this.options.settings()));
  }
}
