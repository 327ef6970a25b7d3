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

export const GLOSSARY_STATS_REQUEST = 'glossary/stats';

/** A category with fewer entries than this is listed as thin. */
export const THIN_CATEGORY_SIZE = 3;
/** The entries with the most broken references, listed to show where they cluster. */
export const BROKEN_CLUSTER_LIMIT = 10;

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

const bySlugThenUri = (a: StatsEntry, b: StatsEntry) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0);

function byPlace(a: StatsReference, b: StatsReference): number {
  return bySlugThenUri(a.entry, b.entry) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

export function glossaryStats(index: GlossaryIndex): GlossaryStats {
  const entryOf = (summary: EntrySummary): StatsEntry => ({ slug: summary.slug, title: summary.title ?? summary.slug, uri: summary.uri });
  const referenceIn = (entry: StatsEntry, reference: SlugReference): StatsReference => ({ entry, target: reference.slug, range: referenceRange(reference) });

  const categoryCounts = new Map<string | null, number>();
  const inboundCounts = BUCKETS.map(() => 0);
  const orphans: StatsEntry[] = [];
  const oneWayRelations: StatsReference[] = [];
  const broken = new Map<BrokenKind, StatsReference[]>(BROKEN_KINDS.map((kind) => [kind, []]));
  const brokenPerEntry: { entry: StatsEntry; count: number }[] = [];

  for (const summary of index.entries()) {
    const entry = entryOf(summary);
    const category = summary.category?.trim() || null;
    categoryCounts.set(category, (categoryCounts.get(category) ?? 0) + 1);

    let inbound = 0;
    for (const uri of index.referrersOf(summary.slug)) if (uri !== summary.uri && index.entryAt(uri)) inbound++;
    inboundCounts[BUCKETS.findIndex(([min, max]) => inbound >= min && (max === null || inbound <= max))]++;
    if (inbound === 0) orphans.push(entry);

    let brokenHere = 0;
    const seen = new Set<string>();
    for (const reference of summary.related) {
      // As the diagnostics do: a self reference and a repeat are findings of their own, not checked further.
      if (reference.slug === summary.slug) {
        broken.get('self-related')!.push(referenceIn(entry, reference));
        brokenHere++;
        continue;
      }
      if (seen.has(reference.slug)) continue;
      seen.add(reference.slug);
      const target = index.entryFor(reference.slug);
      if (!target) {
        broken.get('unknown-slug')!.push(referenceIn(entry, reference));
        brokenHere++;
      } else if (target.frontmatterValid && !target.related.some((back) => back.slug === summary.slug)) {
        oneWayRelations.push(referenceIn(entry, reference));
      }
    }
    for (const reference of summary.links) {
      if (index.has(reference.slug)) continue;
      broken.get('unknown-link')!.push(referenceIn(entry, reference));
      brokenHere++;
    }
    if (brokenHere > 0) brokenPerEntry.push({ entry, count: brokenHere });
  }

  const categories = [...categoryCounts].map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || (a.name ?? '').localeCompare(b.name ?? ''));
  return {
    entries: index.size,
    categories,
    thinCategories: categories.filter((c): c is { name: string; count: number } => c.name !== null && c.count < THIN_CATEGORY_SIZE).map((c) => c.name).sort(),
    inbound: BUCKETS.map((bucket, i) => ({ label: bucketLabel(bucket), min: bucket[0], max: bucket[1], entries: inboundCounts[i] })),
    orphans: orphans.sort(bySlugThenUri),
    oneWayRelations: oneWayRelations.sort(byPlace),
    broken: BROKEN_KINDS.map((kind) => ({ kind, references: broken.get(kind)!.sort(byPlace) })),
    brokenClusters: brokenPerEntry.sort((a, b) => b.count - a.count || bySlugThenUri(a.entry, b.entry)).slice(0, BROKEN_CLUSTER_LIMIT),
  };
}
