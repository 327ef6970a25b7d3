/** Mermaid 11's assignWithDepth, as published. */
export const ORIGINAL: string;
/** The same function, written for speed. */
export const REPLACEMENT: string;
/** Mermaid 11's updateCurrentConfig, as published. */
export const ORIGINAL_UPDATE_CONFIG: string;
/** The same, and while the check shares the configuration, made once per site configuration and directives. */
export const REPLACEMENT_UPDATE_CONFIG: string;
/** Mermaid 11's getConfig, as published. */
export const ORIGINAL_GET_CONFIG: string;
/** The same, or one copy per configuration, kept from parse to parse, while `globalThis.glossaryMermaidSharedConfig` is true. */
export const REPLACEMENT_GET_CONFIG: string;
/** The chunk text with the functions replaced; undefined for a chunk without them; throws when one differs from its ORIGINAL. */
export function patchMermaidChunk(text: string, path?: string): string | undefined;
