/**
 * Mermaid in VS Code's own Markdown preview, host side: a markdown-it plugin (the extension's
 * `extendMarkdownIt`) that turns each ```mermaid fence into a container holding its source as
 * text. The preview script (webview/markdownPreviewScript.ts, contributed by `markdown.previewScripts`)
 * draws the diagrams in the preview. The source goes out escaped: the preview page receives text,
 * never markup from the document.
 *
 * Only the few markdown-it shapes used here are described, so the extension does not bundle
 * markdown-it's types or code: VS Code passes in its own instance.
 */

/** The class the preview script looks for; the source is the element's text. */
export const MERMAID_CONTAINER_CLASS = 'glossary-mermaid';
/** Attribute naming a Mermaid theme pinned by `glossary.preview.theme`; absent, the preview follows the colour theme. */
export const PINNED_THEME_ATTRIBUTE = 'data-glossary-theme';

interface FenceToken {
  info: string;
  content: string;
  attrs: [string, string][] | null;
  attrJoin(name: string, value: string): void;
}

type FenceRule = (tokens: FenceToken[], index: number, options: unknown, env: unknown, renderer: { renderAttrs(token: FenceToken): string }) => string;

export interface MarkdownItLike {
  renderer: { rules: { fence?: FenceRule } };
  utils: { escapeHtml(text: string): string };
}

/** True for the info string of a Mermaid fence: its first word is `mermaid`, in any case. */
export function isMermaidInfo(info: string): boolean {
  return info.trim().split(/\s+/, 1)[0].toLowerCase() === 'mermaid';
}

export interface MermaidFenceOptions {
  /** False: Mermaid fences render like any other (another extension may draw them). */
  enabled(): boolean;
  /** A Mermaid theme the user pinned, or undefined to follow the preview's colour theme. */
  pinnedTheme(): string | undefined;
}

/**
 * Adds Mermaid containers to `md`'s fence rule; other fences render as before. The options are
 * read at each render, so a change of the settings shows at the preview's next update.
 */
export function markdownItMermaid<T extends MarkdownItLike>(md: T, options: MermaidFenceOptions = { enabled: () => true, pinnedTheme: () => undefined }): T {
  const renderOtherFence = md.renderer.rules.fence;
  md.renderer.rules.fence = (tokens, index, renderOptions, env, renderer) => {
    const token = tokens[index];
    if (!isMermaidInfo(token.info) || !options.enabled()) {
      return renderOtherFence ? renderOtherFence(tokens, index, renderOptions, env, renderer) : `<pre><code>${md.utils.escapeHtml(token.content)}</code></pre>\n`;
    }
    // The preview's own attributes (`data-line`, `code-line` class) keep scroll sync working. The
    // token is left as it was: VS Code renders a document's cached tokens again on the next update.
    const ownAttributes = token.attrs;
    token.attrs = ownAttributes?.map(([name, value]) => [name, value]) ?? null;
    token.attrJoin('class', MERMAID_CONTAINER_CLASS);
    const attributes = renderer.renderAttrs(token);
    token.attrs = ownAttributes;
    const theme = options.pinnedTheme();
    const themeAttribute = theme ? ` ${PINNED_THEME_ATTRIBUTE}="${md.utils.escapeHtml(theme)}"` : '';
    return `<div${attributes}${themeAttribute}><pre class="glossary-mermaid-source">${md.utils.escapeHtml(token.content)}</pre></div>\n`;
  };
  return md;
}
