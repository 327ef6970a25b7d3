import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Message } from 'vscode-languageserver';
import { MessageTraffic } from '../../server/src/messageTraffic';

/** Counts turns of the event loop (one setImmediate each) until stopped. */
function turnCounter(): { readonly turn: number; stop(): void } {
  let turn = 0;
  let running = true;
  const next = () => {
    turn++;
    if (running) setImmediate(next);
  };
  setImmediate(next);
  return { get turn() { return turn; }, stop: () => (running = false) };
}

const dispatch = (traffic: MessageTraffic) => traffic.strategy.handleMessage({ jsonrpc: '2.0' } as Message, () => undefined);

test('tasks asked for together run one a turn, in the order asked, so a request is held behind one at most', async () => {
  const traffic = new MessageTraffic();
  const turns = turnCounter();
  const ran: { name: string; turn: number }[] = [];
  const done = new Promise<void>((resolve) => {
    for (const name of ['a', 'b', 'c', 'd']) traffic.whenQuiet(() => {
      ran.push({ name, turn: turns.turn });
      if (name === 'd') resolve();
    });
    // Asked from inside a task: behind those already waiting.
    traffic.whenQuiet(() => traffic.whenQuiet(() => ran.push({ name: 'e', turn: turns.turn })));
  });
  await done;
  await new Promise((resolve) => setTimeout(resolve, 20));
  turns.stop();
  assert.deepEqual(ran.map((r) => r.name), ['a', 'b', 'c', 'd', 'e']);
  for (let i = 1; i < ran.length; i++) assert.ok(ran[i].turn > ran[i - 1].turn, `${ran[i].name} ran in a later turn than ${ran[i - 1].name}: ${JSON.stringify(ran)}`);
});

test('tasks asked for ahead run before the others waiting, in the order asked, still one a turn', async () => {
  const traffic = new MessageTraffic();
  const turns = turnCounter();
  const ran: { name: string; turn: number }[] = [];
  await new Promise<void>((resolve) => {
    const task = (name: string) => () => {
      ran.push({ name, turn: turns.turn });
      if (ran.length === 5) resolve();
    };
    traffic.whenQuiet(task('slice 1'));
    traffic.whenQuiet(task('slice 2'));
    traffic.whenQuiet(task('answer 1'), true);
    traffic.whenQuiet(task('slice 3'));
    traffic.whenQuiet(task('answer 2'), true);
  });
  turns.stop();
  assert.deepEqual(ran.map((r) => r.name), ['answer 1', 'answer 2', 'slice 1', 'slice 2', 'slice 3']);
  for (let i = 1; i < ran.length; i++) assert.ok(ran[i].turn > ran[i - 1].turn, JSON.stringify(ran));
});

test('answers that keep coming ahead hold a task behind them until it has waited 50 ms, not until they end', async () => {
  const traffic = new MessageTraffic();
  let answers = 0;
  let answering = true;
  // Each answer taken asks for the next at once, as the indexing workers' keep coming.
  const answer = () => {
    answers++;
    if (answering) traffic.whenQuiet(answer, true);
  };
  traffic.whenQuiet(answer, true);
  traffic.whenQuiet(answer, true);
  const asked = performance.now();
  // Starved, it would never run: the wait ends after 5 s in that case, and the test fails.
  let giveUp = () => undefined as void;
  const timer = setTimeout(() => giveUp(), 5_000);
  const ranAfter = await Promise.race([
    new Promise<number>((resolve) => traffic.whenQuiet(() => resolve(performance.now() - asked))),
    new Promise<undefined>((resolve) => (giveUp = () => resolve(undefined))),
  ]);
  clearTimeout(timer);
  answering = false;
  assert.ok(ranAfter !== undefined, 'the task ran while the answers kept coming');
  assert.ok(answers > 10, `answers were taken meanwhile (${answers})`);
  assert.ok(ranAfter >= 50, `it waited its turn behind the answers (${ranAfter} ms)`);
});

test('a task waits while messages keep coming, and runs once a turn passes without one', async () => {
  const traffic = new MessageTraffic();
  let ran = false;
  traffic.whenQuiet(() => (ran = true));
  for (let turn = 0; turn < 10; turn++) {
    dispatch(traffic);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(ran, false, `a message came in turn ${turn}`);
  }
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.equal(ran, true);
});

test('a client that never pauses: the task runs anyway once it has waited 50 ms', async () => {
  const traffic = new MessageTraffic();
  let ranAfter: number | undefined;
  const asked = performance.now();
  traffic.whenQuiet(() => (ranAfter = performance.now() - asked));
  while (ranAfter === undefined && performance.now() - asked < 2_000) {
    dispatch(traffic);
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.ok(ranAfter !== undefined && ranAfter >= 50, `ran after ${ranAfter} ms`);
});
