import { closesFence, fenceOpenedBy, type OpenFence } from './fenceLines';
import { lineAfter, linesFrom, type Line } from '../positions';
import type { Frontmatter, FrontmatterFormat } from './types';

const DELIMITERS: Record<'yaml' | 'toml', RegExp> = { yaml: /^---[ \t]*$/, toml: /^\+\+\+[ \t]*$/ };

function isDelimiter(text: string, line: Line, format: 'yaml' | 'toml' = 'yaml'): boolean {
  return DELIMITERS[format].test(text.slice(line.start, line.end));
}

function emptyFrontmatter(format: FrontmatterFormat, openSpan: Frontmatter['openSpan'], contentStart: number, misplaced: boolean): Frontmatter {
  return { format, openSpan, closeSpan: undefined, contentSpan: { start: contentStart, end: Infinity }, misplaced, fields: [], problems: [] };
}

/**
 * The block on the first line (after a byte-order mark), closed or not, as Hugo finds it: YAML
 * between `---` lines, TOML between `+++` lines, or a JSON object whose `{` opens the file (but
 * not `{{`, a shortcode). Also where the body starts after it.
 */
export function findTopFrontmatter(text: string, textStart: number): { frontmatter: Frontmatter; bodyStart: number } | undefined {
  if (text.charCodeAt(textStart) === 123 && text.charCodeAt(textStart + 1) !== 123) return jsonObject(text, textStart);
  const lines = linesFrom(text, textStart);
  const first = lines.next();
  if (first.done) return undefined;
  const format = isDelimiter(text, first.value, 'yaml') ? 'yaml' : isDelimiter(text, first.value, 'toml') ? 'toml' : undefined;
  if (!format) return undefined;
  const frontmatter = closeFrontmatter(text, first.value, lines, format, false);
  return { frontmatter, bodyStart: frontmatter.closeSpan ? lineAfter(text, frontmatter.closeSpan.end) : text.length };
}

function closeFrontmatter(text: string, open: Line, rest: Iterator<Line>, format: 'yaml' | 'toml', misplaced: boolean): Frontmatter {
  const frontmatter = emptyFrontmatter(format, { start: open.start, end: open.end }, open.next, misplaced);
  for (let step = rest.next(); !step.done; step = rest.next()) {
    if (isDelimiter(text, step.value, format)) {
      frontmatter.closeSpan = { start: step.value.start, end: step.value.end };
      frontmatter.contentSpan.end = step.value.start;
      return frontmatter;
    }
  }
  frontmatter.contentSpan.end = text.length;
  return frontmatter;
}

/** The JSON object at `open`: its braces matched outside strings, as Hugo reads it. */
function jsonObject(text: string, open: number): { frontmatter: Frontmatter; bodyStart: number } {
  const frontmatter = emptyFrontmatter('json', { start: open, end: open + 1 }, open + 1, false);
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 34) {
      // A string: skip to its closing quote, past escapes; an unclosed one runs to the end.
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (code === 123) {
      depth++;
    } else if (code === 125 && --depth === 0) {
      frontmatter.closeSpan = { start: i, end: i + 1 };
      frontmatter.contentSpan.end = i;
      return { frontmatter, bodyStart: lineAfter(text, i + 1) };
    }
  }
  frontmatter.contentSpan.end = text.length;
  return { frontmatter, bodyStart: text.length };
}

/**
 * Generated entries often carry their frontmatter below some debris (the seed does). A `---` line
 * outside code, directly followed by a known-looking `key:` line, is taken as that block.
 */
export function findMisplacedFrontmatter(text: string, textStart: number): Frontmatter | undefined {
  const lines = linesFrom(text, textStart);
  let fence: OpenFence | undefined;
  let previous: Line | undefined;
  for (let step = lines.next(); !step.done; step = lines.next()) {
    const line = step.value;
    const content = text.slice(line.start, line.end);
    if (fence) {
      if (closesFence(content, fence)) fence = undefined;
    } else {
      const opened = fenceOpenedBy(content);
      if (opened) {
        fence = opened;
      } else if (previous && isDelimiter(text, previous) && /^(title|description|related|category|logoIcon|slug)[ \t]*:/.test(content)) {
        const candidate = closeFrontmatter(text, previous, linesFrom(text, line.start), 'yaml', true);
        if (candidate.closeSpan) return candidate;
      }
    }
    previous = line;
  }
  return undefined;
}
