/**
 * The relationship graph in the core: which entries are in an entry's neighbourhood (both
 * directions of `related`, two steps), the cap, the edges, and Mermaid source that no title can
 * break out of.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from 'yaml';
import { isHostMessage, isWebviewMessage } from '../../client/src/preview/protocol';
import { graphSource, mermaidLabel, type RelationshipGraph } from '../../server/src/core/features/graph';
import { Fixture, entryText, GOOD_DESCRIPTION, readExampleGlossary } from './support';

/**
 * `related` lists of the example, read with the yaml package (independent of the entry parser).
 * An entry whose frontmatter is not valid YAML has no trustworthy list: none.
 */
function relatedLists(entries: Record<string, string>): Map<string, string[]> {
  const lists = new Map<string, string[]>();
  for (const [slug, text] of Object.entries(entries)) {
    // The first `---` block, even a misplaced one (the server reads those too).
    const frontmatter = /(?:^|\n)---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(text)?.[1] ?? '';
    let related: unknown;
    try {
      related = (parse(frontmatter) as { related?: unknown } | null)?.related;
    } catch {
      related = undefined;
    }
    lists.set(slug, Array.isArray(related) ? related.map(String) : []);
  }
  return lists;
}

/** Slugs within `depth` steps of `start`, following `related` both ways among existing entries. */
function neighbourhood(lists: Map<string, string[]>, start: string, depth: number): Map<string, number> {
  const hops = new Map([[start, 0]]);
  let frontier = [start];
  for (let step = 1; step <= depth; step++) {
    const next: string[] = [];
    for (const slug of frontier) {
      const out = (lists.get(slug) ?? []).filter((target) => lists.has(target));
      const into = [...lists].filter(([, related]) => related.includes(slug)).map(([source]) => source);
      for (const other of [...out, ...into]) {
        if (hops.has(other)) continue;
        hops.set(other, step);
        next.push(other);
      }
    }
    frontier = next;
  }
  return hops;
}

const node = (graph: RelationshipGraph, slug: string) => graph.nodes.find((n) => n.slug === slug);

describe('relationshipGraph on the example glossary', () => {
  test('transformer: itself, then the entries one and two steps away (both directions), sorted by slug', async () => {
    const entries = readExampleGlossary();
    const fixture = await Fixture.withEntries(entries);
    const graph = fixture.service.relationshipGraph(fixture.uri('transformer'));
    assert.ok(graph);
    const expected = neighbourhood(relatedLists(entries), 'transformer', 2);
    assert.equal(graph.total, expected.size);
    assert.equal(graph.capped, expected.size > 40);
    assert.deepEqual(new Map(graph.nodes.map((n) => [n.slug, n.hops])), expected);
    assert.equal(graph.nodes[0].slug, 'transformer');
    assert.equal(graph.nodes[0].id, 'n0');
    assert.equal(graph.nodes[0].title, 'Transformer');
    assert.deepEqual(graph.nodes.map((n) => n.id), graph.nodes.map((_, i) => `n${i}`));
    const hopsInOrder = graph.nodes.map((n) => n.hops);
    assert.deepEqual(hopsInOrder, [...hopsInOrder].sort((a, b) => a - b));
    const firstHop = graph.nodes.filter((n) => n.hops === 1).map((n) => n.slug);
    assert.deepEqual(firstHop, [...firstHop].sort());
    // tokenization lists transformer; transformer lists attention-mechanism, which lists it back.
    assert.equal(node(graph, 'tokenization')?.hops, 1);
    assert.ok(graph.edges.some((e) => e.from === 'n0' && e.to === node(graph, 'attention-mechanism')?.id && e.mutual));
    // tokenization's unknown slugs (embedding, large-language-model) are not nodes.
    assert.equal(node(graph, 'embedding'), undefined);
    for (const n of graph.nodes) assert.equal(n.uri, fixture.uri(n.slug));
  });

  test('every edge is a related item among the nodes; every related item among the nodes is an edge', async () => {
    const entries = readExampleGlossary();
    const fixture = await Fixture.withEntries(entries);
    const graph = fixture.service.relationshipGraph(fixture.uri('fine-tuning'))!;
    const lists = relatedLists(entries);
    const slugOf = new Map(graph.nodes.map((n) => [n.id, n.slug]));
    const expected = new Set<string>();
    for (const n of graph.nodes) for (const target of lists.get(n.slug) ?? []) if (target !== n.slug && graph.nodes.some((m) => m.slug === target)) expected.add(`${n.slug}>${target}`);
    const actual = new Set<string>();
    for (const edge of graph.edges) {
      actual.add(`${slugOf.get(edge.from)}>${slugOf.get(edge.to)}`);
      if (edge.mutual) actual.add(`${slugOf.get(edge.to)}>${slugOf.get(edge.from)}`);
    }
    assert.deepEqual([...actual].sort(), [...expected].sort());
    assert.equal(new Set(graph.edges.map((e) => [e.from, e.to].sort().join())).size, graph.edges.length, 'an edge drawn twice');
  });

  test('capped: the nearest entries are kept, the graph stays connected, total counts them all', async () => {
    const fixture = await Fixture.withEntries(readExampleGlossary());
    const full = fixture.service.relationshipGraph(fixture.uri('large-language-models'))!;
    const capped = fixture.service.relationshipGraph(fixture.uri('large-language-models'), { maxNodes: 5 })!;
    assert.equal(capped.nodes.length, 5);
    assert.equal(capped.capped, true);
    assert.equal(capped.total, full.total);
    assert.deepEqual(capped.nodes.map((n) => n.slug), full.nodes.slice(0, 5).map((n) => n.slug));
    for (const n of capped.nodes.slice(1)) {
      assert.ok(capped.edges.some((e) => (e.from === n.id || e.to === n.id)), `${n.slug} is not connected`);
    }
    assert.equal(fixture.service.relationshipGraph(fixture.uri('large-language-models'), { maxNodes: 1000 })!.nodes.length, full.total);
  });

  test('depth 1: only direct relations', async () => {
    const entries = readExampleGlossary();
    const fixture = await Fixture.withEntries(entries);
    const graph = fixture.service.relationshipGraph(fixture.uri('overfitting'), { depth: 1 })!;
    assert.deepEqual(new Set(graph.nodes.map((n) => n.slug)), new Set(neighbourhood(relatedLists(entries), 'overfitting', 1).keys()));
    assert.ok(graph.nodes.every((n) => n.hops <= 1));
  });

  test('not an entry: undefined', async () => {
    const fixture = await Fixture.withEntries(readExampleGlossary());
    assert.equal(fixture.service.relationshipGraph('file:///ws/README.md'), undefined);
  });
});

describe('relationshipGraph: edges and Mermaid source', () => {
  test('mutual and one-way relations, self-relations, unknown slugs and body links', async () => {
    const entry = (title: string, related: string[], body = '## Body\n') => entryText({ title, description: GOOD_DESCRIPTION, category: 'Core', related }, body);
    const fixture = await Fixture.withEntries({
      alpha: entry('Alpha', ['beta', 'gamma', 'alpha', 'missing']),
      beta: entry('Beta', ['alpha']),
      gamma: entry('Gamma', []),
      delta: entry('Delta', [], 'See [Alpha](/glossary/alpha).\n'),
    });
    const graph = fixture.service.relationshipGraph(fixture.uri('alpha'))!;
    assert.deepEqual(graph.nodes.map((n) => [n.id, n.slug, n.hops]), [['n0', 'alpha', 0], ['n1', 'beta', 1], ['n2', 'gamma', 1]]);
    assert.deepEqual(graph.edges, [{ from: 'n0', to: 'n1', mutual: true }, { from: 'n0', to: 'n2', mutual: false }]);
    assert.equal(graph.mermaid, [
      'flowchart LR',
      '  n0["Alpha"]',
      '  n1["Beta"]',
      '  n2["Gamma"]',
      '  n0 <--> n1',
      '  n0 --> n2',
      '  class n0 current',
      '  classDef current stroke-width:3px,font-weight:bold',
      '',
    ].join('\n'));
    // From gamma, alpha is one step back and beta two.
    const fromGamma = fixture.service.relationshipGraph(fixture.uri('gamma'))!;
    assert.deepEqual(fromGamma.nodes.map((n) => [n.slug, n.hops]), [['gamma', 0], ['alpha', 1], ['beta', 2]]);
    assert.deepEqual(fromGamma.edges, [{ from: 'n1', to: 'n0', mutual: false }, { from: 'n1', to: 'n2', mutual: true }]);
  });

  test('an entry without a title is labelled by its slug', async () => {
    const fixture = await Fixture.withEntries({ lonely: entryText({ description: GOOD_DESCRIPTION, category: 'Core' }) });
    const graph = fixture.service.relationshipGraph(fixture.uri('lonely'))!;
    assert.equal(graph.nodes[0].title, 'lonely');
    assert.match(graph.mermaid, /n0\["lonely"\]/);
    assert.deepEqual(graph.edges, []);
  });
});

describe('mermaidLabel: titles cannot break out of their label', () => {
  const hostile = [
    '"] --> pwn["x',
    'A"]; click n0 call alert(1); n9["',
    '<img src=x onerror=alert(1)>',
    '%%{init: {"securityLevel": "loose"}}%%',
    '`**markdown**`',
    'line\nbreak\r\nand\u2028more',
    'C# &amp; #quot; #35; &lt;b&gt;',
    'back\\slash \\n',
    'a --> b',
  ];

  test('no quote, angle bracket, hash, backslash, line break, directive or entity is left', () => {
    for (const title of hostile) {
      const label = mermaidLabel(title);
      assert.doesNotMatch(label, /["<>#\\\n\r\u2028`]|%%|&#?\w+;/, `${JSON.stringify(title)} → ${JSON.stringify(label)}`);
    }
    assert.equal(mermaidLabel('a "quoted" word'), 'a \u201cquoted\u201d word');
    assert.equal(mermaidLabel('R&D, 50% and C#'), 'R&D, 50% and C\uff03');
    assert.equal(mermaidLabel('one\ntwo'), 'one two');
  });

  test('long titles end in an ellipsis', () => {
    const label = mermaidLabel('x'.repeat(100));
    assert.equal([...label].length, 60);
    assert.ok(label.endsWith('…'));
  });

  test('property: every node line of the source is one quoted label', () => {
    fc.assert(fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 80 }), { minLength: 1, maxLength: 6 }), (titles) => {
      const nodes = titles.map((title, i) => ({ id: `n${i}`, slug: `s${i}`, uri: `file:///ws/s${i}.md`, title, hops: i === 0 ? 0 : 1 }));
      const source = graphSource(nodes, nodes.slice(1).map((n) => ({ from: 'n0', to: n.id, mutual: false })));
      const lines = source.split('\n');
      return lines.length === 1 + titles.length + (titles.length - 1) + 3
        && nodes.every((_node, i) => /^ {2}n\d+\["[^"\n<>#\\`]*"\]$/.test(lines[1 + i]) && !/%%|&#?\w+;/.test(lines[1 + i]));
    }), { numRuns: 500 });
  });
});

describe('preview protocol: graph messages', () => {
  const graph = {
    type: 'graph', version: 3, title: 'Relationships of Transformer', source: 'flowchart LR\n  n0["Transformer"]\n', capped: false, total: 1, theme: 'dark',
    nodes: [{ id: 'n0', uri: 'file:///ws/content/glossary/transformer.md', title: 'Transformer' }],
  };

  test('the host\'s graph message is checked field by field', () => {
    assert.ok(isHostMessage(graph));
    assert.ok(isHostMessage({ ...graph, nodes: [], total: 0 }));
    for (const bad of [
      { ...graph, extra: 1 },
      { ...graph, theme: 'hacker' },
      { ...graph, capped: 'no' },
      { ...graph, version: -1 },
      { ...graph, total: 1.5 },
      { ...graph, source: 42 },
      { ...graph, nodes: {} },
      { ...graph, nodes: [{ id: 'x0', uri: 'file:///a.md', title: 'A' }] },
      { ...graph, nodes: [{ id: 'n0', uri: '', title: 'A' }] },
      { ...graph, nodes: [{ id: 'n0', uri: 'file:///a.md', title: 'A', onclick: 'x' }] },
      { ...graph, nodes: [{ id: 'n0', uri: 'file:///a.md', title: 'A' }, { id: 'n0', uri: 'file:///b.md', title: 'B' }] },
      { ...graph, nodes: Array.from({ length: 1001 }, (_, i) => ({ id: `n${i}`, uri: `file:///${i}.md`, title: `${i}` })) },
    ]) assert.equal(isHostMessage(bad), false, JSON.stringify(bad).slice(0, 200));
  });

  test('the webview\'s openEntry and graphRendered messages: shape only (the host checks the URI against the graph)', () => {
    assert.ok(isWebviewMessage({ type: 'openEntry', uri: 'file:///ws/content/glossary/transformer.md' }));
    assert.ok(isWebviewMessage({ type: 'graphRendered', version: 3, nodes: 17 }));
    assert.ok(isWebviewMessage({ type: 'graphRendered', version: 3, nodes: 0, error: 'Parse error' }));
    for (const bad of [
      { type: 'openEntry' },
      { type: 'openEntry', uri: '' },
      { type: 'openEntry', uri: 42 },
      { type: 'openEntry', uri: 'file:///a.md', line: 1 },
      { type: 'openEntry', uri: 'x'.repeat(10_001) },
      { type: 'graphRendered', version: 3 },
      { type: 'graphRendered', version: 3, nodes: -1 },
      { type: 'graphRendered', version: 3, nodes: 1, error: 7 },
    ]) assert.equal(isWebviewMessage(bad), false, JSON.stringify(bad).slice(0, 200));
  });
});
