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

export type HostMessage =
  | { type: 'update'; documentUri: string; title: string; version: number; blocks: DiagramBlock[]; theme: MermaidTheme }
  | { type: 'theme'; theme: MermaidTheme };

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
  | { type: 'copy'; index: number; svg: string };

/** Exports can be large PNG data URLs; anything past this is refused rather than written. */
export const MAX_EXPORT_CHARS = 50_000_000;
const MAX_TEXT = 1_000_000;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isIndex = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 1_000_000;
const isText = (value: unknown, max = MAX_TEXT): value is string => typeof value === 'string' && value.length <= max;

function hasOnly(value: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(value).every((key) => keys.includes(key));
}

function isBlock(value: unknown): value is DiagramBlock {
  return isRecord(value) && hasOnly(value, ['index', 'heading', 'source', 'line', 'closed', 'notice'])
    && isIndex(value.index) && isText(value.heading) && isText(value.source, 10 * MAX_TEXT) && isIndex(value.line)
    && typeof value.closed === 'boolean' && (value.notice === undefined || isText(value.notice));
}

const isTheme = (value: unknown): value is MermaidTheme => MERMAID_THEMES.includes(value as MermaidTheme);

export function isHostMessage(value: unknown): value is HostMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'update':
      return hasOnly(value, ['type', 'documentUri', 'title', 'version', 'blocks', 'theme']) && isText(value.documentUri) && isText(value.title)
        && isIndex(value.version) && Array.isArray(value.blocks) && value.blocks.length <= 10_000 && value.blocks.every(isBlock) && isTheme(value.theme);
    case 'theme':
      return hasOnly(value, ['type', 'theme']) && isTheme(value.theme);
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
        && Array.isArray(value.rendered) && value.rendered.length <= 10_000 && value.rendered.every(isIndex)
        && Array.isArray(value.errors) && value.errors.length <= 10_000 && value.errors.every(isRenderError);
    case 'reveal':
      return hasOnly(value, ['type', 'line']) && isIndex(value.line);
    case 'export':
      return hasOnly(value, ['type', 'format', 'index', 'data']) && (value.format === 'svg' || value.format === 'png') && isIndex(value.index)
        && isText(value.data, MAX_EXPORT_CHARS) && (value.format === 'svg' ? /^\s*<svg[\s>]/.test(value.data) : value.data.startsWith('data:image/png;base64,'));
    case 'copy':
      return hasOnly(value, ['type', 'index', 'svg']) && isIndex(value.index) && isText(value.svg, MAX_EXPORT_CHARS) && /^\s*<svg[\s>]/.test(value.svg);
    default:
      return false;
  }
}
