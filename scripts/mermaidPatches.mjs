// The esbuild plugin that patches Mermaid's chunks in every bundle holding Mermaid (the Mermaid
// worker, the browser server, the webviews): its configuration copy (scripts/mermaidConfigCopy.mjs),
// its Jison lexers (scripts/mermaidLexer.mjs) and parsers (scripts/mermaidParser.mjs). One plugin,
// since esbuild takes the contents of a file from the first plugin that gives them. Each patch
// fails the build when it finds Mermaid's code changed, and the plugin when a bundle holds Mermaid
// but a patch found nothing to patch.

import { readFile } from 'node:fs/promises';
import { patchMermaidChunk } from './mermaidConfigCopy.mjs';
import { patchMermaidLexers } from './mermaidLexer.mjs';
import { patchMermaidParsers } from './mermaidParser.mjs';

/** `jison: false` leaves Mermaid's Jison lexers and parsers as published (a test compares the two). */
export function mermaidPatches({ jison = true } = {}) {
  return {
    name: 'mermaid-patches',
    setup(build) {
      const found = { configuration: 0, lexers: 0, parsers: 0 };
      build.onStart(() => {
        found.configuration = 0;
        found.lexers = 0;
        found.parsers = 0;
      });
      build.onLoad({ filter: /[\\/]mermaid[\\/]dist[\\/].*\.mjs$/ }, async ({ path }) => {
        const text = await readFile(path, 'utf8');
        const configured = patchMermaidChunk(text, path);
        const lexed = jison ? patchMermaidLexers(configured ?? text, path) : undefined;
        const parsed = jison ? patchMermaidParsers(lexed ?? configured ?? text, path) : undefined;
        if (configured !== undefined) found.configuration++;
        if (lexed !== undefined) found.lexers++;
        if (parsed !== undefined) found.parsers++;
        const contents = parsed ?? lexed ?? configured;
        return contents === undefined ? undefined : { contents, loader: 'js' };
      });
      build.onEnd((result) => {
        const mermaidInside = Object.keys(result.metafile?.inputs ?? {}).some((input) => /[\\/]mermaid[\\/]dist[\\/]/.test(input));
        const missing = [
          ...(found.configuration === 0 ? ["scripts/mermaidConfigCopy.mjs: no chunk with Mermaid's assignWithDepth was found; update its MARKER."] : []),
          ...(jison && found.lexers === 0 ? ["scripts/mermaidLexer.mjs: none of Mermaid's Jison lexers was found; update the patch."] : []),
          ...(jison && found.parsers === 0 ? ["scripts/mermaidParser.mjs: none of Mermaid's Jison parsers was found; update the patch."] : []),
        ];
        return mermaidInside && missing.length ? { errors: missing.map((text) => ({ text: `The bundle holds Mermaid, but ${text}` })) } : undefined;
      });
    },
  };
}
