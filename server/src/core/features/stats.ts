/**
 * The glossary as a whole: counts for the overview (the "Glossary: Show Overview" webview, the
 * `glossary/stats` request) and `glossary-author stats`. Computed from the index alone (one pass
 * over the summaries, no file read), by the same rules the diagnostics apply to each entry, so the
 * broken references and one-way relations counted here are the `unknown-slug`, `unknown-link`,
 * `self-related` and `one-way-relation` findings of a whole-glossary check.
 */
import type { Range } from 'vscode-languageserver-types';
import { referenceRange, type EntrySummary, type GlossaryIndex, type SlugReference } from '../glossaryIndex';
import type { DiagnosticCode } from '../diagnosticCodes';
import { yieldToPendingEvents } from '../scheduling';

export const GLOSSARY_STATS_REQUEST = 'glossary/stats';

export interface GlossaryStatsParams {
  /** Keep at most this many items per list (see glossaryStats); absent: every item. */
  limit?: number;
  /** A file of the glossary wanted, where a workspace holds several; absent: the largest. */
  uri?: string;
}

/** The `limit` of a request's params when it is a usable one; null (no limit) otherwise. */
export function statsLimitOf(params: unknown): number | null {
  const limit = typeof params === 'object' && params !== null ? (params as GlossaryStatsParams).limit : undefined;
  return typeof limit === 'number' && Number.isInteger(limit) && limit >= 0 ? limit : null;
}

/** A category with fewer entries than this is listed as thin. */
export const THIN_CATEGORY_SIZE = 3;
/** The entries with the most broken references, listed to show where they cluster. */
export const BROKEN_CLUSTER_LIMIT = 10;
/**
 * Entries looked at between two yields to the event loop: a 20,000-entry glossary with a million
 * references takes the better part of a second, which requests must not wait behind.
 */
const ENTRIES_PER_SLICE = 1_000;

export interface StatsEntry {
  slug: string;
  title: string;
  uri: string;
}

export interface StatsReference {
  /** The entry the reference is written in. */
  entry: StatsEntry;
  /** The slug it names. */
  target: string;
  range: Range;
}

export type BrokenKind = Extract<DiagnosticCode, 'unknown-slug' | 'unknown-link' | 'self-related'>;
export const BROKEN_KINDS: readonly BrokenKind[] = ['unknown-slug', 'unknown-link', 'self-related'];

export interface InboundBucket {
  /** "0", "1", …, "5–9", "20+": how many other entries point at an entry. */
  label: string;
  min: number;
  /** Inclusive; null for the open last bucket. */
  max: number | null;
  entries: number;
}

export interface GlossaryStats {
  entries: number;
  /** The most items each list below holds (the rest are only counted in `totals`); null: no limit. */
  listLimit: number | null;
  /** The full length of each list, whatever `listLimit` kept. */
  totals: { orphans: number; oneWayRelations: number; broken: Record<BrokenKind, number> };
  /** Most used first; `name` null counts the entries without a category. */
  categories: { name: string | null; count: number }[];
  /** Categories with fewer than THIN_CATEGORY_SIZE entries, by name. */
  thinCategories: string[];
  /** Entries by how many other entries point at them (in `related` or a body link). */
  inbound: InboundBucket[];
  /** Entries no other entry points at, by slug. */
  orphans: StatsEntry[];
  /** `related` items whose target does not list the entry back. */
  oneWayRelations: StatsReference[];
  /** Broken references by kind (every kind listed, possibly with none). */
  broken: { kind: BrokenKind; references: StatsReference[] }[];
  /** The entries with the most broken references, most first (at most BROKEN_CLUSTER_LIMIT). */
  brokenClusters: { entry: StatsEntry; count: number }[];
}

const BUCKETS: readonly [number, number | null][] = [[0, 0], [1, 1], [2, 2], [3, 3], [4, 4], [5, 9], [10, 19], [20, null]];

function bucketLabel([min, max]: readonly [number, number | null]): string {
  if (max === null) return `${min}+`;
  return min === max ? String(min) : `${min}–${max}`;
}

const bySlugThenUri = (a: { slug: string; uri: string }, b: { slug: string; uri: string }) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0);

/**
 * `limit` caps each list (the overview asks for a few hundred items: a 20,000-entry glossary can
 * have a hundred thousand one-way relations, megabytes the page would never show). Entries are
 * visited in slug order and each entry's references in text order, so every list comes out in
 * order without sorting it, and a capped list is the head of the full one.
 */
export async function glossaryStats(index: GlossaryIndex, limit: number | null = null): Promise<GlossaryStats> {
  const keep = limit ?? Infinity;
  // Summaries are replaced, never changed, so this snapshot stays whole while the loop yields; a
  // change made meanwhile shows in the next figures (the overview asks again after every save).
  const summaries = [...index.entries()].sort(bySlugThenUri);
  const entryOf = (summary: EntrySummary): StatsEntry => ({ slug: summary.slug, title: summary.title ?? summary.slug, uri: summary.uri });
  const referenceIn = (entry: StatsEntry, reference: SlugReference): StatsReference => ({ entry, target: reference.slug, range: referenceRange(reference) });

  const categoryCounts = new Map<string | null, number>();
  const inboundCounts = BUCKETS.map(() => 0);
  const orphans: StatsEntry[] = [];
  const oneWayRelations: StatsReference[] = [];
  const broken = new Map<BrokenKind, StatsReference[]>(BROKEN_KINDS.map((kind) => [kind, []]));
  const brokenPerEntry: { entry: StatsEntry; count: number }[] = [];
  const totals = { orphans: 0, oneWayRelations: 0, broken: Object.fromEntries(BROKEN_KINDS.map((kind) => [kind, 0])) as Record<BrokenKind, number> };
  const addBroken = (kind: BrokenKind, entry: StatsEntry, reference: SlugReference) => {
    if (totals.broken[kind]++ < keep) broken.get(kind)!.push(referenceIn(entry, reference));
  };

  for (let i = 0; i < summaries.length; i++) {
    if (i > 0 && i % ENTRIES_PER_SLICE === 0) await yieldToPendingEvents();
    const summary = summaries[i];
    const entry = entryOf(summary);
    const category = summary.category?.trim() || null;
    categoryCounts.set(category, (categoryCounts.get(category) ?? 0) + 1);

    let inbound = 0;
    for (const uri of index.referrersOf(summary.slug)) if (uri !== summary.uri && index.entryAt(uri)) inbound++;
    inboundCounts[BUCKETS.findIndex(([min, max]) => inbound >= min && (max === null || inbound <= max))]++;
    if (inbound === 0 && totals.orphans++ < keep) orphans.push(entry);

    let brokenHere = 0;
    const seen = new Set<string>();
    for (const reference of summary.related) {
      // As the diagnostics do: a self reference and a repeat are findings of their own, not checked further.
      if (reference.slug === summary.slug) {
        addBroken('self-related', entry, reference);
        brokenHere++;
        continue;
      }
      if (seen.has(reference.slug)) continue;
      seen.add(reference.slug);
      const target = index.entryFor(reference.slug);
      if (!target) {
        addBroken('unknown-slug', entry, reference);
        brokenHere++;
      } else if (target.frontmatterValid && !index.listsAsRelated(target, summary.slug)) {
        if (totals.oneWayRelations++ < keep) oneWayRelations.push(referenceIn(entry, reference));
      }
    }
    for (const reference of summary.links) {
      if (index.has(reference.slug)) continue;
      addBroken('unknown-link', entry, reference);
      brokenHere++;
    }
    if (brokenHere > 0) brokenPerEntry.push({ entry, count: brokenHere });
  }

  const categories = [...categoryCounts].map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || (a.name ?? '').localeCompare(b.name ?? ''));
  return {
    entries: summaries.length,
    listLimit: limit,
    totals,
    categories,
    thinCategories: categories.filter((c): c is { name: string; count: number } => c.name !== null && c.count < THIN_CATEGORY_SIZE).map((c) => c.name).sort(),
    inbound: BUCKETS.map((bucket, i) => ({ label: bucketLabel(bucket), min: bucket[0], max: bucket[1], entries: inboundCounts[i] })),
    orphans,
    oneWayRelations,
    broken: BROKEN_KINDS.map((kind) => ({ kind, references: broken.get(kind)! })),
    brokenClusters: brokenPerEntry.sort((a, b) => b.count - a.count || bySlugThenUri(a.entry, b.entry)).slice(0, BROKEN_CLUSTER_LIMIT),
  };
}
