/**
 * Mermaid in VS Code's own Markdown preview, page side (contributed by `markdown.previewScripts`):
 * draws every container the markdown-it plugin (preview/markdownItMermaid.ts) wrote, with the same
 * Mermaid bundle, configuration (securityLevel 'strict') and sanitising as the extension's preview.
 * The built-in preview replaces its content on every edit and then fires
 * `vscode.markdown.updateContent`; diagrams already drawn for the same source and theme are reused
 * rather than laid out again, so typing outside a diagram does not redraw it.
 */
import { MERMAID_CONTAINER_CLASS, PINNED_THEME_ATTRIBUTE } from '../preview/markdownItMermaid';
import { mermaidThemeFor, ColorThemeKind } from '../preview/previewTheme';
import type { MermaidTheme } from '../preview/protocol';
import { guardMarkupForever } from './fetchGuard';
import { initializeMermaid, renderDiagram } from './renderer';

/** The element of a drawn diagram, or of its error, inside a container. */
const OUTPUT_CLASS = 'glossary-mermaid-output';
/** Drawn diagrams by theme and source; a bounded cache, oldest dropped first. */
const drawn = new Map<string, SVGSVGElement>();
const MAX_DRAWN = 64;

// Mermaid's own elements only: this page belongs to VS Code, whose markup must pass untouched.
guardMarkupForever((element) => element.closest(`.${MERMAID_CONTAINER_CLASS}, [id^="glossary-mermaid-"], [id^="dglossary-mermaid-"]`) !== null);

/** The preview's colour theme, from the classes VS Code puts on <body>. */
function colorThemeKind(): ColorThemeKind {
  const classes = document.body.classList;
  if (classes.contains('vscode-high-contrast-light')) return ColorThemeKind.HighContrastLight;
  if (classes.contains('vscode-high-contrast')) return ColorThemeKind.HighContrast;
  if (classes.contains('vscode-dark')) return ColorThemeKind.Dark;
  return ColorThemeKind.Light;
}

function showOutput(container: HTMLElement, output: Element): void {
  container.querySelector(`:scope > .${OUTPUT_CLASS}`)?.remove();
  output.classList.add(OUTPUT_CLASS);
  container.append(output);
  const source = container.querySelector<HTMLElement>(':scope > .glossary-mermaid-source');
  // A drawing replaces the source; an error shows below it, the source still in view.
  if (source) source.hidden = output instanceof SVGSVGElement;
}

function errorElement(message: string, sourceLine: number): HTMLElement {
  const error = document.createElement('div');
  error.className = 'glossary-mermaid-error';
  error.setAttribute('role', 'alert');
  error.textContent = `Mermaid: ${message}${sourceLine > 0 ? ` (diagram line ${sourceLine + 1})` : ''}`;
  return error;
}

let passRunning = false;
let passWanted = false;

/** Draws every container on the page that does not show its diagram yet. Passes never overlap. */
async function drawAll(): Promise<void> {
  if (passRunning) {
    passWanted = true;
    return;
  }
  passRunning = true;
  try {
    do {
      passWanted = false;
      for (const container of Array.from(document.querySelectorAll<HTMLElement>(`.${MERMAID_CONTAINER_CLASS}`))) {
        if (passWanted) break;
        const source = container.querySelector(':scope > .glossary-mermaid-source')?.textContent ?? '';
        const theme = mermaidThemeFor(colorThemeKind(), container.getAttribute(PINNED_THEME_ATTRIBUTE)) as MermaidTheme;
        const key = `${theme}\n${source}`;
        if (container.dataset.drawn === key) continue;
        initializeMermaid(theme);
        let svg = drawn.get(key);
        if (!svg) {
          const outcome = await renderDiagram(source);
          if (!container.isConnected) continue;
          if (!outcome.ok) {
            showOutput(container, errorElement(outcome.message, outcome.sourceLine));
            container.dataset.drawn = key;
            continue;
          }
          svg = outcome.svg;
          drawn.set(key, svg);
          if (drawn.size > MAX_DRAWN) drawn.delete(drawn.keys().next().value as string);
        }
        showOutput(container, svg.cloneNode(true) as SVGSVGElement);
        container.dataset.drawn = key;
      }
    } while (passWanted);
  } finally {
    passRunning = false;
  }
}

const draw = () => void drawAll();
window.addEventListener('vscode.markdown.updateContent', draw);
// A colour theme change only changes <body>'s classes.
new MutationObserver(draw).observe(document.body, { attributes: true, attributeFilter: ['class'] });
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', draw);
else draw();
