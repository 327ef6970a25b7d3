/**
 * TEMPORARY, while icons.ts still reads the Lucide set from disk: it is being replaced by an icon
 * module that takes its sets from an injected loader (the fuzzy-matching/icons branch). Delete this
 * file, and the icons.ts exception in eslint.config.mjs, when that lands. Until then these are the
 * only Node declarations the core's type check sees, as narrow as icons.ts uses them; the lint rules
 * on server/src/core (no Node imports, no Node globals) still hold for every other file.
 */
declare module 'node:fs' {
  export function existsSync(path: string): boolean;
  export function readFileSync(path: string, encoding: 'utf8'): string;
}
declare module 'node:path' {
  export function dirname(path: string): string;
  export function join(...paths: string[]): string;
}
declare module 'node:module' {
  export function createRequire(from: string): { resolve(request: string): string };
}
declare const Buffer: { from(text: string, encoding: 'utf8'): { toString(encoding: 'base64'): string } };
declare const __filename: string;
