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
  /** Tasks waiting for a quiet turn, oldest first: one runs a turn (see whenQuiet). */
  private readonly waiting: { task: () => void; asked: number; ahead: boolean }[] = [];
  private checking = false;

  /** For the connection's options: counts each message as it is dispatched. */
  readonly strategy: MessageStrategy = {
    handleMessage: (message, next) => {
      this.dispatched++;
      return next(message);
    },
  };

  /**
   * Runs `task` after the messages already received, once a turn of the event loop passes with no
   * message dispatched (the queue is empty), or MAX_WAIT_MS after it was asked for. Tasks run one
   * a turn, in the order asked: each is a slice of some background work (indexing's answers, the
   * searches' preparation, diagnostics), and several run back to back in one turn held a request
   * that came meanwhile behind all of them (46–52 ms at the end of a 20,000-entry glossary's first
   * pass, where four such works start at once). A task `ahead` goes before those not, after those
   * ahead already: one others wait on (the indexing workers, for their answers to be taken). A task
   * not ahead that has waited MAX_WAIT_MS goes first all the same: answers that keep coming must
   * not hold a keystroke's diagnostics back until the indexing ends.
   */
  whenQuiet(task: () => void, ahead = false): void {
    const waiting = { task, asked: performance.now(), ahead };
    if (ahead) {
      const firstBehind = this.waiting.findIndex((other) => !other.ahead);
      this.waiting.splice(firstBehind === -1 ? this.waiting.length : firstBehind, 0, waiting);
    } else {
      this.waiting.push(waiting);
    }
    if (this.checking) return;
    this.checking = true;
    this.checkAfterMessages(this.dispatched);
  }

  private checkAfterMessages(seen: number): void {
    afterQueuedMessages(() => {
      const now = performance.now();
      const oldestBehind = this.waiting.find((waiting) => !waiting.ahead);
      const next = oldestBehind && now - oldestBehind.asked >= MAX_WAIT_MS ? oldestBehind : this.waiting[0];
      if (this.dispatched !== seen && now - next.asked < MAX_WAIT_MS) {
        this.checkAfterMessages(this.dispatched);
        return;
      }
      this.waiting.splice(this.waiting.indexOf(next), 1);
      try {
        next.task();
      } finally {
        if (this.waiting.length) this.checkAfterMessages(this.dispatched);
        else this.checking = false;
      }
    });
  }
}
