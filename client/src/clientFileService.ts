/**
 * The client's side of FIND_FILES_REQUEST and friends (server/src/protocol.ts): the browser's
 * language server reads the workspace through here, with `vscode.workspace.fs`, which works on
 * every file system the editor has (github.dev's virtual one included).
 */
import * as vscode from 'vscode';
import { RequestType, type BaseLanguageClient } from 'vscode-languageclient';
import {
  FILE_EXISTS_REQUEST, FIND_FILES_REQUEST, READ_FILES_REQUEST,
  type FindFilesParams, type ReadFilesParams, type ReadFilesResult,
} from '../../server/src/protocol';

/** Reads at once: enough to hide a network's latency, few enough not to flood it. */
const CONCURRENT_READS = 16;

function base64OfBytes(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function findFiles({ folder, include, exclude }: FindFilesParams): Promise<string[]> {
  const base = vscode.Uri.parse(folder);
  const excluded = exclude.length ? `{${exclude.join(',')}}` : undefined;
  const found = new Set<string>();
  for (const glob of include) {
    for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(base, glob), excluded)) found.add(uri.toString());
  }
  return [...found].sort();
}

async function readFiles({ uris }: ReadFilesParams): Promise<ReadFilesResult> {
  const result: ReadFilesResult = new Array(uris.length).fill(null);
  let next = 0;
  const reader = async () => {
    for (let i = next++; i < uris.length; i = next++) {
      try {
        result[i] = base64OfBytes(await vscode.workspace.fs.readFile(vscode.Uri.parse(uris[i])));
      } catch {
        // Gone, a folder, or not readable: null says so.
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_READS, uris.length) }, reader));
  return result;
}

async function fileExists({ uri }: { uri: string }): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(vscode.Uri.parse(uri));
    return true;
  } catch {
    return false;
  }
}

/** Answers the server's file requests on `client` (call before it starts). */
export function serveFiles(client: BaseLanguageClient): void {
  client.onRequest(new RequestType<FindFilesParams, string[], void>(FIND_FILES_REQUEST), findFiles);
  client.onRequest(new RequestType<ReadFilesParams, ReadFilesResult, void>(READ_FILES_REQUEST), readFiles);
  client.onRequest(new RequestType<{ uri: string }, boolean, void>(FILE_EXISTS_REQUEST), fileExists);
}
