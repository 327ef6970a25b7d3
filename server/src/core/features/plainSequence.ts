/**
 * Sequence diagrams of the plainest kind, recognized without Mermaid: a `sequenceDiagram` header,
 * `participant` and `actor` lines (with or without `as Label`), messages `A->>B: text` with the four
 * plain arrows, notes (`Note right of A: text`, `Note over A,B: text`), `%%` comments and blank lines.
 * Mermaid accepts every one of them (test/unit/plainSequence.test.ts parses thousands with Mermaid
 * itself), so the `mermaid-syntax` check needs no parse for them, as for plain flowcharts (see
 * plainFlowchart.ts). Anything else — activations, blocks (`loop`, `alt`, `end`), `autonumber`,
 * other arrows, text with `;`, `#` or markup, keywords as names — goes to Mermaid as before; a
 * false here only means "ask Mermaid".
 */

const HEADER = 'sequenceDiagram';
const ID = '[A-Za-z][A-Za-z0-9_]*';
/** Message, note and alias text as the lexer reads it whole: no `;` (a statement's end), `#` (an entity), markup or quotes. */
const TEXT = "[A-Za-z0-9(][A-Za-z0-9 ,.'()/_+-]*";
const DECLARATION = new RegExp(`^(?:participant|actor) (${ID})(?: as ${TEXT})?$`);
const MESSAGE = new RegExp(`^(${ID}) ?(?:->>|-->>|->|-->) ?(${ID}): ?${TEXT}$`);
const NOTE = new RegExp(`^[Nn]ote (?:(?:left|right) of (${ID})|over (${ID})(?:, ?(${ID}))?): ?${TEXT}$`);
/** Words the sequence lexer reads as something other than a name, in any case. */
const KEYWORD = /^(?:participant|actor|create|destroy|as|note|over|left|right|of|loop|alt|else|opt|option|par|and|rect|critical|break|box|end|activate|deactivate|autonumber|title|acctitle|accdescr|link|links|properties|details|sequencediagram)$/i;

export function isPlainSequence(source: string): boolean {
  // Mermaid's own reading of tabs and carriage returns is left to Mermaid.
  if (source.includes('\t') || source.includes('\r')) return false;
  let header = false;
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (!header) {
      if (line !== HEADER) return false;
      header = true;
      continue;
    }
    if (line.startsWith('%%')) {
      // `%%{…}%%` is a directive (configuration), not a comment.
      if (line.startsWith('%%{')) return false;
      continue;
    }
    const names = DECLARATION.exec(line) ?? MESSAGE.exec(line) ?? NOTE.exec(line);
    if (!names) return false;
    for (let i = 1; i < names.length; i++) if (names[i] !== undefined && KEYWORD.test(names[i])) return false;
  }
  return header;
}
