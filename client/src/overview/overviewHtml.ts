import { contentSecurityPolicy, escapeAttribute } from '../preview/previewHtml';

/** The overview's page: the preview's CSP (nothing but the bundled script runs, nothing is fetched). */
export function renderOverviewHtml(cspSource: string, nonce: string, scriptUri: string, styleUri: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(styleUri)}">
<title>Glossary Overview</title>
</head>
<body>
<main id="overview" aria-live="polite"><p>Reading the glossary…</p></main>
<script nonce="${escapeAttribute(nonce)}" src="${escapeAttribute(scriptUri)}"></script>
</body>
</html>`;
}
