import * as vscode from 'vscode';
import { DiagramPreview, type RenderReport } from './diagramPreview';
import { PreviewPanelHost, previewSettings } from './previewPanelHost';
import { mermaidThemeFor } from './previewTheme';
import type { GraphNodeInfo, WebviewMessage } from './protocol';
import { RelationshipGraphView, type GraphRenderReport, type GraphSource } from './relationshipGraphView';

export type { RenderReport } from './diagramPreview';
export type { GraphData, GraphRenderReport, GraphSource } from './relationshipGraphView';

/**
 * The preview beside the editor: one webview panel (PreviewPanelHost) that shows either the Mermaid
 * diagrams of the active Markdown document (DiagramPreview) or the relationship graph of an entry
 * (RelationshipGraphView), and follows edits, editor switches and colour-theme changes. This is
 * what the extension and its e2e tests hold; each view keeps its own state.
 */
export class MermaidPreviewPanel implements vscode.Disposable {
  static readonly viewType = 'glossary.mermaidPreview';

  private readonly host: PreviewPanelHost;
  private readonly diagrams: DiagramPreview;
  private readonly graph: RelationshipGraphView;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(extensionUri: vscode.Uri, log: vscode.OutputChannel, graphSource?: GraphSource) {
    const theme = () => mermaidThemeFor(vscode.window.activeColorTheme.kind as number, previewSettings().theme);
    this.host = new PreviewPanelHost(MermaidPreviewPanel.viewType, extensionUri, log, {
      message: (message) => this.handle(message),
      closed: () => {
        this.diagrams.stop();
        this.diagrams.document = undefined;
        this.showDiagramsView();
      },
    });
    this.diagrams = new DiagramPreview(this.host, theme);
    this.graph = new RelationshipGraphView(this.host, log, theme, graphSource, (uri) => {
      if (this.showing === 'graph' && this.host.isOpen) void this.loadGraph(uri, false);
    });
    this.disposables.push(
      this.host,
      this.diagrams,
      this.graph,
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (!this.host.isOpen) return;
        if (this.showing === 'graph') {
          if (event.document.languageId === 'markdown' && event.contentChanges.length) this.graph.scheduleRefresh();
        } else if (event.document === this.diagrams.document) this.diagrams.scheduleUpdate();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (!this.host.isOpen || !editor || editor.document.languageId !== 'markdown') return;
        // The graph follows the active entry (other Markdown files keep the graph shown).
        if (this.showing === 'graph') {
          if (editor.document.uri.toString() !== this.graph.entryUri) void this.loadGraph(editor.document.uri, false);
        } else if (editor.document !== this.diagrams.document) this.diagrams.showDocument(editor.document);
      }),
      vscode.window.onDidChangeActiveColorTheme(() => this.host.post({ type: 'theme', theme: theme() })),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration('glossary.preview')) return;
        this.host.post({ type: 'theme', theme: theme() });
        this.diagrams.settingsChanged();
      }),
    );
  }

  /** Fires each time the webview reports a render; the e2e tests and the status of the panel read it. */
  get onDidRender(): vscode.Event<RenderReport> {
    return this.diagrams.onDidRender;
  }

  get lastReport(): RenderReport | undefined {
    return this.diagrams.lastReport;
  }

  /** Fires each time the webview reports a relationship graph laid out. */
  get onDidRenderGraph(): vscode.Event<GraphRenderReport> {
    return this.graph.onDidRenderGraph;
  }

  get lastGraphReport(): GraphRenderReport | undefined {
    return this.graph.lastGraphReport;
  }

  get isOpen(): boolean {
    return this.host.isOpen;
  }

  /** What the panel shows: the diagrams of a document, or a relationship graph. */
  get showing(): 'diagrams' | 'graph' {
    return this.diagrams.active ? 'diagrams' : 'graph';
  }

  /** The nodes of the relationship graph on show (graph mode), the entry it is about first. */
  get graphNodes(): readonly GraphNodeInfo[] | undefined {
    return this.showing === 'graph' ? this.graph.nodes : undefined;
  }

  private showDiagramsView(): void {
    this.graph.stop();
    this.diagrams.active = true;
  }

  private showGraphView(): void {
    this.diagrams.stop();
    this.diagrams.active = false;
  }

  /** Opens the preview beside the editor (or reveals it) on `document`'s diagrams. */
  show(document: vscode.TextDocument): void {
    this.host.open();
    this.showDiagramsView();
    this.diagrams.showDocument(document);
  }

  /**
   * Opens the preview beside the editor (or reveals it) on the relationship graph of the entry at
   * `uri`. Resolves to false, opening nothing, when `uri` is no glossary entry.
   */
  showGraph(uri: vscode.Uri): Promise<boolean> {
    return this.loadGraph(uri, true);
  }

  /** Asks for the graph of `uri` and shows it; `open`: the panel opens for it (else only a panel already open shows it). */
  private async loadGraph(uri: vscode.Uri, open: boolean): Promise<boolean> {
    const data = await this.graph.fetch(uri);
    if (!data) return false;
    // A refresh after an edit that changed no relation leaves the graph on the page as it is.
    if (!open && this.showing === 'graph' && this.graph.isShowing(uri, data)) return true;
    if (!this.host.isOpen && !open) return false;
    if (open) this.host.open();
    this.showGraphView();
    this.graph.show(uri, data);
    return true;
  }

  /**
   * Restores the preview a window reload closed: VS Code hands back the panel, with the state the
   * webview saved (the document it showed), and the panel shows that document again.
   */
  serializer(): vscode.WebviewPanelSerializer<{ documentUri?: unknown }> {
    return {
      deserializeWebviewPanel: async (panel, state) => {
        this.host.adopt(panel);
        const uri = typeof state?.documentUri === 'string' ? state.documentUri : undefined;
        const document = uri ? await Promise.resolve(vscode.workspace.openTextDocument(vscode.Uri.parse(uri))).catch(() => undefined) : undefined;
        if (!document || !this.host.shows(panel)) return;
        this.showDiagramsView();
        this.diagrams.showDocument(document);
      },
    };
  }

  /**
   * Handles one message from the webview, checked first against the protocol. Resolves to false
   * when the message was dropped or refused. The webview's messages arrive here; the e2e tests call
   * it directly to act as the webview would (a click on a graph node, say).
   */
  receive(message: unknown): Promise<boolean> {
    return this.host.receive(message);
  }

  private async handle(message: WebviewMessage): Promise<boolean> {
    if (message.type === 'ready') {
      if (this.showing === 'graph') this.graph.post();
      else this.diagrams.postUpdate();
      return true;
    }
    // Each message type belongs to one view; the other answers false without acting.
    return (await this.diagrams.handle(message)) || this.graph.handle(message);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
