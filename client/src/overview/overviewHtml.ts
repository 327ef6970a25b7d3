import { renderWebviewPage } from '../preview/previewHtml';

/** The overview's page: the preview's CSP (nothing but the bundled script runs, nothing is fetched). */
export function renderOverviewHtml(cspSource: string, nonce: string, scriptUri: string, styleUri: string): string {
  return renderWebviewPage({ cspSource, nonce, scriptUri, styleUri, title: 'Glossary Overview', body: '<main id="overview" aria-live="polite"><p>Reading the glossary…</p></main>' });
}
