/**
 * References to pages of a site's other sections, through the real server over stdio on a copy of
 * examples/hugo-site: diagnostics with nearest paths and their quick fix, hover, definition,
 * completion (section names, then pages), and pages created and deleted on disk.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic, Position } from 'vscode-languageserver-protocol';
import { FileChangeType, LspTestClient, messageOf } from './lspClient';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'hugo-site');
const GLOSSARY = 'content/glossary';

function copySite(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'glossary-site-')));
  cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

/** The position of `needle`'s first occurrence in `text`, `delta` characters in. */
function positionOf(text: string, needle: string, delta = 0): Position {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `'${needle}' is not in the text`);
  const before = text.slice(0, offset + delta);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

const pageFindings = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'unknown-page').map((d) => messageOf(d));

describe('references to pages of other sections (examples/hugo-site)', () => {
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start({ workspaceDir: copySite() });
  });
  after(async () => {
    await client?.dispose();
  });

  test('valid references of every form give no findings; broken ones one unknown-page each, with the nearest paths', async () => {
    for (const slug of ['retrieval-augmented-generation', 'embeddings', 'prompt-engineering']) {
      const uri = await client.open(`${GLOSSARY}/${slug}.md`);
      assert.deepEqual(await client.waitForDiagnostics(uri), [], slug);
    }
    const uri = await client.open(`${GLOSSARY}/fine-tuning.md`);
    const diagnostics = await client.waitForDiagnostics(uri);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]), [
      ['unknown-page', 7, 2, 32],
      ['unknown-page', 8, 2, 18],
      ['unknown-page', 10, 2, 22],
      ['unknown-page', 13, 177, 195],
      ['unknown-page', 13, 252, 283],
    ]);
    assert.deepEqual(pageFindings(diagnostics), [
      "No page of the site is at 'guides/fine-tuning-walkthrough'. Did you mean 'guides/fine-tuning-guide'?",
      "No page of the site is at 'patterns/chunkng'. Did you mean 'patterns/chunking'?",
      "No page of the site is at 'tools/model-registry'.",
      "No page of the site is at 'tools/lora-trainer'.",
      "No page of the site is at 'comparisons/rag-vs-fine-tunning'. Did you mean 'comparisons/rag-vs-fine-tuning'?",
    ]);
  });

  test('the quick fix replaces the path with the nearest page, keeping the form it is written in', async () => {
    const uri = client.uri(`${GLOSSARY}/fine-tuning.md`);
    const diagnostics = await client.waitForDiagnostics(uri);
    const link = diagnostics[4];
    const actions = (await client.codeActions(uri, link.range, [link])) as CodeAction[];
    const change = actions.find((action) => action.title === "Change to 'comparisons/rag-vs-fine-tuning'");
    assert.ok(change, JSON.stringify(actions.map((action) => action.title)));
    assert.deepEqual(change.edit?.documentChanges, [{ textDocument: { uri, version: client.version(uri) }, edits: [{ range: link.range, newText: 'comparisons/rag-vs-fine-tuning' }] }]);
    const mark = client.mark(uri);
    await client.applyWorkspaceEdit(change.edit!, { sendEvents: false });
    assert.ok(client.readText(`${GLOSSARY}/fine-tuning.md`).includes('[RAG or fine-tuning](/comparisons/rag-vs-fine-tuning/)'));
    const fixed = await client.waitForDiagnostics(uri, () => true, 3_000, mark);
    assert.equal(pageFindings(fixed).length, 4);
  });

  test('hover shows the page\'s title, section and first line, and links to it; on a missing page, the nearest paths', async () => {
    const uri = client.uri(`${GLOSSARY}/retrieval-augmented-generation.md`);
    const text = client.readText(`${GLOSSARY}/retrieval-augmented-generation.md`);
    const hover = await client.hover(uri, positionOf(text, 'guides/building-a-rag-pipeline', 3));
    const value = (hover?.contents as { value: string }).value;
    assert.match(value, /^\*\*Building a RAG pipeline\*\* · \*guides\*/);
    assert.ok(value.includes('Load the documents, cut them into passages'), value);
    assert.ok(value.includes(client.uri('content/guides/building-a-rag-pipeline.md')), value);
    assert.deepEqual(hover?.range, { start: positionOf(text, 'guides/building-a-rag-pipeline'), end: positionOf(text, 'guides/building-a-rag-pipeline', 30) });

    const broken = client.uri(`${GLOSSARY}/fine-tuning.md`);
    const brokenText = client.readText(`${GLOSSARY}/fine-tuning.md`);
    const missing = await client.hover(broken, positionOf(brokenText, 'patterns/chunkng', 2));
    assert.equal((missing?.contents as { value: string }).value, 'No page of the site is at `patterns/chunkng`.\n\nDid you mean `patterns/chunking`?');
  });

  test('definition goes to the page file, for related values and body links of every form', async () => {
    const uri = client.uri(`${GLOSSARY}/retrieval-augmented-generation.md`);
    const text = client.readText(`${GLOSSARY}/retrieval-augmented-generation.md`);
    const at = (needle: string, delta = 2) => client.definition(uri, positionOf(text, needle, delta));
    const start = { line: 0, character: 0 };
    assert.deepEqual(await at('/patterns/chunking/'), { uri: client.uri('content/patterns/chunking.md'), range: { start, end: start } });
    assert.deepEqual(await at('../patterns/chunking.md', 5), { uri: client.uri('content/patterns/chunking.md'), range: { start, end: start } });
    assert.deepEqual(await at('tools/vector-databases'), { uri: client.uri('content/tools/vector-databases.md'), range: { start, end: start } });
    // A glossary slug still goes to its entry.
    assert.deepEqual(await at('glossary/embeddings', 10), { uri: client.uri(`${GLOSSARY}/embeddings.md`), range: { start, end: start } });
    const prompt = client.uri(`${GLOSSARY}/prompt-engineering.md`);
    const promptText = client.readText(`${GLOSSARY}/prompt-engineering.md`);
    assert.deepEqual(await client.definition(prompt, positionOf(promptText, 'patterns/few-shot-prompting/index.md', 3)), { uri: client.uri('content/patterns/few-shot-prompting/index.md'), range: { start, end: start } });
    assert.deepEqual(await client.definition(prompt, positionOf(promptText, '- guides/', 4)), { uri: client.uri('content/guides/_index.md'), range: { start, end: start } });
  });

  test('completion: section names after the glossary\'s slugs, then the pages of the section typed', async () => {
    const uri = client.uri(`${GLOSSARY}/embeddings.md`);
    const text = client.readText(`${GLOSSARY}/embeddings.md`);
    const edited = text.replace('- comparisons/embedding-models.md\n', '- comparisons/embedding-models.md\n- \n');
    await client.change(uri, [{ text: edited }]);
    const empty = await client.completion(uri, positionOf(edited, '- \n---', 2));
    const sections = empty.items.filter((item) => item.label.endsWith('/')).map((item) => item.label);
    assert.deepEqual(sections, ['comparisons/', 'guides/', 'patterns/', 'tools/']);
    assert.ok(empty.items.findIndex((item) => item.label.endsWith('/')) > 0, 'glossary slugs come first');

    const typed = edited.replace('- \n---', '- guides/\n---');
    await client.change(uri, [{ text: typed }]);
    const pages = await client.completion(uri, positionOf(typed, '- guides/\n---', 9));
    assert.deepEqual(pages.items.map((item) => [item.label, item.detail]), [
      ['guides', 'Guides'],
      ['guides/building-a-rag-pipeline', 'Building a RAG pipeline'],
      ['guides/fine-tuning-guide', 'A first fine-tuning run'],
    ]);
    const line = positionOf(typed, '- guides/\n---').line;
    assert.deepEqual((pages.items[1].textEdit as { range: unknown }).range, { start: { line, character: 2 }, end: { line, character: 9 } });

    const body = typed.replace('## What are Embeddings?\n', '## What are Embeddings?\nSee [the guide](/guides/b\n');
    await client.change(uri, [{ text: body }]);
    const inLink = await client.completion(uri, positionOf(body, '(/guides/b', 10));
    assert.ok(inLink.items.some((item) => item.label === 'guides/building-a-rag-pipeline'), JSON.stringify(inLink.items.map((item) => item.label)));
  });

  test('a page created on disk clears its unknown-page; a page deleted on disk raises one', async () => {
    const fineTuning = client.uri(`${GLOSSARY}/fine-tuning.md`);
    const before = pageFindings(client.latestDiagnostics(fineTuning) ?? []);
    assert.ok(before.some((message) => message.includes('tools/model-registry')));
    let mark = client.mark(fineTuning);
    const created = client.writeFile('content/tools/model-registry.md', '---\ntitle: Model registry\n---\nWhere trained weights are versioned.\n');
    await client.fileEvents([{ uri: created, type: FileChangeType.Created }]);
    const after = await client.waitForDiagnostics(fineTuning, () => true, 3_000, mark);
    assert.deepEqual(pageFindings(after), before.filter((message) => !message.includes('tools/model-registry')));

    const rag = client.uri(`${GLOSSARY}/retrieval-augmented-generation.md`);
    mark = client.mark(rag);
    const deleted = client.deleteFile('content/patterns/chunking.md');
    await client.fileEvents([{ uri: deleted, type: FileChangeType.Deleted }]);
    const broken = await client.waitForDiagnostics(rag, () => true, 3_000, mark);
    assert.deepEqual(pageFindings(broken), ["No page of the site is at 'patterns/chunking'.", "No page of the site is at 'patterns/chunking'."]);
  });
});
