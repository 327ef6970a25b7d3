/**
 * The messages between the glossary overview's host and its webview (a security boundary like
 * the preview's: each side accepts only these shapes).
 */
import type { GlossaryStats } from '../../../server/src/core/features/stats';
import { hasOnly, isIndex, isRecord, isText } from '../preview/protocol';

export type OverviewHostMessage =
  | { type: 'stats'; stats: GlossaryStats }
  /** The figures cannot be had (no language server, or it failed): the page says why. */
  | { type: 'unavailable'; message: string };

export type OverviewWebviewMessage =
  | { type: 'ready' }
  | { type: 'refresh' }
  /** A listed entry or reference was clicked; the host opens it only if `uri` is in the figures it sent. */
  | { type: 'open'; uri: string; line: number; character: number };

export function isOverviewWebviewMessage(value: unknown): value is OverviewWebviewMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
    case 'refresh':
      return hasOnly(value, ['type']);
    case 'open':
      return hasOnly(value, ['type', 'uri', 'line', 'character']) && isText(value.uri, 10_000) && value.uri !== ''
        && isIndex(value.line) && isIndex(value.character);
    default:
      return false;
  }
}

export function isOverviewHostMessage(value: unknown): value is OverviewHostMessage {
  if (!isRecord(value)) return false;
  if (value.type === 'unavailable') return hasOnly(value, ['type', 'message']) && isText(value.message);
  return value.type === 'stats' && hasOnly(value, ['type', 'stats']) && isRecord(value.stats) && typeof value.stats.entries === 'number';
}

/** Every URI the figures name: what an `open` message may ask for. */
export function urisIn(stats: GlossaryStats): Set<string> {
  const uris = new Set<string>();
  for (const entry of stats.orphans) uris.add(entry.uri);
  for (const reference of stats.oneWayRelations) uris.add(reference.entry.uri);
  for (const kind of stats.broken) for (const reference of kind.references) uris.add(reference.entry.uri);
  for (const cluster of stats.brokenClusters) uris.add(cluster.entry.uri);
  return uris;
}
