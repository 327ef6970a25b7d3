/**
 * LSP: a symbol's name "must not be an empty string or a string only consisting of white spaces",
 * and VS Code drops a whole outline or symbol list that has one. Found by the LSP 3.17 checks of
 * the shared client (lspValidator.ts), which fail these requests on their own when a name is blank.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DocumentSymbol, SymbolInformation } from 'vscode-languageserver-protocol';
import { GLOSSARY_DIR, LspTestClient } from './lspClient';

const DESCRIPTION = "description: 'A description long enough to satisfy the minimum length of fifty chars.'";

describe('symbol names are never blank', () => {
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start({
      prepare: (dir) => writeFileSync(join(dir, GLOSSARY_DIR, 'blank-title.md'), ['---', "title: '  '", DESCRIPTION, 'category: Core Concepts', 'related: []', '---', 'Body.', ''].join('\n')),
    });
  });
  after(async () => {
    await client?.dispose();
  });

  test('workspace symbols: an entry whose title is blank is named by its slug', async () => {
    const symbols = (await client.workspaceSymbols('blank')) as SymbolInformation[];
    assert.deepEqual(symbols.map((s) => [s.name, s.location.uri]), [['blank-title', client.uri('blank-title')]]);
  });

  test('document symbols: an empty or blank key, and a blank related item, are shown quoted', async () => {
    const text = ['---', 'title: Blank Names', DESCRIPTION, '"": empty key', '"  ": blank key', 'related:', '- "  "', '- transformer', '---', 'Body.', ''].join('\n');
    const uri = await client.open('blank-names', text);
    try {
      const [frontmatter] = (await client.documentSymbols(uri)) as DocumentSymbol[];
      assert.deepEqual(frontmatter.children?.map((field) => field.name), ['title', 'description', '""', '"  "', 'related']);
      assert.deepEqual(frontmatter.children?.[4].children?.map((item) => item.name), ['"  "', 'transformer']);
    } finally {
      await client.close(uri);
    }
  });
});
