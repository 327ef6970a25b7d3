/** The Mermaid check's port on Node: dist/mermaidWorker.js in a worker thread. */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { MermaidPortFactory } from './mermaidChecker';
import type { MermaidResponse } from './mermaidEngine';

/**
 * `youngGenerationMb`: the worker's young generation. Parsing leaves only short-lived garbage, so
 * a small one (the server's 4 MB) holds little memory, but each diagram then costs more
 * collections: 4,000 diagrams parsed in one thread took ~35 % less time with a young generation
 * of 12–18 MB than of 3 (`--max-semi-space-size` 4–6 against 1), which the CLI, parsing every
 * diagram of a glossary, takes.
 */
export function nodeMermaidPort(workerPath = join(__dirname, 'mermaidWorker.js'), youngGenerationMb = 4): MermaidPortFactory {
  return (events) => {
    // stdout/stderr are captured: a worker writing to the process's stdout would corrupt the LSP stream.
    const worker = new Worker(workerPath, { stdout: true, stderr: true, resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb } });
    // The server's connection keeps the process alive; the worker must not keep it from exiting.
    worker.unref();
    for (const stream of [worker.stdout, worker.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => chunk.trim() && events.log(`Mermaid worker: ${chunk.trimEnd()}`));
    }
    worker.on('message', (message: MermaidResponse) => events.message(message));
    worker.on('error', (error) => events.log(`Mermaid worker error: ${error.stack ?? error.message}`));
    worker.on('exit', (code) => events.exit(code));
    return {
      name: workerPath,
      postMessage: (request) => worker.postMessage(request),
      terminate: () => void worker.terminate(),
    };
  };
}
