/**
 * The extension's browser entry (`browser` in package.json: vscode.dev, github.dev): the language
 * server runs in a web worker and reads the workspace through this client. Everything else is in
 * glossaryExtension.ts, shared with the desktop entry.
 */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { serveFiles } from './clientFileService';
import { activateGlossaryExtension, type GlossaryExtensionApi } from './glossaryExtension';

export function activate(context: vscode.ExtensionContext): GlossaryExtensionApi {
  const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist', 'browser', 'server.js');
  return activateGlossaryExtension(
    context,
    (options) => {
      const client = new LanguageClient('glossary', 'Glossary Language Server', new Worker(serverMain.toString(true)), options);
      serveFiles(client);
      return client;
    },
    // Any scheme: a browser workspace is rarely on `file:` (github.dev's is `vscode-vfs:`).
    [{ language: 'markdown' }],
  );
}

export function deactivate(): undefined {
  return undefined;
}
