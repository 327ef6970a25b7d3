/**
 * Shared by the e2e tests: reaching the extension's API, the example glossary's files, and waiting
 * for asynchronous results (diagnostics, renders) with a clear message when they do not come.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import type { GlossaryExtensionApi } from '../../../client/src/extension';

export const EXTENSION_ID = 'glossary-author.glossary-author';
/** The example glossary (examples/glossary) has this many entries. */
export const EXAMPLE_ENTRIES = 21;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns something other than undefined/false; fails after `timeoutMs`
 * with `what` and, when given, `detail()` describing the last state seen.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, options: { timeoutMs?: number; detail?: () => string } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.${options.detail ? `\nLast seen: ${options.detail()}` : ''}`);
    await sleep(50);
  }
}

/** `promise`, or a clear failure when it does not settle within `timeoutMs`. */
export function within<T>(promise: PromiseLike<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`)), timeoutMs)));
  return Promise.race([Promise.resolve(promise), timeout]).finally(() => clearTimeout(timer));
}

/** The API the extension's activate() returns, once the extension has activated on its own. */
export async function extensionApi(): Promise<GlossaryExtensionApi> {
  const extension = vscode.extensions.getExtension<GlossaryExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`The extension ${EXTENSION_ID} is not loaded in this host.`);
  // Activated by its activation event (the workspace contains glossary entries), not by the tests.
  await waitFor(`${EXTENSION_ID} to activate on the workspace`, () => extension.isActive, { timeoutMs: 30_000 });
  if (extension.exports) return extension.exports;
  // A failed activation also counts as "active", without exports: activate() tells why.
  let reason = 'activate() returned nothing';
  try {
    await extension.activate();
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  throw new Error(`${EXTENSION_ID} activated without returning its API (the activation failed?): ${reason}`);
}

/** The language client, once the extension has started the language server (it does so on a glossary workspace). */
export async function languageClient(): Promise<BaseLanguageClient> {
  const api = await extensionApi();
  return waitFor('the extension to start the language server', () => api.client, { timeoutMs: 30_000 });
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('No workspace folder is open (the runner opens the example glossary).');
  return folder.uri;
}

export const glossaryDir = () => vscode.Uri.joinPath(workspaceRoot(), 'content', 'glossary');
export const entryUri = (slug: string) => vscode.Uri.joinPath(glossaryDir(), `${slug}.md`);

export async function exampleSlugs(): Promise<string[]> {
  const files = await vscode.workspace.fs.readDirectory(glossaryDir());
  return files.filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.md')).map(([name]) => name.slice(0, -3)).sort();
}

export async function openEntry(slug: string, show = true): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(entryUri(slug));
  if (show) await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

/** A frontmatter field's plain value as the example writes it (`key: 'text'` or `key: text`). */
export function frontmatterValue(text: string, key: string): string | undefined {
  const match = new RegExp(`^${key}:\\s*(.*)$`, 'm').exec(text);
  if (!match) return undefined;
  const raw = match[1].trim();
  return raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : raw;
}

export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** The language server's diagnostics of `uri` (source `glossary`). */
export function glossaryDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'glossary');
}

export function describeDiagnostics(uri: vscode.Uri): string {
  const all = vscode.languages.getDiagnostics(uri);
  if (all.length === 0) return '(no diagnostics)';
  return all.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.source}/${codeOf(d)} ${vscode.DiagnosticSeverity[d.severity]}: ${d.message}`).join('\n  ');
}

/** Waits until the glossary diagnostics of `uri` satisfy `accept`, and returns them. */
export function waitForDiagnostics(uri: vscode.Uri, what: string, accept: (diagnostics: vscode.Diagnostic[]) => boolean, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
  return waitFor(`${what} (${uri.path.slice(uri.path.lastIndexOf('/') + 1)})`, () => {
    const diagnostics = glossaryDiagnostics(uri);
    return accept(diagnostics) ? diagnostics : undefined;
  }, { timeoutMs, detail: () => describeDiagnostics(uri) });
}

export const withCode = (diagnostics: vscode.Diagnostic[], code: string) => diagnostics.filter((d) => codeOf(d) === code);
export const unknownSlugNamed = (diagnostics: vscode.Diagnostic[], slug: string) => withCode(diagnostics, 'unknown-slug').filter((d) => d.message.includes(`'${slug}'`));

/** Reverts every dirty document and closes all editors, so each test starts from the files on disk. */
export async function resetEditors(): Promise<void> {
  for (const document of vscode.workspace.textDocuments) {
    if (!document.isDirty || document.isUntitled) continue;
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n')
    // The server escapes Markdown punctuation of user text; compare with the plain text.
    .replace(/\\([\\`*_{}[\]()#+\-.!|<>])/g, '$1');
}

export const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);

/**
 * Asks the runner for a screenshot of the workbench as it is now. The offline runner watches the
 * output for the marker line, takes the screenshot with the browser that shows the workbench and
 * acknowledges with a file in GLOSSARY_E2E_SCREENSHOT_ACK; elsewhere (desktop) there is nobody to
 * take it and this returns at once.
 */
export async function requestScreenshot(name: string): Promise<string | undefined> {
  const ackDir = process.env.GLOSSARY_E2E_SCREENSHOT_ACK;
  if (!ackDir || !existsSync(ackDir)) return undefined;
  const ack = join(ackDir, name);
  rmSync(ack, { force: true });
  console.log(`__SCREENSHOT__ ${name}`);
  return waitFor(`the runner to take screenshot ${name}`, () => (existsSync(ack) ? readFileSync(ack, 'utf8') : undefined), { timeoutMs: 20_000 });
}

/**
 * Asks the runner how many elements of the workbench page match `selector` (what the extension
 * host cannot see: title-bar buttons, for one). Elsewhere (desktop) nobody answers: undefined.
 */
export async function queryWorkbench(name: string, selector: string): Promise<string | undefined> {
  const ackDir = process.env.GLOSSARY_E2E_SCREENSHOT_ACK;
  if (!ackDir || !existsSync(ackDir)) return undefined;
  const ack = join(ackDir, name);
  rmSync(ack, { force: true });
  console.log(`__QUERY__ ${name} ${selector}`);
  return waitFor(`the runner to answer query ${name}`, () => (existsSync(ack) ? readFileSync(ack, 'utf8') : undefined), { timeoutMs: 20_000 });
}
