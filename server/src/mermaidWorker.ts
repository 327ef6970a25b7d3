/**
 * The Mermaid worker (dist/mermaidWorker.js), run by the language server and the CLI in a worker
 * thread so that parsing never holds up their requests: mermaidEngine.ts behind a message port.
 * Mermaid and linkedom are bundled into this file (see esbuild.mjs): an installed extension has no
 * node_modules to load them from.
 */
import { parentPort } from 'node:worker_threads';
import { serveMermaid } from './mermaidEngine';

if (parentPort) {
  const port = parentPort;
  port.on('message', serveMermaid((response) => port.postMessage(response)));
}
