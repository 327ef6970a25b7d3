/**
 * Mermaid's parser, loaded once where the check runs (a Node worker thread, or the browser
 * server's own web worker). Mermaid's DOMPurify needs a DOM even to parse, so the engine gives it
 * linkedom's (a small DOM written for servers and workers: ~60 MB less than jsdom's, and it
 * bundles). Requests are answered one at a time, in order: Mermaid's parsers share state.
 */
import { locateMermaidError, rawMermaidError, type MermaidSyntaxError } from './core/features/mermaidSyntax';

export interface MermaidRequest {
  id: number;
  source: string;
}

export type MermaidResponse =
  | { id: number; ok: true; milliseconds: number }
  | { id: number; error: MermaidSyntaxError; milliseconds: number }
  /** Sent once, when Mermaid is loaded; `failed` says why it could not be. */
  | { ready: true; milliseconds: number; failed?: string };

export interface MermaidApi {
  initialize(config: Record<string, unknown>): void;
  parse(text: string): Promise<unknown>;
  mermaidAPI: { getConfig(): object };
}

export async function loadMermaid(): Promise<MermaidApi> {
  const { parseHTML } = await import('linkedom');
  // Mermaid's DOMPurify looks for `window` when Mermaid is imported, so it must exist first.
  (globalThis as Record<string, unknown>).window = parseHTML('<!doctype html><html><head></head><body></body></html>').window;
  const mermaid = ((await import('mermaid')) as { default: MermaidApi }).default;
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', logLevel: 'fatal' });
  // Loads the flowchart parser, the diagram entries use most, before the first real request.
  await mermaid.parse('graph TD\nA --> B');
  return mermaid;
}

/** Turns the shared configuration of the bundled Mermaid on or off (scripts/mermaidConfigCopy.mjs). */
function shareMermaidConfig(on: boolean): void {
  (globalThis as { glossaryMermaidSharedConfig?: boolean }).glossaryMermaidSharedConfig = on;
}

/**
 * Parses `source` as Mermaid does, resolving when it is a valid diagram and throwing Mermaid's error
 * when not. Most of a parse is Mermaid copying its configuration for each reader; with `sharing`,
 * the readers of one configuration share one copy, this parse and the next ones (4–8× faster per
 * diagram; see scripts/mermaidConfigCopy.mjs). A parse that fails so is parsed again the published way, whose
 * error is the one reported: a message always reads as Mermaid's own.
 */
export async function parseDiagram(mermaid: MermaidApi, source: string, sharing = true): Promise<void> {
  if (sharing) {
    shareMermaidConfig(true);
    try {
      await mermaid.parse(source);
      return;
    } catch {
      // Confirmed, or not, by the parse below.
    } finally {
      shareMermaidConfig(false);
    }
  }
  await mermaid.parse(source);
}

/**
 * Loads Mermaid and answers each request through `post`; returns the function that takes the
 * requests. `post` gets `{ready}` first (or the reason Mermaid could not load).
 */
export function serveMermaid(post: (response: MermaidResponse) => void): (request: MermaidRequest) => void {
  const started = performance.now();
  const ready = loadMermaid();
  ready.then(
    () => post({ ready: true, milliseconds: performance.now() - started }),
    (error: unknown) => post({ ready: true, milliseconds: performance.now() - started, failed: error instanceof Error ? error.stack ?? error.message : String(error) }),
  );
  let queue: Promise<unknown> = ready.catch(() => undefined);
  return (request) => {
    queue = queue.then(async () => {
      const mermaid = await ready;
      const began = performance.now();
      try {
        await parseDiagram(mermaid, request.source);
        post({ id: request.id, ok: true, milliseconds: performance.now() - began });
      } catch (error) {
        let located: MermaidSyntaxError;
        try {
          located = locateMermaidError(request.source, rawMermaidError(error));
        } catch {
          located = { message: `Mermaid: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, line: 0, column: 0, endLine: 0, endColumn: 0 };
        }
        post({ id: request.id, error: located, milliseconds: performance.now() - began });
      }
    }).catch(() => undefined);
  };
}
