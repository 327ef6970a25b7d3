/**
 * The Mermaid check's port where no worker thread can be started (the browser language server,
 * itself a web worker): Mermaid runs in the same thread, loaded on the first diagram. Parsing a
 * diagram holds the thread a few milliseconds; loading Mermaid holds it about a second, once.
 * A diagram that does not finish cannot be interrupted here, which the Node port's restart can.
 */
import type { MermaidPortFactory } from './mermaidChecker';
import { serveMermaid, type MermaidRequest } from './mermaidEngine';

export function inlineMermaidPort(): MermaidPortFactory {
  return (events) => {
    let terminated = false;
    // The checker sends diagrams ahead of the answers, for a worker to parse in a row; here a
    // parse holds the thread that answers the requests, so each has a turn of the event loop of
    // its own, after the answer before it.
    const waiting: MermaidRequest[] = [];
    let parsing = false;
    const parseNext = () => {
      if (terminated || parsing || waiting.length === 0) return;
      parsing = true;
      handle(waiting.shift()!);
    };
    // Answers arrive asynchronously, as from a real worker, so the checker's bookkeeping is the same.
    const handle = serveMermaid((response) => setTimeout(() => {
      if (terminated) return;
      if (!('ready' in response)) {
        parsing = false;
        setTimeout(parseNext);
      }
      events.message(response);
    }));
    return {
      name: 'Mermaid in the language server thread',
      postMessage: (request) => {
        waiting.push(request);
        setTimeout(parseNext);
      },
      terminate: () => {
        terminated = true;
      },
    };
  };
}
