import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { CompletionItemKind, type CompletionItem, type CompletionList, type Diagnostic, type Range } from 'vscode-languageserver-protocol';
import { lineOf, LspTestClient } from './lspClient';

const labels = (items: CompletionItem[]) => items.map((item) => item.label);
const editRange = (item: CompletionItem): Range => {
  assert.ok(item.textEdit && 'range' in item.textEdit, `${item.label} has a plain textEdit`);
  return item.textEdit.range;
};

describe('related-slug completion', () => {
  let client: LspTestClient;
  let allSlugs: string[];

  before(async () => {
    client = await LspTestClient.start();
    allSlugs = readdirSync(client.path('content/glossary')).map((name) => name.replace(/\.md$/, '')).sort();
    assert.equal(allSlugs.length, 21);
  });
  after(async () => {
    await client?.dispose();
  });

  test('a new `- ` item of a block list offers every other entry, not the entry itself nor listed slugs', async () => {
    const text = client.readText('fine-tuning');
    const uri = await client.open('fine-tuning');
    await client.waitForDiagnostics(uri, (d) => d.length === 0);
    const listed = ['transfer-learning', 'pre-training', 'rlhf', 'large-language-models', 'overfitting'];
    for (const slug of listed) lineOf(text, `- ${slug}`); // the entry lists them, as the test assumes

    const line = lineOf(text, '- overfitting') + 1;
    await client.insert(uri, { line, character: 0 }, '- \n');
    const list = await client.completion(uri, { line, character: 2 });

    assert.equal(list.isIncomplete, false);
    const expected = allSlugs.filter((slug) => slug !== 'fine-tuning' && !listed.includes(slug));
    assert.deepEqual([...labels(list.items)].sort(), expected);
    // Nothing typed: entries of the same category first (all already listed here), then the most linked ones
    // (by the number of entries naming them; ties by slug). large-language-models.md lists in-context-learning and
    // retrieval-augmented-generation, which puts them ahead of the other entries named by four.
    assert.deepEqual(labels(list.items), [
      'deep-learning', 'prompt-engineering', 'transformer', 'generative-ai', 'hallucination',
      'in-context-learning', 'retrieval-augmented-generation', 'few-shot-learning', 'machine-learning', 'neural-network',
      'attention-mechanism', 'embeddings', 'foundation-model', 'gradient-descent', 'tokenization',
    ]);
    list.items.forEach((item, rank) => {
      assert.equal(item.kind, CompletionItemKind.Reference);
      assert.equal(item.sortText, String(rank).padStart(6, '0'));
      assert.deepEqual(item.textEdit, { range: { start: { line, character: 2 }, end: { line, character: 2 } }, newText: item.label });
    });
    const deepLearning = list.items[0];
    assert.equal(deepLearning.detail, 'Deep Learning');
    assert.equal(deepLearning.filterText, 'deep-learning Deep Learning');
    assert.deepEqual(deepLearning.documentation, {
      kind: 'markdown',
      value: 'A branch of machine learning that uses neural networks with many layers to learn hierarchical representations from raw data.\n\n*Category:* Core Concepts',
    });
  });

  test('a typed partial is matched, and the textEdit range covers exactly the partial', async () => {
    const uri = client.uri('fine-tuning');
    const line = lineOf(client.readText('fine-tuning'), '- overfitting') + 1;
    await client.insert(uri, { line, character: 2 }, 'emb');
    const list = await client.completion(uri, { line, character: 5 });
    assert.deepEqual(labels(list.items), ['embeddings']);
    assert.deepEqual(list.items[0].textEdit, { range: { start: { line, character: 2 }, end: { line, character: 5 } }, newText: 'embeddings' });

    // With the cursor inside the word (`em|b`), only `em` is the query, but the range still
    // covers the whole partial, so accepting an item replaces `emb`.
    const inside = await client.completion(uri, { line, character: 4 });
    assert.deepEqual(labels(inside.items), ['embeddings', 'attention-mechanism', 'retrieval-augmented-generation']);
    for (const item of inside.items) assert.deepEqual(editRange(item), { start: { line, character: 2 }, end: { line, character: 5 } });
  });

  test('flow list `related: [fine-tuning, tra]`: slug prefix matches first, shorter slug first', async () => {
    const text = client.readText('pre-training');
    const uri = await client.open('pre-training');
    await client.waitForDiagnostics(uri, (d) => d.length === 0);
    const start = lineOf(text, 'related:');
    const end = lineOf(text, '---', { from: 1 });
    await client.replace(uri, { start: { line: start, character: 0 }, end: { line: end, character: 0 } }, 'related: [fine-tuning, tra]\n');

    const character = 'related: [fine-tuning, tra'.length;
    const list = await client.completion(uri, { line: start, character });
    // transfer-learning and transformer both start with 'tra'; the ranking puts the shorter slug
    // first (score 4000 - slug length), then the loose subsequence match t…r…a.
    assert.deepEqual(labels(list.items), ['transformer', 'transfer-learning', 'retrieval-augmented-generation']);
    const partial = { start: { line: start, character: character - 3 }, end: { line: start, character } };
    for (const item of list.items) assert.deepEqual(item.textEdit, { range: partial, newText: item.label });
    // fine-tuning is listed and pre-training is the entry itself: neither is offered, even for a query that fits them.
    assert.ok(!labels(list.items).includes('fine-tuning'));

    const again = await client.completion(uri, { line: start, character: character - 1 }); // `tr|a`
    assert.deepEqual(labels(again.items).slice(0, 2), ['transformer', 'transfer-learning']);
    assert.ok(!labels(again.items).includes('pre-training'));
    for (const item of again.items) assert.deepEqual(editRange(item), partial);
  });

  test('fuzzy on title words: `Reinf` offers rlhf (Reinforcement Learning from Human Feedback)', async () => {
    const text = client.readText('transformer');
    const uri = await client.open('transformer');
    // The test above left pre-training.md open as `related: [fine-tuning, tra]`: it no longer lists transformer back.
    const preTraining = lineOf(text, '- pre-training');
    // (Its unlinked mention of 'Deep Learning' is tested in test/server/mentions.test.ts.)
    assert.deepEqual((await client.waitForDiagnostics(uri)).filter((d) => d.code !== 'unlinked-mention').map((d) => [d.code, d.range, d.data]), [
      ['one-way-relation', { start: { line: preTraining, character: 2 }, end: { line: preTraining, character: 2 + 'pre-training'.length } }, { target: 'pre-training' }],
    ]);
    assert.ok(!/^- rlhf$/m.test(text), 'transformer.md must not list rlhf already');
    const line = lineOf(text, '---', { from: 1 });
    await client.insert(uri, { line, character: 0 }, '- Reinf\n');

    const list = await client.completion(uri, { line, character: '- Reinf'.length });
    assert.deepEqual(list.items.map((item) => [item.label, item.detail, item.filterText, item.textEdit]), [[
      'rlhf',
      'Reinforcement Learning from Human Feedback',
      'rlhf Reinforcement Learning from Human Feedback',
      { range: { start: { line, character: 2 }, end: { line, character: 7 } }, newText: 'rlhf' },
    ]]);
  });

  test('no slug completion outside the related list', async () => {
    const uri = client.uri('transformer');
    const text = client.readText('transformer');
    const body = lineOf(text, '## What is a Transformer?', { exact: false });
    assert.deepEqual((await client.completion(uri, { line: body + 1, character: 3 })).items, []);
  });
});

describe('completion while typing', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client?.dispose();
  });

  test('keystrokes that reach the server together are checked once, after the completion asked behind them is answered', async () => {
    const uri = await client.open('fine-tuning');
    await client.waitForDiagnostics(uri, (d) => d.length === 0);
    const line = lineOf(client.readText('fine-tuning'), '- overfitting') + 1;
    await client.insert(uri, { line, character: 0 }, '- \n');
    await client.waitForDiagnostics(uri, undefined, 5_000, client.mark(uri));
    const before = client.mark(uri);

    // `tran`, a keystroke each, and the completion VS Code asks for with the last one.
    const keystrokes = [...'tran'].map((char, i) => {
      const at = { line, character: 2 + i };
      return { method: 'textDocument/didChange', params: client.nextChange(uri, [{ range: { start: at, end: at }, text: char }]) };
    });
    const [asked] = client.writeAtOnce([...keystrokes, { method: 'textDocument/completion', params: { textDocument: { uri }, position: { line, character: 6 }, context: { triggerKind: 1 } }, request: true }]);
    const answer = await asked;
    const publishedBeforeAnswer = client.mark(uri) - before;
    assert.equal(answer.error, undefined, JSON.stringify(answer.error));
    const list = answer.result as CompletionList;
    assert.ok(labels(list.items).includes('transformer'), labels(list.items).join(', '));
    assert.equal(publishedBeforeAnswer, 0, 'diagnostics were checked and published between the keystrokes, ahead of the completion asked with them');

    const namingTran = (d: Diagnostic) => d.code === 'unknown-slug' && typeof d.message === 'string' && d.message.includes("'tran'");
    const fresh = await client.waitForDiagnostics(uri, (diagnostics) => diagnostics.some(namingTran), 5_000, before);
    assert.deepEqual(fresh.find(namingTran)?.range, { start: { line, character: 2 }, end: { line, character: 6 } });
    // Nothing else is coming: a request behind the burst is answered, and only one check went out.
    await client.hover(uri, { line, character: 3 });
    assert.equal(client.mark(uri) - before, 1, `${client.mark(uri) - before} publications for one burst of keystrokes: intermediate texts were checked`);
  });
});
