/**
 * The Mermaid engine as the worker runs it: server/src/mermaidEngine.ts bundled with the plugin
 * esbuild.mjs bundles the Mermaid worker with, loaded (linkedom and Mermaid) in this process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { mermaidConfigCopy } from '../../scripts/mermaidConfigCopy.mjs';
import type { MermaidApi } from '../../server/src/mermaidEngine';

export type MermaidEngine = typeof import('../../server/src/mermaidEngine');

export interface LoadedMermaid {
  engine: MermaidEngine;
  mermaid: MermaidApi;
  /** Removes the bundle. */
  dispose(): void;
}

export async function loadBundledMermaid(): Promise<LoadedMermaid> {
  const folder = mkdtempSync(join(tmpdir(), 'mermaid-engine-'));
  const outfile = join(folder, 'engine.cjs');
  await esbuild.build({
    entryPoints: ['server/src/mermaidEngine.ts'], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    mainFields: ['module', 'main'], plugins: [mermaidConfigCopy], metafile: true, logLevel: 'error',
  });
  const engine = createRequire(import.meta.url)(outfile) as MermaidEngine;
  return { engine, mermaid: await engine.loadMermaid(), dispose: () => rmSync(folder, { recursive: true, force: true }) };
}
