import type { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CodeAction,
  CodeLens,
  CompletionList,
  Diagnostic,
  DocumentLink,
  DocumentSymbol,
  Hover,
  Location,
  MarkupContent,
  Position,
  Range,
  SymbolInformation,
  TextDocumentEdit,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-types';
import type { EntryAnalyzer } from './entryFile';
import { EntryMatcher } from './entryMatcher';
import type { RelationshipGraph } from './features/graph';
import type { NewEntryParams, NewEntryResult } from './features/newEntry';
import type { GlossaryStats } from './features/stats';
import { GlossaryIndex, type EntrySummary, type PackedSummary } from './glossaryIndex';
import { canonicalUri, GlossaryService, type CancellationSignal, type FileChange, type FileCheck, type IndexReport } from './glossaryService';
import type { IconSets } from './icons';
import type { ParsedDocument } from './openDocuments';
import { forEachInSlices } from './scheduling';
import { DEFAULT_SETTINGS, type GlossarySettings } from './settings';
import type { ReportedLevel } from './diagnosticCodes';
import { contentRootOf } from './sitePages';
import { escapeMarkdown } from './text';
import { silentLogger, type GlossaryWorkspace, type Logger } from './workspace';

/** Where a glossary is: the folder holding it, and the language it is in on a multilingual site. */
export interface GlossaryRoot {
  /** The folder URI (no trailing slash): a workspace folder, one of `glossary.roots`, or a language folder. */
  root: string;
  /** The workspace folder it is in ('' for files outside every folder). */
  folder: string;
  /** The language folder's name (`en`, `pt-br`), when the glossary is one. */
  language?: string;
}

/** The workspace folder holding `uri` (the innermost, for nested folders), or '' when none does. */
export function folderOf(uri: string, folders: readonly string[]): string {
  let found = '';
  for (const folder of folders) {
    const base = folder.replace(/\/$/, '');
    if (uri.startsWith(`${base}/`) && base.length > found.length) found = base;
  }
  return found;
}

/**
 * The glossary the file at `uri` belongs to: the innermost of the folder's `glossary.roots` holding
 * it; else, without configured roots, its language folder on a multilingual site (`content/en/…`,
 * by the content root rule of sitePages); else its workspace folder. Slugs are unique, and
 * references resolve, inside one glossary.
 */
export function glossaryRootOf(uri: string, folders: readonly string[], settingsOf: (folder: string) => GlossarySettings): GlossaryRoot {
  const folder = folderOf(uri, folders);
  const settings = settingsOf(folder);
  if (settings.roots.length && folder) {
    let best = '';
    for (const configured of settings.roots) {
      const relative = configured.replace(/^\.?\/+/, '').replace(/\/+$/, '');
      const candidate = relative ? `${folder}/${relative}` : folder;
      if (uri.startsWith(`${candidate}/`) && candidate.length > best.length) best = candidate;
    }
    return { root: best || folder, folder };
  }
  const located = contentRootOf(uri, folder ? [folder] : [], settings.contentRoot);
  if (located?.language) return { root: located.root, folder, language: located.language };
  return { root: folder, folder };
}

function listingKey(folder: string, include: readonly string[], exclude: readonly string[]): string {
  return JSON.stringify([folder.replace(/\/$/, ''), include, exclude]);
}

/** One glossary of the workspace: its own index, open documents and settings, behind a GlossaryService. */
interface Glossary extends GlossaryRoot {
  service: GlossaryService;
}

/** The other languages' entries of a slug, as a hover names them. */
const OTHER_LANGUAGES_LIMIT = 8;

/**
 * The workspace's glossaries, as the fronts see them: a language server, the CLI and the workers
 * talk to this, and it hands each request to the glossary of the file it is about. A workspace
 * folder is one glossary unless its site has language folders (`content/en/glossary`,
 * `content/fr/glossary`) or `glossary.roots` names several; each workspace folder has its own
 * settings (its glossary.config.json). With one glossary, every call is that GlossaryService's.
 */
export class Glossaries {
  private readonly glossaries = new Map<string, Glossary>();
  private settingsByFolder = new Map<string, GlossarySettings>();
  private defaultSettings: GlossarySettings;
  private matchers = new Map<string, EntryMatcher>();
  /** For files outside every workspace folder. */
  private looseMatcher: EntryMatcher = new EntryMatcher([], DEFAULT_SETTINGS.include, DEFAULT_SETTINGS.exclude);
  /** The folders' listings during one indexing pass, shared by the glossaries that split a folder. */
  private listings: Map<string, Promise<string[]>> | undefined;

  constructor(
    private workspace: GlossaryWorkspace,
    settings: GlossarySettings | ReadonlyMap<string, GlossarySettings> = DEFAULT_SETTINGS,
    private readonly logger: Logger = silentLogger,
    private readonly icons?: IconSets,
    private readonly analyzer?: EntryAnalyzer,
    /** What the indexes keep of each entry: 'checks' for a process that only checks files (see GlossaryIndex). */
    private readonly keep: 'everything' | 'checks' = 'everything',
  ) {
    this.defaultSettings = DEFAULT_SETTINGS;
    this.setSettings(settings);
  }

  // ---- which glossary ---------------------------------------------------------------------------

  /** The settings of the workspace folder holding `uri` (or of the first folder, for other files). */
  settingsFor(uri: string): GlossarySettings {
    return this.settingsOfFolder(folderOf(canonicalUri(uri), this.workspace.folders));
  }

  /** The settings that are not about one folder's files (the first folder's). */
  get settings(): GlossarySettings {
    return this.defaultSettings;
  }

  private settingsOfFolder(folder: string): GlossarySettings {
    return this.settingsByFolder.get(folder) ?? this.defaultSettings;
  }

  private rootOf(uri: string): GlossaryRoot {
    return glossaryRootOf(uri, this.workspace.folders, (folder) => this.settingsOfFolder(folder));
  }

  /** The glossary of `uri` (canonical), made when it has none yet. */
  private glossaryOf(uri: string): Glossary {
    const where = this.rootOf(uri);
    let glossary = this.glossaries.get(where.root);
    if (!glossary) {
      glossary = { ...where, service: new GlossaryService(this.partOfWorkspace(where), this.settingsOfFolder(where.folder), this.logger, this.icons, this.analyzer, new GlossaryIndex({ keep: this.keep })) };
      this.glossaries.set(where.root, glossary);
    }
    return glossary;
  }

  /** The glossary of `uri` when it exists, without making one. */
  private existingGlossaryOf(uri: string): Glossary | undefined {
    return this.glossaries.get(this.rootOf(uri).root);
  }

  /** The workspace as one glossary sees it: its folder, and only the files that belong to it. */
  private partOfWorkspace(where: GlossaryRoot): GlossaryWorkspace {
    const belongs = (uri: string) => this.rootOf(uri).root === where.root;
    const base = () => this.workspace;
    return {
      folders: where.folder ? [where.folder] : [],
      findFiles: async (folder, include, exclude) => {
        const key = listingKey(folder, include, exclude);
        let listing = this.listings?.get(key);
        if (!listing) {
          listing = base().findFiles(folder, include, exclude);
          this.listings?.set(key, listing);
        }
        const found: string[] = [];
        await forEachInSlices(await listing, (uri) => belongs(uri) && found.push(uri));
        return found;
      },
      readFile: (uri) => base().readFile(uri),
      realUri: this.workspace.realUri && ((uri) => base().realUri!(uri)),
      contains: belongs,
    };
  }

  private services(): GlossaryService[] {
    return [...this.glossaries.values()].map((glossary) => glossary.service);
  }

  /** Each glossary: where it is and how many entries it holds, largest first. */
  describe(): (GlossaryRoot & { entries: number })[] {
    return [...this.glossaries.values()]
      .map(({ root, folder, language, service }) => ({ root, folder, ...(language ? { language } : {}), entries: service.entryCount }))
      .sort((a, b) => b.entries - a.entries || a.root.localeCompare(b.root));
  }

  // ---- settings and folders ---------------------------------------------------------------------

  private setSettings(settings: GlossarySettings | ReadonlyMap<string, GlossarySettings>): void {
    const folders = this.workspace.folders.map((folder) => folder.replace(/\/$/, ''));
    if (settings instanceof Map || !('include' in settings)) {
      const byFolder = settings as ReadonlyMap<string, GlossarySettings>;
      this.settingsByFolder = new Map([...byFolder].map(([folder, value]) => [folder.replace(/\/$/, ''), value]));
      this.defaultSettings = this.settingsByFolder.get(folders[0] ?? '') ?? [...this.settingsByFolder.values()][0] ?? DEFAULT_SETTINGS;
    } else {
      this.settingsByFolder = new Map(folders.map((folder) => [folder, settings as GlossarySettings]));
      this.defaultSettings = settings as GlossarySettings;
    }
    this.matchers = new Map(folders.map((folder) => {
      const { include, exclude } = this.settingsOfFolder(folder);
      return [folder, new EntryMatcher([folder], include, exclude)];
    }));
    this.looseMatcher = new EntryMatcher([], this.defaultSettings.include, this.defaultSettings.exclude);
  }

  /** What decides which glossary a file is in, per folder: a change means the glossaries are laid out anew. */
  private layoutKey(): string {
    return JSON.stringify(this.workspace.folders.map((folder) => {
      const { roots, contentRoot } = this.settingsOfFolder(folder.replace(/\/$/, ''));
      return [roots, contentRoot];
    }));
  }

  /**
   * Replaces the settings (one for every folder, or each folder's). Returns true when the set of
   * entries, their glossaries or their parse may differ: the caller re-indexes.
   */
  updateSettings(settings: GlossarySettings | ReadonlyMap<string, GlossarySettings>): boolean {
    const layoutBefore = this.layoutKey();
    this.setSettings(settings);
    let reindex = layoutBefore !== this.layoutKey();
    for (const glossary of this.glossaries.values()) {
      if (glossary.service.updateSettings(this.settingsOfFolder(glossary.folder))) reindex = true;
    }
    return reindex;
  }

  /** The workspace folders changed (added, removed): the next indexWorkspace reads the new ones. */
  setWorkspace(workspace: GlossaryWorkspace, settings: GlossarySettings | ReadonlyMap<string, GlossarySettings>): void {
    this.workspace = workspace;
    this.setSettings(settings);
  }

  get folders(): readonly string[] {
    return this.workspace.folders;
  }

  // ---- the index --------------------------------------------------------------------------------

  /**
   * Finds every entry of every folder, then indexes each glossary in turn. Glossaries that no
   * longer hold a file (their folder removed, the roots changed) are dropped with their open
   * documents, which the caller opens again where they now belong.
   */
  async indexWorkspace(onProgress?: (done: number, total: number) => void, token?: CancellationSignal): Promise<IndexReport> {
    const started = performance.now();
    this.listings = new Map();
    try {
      const found = new Map<string, string[]>();
      for (const folder of this.workspace.folders) {
        const base = folder.replace(/\/$/, '');
        const { include, exclude } = this.settingsOfFolder(base);
        const key = listingKey(folder, include, exclude);
        const listing = this.workspace.findFiles(folder, include, exclude);
        this.listings.set(key, listing);
        await forEachInSlices(await listing, (uri) => {
          const root = this.rootOf(uri).root;
          if (!found.has(root)) found.set(root, []);
          found.get(root)!.push(uri);
        });
      }
      const folders = new Set(this.workspace.folders.map((folder) => folder.replace(/\/$/, '')));
      for (const [root, glossary] of [...this.glossaries]) {
        if (!found.has(root) && !folders.has(root)) {
          this.glossaries.delete(root);
          continue;
        }
        // Open documents that now belong to another glossary (the roots changed) leave this one.
        for (const open of glossary.service.openUris()) if (this.rootOf(open).root !== root) await glossary.service.closeDocument(open);
      }
      for (const uris of found.values()) this.glossaryOf(uris[0]);
      // A folder with no entry yet still has its glossary, for the first one written.
      for (const folder of folders) if (!this.glossaries.has(folder)) this.glossaryOf(`${folder}/x.md`);
      const total = [...found.values()].reduce((sum, uris) => sum + uris.length, 0);
      const report: IndexReport = { files: 0, indexed: 0, notes: [], milliseconds: 0, cancelled: false };
      let before = 0;
      for (const glossary of this.glossaries.values()) {
        if (token?.isCancellationRequested) {
          report.cancelled = true;
          break;
        }
        const part = await glossary.service.indexWorkspace((done) => onProgress?.(before + done, total), token);
        before += part.files;
        report.files += part.files;
        report.indexed += part.indexed;
        report.notes.push(...part.notes);
        report.cancelled ||= part.cancelled;
      }
      report.milliseconds = performance.now() - started;
      return report;
    } finally {
      this.listings = undefined;
    }
  }

  /**
   * After indexWorkspace: the body links of every entry it indexed without them. Until this ends,
   * what counts or lists the entries that link to one (references, renames, code lenses, figures)
   * may miss some; everything else is final already.
   */
  get hasUnreadLinks(): boolean {
    return this.services().some((service) => service.hasUnreadLinks);
  }

  async readBodyLinks(token?: CancellationSignal): Promise<void> {
    for (const service of this.services()) await service.readBodyLinks(token);
  }

  /** Reads the other sections' pages of every glossary again. */
  async indexSitePages(): Promise<void> {
    for (const service of this.services()) await service.indexSitePages();
  }

  /**
   * What completion and symbol search build on first use, so that the first request is as quick as
   * the next, and the index's trimming of its lists: steps of tens of milliseconds at most at
   * 20,000 entries, for the caller to run between requests. A step that returns true has more to
   * do and is to be called again. `linksRead` false: the body links are still being read, and only
   * the slug search and the completion warm-up are prepared; the rest, once they are read.
   */
  searchPreparations(linksRead = true): (() => boolean | void)[] {
    return this.services().flatMap((service) => service.searchPreparations(linksRead));
  }

  get entryCount(): number {
    return this.services().reduce((sum, service) => sum + service.entryCount, 0);
  }

  get sitePageCount(): number {
    return this.services().reduce((sum, service) => sum + service.sitePageCount, 0);
  }

  entryUris(): string[] {
    return this.services().flatMap((service) => service.entryUris());
  }

  packedSummaries(pack?: (summary: EntrySummary) => PackedSummary): PackedSummary[] {
    return this.services().flatMap((service) => service.packedSummaries(pack));
  }

  /** Takes in summaries another thread made, each into its own glossary. */
  loadSummaries(summaries: Iterable<EntrySummary | PackedSummary>): void {
    const byGlossary = new Map<Glossary, (EntrySummary | PackedSummary)[]>();
    for (const summary of summaries) {
      const glossary = this.glossaryOf(summary.uri);
      if (!byGlossary.has(glossary)) byGlossary.set(glossary, []);
      byGlossary.get(glossary)!.push(summary);
    }
    for (const [glossary, part] of byGlossary) glossary.service.loadSummaries(part);
  }

  isEntry(uri: string): boolean {
    const canonical = canonicalUri(uri);
    const folder = folderOf(canonical, this.workspace.folders);
    return (this.matchers.get(folder) ?? this.looseMatcher).matches(canonical);
  }

  isIndexed(uri: string): boolean {
    return this.existingGlossaryOf(canonicalUri(uri))?.service.isIndexed(uri) ?? false;
  }

  // ---- open documents and file events -----------------------------------------------------------

  isOpen(uri: string): boolean {
    return this.existingGlossaryOf(canonicalUri(uri))?.service.isOpen(uri) ?? false;
  }

  getOpen(uri: string): ParsedDocument | undefined {
    return this.existingGlossaryOf(canonicalUri(uri))?.service.getOpen(uri);
  }

  openUris(): string[] {
    return this.services().flatMap((service) => service.openUris());
  }

  /** See GlossaryService.prepareSuggestions. */
  prepareSuggestions(uri: string): Promise<void> {
    return this.existingGlossaryOf(canonicalUri(uri))?.service.prepareSuggestions(uri) ?? Promise.resolve();
  }

  setOpenDocument(document: TextDocument): Set<string> {
    return this.glossaryOf(canonicalUri(document.uri)).service.setOpenDocument(document);
  }

  parsesOffThread(document: TextDocument): boolean {
    return this.glossaryOf(canonicalUri(document.uri)).service.parsesOffThread(document);
  }

  setOpenDocumentOffThread(document: TextDocument): Promise<Set<string> | undefined> {
    return this.glossaryOf(canonicalUri(document.uri)).service.setOpenDocumentOffThread(document);
  }

  isParsePending(uri: string): boolean {
    return this.existingGlossaryOf(canonicalUri(uri))?.service.isParsePending(uri) ?? false;
  }

  parsed(uri: string): Promise<void> {
    return this.existingGlossaryOf(canonicalUri(uri))?.service.parsed(uri) ?? Promise.resolve();
  }

  async closeDocument(uri: string): Promise<Set<string>> {
    return (await this.existingGlossaryOf(canonicalUri(uri))?.service.closeDocument(uri)) ?? new Set();
  }

  /**
   * A file or folder event. A Markdown file goes to its glossary (made if it is the first of a new
   * language folder); a folder goes to every glossary it may hold files of, and new ones are made
   * for the entries of a folder that arrived.
   */
  async fileChanged(uri: string, change: FileChange): Promise<Set<string>> {
    const canonical = canonicalUri(uri);
    if (/\.md$/i.test(canonical)) {
      const glossary = this.isEntry(canonical) ? this.glossaryOf(canonical) : this.existingGlossaryOf(canonical);
      return (await glossary?.service.fileChanged(canonical, change)) ?? new Set();
    }
    const prefix = `${canonical.replace(/\/$/, '')}/`;
    if (change === 'created') {
      const folder = folderOf(canonical, this.workspace.folders);
      for (const file of await this.workspace.findFiles(canonical, ['**/*.md'], this.settingsOfFolder(folder).exclude)) {
        if (this.isEntry(file)) this.glossaryOf(file);
      }
    }
    const affected = new Set<string>();
    for (const glossary of this.glossaries.values()) {
      // The folder holds this glossary's files, or is inside it.
      if (!glossary.root.startsWith(prefix) && !prefix.startsWith(`${glossary.root}/`)) continue;
      for (const other of await glossary.service.fileChanged(canonical, change)) affected.add(other);
    }
    return affected;
  }

  // ---- one entry's features ---------------------------------------------------------------------

  private serviceOf(uri: string): GlossaryService | undefined {
    return this.existingGlossaryOf(canonicalUri(uri))?.service;
  }

  /** The findings of the entry at `uri` at `lowest` or worse (see GlossaryService.checkFile). */
  async checkFile(uri: string, lowest: ReportedLevel = 'hint'): Promise<FileCheck | undefined> {
    return this.glossaryOf(canonicalUri(uri)).service.checkFile(uri, lowest);
  }

  async safeFixes(uri: string): Promise<{ text: string; edits: TextEdit[]; frontmatterValid: boolean } | undefined> {
    return this.glossaryOf(canonicalUri(uri)).service.safeFixes(uri);
  }

  diagnostics(uri: string): Diagnostic[] {
    return this.serviceOf(uri)?.diagnostics(uri) ?? [];
  }

  completion(uri: string, position: Position): CompletionList | null {
    return this.serviceOf(uri)?.completion(uri, position) ?? null;
  }

  /** The glossary's hover, and on a multilingual site the same term's entries in the other languages. */
  async hover(uri: string, position: Position): Promise<Hover | null> {
    const canonical = canonicalUri(uri);
    const glossary = this.existingGlossaryOf(canonical);
    if (!glossary) return null;
    const hover = await glossary.service.hover(uri, position);
    if (!hover || !glossary.language) return hover;
    const target = glossary.service.definition(uri, position);
    const slug = target && glossary.service.entryAt(target.uri)?.slug;
    const translations = slug ? this.translationsOf(glossary, slug) : [];
    if (translations.length === 0 || typeof hover.contents !== 'object' || !('kind' in hover.contents)) return hover;
    const links = translations.map(({ language, entry }) => `[${escapeMarkdown(language)}: ${escapeMarkdown(entry.title ?? entry.slug)}](${entry.uri})`);
    const contents: MarkupContent = { kind: hover.contents.kind, value: `${hover.contents.value}\n\n---\n\nOther languages: ${links.join(' · ')}` };
    return { ...hover, contents };
  }

  /** The entries of `slug` in the other language glossaries of the same workspace folder. */
  private translationsOf(glossary: Glossary, slug: string): { language: string; entry: EntrySummary }[] {
    const found: { language: string; entry: EntrySummary }[] = [];
    for (const other of this.glossaries.values()) {
      if (other === glossary || !other.language || other.folder !== glossary.folder) continue;
      const entry = other.service.entryForSlug(slug);
      if (entry) found.push({ language: other.language, entry });
    }
    return found.sort((a, b) => a.language.localeCompare(b.language)).slice(0, OTHER_LANGUAGES_LIMIT);
  }

  definition(uri: string, position: Position): Location | null {
    return this.serviceOf(uri)?.definition(uri, position) ?? null;
  }

  /**
   * Whether the hover and the definition at `position` are final before the index is complete: they
   * name an entry already indexed, which the rest of the glossary cannot change. Not on a multilingual
   * site, whose hovers list the term's entries in languages that may not be indexed yet.
   */
  answersBeforeIndex(uri: string, position: Position): boolean {
    const glossary = this.existingGlossaryOf(canonicalUri(uri));
    return !!glossary && !glossary.language && glossary.service.definition(uri, position) !== null;
  }

  /** While the index is first built: reads the entries the open entry at `uri` names ahead of the rest. */
  async readNamedEntriesAhead(uri: string, onIndexed?: () => void): Promise<void> {
    await this.serviceOf(uri)?.readNamedEntriesAhead(uri, onIndexed);
  }

  /** While the index is first built: reads the entry named at `position` now (a request about it waits for it). */
  async readEntryNamedAt(uri: string, position: Position, onIndexed?: () => void): Promise<void> {
    await this.serviceOf(uri)?.readEntryNamedAt(uri, position, onIndexed);
  }

  references(uri: string, position: Position, includeDeclaration: boolean): Location[] {
    return this.serviceOf(uri)?.references(uri, position, includeDeclaration) ?? [];
  }

  codeLenses(uri: string): CodeLens[] {
    return this.serviceOf(uri)?.codeLenses(uri) ?? [];
  }

  documentLinks(uri: string): DocumentLink[] {
    return this.serviceOf(uri)?.documentLinks(uri) ?? [];
  }

  documentSymbols(uri: string): DocumentSymbol[] {
    return this.serviceOf(uri)?.documentSymbols(uri) ?? [];
  }

  prepareRename(uri: string, position: Position): { range: Range; placeholder: string } | null {
    return this.serviceOf(uri)?.prepareRename(uri, position) ?? null;
  }

  rename(uri: string, position: Position, newName: string): WorkspaceEdit | null {
    return this.serviceOf(uri)?.rename(uri, position, newName) ?? null;
  }

  async codeActions(uri: string, diagnostics: readonly Diagnostic[], only?: readonly string[]): Promise<CodeAction[]> {
    return (await this.serviceOf(uri)?.codeActions(uri, diagnostics, only)) ?? [];
  }

  unlinkedMentionsOf(uri: string, cancelled?: () => boolean): Promise<Location[]> {
    return this.serviceOf(uri)?.unlinkedMentionsOf(uri, cancelled) ?? Promise.resolve([]);
  }

  relationshipGraph(uri: string, options?: { maxNodes?: number; depth?: number }): RelationshipGraph | undefined {
    return this.serviceOf(uri)?.relationshipGraph(uri, options);
  }

  // ---- the workspace's features -----------------------------------------------------------------

  /** Symbols of every glossary, the best of each first. */
  workspaceSymbols(query: string): SymbolInformation[] {
    const lists = this.services().map((service) => service.workspaceSymbols(query));
    if (lists.length === 1) return lists[0];
    const limit = Math.max(0, ...lists.map((list) => list.length));
    const merged: SymbolInformation[] = [];
    for (let rank = 0; rank < limit && merged.length < limit; rank++) {
      for (const list of lists) if (rank < list.length && merged.length < limit) merged.push(list[rank]);
    }
    return merged;
  }

  /** Each renamed file's references are rewritten inside its own glossary. */
  editsForFileRenames(renames: readonly { oldUri: string; newUri: string }[]): { edit: WorkspaceEdit; renamed: { from: string; to: string; references: number }[] } {
    const byService = new Map<GlossaryService, { oldUri: string; newUri: string }[]>();
    for (const rename of renames) {
      const service = this.serviceOf(rename.oldUri);
      if (!service) continue;
      if (!byService.has(service)) byService.set(service, []);
      byService.get(service)!.push(rename);
    }
    const documentChanges: TextDocumentEdit[] = [];
    const renamed: { from: string; to: string; references: number }[] = [];
    for (const [service, part] of byService) {
      const result = service.editsForFileRenames(part);
      documentChanges.push(...((result.edit.documentChanges ?? []) as TextDocumentEdit[]));
      renamed.push(...result.renamed);
    }
    return { edit: { documentChanges }, renamed };
  }

  /** "New Term" in the glossary of the folder it is asked for (else the first folder's). */
  newEntry(params: NewEntryParams, fileExists: (uri: string) => Promise<boolean>): Promise<NewEntryResult> {
    const near = params?.folderUri ? `${canonicalUri(params.folderUri).replace(/\/$/, '')}/${params.slug || 'entry'}.md` : undefined;
    const glossary = near ? this.glossaryOf(near) : this.largest();
    return glossary.service.newEntry(params, fileExists);
  }

  /** The figures of the glossary of `uri`, or of the largest glossary. */
  stats(limit: number | null = null, uri?: string): Promise<GlossaryStats> {
    const glossary = (uri && this.existingGlossaryOf(canonicalUri(uri))) || this.largest();
    return glossary.service.stats(limit);
  }

  /** Each glossary's figures, largest first: what `glossary-author stats` prints for a multilingual site. */
  async statsOfEach(limit: number | null = null): Promise<(GlossaryRoot & { stats: GlossaryStats })[]> {
    const result: (GlossaryRoot & { stats: GlossaryStats })[] = [];
    for (const { root } of this.describe()) {
      const glossary = this.glossaries.get(root)!;
      if (glossary.service.entryCount === 0 && this.glossaries.size > 1) continue;
      result.push({ root, folder: glossary.folder, ...(glossary.language ? { language: glossary.language } : {}), stats: await glossary.service.stats(limit) });
    }
    return result;
  }

  private largest(): Glossary {
    const [first] = this.describe();
    if (first) return this.glossaries.get(first.root)!;
    const folder = this.workspace.folders[0]?.replace(/\/$/, '') ?? '';
    return this.glossaryOf(folder ? `${folder}/x.md` : 'untitled:x.md');
  }
}
