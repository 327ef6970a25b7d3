import { URI } from 'vscode-uri';
import { parseEntry, stringField, type ParsedEntry } from './parsing';
import type { EntrySummary, PackedSummary } from './glossaryIndex';
import { scanningPositions } from './positions';
import type { GlossarySettings } from './settings';
import { slugFromPath } from './slugs';
import { forEachEntryLink, summarizeEntry } from './summarize';

/** One entry's text parsed under the settings, as every feature sees it. */
export interface AnalyzedText {
  /** The text parsed: the whole text, or its first glossary.maxFileSize characters. */
  text: string;
  entry: ParsedEntry;
  slug: string;
  /** Where the text was cut, when it was larger than glossary.maxFileSize. */
  truncatedAt: number | undefined;
}

/** What indexing one file gives: its summary, or why it has none; and what was cut. */
export interface FileSummary {
  uri: string;
  /** Packed when it comes from another thread: a few arrays to copy rather than an object per reference. */
  summary?: EntrySummary | PackedSummary;
  /** With the extent 'links': the body links only, for an entry indexed with 'fields'. */
  links?: BodyLinks;
  problem?: string;
}

/** The body links of an entry that point at entries: their slugs, and line, character, endLine, endCharacter of each. */
export interface BodyLinks {
  /** Each link's slug; with `numbers`, only those of the links numbered -1, in order. */
  slugs: string[];
  positions: Int32Array;
  /**
   * Read against a pinned table of the index's slug numbers (see GlossaryIndex.pinSlugNumbers):
   * each link's number in it, or -1 where its slug is not there (it is the next of `slugs`).
   * Another thread sends a number where it would send a string, and the index looks nothing up.
   */
  numbers?: Int32Array;
}

/** Slug → number, from a table of SlugNumbers.pin (where '' is a free number). */
export function slugNumbersOf(table: readonly string[]): Map<string, number> {
  const numbers = new Map<string, number>();
  for (let number = 0; number < table.length; number++) if (table[number]) numbers.set(table[number], number);
  return numbers;
}

/** `links` read against a slug table (see BodyLinks.numbers). */
export function numberedLinks(links: BodyLinks, numbers: ReadonlyMap<string, number>): BodyLinks {
  const numbered = new Int32Array(links.slugs.length);
  const unknown: string[] = [];
  for (let i = 0; i < links.slugs.length; i++) {
    const number = numbers.get(links.slugs[i]);
    if (number === undefined) unknown.push(links.slugs[i]);
    numbered[i] = number ?? -1;
  }
  return { slugs: unknown, positions: links.positions, numbers: numbered };
}

/** Bytes looked at to tell a binary file from text, as git does. */
const BINARY_SNIFF_BYTES = 8000;
const decoder = new TextDecoder('utf-8', { fatal: false });

/** The text of a file's bytes, cut at `maxFileSize`; undefined for a binary file. */
export function decodeEntryBytes(bytes: Uint8Array, maxFileSize: number): string | undefined {
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return undefined;
  return decoder.decode(bytes.length > maxFileSize ? bytes.subarray(0, maxFileSize) : bytes);
}

/**
 * The text parsed as an entry. `summaryExtent`: only what the index keeps is wanted, so tool-call debris
 * (a diagnostic of the open entry only, and a pattern run over every block) is not looked for, and of
 * the body only its links are kept (bodyExtent 'links'); with 'fields', the body is not read; with
 * 'links', the body alone: the frontmatter's fields are not read, so `slug` is the file name's even
 * where glossary.slugField names another (see SummaryExtent).
 */
export function analyzeEntryText(uri: string, fullText: string, settings: GlossarySettings, byteLength?: number, summaryExtent?: SummaryExtent): AnalyzedText {
  let text = fullText;
  let truncatedAt: number | undefined;
  if ((byteLength ?? text.length) > settings.maxFileSize) {
    truncatedAt = Math.min(text.length, settings.maxFileSize);
    text = text.slice(0, truncatedAt);
  }
  const entry = parseEntry(text, { debrisTags: summaryExtent ? [] : settings.debrisTags, bodyExtent: summaryExtent === 'fields' ? 'none' : summaryExtent ? 'links' : 'whole', readFields: summaryExtent !== 'links' });
  const slug = (settings.slugField && stringField(entry, settings.slugField)?.trim()) || slugFromPath(URI.parse(uri).path);
  return { text, entry, slug, truncatedAt };
}

function truncationNote(truncatedAt: number): string {
  return `it is larger than glossary.maxFileSize; only its first ${truncatedAt} characters were indexed`;
}

/**
 * How much of an entry a summary reads. 'whole': everything the index keeps. 'fields': all of it but
 * the body links (the summary says `linksUnread`), which is what every diagnostic, completion and
 * hover reads of other entries, for a fraction of the work: the body is not read. 'links': the body
 * links alone (FileSummary.links, no summary). A large glossary is indexed with 'fields', then
 * 'links' (WorkspaceIndexer.readBodyLinks).
 */
export type SummaryExtent = 'whole' | 'fields' | 'links';

/** Indexing one file, from its bytes (undefined: it could not be read) to its summary. */
export function summarizeEntryFile(uri: string, bytes: Uint8Array | undefined, settings: GlossarySettings, extent: SummaryExtent = 'whole'): FileSummary {
  if (bytes === undefined) return { uri, problem: 'skipped: it could not be read' };
  let analyzed = extent === 'fields' ? fieldsFromHead(uri, bytes, bytes.length, settings) : undefined;
  if (!analyzed) {
    const text = decodeEntryBytes(bytes, settings.maxFileSize);
    if (text === undefined) return { uri, problem: 'skipped: it is a binary file' };
    analyzed = analyzeEntryText(uri, text, settings, bytes.length, extent);
  }
  return summaryOf(uri, analyzed, settings, extent);
}

function summaryOf(uri: string, analyzed: AnalyzedText, settings: GlossarySettings, extent: SummaryExtent): FileSummary {
  const problem = analyzed.truncatedAt === undefined ? undefined : truncationNote(analyzed.truncatedAt);
  if (extent === 'links') return { uri, links: bodyLinksOf(analyzed, settings), ...(problem ? { problem } : {}) };
  const summary = summarizeEntry(uri, analyzed.slug, scanningPositions(analyzed.text), analyzed.entry, settings);
  if (extent === 'fields') summary.linksUnread = true;
  return problem ? { uri, summary, problem } : { uri, summary };
}

/**
 * How many bytes of a file a reader for the extent 'fields' reads first (summarizeEntryHead): enough
 * to tell a binary file and to find the end of nearly every frontmatter.
 */
export const ENTRY_HEAD_BYTES = 8192;

/**
 * The extent 'fields' of a file of `size` bytes from its first bytes alone (`head`: all of them, or
 * at least ENTRY_HEAD_BYTES), the same summary summarizeEntryFile gives with the whole file; or
 * undefined when the rest of the file is needed (then summarizeEntryFile). At 20,000 entries the
 * first pass of indexing otherwise read 340 MB to look at 80.
 */
export function summarizeEntryHead(uri: string, head: Uint8Array, size: number, settings: GlossarySettings): FileSummary | undefined {
  if (head.length >= size) return summarizeEntryFile(uri, head.subarray(0, size), settings, 'fields');
  if (head.length < ENTRY_HEAD_BYTES) return undefined;
  const analyzed = fieldsFromHead(uri, head, size, settings);
  return analyzed && summaryOf(uri, analyzed, settings, 'fields');
}

/** What the extent 'fields' decodes first: nearly every frontmatter closes within it. */
const FIELDS_HEAD_BYTES = 4096;

/**
 * The extent 'fields' of a file of `size` bytes from its first FIELDS_HEAD_BYTES alone (`bytes`: the
 * file, or its first BINARY_SNIFF_BYTES at least), when its frontmatter is at the top and closes
 * within them: the body is not read, so the rest need not be decoded (a whole file decoded was 40 %
 * of what indexing's first pass allocated). Undefined otherwise: a binary, truncated or short file,
 * a frontmatter that runs on or is misplaced further down.
 */
function fieldsFromHead(uri: string, bytes: Uint8Array, size: number, settings: GlossarySettings): AnalyzedText | undefined {
  if (size <= FIELDS_HEAD_BYTES || size > settings.maxFileSize || bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return undefined;
  // Cut where a character starts (a UTF-8 continuation byte is 10xxxxxx): the head decodes as the whole file's first characters.
  let cut = FIELDS_HEAD_BYTES;
  while (cut > FIELDS_HEAD_BYTES - 4 && (bytes[cut] & 0xc0) === 0x80) cut--;
  if ((bytes[cut] & 0xc0) === 0x80) return undefined;
  const head = decoder.decode(bytes.subarray(0, cut));
  const analyzed = analyzeEntryText(uri, head, settings, head.length, 'fields');
  const frontmatter = analyzed.entry.frontmatter;
  // The closing line ends before the head does: what follows it cannot change it.
  return frontmatter?.closeSpan && !frontmatter.misplaced && frontmatter.closeSpan.end < head.length ? analyzed : undefined;
}

/** The body links of a summary (EntrySummary.links), packed, without the rest of the summary. */
function bodyLinksOf({ text, entry }: AnalyzedText, settings: GlossarySettings): BodyLinks {
  const document = scanningPositions(text);
  const slugs: string[] = [];
  const positions: number[] = [];
  forEachEntryLink(text, entry, settings, (slug, span) => {
    const start = document.positionAt(span.start);
    const end = document.positionAt(span.end);
    // A view of the text: the index keeps a copy of each slug once (GlossaryIndex.intern), and another thread's arrive copied.
    slugs.push(slug);
    positions.push(start.line, start.character, end.line, end.character);
  });
  return { slugs, positions: Int32Array.from(positions) };
}

/**
 * Work the service can hand to other threads: indexing many files, and parsing one large open
 * document. The language server provides worker threads; without one, everything runs in-line.
 */
export interface EntryAnalyzer {
  /**
   * Reads and summarizes the files at `uris`, calling `onResults` as batches finish, in any order.
   * With `slugTable` (see GlossaryIndex.pinSlugNumbers), body links may come numbered against it
   * (BodyLinks.numbers).
   */
  summarizeFiles(uris: readonly string[], settings: GlossarySettings, onResults: (results: FileSummary[]) => void, extent?: SummaryExtent, slugTable?: readonly string[]): Promise<void>;
  analyzeText(uri: string, text: string, settings: GlossarySettings): Promise<AnalyzedText>;
  /** Starts the other threads ahead of the work they will be given (a hint; optional). */
  warmUp?(): void;
  /** Below this many files the service indexes in-line instead (default: where threads start to pay off). */
  readonly minimumFiles?: number;
  /**
   * Whether a large glossary is indexed in two passes, its fields first ('fields') and then its body
   * links: each file is read twice, which pays where a read is cheap (a local disk), not where each
   * read is a round trip (the browser's files come through the client).
   */
  readonly linksInSecondPass?: boolean;
}
