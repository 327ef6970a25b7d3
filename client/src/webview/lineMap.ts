/**
 * Mermaid reports parse errors against the text it actually parses, which is not the block's
 * source: before parsing it drops the YAML frontmatter, `%%{ … }%%` directives, `%%` comment
 * lines and leading blank lines (see mermaid's preprocess.ts / comments.ts / frontmatter.ts).
 * `parsedLineOrigins` replays those steps (same regular expressions as mermaid 11) and returns,
 * for every line of the parsed text, the zero-based line of the block's source it came from.
 */

const FRONTMATTER = /^([^\S\n\r]*)-{3}\s*[\n\r](.*?)[\n\r]\1-{3}\s*[\n\r]+/s;
const DIRECTIVE = /%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?/gi;
const COMMENT_LINE = /^\s*%%(?!{)[^\n]+\n?/gm;

function countNewlines(text: string, from = 0, to = text.length): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

export function parsedLineOrigins(source: string): number[] {
  // Mermaid turns \r\n and lone \r into \n; each ends a document line, as the host counts them.
  const origins: number[] = [];
  let text = '';
  let line = 0;
  for (let i = 0; i < source.length; i++) {
    let ch = source[i];
    if (ch === '\r') {
      if (source[i + 1] === '\n') continue;
      ch = '\n';
    }
    if (ch === '\n') {
      origins.push(line);
      line++;
    }
    text += ch;
  }
  origins.push(line);

  const frontmatter = text.match(FRONTMATTER);
  if (frontmatter) {
    origins.splice(0, countNewlines(frontmatter[0]));
    text = text.slice(frontmatter[0].length);
  }

  // A directive spanning lines joins the line it starts on with the line it ends on.
  const directiveCuts: Array<{ line: number; newlines: number }> = [];
  for (const match of text.matchAll(DIRECTIVE)) {
    const newlines = countNewlines(match[0]);
    if (newlines > 0) directiveCuts.push({ line: countNewlines(text, 0, match.index), newlines });
  }
  for (const cut of directiveCuts.reverse()) origins.splice(cut.line + 1, cut.newlines);
  text = text.replace(DIRECTIVE, '');

  // Comment lines disappear with their newline (and `^\s*` eats blank lines before them).
  const commentCuts: Array<{ line: number; newlines: number }> = [];
  for (const match of text.matchAll(COMMENT_LINE)) {
    const newlines = countNewlines(match[0]);
    if (newlines > 0) commentCuts.push({ line: countNewlines(text, 0, match.index), newlines });
  }
  for (const cut of commentCuts.reverse()) origins.splice(cut.line, cut.newlines);
  text = text.replace(COMMENT_LINE, '');

  const leading = text.match(/^\s*/)?.[0] ?? '';
  origins.splice(0, countNewlines(leading));
  return origins;
}

/** The one-based line a Mermaid error points at, within the text Mermaid parsed, if it names one. */
export function errorLine(error: unknown): number | undefined {
  const hashLine = (error as { hash?: { loc?: { first_line?: unknown }; line?: unknown } } | null)?.hash;
  const first = hashLine?.loc?.first_line;
  if (typeof first === 'number' && Number.isInteger(first) && first >= 1) return first;
  const message = error instanceof Error ? error.message : String(error);
  const match = /\bline:? (\d+)/i.exec(message);
  if (match) {
    const value = Number(match[1]);
    if (value >= 1) return value;
  }
  // jison lexer errors carry `hash.line` (zero-based) without `loc`.
  if (typeof hashLine?.line === 'number' && Number.isInteger(hashLine.line) && hashLine.line >= 0) return hashLine.line + 1;
  return undefined;
}

/** Zero-based line within the block's source for a one-based line of Mermaid's parsed text. */
export function sourceLineOf(source: string, parsedLine: number): number {
  const origins = parsedLineOrigins(source);
  if (origins.length === 0) return 0;
  return origins[Math.min(Math.max(parsedLine - 1, 0), origins.length - 1)];
}
