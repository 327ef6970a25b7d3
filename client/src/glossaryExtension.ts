/**
 * Everything the extension does in VS Code, whichever way its language server runs (a Node
 * process on the desktop, a web worker in the browser): the entry points (extension.ts, and the
 * browser's) only say how to create the language client.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions, Location, Position } from 'vscode-languageclient';
import { RELATIONSHIP_GRAPH_REQUEST, type RelationshipGraph, type RelationshipGraphParams } from '../../server/src/core/features/graph';
import { CONFIG_FILE_NAME } from '../../server/src/core/config';
import { OPEN_ENTRY_COMMAND } from '../../server/src/core/features/fixes';
import { SHOW_REFERENCES_COMMAND } from '../../server/src/core/features/navigation';
import { UNLINKED_MENTIONS_OF_REQUEST, type UnlinkedMentionsOfParams } from '../../server/src/core/mentions/mentionIndex';
import { watchForGlossary } from './glossaryDetection';
import { GlossaryLanguageServer, type ClientFactory } from './languageServer';
import { newTerm, type Prompts } from './newTerm';
import { GLOSSARY_STATS_REQUEST, type GlossaryStats, type GlossaryStatsParams } from '../../server/src/core/features/stats';
import { OVERVIEW_LIST_LIMIT, OverviewPanel } from './overview/overviewPanel';
import { markdownItMermaid, type MarkdownItLike } from './preview/markdownItMermaid';
import { MermaidPreviewPanel, type GraphSource } from './preview/mermaidPreviewPanel';
import { previewSettings } from './preview/previewPanelHost';

/** What `activate` returns: the e2e tests reach the client and the preview through it. */
export interface GlossaryExtensionApi {
  /** The language client, once the server has been started (never, in a workspace without a glossary). */
  readonly client: BaseLanguageClient | undefined;
  readonly preview: MermaidPreviewPanel;
  readonly overview: OverviewPanel;
  /** Resolves when the language server has indexed the workspace once. */
  readonly indexed: Promise<number>;
  /** Why the server was started, or undefined while it has not been. */
  readonly startReason: string | undefined;
  /** What the extension costs a workspace that turns out to hold no glossary (for the log and the tests). */
  readonly idle: IdleCost;
  /** The input boxes the commands open; replaceable, so that tests in another extension can answer them. */
  readonly prompts: Prompts;
  /** VS Code's Markdown preview calls this (`markdown.markdownItPlugins`): Mermaid fences become diagrams there. */
  extendMarkdownIt<T extends MarkdownItLike>(md: T): T;
}

export interface IdleCost {
  /** Time spent in activate(). */
  activateMilliseconds: number;
  /** Time the search for a glossary took, once it found none. */
  searchMilliseconds: number | undefined;
}

export function activateGlossaryExtension(context: vscode.ExtensionContext, createClient: ClientFactory, documentSelector: LanguageClientOptions['documentSelector']): GlossaryExtensionApi {
  const activationStarted = Date.now();
  const idle: IdleCost = { activateMilliseconds: 0, searchMilliseconds: undefined };
  const output = vscode.window.createOutputChannel('Glossary Language Server', { log: true });
  const clientOptions: LanguageClientOptions = {
    // The server itself tells entries from other Markdown files, by glossary.include/exclude.
    documentSelector,
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
  };
  const server = new GlossaryLanguageServer(output, createClient, clientOptions);
  const graphSource: GraphSource = async (uri) => {
    const client = server.current;
    if (!client?.isRunning()) return undefined;
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
  const prompts: Prompts = { showInputBox: (options, token) => vscode.window.showInputBox(options, token) };
  // The glossary of the entry last edited, where a workspace holds several (language folders).
  let overviewOf: string | undefined;
  const overview = new OverviewPanel(context.extensionUri, output, async () => {
    const client = await server.start('Glossary: Show Overview was run');
    await server.indexed;
    overviewOf = vscode.window.activeTextEditor?.document.uri.toString() ?? overviewOf;
    // The page lists a few hundred items per list at most; the counts stay whole.
    const stats = await client.sendRequest<GlossaryStats | null>(GLOSSARY_STATS_REQUEST, { limit: OVERVIEW_LIST_LIMIT, uri: overviewOf } satisfies GlossaryStatsParams);
    return stats ?? 'The language server could not work out the figures; see the Glossary Language Server output.';
  });
  const converters = () => {
    const client = server.current;
    if (!client) throw new Error('The Glossary language server is not running.');
    return client.protocol2CodeConverter;
  };

  context.subscriptions.push(
    output,
    server,
    preview,
    overview,
    watchForGlossary(
      (reason) => void server.start(reason).catch((error: unknown) => output.error(`The language server did not start: ${String(error)}`)),
      (milliseconds) => {
        idle.searchMilliseconds = milliseconds;
        output.info(`No glossary in this workspace (looked for ${CONFIG_FILE_NAME} and files that glossary.include matches in ${milliseconds} ms): the language server is not started.`);
      },
    ),
    vscode.window.registerWebviewPanelSerializer(MermaidPreviewPanel.viewType, preview.serializer()),
    vscode.commands.registerCommand('glossary.showOutput', () => output.show(true)),
    // The server's code lens and quick fixes name these; their arguments arrive as LSP JSON.
    vscode.commands.registerCommand(SHOW_REFERENCES_COMMAND, (uri: string, position: Position, locations: Location[]) => {
      const converter = converters();
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
    vscode.commands.registerCommand('glossary.restartServer', () => server.restart()),
    vscode.commands.registerCommand('glossary.checkWholeGlossary', async () => {
      const result = await server.checkWholeGlossary();
      const summary = result.cancelled
        ? 'Glossary: the whole-glossary check was cancelled; the entries checked so far are in the Problems panel.'
        : `Glossary: checked ${result.entries} ${result.entries === 1 ? 'entry' : 'entries'}: ${result.findings} ${result.findings === 1 ? 'finding' : 'findings'} in the Problems panel, kept up to date as files change.`;
      void vscode.window.showInformationMessage(summary);
      return result;
    }),
    vscode.commands.registerCommand('glossary.openMermaidPreview', (uri?: vscode.Uri) => {
      const document = uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) : vscode.window.activeTextEditor?.document;
      if (!document || document.languageId !== 'markdown') {
        void vscode.window.showInformationMessage('Open a glossary Markdown file to preview its Mermaid diagrams.');
        return;
      }
      preview.show(document);
    }),
    vscode.commands.registerCommand('glossary.createConfig', createConfig),
    vscode.commands.registerCommand('glossary.newTerm', async () => newTerm(await server.start('Glossary: New Term was run'), prompts)),
    vscode.commands.registerCommand('glossary.showOverview', () => overview.show()),
    // Who mentions this entry without linking it: the places, in the references view.
    vscode.commands.registerCommand('glossary.showUnlinkedMentions', async (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (!target) {
        void vscode.window.showInformationMessage('Open a glossary entry to find where it is mentioned without a link.');
        return [];
      }
      const client = await server.start('Glossary: Show Unlinked Mentions was run');
      await server.indexed;
      const locations = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Glossary: looking for unlinked mentions' }, () =>
        client.sendRequest<Location[]>(UNLINKED_MENTIONS_OF_REQUEST, { uri: target.toString() } satisfies UnlinkedMentionsOfParams));
      if (!locations.length) {
        void vscode.window.showInformationMessage(`No other entry mentions ${target.path.slice(target.path.lastIndexOf('/') + 1)} without linking it.`);
        return locations;
      }
      const converter = converters();
      await vscode.commands.executeCommand('editor.action.showReferences', target, new vscode.Position(0, 0), locations.map((location) => converter.asLocation(location)));
      return locations;
    }),
    vscode.commands.registerCommand('glossary.showRelationshipGraph', async (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (!target) {
        void vscode.window.showInformationMessage('Open a glossary entry to see its relationship graph.');
        return false;
      }
      await server.start('Glossary: Show Relationship Graph was run');
      await server.indexed;
      const shown = await preview.showGraph(target);
      if (!shown) void vscode.window.showInformationMessage(`${target.path.slice(target.path.lastIndexOf('/') + 1)} is not a glossary entry, so it has no relationship graph.`);
      return shown;
    }),
  );
  idle.activateMilliseconds = Date.now() - activationStarted;
  return {
    idle,
    get client() {
      return server.current;
    },
    preview,
    overview,
    prompts,
    indexed: server.indexed,
    extendMarkdownIt: (md) => markdownItMermaid(md, {
      enabled: () => vscode.workspace.getConfiguration('glossary.markdownPreview').get<boolean>('mermaid', true),
      pinnedTheme: () => {
        const theme = previewSettings().theme;
        return theme === 'auto' ? undefined : theme;
      },
    }),
    get startReason() {
      return server.startReason;
    },
  };
}

/** The configuration a new glossary.config.json starts with: the defaults of what a layout changes most. */
const STARTER_CONFIG = `{
  "include": ["content/glossary/**/*.md"],
  "linkPrefix": "/glossary/",
  "relatedPrefix": "",
  "requiredFields": ["title", "description", "category"],
  "categories": []
}
`;

/** "Glossary: Create Configuration File": opens the workspace's glossary.config.json, creating it (undoably) first if there is none. */
async function createConfig(): Promise<vscode.Uri | undefined> {
  const folder = await configFolder();
  if (!folder) {
    void vscode.window.showInformationMessage('Open the folder of your site first: glossary.config.json goes at its root.');
    return undefined;
  }
  const uri = vscode.Uri.joinPath(folder.uri, CONFIG_FILE_NAME);
  const exists = await Promise.resolve(vscode.workspace.fs.stat(uri)).then(() => true, () => false);
  if (!exists) {
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(uri, { ignoreIfExists: true });
    edit.insert(uri, new vscode.Position(0, 0), STARTER_CONFIG);
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage(`Glossary: could not create ${CONFIG_FILE_NAME}.`);
      return undefined;
    }
  }
  await vscode.window.showTextDocument(uri, { preview: false });
  return uri;
}

/**
 * Where a new glossary.config.json goes: each workspace folder has its own, so in a multi-root
 * workspace the folder of the active editor, else the one the user picks.
 */
async function configFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  const active = vscode.window.activeTextEditor?.document.uri;
  const ofActive = active && vscode.workspace.getWorkspaceFolder(active);
  return ofActive || vscode.window.showWorkspaceFolderPick({ placeHolder: `The workspace folder whose ${CONFIG_FILE_NAME} to open` });
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
