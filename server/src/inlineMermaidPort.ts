/**
 * The Mermaid check's port where no worker thread can be started (the browser language server,
 * itself a web worker): Mermaid runs in the same thread, loaded on the first diagram. Parsing a
 * diagram holds the thread a few milliseconds; loading Mermaid holds it about a second, once.
 * A diagram that does not finish cannot be interrupted here, which the Node port's restart can.
 */
import type { MermaidPortFactory } from './mermaidChecker';
import { serveMermaid } from './mermaidEngine';

export function inlineMermaidPort(): MermaidPortFactory {
  return (events) => {
    let terminated = false;
    // Answers arrive asynchronously, as from a real worker, so the checker's bookkeeping is the same.
    const handle = serveMermaid((response) => setTimeout(() => !terminated && events.message(response)));
    return {
      name: 'Mermaid in the language server thread',
      postMessage: (request) => setTimeout(() => !terminated && handle(request)),
      terminate: () => {
        terminated = true;
      },
    };
  };
}
