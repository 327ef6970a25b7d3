import type { Plugin } from 'esbuild';

/** The plugin patching Mermaid's chunks; `jison: false` leaves its Jison lexers and parsers as published. */
export function mermaidPatches(options?: { jison?: boolean }): Plugin;
