/**
 * TOML and JSON frontmatter through the real server, on a copy of examples/hugo-toml-glossary:
 * diagnostics, completion, hover, rename and a quick fix, each writing the entry's own format.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getStaticTOMLValue, parseTOML } from 'toml-eslint-parser';
import type { CodeAction, Hover, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { copyExample } from '../cli/support';
import { applyTextEdits, lineOf, LspTestClient, rangeOf, summarize } from './lspClient';

const position = (text: string, needle: string, into = 0) => {
  const before = text.slice(0, text.indexOf(needle) + into);
  return { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
};

describe('TOML and JSON frontmatter (examples/hugo-toml-glossary)', () => {
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start({ workspaceDir: copyExample('hugo-toml-glossary') });
  });
  after(async () => {
    await client?.dispose();
  });

  test('only the deliberate finding: the unknown slug inside the TOML list', async () => {
    for (const slug of ['tokenization', 'embeddings', 'semantic-search']) {
      const uri = await client.open(slug);
      assert.deepEqual(await client.waitForDiagnostics(uri), [], slug);
    }
    const text = client.readText('vector-database');
    const uri = await client.open('vector-database');
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    assert.deepEqual(summarize(diagnostics), [{ code: 'unknown-slug', range: rangeOf(text, lineOf(text, '  "retrieval-augmented",'), 'retrieval-augmented') }]);
  });

  test('completion of related slugs in TOML and JSON, inside the quotes', async () => {
    const toml = client.readText('tokenization').replace('related = ["embeddings"]', 'related = ["embeddings", "vec"]');
    const tomlUri = await client.open('tokenization', toml);
    const tomlList = await client.completion(tomlUri, position(toml, '"vec"', 4));
    assert.equal((tomlList.items.find((item) => item.label === 'vector-database')?.textEdit as TextEdit | undefined)?.newText, 'vector-database');
    await client.close(tomlUri);
    const json = client.readText('embeddings').replace('["tokenization", ', '["tok", ');
    const jsonUri = await client.open('embeddings', json);
    const jsonList = await client.completion(jsonUri, position(json, '"tok"', 4));
    assert.equal((jsonList.items.find((item) => item.label === 'tokenization')?.textEdit as TextEdit | undefined)?.newText, 'tokenization');
    await client.close(jsonUri);
  });

  test('hover on a TOML key shows a TOML example', async () => {
    const text = client.readText('tokenization');
    const uri = await client.open('tokenization');
    const hover = (await client.hover(uri, position(text, 'related ='))) as Hover;
    assert.match((hover.contents as { value: string }).value, /```toml\nrelated = \["transfer-learning", "fine-tuning"\]\n```/);
  });

  test('rename from a TOML related item rewrites TOML, JSON and YAML entries, each still valid', async () => {
    const text = client.readText('tokenization');
    const uri = client.uri('tokenization');
    const edit = await client.rename(uri, position(text, 'embeddings"]', 2), 'vector-embeddings');
    assert.ok(edit?.documentChanges);
    const changed = new Map<string, string>();
    for (const change of edit.documentChanges) {
      if (!('textDocument' in change)) continue;
      const file = client.relative(change.textDocument.uri);
      changed.set(file, applyTextEdits(client.readText(file), (change as TextDocumentEdit).edits as TextEdit[]));
    }
    const tokenization = changed.get('content/glossary/tokenization.md')!;
    assert.deepEqual(getStaticTOMLValue(parseTOML(tokenization.split('+++')[1])).related, ['vector-embeddings']);
    assert.ok(tokenization.includes('](/glossary/vector-embeddings)'));
    const semantic = changed.get('content/glossary/semantic-search.md')!;
    assert.ok(semantic.includes('- vector-embeddings\n'));
    const vector = changed.get('content/glossary/vector-database.md')!;
    assert.ok(vector.includes('  "vector-embeddings",\n'));
  });

  test('"Add \'category\'" on a JSON entry adds a JSON member, with its comma', async () => {
    const text = client.readText('embeddings').replace('  "category": "Representations",\n', '');
    const uri = await client.open('embeddings', text);
    const diagnostics = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'required-field-missing'));
    const missing = diagnostics.filter((d) => d.code === 'required-field-missing');
    const actions = (await client.codeActions(uri, missing[0].range, missing)) as CodeAction[];
    const add = actions.find((action) => action.title === "Add 'category'");
    assert.ok(add?.edit?.documentChanges);
    const fixed = applyTextEdits(text, (add.edit.documentChanges[0] as TextDocumentEdit).edits as TextEdit[]);
    const object = JSON.parse(fixed.slice(0, fixed.indexOf('\n}') + 2)) as Record<string, unknown>;
    assert.equal(typeof object.category, 'string');
    assert.deepEqual(Object.keys(object), ['title', 'description', 'weight', 'related', 'category']);
    await client.close(uri);
  });
});
