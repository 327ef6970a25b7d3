import type { EntryInput } from './entryInput';
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList, type Range } from 'vscode-languageserver-types';
import { relatedItems, stringField, type FrontmatterFormat, type Span } from '../parsing';
import { FIELD_DOCS } from '../fields';
import { matchScore, typedQuery } from '../fuzzy/match';
import { frontmatterContextAt } from '../frontmatterContext';
import { fieldLine, insideQuotes, stringValue } from '../frontmatterText';
import { GlossaryIndex, plainSummary, type EntrySummary } from '../glossaryIndex';
import { iconImageMarkdown, LOADING, MAX_NAME_LENGTH, type IconCatalog, type IconSets } from '../icons';
import { BestEntries, slugSearchOf } from '../ranking';
import { lineStartOf, rangeOfSpan } from '../positions';
import { relatedPrefixes, slugFromReference } from '../slugs';
import { escapeRegExp } from '../text';
import type { MentionIndex } from '../mentions/mentionIndex';

export interface CompletionInput extends EntryInput {
  /** The icon sets `logoIcon` values are completed from; without them, no icon completion. */
  icons?: IconSets;
  /** Every entry's title and aliases: `related` suggestions then put first the entries the body names. */
  mentions?: MentionIndex;
  uri?: string;
}

/**
 * Lifts the entries the body names above every other match in `related` suggestions, in the order
 * of the text: each step is larger than any score or rank without it (scores and ranks stay below 1e7).
 */
const MENTIONED_BONUS = 1e15;
const MENTIONED_STEP = 1e7;

export function getCompletions(input: CompletionInput, offset: number): CompletionList | null {
  const text = input.document.getText();
  const context = frontmatterContextAt(text, input.entry, offset);
  if (!context) return bodyLinkCompletions(input, text, offset);
  const range = rangeOfSpan(input.document, context.partial);
  const typed = text.slice(context.partial.start, offset);
  if (context.kind === 'key') return keyCompletions(input, range, text, context.partial);
  if (context.key === 'related' && context.kind === 'item') {
    // Sites whose related values are paths (`glossary/fine-tuning`) get the path prefix inserted too.
    const prefix = input.settings.relatedPrefix;
    const query = prefix && typed.startsWith(prefix) ? typed.slice(prefix.length) : typed;
    // YAML takes a slug as it is; TOML and JSON need it quoted, unless the quotes are typed already.
    const written = formatOf(input) === 'yaml' ? (slug: string) => slug : (slug: string) => valueText(input, text, context.partial, slug);
    const mentioned = input.mentions && input.uri ? input.mentions.mentionedSlugs(input.uri, text, input.entry) : [];
    return slugCompletions(input, query, range, relatedSlugsExcept(input, context.partial), prefix, written, mentioned);
  }
  if (context.key === 'category' && context.kind === 'value') return categoryCompletions(input, range, (name) => valueText(input, text, context.partial, name));
  if (context.key === 'logoIcon' && context.kind === 'value' && input.icons && input.settings.fields.logoIcon !== undefined) {
    return iconCompletions(input, input.icons, text, context.partial.start, offset);
  }
  return null;
}

function formatOf(input: CompletionInput): FrontmatterFormat {
  return input.entry.frontmatter?.format ?? 'yaml';
}

/**
 * `value` as it goes in place of `partial`: quoted as the format needs, or, between quotes already
 * typed, escaped for them (and the closing quote added when it is missing).
 */
function valueText(input: CompletionInput, text: string, partial: Span, value: string): string {
  const quote = text[partial.start - 1];
  if (quote !== '"' && quote !== "'") return stringValue(formatOf(input), value);
  return insideQuotes(formatOf(input), value, quote) + (text[partial.end] === quote ? '' : quote);
}


function keyCompletions(input: CompletionInput, range: Range, text: string, partial: Span): CompletionList {
  const format = formatOf(input);
  const present = new Set(input.entry.frontmatter?.fields.map((f) => f.key));
  // In JSON, a field with another after it needs its comma.
  const comma = format === 'json' && /^[^\r\n]*[\r\n]+\s*"/.test(text.slice(partial.end)) ? ',' : '';
  const items: CompletionItem[] = [];
  for (const key of Object.keys(input.settings.fields)) {
    if (present.has(key)) continue;
    const docs = FIELD_DOCS[key];
    const required = input.settings.requiredFields.includes(key);
    const type = input.settings.fields[key];
    const isList = type === 'string[]';
    const snippet = isList ? '["$0"]' : type === 'string' ? '"$0"' : '$0';
    items.push({
      label: key,
      kind: CompletionItemKind.Property,
      detail: required ? 'required field' : 'field',
      documentation: docs ? { kind: MarkupKind.Markdown, value: `${docs.summary}\n\n${docs.values}` } : undefined,
      sortText: `${required ? 0 : 1}${key}`,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: format === 'yaml' ? (isList ? `${key}:\n- $0` : `${key}: $0`) : `${fieldLine(format, key, snippet)}${comma}` },
      // Lets the editor offer values (slugs, categories) right after the key is inserted.
      command: isList || key === 'category' ? { title: 'Suggest', command: 'editor.action.triggerSuggest' } : undefined,
    });
  }
  return { isIncomplete: false, items };
}

function categoryCompletions(input: CompletionInput, range: Range, written: (name: string) => string): CompletionList {
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
    textEdit: { range, newText: written(name) },
    preselect: name === current ? true : undefined,
  }));
  return { isIncomplete: false, items };
}

/** Slugs after the link prefix of a body link, `[Fine-tuning](/glossary/fi|`, or of a reference definition. */
function bodyLinkCompletions(input: CompletionInput, text: string, offset: number): CompletionList | null {
  const prefix = input.settings.linkPrefix;
  if (!prefix) return null;
  const before = text.slice(Math.max(lineStartOf(text, offset), offset - 500), offset);
  const escaped = escapeRegExp(prefix);
  // An inline link's destination, or a reference definition's: `[label]: /glossary/fi|`.
  const match = new RegExp(`(?:\\]\\(\\s*|^ {0,3}\\[[^\\]]+\\]:[ \\t]*)<?${escaped}([^)\\s#?/]*)$`).exec(before);
  if (!match) return null;
  let end = offset;
  while (end < text.length && /[^\s)#?/>\]]/.test(text[end])) end++;
  const partial = { start: offset - match[1].length, end };
  return slugCompletions(input, match[1], rangeOfSpan(input.document, partial), new Set());
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

function slugCompletions(input: CompletionInput, typed: string, range: Range, listed: ReadonlySet<string>, insertPrefix = '', written = (value: string) => value, mentioned: readonly string[] = []): CompletionList {
  const { entry, index, settings } = input;
  const query = typed.toLowerCase();
  const ownCategory = stringField(entry, 'category');
  const max = settings.completion.maxItems;
  const best = new BestEntries(max);
  const excluded = (slug: string) => slug === input.slug || listed.has(slug);
  // The first mentioned ranks highest: the order of the text is the order of relevance a reader meets.
  const mentionRank = new Map(mentioned.map((slug, i) => [slug, MENTIONED_BONUS - i * MENTIONED_STEP]));
  const boost = (slug: string) => mentionRank.get(slug) ?? 0;
  /** How many entries match in all, to say whether the list is complete. */
  let total: number;
  if (query === '') {
    // With nothing typed yet, neighbours in the same category and well-linked entries come first.
    const rank = (candidate: EntrySummary) => (candidate.category && candidate.category === ownCategory ? 100000 : 0) + index.referrerCount(candidate.slug);
    for (const candidate of untypedShortlist(index, ownCategory, max + listed.size + 1)) if (!excluded(candidate.slug) && !mentionRank.has(candidate.slug)) best.offer(candidate, rank(candidate));
    for (const slug of mentionRank.keys()) {
      const candidate = index.entryFor(slug);
      if (candidate && !excluded(slug)) best.offer(candidate, rank(candidate) + boost(slug));
    }
    // The shortlist says nothing of how many entries could be offered in all.
    let present = index.has(input.slug) ? 1 : 0;
    for (const slug of listed) if (index.has(slug)) present++;
    total = Math.max(best.offered, index.size - present);
  } else {
    let turnedAway = 0;
    const offeredMentioned = new Set<string>();
    const found = slugSearchOf(index).forEachMatch(
      query,
      (candidate, score) => {
        if (mentionRank.has(candidate.slug)) offeredMentioned.add(candidate.slug);
        best.offer(candidate, score + boost(candidate.slug));
      },
      (score, slug) => {
        if (excluded(slug)) {
          turnedAway++;
          return false;
        }
        return best.wants(score + boost(slug), slug);
      },
      // Letters-in-order matches only while they could still make the list; the entries the body names are scored below.
      (bestPossible) => best.wants(bestPossible, ''),
    );
    if (!found.complete) {
      const typed = typedQuery(query);
      for (const slug of mentionRank.keys()) {
        const candidate = offeredMentioned.has(slug) || excluded(slug) ? undefined : index.entryFor(slug);
        const score = candidate ? matchScore(typed, candidate.slugLower ?? candidate.slug, candidate.words, candidate.titleLower) : -1;
        if (candidate && score >= 0) best.offer(candidate, score + boost(slug));
      }
    }
    // Without the letters-in-order matches, how many match in all is not known: more than shown, say.
    total = found.complete ? found.matches - turnedAway : Infinity;
  }
  const items = best.best().map((target, rank): CompletionItem => ({
    label: target.slug,
    kind: CompletionItemKind.Reference,
    detail: target.aliases?.length ? `${target.title ?? target.slug} (also ${target.aliases.join(', ')})` : target.title,
    documentation: {
      kind: MarkupKind.Markdown,
      value: [target.description ?? '*No description.*', target.category ? `*Category:* ${target.category}` : ''].filter(Boolean).join('\n\n'),
    },
    // Title words in the filter text let the editor keep `transfer-learning` when `Transfer` is typed.
    filterText: [`${insertPrefix}${target.slug}`, target.title, ...(target.aliases ?? [])].filter(Boolean).join(' '),
    sortText: String(rank).padStart(6, '0'),
    textEdit: { range, newText: written(`${insertPrefix}${target.slug}`) },
  }));
  // With nothing typed, the order counts the entries linking to each: final once every body link is in.
  return { isIncomplete: total > max || (query === '' && !index.linksComplete), items };
}

/**
 * The warm-up's queries: the slugs of this many entries, spread over the index, each typed a
 * character at a time to its end (past its first hyphen, a query of several words takes its own
 * way through the search).
 */
const WARM_UP_SLUGS = 8;

/**
 * Steps that ask `related` completions as a writer would (each slug typed a character at a time),
 * one per call (true while more are left), for a moment nobody waits: a function's first calls run
 * interpreted, and the slug search and ranking over 20,000 entries took 11–28 ms in each of the
 * first ten completions after indexing, ~2 ms once compiled. The answers are dropped. `parse`
 * gives the warm-up's entry (not in the index) as an open document would be parsed.
 */
export function completionWarmUp(input: Omit<CompletionInput, 'document' | 'entry' | 'slug' | 'uri'>, parse: (text: string) => Pick<EntryInput, 'document' | 'entry'>): () => boolean {
  // The first steps take the sample (the entries may have changed since the steps were handed out).
  let sample: ReturnType<typeof sampleInSteps> | undefined;
  let index: GlossaryIndex | undefined;
  const queries: string[] = [''];
  const head = '---\ntitle: Completion warm-up\nrelated:\n  - ';
  return () => {
    if (!index) {
      sample ??= sampleInSteps(input.index);
      index = sample();
      if (!index) return true;
      const every = Math.max(1, Math.floor(index.size / WARM_UP_SLUGS));
      let at = 0;
      for (const entry of index.entries()) {
        if (at++ % every !== 0) continue;
        for (let typed = 1; typed <= entry.slug.length; typed++) queries.push(entry.slug.slice(0, typed));
      }
      return true;
    }
    const query = queries.shift();
    if (query === undefined) return false;
    const parsed = parse(`${head}${query}\n---\n`);
    getCompletions({ ...input, index, ...parsed, slug: 'completion-warm-up' }, head.length + query.length);
    return queries.length > 0;
  };
}

/**
 * Entries completionWarmUp completes against: compiling the search and the ranking needs them run,
 * not the whole glossary searched. Warmed up over all of 100,000 entries, its first steps held the
 * thread 70 ms each, and over 20,000 it took the cores from the workers reading the body links.
 */
const WARM_UP_ENTRIES = 512;
/** Entries of the sample indexed per step (indexing one takes tens of microseconds). */
const SAMPLED_PER_STEP = 128;

/**
 * Steps that give `index` itself when it is small, and otherwise make an index of WARM_UP_ENTRIES of
 * its entries, spread over it, SAMPLED_PER_STEP a step: undefined until it is made.
 */
function sampleInSteps(index: GlossaryIndex): () => GlossaryIndex | undefined {
  if (index.size <= WARM_UP_ENTRIES) return () => index;
  const sample = new GlossaryIndex();
  const every = Math.ceil(index.size / WARM_UP_ENTRIES);
  const entries = index.entries();
  return () => {
    for (let added = 0; added < SAMPLED_PER_STEP; added++) {
      for (let skip = 1; skip < every; skip++) if (entries.next().done) return sample;
      const next = entries.next();
      if (next.done) return sample;
      sample.add(plainSummary(next.value));
    }
    return undefined;
  };
}

/** Every entry of an index by referrer count (most first, then by slug), as of a membership and links version. */
interface ReferrerOrder {
  membershipVersion: number;
  linksVersion: number;
  uris: string[];
  categories: (string | undefined)[];
}

/** Per index: the order, and the URIs by slug it is made from (kept while no entry comes or goes). */
const byReferrers = new WeakMap<GlossaryIndex, ReferrerOrder>();
const bySlug = new WeakMap<GlossaryIndex, { membershipVersion: number; uris: string[] }>();

/** Entries one step of prepareUntypedCompletion sorts by slug, or whose referrers it counts (~1 ms at 20,000 entries). */
const ENTRIES_PER_STEP = 2_000;
/** Entries one step of prepareUntypedCompletion merges from two sorted runs (a merge reads each entry once: cheaper than a sort). */
const MERGED_PER_STEP = 4 * ENTRIES_PER_STEP;

/**
 * Every entry of `index`, the most referred to first. Counting the referrers of 20,000 entries
 * takes 10–20 ms (a lookup per slug across a large heap), so the order is kept until an entry
 * comes or goes, not rebuilt when a title is typed; counts moved by edits since are taken into
 * account by the re-ranking each answer does (see untypedShortlist).
 */
function entriesByReferrers(index: GlossaryIndex): ReferrerOrder {
  const cached = byReferrers.get(index);
  if (cached && cached.membershipVersion === index.membershipVersion && cached.linksVersion === index.linksVersion) return cached;
  const step = prepareUntypedCompletion(index);
  while (step());
  return byReferrers.get(index)!;
}

/**
 * Builds, ahead of the first `- ` typed, what untyped `related` completion reads: one step per call
 * (true while there is more to do), so that requests are answered between the steps. The entries
 * are sorted by slug once per membership (the second pass of indexing reads links, not entries),
 * in runs of ENTRIES_PER_STEP merged two at a time; their referrers are counted a slice at a time;
 * then they are put in order of the counts by a counting sort, which keeps the slug order among
 * equal counts. Stops, to be built at the next completion instead, when the index changes
 * meanwhile.
 */
export function prepareUntypedCompletion(index: GlossaryIndex, mergedPerStep = MERGED_PER_STEP): () => boolean {
  const { membershipVersion, linksVersion } = index;
  const cached = byReferrers.get(index);
  if (cached && cached.membershipVersion === membershipVersion && cached.linksVersion === linksVersion) return () => false;
  const kept = bySlug.get(index);
  let uris = kept?.membershipVersion === membershipVersion ? kept.uris : undefined;
  let entries: { uri: string; slug: string }[] | undefined;
  /** Runs of `entries` sorted by slug, then merged two at a time: a step sorts one, or merges a slice of two. */
  const runs: { uri: string; slug: string }[][] = [];
  let merge: SortedMerge<{ uri: string; slug: string }> | undefined;
  let sortedUpTo = 0;
  let counts: Int32Array | undefined;
  let categoryOf: (string | undefined)[] = [];
  let counted = 0;
  const bySlugOrder = (a: { slug: string }, b: { slug: string }) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
  return () => {
    if (index.membershipVersion !== membershipVersion || index.linksVersion !== linksVersion) return false;
    if (!uris) {
      if (!entries) {
        entries = [...index.entries()].map(({ uri, slug }) => ({ uri, slug }));
      } else if (sortedUpTo < entries.length) {
        // Sorting half of 20,000 entries at once held the thread up to 24 ms while indexing went on.
        runs.push(entries.slice(sortedUpTo, sortedUpTo + ENTRIES_PER_STEP).sort(bySlugOrder));
        sortedUpTo += ENTRIES_PER_STEP;
      } else if (merge || runs.length > 1) {
        // Two runs merged a slice at a time: the last merge of 100,000 entries in one step held the thread ~50 ms.
        merge ??= new SortedMerge(runs.shift()!, runs.shift()!, bySlugOrder);
        if (merge.step(mergedPerStep)) {
          runs.push(merge.merged);
          merge = undefined;
        }
      } else {
        uris = (runs[0] ?? []).map((entry) => entry.uri);
        bySlug.set(index, { membershipVersion, uris });
      }
      return true;
    }
    if (!counts) {
      counts = new Int32Array(uris.length);
      categoryOf = new Array<string | undefined>(uris.length);
    }
    if (counted < uris.length) {
      const end = Math.min(uris.length, counted + ENTRIES_PER_STEP);
      for (; counted < end; counted++) {
        const entry = index.entryAt(uris[counted]);
        counts[counted] = entry ? index.referrerCount(entry.slug) : -1;
        categoryOf[counted] = entry?.category;
      }
      return true;
    }
    let most = 0;
    for (const count of counts) if (count > most) most = count;
    const starts = new Int32Array(most + 2);
    for (const count of counts) if (count >= 0) starts[most - count + 1]++;
    for (let k = 1; k < starts.length; k++) starts[k] += starts[k - 1];
    const total = starts[most + 1];
    const ordered = new Array<string>(total);
    const categories = new Array<string | undefined>(total);
    for (let i = 0; i < uris.length; i++) {
      if (counts[i] < 0) continue;
      const at = starts[most - counts[i]]++;
      ordered[at] = uris[i];
      categories[at] = categoryOf[i];
    }
    byReferrers.set(index, { membershipVersion, linksVersion, uris: ordered, categories });
    return false;
  };
}

/** The items of `a` and `b`, each sorted by `order`, sorted as a whole (those of `a` first where equal), a slice at a time. */
class SortedMerge<T> {
  readonly merged: T[] = [];
  private i = 0;
  private j = 0;

  constructor(private readonly a: readonly T[], private readonly b: readonly T[], private readonly order: (a: T, b: T) => number) {}

  /** Merges up to `count` more items; true once all of them are merged. */
  step(count: number): boolean {
    const { a, b, merged } = this;
    for (let n = 0; n < count && (this.i < a.length || this.j < b.length); n++) {
      merged.push(this.j === b.length || (this.i < a.length && this.order(a[this.i], b[this.j]) <= 0) ? a[this.i++] : b[this.j++]);
    }
    return this.i === a.length && this.j === b.length;
  }
}

/**
 * The candidates for an empty query, at least `size` of them: the `size` most referred to entries
 * of `category`, and the `size` most referred to of all. The best `size` by `rank` (same category
 * first, then referrer count) are among them, so the caller ranks these with fresh counts instead
 * of all 20,000 entries at every `- ` typed. An entry whose counts or category moved since the
 * order was taken may be missed until an entry comes or goes.
 */
function untypedShortlist(index: GlossaryIndex, category: string | undefined, size: number): EntrySummary[] {
  const { uris, categories } = entriesByReferrers(index);
  const entries: EntrySummary[] = [];
  let sameCategory = 0;
  for (let i = 0; i < uris.length && (i < size || (category !== undefined && sameCategory < size)); i++) {
    const inCategory = category !== undefined && categories[i] === category;
    if (inCategory) sameCategory++;
    if (i >= size && !inCategory) continue;
    const entry = index.entryAt(uris[i]);
    if (entry) entries.push(entry);
  }
  return entries;
}

/**
 * `logoIcon: 'i-lucide-lay|'`: icons of the configured sets. Only the value is replaced, inside
 * its quotes when it has them (a missing closing quote is added).
 */
function iconCompletions(input: CompletionInput, icons: IconSets, text: string, start: number, offset: number): CompletionList | null {
  const { settings } = input;
  let end = start;
  while (end < text.length && /[^\s'"#]/.test(text[end])) end++;
  end = Math.max(end, offset);
  const typed = text.slice(start, offset);
  const prefixes = settings.iconPrefixes.filter(Boolean);
  // `i-lucide-lay` searches Lucide for `lay`; `i-luc` (part of a prefix) lists that set; `lay` searches every set.
  const owner = prefixes.filter((prefix) => typed.startsWith(prefix)).sort((a, b) => b.length - a.length)[0];
  const searches = owner
    ? [{ prefix: owner, query: typed.slice(owner.length) }]
    : prefixes.some((prefix) => prefix.startsWith(typed))
      ? prefixes.filter((prefix) => prefix.startsWith(typed)).map((prefix) => ({ prefix, query: '' }))
      : prefixes.map((prefix) => ({ prefix, query: typed }));
  const matches: { prefix: string; catalog: IconCatalog; name: string; score: number; order: number }[] = [];
  let available = false;
  let loading = false;
  searches.forEach(({ prefix, query }, order) => {
    const catalog = icons.catalogFor(prefix);
    loading ||= catalog === LOADING;
    if (!catalog || catalog === LOADING) return;
    available = true;
    if (query.length > MAX_NAME_LENGTH) return;
    const typed = typedQuery(query);
    for (const name of catalog.names()) {
      const score = matchScore(typed, name, name.split('-'));
      if (score >= 0) matches.push({ prefix, catalog, name, score, order });
    }
  });
  // A set still loading: what is there so far, marked incomplete so that the editor asks again.
  if (!available && !loading) return null;
  matches.sort((a, b) => b.score - a.score || a.order - b.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const max = settings.completion.maxItems;
  const typedQuote = text[start - 1] === "'" || text[start - 1] === '"' ? text[start - 1] : '';
  // TOML and JSON strings are always quoted: without a quote typed, the value brings both.
  const opening = !typedQuote && formatOf(input) !== 'yaml' ? '"' : '';
  const closing = typedQuote && text[end] !== typedQuote ? typedQuote : opening;
  // Right after `logoIcon:` (or `logoIcon =`) a space goes before the value.
  const lead = text[start - 1] === ':' || text[start - 1] === '=' ? ' ' : '';
  const range = rangeOfSpan(input.document, { start, end });
  const items = matches.slice(0, max).map(({ prefix, catalog, name }, rank): CompletionItem => {
    const image = iconImageMarkdown(catalog, name);
    return {
      label: `${prefix}${name}`,
      kind: CompletionItemKind.Constant,
      detail: `${catalog.title} icon`,
      documentation: image ? { kind: MarkupKind.Markdown, value: image } : undefined,
      sortText: String(rank).padStart(6, '0'),
      textEdit: { range, newText: `${lead}${opening}${prefix}${name}${closing}` },
    };
  });
  return { isIncomplete: loading || matches.length > max, items };
}
