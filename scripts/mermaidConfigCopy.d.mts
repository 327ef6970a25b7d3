import type { Plugin } from 'esbuild';

/** Mermaid 11's assignWithDepth, as published. */
export const ORIGINAL: string;
/** The same function, written for speed. */
export const REPLACEMENT: string;
/** The chunk text with the function replaced; undefined for a chunk without it; throws when it differs from ORIGINAL. */
export function patchMermaidChunk(text: string, path?: string): string | undefined;
export const mermaidConfigCopy: Plugin;
