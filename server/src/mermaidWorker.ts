/**
 * The Mermaid worker (dist/mermaidWorker.js), run by the language server in a worker thread so that
 * parsing never holds up its requests. Mermaid's DOMPurify needs a DOM even to parse, so the worker
 * gives it linkedom's (a small DOM written for servers and workers: ~60 MB less than jsdom's, and
 * it bundles), imports Mermaid once, and then answers `{id, source}` with `{id, ok: true}` or
 * `{id, error: {message, line, column, endLine, endColumn}}` (0-based, in the block's lines).
 *
 * Mermaid and linkedom are bundled into this file (see esbuild.mjs): an installed extension has no
 * node_modules to load them from.
 */
import { parentPort } from 'node:worker_threads';
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

interface MermaidApi {
  initialize(config: Record<string, unknown>): void;
  parse(text: string): Promise<unknown>;
}

async function load(): Promise<MermaidApi> {
  const { parseHTML } = await import('linkedom');
  // Mermaid's DOMPurify looks for `window` when Mermaid is imported, so it must exist first.
  (globalThis as Record<string, unknown>).window = parseHTML('<!doctype html><html><head></head><body></body></html>').window;
  const mermaid = ((await import('mermaid')) as { default: MermaidApi }).default;
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', logLevel: 'fatal' });
  // Loads the flowchart parser, the diagram entries use most, before the first real request.
  await mermaid.parse('graph TD\nA --> B');
  return mermaid;
}

function start(port: NonNullable<typeof parentPort>): void {
  const started = performance.now();
  const ready = load();
  ready.then(
    () => port.postMessage({ ready: true, milliseconds: performance.now() - started } satisfies MermaidResponse),
    (error: unknown) => port.postMessage({ ready: true, milliseconds: performance.now() - started, failed: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies MermaidResponse),
  );
  // Requests are answered one at a time, in order: Mermaid's parsers share state between calls.
  let queue: Promise<unknown> = ready.catch(() => undefined);
  port.on('message', (request: MermaidRequest) => {
    queue = queue.then(async () => {
      const mermaid = await ready;
      const began = performance.now();
      try {
        await mermaid.parse(request.source);
        port.postMessage({ id: request.id, ok: true, milliseconds: performance.now() - began } satisfies MermaidResponse);
      } catch (error) {
        let located: MermaidSyntaxError;
        try {
          located = locateMermaidError(request.source, rawMermaidError(error));
        } catch {
          located = { message: `Mermaid: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, line: 0, column: 0, endLine: 0, endColumn: 0 };
        }
        port.postMessage({ id: request.id, error: located, milliseconds: performance.now() - began } satisfies MermaidResponse);
      }
    }).catch(() => undefined);
  });
}

if (parentPort) start(parentPort);
