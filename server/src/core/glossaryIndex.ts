import type { Range } from 'vscode-languageserver-types';
import type { BodyLinks } from './entryFile';
import { NameIndex } from './fuzzy/nearest';
import { ReferenceArena, ReferrerLists, SlugNumbers } from './indexStorage';
import { detach } from './slugs';

/**
 * A slug named in an entry and where: one flat object (not a Range of two Positions), since the
 * index keeps about ten per entry and a 20,000-entry index would otherwise hold 800,000 objects.
 */
export interface SlugReference {
  slug: string;
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
}

export function referenceRange(reference: SlugReference): Range {
  return { start: { line: reference.line, character: reference.character }, end: { line: reference.endLine, character: reference.endCharacter } };
}

/** What the index keeps of an entry: enough for cross-file features without holding its text. */
export interface EntrySummary {
  uri: string;
  slug: string;
  title: string | undefined;
  description: string | undefined;
  category: string | undefined;
  logoIcon: string | undefined;
  /** `related` items, resolved to slugs. */
  related: SlugReference[];
  /** Body links that point at entries. */
  links: SlugReference[];
  /** False when the frontmatter is missing, unclosed or not valid YAML: then its fields are guesses. */
  frontmatterValid: boolean;
  /** Lower-case words of the slug and title (see wordsOf), for fuzzy matching. */
  words: string[];
  /** The title, lower-cased once here rather than on every completion request. */
  titleLower?: string;
  /** The slug lower-cased, only when that differs from the slug (file names like `GPT-4.md`). */
  slugLower?: string;
  /** letterMask(slug): turns most slugs away at once when matching typed letters in order. */
  letters?: number;
  /** Other names of the term, from the fields of `glossary.aliasFields`; absent when there are none. */
  aliases?: string[];
  /** Its body links are not read yet (`links` is empty until they are): see SummaryExtent. */
  linksUnread?: boolean;
}

/** The positions of a summary that keeps none (shared: nothing writes into it). */
const NO_POSITIONS = new Int32Array(0);

/** A reference's character and length share one number (see narrowPositions): the character in the low 16 bits. */
const CHARACTER_BITS = 16;
const CHARACTER_LIMIT = 1 << CHARACTER_BITS;
/** Lengths stay under 2^15, so that the shared number stays positive. */
const LENGTH_LIMIT = 1 << 15;

/**
 * Reference positions at four numbers each (line, character, endLine, endCharacter), as two each
 * when every reference is on one line, starts before character 65,536 and is shorter than 32,768
 * characters (as good as all are): the line, then the character plus the length × 65,536.
 * Otherwise `wide` itself. The array's length, against the number of references, tells the
 * forms apart. At 20,000 densely linked entries the four-number form was 15 MB of the index.
 */
function narrowPositions(wide: Int32Array): Int32Array {
  if (!narrowFits(wide)) return wide;
  const narrow = new Int32Array(wide.length / 2);
  narrowInto(wide, narrow, 0);
  return narrow;
}

function narrowFits(wide: Int32Array): boolean {
  for (let at = 0; at < wide.length; at += 4) {
    const character = wide[at + 1];
    const endCharacter = wide[at + 3];
    if (wide[at + 2] !== wide[at] || character < 0 || character >= CHARACTER_LIMIT || endCharacter < character || endCharacter - character >= LENGTH_LIMIT) return false;
  }
  return true;
}

/** Writes the two-number form of `wide` (narrowFits) into `narrow` from `offset`. */
function narrowInto(wide: Int32Array, narrow: Int32Array, offset: number): void {
  for (let at = 0, to = offset; at < wide.length; at += 4, to += 2) {
    narrow[to] = wide[at];
    narrow[to + 1] = wide[at + 1] + (wide[at + 3] - wide[at + 1]) * CHARACTER_LIMIT;
  }
}

/** The character where the reference starts, from the second number of its two (see narrowInto). */
function narrowCharacter(packed: number): number {
  return packed % CHARACTER_LIMIT;
}

/** The character after the reference's end, from the second number of its two. */
function narrowEndCharacter(packed: number): number {
  return narrowCharacter(packed) + Math.floor(packed / CHARACTER_LIMIT);
}

/** The positions of `count` references (either form) followed by `added` (four numbers each), in the narrow form where all fit. */
function appendPositions(positions: Int32Array, count: number, added: Int32Array): Int32Array {
  if (positions.length === count * 2 && narrowFits(added)) {
    const narrow = new Int32Array(positions.length + added.length / 2);
    narrow.set(positions);
    narrowInto(added, narrow, positions.length);
    return narrow;
  }
  const own = widePositions(positions, count);
  const wide = new Int32Array(own.length + added.length);
  wide.set(own);
  wide.set(added, own.length);
  return wide;
}

/** The four-number form of `count` references' positions, narrow or not (see narrowPositions). */
function widePositions(positions: Int32Array, count: number): Int32Array {
  if (positions.length !== count * 2 || count === 0) return positions;
  const wide = new Int32Array(count * 4);
  for (let i = 0; i < count; i++) {
    wide[i * 4] = wide[i * 4 + 2] = positions[i * 2];
    wide[i * 4 + 1] = narrowCharacter(positions[i * 2 + 1]);
    wide[i * 4 + 3] = narrowEndCharacter(positions[i * 2 + 1]);
  }
  return wide;
}

/** What the index's entries keep their references in: slug numbers and the blocks of numbers. */
interface ReferenceStore {
  readonly numbers: SlugNumbers;
  readonly arena: ReferenceArena;
}

/**
 * An EntrySummary as the index keeps it, for 20,000 entries at once: its references in a span of
 * shared blocks of numbers (see ReferenceArena), the slugs as numbers (see SlugNumbers) and then
 * the positions, rather than an object per reference (72 bytes each on Node, about 40 per entry in
 * a densely linked glossary). `related` and `links` are built when asked for; the index's own work
 * and the hot checks (listsAsRelated, referencesIn) read the packed form. `plainSummary` gives the
 * plain object back.
 */
class StoredEntry implements EntrySummary {
  readonly uri: string;
  readonly slug: string;
  readonly title: string | undefined;
  readonly description: string | undefined;
  readonly category: string | undefined;
  readonly logoIcon: string | undefined;
  readonly frontmatterValid: boolean;
  readonly words: string[];
  readonly titleLower?: string;
  readonly slugLower?: string;
  readonly letters?: number;
  readonly aliases?: string[];
  /** Set by GlossaryIndex.fillLinks, which is the only one to change the references below. */
  linksUnread?: boolean;
  /** Its number in the index (see GlossaryIndex.entriesByNumber), set when it is placed there. */
  number = -1;
  /**
   * The references, `related` items first, then body links, in a span of `block` (see
   * ReferenceArena) from `at`, `size` numbers long: the number of each one's slug (see
   * SlugNumbers), then their positions in one of two forms (see narrowPositions), or none where
   * only checks are kept.
   */
  private block: Int32Array;
  private at: number;
  private size: number;
  /** How many references the span holds. */
  private refCount: number;
  /** How many of the references are `related` items. */
  readonly relatedCount: number;
  /**
   * The slugs of the references once the entry has left the index (see detach): its numbers may
   * name other slugs by then, and whoever still holds the entry reads it as it was.
   */
  private detachedSlugs: string[] | undefined;

  /** `checksOnly`: only what checking other entries reads is kept (see checkingSummary). */
  constructor(summary: EntrySummary | PackedSummary, intern: (value: string) => string, private readonly store: ReferenceStore, checksOnly = false) {
    this.uri = summary.uri;
    this.slug = intern(summary.slug);
    this.title = summary.title;
    this.description = checksOnly ? undefined : summary.description;
    this.category = summary.category === undefined ? undefined : intern(summary.category);
    this.logoIcon = checksOnly || summary.logoIcon === undefined ? undefined : intern(summary.logoIcon);
    this.frontmatterValid = summary.frontmatterValid;
    this.words = summary.words.map(intern);
    if (summary.titleLower !== undefined) this.titleLower = summary.titleLower;
    if (summary.slugLower !== undefined) this.slugLower = summary.slugLower;
    if (summary.letters !== undefined) this.letters = summary.letters;
    if (summary.aliases !== undefined) this.aliases = summary.aliases;
    if (summary.linksUnread) this.linksUnread = true;
    const { slugs, positions, relatedCount } = referencesOf(summary, checksOnly);
    this.relatedCount = relatedCount;
    this.refCount = slugs.length;
    this.size = slugs.length + positions.length;
    const block = (this.block = store.arena.allocate(this.size));
    const at = (this.at = store.arena.at);
    for (let i = 0; i < slugs.length; i++) block[at + i] = store.numbers.take(slugs[i], intern);
    block.set(positions, at + slugs.length);
  }

  get related(): SlugReference[] {
    return this.slice(0, this.relatedCount);
  }

  get links(): SlugReference[] {
    return this.slice(this.relatedCount, this.refCount);
  }

  /** How many references the entry holds (`related` items and body links). */
  get referenceCount(): number {
    return this.refCount;
  }

  /** The number of reference `i`'s slug (see SlugNumbers): only while the entry is in the index (see detach). */
  slugNumberAt(i: number): number {
    return this.block[this.at + i];
  }

  /** The slug of reference `i`. */
  slugAt(i: number): string {
    return this.detachedSlugs ? this.detachedSlugs[i] : this.store.numbers.slug(this.block[this.at + i]);
  }

  /** The slugs of references from..to. */
  slugs(from = 0, to = this.refCount): string[] {
    const out = new Array<string>(to - from);
    for (let i = from; i < to; i++) out[i - from] = this.slugAt(i);
    return out;
  }

  /** The references' positions as the index keeps them (see narrowPositions): a view, not a copy. */
  positions(): Int32Array {
    return this.block.subarray(this.at + this.refCount, this.at + this.size);
  }

  /** Whether one of the references from..to names `slug`. */
  names(slug: string, from: number, to: number): boolean {
    if (this.detachedSlugs) return this.detachedSlugs.slice(from, to).includes(slug);
    const number = this.store.numbers.numberOf(slug);
    if (number === undefined) return false;
    const { block, at } = this;
    for (let i = from; i < to; i++) if (block[at + i] === number) return true;
    return false;
  }

  /** Whether reference `i` names a slug one of the `related` items names. */
  isRelatedSlug(i: number): boolean {
    if (this.detachedSlugs) return this.detachedSlugs.indexOf(this.detachedSlugs[i]) < this.relatedCount;
    const { block, at } = this;
    const number = block[at + i];
    for (let r = 0; r < this.relatedCount; r++) if (block[at + r] === number) return true;
    return false;
  }

  referencesTo(slug: string): SlugReference[] {
    const found: SlugReference[] = [];
    for (let i = 0; i < this.refCount; i++) if (this.slugAt(i) === slug) found.push(this.reference(i));
    return found;
  }

  /**
   * Appends body links (their slugs, which `intern` copies when they are new to the slug numbers,
   * or numbers of a pinned table, see BodyLinks; and positions in the four-number form) after the
   * references there are.
   */
  appendLinks({ slugs, positions: added, numbers: pinned }: BodyLinks, intern: (value: string) => string): void {
    const count = this.refCount;
    const linkCount = pinned ? pinned.length : slugs.length;
    const positions = appendPositions(this.positions(), count, added);
    const size = count + linkCount + positions.length;
    const { arena, numbers } = this.store;
    if (pinned && !numbers.pinnedOrUnknown(pinned)) throw new Error(`${this.uri}: body links numbered against no pinned slug table`);
    const block = arena.allocate(size);
    const at = arena.at;
    block.set(this.block.subarray(this.at, this.at + count), at);
    if (pinned) {
      let unknown = 0;
      for (let i = 0; i < linkCount; i++) block[at + count + i] = pinned[i] >= 0 ? numbers.takePinned(pinned[i]) : numbers.take(slugs[unknown++], intern);
    } else {
      for (let i = 0; i < linkCount; i++) block[at + count + i] = numbers.take(slugs[i], intern);
    }
    block.set(positions, at + count + linkCount);
    arena.free(this.block, this.size);
    this.block = block;
    this.at = at;
    this.size = size;
    this.refCount = count + linkCount;
  }

  /** Copies the span to `arena`'s blocks, which have been restarted (see GlossaryIndex.compactReferencesIfWasteful). */
  moveTo(arena: ReferenceArena): void {
    const block = arena.allocate(this.size);
    block.set(this.block.subarray(this.at, this.at + this.size), arena.at);
    this.block = block;
    this.at = arena.at;
  }

  /**
   * The entry leaves the index: its slugs are read as strings from now on, its numbers are given
   * back, and its span is copied out of the shared blocks.
   */
  detach(): void {
    if (this.detachedSlugs) return;
    this.detachedSlugs = this.slugs();
    const { block, at, size } = this;
    for (let i = 0; i < this.refCount; i++) this.store.numbers.release(block[at + i]);
    this.block = block.slice(at, at + size);
    this.at = 0;
    this.store.arena.free(block, size);
  }

  private slice(from: number, to: number): SlugReference[] {
    const out = new Array<SlugReference>(to - from);
    for (let i = from; i < to; i++) out[i - from] = this.reference(i);
    return out;
  }

  private reference(i: number): SlugReference {
    const slug = this.slugAt(i);
    const p = this.block;
    const at = this.at + this.refCount;
    const positions = this.size - this.refCount;
    if (positions === 0) return { slug, line: 0, character: 0, endLine: 0, endCharacter: 0 };
    if (positions === this.refCount * 2) {
      return { slug, line: p[at + i * 2], character: narrowCharacter(p[at + i * 2 + 1]), endLine: p[at + i * 2], endCharacter: narrowEndCharacter(p[at + i * 2 + 1]) };
    }
    return { slug, line: p[at + i * 4], character: p[at + i * 4 + 1], endLine: p[at + i * 4 + 2], endCharacter: p[at + i * 4 + 3] };
  }
}

/** A summary's references as slugs and packed positions (see narrowPositions; none for `checksOnly`), `related` items first. */
function referencesOf(summary: EntrySummary | PackedSummary, checksOnly: boolean): { slugs: readonly string[]; positions: Int32Array; relatedCount: number } {
  if (summary instanceof StoredEntry) {
    const relatedCount = summary.relatedCount;
    if (checksOnly) return { slugs: summary.slugs(0, relatedCount), positions: NO_POSITIONS, relatedCount };
    // A copy, not a view into the shared block: a structured clone of a view sends the whole block.
    return { slugs: summary.slugs(), positions: summary.positions().slice(), relatedCount };
  }
  if (isPacked(summary)) {
    const { relatedCount } = summary;
    if (checksOnly) return { slugs: summary.refSlugs.slice(0, relatedCount), positions: NO_POSITIONS, relatedCount };
    const positions = summary.refPositions.length === summary.refSlugs.length * 4 ? narrowPositions(summary.refPositions) : summary.refPositions;
    return { slugs: summary.refSlugs, positions, relatedCount };
  }
  const relatedCount = summary.related.length;
  if (checksOnly) return { slugs: summary.related.map((ref) => ref.slug), positions: NO_POSITIONS, relatedCount };
  const count = relatedCount + summary.links.length;
  const slugs = new Array<string>(count);
  const wide = new Int32Array(count * 4);
  let i = 0;
  for (const list of [summary.related, summary.links]) {
    for (const ref of list) {
      slugs[i] = ref.slug;
      const at = i * 4;
      wide[at] = ref.line;
      wide[at + 1] = ref.character;
      wide[at + 2] = ref.endLine;
      wide[at + 3] = ref.endCharacter;
      i++;
    }
  }
  return { slugs, positions: narrowPositions(wide), relatedCount };
}

/**
 * An entry's summary as a plain object whose references stay packed (as StoredEntry keeps them):
 * what another thread is sent of the index. At 20,000 densely linked entries, a million
 * SlugReference objects fewer to build, serialize and rebuild on each side.
 */
export interface PackedSummary extends Omit<EntrySummary, 'related' | 'links'> {
  refSlugs: string[];
  /** Four numbers a reference, or two (see narrowPositions). */
  refPositions: Int32Array;
  relatedCount: number;
}

function isPacked(summary: EntrySummary | PackedSummary): summary is PackedSummary {
  return (summary as PackedSummary).refPositions instanceof Int32Array;
}

/** The summary's packed form, whole or with only what checks read (see checkingSummary). */
function packed(summary: EntrySummary | PackedSummary, checksOnly: boolean): PackedSummary {
  const { slugs, positions, relatedCount } = referencesOf(summary, checksOnly);
  const result: PackedSummary = {
    uri: summary.uri,
    slug: summary.slug,
    title: summary.title,
    description: checksOnly ? undefined : summary.description,
    category: summary.category,
    logoIcon: checksOnly ? undefined : summary.logoIcon,
    frontmatterValid: summary.frontmatterValid,
    words: summary.words,
    refSlugs: slugs as string[],
    refPositions: positions,
    relatedCount,
  };
  if (summary.titleLower !== undefined) result.titleLower = summary.titleLower;
  if (summary.slugLower !== undefined) result.slugLower = summary.slugLower;
  if (summary.letters !== undefined) result.letters = summary.letters;
  if (summary.aliases !== undefined) result.aliases = summary.aliases;
  if (summary.linksUnread) result.linksUnread = true;
  return result;
}

/** The summary as a PackedSummary, for another thread (see GlossaryService.loadSummaries). */
export function packedSummary(summary: EntrySummary): PackedSummary {
  return packed(summary, false);
}

/**
 * What checking *another* entry reads of this one (the CLI's workers, which only check): its names,
 * its words and its `related` list. Not its description, icon, body links or
 * reference positions, which hovers, references and renames read: a worker's copy of a 20,000-entry
 * index is that much smaller, and so is what crosses to it. Such a summary answers no request
 * about the entry's own references.
 */
export function checkingSummary(summary: EntrySummary | PackedSummary): PackedSummary {
  return packed(summary, true);
}

/** A summary as a plain object, as summarizeEntry makes it: for another thread (structured clone keeps no getters) or a comparison. */
export function plainSummary(summary: EntrySummary): EntrySummary {
  const plain: EntrySummary = {
    uri: summary.uri,
    slug: summary.slug,
    title: summary.title,
    description: summary.description,
    category: summary.category,
    logoIcon: summary.logoIcon,
    related: summary.related,
    links: summary.links,
    frontmatterValid: summary.frontmatterValid,
    words: [...summary.words],
  };
  if (summary.titleLower !== undefined) plain.titleLower = summary.titleLower;
  if (summary.slugLower !== undefined) plain.slugLower = summary.slugLower;
  if (summary.letters !== undefined) plain.letters = summary.letters;
  if (summary.aliases !== undefined) plain.aliases = summary.aliases;
  if (summary.linksUnread) plain.linksUnread = true;
  return plain;
}

/** Told of each entry added or replaced (`next`) or removed (`next` undefined). */
export type EntryWatcher = (previous: EntrySummary | undefined, next: EntrySummary | undefined) => void;

/** Shared by every lookup that finds nothing, so a miss allocates nothing. */
function normalizeTitle(title: string): string {
  return title.trim().toLowerCase().replace(/\s+/g, ' ');
}

const NO_URIS: readonly string[] = [];

/**
 * The URIs of each key, in the order added, each once. Almost every slug and title belongs to one
 * entry: it is kept as the URI itself, and only a key shared by several gets an array (a Set per
 * key was ~8 MB of a 20,000-entry index).
 */
class UrisByKey {
  private readonly map = new Map<string, string | string[]>();

  has(key: string): boolean {
    return this.map.has(key);
  }

  /** The first URI added under `key` that is still there. */
  first(key: string): string | undefined {
    const uris = this.map.get(key);
    return typeof uris === 'string' ? uris : uris?.[0];
  }

  get(key: string): readonly string[] {
    const uris = this.map.get(key);
    return uris === undefined ? NO_URIS : typeof uris === 'string' ? [uris] : uris;
  }

  add(key: string, uri: string): void {
    const uris = this.map.get(key);
    if (uris === undefined) this.map.set(key, uri);
    else if (typeof uris === 'string') {
      if (uris !== uri) this.map.set(key, [uris, uri]);
    } else if (!uris.includes(uri)) uris.push(uri);
  }

  remove(key: string, uri: string): void {
    const uris = this.map.get(key);
    if (uris === undefined) return;
    if (typeof uris === 'string') {
      if (uris === uri) this.map.delete(key);
      return;
    }
    const at = uris.indexOf(uri);
    if (at === -1) return;
    uris.splice(at, 1);
    if (uris.length === 1) this.map.set(key, uris[0]);
  }
}

/**
 * slug → entry and slug → the entries that point at it. Every update returns the other entries
 * whose diagnostics it may change, so callers re-check only those.
 */
export class GlossaryIndex {
  private readonly byUri = new Map<string, StoredEntry>();
  private readonly bySlug = new UrisByKey();
  /**
   * target slug, by its number (see SlugNumbers) → the entries whose `related` list or body links
   * name it, by theirs (see entriesByNumber): a glossary of 20,000 dense entries names about a
   * million (slug, entry) pairs.
   */
  private readonly referrers = new ReferrerLists();
  /** Each entry in the index at its number, which it keeps while its file is indexed (a replaced entry's successor takes it over). */
  private readonly entriesByNumber: (StoredEntry | undefined)[] = [];
  private readonly freeEntryNumbers: number[] = [];
  private readonly byTitle = new UrisByKey();
  private readonly categoryCounts = new Map<string, number>();
  /** Each entry's slug and words, for "did you mean" suggestions without a scan of every slug. */
  private readonly slugNames = new NameIndex();
  /** Bumped whenever a slug comes or goes or a title changes, so caches of suggestions know to drop. */
  private slugSetVersion = 0;
  /** Bumped only when a slug comes or goes: caches that do not read titles keep through title edits. */
  private membershipChanges = 0;
  /** Bumped when the body links of entries indexed without them have been filled in (see fillLinks). */
  private linksFilledIn = 0;
  /** Entries indexed without their body links, not filled in yet. */
  private entriesWithoutLinks = 0;
  private readonly watchers: EntryWatcher[] = [];
  /** One copy of each slug, word and category string the summaries hold (see compact). */
  private readonly strings = new Map<string, string>();
  /** The numbers the entries' references name their slugs by, and the blocks the references are kept in. */
  private readonly references: ReferenceStore = { numbers: new SlugNumbers(), arena: new ReferenceArena() };

  /**
   * `keep: 'checks'`: each entry is kept as checkingSummary makes it, for a process that only checks
   * files (the CLI's `check`): no hover, reference or rename is answered from such an index.
   */
  constructor(private readonly options: { keep?: 'everything' | 'checks' } = {}) {}

  get size(): number {
    return this.byUri.size;
  }

  get slugVersion(): number {
    return this.slugSetVersion;
  }

  /** Changes when a slug comes or goes, and not when only a title or an alias changes (unlike slugVersion). */
  get membershipVersion(): number {
    return this.membershipChanges;
  }

  /** Changes when a pass of fillLinks ends: every count of referrers may have grown. */
  get linksVersion(): number {
    return this.linksFilledIn;
  }

  /** Whether every entry's body links are in (none was indexed without them, or all are filled in). */
  get linksComplete(): boolean {
    return this.entriesWithoutLinks === 0;
  }

  /**
   * The slug numbers as a table (see SlugNumbers.pin) that stays true until `release`: body links
   * read against it on other threads come to fillLinks as numbers (BodyLinks.numbers).
   */
  pinSlugNumbers(): { slugs: readonly string[]; release(): void } {
    const { numbers } = this.references;
    let released = false;
    return {
      slugs: numbers.pin(),
      release: () => {
        if (!released) numbers.unpin();
        released = true;
      },
    };
  }

  /** A pass of fillLinks is over (see linksVersion). */
  linksFilled(): void {
    this.linksFilledIn++;
  }

  entryAt(uri: string): EntrySummary | undefined {
    return this.byUri.get(uri);
  }

  /**
   * The number of an entry of this index (kept while its file is, through every change), or -1 for
   * a summary that is not one; entryNumbered reads it back without the lookup by URI entryAt makes
   * (at 100,000 entries, a third of a completion that matches thousands).
   */
  entryNumberOf(entry: EntrySummary): number {
    return entry instanceof StoredEntry && this.entriesByNumber[entry.number] === entry ? entry.number : -1;
  }

  /** The entry numbered `number` now (see entryNumberOf), if any. */
  entryNumbered(number: number): EntrySummary | undefined {
    return this.entriesByNumber[number];
  }

  /** The entry a slug names; when two files share a file name, the first indexed wins. */
  entryFor(slug: string): EntrySummary | undefined {
    const uri = this.bySlug.first(slug);
    return uri === undefined ? undefined : this.byUri.get(uri);
  }

  urisForSlug(slug: string): readonly string[] {
    return this.bySlug.get(slug);
  }

  has(slug: string): boolean {
    return this.bySlug.has(slug);
  }

  /** How many slugs the entries name now (each has a number, see SlugNumbers). */
  get namedSlugCount(): number {
    return this.references.numbers.size;
  }

  /** Whether each entry is kept as checkingSummary makes it (`keep: 'checks'`). */
  get keepsOnlyChecks(): boolean {
    return this.options.keep === 'checks';
  }

  /** Calls `watcher` on every change from now on, after calling it once for each entry already in. */
  watch(watcher: EntryWatcher): void {
    this.watchers.push(watcher);
    for (const summary of this.byUri.values()) watcher(undefined, summary);
  }

  entries(): IterableIterator<EntrySummary> {
    return this.byUri.values();
  }

  /** URIs of the entries that name `slug` in `related` or in a body link, each once, in no particular order. */
  referrersOf(slug: string): readonly string[] {
    // A slug no entry names has no number.
    const number = this.references.numbers.numberOf(slug);
    if (number === undefined || this.referrers.count(number) === 0) return NO_URIS;
    const uris: string[] = [];
    this.referrers.forEach(number, (entry) => uris.push(this.entriesByNumber[entry]!.uri));
    return uris;
  }

  /** How many entries name `slug` (referrersOf's length, without a list). */
  referrerCount(slug: string): number {
    const number = this.references.numbers.numberOf(slug);
    return number === undefined ? 0 : this.referrers.count(number);
  }

  /**
   * A step for the quiet time after indexing (see GlossaryService.searchPreparations), true while
   * it has more to do: moves each list of referrers to a span of its own length. A list grown by
   * doubling has room for up to as many again.
   */
  trimReferrersStep(): () => boolean {
    return this.referrers.trimStep();
  }

  urisWithTitle(title: string): readonly string[] {
    return this.byTitle.get(normalizeTitle(title));
  }

  /** Up to `limit` slugs a writer of the unknown `slug` most likely meant, the likeliest first (see NameIndex.nearest). */
  nearestSlugs(slug: string, limit = 3): string[] {
    return this.slugNames.nearest(slug, { limit, distinctiveWords: true });
  }

  /** Categories in use, most used first. */
  categories(): { name: string; count: number }[] {
    return [...this.categoryCounts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  }

  /**
   * upsert without working out whom the change affects: for indexing a whole workspace, after
   * which every open document is re-checked anyway. Saves the garbage of a few sets per entry.
   */
  add(summary: EntrySummary | PackedSummary): void {
    this.place(this.compact(summary));
  }

  /** Adds or replaces the entry at `summary.uri`; returns the URIs of other entries to re-check. */
  upsert(summary: EntrySummary | PackedSummary): Set<string> {
    const stored = this.compact(summary);
    const { previous, slugIsNew } = this.place(stored);
    return this.affectedBy(previous, stored, slugIsNew);
  }

  /**
   * Gives the entry at `uri`, indexed without its body links, its `links` (read from the same text:
   * the caller makes sure no newer version came in between). In place: nothing else of the entry
   * changes, so nothing that watches the index is told. False when the entry is gone or its links
   * are known already (its file changed, or the editor opened it, meanwhile).
   */
  fillLinks(uri: string, links: BodyLinks): boolean {
    const stored = this.byUri.get(uri);
    if (!stored?.linksUnread) return false;
    if (this.options.keep !== 'checks') {
      // No set or copy per entry, which at 20,000 densely linked entries was tens of MB for the
      // collector while indexing; a slug is interned only when it is new to the slug numbers.
      const first = stored.referenceCount;
      stored.appendLinks(links, this.intern);
      // The referrers hold each entry once per slug: the related items' are in already, and
      // ReferrerLists.add skips the entry it added last.
      for (let i = first; i < stored.referenceCount; i++) if (!stored.isRelatedSlug(i)) this.referrers.add(stored.slugNumberAt(i), stored.number);
    }
    stored.linksUnread = undefined;
    this.entriesWithoutLinks--;
    this.compactReferencesIfWasteful();
    return true;
  }

  /** The summary as the index keeps it (see StoredEntry), its strings shared with the other entries'. */
  private compact(summary: EntrySummary | PackedSummary): StoredEntry {
    if (this.strings.size > 4 * this.byUri.size + 20_000) this.strings.clear();
    return new StoredEntry(summary, this.intern, this.references, this.options.keep === 'checks');
  }

  /** The one copy of `value` the index holds: a copy, as `value` may be a view of a file's whole text (see detach). */
  private readonly intern = (value: string): string => {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    const kept = detach(value);
    this.strings.set(kept, kept);
    return kept;
  };

  /** Whether `entry` lists `slug` in `related`. */
  listsAsRelated(entry: EntrySummary, slug: string): boolean {
    return entry instanceof StoredEntry ? entry.names(slug, 0, entry.relatedCount) : entry.related.some((ref) => ref.slug === slug);
  }

  /** The `related` items of `entry` that name `slug`, then its body links that do. */
  referencesIn(entry: EntrySummary, slug: string): SlugReference[] {
    if (entry instanceof StoredEntry) return entry.referencesTo(slug);
    return [...entry.related, ...entry.links].filter((ref) => ref.slug === slug);
  }

  private place(summary: StoredEntry): { previous: StoredEntry | undefined; slugIsNew: boolean } {
    const previous = this.byUri.get(summary.uri);
    const slugIsNew = !this.bySlug.has(summary.slug);
    if (previous) this.detach(previous);
    summary.number = previous ? previous.number : (this.freeEntryNumbers.pop() ?? this.entriesByNumber.length);
    this.entriesByNumber[summary.number] = summary;
    this.byUri.set(summary.uri, summary);
    this.bySlug.add(summary.slug, summary.uri);
    if (summary.linksUnread) this.entriesWithoutLinks++;
    if (slugIsNew || previous?.slug !== summary.slug) {
      this.slugSetVersion++;
      this.membershipChanges++;
    }
    for (let i = 0; i < summary.referenceCount; i++) this.referrers.add(summary.slugNumberAt(i), summary.number);
    if (summary.title) this.byTitle.add(normalizeTitle(summary.title), summary.uri);
    if (summary.category) this.categoryCounts.set(summary.category, (this.categoryCounts.get(summary.category) ?? 0) + 1);
    this.slugNames.add(summary.uri, summary.slug, summary.words);
    if (previous?.title !== summary.title || previous?.aliases?.join('\n') !== summary.aliases?.join('\n')) this.slugSetVersion++;
    for (const watcher of this.watchers) watcher(previous, summary);
    this.compactReferencesIfWasteful();
    return { previous, slugIsNew };
  }

  /**
   * Moves every entry's references to new blocks when more of the blocks goes unused than is used
   * (see ReferenceArena): after many edits, each of which left its old span behind. At 20,000
   * densely linked entries a copy of ~15 MB, at most once per as many numbers written.
   */
  private compactReferencesIfWasteful(): void {
    const { arena } = this.references;
    if (!arena.wasteful) return;
    arena.restart();
    for (const entry of this.byUri.values()) entry.moveTo(arena);
  }

  private affectedBy(previous: StoredEntry | undefined, summary: StoredEntry, slugIsNew: boolean): Set<string> {
    const affected = new Set<string>();
    if (slugIsNew) for (const uri of this.referrersOf(summary.slug)) affected.add(uri);
    // Files sharing a slug report each other (duplicate-slug): the old slug's and the new one's.
    if (previous?.slug !== summary.slug) {
      for (const uri of this.bySlug.get(summary.slug)) affected.add(uri);
      if (previous) for (const uri of this.bySlug.get(previous.slug)) affected.add(uri);
    }
    // Entries listed or unlisted here may gain or lose a one-way relation back to this one.
    const before = new Set(previous?.slugs(0, previous.relatedCount));
    const after = new Set(summary.slugs(0, summary.relatedCount));
    for (const slug of before) if (!after.has(slug)) for (const uri of this.bySlug.get(slug)) affected.add(uri);
    for (const slug of after) if (!before.has(slug)) for (const uri of this.bySlug.get(slug)) affected.add(uri);
    // Whether this entry's list can be trusted decides the one-way hints of the entries that list it.
    if (previous && previous.frontmatterValid !== summary.frontmatterValid) for (const uri of this.referrersOf(summary.slug)) affected.add(uri);
    if (previous?.title !== summary.title) {
      if (previous?.title) for (const uri of this.urisWithTitle(previous.title)) affected.add(uri);
      if (summary.title) for (const uri of this.urisWithTitle(summary.title)) affected.add(uri);
    }
    affected.delete(summary.uri);
    return affected;
  }

  /** Removes the entry at `uri`; returns the URIs of other entries to re-check. */
  remove(uri: string): Set<string> {
    const previous = this.byUri.get(uri);
    const affected = new Set<string>();
    if (!previous) return affected;
    this.detach(previous);
    this.byUri.delete(uri);
    for (const watcher of this.watchers) watcher(previous, undefined);
    if (!this.bySlug.has(previous.slug)) {
      this.slugSetVersion++;
      this.membershipChanges++;
      for (const referrer of this.referrersOf(previous.slug)) affected.add(referrer);
    } else {
      for (const other of this.bySlug.get(previous.slug)) affected.add(other);
    }
    if (previous.title) for (const other of this.urisWithTitle(previous.title)) affected.add(other);
    for (let i = 0; i < previous.relatedCount; i++) for (const other of this.bySlug.get(previous.slugAt(i))) affected.add(other);
    affected.delete(uri);
    this.entriesByNumber[previous.number] = undefined;
    this.freeEntryNumbers.push(previous.number);
    this.compactReferencesIfWasteful();
    return affected;
  }

  private detach(summary: StoredEntry): void {
    this.bySlug.remove(summary.slug, summary.uri);
    if (summary.linksUnread) this.entriesWithoutLinks--;
    // Before the entry gives its slug numbers back (summary.detach), while they still name its slugs.
    for (let i = 0; i < summary.referenceCount; i++) this.referrers.remove(summary.slugNumberAt(i), summary.number);
    summary.detach();
    if (summary.title) this.byTitle.remove(normalizeTitle(summary.title), summary.uri);
    this.slugNames.remove(summary.uri);
    if (summary.category) {
      const count = (this.categoryCounts.get(summary.category) ?? 1) - 1;
      if (count > 0) this.categoryCounts.set(summary.category, count);
      else this.categoryCounts.delete(summary.category);
    }
  }
}
