/**
 * The Mermaid engine as the worker runs it: server/src/mermaidEngine.ts bundled with the plugin
 * esbuild.mjs bundles the Mermaid worker with, loaded (linkedom and Mermaid) in this process.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { after, before } from 'node:test';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { mermaidPatches } from '../../scripts/mermaidPatches.mjs';
import type { MermaidApi } from '../../server/src/mermaidEngine';

export type MermaidEngine = typeof import('../../server/src/mermaidEngine');

export interface LoadedMermaid {
  engine: MermaidEngine;
  mermaid: MermaidApi;
  /** Removes the bundle. */
  dispose(): void;
}

/** `jison: false` bundles Mermaid's Jison lexers and parsers as published (scripts/mermaidLexer.mjs, mermaidParser.mjs), to compare with. */
export async function loadBundledMermaid({ jison = true }: { jison?: boolean } = {}): Promise<LoadedMermaid> {
  const folder = mkdtempSync(join(tmpdir(), 'mermaid-engine-'));
  const outfile = join(folder, 'engine.cjs');
  await esbuild.build({
    entryPoints: ['server/src/mermaidEngine.ts'], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    mainFields: ['module', 'main'], plugins: [mermaidPatches({ jison })], metafile: true, logLevel: 'error',
  });
  const engine = createRequire(import.meta.url)(outfile) as MermaidEngine;
  return { engine, mermaid: await engine.loadMermaid(), dispose: () => rmSync(folder, { recursive: true, force: true }) };
}

/**
 * For a test file: loads the bundled Mermaid before its tests and removes it after them; the
 * function returned resolves to true when Mermaid (as the worker runs it) parses `source`,
 * otherwise to the first lines of its error.
 */
export function bundledMermaidAccepts(): (source: string) => Promise<string | true> {
  let loaded: LoadedMermaid | undefined;
  before(async () => {
    loaded = await loadBundledMermaid();
  });
  after(() => loaded?.dispose());
  return async (source) => {
    if (!loaded) throw new Error('the bundled Mermaid is not loaded yet');
    try {
      await loaded.engine.parseDiagram(loaded.mermaid, source);
      return true;
    } catch (error) {
      return error instanceof Error ? error.message.split('\n').slice(0, 3).join(' ') : String(error);
    }
  };
}

/** The ```mermaid blocks of every Markdown file under `folders` and of `texts`. */
export function mermaidBlocksIn(folders: readonly string[], texts: readonly string[]): string[] {
  const sources: string[] = [];
  const collect = (text: string) => {
    for (const match of text.matchAll(/^```mermaid[^\n]*\n([\s\S]*?)^```/gm)) sources.push(match[1]);
  };
  const walk = (path: string) => {
    if (statSync(path).isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    else if (path.endsWith('.md')) collect(readFileSync(path, 'utf8'));
  };
  for (const folder of folders) walk(folder);
  for (const text of texts) collect(text);
  return sources;
}
