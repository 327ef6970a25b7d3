/**
 * Flowcharts of the plainest kind, recognized without Mermaid: a `graph` or `flowchart` header,
 * nodes written `Id` or `Id[Label]` joined by arrows (with or without a `|label|`), `style` lines,
 * `%%` comments and blank lines. Mermaid accepts every one of them
 * (test/unit/plainFlowchart.test.ts parses thousands with Mermaid itself), so the `mermaid-syntax`
 * check has nothing to report and needs no parse: most diagrams of a glossary are of this kind, and
 * each parse costs a few milliseconds of a worker holding ~60 MB. Anything else — other node
 * shapes, quotes, parentheses in labels, subgraphs, classes, directives, keywords as ids — goes to
 * Mermaid as before; a false here only means "ask Mermaid".
 */

const HEADER = /^(?:graph|flowchart) (?:TD|TB|BT|RL|LR)$/;
/** A label as the lexer reads it whole: no bracket, parenthesis, quote, pipe, markup or entity. */
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9 ,.\'/+_-]*[A-Za-z0-9.])?';
const ID = '[A-Za-z][A-Za-z0-9_]*';
const NODE = `${ID}(?:\\[${LABEL}\\])?`;
const ARROW = `(?:-->|---|==>|-\\.->)(?:\\|${LABEL}\\|)?`;
/** `A --> B[Label] -->|yes| C`: nodes and arrows, a space between each (Mermaid rejects two after `|yes|`). */
const EDGE_LINE = new RegExp(`^${NODE}(?: ${ARROW} ${NODE})*$`);
const STYLE_VALUE = '(?:#[0-9A-Fa-f]{3,8}|[0-9]+px|[a-z]+)';
const STYLE = new RegExp(`^style (${ID}) [a-z-]+:${STYLE_VALUE}(?:,[a-z-]+:${STYLE_VALUE})*$`);
/**
 * Words the flowchart lexer reads as something other than an id, in any case, and ids it may read
 * as an arrow head (`o…`, `x…` right after an arrow) or as a keyword's start (`end…`).
 */
const KEYWORD = /^(?:end.*|graph|flowchart.*|subgraph|style|linkstyle|classdef|class|click|call|href|default|direction|interpolate|acctitle|accdescr|td|tb|bt|rl|lr|_self|_blank|_parent|_top)$/i;
/** Arrow heads are lower case: `--o`, `--x`. */
const ARROW_HEAD_START = /^[ox]/;
const notAnId = (id: string) => KEYWORD.test(id) || ARROW_HEAD_START.test(id);

function plainEdgeLine(line: string): boolean {
  if (!EDGE_LINE.test(line)) return false;
  // Without the labels, the line is ids and arrows separated by spaces.
  const tokens = line.replace(/\[[^\]]*\]|\|[^|]*\|/g, '').split(' ');
  return tokens.every((token, i) => i % 2 === 1 || !notAnId(token));
}

export function isPlainFlowchart(source: string): boolean {
  return everyLinePlain(source, (line) => HEADER.test(line), (line) => {
    const style = STYLE.exec(line);
    return style ? !notAnId(style[1]) : plainEdgeLine(line);
  });
}

/**
 * Whether `source` starts (after blank lines) with a line `isHeader` takes, and every other line
 * is blank, a `%%` comment or one `isPlainLine` takes (trimmed). Tabs, carriage returns and
 * `%%{…}%%` directives are left to Mermaid.
 */
export function everyLinePlain(source: string, isHeader: (line: string) => boolean, isPlainLine: (line: string) => boolean): boolean {
  // Mermaid's own reading of tabs and carriage returns is left to Mermaid.
  if (source.includes('\t') || source.includes('\r')) return false;
  let header = false;
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (!header) {
      if (!isHeader(line)) return false;
      header = true;
      continue;
    }
    if (line.startsWith('%%')) {
      // `%%{…}%%` is a directive (configuration), not a comment.
      if (line.startsWith('%%{')) return false;
      continue;
    }
    if (!isPlainLine(line)) return false;
  }
  return header;
}
