/**
 * Mermaid in VS Code's own Markdown preview, in real headless Chromium: the built preview script
 * (dist/webview/markdown-preview.js) and stylesheet on a page shaped like the built-in preview's
 * (its strict Content-Security-Policy, the `vscode-light`/`vscode-dark` body classes, content
 * rendered by markdown-it with the extension's plugin, replaced on update followed by the
 * `vscode.markdown.updateContent` event). Run `npm run build` first.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import type { Browser, Page } from 'playwright-core';
import { markdownItMermaid } from '../../client/src/preview/markdownItMermaid';
import { createNonce } from '../../client/src/preview/previewHtml';
import { HANG_GUARD_MS } from '../helpers/hangGuard';
import { startPageServer, type PageServer } from './harness';

const render = (markdown: string) => markdownItMermaid(new MarkdownIt()).render(markdown);

const GOOD = ['# Foundation model', '', 'Text before.', '', '```mermaid', 'flowchart LR', '  Pretraining --> Finetuning', '```', ''].join('\n');
const BROKEN = ['```mermaid', 'flowchart LR', '  A -->', '  B --> --> C', '```', ''].join('\n');

let pages: PageServer;
let browser: Browser;
let origin = '';

/** The built-in preview's page: its CSP with VS Code's strict security setting, and its body classes. */
function pageHtml(body: string, bodyClass: string): string {
  const nonce = createNonce();
  const csp = [
    "default-src 'none'",
    `img-src 'self' ${origin} https: data:`,
    `media-src 'self' ${origin} https: data:`,
    `script-src 'nonce-${nonce}'`,
    `style-src ${origin} 'self' 'unsafe-inline' https: data:`,
    `font-src ${origin} 'self' https: data:`,
  ].join('; ');
  return `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" href="${origin}/markdown-preview-style.css"></head>
<body class="vscode-body ${bodyClass}"><div class="markdown-body">${body}</div>
<script async nonce="${nonce}" src="${origin}/markdown-preview.js"></script></body></html>`;
}

let nextPage: { body: string; bodyClass: string } = { body: '', bodyClass: 'vscode-light' };

before(async () => {
  pages = await startPageServer(() => pageHtml(nextPage.body, nextPage.bodyClass), ['markdown-preview.js', 'markdown-preview-style.css']);
  ({ origin, browser } = pages);
});

after(async () => {
  await pages?.close();
});

interface OpenPage {
  page: Page;
  requests: string[];
  errors: string[];
}

async function open(markdown: string, bodyClass = 'vscode-light'): Promise<OpenPage> {
  nextPage = { body: render(markdown), bodyClass };
  const page = await browser.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(error.message));
  // Nothing beyond the page's own files may load; anything else is recorded, then refused.
  await page.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));
  await page.goto(`${origin}/`);
  return { page, requests, errors };
}

const beyondThePage = (opened: OpenPage) => opened.requests.filter((url) => !url.startsWith(`${origin}/`));

/** Waits until every container on the page shows a drawing or an error. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const containers = Array.from(document.querySelectorAll('.glossary-mermaid'));
    return containers.length > 0 && containers.every((container) => container.querySelector(':scope > .glossary-mermaid-output'));
  }, undefined, { timeout: HANG_GUARD_MS, polling: 20 });
}

const labels = (page: Page) => page.evaluate(() => Array.from(document.querySelectorAll('.glossary-mermaid svg text, .glossary-mermaid svg .nodeLabel'))
  .map((element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim()).filter((text) => text !== ''));

test('a mermaid fence is drawn as an SVG in place of its source, with nothing loaded beyond the page', async () => {
  const opened = await open(GOOD);
  await settled(opened.page);
  const state = await opened.page.evaluate(() => {
    const container = document.querySelector('.glossary-mermaid')!;
    return {
      svg: container.querySelector(':scope > svg') !== null,
      sourceHidden: (container.querySelector('.glossary-mermaid-source') as HTMLElement).hidden,
      scripts: document.querySelectorAll('script').length,
      handlers: Array.from(container.querySelectorAll('*')).flatMap((element) => Array.from(element.attributes).filter((a) => a.name.startsWith('on')).map((a) => a.name)),
    };
  });
  assert.deepEqual(state, { svg: true, sourceHidden: true, scripts: 1, handlers: [] });
  const text = (await labels(opened.page)).join(' ');
  assert.match(text, /Pretraining/);
  assert.match(text, /Finetuning/);
  assert.deepEqual(beyondThePage(opened), []);
  assert.deepEqual(opened.errors, []);
  await opened.page.close();
});

test('a diagram that does not parse shows Mermaid\'s message below its source, and the others still draw', async () => {
  const opened = await open(`${BROKEN}\n${GOOD}`);
  await settled(opened.page);
  const state = await opened.page.evaluate(() => Array.from(document.querySelectorAll('.glossary-mermaid')).map((container) => ({
    error: container.querySelector('.glossary-mermaid-error')?.textContent ?? null,
    sourceHidden: (container.querySelector('.glossary-mermaid-source') as HTMLElement).hidden,
    svg: container.querySelector(':scope > svg') !== null,
  })));
  assert.equal(state.length, 2);
  assert.match(state[0].error ?? '', /^Mermaid: .*(Parse error|Expecting|error)/is);
  assert.equal(state[0].sourceHidden, false);
  assert.equal(state[0].svg, false);
  assert.deepEqual({ error: state[1].error, svg: state[1].svg }, { error: null, svg: true });
  assert.deepEqual(opened.errors, []);
  await opened.page.close();
});

test('the preview\'s update (content replaced, then vscode.markdown.updateContent) draws the new diagrams', async () => {
  const opened = await open(GOOD);
  await settled(opened.page);
  const updated = render(GOOD.replace('Finetuning', 'Distillation'));
  await opened.page.evaluate((html) => {
    document.querySelector('.markdown-body')!.innerHTML = html;
    window.dispatchEvent(new CustomEvent('vscode.markdown.updateContent'));
  }, updated);
  await settled(opened.page);
  const text = (await labels(opened.page)).join(' ');
  assert.match(text, /Distillation/);
  assert.doesNotMatch(text, /Finetuning/);
  await opened.page.close();
});

test('the diagram follows the preview\'s colour theme, and a pinned theme wins', async () => {
  const opened = await open(GOOD, 'vscode-dark');
  await settled(opened.page);
  const drawnWith = () => opened.page.evaluate(() => (document.querySelector('.glossary-mermaid') as HTMLElement).dataset.drawn?.split('\n')[0]);
  assert.equal(await drawnWith(), 'dark');
  await opened.page.evaluate(() => document.body.classList.replace('vscode-dark', 'vscode-light'));
  await opened.page.waitForFunction(() => (document.querySelector('.glossary-mermaid') as HTMLElement).dataset.drawn?.startsWith('default\n'), undefined, { timeout: HANG_GUARD_MS });
  await opened.page.close();

  nextPage = { body: markdownItMermaid(new MarkdownIt(), { enabled: () => true, pinnedTheme: () => 'forest' }).render(GOOD), bodyClass: 'vscode-dark' };
  const pinned = await browser.newPage();
  await pinned.goto(`${origin}/`);
  await settled(pinned);
  assert.equal(await pinned.evaluate(() => (document.querySelector('.glossary-mermaid') as HTMLElement).dataset.drawn?.split('\n')[0]), 'forest');
  await pinned.close();
});

test('markup written into Mermaid\'s elements is made inert; VS Code\'s own markup passes untouched', async () => {
  const opened = await open(GOOD);
  await settled(opened.page);
  const result = await opened.page.evaluate(() => {
    const inside = document.createElement('span');
    document.querySelector('.glossary-mermaid svg')!.append(inside);
    inside.innerHTML = '<img src="https://example.invalid/tracked.png">';
    const outside = document.createElement('div');
    document.querySelector('.markdown-body')!.append(outside);
    outside.innerHTML = '<img src="https://example.invalid/picture.png">';
    return { inside: inside.querySelector('img')!.getAttribute('src'), outside: outside.querySelector('img')!.getAttribute('src') };
  });
  assert.match(result.inside ?? '', /^data:image\//);
  assert.equal(result.outside, 'https://example.invalid/picture.png');
  assert.ok(!opened.requests.includes('https://example.invalid/tracked.png'));
  await opened.page.close();
});
