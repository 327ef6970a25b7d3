/** The Mermaid check's port on Node: dist/mermaidWorker.js in a worker thread. */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { MermaidPortFactory } from './mermaidChecker';
import type { MermaidResponse } from './mermaidEngine';

export function nodeMermaidPort(workerPath = join(__dirname, 'mermaidWorker.js')): MermaidPortFactory {
  return (events) => {
    // stdout/stderr are captured: a worker writing to the process's stdout would corrupt the LSP stream.
    // A small young generation: parsing a diagram leaves only short-lived garbage.
    const worker = new Worker(workerPath, { stdout: true, stderr: true, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
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
