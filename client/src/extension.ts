import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type Location,
  type Position,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { RELATIONSHIP_GRAPH_REQUEST, type RelationshipGraph, type RelationshipGraphParams } from '../../server/src/core/features/graph';
import { OPEN_ENTRY_COMMAND } from '../../server/src/core/features/fixes';
import { SHOW_REFERENCES_COMMAND } from '../../server/src/core/features/navigation';
import { CrashPolicy } from './crashPolicy';
import { newTerm } from './newTerm';
import { MermaidPreviewPanel, type GraphSource } from './preview/mermaidPreviewPanel';

/** What `activate` returns: the e2e tests reach the client and the preview through it. */
export interface GlossaryExtensionApi {
  readonly client: LanguageClient;
  readonly preview: MermaidPreviewPanel;
  /** Resolves when the language server has indexed the workspace once. */
  readonly indexed: Promise<number>;
}

interface IndexStatus {
  state: 'indexing' | 'ready';
  entries: number;
  done?: number;
  total?: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<GlossaryExtensionApi> {
  const output = vscode.window.createOutputChannel('Glossary Language Server', { log: true });
  const status = vscode.window.createStatusBarItem('glossary.status', vscode.StatusBarAlignment.Left, 0);
  status.name = 'Glossary';
  status.command = 'glossary.showOutput';
  status.text = '$(sync~spin) Glossary';
  status.tooltip = 'Glossary: starting the language server';
  status.show();

  const serverModule = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  // Node flags for the server, kept in package.json so the benchmarks start it the same way: a 4 MB
  // young generation holds ~30 MB less resident memory at 20,000 entries for the same latency.
  const execArgv = (context.extension.packageJSON as { glossaryServer?: { execArgv?: string[] } }).glossaryServer?.execArgv ?? [];
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio, options: { execArgv } },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const crashes = new CrashPolicy();
  const clientOptions: LanguageClientOptions = {
    // The server itself tells entries from other Markdown files, by glossary.include/exclude.
    documentSelector: [{ scheme: 'file', language: 'markdown' }],
    synchronize: { configurationSection: 'glossary' },
    outputChannel: output,
    middleware: {
      workspace: {
        // Only what the user set: the defaults must not hide the workspace's glossary.config.json.
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          return params.items.map((item, i) => (item.section === 'glossary' ? explicitSettings(context) : answers[i]));
        },
      },
    },
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue }),
      closed: () => {
        if (crashes.shouldRestart()) {
          output.appendLine('The Glossary language server stopped unexpectedly; restarting it.');
          return { action: CloseAction.Restart };
        }
        status.text = '$(error) Glossary';
        status.tooltip = 'Glossary: the language server is stopped';
        return {
          action: CloseAction.DoNotRestart,
          message: `The Glossary language server crashed ${crashes.maxCrashes} times in the last ${crashes.windowMs / 60_000} minutes and was not restarted. See the "Glossary Language Server" output for why, then run "Glossary: Restart Language Server".`,
        };
      },
    },
  };
  const client = new LanguageClient('glossary', 'Glossary Language Server', serverOptions, clientOptions);
  const graphSource: GraphSource = async (uri) => {
    if (!client.isRunning()) return undefined;
    const params: RelationshipGraphParams = { uri: client.code2ProtocolConverter.asUri(uri) };
    const graph = await client.sendRequest<RelationshipGraph | null>(RELATIONSHIP_GRAPH_REQUEST, params);
    if (!graph || graph.nodes.length === 0) return undefined;
    return {
      title: `Relationships of ${graph.nodes[0].title}`,
      source: graph.mermaid,
      nodes: graph.nodes.map((node) => ({ id: node.id, uri: node.uri, title: node.title })),
      capped: graph.capped,
      total: graph.total,
    };
  };
  const preview = new MermaidPreviewPanel(context.extensionUri, output, graphSource);

  let resolveIndexed: (entries: number) => void = () => {};
  const indexed = new Promise<number>((resolve) => (resolveIndexed = resolve));
  client.onNotification('glossary/indexStatus', (update: IndexStatus) => {
    if (update.state === 'indexing') {
      status.text = update.total ? `$(sync~spin) Glossary ${update.done ?? 0}/${update.total}` : '$(sync~spin) Glossary';
      status.tooltip = 'Glossary: indexing entries';
    } else {
      status.text = `$(book) ${update.entries} ${update.entries === 1 ? 'entry' : 'entries'}`;
      status.tooltip = 'Glossary: entries indexed. Click to show the language server log.';
      resolveIndexed(update.entries);
    }
  });

  context.subscriptions.push(
    output,
    status,
    preview,
    client,
    vscode.commands.registerCommand('glossary.showOutput', () => output.show(true)),
    // The server's code lens and quick fixes name these; their arguments arrive as LSP JSON.
    vscode.commands.registerCommand(SHOW_REFERENCES_COMMAND, (uri: string, position: Position, locations: Location[]) => {
      const converter = client.protocol2CodeConverter;
      return vscode.commands.executeCommand('editor.action.showReferences', vscode.Uri.parse(uri), converter.asPosition(position), locations.map((location) => converter.asLocation(location)));
    }),
    vscode.commands.registerCommand(OPEN_ENTRY_COMMAND, async (uri: string) => {
      const editor = await vscode.window.showTextDocument(vscode.Uri.parse(uri));
      const description = editor.document.getText().match(/^description:[ \t]*'?/m);
      if (description?.index !== undefined) {
        const position = editor.document.positionAt(description.index + description[0].length);
        editor.selection = new vscode.Selection(position, position);
      }
    }),
    vscode.commands.registerCommand('glossary.restartServer', async () => {
      crashes.reset();
      status.text = '$(sync~spin) Glossary';
      await client.restart();
    }),
    vscode.commands.registerCommand('glossary.openMermaidPreview', (uri?: vscode.Uri) => {
      const document = uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) : vscode.window.activeTextEditor?.document;
      if (!document || document.languageId !== 'markdown') {
        void vscode.window.showInformationMessage('Open a glossary Markdown file to preview its Mermaid diagrams.');
        return;
      }
      preview.show(document);
    }),
    vscode.commands.registerCommand('glossary.newTerm', () => newTerm(client)),
    vscode.commands.registerCommand('glossary.showRelationshipGraph', async (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (!target) {
        void vscode.window.showInformationMessage('Open a glossary entry to see its relationship graph.');
        return false;
      }
      const shown = await preview.showGraph(target);
      if (!shown) void vscode.window.showInformationMessage(`${target.path.slice(target.path.lastIndexOf('/') + 1)} is not a glossary entry, so it has no relationship graph.`);
      return shown;
    }),
  );
  await client.start();
  return { client, preview, indexed };
}

/** The `glossary.*` settings the user set at any scope (folder over workspace over user), as one object. */
function explicitSettings(context: vscode.ExtensionContext): Record<string, unknown> {
  const configuration = vscode.workspace.getConfiguration('glossary');
  const declared = Object.keys((context.extension.packageJSON as { contributes: { configuration: { properties: Record<string, unknown> } } }).contributes.configuration.properties);
  const result: Record<string, unknown> = {};
  for (const key of declared) {
    const name = key.slice('glossary.'.length);
    const inspected = configuration.inspect(name);
    const scopes = [inspected?.globalValue, inspected?.workspaceValue, inspected?.workspaceFolderValue].filter((value) => value !== undefined);
    if (scopes.length === 0) continue;
    const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
    const value = scopes.every(isObject) ? Object.assign({}, ...scopes) : scopes[scopes.length - 1];
    const path = name.split('.');
    let target = result;
    for (const part of path.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[path[path.length - 1]] = value;
  }
  return result;
}

export function deactivate(): Thenable<void> | undefined {
  // The client is disposed with the context's subscriptions, which stops the server.
  return undefined;
}
