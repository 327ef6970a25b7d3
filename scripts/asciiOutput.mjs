// An esbuild plugin: every JavaScript bundle written in ASCII alone.
//
// Why: V8 keeps a script's source for as long as the script lives (functions are compiled when
// first called), as one byte a character when every character is Latin-1 and two bytes otherwise.
// esbuild escapes what is not ASCII in strings, templates and names, but leaves regular expression
// literals and kept comments as they are, and one such character (Mermaid's `/[îïíì]/`, KaTeX's
// subscripts, a `–` in a comment) made the Mermaid worker keep its 8.6 MB of source as 17 MB, the
// server and the analysis workers theirs at twice their size. Written with `\u` escapes instead,
// a regular expression reads the same characters (with or without the `u` flag: a surrogate pair
// written as two escapes is one code point there), and a comment says the same.
//
// Characters are escaped only where the tokenizer (acorn) finds them inside a regular expression
// literal or a comment; a bundle with one anywhere else (a tagged template's raw text, where an
// escape would change what the code reads) is left as it is, and the build says so.

import { readFile, writeFile } from 'node:fs/promises';
import { tokTypes, tokenizer } from 'acorn';

/** `\uXXXX` for one UTF-16 code unit. */
const escapeUnit = (code) => `\\u${code.toString(16).padStart(4, '0')}`;

/**
 * `source` with each character outside ASCII escaped, or undefined when one is outside a regular
 * expression or a comment (or the source does not tokenize).
 */
export function asciiSource(source) {
  if (!/[^\x00-\x7f]/.test(source)) return source;
  const regions = [];
  try {
    const tokens = tokenizer(source, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowHashBang: true,
      allowReturnOutsideFunction: true,
      onComment: (_block, _text, start, end) => regions.push([start, end]),
    });
    for (const token of tokens) if (token.type === tokTypes.regexp) regions.push([token.start, token.end]);
  } catch {
    return undefined;
  }
  regions.sort((a, b) => a[0] - b[0]);
  let out = '';
  let copied = 0;
  let region = 0;
  for (let i = 0; i < source.length; i++) {
    const code = source.charCodeAt(i);
    if (code < 128) continue;
    while (region < regions.length && regions[region][1] <= i) region++;
    if (region === regions.length || regions[region][0] > i) return undefined;
    // After an odd number of backslashes the character is an escape's own (`\é` reads `é`): the
    // backslash goes with it, or `\\u00e9` would read a backslash and `u00e9`.
    let backslashes = 0;
    while (i - backslashes - 1 >= 0 && source.charCodeAt(i - backslashes - 1) === 92) backslashes++;
    out += source.slice(copied, backslashes % 2 === 1 ? i - 1 : i) + escapeUnit(code);
    copied = i + 1;
  }
  return out + source.slice(copied);
}

/** The esbuild plugin: rewrites each .js output that needs it, once the build has written it. */
export const asciiOutput = {
  name: 'ascii-output',
  setup(build) {
    build.onEnd(async (result) => {
      const warnings = [];
      for (const path of Object.keys(result.metafile?.outputs ?? {})) {
        if (!path.endsWith('.js')) continue;
        const source = await readFile(path, 'utf8');
        const ascii = asciiSource(source);
        if (ascii === undefined) warnings.push({ text: `scripts/asciiOutput.mjs: ${path} holds a character outside ASCII that is not in a regular expression or a comment; it stays as it is, and V8 keeps its source at two bytes a character.` });
        else if (ascii !== source) await writeFile(path, ascii);
      }
      return { warnings };
    });
  },
};
