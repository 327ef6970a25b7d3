/**
 * Which messages the connection has dispatched, so that work triggered by one message (diagnostics
 * after a keystroke) can wait until the client stops sending: while someone types, each keystroke
 * is a didChange, and a completion request often follows right behind it. The JSON-RPC connection
 * dispatches one message per turn of the event loop; a task that waited only one message behind
 * (afterQueuedMessages) ran between two keystrokes of a burst, on a text already replaced, and held
 * the completion request behind it.
 */
import type { MessageStrategy } from 'vscode-languageserver';
import { afterQueuedMessages } from './core/scheduling';

/** How long a task waits at most for the messages to stop: a client that never pauses still gets it. */
const MAX_WAIT_MS = 50;

export class MessageTraffic {
  private dispatched = 0;

  /** For the connection's options: counts each message as it is dispatched. */
  readonly strategy: MessageStrategy = {
    handleMessage: (message, next) => {
      this.dispatched++;
      return next(message);
    },
  };

  /**
   * Runs `task` after the messages already received, once a turn of the event loop passes with no
   * message dispatched (the queue is empty), or MAX_WAIT_MS after it was asked for.
   */
  whenQuiet(task: () => void): void {
    const asked = performance.now();
    const wait = (seen: number) =>
      afterQueuedMessages(() => {
        if (this.dispatched !== seen && performance.now() - asked < MAX_WAIT_MS) wait(this.dispatched);
        else task();
      });
    wait(this.dispatched);
  }
}
