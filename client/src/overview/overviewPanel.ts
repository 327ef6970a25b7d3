/**
 * "Glossary: Show Overview": a webview of the glossary's figures (`glossary/stats`), refreshed
 * as entries are saved, created, deleted or renamed. Same rules as the Mermaid preview: a CSP
 * with a nonce, only the bundled script, no network, messages checked by type; a click opens
 * only an entry the figures it sent name.
 */
import * as vscode from 'vscode';
import type { GlossaryStats } from '../../../server/src/core/features/stats';
import { createNonce } from '../preview/previewHtml';
import { renderOverviewHtml } from './overviewHtml';
import { isOverviewWebviewMessage, urisIn, type OverviewHostMessage } from './overviewProtocol';

export const OVERVIEW_VIEW_TYPE = 'glossary.overview';
/** Items the overview lists per list; beyond, it says how many more there are. */
export const OVERVIEW_LIST_LIMIT = 200;
/** Saves and file events come in bursts (a fix-all, a branch switch): one refresh after they settle. */
const REFRESH_DELAY_MS = 500;

/** The figures, or a sentence saying why there are none. */
export type StatsSource = () => Promise<GlossaryStats | string>;

export class OverviewPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private openable = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly rendered = new vscode.EventEmitter<GlossaryStats | string>();
  /** Fires with what the page was sent (for the e2e tests). */
  readonly onDidSend = this.rendered.event;
  lastSent: GlossaryStats | string | undefined;

  constructor(private readonly extensionUri: vscode.Uri, private readonly output: vscode.LogOutputChannel, private readonly source: StatsSource) {
    const later = () => this.scheduleRefresh();
    this.disposables.push(
      vscode.workspace.onDidSaveTextDocument((document) => document.languageId === 'markdown' && later()),
      vscode.workspace.onDidCreateFiles(later),
      vscode.workspace.onDidDeleteFiles(later),
      vscode.workspace.onDidRenameFiles(later),
    );
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const panel = vscode.window.createWebviewPanel(OVERVIEW_VIEW_TYPE, 'Glossary Overview', vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      enableForms: false,
      localResourceRoots: [root],
    });
    this.panel = panel;
    const webview = panel.webview;
    webview.html = renderOverviewHtml(webview.cspSource, createNonce(), webview.asWebviewUri(vscode.Uri.joinPath(root, 'overview.js')).toString(),
      webview.asWebviewUri(vscode.Uri.joinPath(root, 'overview-style.css')).toString());
    panel.onDidDispose(() => {
      this.panel = undefined;
      clearTimeout(this.timer);
    });
    webview.onDidReceiveMessage((message: unknown) => this.receive(message));
  }

  /** A message from the page: dropped (and logged) unless it is one of the known shapes. */
  receive(message: unknown): void {
    if (!isOverviewWebviewMessage(message)) {
      this.output.warn(`Overview: dropped a message of unknown shape from the webview: ${JSON.stringify(message)?.slice(0, 200)}`);
      return;
    }
    if (message.type === 'ready' || message.type === 'refresh') {
      void this.refresh();
    } else if (!this.openable.has(message.uri)) {
      this.output.warn(`Overview: refused to open ${message.uri.slice(0, 200)}: not an entry the overview listed.`);
    } else {
      const position = new vscode.Position(message.line, message.character);
      void vscode.window.showTextDocument(vscode.Uri.parse(message.uri), { selection: new vscode.Range(position, position), preview: false });
    }
  }

  scheduleRefresh(): void {
    if (!this.panel) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }

  async refresh(): Promise<void> {
    if (!this.panel) return;
    let figures: GlossaryStats | string;
    try {
      figures = await this.source();
    } catch (error) {
      figures = `The glossary's figures could not be read: ${error instanceof Error ? error.message : String(error)}`;
      this.output.error(`Overview: ${figures}`);
    }
    if (!this.panel) return;
    const message: OverviewHostMessage = typeof figures === 'string' ? { type: 'unavailable', message: figures } : { type: 'stats', stats: figures };
    this.openable = typeof figures === 'string' ? new Set() : urisIn(figures);
    await this.panel.webview.postMessage(message);
    this.lastSent = figures;
    this.rendered.fire(figures);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.panel?.dispose();
    this.rendered.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
