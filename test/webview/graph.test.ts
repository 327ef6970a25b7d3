/**
 * Graph mode of the preview webview in real headless Chromium: a `graph` message renders the
 * relationship graph the server builds, a click (or Enter) on a node posts `openEntry` with that
 * node's URI and nothing else, hostile titles and hostile graph sources inject nothing, and an
 * `update` switches back to the diagrams. Run `npm run build` first: these tests load dist/webview/.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RelationshipGraph } from '../../server/src/core/features/graph';
import { yamlScalar } from '../../server/src/core/features/newEntry';
import type { HostMessage, WebviewMessage } from '../../client/src/preview/protocol';
import { Fixture, GOOD_DESCRIPTION, entryText, readExampleGlossary } from '../unit/support';
import { WebviewHarness, nextVersion, updateMessage, type PreviewPage } from './harness';
import { HANG_GUARD_MS } from '../helpers/hangGuard';

type GraphMessage = Extract<HostMessage, { type: 'graph' }>;
type GraphRendered = Extract<WebviewMessage, { type: 'graphRendered' }>;

let harness: WebviewHarness;
before(async () => {
  harness = await WebviewHarness.start();
});
after(async () => {
  await harness?.close();
});

function graphMessage(graph: RelationshipGraph, overrides: Partial<GraphMessage> = {}): GraphMessage {
  return {
    type: 'graph',
    version: nextVersion(),
    title: `Relationships of ${graph.nodes[0].title}`,
    source: graph.mermaid,
    nodes: graph.nodes.map(({ id, uri, title }) => ({ id, uri, title })),
    capped: graph.capped,
    total: graph.total,
    theme: 'default',
    ...overrides,
  };
}

async function exampleGraph(slug: string, maxNodes?: number): Promise<RelationshipGraph> {
  const fixture = await Fixture.withEntries(readExampleGlossary());
  const graph = fixture.service.relationshipGraph(fixture.uri(slug), { maxNodes });
  assert.ok(graph, `no graph for ${slug}`);
  return graph;
}

async function waitForGraph(preview: PreviewPage, version: number, occurrence = 1): Promise<GraphRendered> {
  const handle = await preview.page.waitForFunction(([wanted, count]) => {
    const matches = window.__posted.filter((message) => {
      const m = message as { type?: string; version?: number };
      return m.type === 'graphRendered' && m.version === wanted;
    });
    return matches.length >= count ? matches[count - 1] : false;
  }, [version, occurrence] as const, { timeout: HANG_GUARD_MS, polling: 10 });
  const message = (await handle.jsonValue()) as GraphRendered;
  await handle.dispose();
  return message;
}

async function openEntryMessages(preview: PreviewPage): Promise<string[]> {
  return (await preview.posted()).flatMap((message) => (message.type === 'openEntry' ? [message.uri] : []));
}

/** What an injection would leave behind in the page. */
async function injected(preview: PreviewPage) {
  return preview.page.evaluate(() => {
    const handlers: string[] = [];
    const links: string[] = [];
    for (const element of Array.from(document.querySelectorAll('*'))) {
      for (const attribute of Array.from(element.attributes)) {
        const name = attribute.name.toLowerCase();
        if (name.startsWith('on')) handlers.push(`${element.localName}[${name}]`);
        if ((name === 'href' || name === 'xlink:href' || name === 'src') && element.closest('#graph') && !attribute.value.trim().startsWith('#')) links.push(`${element.localName}[${name}]`);
      }
    }
    return {
      scripts: document.querySelectorAll('script').length - 1,
      handlers,
      links,
      frames: document.querySelectorAll('iframe, frame, object, embed').length,
      foreignObjects: document.getElementsByTagNameNS('http://www.w3.org/2000/svg', 'foreignObject').length,
      images: document.querySelectorAll('#graph img, #graph image').length,
      pwned: typeof window.__pwned,
    };
  });
}

const NOTHING = { scripts: 0, handlers: [], links: [], frames: 0, foreignObjects: 0, images: 0, pwned: 'undefined' };

async function assertClean(preview: PreviewPage, context: string): Promise<void> {
  assert.deepEqual(await injected(preview), NOTHING, `${context}: nothing injected`);
  assert.deepEqual(preview.dialogs, [], `${context}: no dialog`);
  assert.deepEqual(preview.foreignRequests, [], `${context}: no request beyond the harness's files`);
  assert.deepEqual(preview.pageErrors, [], `${context}: no page error`);
  assert.equal(await preview.page.evaluate(() => location.href), `${harness.origin}/`, `${context}: the page did not navigate`);
}

describe('graph mode', () => {
  test('a graph message renders every node, clickable, under the graph\'s title; the diagrams are hidden', async () => {
    const graph = await exampleGraph('transformer');
    const preview = await harness.open();
    try {
      const message = graphMessage(graph);
      await preview.send(message);
      const report = await waitForGraph(preview, message.version);
      assert.deepEqual(report, { type: 'graphRendered', version: message.version, nodes: graph.nodes.length });
      const shown = await preview.page.evaluate(() => ({
        title: document.querySelector('#title h1')?.textContent,
        summary: document.querySelector('#title .doc-summary')?.textContent,
        graphHidden: (document.getElementById('graph') as HTMLElement).hidden,
        diagramsHidden: (document.getElementById('diagrams') as HTMLElement).hidden,
        nodes: document.querySelectorAll('#graph svg g.node.graph-node[tabindex="0"][role="link"]').length,
        notice: (document.querySelector('#graph .graph-notice') as HTMLElement).hidden,
        labels: Array.from(document.querySelectorAll('#graph svg g.node')).map((node) => node.getAttribute('aria-label')),
      }));
      assert.equal(shown.title, 'Relationships of Transformer');
      assert.equal(shown.summary, `${graph.nodes.length} entries`);
      assert.equal(shown.graphHidden, false);
      assert.equal(shown.diagramsHidden, true);
      assert.equal(shown.nodes, graph.nodes.length);
      assert.equal(shown.notice, true, 'no cap notice for an uncapped graph');
      assert.deepEqual(new Set(shown.labels), new Set(graph.nodes.map((node) => `Open ${node.title}`)));
      await assertClean(preview, 'example graph');
    } finally {
      await preview.close();
    }
  });

  test('clicking a node posts openEntry with that node\'s URI; Enter on a focused node does too; edges and background do nothing', async () => {
    const graph = await exampleGraph('transformer');
    const preview = await harness.open();
    try {
      const message = graphMessage(graph);
      await preview.send(message);
      await waitForGraph(preview, message.version);
      const target = graph.nodes.find((node) => node.slug === 'tokenization')!;
      await preview.page.locator(`#graph svg g.node[id*="-flowchart-${target.id}-"]`).click();
      await preview.page.waitForFunction(() => window.__posted.some((m) => (m as { type?: string }).type === 'openEntry'));
      assert.deepEqual(await openEntryMessages(preview), [target.uri]);

      const other = graph.nodes.find((node) => node.slug === 'pre-training')!;
      await preview.page.locator(`#graph svg g.node[id*="-flowchart-${other.id}-"]`).focus();
      await preview.page.keyboard.press('Enter');
      await preview.page.waitForFunction(() => window.__posted.filter((m) => (m as { type?: string }).type === 'openEntry').length === 2);
      assert.deepEqual(await openEntryMessages(preview), [target.uri, other.uri]);

      // An edge, and the empty canvas, open nothing: the next entry opened is the node clicked after them.
      await preview.page.locator('#graph svg .edgePaths path').first().click({ force: true });
      // A point of the canvas that no node or edge covers, wherever the layout (and the fonts) put them.
      const empty = await preview.page.evaluate(() => {
        const canvas = document.querySelector('#graph .graph-diagram')!.getBoundingClientRect();
        for (let y = Math.max(canvas.top, 0) + 1; y < Math.min(canvas.bottom, window.innerHeight); y += 4) {
          for (let x = Math.max(canvas.left, 0) + 1; x < Math.min(canvas.right, window.innerWidth); x += 4) {
            const hit = document.elementFromPoint(x, y);
            if (hit?.closest('#graph .graph-diagram') && !hit.closest('g.node, .edgePaths, .edgeLabels')) return { x, y };
          }
        }
        return null;
      });
      assert.ok(empty, 'the canvas has a point that no node or edge covers');
      await preview.page.mouse.click(empty.x, empty.y);
      const third = graph.nodes.find((node) => node.uri !== target.uri && node.uri !== other.uri)!;
      await preview.page.locator(`#graph svg g.node[id*="-flowchart-${third.id}-"]`).click();
      await preview.page.waitForFunction(() => window.__posted.filter((m) => (m as { type?: string }).type === 'openEntry').length >= 3);
      assert.deepEqual(await openEntryMessages(preview), [target.uri, other.uri, third.uri]);
      await assertClean(preview, 'clicks');
    } finally {
      await preview.close();
    }
  });

  test('a capped graph says so', async () => {
    const graph = await exampleGraph('large-language-models', 6);
    assert.ok(graph.capped);
    const preview = await harness.open();
    try {
      const message = graphMessage(graph);
      await preview.send(message);
      const report = await waitForGraph(preview, message.version);
      assert.equal(report.nodes, 6);
      const notice = await preview.page.evaluate(() => {
        const element = document.querySelector('#graph .graph-notice') as HTMLElement;
        return { hidden: element.hidden, text: element.textContent };
      });
      assert.equal(notice.hidden, false);
      assert.match(notice.text ?? '', new RegExp(`has ${graph.total} entries within two steps; the graph shows the 6 nearest`));
      assert.equal(await preview.page.evaluate(() => document.querySelector('#title .doc-summary')?.textContent), `6 of ${graph.total} entries`);
    } finally {
      await preview.close();
    }
  });

  test('hostile titles: each is one label showing its text, nothing more is drawn, nothing runs', async () => {
    const titles = [
      '"] --> pwn["Injected',
      'A"]; click n0 call alert(1); n9["B',
      '<img src=x onerror="window.__pwned=1">',
      '<script>window.__pwned=1</script>',
      '%%{init: {"securityLevel": "loose"}}%% Directive',
      '`**markdown** string`',
      'C# &amp; #quot; #35; &lt;b&gt;',
      'back\\slash \\n newline',
      'Arrow --> end',
      'javascript:alert(1)',
    ];
    const entries: Record<string, string> = {};
    titles.forEach((title, i) => {
      entries[`t${i}`] = entryText({ title: yamlScalar(title), description: GOOD_DESCRIPTION, category: 'Core', related: i === 0 ? titles.slice(1).map((_, j) => `t${j + 1}`) : ['t0'] });
    });
    const fixture = await Fixture.withEntries(entries);
    const graph = fixture.service.relationshipGraph(fixture.uri('t0'));
    assert.ok(graph);
    assert.deepEqual(graph.nodes.map((node) => node.title), titles, 'the titles reached the graph as written');
    for (const bypassCsp of [false, true]) {
      const preview = await harness.open({ bypassCsp });
      try {
        const message = graphMessage(graph);
        await preview.send(message);
        const report = await waitForGraph(preview, message.version);
        assert.deepEqual(report, { type: 'graphRendered', version: message.version, nodes: titles.length }, 'every title rendered as its own node');
        const drawn = await preview.page.evaluate(() => ({
          nodes: document.querySelectorAll('#graph svg g.node').length,
          edges: document.querySelectorAll('#graph svg .edgePaths path').length,
          texts: Array.from(document.querySelectorAll('#graph svg g.node')).map((node) => window.__labels(node).join(' ')),
        }));
        assert.equal(drawn.nodes, titles.length, 'no node was injected');
        assert.equal(drawn.edges, graph.edges.length, 'no edge was injected');
        // The labels keep the words of each title (look-alikes stand in for the characters Mermaid
        // treats specially). A word longer than a row is cut across rows wherever the font makes it
        // full, so the words are looked for in the label with its whitespace taken out.
        for (const [i, title] of titles.entries()) {
          const words = title.split(/[^A-Za-z0-9]+/).filter((word) => word.length > 2);
          const text = drawn.texts.find((candidate) => words.every((word) => candidate.replace(/\s+/g, '').includes(word)));
          assert.ok(text !== undefined, `title ${i} (${JSON.stringify(title)}) is not shown; labels: ${JSON.stringify(drawn.texts)}`);
        }
        // Click every node: each posts the URI of its own entry, nothing else happens.
        const nodes = preview.page.locator('#graph svg g.node');
        for (let i = 0; i < (await nodes.count()); i++) await nodes.nth(i).click({ force: true });
        await preview.page.waitForTimeout(200);
        assert.deepEqual(new Set(await openEntryMessages(preview)), new Set(graph.nodes.map((node) => node.uri)));
        await assertClean(preview, bypassCsp ? 'hostile titles without CSP' : 'hostile titles');
      } finally {
        await preview.close();
      }
    }
  });

  test('a hostile graph source (click callbacks, links, directives): no handler, no link, no dialog; only listed nodes open', async () => {
    const preview = await harness.open({ bypassCsp: true });
    try {
      const source = [
        '%%{init: {"securityLevel": "loose", "flowchart": {"htmlLabels": true}}}%%',
        'flowchart LR',
        '  n0["Listed"] --> n1["Not listed"]',
        '  n0 --> n2["<img src=x onerror=window.__pwned=1>"]',
        '  click n0 call alert(1)',
        '  click n1 href "javascript:window.__pwned=1"',
        '  click n2 "https://example.invalid/" _blank',
      ].join('\n');
      const message: GraphMessage = {
        type: 'graph', version: nextVersion(), title: 'Hostile', source, capped: false, total: 2, theme: 'dark',
        nodes: [{ id: 'n0', uri: 'file:///ws/content/glossary/listed.md', title: 'Listed' }, { id: 'n2', uri: 'file:///ws/content/glossary/img.md', title: 'Img' }],
      };
      await preview.send(message);
      const report = await waitForGraph(preview, message.version);
      assert.equal(report.error, undefined, JSON.stringify(report));
      assert.equal(report.nodes, 2, 'only the listed nodes are clickable');
      const nodes = preview.page.locator('#graph svg g.node');
      for (let i = 0; i < (await nodes.count()); i++) await nodes.nth(i).click({ force: true });
      await preview.page.waitForTimeout(200);
      assert.deepEqual(new Set(await openEntryMessages(preview)), new Set(['file:///ws/content/glossary/listed.md', 'file:///ws/content/glossary/img.md']));
      await assertClean(preview, 'hostile source');
    } finally {
      await preview.close();
    }
  });

  test('an update switches back to the diagrams; a theme change redraws the graph; a broken source reports its error', async () => {
    const graph = await exampleGraph('overfitting');
    const preview = await harness.open();
    try {
      const diagrams = updateMessage(['graph TD\nA --> B']);
      await preview.update(diagrams);
      const message = graphMessage(graph);
      await preview.send(message);
      await waitForGraph(preview, message.version);
      await preview.send({ type: 'theme', theme: 'dark' });
      const again = await waitForGraph(preview, message.version, 2);
      assert.equal(again.nodes, graph.nodes.length);

      const back = updateMessage(['graph TD\nA --> B --> C'], { version: nextVersion() });
      const rendered = await preview.update(back);
      assert.deepEqual(rendered.errors, []);
      const mode = await preview.page.evaluate(() => ({
        graphHidden: (document.getElementById('graph') as HTMLElement).hidden,
        diagramsHidden: (document.getElementById('diagrams') as HTMLElement).hidden,
        title: document.querySelector('#title h1')?.textContent,
      }));
      assert.deepEqual(mode, { graphHidden: true, diagramsHidden: false, title: 'Test entry' });

      const broken = graphMessage(graph, { source: 'flowchart LR\n  n0["A"] --> --> (' });
      await preview.send(broken);
      const failed = await waitForGraph(preview, broken.version);
      assert.equal(failed.nodes, 0);
      assert.ok(failed.error, 'the error is reported');
      assert.equal(await preview.page.evaluate(() => (document.querySelector('#graph .graph-error') as HTMLElement).hidden), false);
      await assertClean(preview, 'mode switches');
    } finally {
      await preview.close();
    }
  });

  test('malformed graph messages are ignored', async () => {
    const graph = await exampleGraph('overfitting');
    const preview = await harness.open();
    try {
      const good = graphMessage(graph);
      const bad = [
        { ...good, nodes: [{ id: 'x0', uri: 'file:///a.md', title: 'A' }] },
        { ...good, nodes: [{ id: 'n0', uri: 'file:///a.md', title: 'A' }, { id: 'n0', uri: 'file:///b.md', title: 'B' }] },
        { ...good, capped: 'no' },
        { ...good, extra: true },
        { ...good, nodes: [{ id: 'n0', uri: '', title: 'A' }] },
      ];
      for (const message of bad) await preview.send(message);
      // A valid update behind them: once it is reported, the page has handled every message before it.
      await preview.update(updateMessage(['graph TD\nA --> B']));
      assert.equal((await preview.posted()).filter((m) => m.type === 'graphRendered').length, 0);
      assert.equal(await preview.page.evaluate(() => (document.getElementById('graph') as HTMLElement).hidden), true);
    } finally {
      await preview.close();
    }
  });
});
