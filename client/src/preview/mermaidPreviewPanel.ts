import * as vscode from 'vscode';
import { Debouncer } from './debounce';
import { extractDiagrams } from './diagramBlocks';
import { createNonce, renderPreviewHtml } from './previewHtml';
import { mermaidThemeFor } from './previewTheme';
import { isWebviewMessage, type HostMessage, type RenderError, type WebviewMessage } from './protocol';

export interface RenderReport {
  documentUri: string;
  version: number;
  total: number;
  rendered: number[];
  errors: RenderError[];
}

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
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('glossary-mermaid');
  private readonly renderEmitter = new vscode.EventEmitter<RenderReport>();
  private readonly disposables: vscode.Disposable[] = [this.diagnostics, this.renderEmitter];
  /** Fires each time the webview reports a render; the e2e tests and the status of the panel read it. */
  readonly onDidRender = this.renderEmitter.event;
  lastReport: RenderReport | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.OutputChannel,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (this.panel && event.document === this.document) this.updater.schedule();
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (this.panel && editor && editor.document.languageId === 'markdown' && editor.document !== this.document) this.showDocument(editor.document);
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

  /** Opens the preview beside the editor (or reveals it) on `document`. */
  show(document: vscode.TextDocument): void {
    if (!this.panel) this.createPanel();
    else this.panel.reveal(vscode.ViewColumn.Beside, true);
    this.showDocument(document);
  }

  private createPanel(): void {
    const distUri = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const panel = vscode.window.createWebviewPanel(MermaidPreviewPanel.viewType, 'Mermaid Preview', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      enableCommandUris: false,
      enableForms: false,
      localResourceRoots: [distUri],
      // Keeps rendered diagrams and the scroll position while the panel sits in a background tab.
      retainContextWhenHidden: true,
    });
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
      this.updater.cancel();
      this.diagnostics.clear();
    }, undefined, this.disposables);
  }

  private showDocument(document: vscode.TextDocument): void {
    if (this.document && this.document !== document) this.diagnostics.delete(this.document.uri);
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
    if (!this.panel || !this.document || !this.ready) return;
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

  private receive(message: unknown): void {
    if (!isWebviewMessage(message)) {
      this.log.appendLine(`Mermaid preview: dropped a malformed message from the webview (${describe(message)}).`);
      return;
    }
    void this.handle(message).catch((error: unknown) => this.log.appendLine(`Mermaid preview: ${String(error)}`));
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.postUpdate();
        return;
      case 'rendered':
        return this.rendered(message);
      case 'reveal':
        return this.reveal(message.line);
      case 'export':
        return this.exportDiagram(message.format, message.index, message.data);
      case 'copy':
        await vscode.env.clipboard.writeText(message.svg);
        void vscode.window.showInformationMessage(`Diagram ${message.index + 1} copied to the clipboard as SVG.`);
        return;
    }
  }

  private rendered(message: Extract<WebviewMessage, { type: 'rendered' }>): void {
    if (!this.document || message.version !== this.version) return;
    const document = this.document;
    this.diagnostics.set(document.uri, message.errors.map((error) => {
      const line = Math.min(error.line, document.lineCount - 1);
      const diagnostic = new vscode.Diagnostic(document.lineAt(line).range, `Mermaid: ${error.message}`, vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'glossary-preview';
      diagnostic.code = 'mermaid-syntax';
      return diagnostic;
    }));
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
    const bytes = format === 'svg' ? new TextEncoder().encode(data) : Buffer.from(data.slice(data.indexOf(',') + 1), 'base64');
    await vscode.workspace.fs.writeFile(target, bytes);
    void vscode.window.showInformationMessage(`Diagram ${index + 1} saved to ${target.fsPath}.`);
  }

  dispose(): void {
    this.panel?.dispose();
    this.updater.cancel();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function describe(message: unknown): string {
  if (typeof message !== 'object' || message === null) return typeof message;
  const type = (message as { type?: unknown }).type;
  return typeof type === 'string' ? `type '${type.slice(0, 40)}'` : 'no type';
}
