/**
 * "Glossary: New Term": asks for a title, proposes the slug, lets the language server refuse a
 * slug in use (or one glossary.slugPattern rejects: as the user types, and again on Enter) and fill
 * in the entry template, then creates the file through a WorkspaceEdit — so Undo takes it back —
 * and opens it at the description.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { NEW_ENTRY_REQUEST, slugFromTitle, slugProblem, titleProblem, type NewEntryParams, type NewEntryResult } from '../../server/src/core/features/newEntry';

/** The folder of the active editor's file, when it is a local Markdown file (the server uses it only if an entry there is a glossary entry). */
function activeFolder(): vscode.Uri | undefined {
  const document = vscode.window.activeTextEditor?.document;
  // Any file system the workspace is on (github.dev's is `vscode-vfs:`), but not an unsaved buffer.
  if (!document || document.uri.scheme === 'untitled' || document.languageId !== 'markdown') return undefined;
  return vscode.Uri.joinPath(document.uri, '..');
}

/** Runs the command; resolves to the new entry's URI, or undefined when cancelled or refused. */
/** How the command asks: VS Code's input box, which the e2e tests answer through the extension's API. */
export interface Prompts {
  showInputBox: typeof vscode.window.showInputBox;
}

export async function newTerm(client: BaseLanguageClient, prompts: Prompts): Promise<vscode.Uri | undefined> {
  const title = await prompts.showInputBox({
    title: 'Glossary: New Term (1/2)',
    prompt: 'The title of the new term',
    placeHolder: 'e.g. Retrieval-Augmented Generation',
    ignoreFocusOut: true,
    // An empty box is not an error yet; Enter on it cancels.
    validateInput: (value) => (value.trim() === '' ? undefined : titleProblem(value.trim())),
  });
  if (title === undefined || title.trim() === '') return undefined;
  const trimmed = title.trim();
  const badTitle = titleProblem(trimmed);
  if (badTitle) {
    void vscode.window.showErrorMessage(`Glossary: ${badTitle}`);
    return undefined;
  }
  const folder = activeFolder();
  const ask = (slug: string) => {
    const params: NewEntryParams = { title: trimmed, slug, ...(folder ? { folderUri: client.code2ProtocolConverter.asUri(folder) } : {}) };
    return client.sendRequest<NewEntryResult>(NEW_ENTRY_REQUEST, params);
  };
  /**
   * Checked as the user types: what cannot be a file name at once, then the server's answer (the
   * slug pattern in force may come from glossary.config.json, and only the server knows the slugs).
   */
  const check = async (slug: string): Promise<string | undefined> => {
    const local = slugProblem(slug, '.*');
    if (local) return local;
    try {
      const answer = await ask(slug);
      return 'error' in answer && (answer.reason === 'exists' || answer.reason === 'invalid-slug') ? answer.error : undefined;
    } catch {
      return undefined;
    }
  };

  let value = slugFromTitle(trimmed);
  /** The last slug the server refused, and why: the box says so until the slug is changed. */
  let refused: { slug: string; message: string } | undefined;
  for (;;) {
    const slug = await prompts.showInputBox({
      title: 'Glossary: New Term (2/2)',
      prompt: refused?.message ?? `The slug of '${trimmed}': the entry's file name, and how other entries name it.`,
      value,
      ignoreFocusOut: true,
      validateInput: (candidate) => (refused && candidate === refused.slug ? refused.message : check(candidate)),
    });
    if (slug === undefined) return undefined;
    const result = await ask(slug);
    if ('error' in result) {
      if (result.reason === 'exists' || result.reason === 'invalid-slug') {
        refused = { slug, message: result.error };
        value = slug;
        continue;
      }
      void vscode.window.showErrorMessage(`Glossary: ${result.error}`);
      return undefined;
    }
    return createEntry(result);
  }
}

async function createEntry(result: Extract<NewEntryResult, { uri: string }>): Promise<vscode.Uri | undefined> {
  const uri = vscode.Uri.parse(result.uri, true);
  const edit = new vscode.WorkspaceEdit();
  // If the file appeared meanwhile the whole edit fails rather than prepend a template to it.
  edit.createFile(uri, { overwrite: false, ignoreIfExists: false });
  edit.insert(uri, new vscode.Position(0, 0), result.text);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`Glossary: could not create ${vscode.workspace.asRelativePath(uri)}.`);
    return undefined;
  }
  const editor = await vscode.window.showTextDocument(uri, { preview: false });
  const position = editor.document.validatePosition(new vscode.Position(result.cursor.line, result.cursor.character));
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return uri;
}
