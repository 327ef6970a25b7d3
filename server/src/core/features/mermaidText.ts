import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParsedEntry, Span } from '../parsing';
import { lineAt, scanningPositions, type Line } from '../positions';

/**
 * `mermaid-outside-fence`: Mermaid diagram text (`graph TD`, `A --> B`, `style A …`) in the body
 * but outside any fence, as generated entries often have it. Markdown renders it as one long
 * paragraph. A run is a diagram header line directly followed by diagram lines; at least two of
 * them must be edges or style lines, so prose that merely mentions a graph is left alone.
 */

/** Rides in `Diagnostic.data` of `mermaid-outside-fence`: the run's first and last line (0-based, inclusive). */
export interface MermaidTextData {
  startLine: number;
  endLine: number;
}

export interface MermaidTextRun extends MermaidTextData {
  /** The header line's text, without the line break. */
  headerSpan: Span;
  /** Offset of the run's first line and the end of its last line's text. */
  start: number;
  end: number;
}

/** At most three spaces of indent: four make an indented code block, which already renders as code. */
const HEADER = /^ {0,3}(?:(?:graph|flowchart)(?:[ \t]+(?:TD|TB|BT|LR|RL))?|sequenceDiagram|classDiagram(?:-v2)?|stateDiagram(?:-v2)?|erDiagram|gantt|pie(?:[ \t]+showData)?(?:[ \t]+title[ \t].*)?|mindmap|timeline|journey|gitGraph(?:[ \t]+(?:LR|TB|BT)[ \t]*:?)?)[ \t]*;?[ \t]*$/;
/**
 * A quick search for header candidates, so that large files are not walked line by line: a line
 * terminator then the start of a header (twice as quick as `^` in multiline mode, which is tried
 * at every character); the text's first line is tried on its own.
 */
const HEADER_START = ' {0,3}(?:graph|flowchart|sequenceDiagram|classDiagram|stateDiagram|erDiagram|gantt|pie|mindmap|timeline|journey|gitGraph)\\b';
const HEADER_CANDIDATE = new RegExp(`[\\n\\r\\u2028\\u2029]${HEADER_START}`, 'g');
const HEADER_CANDIDATE_FIRST = new RegExp(`^${HEADER_START}`);

/** Where the first line from `from` (a line's start) that may hold a header starts, or -1. */
export function nextHeaderCandidate(text: string, from: number): number {
  if (from === 0 && HEADER_CANDIDATE_FIRST.test(text)) return 0;
  // From the terminator that ends the line before `from`.
  HEADER_CANDIDATE.lastIndex = Math.max(0, from - 1);
  const match = HEADER_CANDIDATE.exec(text);
  return match ? match.index + 1 : -1;
}
const EDGE = /-->|---|-\.->|-\.-|==>|===|->>|--[xo](?:\s|$)/;
const STYLE = /^\s*(?:style|classDef|linkStyle|click)\s+\S/;
/** Lines that belong to a diagram but are neither edges nor styles: subgraphs, node shapes, participants, comments. */
const CONTINUATION = /^\s*(?:subgraph\b.*|end\s*;?|direction\s+(?:TB|TD|BT|RL|LR)\s*|%%.*|(?:participant|actor)\s+\S.*|note\s+(?:left|right|over)\b.*|(?:loop|alt|else|opt|par|and|rect|critical|break)\b.*|(?:de)?activate\s+\S+\s*|class\s+[\w,-]+\s+\w+\s*;?|[A-Za-z_][\w-]*\s*(?:\[.*\]|\(.*\)|\{.*\}|>.*\])\s*;?)$/;

/** An edge between two things (not a `---` rule or a `|---|` table row) or a style line. */
function isDiagramLine(line: string): boolean {
  if (STYLE.test(line)) return true;
  const trimmed = line.trim();
  if (trimmed.startsWith('|') || !EDGE.test(trimmed)) return false;
  const at = trimmed.search(EDGE);
  return /\w/.test(trimmed.slice(0, at)) && trimmed.length > at + 2;
}

/** Spans of the text that are not prose: fences (to the end of the file when unclosed) and a misplaced frontmatter block. */
function codeSpans(text: string, entry: ParsedEntry): Span[] {
  const spans = entry.fences.map((fence) => ({ start: fence.openSpan.start, end: fence.closeSpan?.end ?? text.length }));
  const frontmatter = entry.frontmatter;
  if (frontmatter?.misplaced) spans.push({ start: frontmatter.openSpan.start, end: frontmatter.closeSpan?.end ?? text.length });
  return spans;
}

/** The runs of Mermaid text outside fences and frontmatter, in document order. */
export function findMermaidTextRuns(text: string, entry: ParsedEntry): MermaidTextRun[] {
  const runs: MermaidTextRun[] = [];
  const code = codeSpans(text, entry);
  const outside = (line: Line) => line.start >= entry.bodyStart && !code.some((span) => line.start >= span.start && line.start < span.end);
  const positions = scanningPositions(text);
  let resumeAt = 0;
  for (let candidate = nextHeaderCandidate(text, 0); candidate !== -1; ) {
    const header = lineAt(text, candidate);
    candidate = nextHeaderCandidate(text, Math.max(header.next, candidate + 1));
    if (header.start < resumeAt || !outside(header) || !HEADER.test(text.slice(header.start, header.end))) continue;
    let diagramLines = 0;
    let last = header;
    let line = lineAt(text, header.next);
    // The line right after the header must be an edge or a style line.
    if (line.start >= text.length || !outside(line) || !isDiagramLine(text.slice(line.start, line.end))) continue;
    while (line.start < text.length && outside(line)) {
      const content = text.slice(line.start, line.end);
      if (isDiagramLine(content)) {
        diagramLines++;
        last = line;
      } else if (CONTINUATION.test(content)) {
        last = line;
      } else if (content.trim() !== '') {
        break;
      }
      // A blank line is passed over: it joins the run only when diagram text follows it.
      line = lineAt(text, line.next);
    }
    if (diagramLines < 2) continue;
    runs.push({ startLine: positions.positionAt(header.start).line, endLine: positions.positionAt(last.start).line, headerSpan: { start: header.start, end: header.end }, start: header.start, end: last.end });
    resumeAt = last.next;
  }
  return runs;
}

type Report = (code: 'mermaid-outside-fence', span: Span, message: string, data?: unknown) => void;

/** Reports each run once, on its header line. */
export function checkMermaidText(input: { document: TextDocument; entry: ParsedEntry; truncatedAt?: number }, report: Report): void {
  const text = input.document.getText().slice(0, input.truncatedAt ?? undefined);
  for (const run of findMermaidTextRuns(text, input.entry)) {
    const lines = run.endLine - run.startLine + 1;
    report(
      'mermaid-outside-fence',
      run.headerSpan,
      `These ${lines} lines are Mermaid diagram text outside a \`\`\`mermaid fence, so they render as prose. Wrap them in a \`\`\`mermaid fence.`,
      { startLine: run.startLine, endLine: run.endLine } satisfies MermaidTextData,
    );
  }
}
