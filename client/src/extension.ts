/**
 * The extension's desktop entry (`main`): the language server runs as a Node process over stdio.
 * Everything else is in glossaryExtension.ts, shared with the browser entry.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { activateGlossaryExtension, type GlossaryExtensionApi } from './glossaryExtension';

export type { GlossaryExtensionApi } from './glossaryExtension';

export function activate(context: vscode.ExtensionContext): GlossaryExtensionApi {
  const serverModule = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  // Node flags and environment for the server, kept in package.json so the benchmarks and tests
  // start it the same way: a 4 MB young generation holds ~30 MB less resident memory at 20,000
  // entries for the same latency; MALLOC_ARENA_MAX=2 keeps glibc from holding a heap per thread
  // that the indexing workers and the Mermaid worker leave behind (20–25 MB of the peak there).
  const launch = (context.extension.packageJSON as { glossaryServer?: { execArgv?: string[]; env?: Record<string, string> } }).glossaryServer;
  const execArgv = launch?.execArgv ?? [];
  // Added to the extension host's environment by the client.
  const env = launch?.env ?? {};
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio, options: { execArgv, env } },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  return activateGlossaryExtension(
    context,
    (options) => new LanguageClient('glossary', 'Glossary Language Server', serverOptions, options),
    [{ scheme: 'file', language: 'markdown' }],
  );
}

export function deactivate(): undefined {
  // The client is disposed with the context's subscriptions, which stops the server.
  return undefined;
}
