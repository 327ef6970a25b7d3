/**
 * The extension's browser entry (`browser` in package.json: vscode.dev, github.dev): the language
 * server runs in a web worker and reads the workspace through this client. Everything else is in
 * glossaryExtension.ts, shared with the desktop entry.
 */
import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient } from 'vscode-languageclient/browser';
import { serveFiles } from './clientFileService';
import { activateGlossaryExtension, type GlossaryExtensionApi } from './glossaryExtension';

/**
 * The server's web worker. On vscode.dev the extension's files have an https URL a worker can load;
 * where they do not (an extension installed on a remote, as in code-server: `vscode-remote:`), the
 * script is read through the editor and started from a blob.
 */
async function startServerWorker(serverMain: vscode.Uri): Promise<Worker> {
  if (serverMain.scheme === 'https' || serverMain.scheme === 'http') return new Worker(serverMain.toString(true));
  const script = await vscode.workspace.fs.readFile(serverMain);
  return new Worker(URL.createObjectURL(new Blob([new TextDecoder().decode(script)], { type: 'text/javascript' })));
}

export function activate(context: vscode.ExtensionContext): GlossaryExtensionApi {
  const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist', 'browser', 'server.js');
  return activateGlossaryExtension(
    context,
    (options) => {
      // Message transports rather than the Worker itself: the client's `instanceof Worker` test fails
      // for a worker made in the web extension host's own realm.
      const client = new LanguageClient('glossary', 'Glossary Language Server', async () => {
        const worker = await startServerWorker(serverMain);
        return { reader: new BrowserMessageReader(worker), writer: new BrowserMessageWriter(worker) };
      }, options);
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
