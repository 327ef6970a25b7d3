/**
 * Runs inside the Mermaid preview webview. Receives `update` / `theme` messages from the host
 * (../preview/protocol.ts), renders each ```mermaid block with Mermaid (strict security level,
 * output sanitized again), and reports back `rendered`, `reveal`, `export` and `copy`. A `graph`
 * message switches to graph mode (one relationship graph, rendered the same way; clicking a
 * node posts `openEntry`); the next `update` switches back.
 */
import { isHostMessage } from '../preview/protocol';
import type { DiagramBlock, HostMessage, MermaidTheme, RenderError, WebviewMessage } from '../preview/protocol';
import { serializeSvg, svgToPng } from './exporter';
import { guardMarkupForever } from './fetchGuard';
import { GraphView } from './graphView';
import { initializeMermaid, renderDiagram } from './renderer';
import { PreviewView } from './view';
import type { DiagramSection } from './view';

interface VsCodeApi<State> {
  postMessage(message: WebviewMessage): void;
  getState(): State | undefined;
  setState(state: State): void;
}
declare function acquireVsCodeApi<State = unknown>(): VsCodeApi<State>;

interface PersistedState {
  documentUri?: string;
  scrollY?: number;
}

type UpdateMessage = Extract<HostMessage, { type: 'update' }>;
type GraphMessage = Extract<HostMessage, { type: 'graph' }>;

/** What a block showed after its last render: the inputs, and the error if it had one. */
interface CacheEntry {
  source: string;
  theme: MermaidTheme;
  error?: { message: string; sourceLine: number };
}

guardMarkupForever();

const vscode = acquireVsCodeApi<PersistedState>();
const post = (message: WebviewMessage) => vscode.postMessage(message);

const view = new PreviewView(document.getElementById('title') as HTMLElement, document.getElementById('diagrams') as HTMLElement, {
  reveal: (line) => post({ type: 'reveal', line }),
  exportSvg: (section) => {
    const svg = section.svg;
    if (svg) post({ type: 'export', format: 'svg', index: section.index, data: serializeSvg(svg) });
  },
  exportPng: (section) => void exportPng(section),
  copySvg: (section) => {
    const svg = section.svg;
    if (svg) post({ type: 'copy', index: section.index, svg: serializeSvg(svg) });
  },
});

const graphView = new GraphView(document.getElementById('diagrams') as HTMLElement, (node) => post({ type: 'openEntry', uri: node.uri }));

/** Exports are refused by the host past this size (protocol MAX_EXPORT_CHARS). */
const MAX_EXPORT_CHARS = 50_000_000;

async function exportPng(section: DiagramSection): Promise<void> {
  const svg = section.svg;
  if (!svg) return;
  try {
    const background = getComputedStyle(section.diagram).backgroundColor;
    const data = await svgToPng(svg, 2, background);
    if (data.length > MAX_EXPORT_CHARS) throw new Error('the image is too large to export.');
    if (!data.startsWith('data:image/png;base64,')) throw new Error('the browser did not produce a PNG.');
    post({ type: 'export', format: 'png', index: section.index, data });
  } catch (error) {
    section.setStatus(`PNG export failed: ${error instanceof Error ? error.message : String(error)}`, true);
  }
}

// ---- rendering, one document version at a time ----------------------------------------------

const cache = new Map<number, CacheEntry>();
let theme: MermaidTheme = 'default';
/** The newest document the host sent; what the next pass renders. */
let latest: UpdateMessage | undefined;
/** The documentUri of the last pass (to reset on a document switch). */
let shownUri: string | undefined;
/** What the page shows: the document's diagrams, or the relationship graph the host sent last. */
let mode: 'diagrams' | 'graph' = 'diagrams';
let latestGraph: GraphMessage | undefined;
/** The graph on the page (its version and theme) and how many of its nodes are clickable. */
let shownGraph: { version: number; theme: MermaidTheme; nodes: number; error?: string } | undefined;
/** Set when a message arrives that needs a pass; cleared when a pass starts. */
let pending = false;
let running = false;

/**
 * Resolves in a new task, after the messages already queued are dispatched (a MessageChannel
 * message, unlike setTimeout, is not clamped to 4 ms). Mermaid's `render` resolves through
 * microtasks only, so without this a pass would never see a newer update before it ends.
 */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

const neverClosedNotice = (block: DiagramBlock) =>
  `This \`\`\`mermaid fence is never closed: everything after line ${block.line} renders as code.`;

/**
 * Renders the blocks of `doc` that changed since their last render. Returns the `rendered`
 * report, or undefined when a newer message arrived first and the pass was abandoned (the blocks
 * it did render stay rendered and cached; the next pass picks up from there).
 */
async function renderPass(doc: UpdateMessage): Promise<WebviewMessage | undefined> {
  initializeMermaid(theme);
  if (!graphView.root.hidden) {
    graphView.visible = false;
    view.setGraphMode(false);
    window.scrollTo(0, 0);
  }
  if (shownUri !== doc.documentUri) {
    if (shownUri !== undefined) {
      view.retain(new Set());
      cache.clear();
      window.scrollTo(0, 0);
    }
    shownUri = doc.documentUri;
    // The host's serializer reopens this document after a window reload.
    if (!scrollToRestore) saveState();
  }
  view.setDocument(doc.title, doc.blocks.length);
  const present = new Set(doc.blocks.map((block) => block.index));
  for (const index of view.retain(present)) cache.delete(index);
  for (const index of cache.keys()) if (!present.has(index)) cache.delete(index);

  const rendered: number[] = [];
  const errors: RenderError[] = [];
  for (const block of doc.blocks) {
    const section = view.ensure(block.index);
    section.setPlace(block.heading, block.line);
    if (!block.closed || block.notice !== undefined) {
      section.showNotice(block.closed ? (block.notice as string) : neverClosedNotice(block));
      cache.delete(block.index);
      continue;
    }
    let entry = cache.get(block.index);
    if (!entry || entry.source !== block.source || entry.theme !== theme) {
      // Let queued messages in (and the page paint what is done so far) before each layout.
      await nextTask();
      if (pending) return undefined;
      const outcome = await renderDiagram(block.source);
      entry = outcome.ok
        ? { source: block.source, theme }
        : { source: block.source, theme, error: { message: outcome.message, sourceLine: outcome.sourceLine } };
      cache.set(block.index, entry);
      if (outcome.ok) section.showSvg(outcome.svg);
      rendered.push(block.index);
    }
    if (entry.error) {
      const line = Math.min(block.line + entry.error.sourceLine, 999_999);
      section.showError(entry.error.message, line);
      errors.push({ index: block.index, line, message: entry.error.message });
    }
  }
  return { type: 'rendered', version: doc.version, total: doc.blocks.length, rendered, errors };
}

/** Renders the relationship graph `graph` (unless it is on the page already, in this theme); undefined when a newer message came first. */
async function renderGraph(graph: GraphMessage): Promise<WebviewMessage | undefined> {
  initializeMermaid(theme);
  if (graphView.root.hidden) {
    view.setGraphMode(true);
    graphView.visible = true;
    window.scrollTo(0, 0);
  }
  const count = graph.nodes.length;
  view.setHeading(graph.title, graph.capped ? `${count} of ${graph.total} entries` : count === 1 ? '1 entry' : `${count} entries`);
  graphView.setNotice(graph.capped
    ? `This entry has ${graph.total} entries within two steps; the graph shows the ${count} nearest.`
    : '');
  if (!shownGraph || shownGraph.version !== graph.version || shownGraph.theme !== theme) {
    await nextTask();
    if (pending) return undefined;
    const outcome = await renderDiagram(graph.source);
    shownGraph = outcome.ok
      ? { version: graph.version, theme, nodes: graphView.showSvg(outcome.svg, graph.nodes) }
      : { version: graph.version, theme, nodes: 0, error: outcome.message };
    if (!outcome.ok) graphView.showError(`The graph could not be drawn: ${outcome.message}`);
  }
  return { type: 'graphRendered', version: graph.version, nodes: shownGraph.nodes, ...(shownGraph.error !== undefined ? { error: shownGraph.error } : {}) };
}

async function pump(): Promise<void> {
  if (running) return;
  running = true;
  try {
    // A burst of messages (typing, or a theme switch right after an update) becomes one pass.
    await nextTask();
    while (pending && (mode === 'graph' ? latestGraph : latest)) {
      pending = false;
      if (mode === 'graph' && latestGraph) {
        const graph = latestGraph;
        let graphReport: WebviewMessage | undefined;
        try {
          graphReport = await renderGraph(graph);
        } catch (error) {
          console.error('Mermaid preview: graph render failed', error);
          graphReport = { type: 'graphRendered', version: graph.version, nodes: 0, error: 'The graph could not be drawn.' };
        }
        if (graphReport) post(graphReport);
        continue;
      }
      if (!latest) break;
      const doc = latest;
      let report: WebviewMessage | undefined;
      try {
        report = await renderPass(doc);
      } catch (error) {
        // renderDiagram never throws; this is a bug in the page itself. Report what we can.
        console.error('Mermaid preview: render pass failed', error);
        report = { type: 'rendered', version: doc.version, total: doc.blocks.length, rendered: [], errors: [] };
      }
      if (report) {
        post(report);
        restoreScrollOnce(doc.documentUri);
      }
    }
  } finally {
    running = false;
  }
}

// ---- scroll position ---------------------------------------------------------------------------

const saved = vscode.getState();
let scrollToRestore = saved && typeof saved.scrollY === 'number' ? saved : undefined;

function restoreScrollOnce(documentUri: string): void {
  if (!scrollToRestore) return;
  const { scrollY, documentUri: savedUri } = scrollToRestore;
  scrollToRestore = undefined;
  if (savedUri === documentUri && typeof scrollY === 'number') window.scrollTo(0, scrollY);
}

let scrollFrame = 0;
window.addEventListener('scroll', () => {
  if (scrollFrame) return;
  scrollFrame = requestAnimationFrame(() => {
    scrollFrame = 0;
    // Before the saved position is restored, the page is too short to hold it: keep it.
    if (scrollToRestore) return;
    saveState();
  });
}, { passive: true });

function saveState(): void {
  vscode.setState({ documentUri: shownUri, scrollY: window.scrollY });
}

// ---- messages ----------------------------------------------------------------------------------

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isHostMessage(message)) {
    console.warn('Mermaid preview: ignored a message that is not a valid host message.');
    return;
  }
  if (message.type === 'update') {
    mode = 'diagrams';
    latest = message;
    theme = message.theme;
  } else if (message.type === 'graph') {
    mode = 'graph';
    latestGraph = message;
    theme = message.theme;
  } else {
    const shown = mode === 'graph' ? latestGraph : latest;
    if (message.theme === theme && !shown) return;
    theme = message.theme;
    if (!shown) return;
  }
  pending = true;
  void pump();
});

post({ type: 'ready' });
