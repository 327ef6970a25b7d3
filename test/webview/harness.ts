/**
 * Runs the built preview webview (dist/webview/preview.js + preview-style.css) in real headless
 * Chromium, inside the page the host serves (renderPreviewHtml, so its CSP is the one under
 * test), with a fake `acquireVsCodeApi` that records what the page posts.
 *
 * Everything the page does is observed from outside or through instrumentation installed before
 * the page's own script runs: every network request, console errors, page errors, dialogs and
 * Content-Security-Policy violations.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createNonce, renderPreviewHtml } from '../../client/src/preview/previewHtml';
import { isWebviewMessage, type HostMessage, type MermaidTheme, type WebviewMessage } from '../../client/src/preview/protocol';
import { HANG_GUARD_MS } from '../helpers/hangGuard';

// `__filename`, not `__dirname`: tsx sets only the former when an ES module imports this file.
export const REPO_ROOT = join(dirname(__filename), '..', '..');
const DIST = join(REPO_ROOT, 'dist', 'webview');

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

type RenderedMessage = Extract<WebviewMessage, { type: 'rendered' }>;

export interface CspViolation {
  directive: string;
  blocked: string;
  sample: string;
}

declare global {
  interface Window {
    __posted: unknown[];
    __postedAt: number[];
    __state: unknown;
    __setStateCalls: number;
    __cspViolations: CspViolation[];
    __pwned?: unknown;
    /** The text of an SVG <text> as a reader reads it (see `instrumentation`). */
    __labelText(text: Element): string;
    /** __labelText of every SVG <text> under `root` that says something, in document order. */
    __labels(root: ParentNode): string[];
  }
}

/**
 * Runs in the page before its own script. Plain JavaScript in a string: a function would be
 * compiled by tsx, which adds helpers (`__name`) the page does not have.
 */
export function instrumentation(initialState: unknown): string {
  return `(() => {
  window.__posted = [];
  window.__postedAt = [];
  window.__state = ${JSON.stringify(initialState ?? null)} ?? undefined;
  window.__setStateCalls = 0;
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', function (event) {
    window.__cspViolations.push({ directive: event.violatedDirective, blocked: event.blockedURI, sample: event.sample });
  });
  let acquired = false;
  window.acquireVsCodeApi = function () {
    if (acquired) throw new Error('acquireVsCodeApi may be called only once');
    acquired = true;
    return Object.freeze({
      // What VS Code does: the message is cloned on the way out.
      postMessage: function (message) {
        window.__posted.push(structuredClone(message));
        window.__postedAt.push(performance.now());
      },
      getState: function () { return window.__state; },
      setState: function (state) { window.__state = structuredClone(state); window.__setStateCalls++; },
    });
  };
  // Mermaid wraps a label into rows (one <tspan> each) by the metrics of whatever font the machine
  // has, so "Foundation Model Training" may be one row or two. Rows are joined with a space and
  // whitespace collapsed: a test compares what the label says, never where it wrapped.
  window.__labelText = function (text) {
    const rows = Array.from(text.children).filter(function (child) { return child.localName === 'tspan'; });
    const parts = rows.length > 0 ? rows.map(function (row) { return row.textContent || ''; }) : [text.textContent || ''];
    return parts.join(' ').replace(/\\s+/g, ' ').trim();
  };
  // Empty <text>s (the label slot of an edge without a label) say nothing, and are left out.
  window.__labels = function (root) {
    return Array.from(root.querySelectorAll('text')).map(window.__labelText).filter(function (label) { return label !== ''; });
  };
})();`;
}

/** One HTTP server with the three files of the webview, and one Chromium, shared by a test file. */
export class WebviewHarness {
  private constructor(
    private readonly server: Server,
    private readonly browser: Browser,
    readonly origin: string,
    private readonly script: Buffer,
    private readonly style: Buffer,
  ) {}

  /** The three URLs the page may load; any other request fails the test that made it. */
  get allowedUrls(): string[] {
    return [`${this.origin}/`, `${this.origin}/preview.js`, `${this.origin}/preview-style.css`];
  }

  static async start(): Promise<WebviewHarness> {
    const script = readFileSync(join(DIST, 'preview.js'));
    const style = readFileSync(join(DIST, 'preview-style.css'));
    let origin = '';
    const server = createServer((request, response) => {
      const path = (request.url ?? '/').split('?')[0];
      if (request.method !== 'GET') {
        response.writeHead(405).end();
      } else if (path === '/') {
        const html = renderPreviewHtml({
          cspSource: origin,
          nonce: createNonce(),
          scriptUri: `${origin}/preview.js`,
          styleUri: `${origin}/preview-style.css`,
        });
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
      } else if (path === '/preview.js') {
        response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
      } else if (path === '/preview-style.css') {
        response.writeHead(200, { 'content-type': 'text/css; charset=utf-8' }).end(style);
      } else if (path === '/favicon.ico') {
        // Chromium asks for it on its own (not the page: it is no `request` event); VS Code's webviews have none.
        response.writeHead(204).end();
      } else {
        if (process.env.HARNESS_DEBUG) console.error('404', path);
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The environment goes to Chromium as it is: FONTCONFIG_FILE (and the rest of fontconfig's
    // variables) decide which fonts the page is laid out with, and the tests must hold under any.
    let browser: Browser;
    try {
      browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, env: process.env });
    } catch (error) {
      // The test fails with the reason; a server left listening would keep its process from ever ending.
      server.close();
      throw error;
    }
    return new WebviewHarness(server, browser, origin, script, style);
  }

  /**
   * A fresh page (own context) with the webview loaded and its `ready` message received.
   * `bypassCsp` turns the page's CSP off, to show what the webview's own sanitizing does alone.
   */
  async open(options: { state?: unknown; viewport?: { width: number; height: number }; bypassCsp?: boolean } = {}): Promise<PreviewPage> {
    const context = await this.browser.newContext({ viewport: options.viewport ?? { width: 1000, height: 800 }, bypassCSP: options.bypassCsp ?? false });
    const page = await context.newPage();
    const preview = new PreviewPage(this, context, page);
    await page.addInitScript({ content: instrumentation(options.state) });
    await page.goto(`${this.origin}/`);
    await page.waitForFunction(() => window.__posted.some((message) => (message as { type?: string }).type === 'ready'));
    return preview;
  }

  async close(): Promise<void> {
    await this.browser.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The bundle size, for reports. */
  get scriptBytes(): number {
    return this.script.length + this.style.length;
  }
}

/** One loaded webview page and what has been observed on it. */
export class PreviewPage {
  readonly requests: string[] = [];
  readonly consoleErrors: string[] = [];
  readonly pageErrors: string[] = [];
  readonly dialogs: string[] = [];

  constructor(private readonly harness: WebviewHarness, private readonly context: BrowserContext, readonly page: Page) {
    page.on('request', (request) => this.requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => this.pageErrors.push(String(error)));
    page.on('dialog', (dialog) => {
      this.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss().catch(() => undefined);
    });
  }

  /** Requests other than the page, its script and its stylesheet. */
  get foreignRequests(): string[] {
    const allowed = this.harness.allowedUrls;
    return this.requests.filter((url) => !allowed.includes(url));
  }

  async cspViolations(): Promise<CspViolation[]> {
    return this.page.evaluate(() => window.__cspViolations);
  }

  /** Everything posted so far; each message is also checked against the protocol. */
  async posted(): Promise<WebviewMessage[]> {
    const messages = await this.page.evaluate(() => window.__posted);
    for (const message of messages) {
      if (!isWebviewMessage(message)) throw new Error(`the webview posted a message outside the protocol: ${JSON.stringify(message).slice(0, 300)}`);
    }
    return messages as WebviewMessage[];
  }

  /** Posts a host message to the page the way the webview receives it; returns the page time it was sent. */
  async send(message: HostMessage | unknown): Promise<number> {
    return this.page.evaluate((data) => {
      const sentAt = performance.now();
      window.postMessage(data, '*');
      return sentAt;
    }, message);
  }

  /** Waits for the `rendered` report of `version` (the n-th one when `occurrence` > 1). */
  async waitForRendered(version: number, options: { timeout?: number; occurrence?: number } = {}): Promise<RenderedMessage> {
    const occurrence = options.occurrence ?? 1;
    const handle = await this.page.waitForFunction(
      ([wanted, count]) => {
        const matches = window.__posted.filter((message) => {
          const m = message as { type?: string; version?: number };
          return m.type === 'rendered' && m.version === wanted;
        });
        return matches.length >= count ? matches[count - 1] : false;
      },
      [version, occurrence] as const,
      { timeout: options.timeout ?? HANG_GUARD_MS, polling: 10 },
    );
    const message = (await handle.jsonValue()) as RenderedMessage;
    await handle.dispose();
    if (!isWebviewMessage(message)) throw new Error(`invalid rendered message: ${JSON.stringify(message)}`);
    return message;
  }

  /** Sends an update and waits for its `rendered` report. */
  async update(message: Extract<HostMessage, { type: 'update' }>): Promise<RenderedMessage> {
    await this.send(message);
    return this.waitForRendered(message.version);
  }

  /** Milliseconds, in page time, from `sentAt` to the first `rendered` report of `version` after it. */
  async latency(sentAt: number, version: number): Promise<number> {
    return this.page.evaluate(([from, wanted]) => {
      for (let i = 0; i < window.__posted.length; i++) {
        const m = window.__posted[i] as { type?: string; version?: number };
        if (m.type === 'rendered' && m.version === wanted && window.__postedAt[i] >= from) return window.__postedAt[i] - from;
      }
      return Number.NaN;
    }, [sentAt, version] as const);
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

let documentVersion = 0;

/** An `update` message for `blocks` given as sources (or partial blocks), numbered in order. */
export function updateMessage(
  blocks: Array<string | { source: string; heading?: string; line?: number; closed?: boolean; notice?: string }>,
  options: { title?: string; theme?: MermaidTheme; version?: number; documentUri?: string } = {},
): Extract<HostMessage, { type: 'update' }> {
  let line = 1;
  return {
    type: 'update',
    documentUri: options.documentUri ?? 'file:///glossary/content/glossary/test.md',
    title: options.title ?? 'Test entry',
    version: options.version ?? ++documentVersion,
    theme: options.theme ?? 'default',
    blocks: blocks.map((block, index) => {
      const given = typeof block === 'string' ? { source: block } : block;
      const result = {
        index,
        heading: given.heading ?? `Heading ${index + 1}`,
        source: given.source,
        line: given.line ?? line,
        closed: given.closed ?? true,
        ...(given.notice !== undefined ? { notice: given.notice } : {}),
      };
      line = result.line + given.source.split('\n').length + 3;
      return result;
    }),
  };
}

export function nextVersion(): number {
  return ++documentVersion;
}

export interface PageServer {
  readonly origin: string;
  readonly browser: Browser;
  close(): Promise<void>;
}

/**
 * For pages other than the preview's: an HTTP server answering `/` with `page(origin)` and each of
 * `files` (names in dist/webview) as itself, and one Chromium. Anything else is a 404.
 */
export async function startPageServer(page: (origin: string) => string, files: readonly string[]): Promise<PageServer> {
  let origin = '';
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const file = path.slice(1);
    if (path === '/') response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(origin));
    else if (files.includes(file)) response.writeHead(200, { 'content-type': file.endsWith('.css') ? 'text/css' : 'text/javascript' }).end(readFileSync(join(DIST, file)));
    else response.writeHead(path === '/favicon.ico' ? 204 : 404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, env: process.env });
  return {
    origin,
    browser,
    close: async () => {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
