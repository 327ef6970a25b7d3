import * as vscode from 'vscode';
import { createNonce, renderPreviewHtml } from './previewHtml';
import { isWebviewMessage, type HostMessage, type WebviewMessage } from './protocol';

/** The glossary.preview settings, read when needed (they change while the panel is open). */
export function previewSettings() {
  const config = vscode.workspace.getConfiguration('glossary.preview');
  return {
    debounceMs: config.get<number>('debounceMs', 100),
    theme: config.get<string>('theme', 'auto'),
    maxCharacters: config.get<number>('maxDiagramCharacters', 50_000),
    maxEdges: config.get<number>('maxDiagramEdges', 1_000),
  };
}

/** The last segment of a URI's path: what a panel title shows. */
export function fileName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/**
 * The webview panel beside the editor that the preview's views are shown in: its page (strict CSP
 * with a nonce, the bundled script and style), its options, and the messages from it, each checked
 * against the protocol before anyone sees it. What the page shows is the views' business.
 */
export class PreviewPanelHost implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** Messages posted before the page said it is ready would be lost; they are not sent. */
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly viewType: string,
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.OutputChannel,
    private readonly events: {
      /** A checked message from the page ('ready' included, once the host has noted it); false when refused. */
      message(message: WebviewMessage): Promise<boolean>;
      /** The user closed the panel. */
      closed(): void;
    },
  ) {}

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  get viewColumn(): vscode.ViewColumn | undefined {
    return this.panel?.viewColumn;
  }

  set title(title: string) {
    if (this.panel) this.panel.title = title;
  }

  /** Opens the panel beside the editor, or reveals it, keeping the focus where it is. */
  open(): void {
    if (this.panel) this.panel.reveal(vscode.ViewColumn.Beside, true);
    else this.adopt(vscode.window.createWebviewPanel(this.viewType, 'Mermaid Preview', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, this.webviewOptions()));
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

  /** Makes `panel` (new, or restored after a reload, in place of any other) the preview: its page, its messages, its end. */
  adopt(panel: vscode.WebviewPanel): void {
    if (this.panel !== panel) this.panel?.dispose();
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
      if (this.panel !== panel) return;
      this.panel = undefined;
      this.events.closed();
    }, undefined, this.disposables);
  }

  /** Whether `panel` is the one on show (a restored panel may have been replaced meanwhile). */
  shows(panel: vscode.WebviewPanel): boolean {
    return this.panel === panel;
  }

  post(message: HostMessage): void {
    if (this.panel && this.ready) void this.panel.webview.postMessage(message);
  }

  /**
   * Handles one message from the page, checked first against the protocol. Resolves to false when
   * the message was dropped or refused.
   */
  async receive(message: unknown): Promise<boolean> {
    if (!isWebviewMessage(message)) {
      this.log.appendLine(`Mermaid preview: dropped a malformed message from the webview (${describe(message)}).`);
      return false;
    }
    if (message.type === 'ready') this.ready = true;
    try {
      return await this.events.message(message);
    } catch (error) {
      this.log.appendLine(`Mermaid preview: ${String(error)}`);
      return false;
    }
  }

  dispose(): void {
    this.panel?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function describe(message: unknown): string {
  if (typeof message !== 'object' || message === null) return typeof message;
  const type = (message as { type?: unknown }).type;
  return typeof type === 'string' ? `type '${type.slice(0, 40)}'` : 'no type';
}
