import type { TextDocument } from 'vscode-languageserver-textdocument';
import { FixedDocument } from './positions';
import type {
  CodeAction,
  CodeLens,
  CompletionList,
  Diagnostic,
  DocumentLink,
  DocumentSymbol,
  Hover,
  Location,
  Position,
  Range,
  SymbolInformation,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-types';
import { URI } from 'vscode-uri';
import { EntryMatcher } from './entryMatcher';
import { decodeEntryBytes, type EntryAnalyzer } from './entryFile';
import { fixAllEdits, getCodeActions } from './features/codeActions';
import { completionWarmUp, getCompletions, prepareUntypedCompletion } from './features/completion';
import { computeDiagnostics, prepareSuggestions, SuggestionCache } from './features/diagnostics';
import { BestEntries, slugSearchOf } from './ranking';
import { MentionIndex, mentionTermsOf } from './mentions/mentionIndex';
import { termWords } from './mentions/termMatcher';
import { relationshipGraph, type RelationshipGraph } from './features/graph';
import { glossaryStats, type GlossaryStats } from './features/stats';
import { getHover } from './features/hover';
import { mermaidBlocks, mermaidCheckEnabled, type MermaidBlock } from './features/mermaidSyntax';
import { getCodeLenses, getDefinition, getDocumentLinks, getReferences } from './features/navigation';
import { planNewEntry, type NewEntryParams, type NewEntryResult } from './features/newEntry';
import { editsForFileRenames, getRenameEdit, prepareRename } from './features/rename';
import { siteCompletions, siteDefinition, siteDiagnostics, siteHover, type SiteInput } from './features/siteReferences';
import { getDocumentSymbols, getWorkspaceSymbols } from './features/symbols';
import { GlossaryIndex, packedSummary, type EntrySummary, type PackedSummary } from './glossaryIndex';
import type { IconSets } from './icons';
import { OpenDocuments, parseDocument, type ParsedDocument } from './openDocuments';
import { referenceAt } from './references';
import { checkingDownTo, DEFAULT_SETTINGS, type GlossarySettings } from './settings';
import type { ReportedLevel } from './diagnosticCodes';
import { SitePageIndex } from './sitePages';
import { firstParagraphOf, frontmatterParsed, shownFirstParagraph, summarizeEntry, type FirstParagraph } from './summarize';
import { detachText } from './slugs';
import { silentLogger, type GlossaryWorkspace, type Logger } from './workspace';
import { WorkspaceIndexer, type CancellationSignal, type FileChange, type IndexReport } from './workspaceIndexer';

export type { CancellationSignal, FileChange, IndexReport } from './workspaceIndexer';

/** What checking one file gives before Mermaid has parsed its diagrams (see checkFile). */
export interface FileCheck {
  diagnostics: Diagnostic[];
  mermaidBlocks: MermaidBlock[];
}

/** First paragraphs kept for hovers (see firstParagraphOf). */
const FIRST_PARAGRAPHS_KEPT = 64;
/** At most this many of the entries an open entry names are read ahead of the rest (readNamedEntriesAhead). */
const READ_AHEAD_MAX = 200;
/** The document completionWarmUp completes in: in no workspace, never opened, never indexed. */
const WARM_UP_URI = 'untitled:glossary-completion-warm-up';

/**
 * One spelling per file: editors encode URIs differently (`c++` vs `c%2B%2B`), and the index must
 * not see one file as two entries.
 */
export function canonicalUri(uri: string): string {
  try {
    return URI.parse(uri).toString();
  } catch {
    return uri;
  }
}

/**
 * The glossary language service, as the fronts (the language server, the CLI, the workers) and the
 * tests see it: the index of the workspace's entries (kept by a WorkspaceIndexer), the documents
 * open in the editor (OpenDocuments), and the features computed over them. It knows nothing of LSP
 * transport, and no front reaches past it into the index. URIs come in any spelling; inside they
 * are canonical.
 */
export class GlossaryService {
  private settingsValue: GlossarySettings;
  private matcher: EntryMatcher;
  private readonly suggestions = new SuggestionCache();
  /** First paragraphs read for hovers (see firstParagraphOf), with the index entry each was read for. */
  private readonly firstParagraphs = new Map<string, { entry: EntrySummary | undefined; paragraph: FirstParagraph | undefined }>();
  private checkingSettings: { of: GlossarySettings; lowest: ReportedLevel; settings: GlossarySettings } | undefined;
  /** Whether searchPreparations has handed out the completion warm-up (compiled code stays compiled). */
  private completionWarmUpGiven = false;
  /** The icon sets of `logoIcon` values, as the host provides them (see LoadedIconSets); without them, icons are not checked. */
  private readonly icons: IconSets | undefined;
  private readonly indexer: WorkspaceIndexer;
  private readonly documents: OpenDocuments;
  private readonly mentions: MentionIndex;
  /** Pages of the site's other sections, which references may name beside entries. */
  private readonly sitePages: SitePageIndex;

  constructor(
    private readonly workspace: GlossaryWorkspace,
    settings: GlossarySettings = DEFAULT_SETTINGS,
    logger: Logger = silentLogger,
    icons?: IconSets,
    /** Other threads to index and parse large documents on; without it, all work runs in-line. */
    analyzer?: EntryAnalyzer,
    /** The index to keep; a test passes its own to look inside it. */
    private readonly index: GlossaryIndex = new GlossaryIndex(),
  ) {
    this.settingsValue = settings;
    this.icons = icons;
    this.mentions = new MentionIndex(index, (uri) => this.documents.has(uri));
    this.matcher = new EntryMatcher(workspace.folders, settings.include, settings.exclude);
    const currentSettings = () => this.settingsValue;
    this.documents = new OpenDocuments({
      settings: currentSettings,
      logger,
      analyzer,
      accept: (parsed) => this.indexer.acceptEditorVersion(summarizeEntry(parsed.uri, parsed.slug, parsed.document, parsed.entry, this.settingsValue)),
    });
    this.sitePages = new SitePageIndex(workspace, currentSettings, (uri) => this.isEntry(uri));
    this.indexer = new WorkspaceIndexer({
      workspace,
      index,
      settings: currentSettings,
      isEntry: (uri) => this.isEntry(uri),
      isOpen: (uri) => this.documents.has(uri),
      logger,
      analyzer,
    });
  }

  get settings(): GlossarySettings {
    return this.settingsValue;
  }

  isEntry(uri: string): boolean {
    return this.matcher.matches(uri) && (this.workspace.contains?.(uri) ?? true);
  }

  /** The indexed entry at `uri` (any spelling). */
  entryAt(uri: string): EntrySummary | undefined {
    return this.index.entryAt(canonicalUri(uri));
  }

  /** The entry a slug names in this glossary (the first indexed, when files share it). */
  entryForSlug(slug: string): EntrySummary | undefined {
    return this.index.entryFor(slug);
  }

  isOpen(uri: string): boolean {
    return this.documents.has(canonicalUri(uri));
  }

  /** How many entries the index holds. */
  get entryCount(): number {
    return this.index.size;
  }

  /** Canonical URIs of every indexed entry. */
  entryUris(): string[] {
    return [...this.index.entries()].map((entry) => entry.uri);
  }

  /** Whether the file at `uri` (any spelling) is an entry of the index. */
  isIndexed(uri: string): boolean {
    return this.index.entryAt(canonicalUri(uri)) !== undefined;
  }

  /** The summary of every indexed entry as `pack` makes it (its references packed; checkingSummary for a thread that only checks): what another thread needs to check entries as this one would (see loadSummaries). */
  packedSummaries(pack: (summary: EntrySummary) => PackedSummary = packedSummary): PackedSummary[] {
    return [...this.index.entries()].map((summary) => pack(summary));
  }

  /**
   * Takes in summaries another service made (packedSummaries), in place of reading the workspace.
   * `add`, not `upsert`: no entry is open here to re-check, so whom each one affects is not worked out.
   */
  loadSummaries(summaries: Iterable<EntrySummary | PackedSummary>): void {
    for (const summary of summaries) this.index.add(summary);
  }

  /** Canonical URIs of the open entries. */
  openUris(): string[] {
    return this.documents.uris();
  }

  /** The open entry at `uri` (any spelling), as the editor sent it. */
  getOpen(uri: string): ParsedDocument | undefined {
    return this.documents.get(canonicalUri(uri));
  }

  /**
   * Replaces the settings. Returns true when the set of entries or their parse may differ, in
   * which case the caller re-indexes; otherwise re-checking open documents is enough.
   */
  updateSettings(settings: GlossarySettings): boolean {
    const previous = this.settingsValue;
    this.settingsValue = settings;
    this.matcher = new EntryMatcher(this.workspace.folders, settings.include, settings.exclude);
    // These decide which files are entries and what their summaries hold; the rest only change checks.
    const shaping = ['include', 'exclude', 'linkPrefix', 'relatedPrefix', 'debrisTags', 'maxFileSize', 'slugField', 'titleField', 'aliasFields', 'contentRoot', 'sections'] as const;
    const needsReindex = shaping.some((key) => JSON.stringify(previous[key]) !== JSON.stringify(settings[key]));
    if (needsReindex) this.documents.reparseAll();
    return needsReindex;
  }

  /** Finds and indexes every entry of the workspace, yielding between slices so requests are served meanwhile. */
  async indexWorkspace(onProgress?: (done: number, total: number) => void, token?: CancellationSignal): Promise<IndexReport> {
    const report = await this.indexer.indexWorkspace(onProgress, token);
    if (!report.cancelled) await this.indexSitePages();
    return report;
  }

  /** Whether indexWorkspace left entries without their body links, for readBodyLinks. */
  get hasUnreadLinks(): boolean {
    return !this.index.linksComplete;
  }

  /** After indexWorkspace: the body links of the entries it indexed without them (see WorkspaceIndexer.readBodyLinks). */
  readBodyLinks(token?: CancellationSignal): Promise<void> {
    return this.indexer.readBodyLinks(token);
  }

  /**
   * While the index is first built: reads the entries the open entry at `uri` names ahead of the
   * rest (an editor restoring its tabs asks about them first), calling `onIndexed` after each.
   * Their files are guessed from the slugs, `<slug>.md` beside the entry, as glossaries name them;
   * a guess that misses costs a read.
   */
  async readNamedEntriesAhead(uri: string, onIndexed?: () => void): Promise<void> {
    const canonical = canonicalUri(uri);
    const summary = this.index.entryAt(canonical);
    if (!summary) return;
    // A few hundred at most: an entry naming thousands gains little from reading them first.
    const slugs = [...new Set([...summary.related, ...summary.links].map((reference) => reference.slug))].slice(0, READ_AHEAD_MAX);
    await this.indexer.readAhead(slugs.map((slug) => fileGuessedFor(slug, canonical)), onIndexed);
  }

  /**
   * While the index is first built: reads the entry named at `position` of the open entry `uri`
   * now, ahead of the others (a request about it waits for it), its file guessed as above.
   */
  async readEntryNamedAt(uri: string, position: Position, onIndexed?: () => void): Promise<void> {
    const input = this.inputFor(uri);
    if (!input) return;
    const reference = referenceAt(input.document.getText(), input.entry, input.document.offsetAt(position), input.slug, input.settings);
    if (reference) await this.indexer.readAhead([fileGuessedFor(reference.slug, input.uri)], onIndexed, 'now');
  }

  /** Reads the paths and titles of the other sections' pages (after the entries, which say where the content roots are). */
  indexSitePages(): Promise<void> {
    return this.sitePages.rebuild(this.entryUris());
  }

  /** How many pages of other sections are indexed. */
  get sitePageCount(): number {
    return this.sitePages.pageCount;
  }

  /** A document opened or edited in the editor; its text wins over the file on disk until it is closed. */
  setOpenDocument(document: TextDocument): Set<string> {
    const uri = canonicalUri(document.uri);
    const terms = this.termsOf(uri);
    return this.withTermChanges(uri, terms, this.documents.set(uri, document));
  }

  /** The terms (title, aliases) the mention finder knows an entry by; none when it is no entry. */
  private termsOf(uri: string): string[] {
    const entry = this.index.entryAt(uri);
    return entry ? mentionTermsOf(entry) : [];
  }

  /**
   * The entries a change affects, plus the open ones whose text may mention a term the changed
   * entry gained or lost (a title or alias edited, an entry created or gone): their
   * unlinked-mention hints change. A term cannot be mentioned where its longest word is absent.
   */
  private withTermChanges(uri: string, termsBefore: readonly string[], affected: Set<string>): Set<string> {
    const termsAfter = this.termsOf(uri);
    const changed = [...termsBefore.filter((term) => !termsAfter.includes(term)), ...termsAfter.filter((term) => !termsBefore.includes(term))];
    if (changed.length === 0) return affected;
    const needles = changed.map((term) => termWords(term).map((word) => word.toLowerCase()).reduce((a, b) => (b.length > a.length ? b : a), ''));
    for (const open of this.documents.uris()) {
      if (open === uri || affected.has(open)) continue;
      const text = this.documents.get(open)?.document.getText().toLowerCase();
      if (text && needles.some((needle) => text.includes(needle))) affected.add(open);
    }
    return affected;
  }

  /** Whether `document` is large enough that setOpenDocumentOffThread should take it. */
  parsesOffThread(document: TextDocument): boolean {
    return this.documents.parsesOffThread(document);
  }

  /**
   * setOpenDocument for a large document: parsed on another thread while requests go on being
   * answered from its previous version. Resolves to the entries affected, or undefined when a
   * newer version (or closing it) overtook this parse.
   */
  async setOpenDocumentOffThread(document: TextDocument): Promise<Set<string> | undefined> {
    const uri = canonicalUri(document.uri);
    const terms = this.termsOf(uri);
    const affected = await this.documents.setOffThread(uri, document);
    return affected && this.withTermChanges(uri, terms, affected);
  }

  /** Whether the document's latest text is still being parsed on another thread. */
  isParsePending(uri: string): boolean {
    return this.documents.isParsePending(canonicalUri(uri));
  }

  /** Resolves once the document's latest text has been parsed (at once when nothing is pending). */
  parsed(uri: string): Promise<void> {
    return this.documents.parsed(canonicalUri(uri));
  }

  /** The editor closed the document: the file on disk is the truth again. */
  async closeDocument(documentUri: string): Promise<Set<string>> {
    const uri = canonicalUri(documentUri);
    const terms = this.termsOf(uri);
    this.documents.close(uri);
    return this.withTermChanges(uri, terms, await this.indexer.editorClosed(uri));
  }

  async fileChanged(uri: string, change: FileChange): Promise<Set<string>> {
    const canonical = canonicalUri(uri);
    const terms = this.termsOf(canonical);
    const affected = this.withTermChanges(canonical, terms, await this.indexer.fileChanged(canonical, change));
    // Which open entries name a page is not indexed; a page coming or going re-checks them all.
    if (await this.sitePages.fileChanged(canonical, change)) for (const open of this.documents.uris()) affected.add(open);
    return affected;
  }

  /** The text of an entry: the editor's when it is open, else the file's. */
  private async readEntryText(uri: string): Promise<{ text: string; version: number | null; byteLength: number } | undefined> {
    const open = this.documents.get(uri);
    if (open) return { text: open.document.getText(), version: open.document.version, byteLength: open.document.getText().length };
    const bytes = await this.workspace.readFile(uri);
    const text = bytes && decodeEntryBytes(bytes, this.settingsValue.maxFileSize);
    return text === undefined ? undefined : { text, version: null, byteLength: bytes!.length };
  }

  /** An entry as its features see it: the open document, else the file parsed now. */
  private async parsedEntry(uri: string): Promise<ParsedDocument | undefined> {
    const open = this.documents.get(uri);
    if (open) return open;
    const read = await this.readEntryText(uri);
    return read && parseDocument(uri, new FixedDocument(uri, 'markdown', 0, read.text), this.settingsValue, read.byteLength);
  }

  /**
   * The findings of any entry, open or not (a closed one is read from disk): the diagnostics the
   * core computes now, and the Mermaid blocks whose syntax a Mermaid parser must still check.
   * Undefined when the file cannot be read.
   */
  async checkFile(fileUri: string, lowest: ReportedLevel = 'hint'): Promise<FileCheck | undefined> {
    const parsed = await this.parsedEntry(canonicalUri(fileUri));
    if (!parsed) return undefined;
    // Nothing below `lowest` is looked for: the CLI's report and the whole-glossary check show no lower.
    const settings = this.settingsDownTo(lowest);
    return { diagnostics: this.diagnosticsOf(parsed, settings), mermaidBlocks: mermaidCheckEnabled(settings) ? mermaidBlocks(parsed.document, parsed.entry) : [] };
  }

  diagnostics(uri: string): Diagnostic[] {
    const parsed = this.getOpen(uri);
    return parsed ? this.diagnosticsOf(parsed) : [];
  }

  /** Finds, a slice at a time, the suggestions the open entry's next check will want (see prepareSuggestions). */
  async prepareSuggestions(uri: string): Promise<void> {
    const parsed = this.getOpen(uri);
    if (parsed) await prepareSuggestions({ ...parsed, index: this.index, settings: this.settingsValue }, this.suggestions);
  }

  private diagnosticsOf(parsed: ParsedDocument, settings = this.settingsValue): Diagnostic[] {
    const site = this.siteInput(parsed, settings);
    const diagnostics = computeDiagnostics({
      document: parsed.document,
      entry: parsed.entry,
      slug: parsed.slug,
      uri: parsed.uri,
      index: this.index,
      settings,
      truncatedAt: parsed.truncatedAt,
      suggestionCache: this.suggestions,
      icons: this.icons,
      mentions: this.mentions,
    });
    return site ? diagnostics.concat(siteDiagnostics(site)) : diagnostics;
  }

  /** An entry's input with the sections and pages its references may name, when its site has other sections. */
  private siteInput(parsed: ParsedDocument, settings = this.settingsValue): SiteInput | undefined {
    const site = this.sitePages.siteOf(parsed.uri);
    return site && { ...parsed, index: this.index, settings, site };
  }

  /** The settings with the codes below `lowest` off, made once per settings and level. */
  private settingsDownTo(lowest: ReportedLevel): GlossarySettings {
    if (lowest === 'hint') return this.settingsValue;
    if (this.checkingSettings?.of !== this.settingsValue || this.checkingSettings.lowest !== lowest) {
      this.checkingSettings = { of: this.settingsValue, lowest, settings: checkingDownTo(this.settingsValue, lowest) };
    }
    return this.checkingSettings.settings;
  }

  /** What every feature provider gets for an open document, or undefined when it is not open. */
  private inputFor(uri: string) {
    const parsed = this.getOpen(uri);
    return parsed && { ...parsed, index: this.index, settings: this.settingsValue, icons: this.icons, mentions: this.mentions };
  }

  completion(uri: string, position: Position): CompletionList | null {
    const input = this.inputFor(uri);
    if (!input) return null;
    const offset = input.document.offsetAt(position);
    const site = this.siteInput(input);
    return site ? siteCompletions(site, offset, getCompletions(input, offset)) : getCompletions(input, offset);
  }

  async hover(uri: string, position: Position): Promise<Hover | null> {
    const input = this.inputFor(uri);
    if (!input) return null;
    const offset = input.document.offsetAt(position);
    const site = this.siteInput(input);
    return (site && siteHover(site, offset)) ?? getHover({ ...input, firstParagraphOf: (target) => this.firstParagraphOf(target) }, offset);
  }

  /**
   * The first paragraph of the entry at `uri` as a hover shows it: the editor's when it is open,
   * else read from the file. The last few read are kept until the index's entry for the file
   * changes: a writer hovers the same few entries again and again.
   */
  private async firstParagraphOf(uri: string): Promise<FirstParagraph | undefined> {
    const open = this.documents.get(uri);
    if (open) return shownFirstParagraph(open.entry.firstParagraph);
    const entry = this.index.entryAt(uri);
    const known = this.firstParagraphs.get(uri);
    if (known && known.entry === entry) return known.paragraph;
    const read = await this.readEntryText(uri);
    const shown = read && firstParagraphOf(read.text);
    // A copy: a slice would keep the whole file's text alive.
    const paragraph = shown && { text: detachText(shown.text), cut: shown.cut };
    this.firstParagraphs.delete(uri);
    if (this.firstParagraphs.size >= FIRST_PARAGRAPHS_KEPT) this.firstParagraphs.delete(this.firstParagraphs.keys().next().value!);
    this.firstParagraphs.set(uri, { entry, paragraph });
    return paragraph;
  }

  definition(uri: string, position: Position): Location | null {
    const input = this.inputFor(uri);
    if (!input) return null;
    const offset = input.document.offsetAt(position);
    const site = this.siteInput(input);
    return (site && siteDefinition(site, offset)) ?? getDefinition(input, offset);
  }

  references(uri: string, position: Position, includeDeclaration: boolean): Location[] {
    const input = this.inputFor(uri);
    return input ? getReferences(input, input.document.offsetAt(position), includeDeclaration) : [];
  }

  codeLenses(uri: string): CodeLens[] {
    const input = this.inputFor(uri);
    return input ? getCodeLenses(input) : [];
  }

  documentLinks(uri: string): DocumentLink[] {
    const input = this.inputFor(uri);
    return input ? getDocumentLinks(input) : [];
  }

  documentSymbols(uri: string): DocumentSymbol[] {
    const parsed = this.getOpen(uri);
    return parsed ? getDocumentSymbols(parsed.document, parsed.entry) : [];
  }

  workspaceSymbols(query: string): SymbolInformation[] {
    return getWorkspaceSymbols(this.index, query);
  }

  /** Throws RenameRefused with the reason when the position names nothing that can be renamed. */
  prepareRename(uri: string, position: Position): { range: Range; placeholder: string } | null {
    const input = this.inputFor(uri);
    return input ? prepareRename({ ...input, openVersions: this.documents.versions() }, input.document.offsetAt(position)) : null;
  }

  /** Throws RenameRefused with the reason when the rename cannot be done. */
  rename(uri: string, position: Position, newName: string): WorkspaceEdit | null {
    const input = this.inputFor(uri);
    return input ? getRenameEdit({ ...input, openVersions: this.documents.versions() }, input.document.offsetAt(position), newName) : null;
  }

  /** Edits for entry files renamed or moved outside the rename command; see editsForFileRenames. */
  editsForFileRenames(renames: readonly { oldUri: string; newUri: string }[]) {
    const canonical = renames.map(({ oldUri, newUri }) => ({ oldUri: canonicalUri(oldUri), newUri: canonicalUri(newUri) }));
    return editsForFileRenames(this.index, canonical, (uri) => this.isEntry(uri), this.documents.versions());
  }

  async codeActions(uri: string, diagnostics: readonly Diagnostic[], only?: readonly string[]): Promise<CodeAction[]> {
    const input = this.inputFor(uri);
    if (!input) return [];
    return getCodeActions({
      ...input,
      version: input.document.version,
      readEntry: async (slug) => {
        const target = this.index.entryFor(slug);
        const read = target && (await this.readEntryText(target.uri));
        return target && read ? { uri: target.uri, text: read.text, version: read.version } : undefined;
      },
    }, diagnostics, this.diagnosticsOf(input), only);
  }

  /**
   * The safe fixes of a whole entry, as edits of its text (for the CLI's --fix), and whether its
   * frontmatter parsed; undefined when it cannot be read.
   */
  async safeFixes(fileUri: string): Promise<{ text: string; edits: TextEdit[]; frontmatterValid: boolean } | undefined> {
    const parsed = await this.parsedEntry(canonicalUri(fileUri));
    if (!parsed) return undefined;
    return {
      text: parsed.document.getText(),
      edits: fixAllEdits({ ...parsed, index: this.index, settings: this.settingsValue }, this.diagnosticsOf(parsed)),
      frontmatterValid: frontmatterParsed(parsed.entry),
    };
  }

  /**
   * Every unlinked mention of the entry at `uri` in the other entries (read from the editor or from
   * disk), in the order of the index; [] when it is no entry. Entries that already link or list it
   * are not read. Stops early, with what it found, when `cancelled` says so.
   */
  async unlinkedMentionsOf(uri: string, cancelled: () => boolean = () => false): Promise<Location[]> {
    const target = this.index.entryAt(canonicalUri(uri));
    if (!target) return [];
    const linking = new Set(this.index.referrersOf(target.slug));
    const candidates = [...this.index.entries()].filter((entry) => entry.uri !== target.uri && !linking.has(entry.uri));
    const locations: Location[] = [];
    for (const candidate of candidates) {
      if (cancelled()) break;
      const parsed = await this.parsedEntry(candidate.uri);
      if (!parsed) continue;
      const text = parsed.document.getText();
      for (const mention of this.mentions.unlinkedMentions(parsed.uri, parsed.slug, text, parsed.entry, this.settingsValue)) {
        if (mention.slug !== target.slug) continue;
        locations.push({ uri: parsed.uri, range: { start: parsed.document.positionAt(mention.span.start), end: parsed.document.positionAt(mention.span.end) } });
      }
    }
    return locations;
  }

  /** "New Term": where an entry of that title and slug would go and its text; creates nothing. */
  newEntry(params: NewEntryParams, fileExists: (uri: string) => Promise<boolean>): Promise<NewEntryResult> {
    return planNewEntry(params, {
      index: this.index,
      settings: this.settingsValue,
      folders: this.workspace.folders,
      isEntry: (uri) => this.isEntry(uri),
      fileExists,
    });
  }

  /** See Glossaries.searchPreparations. */
  searchPreparations(linksRead = true): (() => boolean | void)[] {
    const settings = this.settingsValue;
    const parse = (text: string) => parseDocument(WARM_UP_URI, new FixedDocument(WARM_UP_URI, 'markdown', 0, text), settings);
    // The first keystrokes' work is done while nobody waits (see completionWarmUp), once: the server
    // asks for the preparations again when the body links are in, and what it compiled then is
    // compiled still.
    const query = (text: string) => () => {
      const best = new BestEntries(this.settingsValue.completion.maxItems);
      slugSearchOf(this.index).forEachMatch(text, (entry, score) => best.offer(entry, score), (score, slug) => best.wants(score, slug));
      best.best();
    };
    // With a query of two words, which takes another way through the search.
    const warmUp: (() => boolean | void)[] = [];
    if (!this.completionWarmUpGiven) {
      this.completionWarmUpGiven = true;
      warmUp.push(completionWarmUp({ index: this.index, settings }, parse), query('a m'));
    }
    // While the workers read the body links, the slug search, which a completion asked meanwhile
    // would otherwise build at once (~1 s at 100,000 entries), and the warm-up (over a sample of the
    // entries); the rest took the cores from the workers (see Session.indexWorkspace).
    if (!linksRead) return [slugSearchOf(this.index).rebuildStep(), ...warmUp];
    // The slug search is built in steps, then the rest.
    return [slugSearchOf(this.index).rebuildStep(), prepareUntypedCompletion(this.index), this.index.trimReferrersStep(), ...warmUp];
  }

  /** The glossary's figures for the overview and `glossary-author stats` (see features/stats.ts). */
  stats(limit: number | null = null): Promise<GlossaryStats> {
    return glossaryStats(this.index, limit);
  }

  /** "Show Relationship Graph": the neighbourhood of the entry at `uri`; undefined when it is no entry. */
  relationshipGraph(uri: string, options?: { maxNodes?: number; depth?: number }): RelationshipGraph | undefined {
    return relationshipGraph(this.index, uri, options);
  }
}

/** The file of the entry `slug`, as glossaries name it: `<slug>.md` beside the entry `besideUri` that names it. */
function fileGuessedFor(slug: string, besideUri: string): string {
  return canonicalUri(`${besideUri.slice(0, besideUri.lastIndexOf('/') + 1)}${encodeURIComponent(slug)}.md`);
}
