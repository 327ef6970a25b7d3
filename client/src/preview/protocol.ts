/**
 * The messages between the preview's host (extension side) and its webview. The webview is a
 * security boundary: each side accepts only these shapes, checked field by field.
 */

export type MermaidTheme = 'default' | 'dark' | 'forest' | 'neutral' | 'base';
export const MERMAID_THEMES: readonly MermaidTheme[] = ['default', 'dark', 'forest', 'neutral', 'base'];

export interface DiagramBlock {
  /** Position of the block among the document's Mermaid blocks, from 0. */
  index: number;
  /** Text of the nearest heading above the block, or '' when there is none. */
  heading: string;
  source: string;
  /** Zero-based document line of the block's first source line (the line after the opening fence). */
  line: number;
  closed: boolean;
  /** Set when the block is not rendered on purpose (too large); says why. */
  notice?: string;
}

/** A node of the relationship graph as the webview knows it: the Mermaid node id and what a click opens. */
export interface GraphNodeInfo {
  /** `n0`, `n1`, …: the id in the Mermaid source; `n0` is the entry the graph is about. */
  id: string;
  uri: string;
  title: string;
}

/** Most nodes a graph message may carry (the server shows at most 200). */
export const MAX_GRAPH_MESSAGE_NODES = 1_000;

export type HostMessage =
  | { type: 'update'; documentUri: string; title: string; version: number; blocks: DiagramBlock[]; theme: MermaidTheme }
  | { type: 'theme'; theme: MermaidTheme }
  /** Graph mode: the relationship graph of one entry instead of the document's diagrams. */
  | { type: 'graph'; version: number; title: string; source: string; nodes: GraphNodeInfo[]; capped: boolean; total: number; theme: MermaidTheme };

export interface RenderError {
  index: number;
  /** Zero-based document line the error points at. */
  line: number;
  message: string;
}

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'rendered'; version: number; total: number; rendered: number[]; errors: RenderError[] }
  | { type: 'reveal'; line: number }
  | { type: 'export'; format: 'svg' | 'png'; index: number; data: string }
  | { type: 'copy'; index: number; svg: string }
  /** The graph of `version` was laid out: how many of its nodes are on the page, or why none are. */
  | { type: 'graphRendered'; version: number; nodes: number; error?: string }
  /** A graph node was clicked; the host opens the entry only if `uri` is a node of the graph it sent. */
  | { type: 'openEntry'; uri: string };

/** Exports can be large PNG data URLs; anything past this is refused rather than written. */
export const MAX_EXPORT_CHARS = 50_000_000;
const MAX_TEXT = 1_000_000;

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
export const isIndex = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 1_000_000;
export const isText = (value: unknown, max = MAX_TEXT): value is string => typeof value === 'string' && value.length <= max;

export function hasOnly(value: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(value).every((key) => keys.includes(key));
}

/**
 * A list of at most `max` items, each one `isItem`. Holes (which `every` would skip) and extra own
 * properties (kept by structuredClone, and able to change what array methods do) are refused;
 * nothing here calls a method of the array itself.
 */
function isList<T>(value: unknown, max: number, isItem: (item: unknown) => item is T): value is T[] {
  if (!Array.isArray(value) || value.length > max || Object.keys(value).length !== value.length) return false;
  for (let i = 0; i < value.length; i++) if (!isItem(value[i])) return false;
  return true;
}

const PNG_PREFIX = 'data:image/png;base64,';
/** A PNG data URL holds base64 and nothing else (one character class: no backtracking over 50 MB). */
const isPngDataUrl = (data: string) => data.startsWith(PNG_PREFIX) && (data.length - PNG_PREFIX.length) % 4 === 0
  && /^[A-Za-z0-9+/]*={0,2}$/.test(data.slice(PNG_PREFIX.length));

function isBlock(value: unknown): value is DiagramBlock {
  return isRecord(value) && hasOnly(value, ['index', 'heading', 'source', 'line', 'closed', 'notice'])
    && isIndex(value.index) && isText(value.heading) && isText(value.source, 10 * MAX_TEXT) && isIndex(value.line)
    && typeof value.closed === 'boolean' && (value.notice === undefined || isText(value.notice));
}

const isTheme = (value: unknown): value is MermaidTheme => MERMAID_THEMES.includes(value as MermaidTheme);

const NODE_ID = /^n\d{1,6}$/;

function hasUniqueIds(nodes: readonly GraphNodeInfo[]): boolean {
  const ids = new Set<string>();
  for (let i = 0; i < nodes.length; i++) ids.add(nodes[i].id);
  return ids.size === nodes.length;
}

function isGraphNode(value: unknown): value is GraphNodeInfo {
  return isRecord(value) && hasOnly(value, ['id', 'uri', 'title']) && typeof value.id === 'string' && NODE_ID.test(value.id)
    && isText(value.uri, 10_000) && value.uri !== '' && isText(value.title, 10_000);
}

export function isHostMessage(value: unknown): value is HostMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'update':
      return hasOnly(value, ['type', 'documentUri', 'title', 'version', 'blocks', 'theme']) && isText(value.documentUri) && isText(value.title)
        && isIndex(value.version) && isList(value.blocks, 10_000, isBlock) && isTheme(value.theme);
    case 'theme':
      return hasOnly(value, ['type', 'theme']) && isTheme(value.theme);
    case 'graph':
      return hasOnly(value, ['type', 'version', 'title', 'source', 'nodes', 'capped', 'total', 'theme']) && isIndex(value.version) && isText(value.title)
        && isText(value.source) && isList(value.nodes, MAX_GRAPH_MESSAGE_NODES, isGraphNode) && hasUniqueIds(value.nodes)
        && typeof value.capped === 'boolean' && isIndex(value.total) && isTheme(value.theme);
    default:
      return false;
  }
}

function isRenderError(value: unknown): value is RenderError {
  return isRecord(value) && hasOnly(value, ['index', 'line', 'message']) && isIndex(value.index) && isIndex(value.line) && isText(value.message);
}

export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
      return hasOnly(value, ['type']);
    case 'rendered':
      return hasOnly(value, ['type', 'version', 'total', 'rendered', 'errors']) && isIndex(value.version) && isIndex(value.total)
        && isList(value.rendered, 10_000, isIndex) && isList(value.errors, 10_000, isRenderError);
    case 'reveal':
      return hasOnly(value, ['type', 'line']) && isIndex(value.line);
    case 'export':
      return hasOnly(value, ['type', 'format', 'index', 'data']) && (value.format === 'svg' || value.format === 'png') && isIndex(value.index)
        && isText(value.data, MAX_EXPORT_CHARS) && (value.format === 'svg' ? /^\s*<svg[\s>]/.test(value.data) : isPngDataUrl(value.data));
    case 'copy':
      return hasOnly(value, ['type', 'index', 'svg']) && isIndex(value.index) && isText(value.svg, MAX_EXPORT_CHARS) && /^\s*<svg[\s>]/.test(value.svg);
    case 'graphRendered':
      return hasOnly(value, ['type', 'version', 'nodes', 'error']) && isIndex(value.version) && isIndex(value.nodes) && (value.error === undefined || isText(value.error, 10_000));
    case 'openEntry':
      // Only the shape here; the host also checks that the URI is one of the graph's nodes.
      return hasOnly(value, ['type', 'uri']) && isText(value.uri, 10_000) && value.uri !== '';
    default:
      return false;
  }
}
