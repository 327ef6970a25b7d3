import assert from 'node:assert/strict';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DiagnosticSeverity, ErrorCodes, MessageType, ResponseError, type Range, type TextDocumentEdit, type WorkspaceEdit } from 'vscode-languageserver-protocol';
import { diffSnapshots, editsFor, FileChangeType, lineOf, LspTestClient, rangeOf, snapshotFiles } from './lspClient';

const DESCRIPTION = "description: 'A description long enough to satisfy the minimum length of fifty chars.'";
const NOT_RENAMABLE = 'Rename an entry from its title line, from a related item or from a body link that names it.';
const invalidSlug = (slug: string) => `'${slug}' is not a valid slug: it must match ^[a-z0-9]+(?:-[a-z0-9]+)*$ (lower-case letters, digits and single hyphens by default).`;

/** Asserts that a request was refused with a ResponseError carrying exactly `message`. */
async function assertRefused(request: Promise<unknown>, message: string): Promise<void> {
  await assert.rejects(request, (error: unknown) => {
    assert.ok(error instanceof ResponseError, `expected a ResponseError, got ${String(error)}`);
    assert.equal(error.code, ErrorCodes.InvalidRequest);
    assert.equal(error.message, message);
    return true;
  });
}

/** The range of the slug `target` inside the first body link to it on `line`. */
function linkSlugRange(text: string, line: number, target: string): Range {
  const at = text.split(/\r?\n/)[line].indexOf(`(/glossary/${target}`) + '(/glossary/'.length;
  assert.ok(at >= '(/glossary/'.length, `no link to ${target} on line ${line}`);
  return { start: { line, character: at }, end: { line, character: at + target.length } };
}

describe('rename on the example glossary', () => {
  let client: LspTestClient;
  let original: Map<string, Buffer>;
  let fineTuning: string;
  let fineTuningText: string;

  before(async () => {
    client = await LspTestClient.start();
    original = snapshotFiles(client.workspaceDir);
    fineTuningText = client.readText('fine-tuning');
    fineTuning = await client.open('fine-tuning');
    await client.waitForDiagnostics(fineTuning);
  });
  after(async () => {
    await client?.dispose();
  });

  /**
   * The rename of the transfer-learning entry, now named `from`, to `to`, as the server must send
   * it: the related items of six entries and the body link of fine-tuning.md (open, so versioned),
   * then the file.
   */
  function expectedTransferLearningEdit(from: string, to: string): WorkspaceEdit {
    const related = (slug: string): TextDocumentEdit => {
      const text = client.readText(slug);
      const uri = client.uri(slug);
      return { textDocument: { uri, version: client.version(uri) ?? null }, edits: [{ range: rangeOf(text, lineOf(text, `- ${from}`), from), newText: to }] };
    };
    const fineTuningEdit = related('fine-tuning');
    const text = client.readText('fine-tuning');
    fineTuningEdit.edits.push({ range: linkSlugRange(text, lineOf(text, `(/glossary/${from})`, { exact: false }), from), newText: to });
    return {
      documentChanges: [
        related('deep-learning'),
        related('few-shot-learning'),
        fineTuningEdit,
        related('foundation-model'),
        related('machine-learning'),
        related('pre-training'),
        { kind: 'rename', oldUri: client.uri(from), newUri: client.uri(to), options: { overwrite: false, ignoreIfExists: false } },
      ],
    };
  }

  test('prepareRename on a related item, a body link or the title line: the range of the name and the slug as placeholder', async () => {
    const relatedLine = lineOf(fineTuningText, '- transfer-learning');
    assert.deepEqual(await client.prepareRename(fineTuning, { line: relatedLine, character: 2 }), { range: rangeOf(fineTuningText, relatedLine, 'transfer-learning'), placeholder: 'transfer-learning' });
    const linkLine = lineOf(fineTuningText, '(/glossary/transfer-learning)', { exact: false });
    const slugRange = linkSlugRange(fineTuningText, linkLine, 'transfer-learning');
    for (const character of [slugRange.start.character - 5, slugRange.start.character + 3]) {
      assert.deepEqual(await client.prepareRename(fineTuning, { line: linkLine, character }), { range: slugRange, placeholder: 'transfer-learning' });
    }
    // On the title line, the title stands for the entry itself.
    const titleLine = lineOf(fineTuningText, 'title: Fine-Tuning');
    for (const character of [0, 3, 9, 18]) {
      assert.deepEqual(await client.prepareRename(fineTuning, { line: titleLine, character }), { range: rangeOf(fineTuningText, titleLine, 'Fine-Tuning'), placeholder: 'fine-tuning' });
    }
  });

  test('prepareRename refuses, with the reason, what cannot be renamed', async () => {
    const at = (needle: string, character: number) => ({ line: lineOf(fineTuningText, needle, { exact: false }), character });
    for (const position of [at('description:', 20), at('logoIcon:', 3), at('related:', 2), at('## What is Fine-Tuning?', 5), at('Fine-tuning is the continued training', 10), at('```mermaid', 3)]) {
      await assertRefused(client.prepareRename(fineTuning, position), NOT_RENAMABLE);
    }
    const tokenizationText = client.readText('tokenization');
    const tokenization = await client.open('tokenization');
    await assertRefused(client.prepareRename(tokenization, { line: lineOf(tokenizationText, '- embedding'), character: 4 }), "No glossary entry is named 'embedding', so there is nothing to rename.");
    await client.close(tokenization);
    const uri = await client.open('content/glossary/dangling-link.md', ['---', 'title: Dangling Link', DESCRIPTION, 'category: Core Concepts', '---', 'See [X](/glossary/no-such-term).', ''].join('\n'));
    await assertRefused(client.prepareRename(uri, { line: 5, character: 22 }), "No glossary entry is named 'no-such-term', so there is nothing to rename.");
    await assertRefused(client.rename(uri, { line: 5, character: 22 }, 'some-term'), "No glossary entry is named 'no-such-term', so there is nothing to rename.");
    await client.close(uri);
  });

  test('rename refuses an existing slug and invalid slugs, and changes nothing for the same slug', async () => {
    const position = { line: lineOf(fineTuningText, '- transfer-learning'), character: 4 };
    await assertRefused(client.rename(fineTuning, position, 'transformer'), "An entry named 'transformer' already exists.");
    await assertRefused(client.rename(fineTuning, position, 'fine-tuning'), "An entry named 'fine-tuning' already exists.");
    for (const bad of ['Transfer Learning', 'Transfer-Learning', 'transfer_learning', 'transfer--learning', '-transfer', 'transfer-', 'sub/transfer', '../transfer', 'transfer.md', 'tränsfer', '']) {
      await assertRefused(client.rename(fineTuning, position, bad), invalidSlug(bad));
    }
    await assertRefused(client.rename(fineTuning, { line: lineOf(fineTuningText, '## What is Fine-Tuning?'), character: 4 }, 'anything'), NOT_RENAMABLE);
    assert.deepEqual(await client.rename(fineTuning, position, 'transfer-learning'), { documentChanges: [] });
  });

  test('renaming a slug on a related item, on a body link or on the title line gives one WorkspaceEdit: every reference, then the file', async () => {
    const expected = expectedTransferLearningEdit('transfer-learning', 'knowledge-transfer');
    const relatedLine = lineOf(fineTuningText, '- transfer-learning');
    assert.deepEqual(await client.rename(fineTuning, { line: relatedLine, character: 7 }, 'knowledge-transfer'), expected);
    // The new name is trimmed, as an editor's input box may leave spaces.
    assert.deepEqual(await client.rename(fineTuning, { line: relatedLine, character: 7 }, '  knowledge-transfer '), expected);
    const linkLine = lineOf(fineTuningText, '(/glossary/transfer-learning)', { exact: false });
    assert.deepEqual(await client.rename(fineTuning, linkSlugRange(fineTuningText, linkLine, 'transfer-learning').start, 'knowledge-transfer'), expected);
    const transferText = client.readText('transfer-learning');
    const transfer = await client.open('transfer-learning');
    assert.deepEqual(await client.rename(transfer, { line: lineOf(transferText, 'title: Transfer Learning'), character: 12 }, 'knowledge-transfer'), expected);
  });

  test('applying it renames the file and rewrites exactly the names; the server follows', async () => {
    const before = new Map(['deep-learning', 'few-shot-learning', 'fine-tuning', 'foundation-model', 'machine-learning', 'pre-training', 'transfer-learning'].map((slug) => [slug, client.readText(slug)]));
    const transfer = client.uri('transfer-learning');
    assert.ok(client.openTexts.has(transfer), 'transfer-learning.md is open (the test above opened it)');
    const edit = await client.rename(transfer, { line: 1, character: 3 }, 'knowledge-transfer');
    const mark = client.mark(fineTuning);
    const applied = await client.applyWorkspaceEdit(edit!);
    assert.deepEqual(applied.renamed, [{ from: 'content/glossary/transfer-learning.md', to: 'content/glossary/knowledge-transfer.md' }]);
    assert.deepEqual(applied.edited, ['deep-learning', 'few-shot-learning', 'fine-tuning', 'foundation-model', 'machine-learning', 'pre-training'].map((slug) => `content/glossary/${slug}.md`));

    for (const [slug, text] of before) {
      if (slug === 'transfer-learning') continue;
      const renamed = text.replace('\n- transfer-learning\n', '\n- knowledge-transfer\n').replace('(/glossary/transfer-learning)', '(/glossary/knowledge-transfer)');
      assert.notEqual(renamed, text, slug);
      assert.equal(client.readText(slug), renamed, slug);
    }
    assert.equal(existsSync(client.path('transfer-learning')), false);
    assert.equal(client.readText('knowledge-transfer'), before.get('transfer-learning'));
    // The editor moved the open document along with its file.
    const moved = client.uri('knowledge-transfer');
    assert.equal(client.openTexts.has(transfer), false);
    assert.equal(client.openTexts.get(moved), before.get('transfer-learning'));

    // fine-tuning.md (open, edited through didChange) ends with no diagnostics: the new slug names an entry.
    // (Between its didChange and the file events, it may briefly name an entry that does not exist yet.)
    await client.waitForDiagnostics(fineTuning, (d) => d.length === 0, 3_000, mark);
    const relatedLine = lineOf(client.readText('fine-tuning'), '- knowledge-transfer');
    assert.deepEqual(await client.definition(fineTuning, { line: relatedLine, character: 4 }), { uri: moved, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
    const references = await client.references(moved, { line: 20, character: 0 });
    assert.deepEqual(references!.map((r) => [r.uri.slice(r.uri.lastIndexOf('/') + 1), r.range.end.character - r.range.start.character]), [
      ['deep-learning.md', 18], ['few-shot-learning.md', 18], ['fine-tuning.md', 18], ['fine-tuning.md', 18], ['foundation-model.md', 18], ['machine-learning.md', 18], ['pre-training.md', 18],
    ]);
    assert.deepEqual(await client.waitForDiagnostics(moved), []);
    await assertRefused(client.rename(fineTuning, { line: relatedLine, character: 4 }, 'fine-tuning'), "An entry named 'fine-tuning' already exists.");
  });

  test('renaming back from a body link restores every file byte for byte', async () => {
    const text = client.readText('fine-tuning');
    const linkLine = lineOf(text, '(/glossary/knowledge-transfer)', { exact: false });
    const edit = await client.rename(fineTuning, linkSlugRange(text, linkLine, 'knowledge-transfer').start, 'transfer-learning');
    // The first rename the other way round (fine-tuning.md is at version 2 now).
    assert.equal(client.version(fineTuning), 2);
    assert.deepEqual(edit, expectedTransferLearningEdit('knowledge-transfer', 'transfer-learning'));
    const mark = client.mark(fineTuning);
    await client.applyWorkspaceEdit(edit!);
    assert.deepEqual(diffSnapshots(original, snapshotFiles(client.workspaceDir)), []);
    for (const [uri, text] of client.openTexts) assert.equal(text, readFileSync(new URL(uri), 'utf8'), uri);
    await client.waitForDiagnostics(fineTuning, (d) => d.length === 0, 3_000, mark);
  });

  test('an open referrer with unsaved edits: its edit carries its version and the shifted ranges', async () => {
    const hallucinationText = client.readText('hallucination');
    const hallucination = await client.open('hallucination');
    const rlhfText = client.readText('rlhf');
    const rlhf = await client.open('rlhf');
    // Unsaved: two new lines at the top of the body, one of them a link to rlhf.
    const bodyStart = lineOf(hallucinationText, '---', { from: 1 }) + 1;
    await client.insert(hallucination, { line: bodyStart, character: 0 }, 'Draft note.\nSee [RLHF](/glossary/rlhf).\n');
    const edit = await client.rename(rlhf, { line: lineOf(rlhfText, 'title: Reinforcement Learning from Human Feedback'), character: 2 }, 'rlhf-alignment');
    const relatedLine = lineOf(hallucinationText, '- rlhf');
    assert.equal(client.version(fineTuning), 3);
    assert.deepEqual(edit, {
      documentChanges: [
        { textDocument: { uri: fineTuning, version: 3 }, edits: [{ range: rangeOf(fineTuningText, lineOf(fineTuningText, '- rlhf'), 'rlhf'), newText: 'rlhf-alignment' }] },
        { textDocument: { uri: hallucination, version: 2 }, edits: [
          { range: rangeOf(hallucinationText, relatedLine, 'rlhf'), newText: 'rlhf-alignment' },
          { range: { start: { line: bodyStart + 1, character: 21 }, end: { line: bodyStart + 1, character: 25 } }, newText: 'rlhf-alignment' },
        ] },
        { kind: 'rename', oldUri: rlhf, newUri: client.uri('rlhf-alignment'), options: { overwrite: false, ignoreIfExists: false } },
      ],
    });
    const mark = client.mark(hallucination);
    await client.applyWorkspaceEdit(edit!);
    const lines = hallucinationText.split('\n');
    lines[relatedLine] = '- rlhf-alignment';
    lines.splice(bodyStart, 0, 'Draft note.', 'See [RLHF](/glossary/rlhf-alignment).');
    assert.equal(client.openTexts.get(hallucination), lines.join('\n'));
    assert.equal(client.readText('hallucination'), lines.join('\n'), 'the editor saved the edited document');
    await client.waitForDiagnostics(hallucination, (d) => d.length === 0, 3_000, mark);

    // Drop the draft lines, rename back from the renamed entry's title, and every file is as it was.
    await client.replace(hallucination, { start: { line: bodyStart, character: 0 }, end: { line: bodyStart + 2, character: 0 } }, '');
    const renamed = client.uri('rlhf-alignment');
    const back = await client.rename(renamed, { line: 1, character: 10 }, 'rlhf');
    await client.applyWorkspaceEdit(back!);
    assert.deepEqual(diffSnapshots(original, snapshotFiles(client.workspaceDir)), []);
    await client.close(hallucination);
    await client.close(client.uri('rlhf'));
  });

  test('the server logged no failure', () => {
    assert.ok(client.alive, client.failure('the server exited'));
    assert.ok(!client.logs.some((line) => /failed|Uncaught|Unhandled/.test(line)), client.failure('the server logged a failure'));
    assert.deepEqual(client.unexpectedRequests, []);
  });
});

/**
 * Entries that name the entry `t` in every spelling the server accepts, in awkward files, next
 * to look-alikes that must stay as they are (`transformers`, `transformer-xl`, code, other sites).
 */
function edgeFiles(t: string): Record<string, string> {
  return {
    'quoted-items': `---\ntitle: Quoted Items\n${DESCRIPTION}\ncategory: Core Concepts\nrelated:\n- '${t}'\n- "rlhf"\n- /glossary/${t}/\n---\nBody.\n`,
    'flow-items': `---\ntitle: Flow Items\n${DESCRIPTION}\ncategory: Core Concepts\nrelated: [rlhf, ${t}, '${t}.md']\n---\nBody.\n`,
    'tagged-items': `---\ntitle: Tagged Items\n${DESCRIPTION}\ncategory: Core Concepts\nrelated:\n  - &t ${t} # the architecture\n  - !!str rlhf\n---\nBody.\n`,
    'body-forms': `---\ntitle: Body Forms\n${DESCRIPTION}\ncategory: Core Concepts\n---\n`
      + `A [a](./${t}.md) [b](${t}.md#x) [c](/glossary/${t}#history) [d](</glossary/${t}>) [e](/glossary/${t} "T") [f](/glossary/${t}?x=1).\n`
      + 'Keep: `[g](/glossary/transformer)` [h](/glossary/transformers) [i](/glossary/transformer-xl) [j](https://x.org/glossary/transformer) [k](/blog/transformer)\n'
      + '```\n[l](/glossary/transformer)\n```\n'
      + `- 🙂 [m](/glossary/${t}) and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 [n](/glossary/${t})\n`
      + `| [o](/glossary/${t}) | [p](/glossary/${t}) |\n`
      + `No newline at the end: [q](/glossary/${t})`,
    'crlf-entry': `---\r\ntitle: CRLF Entry\r\n${DESCRIPTION}\r\ncategory: Core Concepts\r\nrelated:\r\n- ${t}\r\n---\r\nSee [T](/glossary/${t}).\r\n`,
    'bom-entry': `\uFEFF[T](/glossary/${t}) on the first line of a file with a byte-order mark and no frontmatter.\n`,
  };
}
const EDGE_FILES = edgeFiles('transformer');

describe('a rename round trip keeps every byte: all reference spellings, CRLF, a byte-order mark, non-BMP characters', () => {
  let client: LspTestClient;
  let original: Map<string, Buffer>;

  before(async () => {
    client = await LspTestClient.start({
      prepare: (dir) => {
        for (const [name, text] of Object.entries(EDGE_FILES)) writeFileSync(join(dir, 'content', 'glossary', `${name}.md`), text);
      },
    });
    original = snapshotFiles(client.workspaceDir);
  });
  after(async () => {
    await client?.dispose();
  });

  test('the edge files are entries whose references the server sees', () => {
    assert.deepEqual(client.indexStatuses.at(-1), { state: 'ready', entries: 21 + Object.keys(EDGE_FILES).length });
  });

  test('transformer → transformer-architecture rewrites exactly the names, in every spelling; renaming back restores every byte', async () => {
    const text = client.readText('transformer');
    const uri = await client.open('transformer');
    const edit = await client.rename(uri, { line: lineOf(text, 'title: Transformer'), character: 8 }, 'transformer-architecture');
    // Each edit replaces exactly the old slug.
    for (const change of edit!.documentChanges!) {
      if ('kind' in change) continue;
      const target = readFileSync(new URL(change.textDocument.uri), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
      for (const e of change.edits) {
        assert.equal(e.range.start.line, e.range.end.line);
        assert.equal(target[e.range.start.line].slice(e.range.start.character, e.range.end.character), 'transformer', `${change.textDocument.uri} ${JSON.stringify(e.range)}`);
      }
    }
    assert.deepEqual(editsFor(edit, client.uri('body-forms')).length, 11);
    await client.applyWorkspaceEdit(edit!);
    const renamedFiles = edgeFiles('transformer-architecture');
    for (const name of Object.keys(EDGE_FILES)) {
      assert.equal(readFileSync(client.path(name), 'utf8'), renamedFiles[name], name);
    }
    assert.equal(readFileSync(client.path('bom-entry')).subarray(0, 3).toString('hex'), 'efbbbf', 'the byte-order mark is kept');

    const renamed = client.uri('transformer-architecture');
    const back = await client.rename(renamed, { line: 1, character: 8 }, 'transformer');
    await client.applyWorkspaceEdit(back!);
    assert.deepEqual(diffSnapshots(original, snapshotFiles(client.workspaceDir)), []);
  });
});

describe('rename of a related item written as a YAML block scalar', () => {
  let client: LspTestClient;
  const blockItem = `---\ntitle: Block Item\n${DESCRIPTION}\ncategory: Core Concepts\nrelated:\n- >-\n  rlhf\n- transformer\n---\nBody.\n`;

  before(async () => {
    client = await LspTestClient.start({ prepare: (dir) => writeFileSync(join(dir, 'content', 'glossary', 'block-item.md'), blockItem) });
  });
  after(async () => {
    await client?.dispose();
  });

  test('renames just the slug inside the scalar and keeps the next item', async () => {
    const text = client.readText('rlhf');
    const uri = await client.open('rlhf');
    const edit = await client.rename(uri, { line: lineOf(text, 'title: Reinforcement Learning from Human Feedback'), character: 3 }, 'rlhf-alignment');
    await client.applyWorkspaceEdit(edit!);
    assert.equal(client.readText('block-item'), blockItem.replace('  rlhf\n', '  rlhf-alignment\n'));
  });
});

describe('renaming or moving an entry file (workspace/willRenameFiles)', () => {
  let client: LspTestClient;
  let original: Map<string, Buffer>;
  const update = 'Update';

  before(async () => {
    client = await LspTestClient.start();
    original = snapshotFiles(client.workspaceDir);
  });
  after(async () => {
    await client?.dispose();
  });

  /** The edits that rename the references to rlhf (in fine-tuning.md and hallucination.md) to `to`. */
  function rlhfReferenceEdits(to: string, from = 'rlhf'): WorkspaceEdit {
    const edit = (slug: string): TextDocumentEdit => {
      const text = client.readText(slug);
      return { textDocument: { uri: client.uri(slug), version: client.version(client.uri(slug)) ?? null }, edits: [{ range: rangeOf(text, lineOf(text, `- ${from}`), from), newText: to }] };
    };
    return { documentChanges: [edit('fine-tuning'), edit('hallucination')] };
  }

  /**
   * Pushes settings (the client does not pull them) and waits until the server has applied them.
   * The settings carry a severity for description-length, which the open gradient-descent.md
   * reports: its diagnostic at that severity shows that the server uses the new settings.
   */
  async function configure(updateLinksOnRename: string, marker: 'hint' | 'warning'): Promise<void> {
    const probe = client.uri('gradient-descent');
    if (!client.openTexts.has(probe)) await client.open('gradient-descent');
    await client.changeConfiguration({ glossary: { updateLinksOnRename, severity: { 'description-length': marker } } });
    const severity = marker === 'hint' ? DiagnosticSeverity.Hint : DiagnosticSeverity.Warning;
    await client.waitForDiagnostics(probe, (d) => d.some((x) => x.code === 'description-length' && x.severity === severity), 3_000);
  }

  /** Does what the editor does after willRenameFiles: applies the edit, moves the file, reports both to the server. */
  async function moveFile(from: string, to: string, edit: WorkspaceEdit | null): Promise<void> {
    if (edit) await client.applyWorkspaceEdit(edit);
    renameSync(client.path(from), client.path(to));
    await client.fileEvents([{ uri: client.uri(from), type: FileChangeType.Deleted }, { uri: client.uri(to), type: FileChangeType.Created }]);
  }

  test("prompt (the default): the server asks with window/showMessageRequest; 'Update' gets the edits", async () => {
    client.answerMessageRequest = (params) => params.actions?.find((action) => action.title === update) ?? null;
    const files = [{ oldUri: client.uri('rlhf'), newUri: client.uri('reinforcement-learning') }];
    assert.deepEqual(await client.willRenameFiles(files), rlhfReferenceEdits('reinforcement-learning'));
    assert.deepEqual(client.messageRequests.map((r) => [r.params, r.answer]), [[
      { type: MessageType.Info, message: "Update 2 references to renamed 'rlhf' to 'reinforcement-learning'?", actions: [{ title: 'Update' }, { title: 'Skip' }] },
      { title: 'Update' },
    ]]);
  });

  test("prompt: 'Skip' or a dismissed prompt gets no edits", async () => {
    const files = [{ oldUri: client.uri('rlhf'), newUri: client.uri('reinforcement-learning') }];
    client.answerMessageRequest = (params) => params.actions?.find((action) => action.title === 'Skip') ?? null;
    assert.equal(await client.willRenameFiles(files), null);
    client.answerMessageRequest = () => null;
    assert.equal(await client.willRenameFiles(files), null);
    assert.deepEqual(client.messageRequests.slice(1).map((r) => r.answer), [{ title: 'Skip' }, null]);
  });

  test('moving into a sub-folder under a new name, and several files at once, ask once with the total', async () => {
    client.answerMessageRequest = (params) => params.actions?.find((action) => action.title === update) ?? null;
    const seen = client.messageRequests.length;
    const moved = await client.willRenameFiles([{ oldUri: client.uri('rlhf'), newUri: client.uri('content/glossary/alignment/human-feedback.md') }]);
    assert.deepEqual(moved, rlhfReferenceEdits('human-feedback'));
    const both = await client.willRenameFiles([
      { oldUri: client.uri('rlhf'), newUri: client.uri('human-feedback') },
      { oldUri: client.uri('overfitting'), newUri: client.uri('over-fitting') },
    ]);
    // overfitting is named by fine-tuning and machine-learning.
    const overfitting = (slug: string): TextDocumentEdit => {
      const text = client.readText(slug);
      return { textDocument: { uri: client.uri(slug), version: null }, edits: [{ range: rangeOf(text, lineOf(text, '- overfitting'), 'overfitting'), newText: 'over-fitting' }] };
    };
    assert.deepEqual(both, { documentChanges: [...rlhfReferenceEdits('human-feedback').documentChanges!, overfitting('fine-tuning'), overfitting('machine-learning')] });
    assert.deepEqual(client.messageRequests.slice(seen).map((r) => r.params.message), [
      "Update 2 references to renamed 'rlhf' to 'human-feedback'?",
      'Update 4 references to renamed 2 entries?',
    ]);
  });

  test('no edits and no prompt: same name in another folder, out of the glossary, onto an existing slug, nothing names it, not an entry', async () => {
    const seen = client.messageRequests.length;
    const orphan = client.writeFile('orphan-entry', ['---', 'title: Orphan Entry', DESCRIPTION, 'category: Core Concepts', '---', 'Nobody names it.', ''].join('\n'));
    await client.fileEvents([{ uri: orphan, type: FileChangeType.Created }]);
    const cases = [
      { oldUri: client.uri('rlhf'), newUri: client.uri('content/glossary/alignment/rlhf.md') },
      { oldUri: client.uri('rlhf'), newUri: client.uri('content/rlhf.md') },
      { oldUri: client.uri('rlhf'), newUri: client.uri('docs/rlhf.md') },
      { oldUri: client.uri('rlhf'), newUri: client.uri('transformer') },
      { oldUri: orphan, newUri: client.uri('lonely-entry') },
      { oldUri: client.uri('./README.md'), newUri: client.uri('content/glossary/readme.md') },
    ];
    for (const files of cases) assert.equal(await client.willRenameFiles([files]), null, JSON.stringify(files));
    assert.equal(client.messageRequests.length, seen);
    client.deleteFile('orphan-entry');
    await client.fileEvents([{ uri: orphan, type: FileChangeType.Deleted }]);
  });

  test("'always': the edits without a prompt; applying them and moving the file leaves no broken reference", async () => {
    await configure('always', 'hint');
    const seen = client.messageRequests.length;
    const fineTuning = await client.open('fine-tuning');
    assert.deepEqual(await client.waitForDiagnostics(fineTuning), []);
    const edit = await client.willRenameFiles([{ oldUri: client.uri('rlhf'), newUri: client.uri('reinforcement-learning') }]);
    assert.deepEqual(edit, rlhfReferenceEdits('reinforcement-learning'));
    assert.equal(client.messageRequests.length, seen);
    const mark = client.mark(fineTuning);
    await moveFile('rlhf', 'reinforcement-learning', edit);
    assert.equal(client.readText('fine-tuning').includes('\n- reinforcement-learning\n'), true);
    // The edit comes before the move, so fine-tuning.md names a missing entry for a moment; then nothing is wrong.
    await client.waitForDiagnostics(fineTuning, (d) => d.length === 0, 3_000, mark);
    const hallucination = await client.open('hallucination');
    assert.deepEqual(await client.waitForDiagnostics(hallucination), []);
    const renamed = await client.open('reinforcement-learning');
    // Its one-way hint moved with it: large-language-models still does not list it.
    assert.deepEqual((await client.waitForDiagnostics(renamed)).map((d) => [d.code, d.data]), [['one-way-relation', { target: 'large-language-models' }]]);
    await client.close(renamed);

    const back = await client.willRenameFiles([{ oldUri: client.uri('reinforcement-learning'), newUri: client.uri('rlhf') }]);
    assert.deepEqual(back, rlhfReferenceEdits('rlhf', 'reinforcement-learning'));
    await moveFile('reinforcement-learning', 'rlhf', back);
    assert.deepEqual(diffSnapshots(original, snapshotFiles(client.workspaceDir)), []);
    await client.close(hallucination);
  });

  test("'never': no edits and no prompt", async () => {
    await configure('never', 'warning');
    const seen = client.messageRequests.length;
    assert.equal(await client.willRenameFiles([{ oldUri: client.uri('rlhf'), newUri: client.uri('reinforcement-learning') }]), null);
    assert.equal(client.messageRequests.length, seen);
    assert.deepEqual(client.unexpectedRequests, []);
  });
});
