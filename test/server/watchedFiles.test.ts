import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol';
import { FileChangeType, LspTestClient, messageOf } from './lspClient';
import { codeDescription } from '../../server/src/core/diagnosticCodes';

const ZERO_SHOT = 'zero-shot-learning';
const mentionsZeroShot = (d: Diagnostic) => d.code === 'unknown-slug' && messageOf(d).includes(`'${ZERO_SHOT}'`);

describe('files created and deleted on disk', () => {
  let client: LspTestClient;
  let foundation: string;
  let original: Diagnostic[];

  before(async () => {
    client = await LspTestClient.start();
    foundation = await client.open('foundation-model');
    original = await client.waitForDiagnostics(foundation);
    assert.equal(original.filter(mentionsZeroShot).length, 1, client.failure('the zero-shot-learning diagnostic is missing to begin with'));
  });
  after(async () => {
    await client?.dispose();
  });

  test('a created entry clears the unknown-slug diagnostic of an open document that names it', async () => {
    const mark = client.mark(foundation);
    const created = client.writeFile(ZERO_SHOT, [
      '---',
      'title: Zero-Shot Learning',
      "description: 'Solving a task the model was never shown examples of, from an instruction or a description of the task alone.'",
      'category: Emerging Terms',
      'related:',
      '- few-shot-learning',
      '---',
      '## What is Zero-Shot Learning?',
      'Zero-shot learning asks a model to perform a task without any examples.',
      '',
    ].join('\n'));
    await client.fileEvents([{ uri: created, type: FileChangeType.Created }]);

    // foundation-model.md is not edited: the server re-checks it because the new slug is one it names.
    // The new entry does not list foundation-model back, so the warning becomes a one-way hint.
    const updated = await client.waitForDiagnostics(foundation, () => true, 3_000, mark);
    const [unknown] = original.filter(mentionsZeroShot);
    assert.deepEqual(updated, original.map((d) => d !== unknown ? d : {
      range: unknown.range,
      severity: DiagnosticSeverity.Hint,
      code: 'one-way-relation',
      source: 'glossary',
      codeDescription: codeDescription('one-way-relation'),
      message: `'${ZERO_SHOT}' does not list 'foundation-model' in its related entries, so readers of '${ZERO_SHOT}' will not find this one.`,
      data: { target: ZERO_SHOT },
    }));
    assert.deepEqual(updated.filter((d) => d.code === 'unknown-slug').map((d) => messageOf(d)), ["No glossary entry is named 'model-architecture'."]);
    assert.deepEqual(client.indexStatuses.at(-1), { state: 'ready', entries: 22 });
    // Only open documents get diagnostics: the new file is not open.
    assert.equal(client.published.has(created), false);
  });

  test('the hover of the slug now shows the new entry', async () => {
    const text = client.readText('foundation-model');
    const line = text.split('\n').indexOf(`- ${ZERO_SHOT}`);
    const hover = await client.hover(foundation, { line, character: 4 });
    assert.ok(hover && typeof hover.contents === 'object' && 'value' in hover.contents);
    assert.ok(hover.contents.value.startsWith('**Zero\\-Shot Learning** · *Emerging Terms*'), hover.contents.value);
  });

  test('deleting it brings the diagnostic back', async () => {
    const mark = client.mark(foundation);
    const deleted = client.deleteFile(ZERO_SHOT);
    await client.fileEvents([{ uri: deleted, type: FileChangeType.Deleted }]);
    const updated = await client.waitForDiagnostics(foundation, () => true, 3_000, mark);
    assert.deepEqual(updated, original);
    assert.deepEqual(client.indexStatuses.at(-1), { state: 'ready', entries: 21 });
  });

  test('a Changed event re-reads the entry: a new title reaches the hover of an entry naming it', async () => {
    const fewShot = client.readText('few-shot-learning');
    const changed = client.writeFile('few-shot-learning', fewShot.replace('title: Few-Shot Learning', 'title: Few-Shot Prompting'));
    assert.deepEqual(await client.fileEvents([{ uri: changed, type: FileChangeType.Changed }]), { state: 'ready', entries: 21 });

    const text = client.readText('in-context-learning');
    const uri = await client.open('in-context-learning');
    const hover = await client.hover(uri, { line: text.split('\n').indexOf('- few-shot-learning'), character: 4 });
    assert.ok(hover && typeof hover.contents === 'object' && 'value' in hover.contents);
    assert.ok(hover.contents.value.startsWith('**Few\\-Shot Prompting** · *Emerging Terms*'), hover.contents.value);
  });

  test('events for an open document are ignored: the editor text wins over the disk', async () => {
    const mark = client.mark(foundation);
    const openText = client.readText('foundation-model');
    const fixed = client.writeFile('foundation-model', openText.replace('- model-architecture\n', ''));
    await client.fileEvents([{ uri: fixed, type: FileChangeType.Changed }]);
    // A request round trip: any diagnostics the event caused would have been published before its answer.
    const hover = await client.hover(foundation, { line: openText.split('\n').indexOf('- model-architecture'), character: 4 });
    assert.ok(hover && typeof hover.contents === 'object' && 'value' in hover.contents);
    assert.ok(hover.contents.value.startsWith('No glossary entry is named `model-architecture`.'), 'the open text still has the item');
    assert.equal(client.mark(foundation), mark, 'no new diagnostics for the open document');
    assert.deepEqual(client.latestDiagnostics(foundation), original);
  });
});
