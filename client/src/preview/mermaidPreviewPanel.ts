import * as vscode from 'vscode';
import { Debouncer } from './debounce';
import { extractDiagrams } from './diagramBlocks';
import { createNonce, renderPreviewHtml } from './previewHtml';
import { mermaidThemeFor } from './previewTheme';
import { isWebviewMessage, type GraphNodeInfo, type HostMessage, type RenderError, type WebviewMessage } from './protocol';

export interface RenderReport {
  documentUri: string;
  version: number;
  total: number;
  rendered: number[];
  errors: RenderError[];
}

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

function previewSettings() {
  const config = vscode.workspace.getConfiguration('glossary.preview');
  return {
    debounceMs: config.get<number>('debounceMs', 100),
    theme: config.get<string>('theme', 'auto'),
    maxCharacters: config.get<number>('maxDiagramCharacters', 50_000),
    maxEdges: config.get<number>('maxDiagramEdges', 1_000),
  };
}

/**
 * The live Mermaid preview: one webview beside the editor that shows every ```mermaid block of the
 * active Markdown document and follows edits, editor switches and colour-theme changes.
 */
export class MermaidPreviewPanel implements vscode.Disposable {
  static readonly viewType = 'glossary.mermaidPreview';

  private panel: vscode.WebviewPanel | undefined;
  private document: vscode.TextDocument | undefined;
  private ready = false;
  private version = 0;
  private readonly updater = new Debouncer(() => this.postUpdate(), previewSettings().debounceMs);
  private readonly renderEmitter = new vscode.EventEmitter<RenderReport>();
  private readonly graphEmitter = new vscode.EventEmitter<GraphRenderReport>();
  private readonly disposables: vscode.Disposable[] = [this.renderEmitter, this.graphEmitter];
  /** Fires each time the webview reports a render; the e2e tests and the status of the panel read it. */
  readonly onDidRender = this.renderEmitter.event;
  lastReport: RenderReport | undefined;
  /** Fires each time the webview reports a relationship graph laid out. */
  readonly onDidRenderGraph = this.graphEmitter.event;
  lastGraphReport: GraphRenderReport | undefined;

  /** Diagrams of the active document, or the relationship graph of an entry. */
  private mode: 'diagrams' | 'graph' = 'diagrams';
  private graph: { entryUri: string; version: number; data: GraphData } | undefined;
  private graphVersion = 0;
  /** Bumped by every graph request, so an answer overtaken by a newer request is dropped. */
  private graphTicket = 0;
  /** In graph mode an edit anywhere may change the relations; the graph is asked for again after a pause. */
  private readonly graphUpdater = new Debouncer(() => void this.refreshGraph(), 300);

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.OutputChannel,
    private readonly graphSource?: GraphSource,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (!this.panel) return;
        if (this.mode === 'graph') {
          if (event.document.languageId === 'markdown' && event.contentChanges.length) this.graphUpdater.schedule();
        } else if (event.document === this.document) this.updater.schedule();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (!this.panel || !editor || editor.document.languageId !== 'markdown') return;
        // In graph mode the graph follows the active entry (other Markdown files keep the graph shown).
        if (this.mode === 'graph') {
          if (editor.document.uri.toString() !== this.graph?.entryUri) void this.loadGraph(editor.document.uri, false);
        } else if (editor.document !== this.document) this.showDocument(editor.document);
      }),
      vscode.window.onDidChangeActiveColorTheme(() => this.postTheme()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration('glossary.preview')) return;
        this.updater.delay = previewSettings().debounceMs;
        this.postTheme();
        this.updater.schedule();
      }),
    );
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** What the panel shows: the diagrams of a document, or a relationship graph. */
  get showing(): 'diagrams' | 'graph' {
    return this.mode;
  }

  /** The nodes of the relationship graph on show (graph mode), the entry it is about first. */
  get graphNodes(): readonly GraphNodeInfo[] | undefined {
    return this.mode === 'graph' ? this.graph?.data.nodes : undefined;
  }

  /** Opens the preview beside the editor (or reveals it) on `document`. */
  show(document: vscode.TextDocument): void {
    if (!this.panel) this.createPanel();
    else this.panel.reveal(vscode.ViewColumn.Beside, true);
    this.mode = 'diagrams';
    this.graph = undefined;
    this.graphTicket++;
    this.graphUpdater.cancel();
    this.showDocument(document);
  }

  /**
   * Opens the preview beside the editor (or reveals it) on the relationship graph of the entry at
   * `uri`. Resolves to false, opening nothing, when `uri` is no glossary entry.
   */
  async showGraph(uri: vscode.Uri): Promise<boolean> {
    return this.loadGraph(uri, true);
  }

  private async loadGraph(uri: vscode.Uri, open: boolean): Promise<boolean> {
    if (!this.graphSource) return false;
    const ticket = ++this.graphTicket;
    let data: GraphData | undefined;
    try {
      data = await this.graphSource(uri);
    } catch (error) {
      this.log.appendLine(`Relationship graph of ${uri.toString()}: ${String(error)}`);
    }
    if (ticket !== this.graphTicket || !data) return false;
    // A refresh after an edit that changed no relation leaves the graph on the page as it is.
    const unchanged = !open && this.mode === 'graph' && this.graph?.entryUri === uri.toString() && JSON.stringify(this.graph.data) === JSON.stringify(data);
    if (unchanged) return true;
    if (!this.panel) {
      if (!open) return false;
      this.createPanel();
    } else if (open) this.panel.reveal(vscode.ViewColumn.Beside, true);
    this.updater.cancel();
    this.mode = 'graph';
    this.graph = { entryUri: uri.toString(), version: ++this.graphVersion, data };
    if (this.panel) this.panel.title = `Graph: ${uri.path.slice(uri.path.lastIndexOf('/') + 1)}`;
    this.postGraph();
    return true;
  }

  /** Asks for the graph on show again (its entry, or the entries around it, changed). */
  private async refreshGraph(): Promise<void> {
    if (this.mode !== 'graph' || !this.graph || !this.panel) return;
    await this.loadGraph(vscode.Uri.parse(this.graph.entryUri), false);
  }

  private postGraph(): void {
    if (this.mode !== 'graph' || !this.graph) return;
    const { version, data } = this.graph;
    this.post({ type: 'graph', version, title: data.title, source: data.source, nodes: data.nodes, capped: data.capped, total: data.total, theme: this.theme() });
  }

  /**
   * Restores the preview a window reload closed: VS Code hands back the panel, with the state the
   * webview saved (the document it showed), and the panel shows that document again.
   */
  serializer(): vscode.WebviewPanelSerializer<{ documentUri?: unknown }> {
    return {
      deserializeWebviewPanel: async (panel, state) => {
        this.panel?.dispose();
        this.adopt(panel);
        const uri = typeof state?.documentUri === 'string' ? state.documentUri : undefined;
        const document = uri ? await Promise.resolve(vscode.workspace.openTextDocument(vscode.Uri.parse(uri))).catch(() => undefined) : undefined;
        if (document && this.panel === panel) this.showDocument(document);
      },
    };
  }

  private createPanel(): void {
    const panel = vscode.window.createWebviewPanel(MermaidPreviewPanel.viewType, 'Mermaid Preview', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, this.webviewOptions());
    this.adopt(panel);
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      enableForms: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')],
      // Keeps rendered diagrams and the scroll position while the panel sits in a background tab.
      retainContextWhenHidden: true,
    };
  }

  /** Makes `panel` (new, or restored after a reload) the preview: its page, its messages, its end. */
  private adopt(panel: vscode.WebviewPanel): void {
    const distUri = vscode.Uri.joinPath(this.extensionUri, 'dist');
    // A restored panel comes back with the options it was created with; these are the ones in force now.
    panel.webview.options = this.webviewOptions();
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'preview.svg');
    panel.webview.html = renderPreviewHtml({
      cspSource: panel.webview.cspSource,
      nonce: createNonce(),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(distUri, 'webview', 'preview.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(distUri, 'webview', 'preview-style.css')).toString(),
    });
    panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message), undefined, this.disposables);
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.document = undefined;
      this.mode = 'diagrams';
      this.graph = undefined;
      this.graphTicket++;
      this.graphUpdater.cancel();
      this.updater.cancel();
    }, undefined, this.disposables);
  }

  private showDocument(document: vscode.TextDocument): void {
    this.document = document;
    if (this.panel) this.panel.title = `Mermaid: ${document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1)}`;
    this.updater.cancel();
    this.postUpdate();
  }

  private theme() {
    return mermaidThemeFor(vscode.window.activeColorTheme.kind as number, previewSettings().theme);
  }

  private post(message: HostMessage): void {
    if (this.panel && this.ready) void this.panel.webview.postMessage(message);
  }

  private postUpdate(): void {
    if (!this.panel || !this.document || !this.ready || this.mode !== 'diagrams') return;
    const settings = previewSettings();
    const blocks = extractDiagrams(this.document.getText(), { maxCharacters: settings.maxCharacters, maxEdges: settings.maxEdges });
    this.post({
      type: 'update',
      documentUri: this.document.uri.toString(),
      title: this.document.uri.path.slice(this.document.uri.path.lastIndexOf('/') + 1),
      version: ++this.version,
      blocks,
      theme: this.theme(),
    });
  }

  private postTheme(): void {
    this.post({ type: 'theme', theme: this.theme() });
  }

  /**
   * Handles one message from the webview, checked first against the protocol. Resolves to false
   * when the message was dropped or refused. The webview's messages arrive here; the e2e tests call
   * it directly to act as the webview would (a click on a graph node, say).
   */
  async receive(message: unknown): Promise<boolean> {
    if (!isWebviewMessage(message)) {
      this.log.appendLine(`Mermaid preview: dropped a malformed message from the webview (${describe(message)}).`);
      return false;
    }
    try {
      return await this.handle(message);
    } catch (error) {
      this.log.appendLine(`Mermaid preview: ${String(error)}`);
      return false;
    }
  }

  private async handle(message: WebviewMessage): Promise<boolean> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.mode === 'graph') this.postGraph();
        else this.postUpdate();
        return true;
      case 'rendered':
        this.rendered(message);
        return true;
      case 'reveal':
        await this.reveal(message.line);
        return true;
      case 'export':
        await this.exportDiagram(message.format, message.index, message.data);
        return true;
      case 'copy':
        await vscode.env.clipboard.writeText(message.svg);
        void vscode.window.showInformationMessage(`Diagram ${message.index + 1} copied to the clipboard as SVG.`);
        return true;
      case 'graphRendered':
        this.graphRendered(message);
        return true;
      case 'openEntry':
        return this.openGraphEntry(message.uri);
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
  private async openGraphEntry(uri: string): Promise<boolean> {
    const node = this.mode === 'graph' ? this.graph?.data.nodes.find((candidate) => candidate.uri === uri) : undefined;
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
    const visible = vscode.window.visibleTextEditors.find((editor) => editor.viewColumn !== undefined && editor.viewColumn !== this.panel?.viewColumn);
    await vscode.window.showTextDocument(target, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preview: false });
    return true;
  }

  private rendered(message: Extract<WebviewMessage, { type: 'rendered' }>): void {
    if (!this.document || message.version !== this.version) return;
    // Errors show in place on the page; the Problems panel gets them from the language server's
    // mermaid-syntax check, once, with the severity the user chose.
    const document = this.document;
    this.lastReport = { documentUri: document.uri.toString(), version: message.version, total: message.total, rendered: message.rendered, errors: message.errors };
    this.renderEmitter.fire(this.lastReport);
  }

  private async reveal(line: number): Promise<void> {
    if (!this.document) return;
    const document = this.document;
    const target = Math.min(line, document.lineCount - 1);
    const visible = vscode.window.visibleTextEditors.find((editor) => editor.document === document);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    const position = new vscode.Position(target, 0);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async exportDiagram(format: 'svg' | 'png', index: number, data: string): Promise<void> {
    if (!this.document) return;
    const base = this.document.uri.path.slice(this.document.uri.path.lastIndexOf('/') + 1).replace(/\.md$/i, '');
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(this.document.uri, '..', `${base}-diagram-${index + 1}.${format}`),
      filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
      saveLabel: `Export ${format.toUpperCase()}`,
    });
    if (!target) return;
    const bytes = format === 'svg' ? new TextEncoder().encode(data) : bytesOfBase64(data.slice(data.indexOf(',') + 1));
    await vscode.workspace.fs.writeFile(target, bytes);
    void vscode.window.showInformationMessage(`Diagram ${index + 1} saved to ${target.fsPath}.`);
  }

  dispose(): void {
    this.panel?.dispose();
    this.updater.cancel();
    this.graphUpdater.cancel();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** Decodes base64 without Node's Buffer, which the browser's extension host lacks. */
function bytesOfBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function describe(message: unknown): string {
  if (typeof message !== 'object' || message === null) return typeof message;
  const type = (message as { type?: unknown }).type;
  return typeof type === 'string' ? `type '${type.slice(0, 40)}'` : 'no type';
}
