/**
 * Mermaid reports parse errors against the text it actually parses, which is not the block's
 * source: before parsing it drops the YAML frontmatter, `%%{ … }%%` directives, `%%` comment
 * lines and leading blank lines. The core replays those steps once for the server and for this
 * preview (mermaidParserInput.ts); here an error's line is read and mapped back.
 */
import { parsedLineOrigins } from '../../../server/src/core/features/mermaidParserInput';

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
