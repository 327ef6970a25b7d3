import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, mock, test } from 'node:test';
import { Debouncer } from '../../client/src/preview/debounce';
import { extractDiagrams } from '../../client/src/preview/diagramBlocks';
import { contentSecurityPolicy, createNonce, renderPreviewHtml } from '../../client/src/preview/previewHtml';
import { ColorThemeKind, mermaidThemeFor } from '../../client/src/preview/previewTheme';
import { isHostMessage, isWebviewMessage } from '../../client/src/preview/protocol';

const seed = readFileSync(new URL('../fixtures/foundation-model.seed.txt', import.meta.url), 'utf8');
const limits = { maxCharacters: 50_000, maxEdges: 1_000 };

describe('preview page and CSP', () => {
  test('the policy allows only the nonce script, own styles and images, and no network', () => {
    const csp = contentSecurityPolicy('https://webview.example', 'abc123');
    assert.equal(csp, "default-src 'none'; script-src 'nonce-abc123'; style-src https://webview.example 'unsafe-inline'; img-src https://webview.example data:; font-src https://webview.example; base-uri 'none'; form-action 'none'");
    assert.doesNotMatch(csp, /connect-src|unsafe-eval|\*/);
  });

  test('nonces are fresh and unguessable', () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    assert.equal(nonces.size, 100);
    for (const nonce of nonces) assert.match(nonce, /^[A-Za-z0-9]{20,}$/);
  });

  test('the page loads exactly one script, with the nonce, and escapes its URIs', () => {
    const html = renderPreviewHtml({ cspSource: 'https://w', nonce: 'N0nce', scriptUri: 'https://w/p.js?a="b"', styleUri: 'https://w/p.css' });
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.match(html, /<script nonce="N0nce" src="https:\/\/w\/p\.js\?a=&quot;b&quot;"><\/script>/);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-N0nce';/);
  });
});

describe('message validation', () => {
  const block = { index: 0, heading: 'H', source: 'graph TD\nA-->B', line: 3, closed: true };
  test('accepts well-formed host messages only', () => {
    assert.ok(isHostMessage({ type: 'update', documentUri: 'file:///a.md', title: 'a.md', version: 1, blocks: [block], theme: 'dark' }));
    assert.ok(isHostMessage({ type: 'theme', theme: 'default' }));
    assert.ok(!isHostMessage({ type: 'theme', theme: 'evil' }));
    assert.ok(!isHostMessage({ type: 'update', documentUri: 'x', title: 'x', version: 1, blocks: [{ ...block, line: -1 }], theme: 'dark' }));
    assert.ok(!isHostMessage({ type: 'update', documentUri: 'x', title: 'x', version: 1, blocks: [{ ...block, extra: 1 }], theme: 'dark' }));
    assert.ok(!isHostMessage({ type: 'run', code: 'alert(1)' }));
    assert.ok(!isHostMessage(null));
    assert.ok(!isHostMessage('update'));
  });

  test('accepts well-formed webview messages only', () => {
    assert.ok(isWebviewMessage({ type: 'ready' }));
    assert.ok(isWebviewMessage({ type: 'rendered', version: 2, total: 3, rendered: [0, 2], errors: [{ index: 1, line: 40, message: 'Parse error' }] }));
    assert.ok(isWebviewMessage({ type: 'reveal', line: 12 }));
    assert.ok(isWebviewMessage({ type: 'export', format: 'svg', index: 0, data: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' }));
    assert.ok(isWebviewMessage({ type: 'export', format: 'png', index: 0, data: 'data:image/png;base64,iVBORw0KGgo=' }));
    assert.ok(isWebviewMessage({ type: 'copy', index: 0, svg: '<svg></svg>' }));
    const rejected: unknown[] = [
      { type: 'ready', extra: true },
      { type: 'reveal', line: '12' },
      { type: 'reveal', line: 1.5 },
      { type: 'export', format: 'exe', index: 0, data: 'MZ' },
      { type: 'export', format: 'svg', index: 0, data: '<script>alert(1)</script>' },
      { type: 'export', format: 'png', index: 0, data: 'data:text/html;base64,PHNjcmlwdD4=' },
      { type: 'copy', index: 0, svg: 'rm -rf /' },
      { type: 'rendered', version: 1, total: 1, rendered: ['0'], errors: [] },
      { type: 'openFile', path: '/etc/passwd' },
      [],
      undefined,
    ];
    for (const message of rejected) assert.ok(!isWebviewMessage(message), JSON.stringify(message));
  });
});

describe('debouncing', () => {
  test('runs once, the delay after the last call', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      let runs = 0;
      const debouncer = new Debouncer(() => runs++, 100);
      debouncer.schedule();
      mock.timers.tick(60);
      debouncer.schedule();
      mock.timers.tick(60);
      assert.equal(runs, 0);
      mock.timers.tick(40);
      assert.equal(runs, 1);
      mock.timers.tick(1000);
      assert.equal(runs, 1);
      debouncer.schedule();
      debouncer.flush();
      assert.equal(runs, 2);
      assert.equal(debouncer.pending, false);
      debouncer.schedule();
      debouncer.cancel();
      mock.timers.tick(1000);
      assert.equal(runs, 2);
    } finally {
      mock.timers.reset();
    }
  });
});

describe('diagram extraction', () => {
  test('finds every mermaid block of the seed, with its heading, line and whether it is closed', () => {
    const blocks = extractDiagrams(seed, limits);
    assert.equal(blocks.length, 1);
    assert.deepEqual({ ...blocks[0], source: blocks[0].source.split('\n')[0] }, { index: 0, heading: 'Foundation Model Framework', source: 'graph TD', line: 128, closed: false });
  });

  test('orders blocks, skips other languages and refuses oversized ones', () => {
    const text = '# A\n```mermaid\ngraph TD\nA-->B\n```\n```js\nx\n```\n## B\n~~~mermaid\ngraph LR\nC-->D\n~~~\n';
    const blocks = extractDiagrams(text, limits);
    assert.deepEqual(blocks.map((b) => [b.index, b.heading, b.line, b.source, b.closed]), [[0, 'A', 2, 'graph TD\nA-->B', true], [1, 'B', 10, 'graph LR\nC-->D', true]]);
    const edges = Array.from({ length: 20 }, (_, i) => `N${i}-->N${i + 1}`).join('\n');
    const [tooManyEdges] = extractDiagrams(`\`\`\`mermaid\ngraph TD\n${edges}\n\`\`\`\n`, { maxCharacters: 50_000, maxEdges: 10 });
    assert.match(tooManyEdges.notice ?? '', /20 edges, more than glossary\.preview\.maxDiagramEdges \(10\)/);
    const [tooLong] = extractDiagrams(`\`\`\`mermaid\ngraph TD\n${'A-->B\n'.repeat(100)}\`\`\`\n`, { maxCharacters: 200, maxEdges: 1000 });
    assert.match(tooLong.notice ?? '', /more than glossary\.preview\.maxDiagramCharacters \(200\)/);
  });
});

describe('theme', () => {
  test('the Mermaid theme follows the colour theme unless pinned', () => {
    assert.equal(mermaidThemeFor(ColorThemeKind.Light, 'auto'), 'default');
    assert.equal(mermaidThemeFor(ColorThemeKind.Dark, 'auto'), 'dark');
    assert.equal(mermaidThemeFor(ColorThemeKind.HighContrast, 'auto'), 'dark');
    assert.equal(mermaidThemeFor(ColorThemeKind.HighContrastLight, 'auto'), 'default');
    assert.equal(mermaidThemeFor(ColorThemeKind.Dark, 'forest'), 'forest');
    assert.equal(mermaidThemeFor(ColorThemeKind.Dark, 'javascript:'), 'dark');
  });
});
