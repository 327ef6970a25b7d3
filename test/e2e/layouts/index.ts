/**
 * Entry point of the layout suites (the `extensionTestsPath` of the runs on other workspaces): the
 * runner opens one workspace per run, and the folder's name says which suite is about it.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { runMochaFiles } from '../mocha';

const SUITES: Record<string, string> = {
  'hugo-glossary': 'hugo.test.js',
  'plain-markdown': 'plain.test.js',
};

export function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.name ?? '';
  const file = SUITES[folder];
  if (!file) return Promise.reject(new Error(`No layout suite is about a workspace named '${folder}' (known: ${Object.keys(SUITES).join(', ')}).`));
  return runMochaFiles([join(__dirname, file)]);
}
