/**
 * The Mermaid worker (dist/mermaidWorker.js), run by the language server in a worker thread so that
 * parsing never holds up its requests. It sets up a jsdom window once (Mermaid's DOMPurify needs
 * one even to parse), imports Mermaid once, and then answers `{id, source}` with `{id, ok: true}`
 * or `{id, error: {message, line, column, endLine, endColumn}}` (0-based, in the block's lines).
 *
 * jsdom and mermaid are not bundled: they are loaded from node_modules at run time (see esbuild.mjs).
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
  /** Sent once, when jsdom and Mermaid are loaded; `failed` says why they could not be. */
  | { ready: true; milliseconds: number; failed?: string };

interface MermaidApi {
  initialize(config: Record<string, unknown>): void;
  parse(text: string): Promise<unknown>;
}

async function load(): Promise<MermaidApi> {
  const { JSDOM, VirtualConsole } = await import('jsdom');
  // A virtual console attached to nothing: jsdom's complaints must not reach the server's stdout.
  const { window } = new JSDOM('', { virtualConsole: new VirtualConsole() });
  // Mermaid's DOMPurify looks for `window` when Mermaid is imported, so it must exist first.
  (globalThis as Record<string, unknown>).window = window;
  // A real dynamic import: Mermaid is an ES module, and this bundle is CommonJS.
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
