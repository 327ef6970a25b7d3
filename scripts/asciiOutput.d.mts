import type { Plugin } from 'esbuild';

/** `source` with each character outside ASCII escaped; undefined when one is outside a regular expression or a comment. */
export function asciiSource(source: string): string | undefined;
export const asciiOutput: Plugin;
