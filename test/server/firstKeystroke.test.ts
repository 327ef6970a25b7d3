/**
 * Requests sent in the same tick as `didOpen` on a fresh server, before its first index is
 * complete, as an editor restoring its tabs sends them: each answer is right, or says it is
 * incomplete (a completion list with `isIncomplete: true`, which the editor asks again for). Never
 * a short list or a refusal that looks final.
 *
 *   npm run build && node --import tsx --test test/server/firstKeystroke.test.ts
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import type { CompletionList, Hover, Location, SymbolInformation, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { copyExampleWorkspace, lineOf, LspTestClient, REPO_ROOT } from './lspClient';

type Generate = (dir: string, count: number, seed?: number) => unknown;
const generateGlossary = async (dir: string, count: number) => ((await import(pathToFileURL(join(REPO_ROOT, 'bench', 'generateGlossary.mjs')).href)) as { generateGlossary: Generate }).generateGlossary(dir, count, 7);

/** The entry the requests are about, written into each workspace: it names example slugs. */
const PROBE = `---
title: Probe Entry
description: 'An entry opened the moment the server starts, before it has read the rest of the glossary.'
category: Testing
related:
  - fine-tuning
  - trans
---
## What is a probe?
A probe links to [Fine-Tuning](/glossary/fine-tuning).
`;

const hoverText = (hover: Hover | null) => (hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '');
const editedFiles = (edit: WorkspaceEdit | null) => (edit?.documentChanges ?? []).flatMap((change) => ('textDocument' in change ? [change.textDocument.uri] : []));

/** Opens the probe and sends every request at once, without waiting for anything in between. */
async function askAtOnce(client: LspTestClient) {
  const uri = client.uri('probe-entry');
  const related = lineOf(PROBE, '  - fine-tuning');
  const typed = lineOf(PROBE, '  - trans');
  void client.openUri(uri, PROBE);
  const [completion, hover, definition, references, prepare, rename, symbols] = await Promise.all([
    client.completion(uri, { line: typed, character: '  - trans'.length }, 60_000),
    client.hover(uri, { line: related, character: 6 }, 60_000),
    client.definition(uri, { line: related, character: 6 }, 60_000) as Promise<Location | null>,
    client.references(uri, { line: related, character: 6 }, false, 60_000),
    client.prepareRename(uri, { line: related, character: 6 }, 60_000),
    client.rename(uri, { line: related, character: 6 }, 'fine-tuning-renamed', 60_000),
    client.workspaceSymbols('fine-tuning', 60_000) as Promise<SymbolInformation[] | null>,
  ]);
  return { completion, hover, definition, references, prepare, rename, symbols };
}

function assertRightOrIncomplete(answers: Awaited<ReturnType<typeof askAtOnce>>, completion: CompletionList) {
  const labels = completion.items.map((item) => item.label);
  assert.ok(labels.includes('transfer-learning') || completion.isIncomplete, `a final completion list without transfer-learning: ${JSON.stringify(completion).slice(0, 300)}`);
  assert.match(hoverText(answers.hover), /Fine\\?-Tuning/, `the hover does not name the entry: ${hoverText(answers.hover).slice(0, 100)}`);
  assert.ok(answers.definition && answers.definition.uri.endsWith('/fine-tuning.md'), JSON.stringify(answers.definition));
  const referrers = new Set((answers.references ?? []).map((location) => location.uri.slice(location.uri.lastIndexOf('/') + 1)));
  assert.ok(referrers.size >= 3, `references of fine-tuning name only ${[...referrers].join(', ')}`);
  assert.ok(answers.prepare, 'rename was refused');
  const files = editedFiles(answers.rename);
  assert.ok(files.length >= 3, `the rename edits only ${files.join(', ')}`);
  assert.ok((answers.symbols ?? []).some((symbol) => symbol.location.uri.endsWith('/fine-tuning.md')), 'workspace symbols miss fine-tuning');
}

describe('answers asked in the same tick as didOpen on a fresh start', () => {
  const clients: LspTestClient[] = [];
  after(async () => {
    for (const client of clients) await client.dispose();
  });

  test('the example glossary (21 entries): right, or explicitly incomplete', async () => {
    const dir = copyExampleWorkspace();
    const client = await LspTestClient.start({ workspaceDir: dir, waitForIndex: false });
    clients.push(client);
    const answers = await askAtOnce(client);
    assertRightOrIncomplete(answers, answers.completion);
    // Asked again once the index is complete, the list is final and holds the slug.
    await client.waitUntilIndexed();
    const again = await client.completion(client.uri('probe-entry'), { line: lineOf(PROBE, '  - trans'), character: '  - trans'.length });
    assert.equal(again.isIncomplete, false);
    assert.ok(again.items.some((item) => item.label === 'transfer-learning'));
  });

  test('before the index is complete, a hover or definition on an entry the open one names is answered at once, one on an unknown slug waits', async () => {
    const dir = copyExampleWorkspace();
    await generateGlossary(dir, 3_000);
    const client = await LspTestClient.start({ workspaceDir: dir, waitForIndex: false });
    clients.push(client);
    const uri = client.uri('probe-entry');
    const named = { line: lineOf(PROBE, '  - fine-tuning'), character: 6 };
    const unknown = { line: lineOf(PROBE, '  - trans'), character: 6 };
    // Every entry indexed: 'ready', or before it the second pass (body links) of a large glossary.
    const indexed = () => client.indexStatuses.some((status) => status.state === 'ready' || status.phase === 'links');
    void client.openUri(uri, PROBE);
    const [hover, definition, unknownHover] = await Promise.all([
      client.hover(uri, named, 60_000).then((answer) => ({ answer, afterIndex: indexed() })),
      client.definition(uri, named, 60_000).then((answer) => ({ answer: answer as Location | null, afterIndex: indexed() })),
      client.hover(uri, unknown, 60_000).then((answer) => ({ answer, afterIndex: indexed() })),
    ]);
    // The named entry was read ahead of the 3,000 others: its answers did not wait for them.
    assert.equal(hover.afterIndex, false, 'the hover on fine-tuning waited for the whole index');
    assert.match(hoverText(hover.answer), /Fine\\?-Tuning/);
    assert.equal(definition.afterIndex, false, 'the definition of fine-tuning waited for the whole index');
    assert.ok(definition.answer?.uri.endsWith('/fine-tuning.md'), JSON.stringify(definition.answer));
    // "No entry is named trans" could only be said once every entry is read.
    assert.equal(unknownHover.afterIndex, true, 'the hover on an unknown slug was answered before every entry was indexed');
    assert.match(hoverText(unknownHover.answer), /No glossary entry is named `trans`/);
    // The complete index holds every entry once, the one read ahead too.
    await client.waitUntilIndexed();
    const symbols = ((await client.workspaceSymbols('fine-tuning')) ?? []) as SymbolInformation[];
    assert.equal(symbols.filter((symbol) => symbol.location.uri.endsWith('/fine-tuning.md')).length, 1, JSON.stringify(symbols.map((symbol) => symbol.location.uri)));
  });

  test('references asked once every entry is indexed, while body links are still being read, wait for them', async () => {
    const dir = copyExampleWorkspace();
    await generateGlossary(dir, 3_000);
    // Entries that name fine-tuning only in a body link: only the second pass of indexing finds them.
    const linkers = Array.from({ length: 60 }, (_, i) => `linker-${String(i).padStart(2, '0')}`);
    for (const slug of linkers) writeFileSync(join(dir, 'content', 'glossary', `${slug}.md`), `---\ntitle: Linker ${slug}\ndescription: 'Links to fine-tuning in its body only.'\ncategory: Testing\n---\nSee [Fine-Tuning](/glossary/fine-tuning) for the details.\n`);
    const client = await LspTestClient.start({ workspaceDir: dir, waitForIndex: false });
    clients.push(client);
    const uri = client.uri('probe-entry');
    const named = { line: lineOf(PROBE, '  - fine-tuning'), character: 6 };
    const linksRead = () => client.indexStatuses.some((status) => status.state === 'ready');
    // 'fine-tuning' typed whole: few entries match, so the final list is complete.
    const typed = { line: lineOf(PROBE, '  - fine-tuning'), character: '  - fine-tuning'.length };
    const early = client.nextIndexStatus((status) => status.phase === 'links').then(async () => {
      const askedBeforeLinks = !linksRead();
      const [answer, completion] = await Promise.all([client.references(uri, named, false, 60_000), client.completion(uri, typed)]);
      return { answer: answer ?? [], completion, askedBeforeLinks };
    });
    await client.openUri(uri, PROBE);
    const { answer, completion, askedBeforeLinks } = await early;
    assert.ok(askedBeforeLinks, 'the references were asked after the body links were read: nothing was tested');
    assert.equal(completion.isIncomplete, false, JSON.stringify(completion.items.map((item) => item.label)));
    await client.waitUntilIndexed();
    const complete = (await client.references(uri, named)) ?? [];
    const files = (locations: Location[]) => [...new Set(locations.map((location) => location.uri.split('/').pop()))].sort();
    for (const slug of linkers) assert.ok(files(complete).includes(`${slug}.md`), `the complete index misses ${slug}'s link`);
    assert.deepEqual(files(answer), files(complete));
    // Every entry was in: a typed query's list was final already (its order reads no body link).
    const later = await client.completion(uri, typed);
    assert.deepEqual({ isIncomplete: completion.isIncomplete, labels: completion.items.map((item) => item.label) }, { isIncomplete: later.isIncomplete, labels: later.items.map((item) => item.label) });
    // Code lenses refused while waiting (a very large glossary) are asked for again once the index is complete.
    for (let waited = 0; client.codeLensRefreshes === 0 && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(client.codeLensRefreshes, 1);
    // The folder was listed on an analysis worker (listing here is only the fallback).
    assert.ok(!client.logs.some((line) => /on a worker thread failed/.test(line)), client.logs.join('\n'));
  });

  test('a generated glossary of 3,000 entries (indexed on worker threads): right, or explicitly incomplete', async () => {
    const dir = copyExampleWorkspace();
    await generateGlossary(dir, 3_000);
    const client = await LspTestClient.start({ workspaceDir: dir, waitForIndex: false });
    clients.push(client);
    const answers = await askAtOnce(client);
    assertRightOrIncomplete(answers, answers.completion);
  });
});
