/**
 * An analysis worker (dist/analysisWorker.js): the language server and the CLI run one per core to
 * read, parse and summarize entries while their main thread keeps answering. It runs the same
 * pure core functions the main thread would; only the thread differs.
 */
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { URI } from 'vscode-uri';
import { analyzeEntryText, summarizeEntryFile, type AnalyzedText, type FileSummary } from './core/entryFile';
import type { GlossarySettings } from './core/settings';

export type AnalysisRequest =
  | { id: number; kind: 'files'; uris: string[]; settings: GlossarySettings }
  | { id: number; kind: 'text'; uri: string; text: string; settings: GlossarySettings };

export type AnalysisResponse =
  | { id: number; kind: 'files'; results: FileSummary[] }
  | { id: number; kind: 'text'; analyzed: AnalyzedText }
  | { id: number; kind: 'failed'; message: string };

function readBytes(uri: string): Uint8Array | undefined {
  try {
    return readFileSync(URI.parse(uri).fsPath);
  } catch {
    // Gone, a directory (EISDIR), or not readable: summarizeEntryFile says so.
    return undefined;
  }
}

function answer(request: AnalysisRequest): AnalysisResponse {
  try {
    if (request.kind === 'files') {
      return { id: request.id, kind: 'files', results: request.uris.map((uri) => summarizeEntryFile(uri, readBytes(uri), request.settings)) };
    }
    return { id: request.id, kind: 'text', analyzed: analyzeEntryText(request.uri, request.text, request.settings) };
  } catch (error) {
    return { id: request.id, kind: 'failed', message: error instanceof Error ? error.stack ?? error.message : String(error) };
  }
}

parentPort?.on('message', (request: AnalysisRequest) => parentPort!.postMessage(answer(request)));
