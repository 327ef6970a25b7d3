/**
 * The glossary overview webview in real headless Chromium, in the page the host serves
 * (renderOverviewHtml, so its CSP is the one under test): the figures of the example glossary
 * drawn as counts, bars and lists; a click posts `open` for that entry and place; hostile titles
 * stay text; a message of unknown shape is ignored. Run `npm run build` first.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { glossaryStats, type GlossaryStats } from '../../server/src/core/features/stats';
import { renderOverviewHtml } from '../../client/src/overview/overviewHtml';
import { createNonce } from '../../client/src/preview/previewHtml';
import { isOverviewWebviewMessage } from '../../client/src/overview/overviewProtocol';
import { Fixture, entryText, readExampleGlossary } from '../unit/support';
import { HANG_GUARD_MS } from '../helpers/hangGuard';
import { instrumentation, startPageServer, type PageServer } from './harness';

let pages: PageServer;
let browser: Browser;
let origin = '';

before(async () => {
  pages = await startPageServer((at) => renderOverviewHtml(at, createNonce(), `${at}/overview.js`, `${at}/overview-style.css`), ['overview.js', 'overview-style.css']);
  ({ origin, browser } = pages);
});

after(async () => {
  await pages?.close();
});

async function openWith(stats: GlossaryStats): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const page = await browser.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript({ content: instrumentation(undefined) });
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => window.__posted.some((message) => (message as { type?: string }).type === 'ready'), undefined, { timeout: HANG_GUARD_MS });
  // Something the host would never send comes first: the page must ignore it.
  await page.evaluate(() => window.postMessage({ type: 'stats', stats: 'not figures' }, '*'));
  await page.evaluate((figures) => window.postMessage({ type: 'stats', stats: figures }, '*'), stats);
  await page.waitForSelector('.overview-entries', { timeout: HANG_GUARD_MS });
  return { page, requests, errors };
}

const posted = (page: Page) => page.evaluate(() => window.__posted);

test('the example glossary\'s figures: counts, bars, lists; a click opens that entry at that place', async () => {
  const fixture = await Fixture.withEntries(readExampleGlossary());
  const stats = await fixture.service.stats();
  const { page, requests, errors } = await openWith(stats);
  const shown = await page.evaluate(() => ({
    summary: document.querySelector('.summary')!.textContent,
    bars: document.querySelectorAll('.bar-row').length,
    buttons: Array.from(document.querySelectorAll('button.open')).map((button) => button.textContent),
    violations: window.__cspViolations.length,
  }));
  assert.match(shown.summary ?? '', new RegExp(`^${stats.entries} entries · \\d+ categories · ${stats.orphans.length} orphans · ${stats.oneWayRelations.length} one-way relations`));
  assert.equal(shown.bars, stats.categories.length + stats.inbound.length + stats.broken.length);
  const oneWay = stats.oneWayRelations[0];
  const label = `${oneWay.entry.slug}:${oneWay.range.start.line + 1}`;
  assert.ok(shown.buttons.includes(label), JSON.stringify(shown.buttons));
  await page.getByRole('button', { name: label, exact: true }).first().click();
  const opened = (await posted(page)).filter((message) => (message as { type?: string }).type === 'open');
  assert.deepEqual(opened, [{ type: 'open', uri: oneWay.entry.uri, line: oneWay.range.start.line, character: oneWay.range.start.character }]);
  assert.ok(opened.every(isOverviewWebviewMessage));
  await page.getByRole('button', { name: 'Refresh' }).click();
  assert.deepEqual((await posted(page)).at(-1), { type: 'refresh' });
  assert.equal(shown.violations, 0);
  assert.deepEqual(requests.filter((url) => !url.startsWith(`${origin}/`)), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('titles and slugs are text: markup in them draws nothing and runs nothing', async () => {
  const hostile = '<img src=x onerror="window.__pwned=1">';
  const fixture = await Fixture.withEntries({ 'lonely-one': entryText({ title: `'${hostile}'`, category: `'<b>${hostile}</b>'` }) });
  const { page } = await openWith(await glossaryStats(fixture.index));
  const result = await page.evaluate(() => ({ images: document.querySelectorAll('img, b').length, pwned: window.__pwned, text: document.body.textContent }));
  assert.deepEqual({ images: result.images, pwned: result.pwned }, { images: 0, pwned: undefined });
  assert.ok(result.text?.includes(hostile));
  await page.close();
});
