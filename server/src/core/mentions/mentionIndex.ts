/**
 * Unlinked mentions: where an entry's prose names another entry, by title or alias, without a
 * link to it or a `related` item naming it. The terms of every entry sit in one TermMatcher,
 * kept up to date from the GlossaryIndex's changes, so finding them costs one pass over the text.
 */
import type { EntrySummary, GlossaryIndex } from '../glossaryIndex';
import { relatedItems, type ParsedEntry, type Span } from '../parsing';
import type { GlossarySettings } from '../settings';
import { entryLinkSlug, relatedPrefixes, slugFromReference } from '../slugs';
import { isAbbreviation, TermMatcher, termWords } from './termMatcher';

/**
 * One-word titles that are everyday words of any glossary's prose: as mentions they would be
 * noise ("the model", "these terms"). A longer title holding them (`Foundation Model`) still counts.
 */
const COMMON_WORDS = new Set([
  'model', 'models', 'term', 'terms', 'glossary', 'index', 'data', 'system', 'systems', 'example', 'examples',
  'overview', 'introduction', 'reference', 'references', 'concept', 'concepts', 'method', 'methods', 'tool', 'tools',
  'input', 'output', 'value', 'values', 'type', 'types', 'note', 'notes', 'guide', 'setup', 'training', 'learning',
]);

/** Shorter terms (in letters and digits) are never matched unless they are abbreviations: `AI` is, `ai` is not. */
const MIN_TERM_LENGTH = 4;

/**
 * Whether `term` is distinctive enough to be reported as a mention: an abbreviation of two or
 * more capitals (matched with its case), or a term of at least MIN_TERM_LENGTH letters that is
 * not a single common word.
 */
export function isMentionTerm(term: string): boolean {
  const words = termWords(term);
  if (!words.length) return false;
  if (isAbbreviation(term)) return true;
  if (words.join('').length < MIN_TERM_LENGTH) return false;
  return !(words.length === 1 && COMMON_WORDS.has(words[0].toLowerCase()));
}

/** The title and aliases of an entry that count as mentions of it; none for a section page (`_index`). */
export function mentionTermsOf(summary: EntrySummary): string[] {
  if (summary.slug.startsWith('_')) return [];
  const terms = [summary.title, ...(summary.aliases ?? [])].filter((term): term is string => !!term && isMentionTerm(term));
  return [...new Set(terms)];
}

/** "Who mentions me without linking": params `{ uri }` of an entry; answers the Locations of its unlinked mentions in other entries. */
export const UNLINKED_MENTIONS_OF_REQUEST = 'glossary/unlinkedMentionsOf';

export interface UnlinkedMentionsOfParams {
  uri: string;
}

export interface UnlinkedMention {
  span: Span;
  /** The slug of the entry mentioned. */
  slug: string;
  /** Its title (the slug when it has none), for messages and fix titles. */
  title: string;
}

/** Inline code, raw HTML tags and bare URLs in prose: never mentions. */
const NOT_PROSE = /(`+)[^]*?(?<!`)\1(?!`)|<[^>\n]*>|\b(?:https?|ftp|mailto):[^\s<>)\]]+|\bwww\.[^\s<>)\]]+/g;

/** What a paragraph's text is not prose in: links, reference uses, code, HTML and URLs. */
function skippedSpans(text: string, entry: ParsedEntry, paragraph: Span): Span[] {
  const skipped: Span[] = [];
  for (const link of entry.links) if (link.span.end > paragraph.start && link.span.start < paragraph.end) skipped.push(link.span);
  for (const reference of entry.references) if (reference.span.end > paragraph.start && reference.span.start < paragraph.end) skipped.push(reference.span);
  if (mayHoldNonProse(text, paragraph)) {
    NOT_PROSE.lastIndex = 0;
    const source = text.slice(paragraph.start, paragraph.end);
    for (const match of source.matchAll(NOT_PROSE)) skipped.push({ start: paragraph.start + match.index, end: paragraph.start + match.index + match[0].length });
  }
  return skipped.length > 1 ? skipped.sort((a, b) => a.start - b.start) : skipped;
}

/**
 * Whether NOT_PROSE can match in the paragraph: each of its forms holds a backtick, a `<`, a `:`
 * or `www.`. Most paragraphs hold none, and this look costs a fraction of the pattern's.
 */
function mayHoldNonProse(text: string, paragraph: Span): boolean {
  for (let at = paragraph.start; at < paragraph.end; at++) {
    const code = text.charCodeAt(at);
    if (code === 96 || code === 60 || code === 58) return true;
    if (code === 119 && text.startsWith('ww.', at + 1)) return true;
  }
  return false;
}

/** A mention found in a paragraph: offsets from the paragraph's start, and the URI of the entry it names. */
interface ParagraphMatch {
  start: number;
  end: number;
  target: string;
}

/**
 * Everything the mentions found in `paragraph` depend on: its text (the matcher reads nothing
 * outside it), and the links and references in it, which a link definition elsewhere in the
 * entry can make or unmake.
 */
function paragraphKey(text: string, paragraph: Span, skipped: readonly Span[]): string {
  // The length first: no paragraph's text can pass for another's with its skipped spans.
  let key = `${paragraph.end - paragraph.start}:${text.slice(paragraph.start, paragraph.end)}`;
  for (const span of skipped) key += `|${span.start - paragraph.start},${span.end - paragraph.start}`;
  return key;
}

/** The parts of `paragraph` outside `skipped` (sorted by start, possibly overlapping). */
function proseParts(paragraph: Span, skipped: readonly Span[]): Span[] {
  const parts: Span[] = [];
  let at = paragraph.start;
  for (const span of skipped) {
    if (span.start > at) parts.push({ start: at, end: Math.min(span.start, paragraph.end) });
    at = Math.max(at, span.end);
  }
  if (at < paragraph.end) parts.push({ start: at, end: paragraph.end });
  return parts;
}

/** The slugs an entry already points at: its `related` items and its body links to entries. */
export function linkedSlugs(entry: ParsedEntry, settings: GlossarySettings): Set<string> {
  const slugs = new Set<string>();
  const prefixes = relatedPrefixes(settings);
  for (const item of relatedItems(entry)) {
    const slug = item.text === undefined ? undefined : slugFromReference(item.text, prefixes);
    if (slug) slugs.add(slug);
  }
  for (const link of entry.links) {
    const slug = entryLinkSlug(link.target, settings.linkPrefix);
    if (slug) slugs.add(slug);
  }
  return slugs;
}

/** A title or alias as duplicates are told: case, spacing and hyphens aside (`Fine-tuning` = `fine tuning`). */
export function normalizeTerm(term: string): string {
  return termWords(term).map((word) => word.toLowerCase()).join(' ');
}

export interface TermOwner {
  uri: string;
  /** Whether the entry's title is the term (else one of its aliases). */
  asTitle: boolean;
}

export class MentionIndex {
  /**
   * Keyed by URI: two files may share a slug, and each keeps its own terms. Kept up to date as
   * entries come; but in an index that keeps only what checks read (the CLI's check), made on
   * first use: a check below the hint level looks for no mentions, and at 20,000 entries the
   * matcher was 17 MB of each thread's heap.
   */
  private matcherValue: TermMatcher | undefined;
  /**
   * Every title and alias (normalizeTerm) → the entries that have it, for duplicate terms: the
   * URI alone for a term that is one entry's title (almost all of them), else each URI and
   * whether the term is its title.
   */
  private readonly owners = new Map<string, string | Map<string, boolean>>();

  /** Bumped whenever a title or alias comes, goes or changes: the matches found in a text may change. */
  private termsVersion = 0;
  /**
   * Per open entry, the matches found in each of its paragraphs last time, by what decides them
   * (paragraphKey), with offsets from the paragraph's start: a keystroke changes one paragraph, or
   * none (typing in the frontmatter), and its diagnostics and completions then scan only that one,
   * not 60 KB of prose. An entry read from disk (a whole-glossary check) is scanned once and not kept.
   */
  private readonly paragraphMatches = new Map<string, { termsVersion: number; byParagraph: Map<string, ParagraphMatch[]> }>();

  /**
   * Follows `index` from now on, starting with the entries already in it. `isOpen` tells the
   * entries being edited, whose scans are worth keeping (none without it).
   */
  constructor(private readonly index: GlossaryIndex, private readonly isOpen: (uri: string) => boolean = () => false) {
    index.watch((previous, next) => {
      if (!previous || !next || previous.title !== next.title || previous.aliases?.join('\n') !== next.aliases?.join('\n')) this.termsVersion++;
      if (previous) this.forEachTerm(previous, (term) => {
        const owners = this.owners.get(term);
        if (owners === previous.uri) this.owners.delete(term);
        else if (typeof owners === 'object') {
          owners.delete(previous.uri);
          if (owners.size === 0) this.owners.delete(term);
        }
      });
      if (next) this.forEachTerm(next, (term, asTitle) => {
        const owners = this.owners.get(term);
        if (owners === undefined && asTitle) this.owners.set(term, next.uri);
        else if (owners !== next.uri) {
          const byUri = typeof owners === 'object' ? owners : new Map(owners === undefined ? [] : [[owners, true]]);
          byUri.set(next.uri, asTitle || byUri.get(next.uri) === true);
          this.owners.set(term, byUri);
        }
      });
      if (!this.matcherValue && index.keepsOnlyChecks) return;
      if (next) this.matcher.set(next.uri, mentionTermsOf(next));
      else if (previous) this.matcher.delete(previous.uri);
    });
  }

  private get matcher(): TermMatcher {
    if (!this.matcherValue) {
      this.matcherValue = new TermMatcher();
      if (this.index.keepsOnlyChecks) for (const entry of this.index.entries()) this.matcherValue.set(entry.uri, mentionTermsOf(entry));
    }
    return this.matcherValue;
  }

  private forEachTerm(summary: EntrySummary, visit: (term: string, asTitle: boolean) => void): void {
    if (summary.title) visit(normalizeTerm(summary.title), true);
    for (const alias of summary.aliases ?? []) visit(normalizeTerm(alias), false);
  }

  /** The other entries whose title or an alias is `term` (any spelling normalizeTerm merges). */
  ownersOf(term: string, exceptUri: string): TermOwner[] {
    const owners: TermOwner[] = [];
    const found = this.owners.get(normalizeTerm(term));
    const each = typeof found === 'string' ? [[found, true] as const] : found ?? [];
    for (const [uri, asTitle] of each) if (uri !== exceptUri) owners.push({ uri, asTitle });
    return owners;
  }

  get termCount(): number {
    return this.matcher.size;
  }

  /**
   * Every place the prose of `entry` (at `uri`, with slug `slug`) names another entry it does
   * not link to or list as related. Only the first mention of each entry is given: one link per
   * entry is what a glossary's style asks for, and repeating the hint on every use would be noise.
   */
  unlinkedMentions(uri: string, slug: string, text: string, entry: ParsedEntry, settings: GlossarySettings): UnlinkedMention[] {
    if (!this.matcher.size || !entry.paragraphs.length) return [];
    const linked = linkedSlugs(entry, settings);
    const reported = new Set<string>();
    const mentions: UnlinkedMention[] = [];
    this.forEachMention(uri, text, entry, (start, end, target) => {
      if (target.slug === slug || linked.has(target.slug) || reported.has(target.slug)) return;
      reported.add(target.slug);
      mentions.push({ span: { start, end }, slug: target.slug, title: target.title ?? target.slug });
    });
    return mentions;
  }

  /** The slugs `entry`'s prose names, linked or not, in the order of the text (for ranking related suggestions). */
  mentionedSlugs(uri: string, text: string, entry: ParsedEntry): string[] {
    const slugs = new Set<string>();
    this.forEachMention(uri, text, entry, (_start, _end, target) => slugs.add(target.slug));
    return [...slugs];
  }

  /** Every place the prose of the entry at `uri` names another entry, in the order of the text. */
  private forEachMention(uri: string, text: string, entry: ParsedEntry, visit: (start: number, end: number, target: EntrySummary) => void): void {
    if (!this.isOpen(uri)) {
      this.paragraphMatches.delete(uri);
      for (const paragraph of entry.paragraphs) {
        this.scanParagraph(uri, text, paragraph, skippedSpans(text, entry, paragraph), (start, end, target) => {
          const summary = this.index.entryAt(target);
          if (summary) visit(start, end, summary);
        });
      }
      return;
    }
    const remembered = this.paragraphMatches.get(uri);
    const before = remembered?.termsVersion === this.termsVersion ? remembered.byParagraph : undefined;
    const byParagraph = new Map<string, ParagraphMatch[]>();
    for (const paragraph of entry.paragraphs) {
      const skipped = skippedSpans(text, entry, paragraph);
      const key = paragraphKey(text, paragraph, skipped);
      let matches = byParagraph.get(key) ?? before?.get(key);
      if (!matches) {
        const found: ParagraphMatch[] = [];
        this.scanParagraph(uri, text, paragraph, skipped, (start, end, target) => found.push({ start: start - paragraph.start, end: end - paragraph.start, target }));
        matches = found;
      }
      byParagraph.set(key, matches);
      for (const { start, end, target } of matches) {
        const summary = this.index.entryAt(target);
        if (summary) visit(start + paragraph.start, end + paragraph.start, summary);
      }
    }
    if (!remembered) for (const kept of this.paragraphMatches.keys()) if (!this.isOpen(kept)) this.paragraphMatches.delete(kept);
    this.paragraphMatches.set(uri, { termsVersion: this.termsVersion, byParagraph });
  }

  /** The terms in the prose of `paragraph` (outside `skipped`), in order, with the URI of each entry they name but `uri`'s. */
  private scanParagraph(uri: string, text: string, paragraph: Span, skipped: readonly Span[], visit: (start: number, end: number, target: string) => void): void {
    for (const part of proseParts(paragraph, skipped)) {
      this.matcher.forEach(text, part.start, part.end, (start, end, keys) => {
        for (const target of keys) if (target !== uri) visit(start, end, target);
      });
    }
  }
}
