/**
 * Glossaries as units, through the real server over stdio: a multilingual site (a copy of
 * examples/multilingual-site) whose language folders are separate glossaries, and multi-root
 * workspaces whose folders each read their own glossary.config.json and come and go.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { CompletionList, Hover, Location, MarkupContent } from 'vscode-languageserver-protocol';
import { copyExample, tempDir } from '../cli/support';
import { FileChangeType, lineOf, LspTestClient, messageOf } from './lspClient';
import type { GlossaryStats } from '../../server/src/core/features/stats';

const EN = 'content/en/glossary';
const FR = 'content/fr/glossary';

/** A fresh directory holding copies of the named examples, each in a folder of its own name. */
function copyExamples(...names: string[]): string {
  const dir = tempDir('glossary-units-');
  for (const name of names) copyExample(name, { into: dir, as: name });
  return dir;
}

/** The position just inside `needle` on the line of the file that holds it. */
function inside(text: string, needle: string) {
  const line = lineOf(text, needle, { exact: false });
  return { line, character: text.split('\n')[line].indexOf(needle) + 2 };
}

describe('a multilingual site: each language folder is a glossary of its own', () => {
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start({ workspaceDir: copyExample('multilingual-site') });
  });
  after(async () => {
    await client?.dispose();
  });

  test('slugs resolve inside their language: an English slug listed in French is unknown there, and nothing is wrong in English', async () => {
    const fr = await client.open(`${FR}/fine-tuning.md`);
    const diagnostics = await client.waitForDiagnostics(fr);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line, messageOf(d)]), [['unknown-slug', 7, "No glossary entry is named 'transfer-learning'."]]);
    for (const file of ['fine-tuning', 'transfer-learning']) {
      const en = await client.open(`${EN}/${file}.md`);
      assert.deepEqual(await client.waitForDiagnostics(en), [], file);
    }
  });

  test('definition of a slug goes to the entry of the same language', async () => {
    const uri = await client.open(`${FR}/apprentissage-par-transfert.md`);
    const text = client.readText(`${FR}/apprentissage-par-transfert.md`);
    const target = (await client.definition(uri, inside(text, '- fine-tuning'))) as Location;
    assert.equal(target.uri, client.uri(`${FR}/fine-tuning.md`));
  });

  test('hover names the same term in the other languages, linking their entries', async () => {
    const uri = client.uri(`${FR}/apprentissage-par-transfert.md`);
    const text = client.readText(`${FR}/apprentissage-par-transfert.md`);
    const hover = (await client.hover(uri, inside(text, '- fine-tuning'))) as Hover;
    const value = (hover.contents as MarkupContent).value;
    assert.match(value, /Affinage/);
    assert.ok(value.includes(`Other languages: [en: Fine\\-Tuning](${client.uri(`${EN}/fine-tuning.md`)})`), value);
    // A term only one language has names no other.
    const enUri = client.uri(`${EN}/fine-tuning.md`);
    const enText = client.readText(`${EN}/fine-tuning.md`);
    const only = (await client.hover(enUri, inside(enText, '- transfer-learning'))) as Hover;
    assert.doesNotMatch((only.contents as MarkupContent).value, /Other languages/);
  });

  test('completion in related offers its own language\'s entries only', async () => {
    const uri = client.uri(`${FR}/fine-tuning.md`);
    const text = client.readText(`${FR}/fine-tuning.md`);
    const first = lineOf(text, '  - apprentissage-par-transfert');
    const last = lineOf(text, '  - transfer-learning');
    await client.replace(uri, { start: { line: first, character: 0 }, end: { line: last, character: '  - transfer-learning'.length } }, '  - ');
    const list = (await client.completion(uri, { line: first, character: 4 })) as CompletionList;
    const labels = list.items.map((item) => item.label);
    assert.ok(labels.includes('apprentissage-par-transfert'), JSON.stringify(labels));
    for (const english of ['transfer-learning', 'embeddings']) assert.ok(!labels.includes(english), `${english} offered in French: ${JSON.stringify(labels)}`);
  });

  test('glossary/stats answers for the glossary of the file it is asked about', async () => {
    const fr = await client.request<GlossaryStats>('glossary/stats', { uri: client.uri(`${FR}/fine-tuning.md`) });
    const en = await client.request<GlossaryStats>('glossary/stats', { uri: client.uri(`${EN}/fine-tuning.md`) });
    assert.equal(fr.entries, 2);
    assert.equal(en.entries, 4);
  });

  test('two files with one slug in a glossary report each other; deleting one clears the other', async () => {
    const first = await client.open(`${EN}/embeddings.md`);
    const diagnostics = await client.waitForDiagnostics(first);
    assert.deepEqual(diagnostics.map((d) => d.code), ['duplicate-slug']);
    assert.match(messageOf(diagnostics[0]), /^Another entry of this glossary has the slug 'embeddings': 'archive\/embeddings\.md'\./);
    const mark = client.mark(first);
    const gone = client.deleteFile(`${EN}/archive/embeddings.md`);
    await client.fileEvents([{ uri: gone, type: FileChangeType.Deleted }]);
    assert.deepEqual(await client.waitForDiagnostics(first, () => true, 5_000, mark), []);
  });

  test('an entry written in a new language folder starts a glossary of its own', async () => {
    const text = client.readText(`${FR}/apprentissage-par-transfert.md`).replace('related:\n  - fine-tuning', 'related:\n  - apprentissage-par-transfert');
    mkdirSync(client.path('content/de/glossary'), { recursive: true });
    const created = client.writeFile('content/de/glossary/transferlernen.md', text.replace('apprentissage-par-transfert\n', 'transferlernen\n'));
    await client.fileEvents([{ uri: created, type: FileChangeType.Created }]);
    const uri = await client.open('content/de/glossary/transferlernen.md');
    const diagnostics = await client.waitForDiagnostics(uri);
    // Its `related` names itself; no slug of the other languages resolves there.
    assert.deepEqual(diagnostics.map((d) => d.code), ['self-related']);
  });
});

describe('multi-root workspaces: each folder reads its own glossary.config.json; folders come and go', () => {
  let client: LspTestClient;
  // examples/hugo-glossary keeps its entries in content/terms with `term` and `slug` fields: only its own configuration makes them entries.
  const HUGO_ENTRY = 'hugo-glossary/content/terms/01-neural-nets.md';

  before(async () => {
    client = await LspTestClient.start({ workspaceDir: copyExamples('glossary', 'hugo-glossary'), folders: ['glossary'] });
  });
  after(async () => {
    await client?.dispose();
  });

  test('a folder added later is indexed under its own configuration; removing it drops its entries', async () => {
    const alone = await client.request<GlossaryStats>('glossary/stats', {});
    const added = await client.changeWorkspaceFolders(['hugo-glossary'], []);
    assert.equal(added.entries, alone.entries + 6);
    const uri = await client.open(HUGO_ENTRY);
    // With the defaults, `term` would be an unknown key and `title` missing; its configuration knows both.
    assert.deepEqual(await client.waitForDiagnostics(uri), []);
    const hugo = await client.request<GlossaryStats>('glossary/stats', { uri });
    assert.equal(hugo.entries, 6);
    await client.close(uri);
    const removed = await client.changeWorkspaceFolders([], ['hugo-glossary']);
    assert.equal(removed.entries, alone.entries);
  });

  test('the two folders\' slugs stay apart: a slug of one is unknown in the other', async () => {
    await client.changeWorkspaceFolders(['hugo-glossary'], []);
    const uri = await client.open('glossary/content/glossary/embeddings.md');
    const mark = client.mark(uri);
    const text = client.readText('glossary/content/glossary/embeddings.md');
    const line = lineOf(text, 'related:');
    await client.insert(uri, { line: line + 1, character: 0 }, '- backpropagation\n');
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'unknown-slug'), 5_000, mark);
    assert.ok(diagnostics.some((d) => d.code === 'unknown-slug' && messageOf(d).startsWith("No glossary entry is named 'backpropagation'")), JSON.stringify(diagnostics.map(messageOf)));
  });
});
