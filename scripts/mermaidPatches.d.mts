import type { Plugin } from 'esbuild';

/** The plugin patching Mermaid's chunks; `lexers: false` leaves its Jison lexers as published. */
export function mermaidPatches(options?: { lexers?: boolean }): Plugin;
