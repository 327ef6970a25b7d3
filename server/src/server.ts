#!/usr/bin/env node
/**
 * The language server over stdio, for VS Code and any other LSP client (`glossary-language-server
 * --stdio`): a GlossarySession on Node, with the file system, worker threads for indexing and the
 * Mermaid worker.
 */
import { existsSync } from 'node:fs';
import { createConnection, LSPErrorCodes, Message, ProposedFeatures } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { AnalysisPool } from './analysisPool';
import { MessageTraffic } from './messageTraffic';
import { nodeMermaidPort } from './nodeMermaidPort';
import { NodeWorkspace } from './nodeWorkspace';
import { limitHeapGrowth } from './heapGrowth';
import { GlossarySession } from './session';
import { VERSION } from './version';

if (process.argv.includes('--version')) {
  process.stdout.write(`glossary-language-server ${VERSION}\n`);
  process.exit(0);
}

/**
 * A request still waiting in the queue when its $/cancelRequest arrives (behind an indexing slice
 * or a large document) is answered RequestCancelled at once instead of being computed.
 */
const messageTraffic = new MessageTraffic();
const connection = createConnection(ProposedFeatures.all, {
  messageStrategy: messageTraffic.strategy,
  connectionStrategy: {
    cancelUndispatched: (message) => (Message.isRequest(message) ? { jsonrpc: '2.0', id: message.id, error: { code: LSPErrorCodes.RequestCancelled, message: 'The request was cancelled before it ran.' } } : undefined),
  },
});
const log = (message: string) => connection.console.log(message);

// Worker threads that list and index the workspace and parse large documents while this thread
// answers requests; while they run, the heaps grow less (see limitHeapGrowth).
limitHeapGrowth(false);
const analyzer = new AnalysisPool({ log, onRunning: limitHeapGrowth });
const session = new GlossarySession(connection, {
  createWorkspace: (folders) => new NodeWorkspace(folders, (cwd, include, exclude) => analyzer.listFiles(cwd, include, exclude), log),
  analyzer,
  // Parses ```mermaid blocks in a worker thread.
  mermaidPort: nodeMermaidPort(),
  fileExists: async (uri) => existsSync(URI.parse(uri).fsPath),
  memoryUsage: () => process.memoryUsage(),
  messageTraffic,
});

process.on('uncaughtException', (error) => log(`Uncaught: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => log(`Unhandled rejection: ${String(reason)}`));

session.listen();
