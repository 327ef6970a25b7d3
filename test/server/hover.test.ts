import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MarkupKind, type Hover, type MarkupContent } from 'vscode-languageserver-protocol';
import { lineOf, LspTestClient, rangeOf } from './lspClient';

function markdown(hover: Hover | null): string {
  assert.ok(hover, 'expected a hover');
  const contents = hover.contents as MarkupContent;
  assert.equal(contents.kind, MarkupKind.Markdown);
  return contents.value;
}

/** The hover escapes Markdown in user text (`pre\-trained`); this undoes it to compare with the file. */
const unescape = (value: string) => value.replace(/\\(.)/g, '$1');

function frontmatterValue(text: string, key: string): string {
  const match = new RegExp(`^${key}: '?(.*?)'?$`, 'm').exec(text);
  assert.ok(match, `no ${key} in the file`);
  return match[1];
}

describe('hover', () => {
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client?.dispose();
  });

  test('on a related slug: the target title, category, description and a file:// link', async () => {
    const text = client.readText('fine-tuning');
    const uri = await client.open('fine-tuning');
    const line = lineOf(text, '- transfer-learning');
    const hover = await client.hover(uri, { line, character: 5 });
    const value = markdown(hover);
    assert.deepEqual(hover!.range, rangeOf(text, line, 'transfer-learning'));

    const target = client.readText('transfer-learning');
    const parts = value.split('\n\n');
    assert.equal(parts[0], '**Transfer Learning** · *Training Techniques*');
    assert.equal(unescape(parts[1]), frontmatterValue(target, 'description'));
    assert.ok(unescape(parts[2]).startsWith('Transfer learning is a machine learning approach in which a model trained on a source task'), parts[2]);
    assert.ok(parts[2].endsWith('…'), 'the first paragraph is cut at 600 characters');
    assert.equal(parts.at(-1), `[Open transfer-learning.md](${client.uri('transfer-learning')})`);
    assert.match(client.uri('transfer-learning'), /^file:\/\/\//);
    assert.equal(parts.length, 4);
  });

  test('at both ends of the slug and on a body link to the same entry', async () => {
    const text = client.readText('fine-tuning');
    const uri = client.uri('fine-tuning');
    const line = lineOf(text, '- transfer-learning');
    const first = markdown(await client.hover(uri, { line, character: 2 }));
    const last = markdown(await client.hover(uri, { line, character: 2 + 'transfer-learning'.length }));
    assert.equal(first, last);

    const bodyLine = lineOf(text, '(/glossary/transfer-learning)', { exact: false });
    const link = await client.hover(uri, { line: bodyLine, character: text.split('\n')[bodyLine].indexOf('/glossary/transfer-learning') + 12 });
    assert.equal(markdown(link), first);
    // The range is the slug inside the link target, as for a related item (and as rename replaces it).
    const slugAt = text.split('\n')[bodyLine].indexOf('(/glossary/transfer-learning)') + '(/glossary/'.length;
    assert.deepEqual(link!.range, { start: { line: bodyLine, character: slugAt }, end: { line: bodyLine, character: slugAt + 'transfer-learning'.length } });
  });

  test('on an unknown slug: says no entry is named it, with the nearest slug', async () => {
    const text = client.readText('tokenization');
    const uri = await client.open('tokenization');
    const line = lineOf(text, '- embedding');
    const hover = await client.hover(uri, { line, character: 4 });
    assert.deepEqual(hover, {
      contents: { kind: MarkupKind.Markdown, value: 'No glossary entry is named `embedding`.\n\nDid you mean `embeddings`?' },
      range: rangeOf(text, line, 'embedding'),
    });
  });

  test('on a frontmatter key: field documentation; elsewhere in the body: nothing', async () => {
    const text = client.readText('tokenization');
    const uri = client.uri('tokenization');
    const unknownKey = await client.hover(uri, { line: lineOf(text, 'tags: [nlp, text]'), character: 1 });
    assert.equal(markdown(unknownKey), '**tags** is not a glossary field.');
    const related = markdown(await client.hover(uri, { line: lineOf(text, 'related:'), character: 3 }));
    assert.ok(related.startsWith('**related**\n\nOther entries of the glossary that readers of this one should see.'), related);
    assert.equal(await client.hover(uri, { line: lineOf(text, '## Key Characteristics'), character: 4 }), null);
  });

  test('an unknown slug never suggests the entry itself', async () => {
    const text = client.readText('foundation-model');
    const uri = await client.open('foundation-model');
    const line = lineOf(text, '- model-architecture');
    const diagnostics = await client.waitForDiagnostics(uri);
    const diagnostic = diagnostics.find((d) => d.code === 'unknown-slug' && d.range.start.line === line);
    assert.deepEqual(diagnostic?.data, { suggestions: [] });
    const hover = await client.hover(uri, { line, character: 5 });
    // The same answer as the diagnostic: no suggestion (it once said "Did you mean `foundation-model`?").
    assert.equal(markdown(hover), 'No glossary entry is named `model-architecture`.');
  });
});
