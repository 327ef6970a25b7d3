import * as vscode from 'vscode';
import { Debouncer } from './debounce';
import { extractDiagrams } from './diagramBlocks';
import { fileName, previewSettings, type PreviewPanelHost } from './previewPanelHost';
import type { MermaidTheme, RenderError, WebviewMessage } from './protocol';

export interface RenderReport {
  documentUri: string;
  version: number;
  total: number;
  rendered: number[];
  errors: RenderError[];
}

/**
 * The diagrams view of the preview: every ```mermaid block of one document under its heading,
 * sent again (debounced) as it is edited; the page's clicks reveal lines, its exports are saved.
 */
export class DiagramPreview implements vscode.Disposable {
  /** The document on show; kept while the graph is shown, so the page can come back to it. */
  document: vscode.TextDocument | undefined;
  private version = 0;
  private readonly updater = new Debouncer(() => this.postUpdate(), previewSettings().debounceMs);
  private readonly renderEmitter = new vscode.EventEmitter<RenderReport>();
  /** Fires each time the webview reports a render; the e2e tests and the status of the panel read it. */
  readonly onDidRender = this.renderEmitter.event;
  lastReport: RenderReport | undefined;
  /** Whether the panel shows this view (else the graph): only then does it post. */
  active = true;

  constructor(
    private readonly host: PreviewPanelHost,
    private readonly theme: () => MermaidTheme,
  ) {}

  /** Shows `document`'s diagrams now. */
  showDocument(document: vscode.TextDocument): void {
    this.document = document;
    this.host.title = `Mermaid: ${fileName(document.uri)}`;
    this.updater.cancel();
    this.postUpdate();
  }

  /** The document changed: send its diagrams again after a pause. */
  scheduleUpdate(): void {
    this.updater.schedule();
  }

  /** The preview settings changed: the pause, the limits. */
  settingsChanged(): void {
    this.updater.delay = previewSettings().debounceMs;
    this.updater.schedule();
  }

  /** Sends the diagrams of the document on show, as they are now. */
  postUpdate(): void {
    if (!this.host.isOpen || !this.document || !this.active) return;
    const settings = previewSettings();
    const blocks = extractDiagrams(this.document.getText(), { maxCharacters: settings.maxCharacters, maxEdges: settings.maxEdges });
    this.host.post({
      type: 'update',
      documentUri: this.document.uri.toString(),
      title: fileName(this.document.uri),
      version: ++this.version,
      blocks,
      theme: this.theme(),
    });
  }

  /** Stops any update still to come. */
  stop(): void {
    this.updater.cancel();
  }

  /** A message of the page about the diagrams; false when it is not one. */
  async handle(message: WebviewMessage): Promise<boolean> {
    switch (message.type) {
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
      default:
        return false;
    }
  }

  private rendered(message: Extract<WebviewMessage, { type: 'rendered' }>): void {
    if (!this.document || message.version !== this.version) return;
    // Errors show in place on the page; the Problems panel gets them from the language server's
    // mermaid-syntax check, once, with the severity the user chose.
    this.lastReport = { documentUri: this.document.uri.toString(), version: message.version, total: message.total, rendered: message.rendered, errors: message.errors };
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
    const base = fileName(this.document.uri).replace(/\.md$/i, '');
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
    this.updater.cancel();
    this.renderEmitter.dispose();
  }
}

/** Decodes base64 without Node's Buffer, which the browser's extension host lacks. */
function bytesOfBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
