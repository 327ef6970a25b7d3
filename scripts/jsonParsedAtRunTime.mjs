// An esbuild plugin: the bundled Iconify sets become `JSON.parse('…')` instead of the object literal
// esbuild makes of a `.json` import.
//
// Why: the Lucide set is 600 KB. As an object literal, evaluating it held the language server's
// event loop for ~25 ms at the first icon check, right when an editor restoring its tabs asks its
// first requests; V8 parses the same data as a JSON string in less than half that time (its
// documentation recommends JSON.parse for large data). The data is the same; only how the bundle
// spells it differs.

import { readFile } from 'node:fs/promises';

/** The Iconify sets' icon files (`@iconify-json/<set>/icons.json`). */
const ICON_SET_JSON = /[\\/]@iconify-json[\\/][^\\/]+[\\/]icons\.json$/;

/** @type {import('esbuild').Plugin} */
export const jsonParsedAtRunTime = {
  name: 'json-parsed-at-run-time',
  setup(build) {
    build.onLoad({ filter: ICON_SET_JSON }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      // Parsed here first: a file that is not JSON fails the build, not the server.
      JSON.parse(text);
      return { contents: `export default JSON.parse(${JSON.stringify(text)});`, loader: 'js' };
    });
  },
};
