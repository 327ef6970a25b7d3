/**
 * The preview webview in real headless Chromium: rendering, errors with document lines,
 * incremental re-rendering, themes, reveal, export and the update queue.
 * Run `npm run build` first: these tests load dist/webview/.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractDiagrams } from '../../client/src/preview/diagramBlocks';
import type { HostMessage, WebviewMessage } from '../../client/src/preview/protocol';
import { REPO_ROOT, WebviewHarness, nextVersion, updateMessage, type PreviewPage } from './harness';

type Update = Extract<HostMessage, { type: 'update' }>;

const LIMITS = { maxCharacters: 50_000, maxEdges: 1_000 };
const SEED = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'foundation-model.seed.txt'), 'utf8');

function documentUpdate(text: string, options: { uri?: string; title?: string; theme?: Update['theme'] } = {}): Update {
  return {
    type: 'update',
    documentUri: options.uri ?? 'file:///glossary/content/glossary/doc.md',
    title: options.title ?? 'Doc',
    version: nextVersion(),
    theme: options.theme ?? 'default',
    blocks: extractDiagrams(text, LIMITS),
  };
}

/**
 * The seed with its bare `graph TD` diagrams fenced: the two in the pasted prose at the top and
 * the fenced one get closing fences; the last one (Transformer Architecture) is opened and never
 * closed, as the seed's own fence is.
 */
function fencedSeed(): string {
  const lines = SEED.split('\n');
  const out: string[] = [];
  const graphs = lines.flatMap((line, index) => (line === 'graph TD' ? [index] : []));
  const last = graphs[graphs.length - 1];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === 'graph TD' && lines[i - 1] !== '```mermaid') out.push('```mermaid');
    out.push(line);
    const owner = graphs.filter((start) => start <= i).pop();
    const inGraph = owner !== undefined && owner !== last && /^(graph TD|\w+(\[[^\]]*\])? --> |style )/.test(line);
    if (inGraph && !/^(\w+(\[[^\]]*\])? --> |style )/.test(lines[i + 1] ?? '')) out.push('```');
  }
  return out.join('\n');
}

/** The labels of each section's <svg> (as `window.__labels` reads them: wrapping aside), by block index. */
async function svgLabels(preview: PreviewPage): Promise<Record<number, string[]>> {
  return preview.page.evaluate(() => {
    const result: Record<number, string[]> = {};
    for (const section of Array.from(document.querySelectorAll<HTMLElement>('section.block'))) {
      const svg = section.querySelector('.block-diagram > svg');
      if (svg) result[Number(section.dataset.index)] = window.__labels(svg);
    }
    return result;
  });
}

async function sectionText(preview: PreviewPage, index: number, selector: string): Promise<string | null> {
  return preview.page.evaluate(([i, s]) => {
    const node = document.querySelector(`section.block[data-index="${i}"] ${s}`) as HTMLElement | null;
    return node && !node.closest('[hidden]') ? node.textContent : null;
  }, [index, selector] as const);
}

async function assertClean(preview: PreviewPage): Promise<void> {
  assert.deepEqual(preview.foreignRequests, [], 'no request beyond the page, its script and its stylesheet');
  assert.deepEqual(preview.pageErrors, [], 'no uncaught page error');
  assert.deepEqual(preview.consoleErrors, [], 'no console error');
  assert.deepEqual(await preview.cspViolations(), [], 'no CSP violation');
  await preview.posted(); // every posted message is checked against the protocol
}

let harness: WebviewHarness;
before(async () => {
  harness = await WebviewHarness.start();
});
after(async () => {
  await harness?.close();
});

describe('preview webview', () => {
  test('renders the seed: labels in <svg>, a never-closed fence as a notice', async () => {
    const preview = await harness.open();
    try {
      // The seed as it is: its only ```mermaid fence is never closed.
      const raw = documentUpdate(SEED, { title: 'Foundation Model' });
      assert.equal(raw.blocks.length, 1);
      assert.equal(raw.blocks[0].closed, false);
      const rawReport = await preview.update(raw);
      assert.deepEqual(rawReport, { type: 'rendered', version: raw.version, total: 1, rendered: [], errors: [] });
      const fenceLine = SEED.split('\n').indexOf('```mermaid') + 1; // one-based line of the opening fence
      assert.equal(
        await sectionText(preview, 0, '.block-notice'),
        `This \`\`\`mermaid fence is never closed: everything after line ${fenceLine} renders as code.`,
      );
      assert.equal(await preview.page.locator('#title h1').textContent(), 'Foundation Model');

      // The seed with its diagrams fenced: three closed blocks and a last one never closed.
      const fenced = documentUpdate(fencedSeed(), { title: 'Foundation Model' });
      assert.deepEqual(fenced.blocks.map((block) => block.closed), [true, true, true, false]);
      const report = await preview.update(fenced);
      assert.deepEqual(report.rendered, [0, 1, 2]);
      assert.deepEqual(report.errors, []);
      assert.equal(report.total, 4);
      const labels = await svgLabels(preview);
      for (const label of ['Foundation Model', 'Pre-Training', 'Architecture', 'Self-Supervised Learning', 'Ethical Considerations']) {
        assert.ok(labels[0].includes(label), `diagram 0 has the label "${label}": ${JSON.stringify(labels[0])}`);
      }
      for (const label of ['Foundation Model Training', 'Data Collection', 'Tokenization', 'Ethical Assessment']) {
        assert.ok(labels[1].includes(label), `diagram 1 has the label "${label}": ${JSON.stringify(labels[1])}`);
      }
      for (const label of ['Foundation Model', 'Pre-Training', 'Adaptation Methods', 'Few-Shot Learning']) {
        assert.ok(labels[2].includes(label), `diagram 2 has the label "${label}": ${JSON.stringify(labels[2])}`);
      }
      assert.equal(labels[3], undefined, 'the never-closed block is not rendered');
      assert.match((await sectionText(preview, 3, '.block-notice')) ?? '', /^This ```mermaid fence is never closed: everything after line \d+ renders as code\.$/);
      assert.equal(await sectionText(preview, 2, '.block-heading'), 'Under: Foundation Model Framework');
      // `style A fill:#3498db` reaches the node.
      const fill = await preview.page.evaluate(() => {
        const node = document.querySelector('section.block[data-index="0"] g.node');
        const shape = node?.querySelector('rect, path, polygon') as SVGElement | null;
        return shape ? getComputedStyle(shape).fill : null;
      });
      assert.equal(fill, 'rgb(52, 152, 219)');
      await assertClean(preview);
    } finally {
      await preview.close();
    }
  });

  test('a parse error shows Mermaid\'s message at its document line; the last good diagram stays, dimmed', async () => {
    const preview = await harness.open();
    try {
      const good = '# Entry\n\nSome prose.\n\n## Flow\n\n```mermaid\n---\ntitle: Flow\n---\ngraph TD\n%% a comment line\n\nA[Start] --> B[Middle]\nB --> C[End]\n```\n\n## Talk\n\n```mermaid\nsequenceDiagram\n%%{init: {"wrap": true}}%%\nAlice->>Bob: Hello\nBob->>Alice: Hi\n```\n\n## Styled\n\n```mermaid\n%%{init: {\n  "theme": "forest",\n  "flowchart": {"curve": "basis"}\n}}%%\n\nflowchart LR\n  X[One] --> Y[Two]\n  Y --> Z[Three]\n```\n';
      const first = await preview.update(documentUpdate(good));
      assert.deepEqual(first.errors, []);
      assert.deepEqual(first.rendered, [0, 1, 2]);

      const broken = good.replace('B --> C[End]', 'B --> C -->').replace('Bob->>Alice: Hi', 'Bob->>: Hi').replace('  Y --> Z[Three]', '  Y --> Z[Three');
      const lines = broken.split('\n');
      const flowLine = lines.indexOf('B --> C -->');
      const talkLine = lines.indexOf('Bob->>: Hi');
      const styledLine = lines.indexOf('  Y --> Z[Three');
      const report = await preview.update(documentUpdate(broken));
      assert.deepEqual(report.rendered, [0, 1, 2]);
      assert.deepEqual(report.errors.map(({ index, line }) => ({ index, line })), [
        { index: 0, line: flowLine },
        { index: 1, line: talkLine },
        { index: 2, line: styledLine },
      ]);
      for (const error of report.errors) assert.match(error.message, /Parse error/);
      assert.equal(await sectionText(preview, 0, '.block-error-location'), `Line ${flowLine + 1}:`);
      assert.equal(await sectionText(preview, 1, '.block-error-location'), `Line ${talkLine + 1}:`);
      assert.match((await sectionText(preview, 1, '.block-error-message')) ?? '', /Parse error on line \d+/);
      const state = await preview.page.evaluate(() => {
        const section = document.querySelector('section.block[data-index="0"]') as HTMLElement;
        const diagram = section.querySelector('.block-diagram') as HTMLElement;
        return {
          svgShown: !diagram.hidden && diagram.querySelector('svg') !== null,
          stale: diagram.classList.contains('stale'),
          opacity: Number(getComputedStyle(diagram).opacity),
          buttonsDisabled: Array.from(section.querySelectorAll('button')).every((button) => button.disabled),
        };
      });
      assert.deepEqual({ ...state, opacity: state.opacity < 1 }, { svgShown: true, stale: true, opacity: true, buttonsDisabled: true });

      // Lines added above the block move the error's line; the block is not re-rendered for that.
      const moved = await preview.update(documentUpdate(`Intro line\nAnother\n${broken}`));
      assert.deepEqual(moved.rendered, []);
      assert.deepEqual(moved.errors.map((error) => error.line), [flowLine + 2, talkLine + 2, styledLine + 2]);
      assert.equal(await sectionText(preview, 0, '.block-error-location'), `Line ${flowLine + 3}:`);

      // Fixed again: the error goes, the diagram is no longer dimmed.
      const fixed = await preview.update(documentUpdate(good));
      assert.deepEqual(fixed.errors, []);
      assert.equal(await sectionText(preview, 0, '.block-error-location'), null);
      assert.equal(await preview.page.locator('section.block[data-index="0"] .block-diagram.stale').count(), 0);

      // An unknown diagram type and an empty block are errors at the block's first line.
      const odd = await preview.update(updateMessage([{ source: 'notADiagram\nA --> B', line: 40 }, { source: '', line: 50 }]));
      assert.deepEqual(odd.errors.map(({ index, line }) => ({ index, line })), [{ index: 0, line: 40 }, { index: 1, line: 50 }]);
      await assertClean(preview);
    } finally {
      await preview.close();
    }
  });

  test('re-renders only the block whose source changed; the others keep their DOM nodes', async () => {
    const preview = await harness.open();
    try {
      const sources = Array.from({ length: 5 }, (_, i) => `graph LR\nA${i}[Block ${i}] --> B${i}[Next ${i}]`);
      const first = await preview.update(updateMessage(sources, { version: nextVersion() }));
      assert.deepEqual(first.rendered, [0, 1, 2, 3, 4]);
      await preview.page.evaluate(() => {
        document.querySelectorAll('section.block svg').forEach((svg, i) => {
          (svg as unknown as { __mark: number }).__mark = i;
        });
        document.querySelectorAll('section.block').forEach((section, i) => {
          (section as unknown as { __mark: number }).__mark = i;
        });
      });
      const changed = [...sources];
      changed[2] = 'graph LR\nA2[Block 2 edited] --> B2[Next 2]';
      const second = await preview.update(updateMessage(changed, { version: nextVersion() }));
      assert.deepEqual(second.rendered, [2]);
      assert.equal(second.total, 5);
      const marks = await preview.page.evaluate(() =>
        Array.from(document.querySelectorAll('section.block')).map((section) => ({
          section: (section as unknown as { __mark?: number }).__mark,
          svg: (section.querySelector('svg') as unknown as { __mark?: number } | null)?.__mark,
        })),
      );
      assert.deepEqual(marks, [
        { section: 0, svg: 0 },
        { section: 1, svg: 1 },
        { section: 2, svg: undefined },
        { section: 3, svg: 3 },
        { section: 4, svg: 4 },
      ]);
      assert.ok((await svgLabels(preview))[2].includes('Block 2 edited'));

      // The same document again: nothing to render, still exactly one report.
      const same = await preview.update(updateMessage(changed, { version: nextVersion() }));
      assert.deepEqual(same.rendered, []);

      // Blocks removed from the document lose their sections.
      const fewer = await preview.update(updateMessage(changed.slice(0, 3), { version: nextVersion() }));
      assert.deepEqual(fewer.rendered, []);
      assert.equal(await preview.page.locator('section.block').count(), 3);
      const none = await preview.update(updateMessage([], { version: nextVersion() }));
      assert.deepEqual(none, { type: 'rendered', version: none.version, total: 0, rendered: [], errors: [] });
      assert.equal(await preview.page.locator('section.block').count(), 0);
      assert.equal(await preview.page.locator('.doc-empty').isVisible(), true);
      await assertClean(preview);
    } finally {
      await preview.close();
    }
  });

  test('a theme message re-renders every diagram in the new theme', async () => {
    const preview = await harness.open();
    try {
      const update = updateMessage(['graph TD\nA[One] --> B[Two]', 'graph TD\nC[Three] --> D[Four]', { source: 'graph TD\nX', closed: false }]);
      await preview.update(update);
      const colours = () =>
        preview.page.evaluate(() =>
          Array.from(document.querySelectorAll('section.block svg')).map((svg) => {
            const shape = svg.querySelector('g.node rect, g.node path') as SVGElement;
            const label = svg.querySelector('g.node text') as SVGElement;
            return { fill: getComputedStyle(shape).fill, text: getComputedStyle(label).fill, style: svg.querySelector('style')?.textContent ?? '' };
          }),
        );
      const light = await colours();
      await preview.send({ type: 'theme', theme: 'dark' });
      const report = await preview.waitForRendered(update.version, { occurrence: 2 });
      assert.deepEqual(report.rendered, [0, 1]);
      const dark = await colours();
      assert.equal(dark.length, 2);
      for (let i = 0; i < 2; i++) {
        assert.notEqual(dark[i].fill, light[i].fill, 'node fill changes');
        assert.notEqual(dark[i].text, light[i].text, 'label colour changes');
        assert.notEqual(dark[i].style, light[i].style);
      }
      // An update that carries the theme it already has renders nothing new.
      const again = await preview.update({ ...update, version: nextVersion(), theme: 'dark' });
      assert.deepEqual(again.rendered, []);
      // An update with another theme re-renders everything.
      const forest = await preview.update({ ...update, version: nextVersion(), theme: 'forest' });
      assert.deepEqual(forest.rendered, [0, 1]);
      await assertClean(preview);
    } finally {
      await preview.close();
    }
  });

  test('click reveals the line; SVG, PNG and Copy SVG post valid data', async () => {
    const preview = await harness.open();
    try {
      const update = updateMessage([
        { source: 'graph LR\nA[Export me] --> B[Second node]', line: 12 },
        { source: 'graph LR\nA --> B[', line: 30 },
      ]);
      const report = await preview.update(update);
      const errorLine = report.errors[0].line;
      await preview.page.locator('section.block[data-index="0"] svg g.node').first().click();
      await preview.page.locator('section.block[data-index="1"] .block-error').click();
      const section = preview.page.locator('section.block[data-index="0"]');
      await section.getByRole('button', { name: 'SVG', exact: true }).click();
      await section.getByRole('button', { name: 'Copy SVG' }).click();
      await section.getByRole('button', { name: 'PNG' }).click();
      await preview.page.waitForFunction(() => window.__posted.some((m) => (m as { format?: string }).format === 'png'));

      const posted = await preview.posted();
      const reveals = posted.filter((m): m is Extract<WebviewMessage, { type: 'reveal' }> => m.type === 'reveal');
      assert.deepEqual(reveals, [{ type: 'reveal', line: 12 }, { type: 'reveal', line: errorLine }]);

      const svg = posted.find((m): m is Extract<WebviewMessage, { type: 'export' }> => m.type === 'export' && m.format === 'svg');
      assert.ok(svg && svg.index === 0);
      assert.match(svg.data, /^<svg[\s>]/);
      const parsed = await preview.page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        const root = doc.documentElement;
        return {
          error: doc.querySelector('parsererror')?.textContent ?? null,
          root: root.localName,
          ns: root.namespaceURI,
          width: Number(root.getAttribute('width')),
          height: Number(root.getAttribute('height')),
          labels: window.__labels(root),
        };
      }, svg.data);
      assert.equal(parsed.error, null, 'the exported SVG is well-formed XML');
      assert.equal(parsed.root, 'svg');
      assert.equal(parsed.ns, 'http://www.w3.org/2000/svg');
      // Its size is the diagram's, which depends on the fonts; that it has one is what matters.
      assert.ok(parsed.width > 0 && parsed.height > 0, `the exported SVG has a size: ${parsed.width} × ${parsed.height}`);
      assert.deepEqual(parsed.labels, ['Export me', 'Second node']);

      const copy = posted.find((m): m is Extract<WebviewMessage, { type: 'copy' }> => m.type === 'copy');
      assert.ok(copy && copy.index === 0);
      assert.equal(copy.svg, svg.data);

      const png = posted.find((m): m is Extract<WebviewMessage, { type: 'export' }> => m.type === 'export' && m.format === 'png');
      assert.ok(png && png.index === 0);
      assert.ok(png.data.startsWith('data:image/png;base64,'));
      const bytes = Buffer.from(png.data.slice('data:image/png;base64,'.length), 'base64');
      assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
      assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
      assert.ok(Math.abs(bytes.readUInt32BE(16) - parsed.width * 2) <= 2, 'PNG is twice the diagram width');
      assert.ok(Math.abs(bytes.readUInt32BE(20) - parsed.height * 2) <= 2, 'PNG is twice the diagram height');
      assert.ok(bytes.length > 1000, 'the PNG has content');

      // The block with an error offers no export.
      assert.equal(await preview.page.locator('section.block[data-index="1"] button:enabled').count(), 0);

      // A directive cannot turn HTML labels back on: labels stay SVG <text>, so PNG export keeps working.
      const directive = await preview.update(updateMessage([
        { source: '%%{init: {"htmlLabels": true, "flowchart": {"htmlLabels": true}}}%%\ngraph LR\nA[Still SVG text] --> B[Too]', line: 12 },
      ]));
      assert.deepEqual(directive.errors, []);
      const labels = await preview.page.evaluate(() => ({
        texts: window.__labels(document.getElementById('diagrams')!),
        foreignObjects: document.getElementsByTagNameNS('http://www.w3.org/2000/svg', 'foreignObject').length,
      }));
      assert.deepEqual(labels.texts, ['Still SVG text', 'Too']);
      assert.equal(labels.foreignObjects, 0);
      await assertClean(preview);
    } finally {
      await preview.close();
    }
  });

  test('updates arriving during a render: superseded ones are dropped, the last is always rendered and reported once', async () => {
    const preview = await harness.open();
    try {
      const heavy = (label: string) =>
        `graph TD\n${Array.from({ length: 60 }, (_, i) => `N${i}[${label} ${i}] --> N${i + 1}`).join('\n')}`;
      const round = (n: number) => updateMessage([heavy(`r${n}a`), heavy(`r${n}b`), heavy(`r${n}c`)], { version: nextVersion() });
      const rendered = async () => (await preview.posted()).filter((m): m is Extract<WebviewMessage, { type: 'rendered' }> => m.type === 'rendered');

      // A burst (all queued before the page runs again): only the last is rendered.
      const burst = [0, 1, 2, 3, 4].map(round);
      await preview.page.evaluate((messages) => messages.forEach((message) => window.postMessage(message, '*')), burst);
      const last = burst[burst.length - 1].version;
      assert.deepEqual((await preview.waitForRendered(last)).rendered, [0, 1, 2]);
      assert.deepEqual((await rendered()).map((report) => report.version), [last]);
      let labels = await svgLabels(preview);
      for (const [index, letter] of ['a', 'b', 'c'].entries()) assert.ok(labels[index].includes(`r4${letter} 0`), 'the page shows the last version');

      // Staggered: each update is sent while the pass of the one before it is under way (its first
      // diagram has just replaced the old one on the page; two are still to come). The page sends
      // them itself, from a MutationObserver, so that "under way" is an event, not a guess of how
      // long a render takes. Each pass must give way to the newer update, so only the last is reported.
      const staggered = [5, 6, 7, 8, 9, 10].map(round);
      await preview.page.evaluate((messages) => {
        const firstDiagram = document.querySelector('section.block[data-index="0"] .block-diagram')!;
        let sent = 0;
        const observer = new MutationObserver((mutations) => {
          for (const mutation of mutations) {
            for (const node of Array.from(mutation.addedNodes)) {
              if (node.nodeName.toLowerCase() !== 'svg') continue;
              if (sent === messages.length) observer.disconnect();
              else window.postMessage(messages[sent++], '*');
            }
          }
        });
        observer.observe(firstDiagram, { childList: true });
        window.postMessage(messages[sent++], '*');
      }, staggered);
      const final = staggered[staggered.length - 1];
      await preview.waitForRendered(final.version);
      // The same document once more: its report comes after any report the passes above still owed.
      const barrier = { ...final, version: nextVersion() };
      assert.deepEqual((await preview.update(barrier)).rendered, []);
      const staggeredVersions = new Set(staggered.map((message) => message.version));
      const reported = (await rendered()).map((report) => report.version).filter((version) => staggeredVersions.has(version));
      assert.deepEqual(reported, [final.version], 'every pass that saw a newer update gave way to it; the last version is reported once');
      labels = await svgLabels(preview);
      for (const [index, letter] of ['a', 'b', 'c'].entries()) assert.ok(labels[index].includes(`r10${letter} 0`), 'the page shows the last version');

      // Messages outside the protocol are ignored, with a warning.
      const before = (await rendered()).length;
      const warnings: string[] = [];
      preview.page.on('console', (message) => {
        if (message.type() === 'warning') warnings.push(message.text());
      });
      const bad: unknown[] = [
        { type: 'update', documentUri: 'x', title: 't', version: nextVersion(), theme: 'default', blocks: [], extra: true },
        { type: 'update', documentUri: 'x', title: 't', version: -1, theme: 'default', blocks: [] },
        { type: 'update', documentUri: 'x', title: 't', version: nextVersion(), theme: 'evil', blocks: [] },
        { type: 'theme', theme: 'loose' },
        { type: 'rendered', version: 1, total: 0, rendered: [], errors: [] },
        'update',
        null,
      ];
      for (const message of bad) await preview.send(message);
      // A valid update behind them: once it is reported, the page has handled every message before it.
      const valid = { ...final, version: nextVersion() };
      await preview.update(valid);
      assert.deepEqual((await rendered()).slice(before).map((report) => report.version), [valid.version], 'only the valid update is reported');
      assert.equal(warnings.length, bad.length);
      await assertClean(preview);
    } finally {
      await preview.close();
    }
  });

  test('keeps the scroll position across updates and restores it from saved state', async () => {
    const tall = Array.from({ length: 8 }, (_, i) => `graph TD\nA${i}[Tall ${i}] --> B${i}[x] --> C${i}[y] --> D${i}[z] --> E${i}[w]`);
    const uri = 'file:///glossary/content/glossary/tall.md';
    const preview = await harness.open({ viewport: { width: 800, height: 500 } });
    // Positions within the page, whatever its height (the fonts decide it), in its upper part: above
    // the edited diagram, so that no scroll anchoring could excuse a move.
    let kept: number;
    let saved: number;
    try {
      await preview.update(updateMessage(tall, { documentUri: uri }));
      const room = await preview.page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
      assert.ok(room > 8, `eight diagrams make the page scroll (room: ${room} px)`);
      kept = Math.floor(room / 3);
      saved = Math.floor(room / 4);
      await preview.page.evaluate((y) => window.scrollTo(0, y), kept);
      await preview.page.waitForFunction((y) => (window.__state as { scrollY?: number } | undefined)?.scrollY === y, kept);
      assert.deepEqual(await preview.page.evaluate(() => window.__state), { documentUri: uri, scrollY: kept });
      const edited = [...tall];
      edited[6] = edited[6].replace('Tall 6', 'Tall six');
      const report = await preview.update(updateMessage(edited, { documentUri: uri }));
      assert.deepEqual(report.rendered, [6]);
      assert.equal(await preview.page.evaluate(() => window.scrollY), kept, 'an update does not move the page');
    } finally {
      await preview.close();
    }
    const restored = await harness.open({ viewport: { width: 800, height: 500 }, state: { documentUri: uri, scrollY: saved } });
    try {
      await restored.update(updateMessage(tall, { documentUri: uri }));
      assert.equal(await restored.page.evaluate(() => window.scrollY), saved, 'the saved position is restored');
      // Another document starts at the top.
      await restored.update(updateMessage(tall.slice(0, 2), { documentUri: 'file:///other.md' }));
      assert.equal(await restored.page.evaluate(() => window.scrollY), 0);
      await assertClean(restored);
    } finally {
      await restored.close();
    }
  });
});
