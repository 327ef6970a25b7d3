/**
 * The markdown-it plugin VS Code's Markdown preview runs (extendMarkdownIt): Mermaid fences
 * become containers holding their source as text; every other fence renders as markdown-it
 * renders it; the settings are read at each render.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { MERMAID_CONTAINER_CLASS, PINNED_THEME_ATTRIBUTE, isMermaidInfo, markdownItMermaid } from '../../client/src/preview/markdownItMermaid';

const DOCUMENT = [
  '# Term',
  '',
  '```mermaid',
  'flowchart LR',
  '  A["<img src=x onerror=alert(1)>"] --> B & C',
  '```',
  '',
  '```ts',
  'const a = 1 < 2;',
  '```',
  '',
  '~~~ Mermaid title="x"',
  'graph TD; X-->Y',
  '~~~',
].join('\n');

test('Mermaid fences become containers with their source escaped; other fences are untouched', () => {
  const plain = new MarkdownIt().render(DOCUMENT);
  const html = markdownItMermaid(new MarkdownIt()).render(DOCUMENT);
  const containers = html.match(new RegExp(`<div class="${MERMAID_CONTAINER_CLASS}"><pre class="glossary-mermaid-source">[^]*?</pre></div>`, 'g')) ?? [];
  assert.equal(containers.length, 2);
  assert.ok(containers[0].includes('A[&quot;&lt;img src=x onerror=alert(1)&gt;&quot;] --&gt; B &amp; C'));
  assert.ok(!html.includes('<img'));
  assert.ok(containers[1].includes('graph TD; X--&gt;Y'));
  const typescript = /<pre><code class="language-ts">[^]*?<\/code><\/pre>/.exec(plain)?.[0];
  assert.ok(typescript && html.includes(typescript));
  assert.ok(!plain.includes(MERMAID_CONTAINER_CLASS));
});

test('the attributes other plugins set on the fence token stay on the container (VS Code\'s line numbers for scroll sync)', () => {
  const md = new MarkdownIt();
  md.core.ruler.push('line-numbers', (state) => {
    for (const token of state.tokens) {
      if (token.map && token.type === 'fence') {
        token.attrSet('data-line', String(token.map[0]));
        token.attrJoin('class', 'code-line');
      }
    }
  });
  markdownItMermaid(md);
  const tokens = md.parse(DOCUMENT, {});
  const html = md.renderer.render(tokens, md.options, {});
  assert.match(html, new RegExp(`<div data-line="2" class="code-line ${MERMAID_CONTAINER_CLASS}">`));
  // Rendered again from the same tokens, as VS Code does from its token cache: the same markup.
  assert.equal(md.renderer.render(tokens, md.options, {}), html);
});

test('settings are read at each render: off renders a plain fence, a pinned theme is an escaped attribute', () => {
  let enabled = false;
  let theme: string | undefined = 'forest" onload="x';
  const md = markdownItMermaid(new MarkdownIt(), { enabled: () => enabled, pinnedTheme: () => theme });
  assert.equal(md.render(DOCUMENT), new MarkdownIt().render(DOCUMENT));
  enabled = true;
  const pinned = md.render(DOCUMENT);
  assert.ok(pinned.includes(`${PINNED_THEME_ATTRIBUTE}="forest&quot; onload=&quot;x"`));
  theme = undefined;
  assert.ok(!md.render(DOCUMENT).includes(PINNED_THEME_ATTRIBUTE));
});

test('isMermaidInfo: the first word of the info string, in any case', () => {
  assert.equal(isMermaidInfo('mermaid'), true);
  assert.equal(isMermaidInfo('  MERMAID  '), true);
  assert.equal(isMermaidInfo('mermaid {theme: dark}'), true);
  assert.equal(isMermaidInfo('mermaidjs'), false);
  assert.equal(isMermaidInfo(''), false);
  assert.equal(isMermaidInfo('js mermaid'), false);
});
