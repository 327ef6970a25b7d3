/**
 * The whole-glossary check through the real server: `glossary/checkWholeGlossary` publishes the
 * findings of entries that are not open (errors and warnings by default), keeps them fresh as
 * files change on disk, and leaves open entries to the editor's own publishing.
 *
 *   npm run build && node --import tsx --test test/server/wholeGlossary.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import type { CheckWholeGlossaryResult } from '../../server/src/protocol';
import { codes, FileChangeType, LspTestClient, messageOf } from './lspClient';

describe('the whole-glossary check', () => {
  let client: LspTestClient;
  let result: CheckWholeGlossaryResult;
  before(async () => {
    client = await LspTestClient.start();
    result = await client.request<CheckWholeGlossaryResult>('glossary/checkWholeGlossary', {}, 30_000);
  });
  after(async () => {
    await client?.dispose();
  });

  test('answers how many entries it checked, with how many findings', () => {
    assert.equal(result.entries, 21);
    assert.equal(result.cancelled, false);
    assert.ok(result.findings >= 10, JSON.stringify(result));
  });

  test('entries that are not open get their findings: errors and warnings, not hints', async () => {
    const tokenization = await client.waitForDiagnostics(client.uri('tokenization'), (d) => d.length > 0);
    assert.deepEqual([...new Set(codes(tokenization))].sort(), ['tool-call-debris', 'unknown-key', 'unknown-slug']);
    // rlhf.md has only a one-way relation (a hint): nothing is published for it.
    assert.equal(client.published.get(client.uri('rlhf')), undefined);
    for (const diagnostic of tokenization) assert.ok((diagnostic.severity ?? 1) <= DiagnosticSeverity.Warning);
  });

  test('a file changed on disk is checked again', async () => {
    const uri = client.uri('tokenization');
    const text = client.readText('tokenization');
    client.writeFile('tokenization', text.replace('tags:', 'title2:'));
    await client.fileEvents([{ uri, type: FileChangeType.Changed }]);
    const after = await client.waitForDiagnostics(uri, (d) => d.some((x) => messageOf(x).includes("'title2'")), 10_000);
    assert.ok(!after.some((d) => messageOf(d).includes("'tags'")));
  });

  test('a deleted entry loses its findings', async () => {
    const uri = client.deleteFile('tokenization');
    await client.fileEvents([{ uri, type: FileChangeType.Deleted }]);
    await client.waitForDiagnostics(uri, (d) => d.length === 0, 10_000);
  });

  test('an entry opened and closed: the editor publishes while open, the disk findings come back after', async () => {
    const uri = await client.open('gradient-descent');
    const open = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'description-length'));
    assert.ok(open.some((d) => d.code === 'description-length'), 'an open entry shows everything, information included');
    await client.close(uri);
    const closed = await client.waitForDiagnostics(uri, (d) => d.length > 0 && !d.some((x) => x.code === 'description-length'), 10_000);
    assert.ok(closed.some((d) => d.code === 'self-related'));
  });
});

describe('the whole-glossary check at glossary.wholeGlossary.minimumSeverity hint', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ settings: { wholeGlossary: { minimumSeverity: 'hint' } } });
    await client.request<CheckWholeGlossaryResult>('glossary/checkWholeGlossary', {}, 30_000);
  });
  after(async () => {
    await client?.dispose();
  });

  test('hints are looked for and published too: a one-way relation, unlinked mentions', async () => {
    const rlhf = await client.waitForDiagnostics(client.uri('rlhf'), (d) => d.length > 0);
    assert.ok(rlhf.some((d) => d.code === 'one-way-relation' && d.severity === DiagnosticSeverity.Hint), JSON.stringify(codes(rlhf)));
    const everywhere = [...client.published.values()].flatMap((publishes) => publishes[publishes.length - 1] ?? []);
    assert.ok(everywhere.some((d) => d.code === 'unlinked-mention'), 'some entry names another without linking it');
    assert.ok(everywhere.some((d) => d.code === 'description-length' && d.severity === DiagnosticSeverity.Information));
  });
});
