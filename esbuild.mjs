import { rmSync } from 'node:fs';
import * as esbuild from 'esbuild';
import { asciiOutput } from './scripts/asciiOutput.mjs';
import { jsonParsedAtRunTime } from './scripts/jsonParsedAtRunTime.mjs';
import { mermaidPatches } from './scripts/mermaidPatches.mjs';

const watch = process.argv.includes('--watch');
/** `--production`: minified, without source maps; what `npm run package` ships. */
const production = process.argv.includes('--production');

// A bundle renamed or dropped must not linger in dist/ and ship in the VSIX.
rmSync('dist', { recursive: true, force: true });

/** Node-side bundles: the extension host entry, the language server and the CLI. */
const nodeBundles = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  // The server's Mermaid worker, with Mermaid and linkedom inside it.
  { entryPoints: ['server/src/mermaidWorker.ts'], outfile: 'dist/mermaidWorker.js' },
  // Indexing and large documents on the other cores (server and CLI).
  { entryPoints: ['server/src/analysisWorker.ts'], outfile: 'dist/analysisWorker.js' },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js' },
];

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  // jsonc-parser's UMD build requires files by computed paths that a bundle cannot follow; its ESM build is plain.
  mainFields: ['module', 'main'],
  // Mermaid patched (scripts/mermaidPatches.mjs): its configuration copy made fast (every diagram
  // parse runs it many times), its Jison lexers' rules joined into one expression per start
  // condition and its Jison parsers reducing without copies of their stacks; the plugin checks,
  // from the metafile, that each bundle holding Mermaid got every patch. The icon sets as JSON
  // text (scripts/jsonParsedAtRunTime.mjs). Every bundle in ASCII, which V8 keeps at one byte a
  // character (scripts/asciiOutput.mjs).
  plugins: [mermaidPatches(), jsonParsedAtRunTime, asciiOutput],
  metafile: true,
};

/** Runs inside the preview webview and VS Code's Markdown preview: browser bundles with Mermaid, plus stylesheets. */
const webviewBundle = {
  ...common,
  platform: 'browser',
  format: 'iife',
  target: 'chrome120',
  entryPoints: {
    preview: 'client/src/webview/preview.ts',
    'preview-style': 'client/src/webview/preview.css',
    // VS Code's own Markdown preview (markdown.previewScripts / previewStyles).
    'markdown-preview': 'client/src/webview/markdownPreviewScript.ts',
    'markdown-preview-style': 'client/src/webview/markdownPreview.css',
    // The glossary overview: no Mermaid in it.
    overview: 'client/src/webview/overview.ts',
    'overview-style': 'client/src/webview/overview.css',
  },
  outdir: 'dist/webview',
  // Mermaid is large; a source map would triple what the extension ships.
  sourcemap: false,
};

/**
 * The browser build (vscode.dev, github.dev) from the same sources: the extension for the
 * web-worker extension host, and the language server for a web worker of its own.
 */
const browserBundles = [
  { entryPoints: ['client/src/browserExtension.ts'], outfile: 'dist/browser/extension.js', format: 'cjs', external: ['vscode'] },
  { entryPoints: ['server/src/browserServer.ts'], outfile: 'dist/browser/server.js', format: 'iife' },
].map((bundle) => ({ ...common, platform: 'browser', target: 'es2022', mainFields: ['browser', 'module', 'main'], ...bundle }));

const contexts = await Promise.all([...nodeBundles.map((bundle) => ({ ...common, ...bundle })), ...browserBundles, webviewBundle].map((options) => esbuild.context(options)));
if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
}
