/**
 * "Show Relationship Graph": the neighbourhood of one entry through `related` lists — the
 * entries it lists and the entries that list it, and theirs in turn — as a Mermaid flowchart.
 * Titles are user text: they go into the source only as quoted labels that can neither end the
 * label nor reach Mermaid's directive, entity or HTML handling (see mermaidLabel).
 */
import { URI } from 'vscode-uri';
import type { EntrySummary, GlossaryIndex } from '../glossaryIndex';

/** `glossary/relationshipGraph`: the graph around the entry at `uri`, or null when it is no entry. */
export const RELATIONSHIP_GRAPH_REQUEST = 'glossary/relationshipGraph';

export interface RelationshipGraphParams {
  uri: string;
  /** Most entries shown, the entry itself included (default 40). */
  maxNodes?: number;
  /** How many `related` steps away entries may be (default 2). */
  depth?: number;
}

export interface GraphNode {
  /** The Mermaid node id: `n0` is the entry the graph is about, then nearest first. */
  id: string;
  slug: string;
  uri: string;
  title: string;
  /** Steps from the entry the graph is about. */
  hops: number;
}

export interface GraphEdge {
  from: string;
  to: string;
  /** Each lists the other. */
  mutual: boolean;
}

export interface RelationshipGraph {
  mermaid: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** True when the neighbourhood had more entries than `maxNodes`; the farthest were left out. */
  capped: boolean;
  /** Entries in the whole neighbourhood (equal to nodes.length unless capped). */
  total: number;
}

export const DEFAULT_GRAPH_NODES = 40;
export const MAX_GRAPH_NODES = 200;
export const DEFAULT_GRAPH_DEPTH = 2;
/** Longest label, in characters; longer titles end in an ellipsis. */
const MAX_LABEL = 60;

/**
 * A title as the text of a quoted Mermaid label that shows what the title says and nothing else.
 * Straight quotes would end the label: they become typographic ones. `#name;` and `&name;` are
 * entities to Mermaid, `<…>` is HTML it strips, `>` is an arrow to it, `%%{` opens a directive,
 * a leading backtick makes a Markdown string and a backslash shows doubled: each is replaced by a
 * look-alike (fullwidth ＃ ＜ ＞ ＼ ％ ＆). Line breaks and control characters become spaces.
 */
export function mermaidLabel(title: string, max = MAX_LABEL): string {
  let text = title.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  const chars = [...text];
  if (chars.length > max) text = `${chars.slice(0, max - 1).join('').trimEnd()}…`;
  return text
    .replace(/"/g, (_quote, offset: number, whole: string) => (offset === 0 || /[\s([{\-–—/]/.test(whole[offset - 1]) ? '\u201c' : '\u201d'))
    .replace(/#/g, '\uff03')
    .replace(/\\/g, '\uff3c')
    .replace(/</g, '\uff1c')
    .replace(/>/g, '\uff1e')
    .replace(/`/g, "'")
    .replace(/%(?=%)/g, '\uff05')
    .replace(/&(?=#?\w+;)/g, '\uff06');
}

const canonical = (uri: string) => {
  try {
    return URI.parse(uri).toString();
  } catch {
    return uri;
  }
};

const bySlug = (a: EntrySummary, b: EntrySummary) => a.slug.localeCompare(b.slug) || a.uri.localeCompare(b.uri);

/** The entries `entry` lists in `related` (that exist), and the entries whose `related` lists it. */
function neighbours(index: GlossaryIndex, entry: EntrySummary): EntrySummary[] {
  const found = new Map<string, EntrySummary>();
  for (const ref of entry.related) {
    const target = index.entryFor(ref.slug);
    if (target && target.uri !== entry.uri) found.set(target.uri, target);
  }
  for (const uri of index.referrersOf(entry.slug)) {
    const source = index.entryAt(uri);
    // referrersOf also holds body links; the graph is of `related` lists.
    if (source && source.uri !== entry.uri && index.listsAsRelated(source, entry.slug)) found.set(source.uri, source);
  }
  return [...found.values()];
}

function clampInteger(value: unknown, fallback: number, min: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.floor(value))) : fallback;
}

/**
 * The graph around the entry at `uri`: breadth first up to `depth` steps, nearest entries kept
 * when there are more than `maxNodes` (so what is shown stays connected), then every `related`
 * link among the kept entries. Undefined when `uri` is no indexed entry.
 */
export function relationshipGraph(index: GlossaryIndex, uri: string, options: { maxNodes?: number; depth?: number } = {}): RelationshipGraph | undefined {
  const center = index.entryAt(canonical(uri)) ?? index.entryAt(uri);
  if (!center) return undefined;
  const maxNodes = clampInteger(options.maxNodes, DEFAULT_GRAPH_NODES, 1, MAX_GRAPH_NODES);
  const depth = clampInteger(options.depth, DEFAULT_GRAPH_DEPTH, 0, 10);

  const hops = new Map<string, number>([[center.uri, 0]]);
  const ordered: EntrySummary[] = [center];
  let frontier = [center];
  for (let step = 1; step <= depth && frontier.length; step++) {
    const next = new Map<string, EntrySummary>();
    for (const entry of frontier) {
      for (const neighbour of neighbours(index, entry)) if (!hops.has(neighbour.uri)) next.set(neighbour.uri, neighbour);
    }
    frontier = [...next.values()].sort(bySlug);
    for (const entry of frontier) {
      hops.set(entry.uri, step);
      ordered.push(entry);
    }
  }

  const kept = ordered.slice(0, maxNodes);
  const nodes: GraphNode[] = kept.map((entry, i) => ({ id: `n${i}`, slug: entry.slug, uri: entry.uri, title: entry.title?.trim() || entry.slug, hops: hops.get(entry.uri) ?? 0 }));
  const idOf = new Map(kept.map((entry, i) => [entry.uri, `n${i}`]));

  const links = new Set<string>();
  for (const entry of kept) {
    for (const ref of entry.related) {
      const target = index.entryFor(ref.slug);
      if (target && target.uri !== entry.uri && idOf.has(target.uri)) links.add(`${idOf.get(entry.uri)} ${idOf.get(target.uri)}`);
    }
  }
  const edges: GraphEdge[] = [];
  const number = (id: string) => Number(id.slice(1));
  for (const link of links) {
    const [from, to] = link.split(' ');
    const mutual = links.has(`${to} ${from}`);
    if (mutual && number(from) > number(to)) continue;
    edges.push({ from, to, mutual });
  }
  edges.sort((a, b) => number(a.from) - number(b.from) || number(a.to) - number(b.to));

  return { mermaid: graphSource(nodes, edges), nodes, edges, capped: ordered.length > kept.length, total: ordered.length };
}

/** The Mermaid flowchart of `nodes` and `edges`; the first node is the entry the graph is about. */
export function graphSource(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): string {
  const lines = ['flowchart LR'];
  for (const node of nodes) lines.push(`  ${node.id}["${mermaidLabel(node.title) || mermaidLabel(node.slug) || node.id}"]`);
  for (const edge of edges) lines.push(`  ${edge.from} ${edge.mutual ? '<-->' : '-->'} ${edge.to}`);
  if (nodes.length) {
    lines.push(`  class ${nodes[0].id} current`);
    lines.push('  classDef current stroke-width:3px,font-weight:bold');
  }
  return `${lines.join('\n')}\n`;
}
