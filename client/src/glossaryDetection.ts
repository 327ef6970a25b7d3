/**
 * Whether the workspace holds a glossary, so that a Markdown workspace that is not one never
 * starts the language server: a `glossary.config.json` anywhere, or a Markdown file that the
 * `glossary.include` globs of its folder match. The extension activates on any Markdown file;
 * this decides, with file searches capped at one result.
 */
import * as vscode from 'vscode';
import { CONFIG_FILE_NAME } from '../../server/src/core/config';
import { EntryMatcher } from '../../server/src/core/entryMatcher';

/** Searched alike by every workspace search of the detection: folders no glossary lives in. */
const NEVER_SEARCHED = '{**/node_modules/**,**/.git/**}';

function globsOf(folder: vscode.WorkspaceFolder): { include: string[]; exclude: string[] } {
  const settings = vscode.workspace.getConfiguration('glossary', folder.uri);
  return { include: settings.get<string[]>('include', []), exclude: settings.get<string[]>('exclude', []) };
}

/** Why the workspace is a glossary (for the log), or undefined when nothing says it is. */
export async function detectGlossary(token?: vscode.CancellationToken): Promise<string | undefined> {
  const configs = await vscode.workspace.findFiles(`**/${CONFIG_FILE_NAME}`, NEVER_SEARCHED, 1, token);
  if (configs.length) return `${vscode.workspace.asRelativePath(configs[0])} found`;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const { include, exclude } = globsOf(folder);
    const excluded = exclude.length ? `{${[...exclude, '**/node_modules/**'].join(',')}}` : NEVER_SEARCHED;
    for (const glob of include) {
      const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, glob), excluded, 1, token);
      if (found.length && found[0].path.toLowerCase().endsWith('.md')) return `${vscode.workspace.asRelativePath(found[0])} matches glossary.include`;
    }
  }
  return undefined;
}

/** Whether a document the user opened is a glossary entry by the `glossary.include` settings of its folder. */
export function matchesIncludeSettings(document: vscode.TextDocument): boolean {
  if (document.languageId !== 'markdown') return false;
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  if (!folder) return false;
  const { include, exclude } = globsOf(folder);
  return new EntryMatcher([folder.uri.toString()], include, exclude).matches(document.uri.toString());
}

/**
 * Calls `onGlossary` once, with the reason, when the workspace turns out to hold a glossary: now,
 * or later when a configuration file appears, the include settings change, folders are added or a
 * matching Markdown file is opened. Disposing stops the watching.
 */
export function watchForGlossary(onGlossary: (reason: string) => void, onNoGlossary: (milliseconds: number) => void = () => undefined): vscode.Disposable {
  const disposables: vscode.Disposable[] = [];
  let settled = false;
  let pending: vscode.CancellationTokenSource | undefined;
  const found = (reason: string) => {
    if (settled) return;
    settled = true;
    pending?.cancel();
    for (const disposable of disposables.splice(0)) disposable.dispose();
    onGlossary(reason);
  };
  const search = () => {
    pending?.cancel();
    const source = (pending = new vscode.CancellationTokenSource());
    const started = Date.now();
    detectGlossary(source.token).then(
      (reason) => (reason ? found(reason) : !source.token.isCancellationRequested && onNoGlossary(Date.now() - started)),
      () => undefined,
    );
  };
  const configWatcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE_NAME}`, false, true, true);
  disposables.push(
    configWatcher,
    configWatcher.onDidCreate((uri) => found(`${vscode.workspace.asRelativePath(uri)} created`)),
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (matchesIncludeSettings(document)) found(`${vscode.workspace.asRelativePath(document.uri)} opened`);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('glossary.include') || event.affectsConfiguration('glossary.exclude')) search();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(search),
  );
  for (const document of vscode.workspace.textDocuments) {
    if (matchesIncludeSettings(document)) {
      found(`${vscode.workspace.asRelativePath(document.uri)} is open`);
      break;
    }
  }
  if (!settled) search();
  return {
    dispose: () => {
      settled = true;
      pending?.cancel();
      for (const disposable of disposables.splice(0)) disposable.dispose();
    },
  };
}
