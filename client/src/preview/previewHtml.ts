export interface PreviewHtmlOptions {
  /** The webview's own resource origin (`webview.cspSource`). */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

/** A fresh nonce for every page the panel loads. */
export function createNonce(): string {
  // Web Crypto: in Node's and in the browser's extension host alike.
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Nothing but the bundled script may run and nothing may be fetched. Styles allow 'unsafe-inline'
 * because Mermaid writes a <style> element into every SVG it renders; its strict security level
 * and a second DOMPurify pass keep user text out of those styles.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * A page of one of the extension's webviews: the CSP above, its stylesheet and its one script.
 * `body` is the page's fixed markup (never user text: the script fills the page with DOM calls).
 */
export function renderWebviewPage(options: PreviewHtmlOptions & { title: string; body: string }): string {
  const csp = contentSecurityPolicy(options.cspSource, options.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(options.styleUri)}">
<title>${options.title}</title>
</head>
<body>
${options.body}
<script nonce="${escapeAttribute(options.nonce)}" src="${escapeAttribute(options.scriptUri)}"></script>
</body>
</html>`;
}

export function renderPreviewHtml(options: PreviewHtmlOptions): string {
  return renderWebviewPage({ ...options, title: 'Mermaid Preview', body: '<header id="title"></header>\n<main id="diagrams" aria-live="polite"></main>' });
}
