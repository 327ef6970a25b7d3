/**
 * The server's Mermaid checker (server/src/mermaidChecker.ts) with a stand-in worker, so that its
 * own behaviour shows: debouncing, the cache, stale versions, the timeout and restart, oversized
 * blocks, and a worker that cannot load. (The real worker is tested in test/server/mermaid.test.ts.)
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseEntry } from '../../server/src/core/parsing';
import { MAX_MERMAID_CHARACTERS, mermaidBlocks } from '../../server/src/core/features/mermaidSyntax';
import { MermaidChecker, type MermaidCheckerOptions } from '../../server/src/mermaidChecker';
import { nodeMermaidPort } from '../../server/src/nodeMermaidPort';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { settingsWith } from './support';

const dir = mkdtempSync(join(tmpdir(), 'mermaid-checker-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A worker that answers like the real one: BAD is an error on its second line, SLOW takes 300 ms, LONG 700 ms, HANG never ends. */
const FAKE_WORKER = join(dir, 'fakeWorker.js');
writeFileSync(FAKE_WORKER, `
const { parentPort } = require('node:worker_threads');
parentPort.postMessage({ ready: true, milliseconds: 1 });
parentPort.on('message', ({ id, source }) => {
  const busy = (ms) => { const end = Date.now() + ms; while (Date.now() < end); };
  if (source.includes('HANG')) busy(60000);
  if (source.includes('SLOW')) busy(300);
  if (source.includes('LONG')) busy(700);
  parentPort.postMessage(source.includes('BAD')
    ? { id, error: { message: 'Mermaid syntax error: bad.', line: 1, column: 2, endLine: 1, endColumn: 5 }, milliseconds: 1 }
    : { id, ok: true, milliseconds: 1 });
});
`);
const FAILING_WORKER = join(dir, 'failingWorker.js');
writeFileSync(FAILING_WORKER, `require('node:worker_threads').parentPort.postMessage({ ready: true, milliseconds: 1, failed: 'Cannot find module linkedom' });`);

function checker(options: Partial<MermaidCheckerOptions> = {}) {
  const logs: string[] = [];
  const results: [string, number][] = [];
  const instance = new MermaidChecker({ createPort: nodeMermaidPort(FAKE_WORKER), debounceMs: 20, log: (m) => logs.push(m), trace: (m) => logs.push(m), onResults: (uri, version) => results.push([uri, version]), ...options });
  return { instance, logs, results };
}

function doc(uri: string, version: number, ...blocks: string[]) {
  const text = `---\ntitle: T\n---\n${blocks.map((b) => `\`\`\`mermaid\n${b}\n\`\`\`\n`).join('\n')}`;
  const document = TextDocument.create(uri, 'markdown', version, text);
  return [uri, document, parseEntry(text, { debrisTags: [] }), DEFAULT_SETTINGS] as const;
}

function mermaidBlocksOf(...blocks: string[]) {
  const [, document, entry] = doc('file:///blocks.md', 1, ...blocks);
  return mermaidBlocks(document, entry);
}

const until = async (condition: () => boolean, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('MermaidChecker', () => {
  test('nothing is started for a document without diagrams, nor when checks are off', () => {
    const { instance } = checker();
    assert.deepEqual(instance.diagnostics(...doc('file:///a.md', 1)), []);
    const [uri, document, entry] = doc('file:///b.md', 1, 'sequenceDiagram\nBAD');
    assert.deepEqual(instance.diagnostics(uri, document, entry, settingsWith({ mermaid: { check: false } })), []);
    assert.deepEqual(instance.diagnostics(uri, document, entry, settingsWith({ severity: { 'mermaid-syntax': 'off' } })), []);
    assert.equal(instance.running, false);
    assert.equal(instance.stats.workerStarts, 0);
  });

  test('debounced per document: three quick versions, one parse, one onResults for the last; then cached for every document', async () => {
    const { instance, results } = checker();
    for (let version = 1; version <= 3; version++) assert.deepEqual(instance.diagnostics(...doc('file:///a.md', version, 'sequenceDiagram\nBAD')), []);
    await until(() => results.length > 0);
    assert.deepEqual(results, [['file:///a.md', 3]]);
    assert.equal(instance.stats.parseMilliseconds.length, 1);
    const [diagnostic] = instance.diagnostics(...doc('file:///a.md', 3, 'sequenceDiagram\nBAD'));
    // The block's line 1 is the document's line 5 (three frontmatter lines, then the fence).
    assert.deepEqual(diagnostic.range, { start: { line: 5, character: 2 }, end: { line: 5, character: 5 } });
    assert.equal(diagnostic.code, 'mermaid-syntax');
    // The same diagram elsewhere is answered from the cache, at once.
    assert.equal(instance.diagnostics(...doc('file:///b.md', 1, 'classDiagram\nclass Hi~T~', 'sequenceDiagram\nBAD')).length, 1);
    await until(() => instance.stats.parseMilliseconds.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(instance.stats.parseMilliseconds.length, 2, 'only the new block was parsed');
    assert.equal(instance.stats.workerStarts, 1);
    instance.dispose();
    assert.equal(instance.running, false);
  });

  test('a plain flowchart, sequence, state or class diagram is answered without Mermaid: no worker starts, nothing is parsed', async () => {
    const { instance, results } = checker();
    const plain = 'graph TD\n  A[Foundation Model] --> B[Pre-Training]\n  style A fill:#3498db,stroke:#333';
    assert.deepEqual(instance.diagnostics(...doc('file:///a.md', 1, plain, plain.replace('Pre-Training', 'Data'))), []);
    assert.deepEqual(await instance.checkBlocks(mermaidBlocksOf(plain), DEFAULT_SETTINGS), []);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(instance.stats.workerStarts, 0);
    assert.equal(instance.running, false);
    assert.deepEqual(results, []);
    // So are plain flowcharts with subgraphs and other node shapes, plain sequence diagrams with blocks, a plain state diagram with a note and a plain class diagram with an annotation.
    assert.deepEqual(await instance.checkBlocks(mermaidBlocksOf('flowchart LR\n  A{Clean} -->|yes| B((Train))\n  subgraph Serving\n    B --> C[(Store)]\n  end', 'sequenceDiagram\n  alt cached\n    User->>Cache: Reads\n  else missing\n    User->>Model: Asks\n  end', 'stateDiagram-v2\n  Idle --> Busy\n  note right of Idle: waits', 'classDiagram\n  class Model\n  <<interface>> Model'), DEFAULT_SETTINGS), []);
    assert.equal(instance.stats.workerStarts, 0);
    // So are a plain sequence diagram, a plain state diagram and a plain class diagram.
    assert.deepEqual(await instance.checkBlocks(mermaidBlocksOf('sequenceDiagram\n  participant User\n  User->>Model: Sends a prompt\n  Note over User,Model: once', 'stateDiagram-v2\n  [*] --> Idle\n  Idle --> Busy: starts\n  Busy --> [*]', 'classDiagram\n  class Model {\n    +weights: float\n    +train()\n  }\n  Model <|-- Adapter'), DEFAULT_SETTINGS), []);
    assert.equal(instance.stats.workerStarts, 0);
    // A flowchart Mermaid must read (a quoted label) still goes to the worker.
    instance.diagnostics(...doc('file:///a.md', 2, 'graph TD\n  A["round (1)"] --> B'));
    await until(() => instance.stats.parseMilliseconds.length === 1);
    assert.equal(instance.stats.workerStarts, 1);
    instance.dispose();
  });

  test('a diagram that parses adds no diagnostic, so the server is not asked to publish again', async () => {
    const { instance, results } = checker();
    instance.diagnostics(...doc('file:///a.md', 1, 'classDiagram\nclass Hi~T~'));
    await until(() => instance.stats.parseMilliseconds.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(results, []);
    instance.dispose();
  });

  test('answers for a version that was edited meanwhile are not published; the new version is', async () => {
    const { instance, results } = checker();
    instance.diagnostics(...doc('file:///a.md', 1, 'sequenceDiagram\nSLOW BAD'));
    await until(() => instance.running);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the worker is busy with version 1
    instance.diagnostics(...doc('file:///a.md', 2, 'sequenceDiagram\nSLOW BAD', 'sequenceDiagram\nBAD'));
    await until(() => results.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(results, [['file:///a.md', 2]]);
    assert.equal(instance.diagnostics(...doc('file:///a.md', 2, 'sequenceDiagram\nSLOW BAD', 'sequenceDiagram\nBAD')).length, 2);
    assert.equal(instance.stats.parseMilliseconds.length, 2, 'the slow block was parsed once, not once per version');
    instance.dispose();
  });

  test('a parse that takes too long: reported on the fence, the worker is replaced, later blocks are checked', async () => {
    const { instance, results, logs } = checker({ timeoutMs: 300 });
    instance.diagnostics(...doc('file:///a.md', 1, 'sequenceDiagram\nHANG'));
    await until(() => results.length > 0);
    const [timeout] = instance.diagnostics(...doc('file:///a.md', 1, 'sequenceDiagram\nHANG'));
    assert.deepEqual(timeout.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 10 } });
    assert.equal(timeout.message, 'Mermaid took too long to parse this diagram (more than 0 s), so it was not checked. Simplify or split it.');
    assert.ok(logs.some((line) => /took more than 300 ms to parse a diagram of 21 characters; restarting the Mermaid worker/.test(line)), logs.join('\n'));
    assert.equal(instance.running, false);
    instance.diagnostics(...doc('file:///b.md', 1, 'sequenceDiagram\nBAD'));
    await until(() => results.length > 1);
    assert.equal(instance.stats.workerStarts, 2);
    assert.equal(instance.diagnostics(...doc('file:///b.md', 1, 'sequenceDiagram\nBAD'))[0].message, 'Mermaid syntax error: bad.');
    instance.dispose();
  });

  test('diagrams sent ahead are timed from when the worker starts each: slow ones pass, a hanging one is replaced, those behind it are answered by the next worker', async () => {
    // 350 ms either side of the timeout: a busy machine's late timers do not decide the outcome.
    const { instance, logs } = checker({ timeoutMs: 1_050, parsesInFlight: 4 });
    // Sent together: the second LONG ends 1,400 ms after it was sent, but only 700 ms after it began.
    const found = await instance.checkBlocks(mermaidBlocksOf('sequenceDiagram\nLONG one', 'sequenceDiagram\nLONG two', 'sequenceDiagram\nHANG', 'sequenceDiagram\nBAD', 'sequenceDiagram\nfine'), DEFAULT_SETTINGS);
    assert.deepEqual(found.map((diagnostic) => [diagnostic.range.start.line, String(diagnostic.message).slice(0, 26)]), [
      [13, 'Mermaid took too long to p'],
      [20, 'Mermaid syntax error: bad.'],
    ]);
    assert.equal(logs.filter((line) => /restarting the Mermaid worker/.test(line)).length, 1, logs.join('\n'));
    assert.equal(instance.stats.workerStarts, 2);
    instance.dispose();
  });

  test('an idle worker is stopped (its memory freed); cached answers need no worker, new blocks start one again', async () => {
    const { instance, logs, results } = checker({ idleMs: 100 });
    instance.diagnostics(...doc('file:///a.md', 1, 'sequenceDiagram\nBAD'));
    await until(() => results.length === 1);
    assert.equal(instance.running, true);
    await until(() => !instance.running);
    assert.ok(logs.includes('Mermaid worker idle for 0 s: stopping it (answers stay cached).'), logs.join('\n'));
    assert.equal(instance.diagnostics(...doc('file:///a.md', 2, 'sequenceDiagram\nBAD')).length, 1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(instance.running, false);
    instance.diagnostics(...doc('file:///a.md', 3, 'sequenceDiagram\nBAD', 'sequenceDiagram\nBAD too'));
    await until(() => results.length === 2);
    assert.equal(instance.stats.workerStarts, 2);
    instance.dispose();
  });

  test('an oversized block is reported at once and never sent', () => {
    const { instance } = checker();
    const big = `graph TD\n${'A --> B\n'.repeat(Math.ceil(MAX_MERMAID_CHARACTERS / 8))}`;
    const [diagnostic] = instance.diagnostics(...doc('file:///a.md', 1, big));
    assert.match(String(diagnostic.message), /^This diagram is [\d,]+ characters long; Mermaid draws at most 50,000/);
    assert.equal(instance.running, false);
    instance.dispose();
  });

  test('a worker that cannot load linkedom or Mermaid turns the checks off, with the reason in the log', async () => {
    const { instance, logs, results } = checker({ createPort: nodeMermaidPort(FAILING_WORKER) });
    instance.diagnostics(...doc('file:///a.md', 1, 'sequenceDiagram\nBAD'));
    await until(() => logs.some((line) => /disabled/.test(line)));
    assert.ok(logs.some((line) => line === 'Mermaid checks are disabled: linkedom or Mermaid could not be loaded: Cannot find module linkedom.'), logs.join('\n'));
    assert.equal(instance.running, false);
    assert.deepEqual(instance.diagnostics(...doc('file:///a.md', 2, 'sequenceDiagram\nBAD')), []);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(instance.stats.workerStarts, 1);
    assert.deepEqual(results, []);
    instance.dispose();
  });
});
