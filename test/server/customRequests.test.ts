/**
 * The custom requests behind the VS Code commands "New Term" (`glossary/newEntry`) and "Show
 * Relationship Graph" (`glossary/relationshipGraph`), against the built server over stdio.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { URI } from 'vscode-uri';
import type { RelationshipGraph } from '../../server/src/core/features/graph';
import { newEntryText, type NewEntryResult } from '../../server/src/core/features/newEntry';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { eventually, LspTestClient } from './lspClient';

const NEW_ENTRY = 'glossary/newEntry';
const GRAPH = 'glossary/relationshipGraph';

describe('glossary/newEntry', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client?.dispose();
  });

  test('a new slug: the URI in the glossary folder and the filled template; nothing is written', async () => {
    const result = await client.request<NewEntryResult>(NEW_ENTRY, { title: 'Mixture of Experts', slug: 'mixture-of-experts' });
    assert.ok('uri' in result, JSON.stringify(result));
    assert.equal(result.uri, client.uri('mixture-of-experts'));
    assert.equal(result.text, newEntryText(DEFAULT_SETTINGS, { title: 'Mixture of Experts', slug: 'mixture-of-experts' }));
    assert.deepEqual(result.cursor, { line: 2, character: "description: '".length });
    assert.equal(existsSync(client.path('mixture-of-experts')), false);
  });

  test('an existing slug, an invalid slug and an empty title are refused with a reason', async () => {
    const exists = await client.request<NewEntryResult>(NEW_ENTRY, { title: 'Transformer', slug: 'transformer' });
    assert.ok('error' in exists && exists.reason === 'exists', JSON.stringify(exists));
    assert.match(exists.error, /transformer/);
    const invalid = await client.request<NewEntryResult>(NEW_ENTRY, { title: 'Mixture of Experts', slug: 'Mixture Of Experts' });
    assert.ok('error' in invalid && invalid.reason === 'invalid-slug', JSON.stringify(invalid));
    const escape = await client.request<NewEntryResult>(NEW_ENTRY, { title: 'X', slug: '../../etc/passwd' });
    assert.ok('error' in escape && escape.reason === 'invalid-slug', JSON.stringify(escape));
    const title = await client.request<NewEntryResult>(NEW_ENTRY, { title: '', slug: 'empty' });
    assert.ok('error' in title && title.reason === 'invalid-title', JSON.stringify(title));
  });

  test('a file on disk that is no entry yet (empty, or just created) still counts as taken', async () => {
    client.writeFile('half-written', '');
    const result = await client.request<NewEntryResult>(NEW_ENTRY, { title: 'Half Written', slug: 'half-written' });
    assert.ok('error' in result && result.reason === 'exists', JSON.stringify(result));
  });

  test('folderUri: used when entries go there, ignored when they do not', async () => {
    const sub = join(client.workspaceDir, 'content', 'glossary', 'nested');
    mkdirSync(sub, { recursive: true });
    const nested = await client.request<NewEntryResult>(NEW_ENTRY, { title: 'Nested', slug: 'nested-term', folderUri: URI.file(sub).toString() });
    assert.ok('uri' in nested && nested.uri === URI.file(join(sub, 'nested-term.md')).toString(), JSON.stringify(nested));
    const outside = await client.request<NewEntryResult>(NEW_ENTRY, { title: 'Outside', slug: 'outside-term', folderUri: URI.file(client.workspaceDir).toString() });
    assert.ok('uri' in outside && outside.uri === client.uri('outside-term'), JSON.stringify(outside));
  });

  test('malformed params get a refusal, not a crash', async () => {
    for (const params of [null, {}, { title: 42, slug: [] }, 'text']) {
      const result = await client.request<NewEntryResult | null>(NEW_ENTRY, params).catch((error: Error) => ({ error: error.message, reason: 'rpc' }));
      assert.ok(result && 'error' in result, JSON.stringify(result));
    }
    assert.ok(client.alive);
  });

  test('a slug becomes taken as soon as an editor opens an entry with it', async () => {
    const uri = client.uri('brand-new');
    await client.openUri(uri, '---\ntitle: Brand New\ndescription: x\ncategory: Core\n---\n');
    await eventually(
      () => client.request<NewEntryResult>(NEW_ENTRY, { title: 'Brand New', slug: 'brand-new' }),
      (result) => 'error' in result && result.reason === 'exists',
      3_000,
      'an exists refusal for the open entry',
    );
    await client.close(uri);
  });
});

describe('glossary/newEntry: the template and the slug pattern in force', () => {
  test('entryTemplateFile of glossary.config.json is the template; the config\'s slugPattern applies', async () => {
    const client = await LspTestClient.start({
      prepare: (dir) => {
        mkdirSync(join(dir, 'templates'), { recursive: true });
        writeFileSync(join(dir, 'templates', 'entry.md'), '---\ntitle: {{title}}\nslug: {{slug}}\ndescription: ""\ncategory: {{category}}\nrelated:{{related}}\n---\n# {{title}}\n\nTODO\n');
        writeFileSync(join(dir, 'glossary.config.json'), JSON.stringify({ entryTemplateFile: 'templates/entry.md', slugPattern: '^[a-z]+$' }));
      },
    });
    try {
      const refused = await client.request<NewEntryResult>(NEW_ENTRY, { title: 'Mixture: of Experts', slug: 'mixture-of-experts' });
      assert.ok('error' in refused && refused.reason === 'invalid-slug', JSON.stringify(refused));
      const result = await eventually(
        () => client.request<NewEntryResult>(NEW_ENTRY, { title: 'Mixture: of Experts', slug: 'moe' }),
        (answer) => 'text' in answer && answer.text.includes('TODO'),
        3_000,
        'a text from the template file',
      );
      assert.ok('text' in result);
      assert.equal(result.text, "---\ntitle: 'Mixture: of Experts'\nslug: moe\ndescription: \"\"\ncategory: ''\nrelated: []\n---\n# Mixture: of Experts\n\nTODO\n");
      assert.deepEqual(result.cursor, { line: 3, character: 'description: "'.length });
    } finally {
      await client.dispose();
    }
  });

  test('the glossary.entryTemplate setting is the template', async () => {
    const client = await LspTestClient.start({ settings: { entryTemplate: '---\ntitle: {{title}}\ndescription: \ncategory: Core\n---\nFrom the setting.\n' } });
    try {
      const result = await client.request<NewEntryResult>(NEW_ENTRY, { title: 'Agents', slug: 'agents' });
      assert.ok('text' in result, JSON.stringify(result));
      assert.equal(result.text, '---\ntitle: Agents\ndescription: \ncategory: Core\n---\nFrom the setting.\n');
    } finally {
      await client.dispose();
    }
  });
});

describe('glossary/relationshipGraph', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client?.dispose();
  });

  test('transformer: the entry first, its neighbourhood, Mermaid source naming every node', async () => {
    const graph = await client.request<RelationshipGraph | null>(GRAPH, { uri: client.uri('transformer') });
    assert.ok(graph);
    assert.equal(graph.nodes[0].slug, 'transformer');
    assert.equal(graph.nodes[0].uri, client.uri('transformer'));
    assert.equal(graph.nodes.length, 17);
    assert.equal(graph.total, 17);
    assert.equal(graph.capped, false);
    for (const node of graph.nodes) {
      assert.equal(node.uri, client.uri(node.slug));
      assert.ok(graph.mermaid.includes(`\n  ${node.id}["`), node.id);
    }
    assert.ok(graph.mermaid.startsWith('flowchart LR\n'));
  });

  test('maxNodes caps the graph and says so', async () => {
    const graph = await client.request<RelationshipGraph | null>(GRAPH, { uri: client.uri('transformer'), maxNodes: 5 });
    assert.ok(graph);
    assert.equal(graph.nodes.length, 5);
    assert.equal(graph.capped, true);
    assert.equal(graph.total, 17);
  });

  test('not an entry, or no URI: null', async () => {
    assert.equal(await client.request(GRAPH, { uri: URI.file(join(client.workspaceDir, 'README.md')).toString() }), null);
    assert.equal(await client.request(GRAPH, {}), null);
    assert.equal(await client.request(GRAPH, null), null);
  });

  test('follows the open document: fixing an entry\'s frontmatter in the editor brings its related items in', async () => {
    // overfitting's description is not valid YAML, so its list (machine-learning, deep-learning) does not count yet;
    // machine-learning lists overfitting, deep-learning does not.
    const before = await client.request<RelationshipGraph | null>(GRAPH, { uri: client.uri('overfitting'), depth: 1 });
    assert.ok(before);
    assert.deepEqual(before.nodes.map((node) => node.slug).sort(), ['fine-tuning', 'machine-learning', 'overfitting']);
    const text = client.readText('overfitting');
    const fixed = text.replace(/^description: (.*)$/m, (_line, value: string) => `description: '${value.replace(/'/g, "''")}'`);
    const uri = await client.open('overfitting', fixed);
    const graph = await eventually(
      () => client.request<RelationshipGraph | null>(GRAPH, { uri, depth: 1 }),
      (answer) => !!answer && answer.nodes.some((node) => node.slug === 'deep-learning'),
      3_000,
      'deep-learning in the graph of the fixed overfitting',
    );
    const deep = graph?.nodes.find((node) => node.slug === 'deep-learning');
    assert.ok(graph && deep && graph.edges.some((edge) => edge.from === 'n0' && edge.to === deep.id && !edge.mutual), JSON.stringify(graph?.edges));
    await client.close(uri);
  });
});
