/**
 * Flowcharts of the plainest kind, recognized without Mermaid: a `graph` or `flowchart` header,
 * nodes written `Id` or `Id[Label]` (or with the other shapes of brackets: `(…)`, `{…}`, `((…))`…)
 * joined by arrows (with or without a `|label|`), `style` lines, classes (`classDef hot
 * fill:#f96` and `class A,B hot`), `subgraph Id` or `subgraph Id[Label]` blocks closed by `end`
 * (nested or not, with or without a `direction` line), `%%` comments and blank lines. Mermaid
 * accepts every one of them (test/unit/plainFlowchart.test.ts parses thousands with Mermaid
 * itself), so the `mermaid-syntax` check has nothing to report and needs no parse: most diagrams
 * of a glossary are of this kind, and each parse costs a millisecond or more of a worker holding
 * ~60 MB. Anything else — other node shapes, quotes, parentheses in labels, a subgraph named as a
 * node is, `:::` classes, directives, keywords as ids — goes to Mermaid as before; a false here
 * only means "ask Mermaid".
 */

const HEADER = /^(?:graph|flowchart) (?:TD|TB|BT|RL|LR)$/;
/** A label as the lexer reads it whole: no bracket, parenthesis, quote, pipe, markup or entity. */
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9 ,.\'/+_-]*[A-Za-z0-9.])?';
const ID = '[A-Za-z][A-Za-z0-9_]*';
/** The node shapes written with brackets alone: `[box]`, `(round)`, `{decision}`, `((circle))`, `([stadium])`, `[[subroutine]]`, `[(database)]`, `{{hexagon}}`. */
const SHAPES = [['[', ']'], ['(', ')'], ['{', '}'], ['((', '))'], ['([', '])'], ['[[', ']]'], ['[(', ')]'], ['{{', '}}']];
const escaped = (brackets: string) => brackets.replace(/[[\](){}]/g, '\\$&');
const NODE = `${ID}(?:${SHAPES.map(([open, close]) => `${escaped(open)}${LABEL}${escaped(close)}`).join('|')})?`;
/** A node's label with its brackets, or an arrow's `|label|`: what is left is ids and arrows. */
const LABELS = /[[\](){}]+[^[\](){}|]*[[\](){}]+|\|[^|]*\|/g;
const ARROW = `(?:-->|---|==>|-\\.->)(?:\\|${LABEL}\\|)?`;
/** `A --> B[Label] -->|yes| C`: nodes and arrows, a space between each (Mermaid rejects two after `|yes|`). */
const EDGE_LINE = new RegExp(`^${NODE}(?: ${ARROW} ${NODE})*$`);
const STYLE_VALUE = '(?:#[0-9A-Fa-f]{3,8}|[0-9]+px|[a-z]+)';
const STYLES = `[a-z-]+:${STYLE_VALUE}(?:,[a-z-]+:${STYLE_VALUE})*`;
const STYLE = new RegExp(`^style (${ID}) ${STYLES}$`);
/** `classDef hot fill:#f96,stroke:#333`: a class of the styles a `style` line takes. */
const CLASS_DEFINITION = new RegExp(`^classDef (${ID}) ${STYLES}$`);
/** `class A,B hot`: nodes (or subgraphs) put in a class, which need not be defined. */
const CLASS_ASSIGNMENT = new RegExp(`^class (${ID}(?:,${ID})*) (${ID})$`);
/**
 * Words the flowchart lexer reads as something other than an id, in any case, and ids it may read
 * as an arrow head (`o…`, `x…` right after an arrow) or as a keyword's start (`end…`).
 */
const KEYWORD = /^(?:end.*|graph|flowchart.*|subgraph|style|linkstyle|classdef|class|click|call|href|default|direction|interpolate|acctitle|accdescr|td|tb|bt|rl|lr|_self|_blank|_parent|_top)$/i;
/** Arrow heads are lower case: `--o`, `--x`. */
const ARROW_HEAD_START = /^[ox]/;
const notAnId = (id: string) => KEYWORD.test(id) || ARROW_HEAD_START.test(id);

const SUBGRAPH = new RegExp(`^subgraph (${ID})(?:\\[${LABEL}\\])?$`);
const DIRECTION = /^direction (?:TD|TB|BT|RL|LR)$/;

/** Adds the line's node ids to `nodes`; false when it is not a plain edge line. */
function plainEdgeLine(line: string, nodes: Set<string>): boolean {
  if (!EDGE_LINE.test(line)) return false;
  // Without the labels, the line is ids and arrows separated by spaces.
  const tokens = line.replace(LABELS, '').split(' ');
  for (let i = 0; i < tokens.length; i += 2) {
    if (notAnId(tokens[i])) return false;
    nodes.add(tokens[i]);
  }
  return true;
}

export function isPlainFlowchart(source: string): boolean {
  const nodes = new Set<string>();
  const subgraphs = new Set<string>();
  let open = 0;
  const plain = everyLinePlain(source, (line) => HEADER.test(line), (line, spaceAfter) => {
    const style = STYLE.exec(line);
    if (style) {
      nodes.add(style[1]);
      return !notAnId(style[1]);
    }
    if (line === 'end') return open-- > 0;
    const subgraph = SUBGRAPH.exec(line);
    if (subgraph) {
      // A subgraph named twice, or as a node is, is Mermaid's to read.
      if (notAnId(subgraph[1]) || subgraphs.has(subgraph[1])) return false;
      subgraphs.add(subgraph[1]);
      open++;
      return true;
    }
    if (DIRECTION.test(line)) return open > 0;
    const definition = CLASS_DEFINITION.exec(line);
    if (definition) return !notAnId(definition[1]);
    const assignment = CLASS_ASSIGNMENT.exec(line);
    // Mermaid rejects a space after the class's name.
    if (assignment) return !spaceAfter && !notAnId(assignment[2]) && assignment[1].split(',').every((id) => !notAnId(id));
    return plainEdgeLine(line, nodes);
  });
  if (!plain || open !== 0) return false;
  for (const name of subgraphs) if (nodes.has(name)) return false;
  return true;
}

/**
 * Whether `source` starts (after blank lines) with a line `isHeader` takes, and every other line
 * is blank, a `%%` comment or one `isPlainLine` takes (trimmed; with whether white space ended it,
 * which a few statements do not allow). Tabs, carriage returns and
 * `%%{…}%%` directives are left to Mermaid.
 */
export function everyLinePlain(source: string, isHeader: (line: string) => boolean, isPlainLine: (line: string, spaceAfter: boolean) => boolean): boolean {
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
    if (!isPlainLine(line, raw.length > 0 && raw.charCodeAt(raw.length - 1) === 32)) return false;
  }
  return header;
}
