// The esbuild plugin that patches Mermaid's chunks in every bundle holding Mermaid (the Mermaid
// worker, the browser server, the webviews): its configuration copy (scripts/mermaidConfigCopy.mjs)
// and its Jison lexers (scripts/mermaidLexer.mjs). One plugin, since esbuild takes the contents of a
// file from the first plugin that gives them. Each patch fails the build when it finds Mermaid's code
// changed, and the plugin when a bundle holds Mermaid but a patch found nothing to patch.

import { readFile } from 'node:fs/promises';
import { patchMermaidChunk } from './mermaidConfigCopy.mjs';
import { patchMermaidLexers } from './mermaidLexer.mjs';

/** `lexers: false` leaves Mermaid's lexers as published (a test compares the two). */
export function mermaidPatches({ lexers = true } = {}) {
  return {
    name: 'mermaid-patches',
    setup(build) {
      const found = { configuration: 0, lexers: 0 };
      build.onStart(() => {
        found.configuration = 0;
        found.lexers = 0;
      });
      build.onLoad({ filter: /[\\/]mermaid[\\/]dist[\\/].*\.mjs$/ }, async ({ path }) => {
        const text = await readFile(path, 'utf8');
        const configured = patchMermaidChunk(text, path);
        const lexed = lexers ? patchMermaidLexers(configured ?? text, path) : undefined;
        if (configured !== undefined) found.configuration++;
        if (lexed !== undefined) found.lexers++;
        const contents = lexed ?? configured;
        return contents === undefined ? undefined : { contents, loader: 'js' };
      });
      build.onEnd((result) => {
        const mermaidInside = Object.keys(result.metafile?.inputs ?? {}).some((input) => /[\\/]mermaid[\\/]dist[\\/]/.test(input));
        const missing = [
          ...(found.configuration === 0 ? ["scripts/mermaidConfigCopy.mjs: no chunk with Mermaid's assignWithDepth was found; update its MARKER."] : []),
          ...(lexers && found.lexers === 0 ? ["scripts/mermaidLexer.mjs: none of Mermaid's Jison lexers was found; update the patch."] : []),
        ];
        return mermaidInside && missing.length ? { errors: missing.map((text) => ({ text: `The bundle holds Mermaid, but ${text}` })) } : undefined;
      });
    },
  };
}
