import mermaid from 'mermaid';
import type { MermaidTheme } from '../preview/protocol';
import { withoutFetching } from './fetchGuard';
import { linesFrom } from '../../../server/src/core/positions';
import { errorLine, sourceLineOf } from './lineMap';
import { sanitizeSvg } from './sanitize';

/** Mermaid's own cap; past it Mermaid would draw a "Maximum text size" box instead. */
export const MAX_DIAGRAM_CHARACTERS = 100_000;
/** Flowchart edges Mermaid lays out before refusing (its default is 500). */
export const MAX_DIAGRAM_EDGES = 1_000;
/**
 * Layout runs on the page's only thread and cannot be interrupted, so a diagram that would take
 * more than a few seconds is refused up front. Measured in headless Chromium on a slow 2-core
 * machine: 1,000 flowchart edges ≈ 3.5 s, 2,000 unconnected nodes ≈ 3.5 s, 1,000 class
 * relations ≈ 7 s, one 20,000-character word in a label ≈ 3.5 s (quadratic: 90,000 ≈ a minute).
 */
export const MAX_DIAGRAM_STATEMENTS = 1_000;
export const MAX_WORD_CHARACTERS = 5_000;
/** Longest error message shown and reported. */
const MAX_MESSAGE = 4_000;

let initializedTheme: MermaidTheme | undefined;

/**
 * Configures Mermaid for `theme`. Keys a diagram's `%%{init}%%` directive or frontmatter must not
 * change are listed in `secure` (Mermaid deletes them, at any depth, from per-diagram config):
 * its own defaults, plus HTML labels (they would bring <foreignObject> back), raw theme CSS,
 * DOMPurify options and absolute marker URLs.
 */
export function initializeMermaid(theme: MermaidTheme): void {
  if (initializedTheme === theme) return;
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    theme,
    htmlLabels: false,
    flowchart: { htmlLabels: false },
    maxTextSize: MAX_DIAGRAM_CHARACTERS,
    maxEdges: MAX_DIAGRAM_EDGES,
    suppressErrorRendering: true,
    secure: ['secure', 'securityLevel', 'startOnLoad', 'maxTextSize', 'suppressErrorRendering', 'maxEdges', 'htmlLabels', 'themeCSS',
      'dompurifyConfig', 'arrowMarkerAbsolute', 'legacyMathML', 'forceLegacyMathML'],
  });
  initializedTheme = theme;
}

export type RenderOutcome =
  | { ok: true; svg: SVGSVGElement }
  | { ok: false; message: string; /** Zero-based line within the block's source. */ sourceLine: number };

let counter = 0;

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : (() => {
    try {
      return JSON.stringify(error);
    } catch {
      return String(error);
    }
  })();
  const trimmed = (text || 'Mermaid could not render this diagram.').trim();
  return trimmed.length > MAX_MESSAGE ? `${trimmed.slice(0, MAX_MESSAGE)}…` : trimmed;
}

/** Leftovers Mermaid may leave in <body> when a renderer throws half-way. */
function removeTemporaryNodes(id: string): void {
  for (const stray of [document.getElementById(`d${id}`), document.getElementById(`i${id}`)]) stray?.remove();
  const svg = document.getElementById(id);
  if (svg && !svg.closest('#diagrams')) svg.remove();
}

function longestWord(line: string): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code === 32 || code === 9 || code === 13) run = 0;
    else if (++run > longest) longest = run;
  }
  return longest;
}

/** Why the preview refuses to lay out `source`, with the zero-based line to point at; undefined when it does not. */
export function sizeProblem(source: string): { message: string; sourceLine: number } | undefined {
  if (source.length > MAX_DIAGRAM_CHARACTERS) {
    return { sourceLine: 0, message: `This diagram has ${source.length} characters; the preview renders at most ${MAX_DIAGRAM_CHARACTERS}.` };
  }
  let statements = 0;
  const lines = [...linesFrom(source, 0)].map((line) => source.slice(line.start, line.end));
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed === '' || (trimmed.startsWith('%%') && !trimmed.startsWith('%%{'))) continue;
    statements += 1 + (trimmed.match(/;\s*\S/g)?.length ?? 0);
  }
  if (statements > MAX_DIAGRAM_STATEMENTS) {
    return { sourceLine: 0, message: `This diagram has ${statements} statements; the preview renders at most ${MAX_DIAGRAM_STATEMENTS}.` };
  }
  const wordLine = lines.findIndex((line) => line.length > MAX_WORD_CHARACTERS && longestWord(line) > MAX_WORD_CHARACTERS);
  if (wordLine !== -1) {
    return { sourceLine: wordLine, message: `This line has a word longer than ${MAX_WORD_CHARACTERS} characters; the preview does not lay out words that long.` };
  }
  return undefined;
}

/** Renders one diagram source; never throws. */
export async function renderDiagram(source: string): Promise<RenderOutcome> {
  const problem = sizeProblem(source);
  if (problem) return { ok: false, ...problem };
  if (source.trim() === '') return { ok: false, sourceLine: 0, message: 'This ```mermaid block is empty.' };
  const id = `glossary-mermaid-${++counter}`;
  try {
    const started = performance.now();
    const { svg } = await withoutFetching(id, () => mermaid.render(id, source));
    const rendered = performance.now();
    const element = sanitizeSvg(svg, id);
    // For the benchmark (bench/previewRender.mjs): where the time of the last render went.
    performance.clearMeasures('glossary:mermaid');
    performance.clearMeasures('glossary:sanitize');
    performance.measure('glossary:mermaid', { start: started, end: rendered });
    performance.measure('glossary:sanitize', { start: rendered, end: performance.now() });
    if (!element) return { ok: false, sourceLine: 0, message: 'Mermaid produced no SVG for this diagram.' };
    return { ok: true, svg: element };
  } catch (error) {
    const line = errorLine(error);
    return { ok: false, message: messageOf(error), sourceLine: line === undefined ? 0 : sourceLineOf(source, line) };
  } finally {
    removeTemporaryNodes(id);
  }
}
