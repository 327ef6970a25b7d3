/**
 * The language server in a browser web worker (vscode.dev, github.dev): a GlossarySession whose
 * files come through the client (which reads them with `vscode.workspace.fs`, on whatever file
 * system the workspace is), which indexes in this thread, and which checks Mermaid diagrams in
 * this thread too (a web worker cannot start the Node worker the desktop server uses).
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { ClientBatchAnalyzer, ClientFiles, ClientWorkspace } from './clientFiles';
import { inlineMermaidPort } from './inlineMermaidPort';
import { MessageTraffic } from './messageTraffic';
import { GlossarySession } from './session';

/** The worker's global scope: where messages from the client arrive and answers go. */
const scope = globalThis as unknown as ConstructorParameters<typeof BrowserMessageReader>[0];
const messageTraffic = new MessageTraffic();
const connection = createConnection(new BrowserMessageReader(scope), new BrowserMessageWriter(scope), { messageStrategy: messageTraffic.strategy });
const files = new ClientFiles(connection);

new GlossarySession(connection, {
  createWorkspace: (folders) => new ClientWorkspace(folders, files),
  analyzer: new ClientBatchAnalyzer(files),
  mermaidPort: inlineMermaidPort(),
  fileExists: (uri) => files.exists(uri),
  messageTraffic,
}).listen();
