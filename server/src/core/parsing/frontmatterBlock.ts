import { closesFence, fenceOpenedBy, type OpenFence } from './fenceLines';
import { linesFrom, type Line } from './lines';
import type { Frontmatter } from './types';

function isDelimiter(text: string, line: Line): boolean {
  return /^---[ \t]*$/.test(text.slice(line.start, line.end));
}

/** The block that opens on the first line (after a byte-order mark), closed or not. */
export function findTopFrontmatter(text: string, textStart: number): Frontmatter | undefined {
  const lines = linesFrom(text, textStart);
  const first = lines.next();
  if (first.done || !isDelimiter(text, first.value)) return undefined;
  return closeFrontmatter(text, first.value, lines, false);
}

function closeFrontmatter(text: string, open: Line, rest: Iterator<Line>, misplaced: boolean): Frontmatter {
  const openSpan = { start: open.start, end: open.end };
  for (let step = rest.next(); !step.done; step = rest.next()) {
    if (isDelimiter(text, step.value)) {
      return {
        openSpan,
        closeSpan: { start: step.value.start, end: step.value.end },
        contentSpan: { start: open.next, end: step.value.start },
        misplaced,
        fields: [],
        problems: [],
      };
    }
  }
  return { openSpan, closeSpan: undefined, contentSpan: { start: open.next, end: text.length }, misplaced, fields: [], problems: [] };
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
        const candidate = closeFrontmatter(text, previous, linesFrom(text, line.start), true);
        if (candidate.closeSpan) return candidate;
      }
    }
    previous = line;
  }
  return undefined;
}
