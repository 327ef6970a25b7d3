import * as vscode from 'vscode';
import { Debouncer } from './debounce';
import { fileName, type PreviewPanelHost } from './previewPanelHost';
import type { GraphNodeInfo, MermaidTheme, WebviewMessage } from './protocol';

/** A relationship graph to show: what `graphSource` answers for an entry. */
export interface GraphData {
  /** Heading of the panel in graph mode. */
  title: string;
  /** Mermaid flowchart source; its node ids are the `id`s of `nodes`. */
  source: string;
  /** The first node is the entry the graph is about. */
  nodes: GraphNodeInfo[];
  capped: boolean;
  total: number;
}

/** The webview's report of a graph it laid out. */
export interface GraphRenderReport {
  /** The entry the graph is about. */
  entryUri: string;
  version: number;
  /** Nodes the host sent. */
  nodes: number;
  /** Nodes on the page, clickable. */
  rendered: number;
  error?: string;
}

/** Answers the relationship graph of the entry at `uri`, or undefined when it is no glossary entry. */
export type GraphSource = (uri: vscode.Uri) => Promise<GraphData | undefined>;

/**
 * The graph view of the preview: the neighbourhood of one entry through `related` lists, asked of
 * the language server again (debounced) after edits; a click on a node opens that entry, and only
 * a node of the graph on show.
 */
export class RelationshipGraphView implements vscode.Disposable {
  private graph: { entryUri: string; version: number; data: GraphData } | undefined;
  private graphVersion = 0;
  /** Bumped by every graph request and by leaving the graph, so an answer overtaken by either is dropped. */
  private ticket = 0;
  private readonly refresher: Debouncer;
  private readonly graphEmitter = new vscode.EventEmitter<GraphRenderReport>();
  /** Fires each time the webview reports a relationship graph laid out. */
  readonly onDidRenderGraph = this.graphEmitter.event;
  lastGraphReport: GraphRenderReport | undefined;

  constructor(
    private readonly host: PreviewPanelHost,
    private readonly log: vscode.OutputChannel,
    private readonly theme: () => MermaidTheme,
    private readonly source: GraphSource | undefined,
    /** Asks for the graph on show again; the panel decides whether it is still the one shown. */
    refresh: (entryUri: vscode.Uri) => void,
  ) {
    this.refresher = new Debouncer(() => {
      if (this.graph) refresh(vscode.Uri.parse(this.graph.entryUri));
    }, 300);
  }

  /** The nodes of the graph on show, the entry it is about first. */
  get nodes(): readonly GraphNodeInfo[] | undefined {
    return this.graph?.data.nodes;
  }

  /** The entry the graph on show is about. */
  get entryUri(): string | undefined {
    return this.graph?.entryUri;
  }

  /** The graph of the entry at `uri`; undefined when it is no entry, or a newer request (or leaving the graph) overtook this one. */
  async fetch(uri: vscode.Uri): Promise<GraphData | undefined> {
    if (!this.source) return undefined;
    const ticket = ++this.ticket;
    let data: GraphData | undefined;
    try {
      data = await this.source(uri);
    } catch (error) {
      this.log.appendLine(`Relationship graph of ${uri.toString()}: ${String(error)}`);
    }
    return ticket === this.ticket ? data : undefined;
  }

  /** Whether `data` is the graph of `uri` already on show (a refresh after an edit that changed no relation). */
  isShowing(uri: vscode.Uri, data: GraphData): boolean {
    return this.graph?.entryUri === uri.toString() && JSON.stringify(this.graph.data) === JSON.stringify(data);
  }

  /** Shows `data`, the graph of the entry at `uri`. */
  show(uri: vscode.Uri, data: GraphData): void {
    this.graph = { entryUri: uri.toString(), version: ++this.graphVersion, data };
    this.host.title = `Graph: ${fileName(uri)}`;
    this.post();
  }

  /** Sends the graph on show to the page. */
  post(): void {
    if (!this.graph) return;
    const { version, data } = this.graph;
    this.host.post({ type: 'graph', version, title: data.title, source: data.source, nodes: data.nodes, capped: data.capped, total: data.total, theme: this.theme() });
  }

  /** An edit anywhere may change the relations: ask for the graph again after a pause. */
  scheduleRefresh(): void {
    this.refresher.schedule();
  }

  /** Leaves the graph: forgets it, and drops answers and refreshes still to come. */
  stop(): void {
    this.graph = undefined;
    this.ticket++;
    this.refresher.cancel();
  }

  /** A message of the page about the graph; false when it is not one, or it is refused. */
  async handle(message: WebviewMessage): Promise<boolean> {
    switch (message.type) {
      case 'graphRendered':
        this.graphRendered(message);
        return true;
      case 'openEntry':
        return this.openEntry(message.uri);
      default:
        return false;
    }
  }

  private graphRendered(message: Extract<WebviewMessage, { type: 'graphRendered' }>): void {
    if (!this.graph || message.version !== this.graph.version) return;
    if (message.error) this.log.appendLine(`Relationship graph of ${this.graph.entryUri}: ${message.error}`);
    this.lastGraphReport = {
      entryUri: this.graph.entryUri,
      version: message.version,
      nodes: this.graph.data.nodes.length,
      rendered: message.nodes,
      ...(message.error !== undefined ? { error: message.error } : {}),
    };
    this.graphEmitter.fire(this.lastGraphReport);
  }

  /** Opens the entry of a clicked graph node: only a node of the graph on show, only a file of the workspace. */
  private async openEntry(uri: string): Promise<boolean> {
    const node = this.graph?.data.nodes.find((candidate) => candidate.uri === uri);
    let target: vscode.Uri | undefined;
    try {
      target = node ? vscode.Uri.parse(node.uri, true) : undefined;
    } catch {
      target = undefined;
    }
    // A workspace file, on whatever file system the workspace is (github.dev's is not `file:`).
    if (!target || !vscode.workspace.getWorkspaceFolder(target)) {
      this.log.appendLine(`Mermaid preview: refused to open ${JSON.stringify(uri.slice(0, 200))}: it is not an entry of the graph on show.`);
      return false;
    }
    const visible = vscode.window.visibleTextEditors.find((editor) => editor.viewColumn !== undefined && editor.viewColumn !== this.host.viewColumn);
    await vscode.window.showTextDocument(target, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preview: false });
    return true;
  }

  dispose(): void {
    this.refresher.cancel();
    this.graphEmitter.dispose();
  }
}
