import { lineStarts, scanningPositions } from '../positions';

/**
 * What Mermaid's parser really reads of a diagram, and where each of its characters came from.
 * Mermaid rewrites a diagram before parsing it and reports errors in the rewritten text, so the
 * server (mermaidSyntax.ts) and the preview (client/src/webview/lineMap.ts) map them back through
 * this one replay. It is a replay because Mermaid 11.17.2 does not export its preprocessing:
 * `preprocessDiagram` is declared in dist/preprocess.d.ts but private to the bundle
 * (mermaid.core.mjs exports only the `mermaid` object and layout helpers), `mermaidAPI.getDiagramFromText`
 * hands back the parsed text only for a diagram that parses, and @mermaid-js/parser parses the
 * Langium diagrams without preprocessing them. Check again when Mermaid is upgraded.
 */

/**
 * Text with, for each character, the offset in the block it came from. Mermaid rewrites the text
 * before its parser sees it (front matter, directives and `%%` comments removed, leading blank
 * lines trimmed, a newline appended, and more for some diagrams), so the parser's line numbers are
 * not the block's: every rewrite is replayed here, keeping track of where each character came from.
 */
export interface Tracked {
  text: string;
  /** origin[i] is the block offset of text[i]; origin[text.length] is the end of the block. */
  origin: number[];
}

function tracked(source: string): Tracked {
  return { text: source, origin: Array.from({ length: source.length + 1 }, (_, i) => i) };
}

function replaceTracked(input: Tracked, pattern: RegExp, replacer: (match: string, ...groups: string[]) => string): Tracked {
  const edits: { offset: number; length: number; replacement: string }[] = [];
  input.text.replace(pattern, (match: string, ...args: unknown[]) => {
    // No pattern here has named groups: the offset is second to last.
    const offset = args[args.length - 2] as number;
    edits.push({ offset, length: match.length, replacement: replacer(match, ...(args.slice(0, -2) as string[])) });
    return match;
  });
  if (!edits.length) return input;
  let text = '';
  const origin: number[] = [];
  let at = 0;
  for (const { offset, length, replacement } of edits) {
    text += input.text.slice(at, offset);
    for (let i = at; i < offset; i++) origin.push(input.origin[i]);
    const match = input.text.slice(offset, offset + length);
    let prefix = 0;
    while (prefix < replacement.length && prefix < length && replacement[prefix] === match[prefix]) prefix++;
    let suffix = 0;
    while (suffix < replacement.length - prefix && suffix < length - prefix && replacement[replacement.length - 1 - suffix] === match[length - 1 - suffix]) suffix++;
    for (let k = 0; k < replacement.length; k++) {
      const from = replacement.length === length || k < prefix ? k : replacement.length - k <= suffix ? length - (replacement.length - k) : Math.min(k, Math.max(0, length - 1));
      origin.push(input.origin[offset + from]);
    }
    text += replacement;
    at = offset + length;
  }
  text += input.text.slice(at);
  for (let i = at; i <= input.text.length; i++) origin.push(input.origin[i]);
  return { text, origin };
}

function sliceTracked(input: Tracked, start: number): Tracked {
  return { text: input.text.slice(start), origin: input.origin.slice(start) };
}

function appendTracked(input: Tracked, suffix: string): Tracked {
  const end = input.origin[input.text.length];
  return { text: input.text + suffix, origin: [...input.origin.slice(0, input.text.length), ...Array<number>(suffix.length).fill(end), end] };
}

// The regular expressions of Mermaid 11 (src/diagram-api/regexes.ts, preprocess.ts, comments.ts).
const FRONT_MATTER = /^([^\S\n\r]*)-{3}\s*[\n\r](.*?)[\n\r]\1-{3}\s*[\n\r]+/s;
const DIRECTIVE = /%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?/gi;
const COMMENT_LINE = /^\s*%%(?!{)[^\n]+\n?/gm;

/** Mermaid's preprocessDiagram: line ends, tag attributes, front matter, directives, comments. */
function preprocess(input: Tracked): Tracked {
  let t = replaceTracked(input, /\r\n?/g, () => '\n');
  t = replaceTracked(t, /<(\w+)([^>]*)>/g, (_match, tag, attributes) => `<${tag}${attributes.replace(/="([^"]*)"/g, "='$1'")}>`);
  const frontMatter = FRONT_MATTER.exec(t.text);
  if (frontMatter) t = sliceTracked(t, frontMatter[0].length);
  t = replaceTracked(t, DIRECTIVE, () => '');
  t = replaceTracked(t, COMMENT_LINE, () => '');
  const leading = t.text.length - t.text.trimStart().length;
  return leading ? sliceTracked(t, leading) : t;
}

/** Mermaid's encodeEntities (`#quot;` and friends), which Diagram.fromText applies before adding a newline. */
function encodeEntities(input: Tracked): Tracked {
  let t = replaceTracked(input, /style.*:\S*#.*;/g, (s) => s.slice(0, -1));
  t = replaceTracked(t, /classDef.*:\S*#.*;/g, (s) => s.slice(0, -1));
  return replaceTracked(t, /#\w+;/g, (s) => {
    const inner = s.slice(1, -1);
    return /^\+?\d+$/.test(inner) ? `\uFB02\xB0\xB0${inner}\xB6\xDF` : `\uFB02\xB0${inner}\xB6\xDF`;
  });
}

/** The text the diagram's parser receives from `mermaid.parse(source)`, with the origin of each character. */
export function mermaidParserInput(source: string): Tracked {
  // mermaid.parse preprocesses, then getDiagramFromText preprocesses the result once more.
  let t = preprocess(preprocess(tracked(source)));
  t = appendTracked(encodeEntities(t), '\n');
  if (/^\s*(?:graph|flowchart)/.test(t.text)) t = replaceTracked(t, /}\s*\n/g, () => '}\n');
  else if (/^\s*sankey/.test(t.text)) {
    t = replaceTracked(t, /^[^\S\n\r]+|[^\S\n\r]+$/g, () => '');
    t = replaceTracked(t, /([\n\r])+/g, () => '\n');
    const leading = t.text.length - t.text.trimStart().length;
    if (leading) t = sliceTracked(t, leading);
  }
  return t;
}

/**
 * For each line of the text Mermaid parses (one-based line N is index N - 1), the zero-based line
 * of `source` it starts on. The newline Mermaid appends opens no line of its own.
 */
export function parsedLineOrigins(source: string): number[] {
  const input = mermaidParserInput(source);
  const positions = scanningPositions(source);
  const starts = lineStarts(input.text).filter((start) => start < input.text.length);
  return (starts.length ? starts : [0]).map((start) => positions.positionAt(input.origin[start]).line);
}
