/**
 * Mermaid checks through the real server (dist/server.js, with its worker dist/mermaidWorker.js):
 * syntax errors of ```mermaid blocks at their exact place, whether or not a preview is open; the
 * server staying responsive while the worker parses; Mermaid text outside fences; the setting.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol';
import { codes, lineOf, LspTestClient, messageOf, rangeOf } from './lspClient';
import { HANG_GUARD_MS } from '../helpers/hangGuard';
import { inlineMermaidPort } from '../../server/src/inlineMermaidPort';

/** The worker loads linkedom and Mermaid on first use, which takes a second or two on a busy machine. */
const MERMAID_TIMEOUT_MS = 30_000;

const hasMermaidError = (diagnostics: Diagnostic[]) => diagnostics.some((d) => d.code === 'mermaid-syntax');
const mermaidErrors = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'mermaid-syntax');

function entry(title: string, body: string, related: string[] = []): string {
  const list = related.length ? `related:\n${related.map((slug) => `- ${slug}`).join('\n')}\n` : '';
  return `---\ntitle: ${title}\ndescription: 'A sentence that defines the term in sixty characters or so..'\ncategory: Core Concepts\n${list}---\n${body}`;
}

/** The label opened on the third line is never closed (a `[` further down would close it, and move the error there). */
const BROKEN_FLOWCHART = ['graph TD', '  A[Input] --> B[Model]', 'A --> B[unclosed', '  B --> C'];

/** A flowchart of `nodes` nodes, each with a parent: `N0 --> N1`, `N0 --> N2`, … (`salt` makes it new to the cache). */
function flowchart(nodes: number, salt: string): string {
  const lines = ['graph TD'];
  for (let i = 1; i < nodes; i++) lines.push(`  N${Math.floor((i - 1) / 3)}[Node ${Math.floor((i - 1) / 3)} ${salt}] --> N${i}[Node ${i} ${salt}]`);
  return lines.join('\n');
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

describe('mermaid-syntax through the server', () => {
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client?.dispose();
  });

  test('a broken flowchart: the core diagnostics go out at once, then the Mermaid error at its exact line and column', async () => {
    const text = entry('Broken Flowchart', `## Diagram\n\n\`\`\`mermaid\n${BROKEN_FLOWCHART.join('\n')}\n\`\`\`\n\nProse after it.\n`);
    const uri = await client.open('broken-flowchart', text);
    const first = await client.waitForDiagnostics(uri, () => true, 5_000, 0);
    // Nothing from the core, and Mermaid's answer is not in yet: the worker was not even loaded.
    assert.deepEqual(first, []);
    const diagnostics = await client.waitForDiagnostics(uri, hasMermaidError, MERMAID_TIMEOUT_MS);
    const fence = lineOf(text, '```mermaid');
    const broken = lineOf(text, 'A --> B[unclosed');
    // The third line of the block; the error is the unclosed label, just after the `[`.
    assert.equal(broken, fence + 3);
    assert.deepEqual(mermaidErrors(diagnostics).map((d) => d.range.start), [{ line: broken, character: 8 }]);
    const [error] = mermaidErrors(diagnostics);
    assert.equal(error.range.end.line, broken + 1, 'Mermaid read the label on into the next line');
    assert.equal(error.severity, DiagnosticSeverity.Error);
    assert.equal(error.source, 'glossary');
    assert.equal(messageOf(error), "Mermaid syntax error: expected ']', ')))', ')', '])', ']]', '|' or another of 15 tokens, but found the end of the diagram.");
    assert.ok(client.logs.some((line) => /Mermaid worker ready in \d+ ms/.test(line)), client.logs.join('\n'));
  });

  test('fixing the line with didChange clears the error; breaking it again brings it back at once (cached)', async () => {
    const uri = client.uri('broken-flowchart');
    const text = client.openTexts.get(uri)!;
    const broken = lineOf(text, 'A --> B[unclosed');
    let mark = client.mark(uri);
    await client.replace(uri, rangeOf(text, broken, 'B[unclosed'), 'B[closed]');
    assert.deepEqual(mermaidErrors(await client.waitForDiagnostics(uri, () => true, 5_000, mark)), []);
    // Give the worker time to answer: the fixed diagram parses, so nothing is published again with an error.
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.ok((client.published.get(uri) ?? []).slice(mark).every((d) => !hasMermaidError(d)));

    mark = client.mark(uri);
    const fixed = client.openTexts.get(uri)!;
    await client.replace(uri, rangeOf(fixed, broken, 'B[closed]'), 'B[unclosed');
    // The broken text's answer is cached: it goes out with the core diagnostics, in the first publication.
    const again = await client.waitForDiagnostics(uri, () => true, 5_000, mark);
    assert.deepEqual(mermaidErrors(again).map((d) => d.range.start), [{ line: broken, character: 8 }]);
  });

  test('a sequenceDiagram error, in the second block of an entry, below a good one', async () => {
    const good = ['flowchart LR', '  A --> B'];
    const sequence = ['sequenceDiagram', '  participant Alice', '  Alice->>Bob: Hello', '  Bob-->Alice', '  Alice->>Bob: Bye'];
    const text = entry('Broken Sequence', `## One\n\n\`\`\`mermaid\n${good.join('\n')}\n\`\`\`\n\n## Two\n\n\`\`\`mermaid\n${sequence.join('\n')}\n\`\`\`\n`);
    const uri = await client.open('broken-sequence', text);
    const diagnostics = await client.waitForDiagnostics(uri, hasMermaidError, MERMAID_TIMEOUT_MS);
    const line = lineOf(text, '  Bob-->Alice');
    // A message needs `: text`; Mermaid marks the actor after which it is missing.
    assert.deepEqual(mermaidErrors(diagnostics).map((d) => d.range), [rangeOf(text, line, 'Alice')]);
    assert.equal(messageOf(mermaidErrors(diagnostics)[0]), 'Mermaid syntax error: expected text, but found a line break.');
  });

  test('the example foundation-model.md: its flowchart outside a fence is reported, with a quick fix that fences it', async () => {
    const text = client.readText('foundation-model');
    const uri = await client.open('foundation-model');
    const diagnostics = await client.waitForDiagnostics(uri);
    const header = lineOf(text, 'graph TD');
    const outside = diagnostics.filter((d) => d.code === 'mermaid-outside-fence');
    assert.deepEqual(outside.map((d) => d.range), [rangeOf(text, header, 'graph TD')]);
    assert.equal(outside[0].severity, DiagnosticSeverity.Warning);
    assert.equal(messageOf(outside[0]), 'These 8 lines are Mermaid diagram text outside a ```mermaid fence, so they render as prose. Wrap them in a ```mermaid fence.');
    assert.deepEqual(outside[0].data, { startLine: header, endLine: header + 7 });
    // Its ```mermaid fence below is unclosed, so it is not parsed (the unclosed-fence error says enough).
    assert.deepEqual(mermaidErrors(diagnostics), []);
    const actions = await client.codeActions(uri, outside[0].range, outside, ['quickfix']);
    assert.deepEqual(actions?.map((a) => a.title), ['Wrap in a ```mermaid fence']);
  });

  test('hover and completion are answered, right, while the worker parses three 300-node diagrams', async () => {
    // A server of its own, whose Mermaid worker starts for these diagrams: the worker's "ready" log
    // line goes out as the first diagram is handed to it, so a request sent after that line and
    // answered before the Mermaid diagnostics was answered while the worker parsed. Orders of
    // messages, not milliseconds: the latencies are printed, not asserted.
    const fresh = await LspTestClient.start();
    try {
      const related = ['fine-tuning', 'transfer-learning'];
      // The last diagram ends with a broken line, so the end of the parsing shows as a diagnostic.
      const blocks = [flowchart(300, 'a'), flowchart(300, 'b'), `${flowchart(300, 'c')}\n  N1 --> N2[broken`];
      const text = entry('Large Diagrams', blocks.map((block, i) => `## Part ${i + 1}\n\n\`\`\`mermaid\n${block}\n\`\`\`\n`).join('\n'), related);
      const hoverAt = { line: lineOf(text, '- fine-tuning'), character: 4 };
      const completeAt = { line: lineOf(text, '- transfer-learning'), character: 2 + 'transfer'.length };

      const uri = await fresh.open('large-diagrams', text);
      const workerHasDiagrams = () => fresh.logs.some((line) => /Mermaid worker ready/.test(line));
      const parsed = () => (fresh.published.get(uri) ?? []).some(hasMermaidError);
      const answers: { ms: number; kind: string; duringParse: boolean }[] = [];
      for (let i = 0; !parsed(); i++) {
        const kind = i % 2 ? 'completion' : 'hover';
        const sentWhileParsing = workerHasDiagrams();
        const started = performance.now();
        if (kind === 'hover') {
          const hover = await fresh.hover(uri, hoverAt, HANG_GUARD_MS);
          const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
          assert.ok(value.startsWith('**Fine\\-Tuning**'), `the hover names the entry: ${value.slice(0, 80)}`);
        } else {
          const labels = (await fresh.completion(uri, completeAt, HANG_GUARD_MS)).items.map((item) => item.label);
          assert.ok(labels.includes('transfer-learning'), `completion offers the slug being typed: ${JSON.stringify(labels)}`);
        }
        // Read as the answer arrives: the client handles the server's messages in order, one at a time.
        answers.push({ ms: performance.now() - started, kind, duringParse: sentWhileParsing && !parsed() });
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const during = answers.filter((answer) => answer.duringParse).map((answer) => answer.ms);
      console.log(
        `[mermaid] ${answers.length} hover/completion requests until the Mermaid diagnostics, ${during.length} of them sent and answered while the worker parsed` +
        (during.length ? `: p50 ${percentile(during, 50).toFixed(1)} ms, p95 ${percentile(during, 95).toFixed(1)} ms, max ${Math.max(...during).toFixed(1)} ms` : ''),
      );
      assert.ok(during.length > 0, fresh.failure('no request sent after the worker had the diagrams was answered before their diagnostics: the parse held the server'));
      const diagnostics = fresh.latestDiagnostics(uri)!;
      assert.deepEqual(mermaidErrors(diagnostics).map((d) => d.range.start.line), [lineOf(text, '  N1 --> N2[broken')]);
    } finally {
      await fresh.dispose();
    }
  });
});

describe('glossary.mermaid.check', () => {
  let client: LspTestClient;
  const text = entry('Unchecked Flowchart', `\`\`\`mermaid\n${BROKEN_FLOWCHART.join('\n')}\n\`\`\`\n`);

  before(async () => {
    client = await LspTestClient.start({ settings: { mermaid: { check: false } } });
  });
  after(async () => {
    await client?.dispose();
  });

  const workerLogs = () => client.logs.filter((line) => /Mermaid worker/.test(line));

  test('false: no mermaid-syntax diagnostics, and no worker is started', async () => {
    const uri = await client.open('unchecked-flowchart', text);
    await client.waitForDiagnostics(uri);
    // Well past the debounce and a worker's start-up.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    assert.ok((client.published.get(uri) ?? []).every((d) => !hasMermaidError(d)));
    assert.deepEqual(workerLogs(), []);
  });

  test('turned on, the error arrives; turned off again, it is withdrawn and the worker stopped', async () => {
    const uri = client.uri('unchecked-flowchart');
    let mark = client.mark(uri);
    await client.changeConfiguration({ glossary: { mermaid: { check: true } } });
    const on = await client.waitForDiagnostics(uri, hasMermaidError, MERMAID_TIMEOUT_MS, mark);
    assert.deepEqual(mermaidErrors(on).map((d) => d.range.start), [{ line: lineOf(text, 'A --> B[unclosed'), character: 8 }]);
    assert.ok(workerLogs().some((line) => /Mermaid worker ready/.test(line)));

    mark = client.mark(uri);
    await client.changeConfiguration({ glossary: { mermaid: { check: false } } });
    const off = await client.waitForDiagnostics(uri, () => true, 5_000, mark);
    assert.deepEqual(codes(off), []);
    assert.ok(client.logs.some((line) => /stopping the Mermaid worker/.test(line)), client.logs.join('\n'));
  });

  test("severity 'off' for mermaid-syntax also keeps the worker from starting", async () => {
    const quiet = await LspTestClient.start({ settings: { severity: { 'mermaid-syntax': 'off' } } });
    try {
      const uri = await quiet.open('unchecked-flowchart', text);
      await quiet.waitForDiagnostics(uri);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      assert.ok((quiet.published.get(uri) ?? []).every((d) => !hasMermaidError(d)));
      assert.deepEqual(quiet.logs.filter((line) => /Mermaid worker/.test(line)), []);
    } finally {
      await quiet.dispose();
    }
  });
});

describe('Mermaid in the language server thread (the browser server)', () => {
  test('diagrams sent together are parsed one per turn of the event loop, so requests are read between them', async () => {
    const answers: { id: number; turnsBefore: number; ok: boolean }[] = [];
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    tick();
    const port = inlineMermaidPort()({
      message: (response) => {
        if ('id' in response) answers.push({ id: response.id, turnsBefore: turns, ok: 'ok' in response });
      },
      exit: () => undefined,
      log: () => undefined,
    });
    try {
      const sources = ['sequenceDiagram\n  A->>B: one', 'sequenceDiagram\n  A->>B: two', 'classDiagram\n  class Three', 'sequenceDiagram\n  A->>B: four'];
      sources.forEach((source, i) => port.postMessage({ id: i + 1, source }));
      const end = Date.now() + HANG_GUARD_MS;
      while (answers.length < sources.length && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.deepEqual(answers.map(({ id, ok }) => [id, ok]), [[1, true], [2, true], [3, true], [4, true]]);
      for (let i = 1; i < answers.length; i++) assert.ok(answers[i].turnsBefore > answers[i - 1].turnsBefore, `no turn of the event loop between answers ${i} and ${i + 1}`);
    } finally {
      ticking = false;
      port.terminate();
    }
  });
});
