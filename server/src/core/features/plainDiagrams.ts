/**
 * Diagrams of the plainest kinds, recognized without Mermaid, as plain flowcharts are (see
 * plainFlowchart.ts): Mermaid accepts every one of them (test/unit/plainDiagrams.test.ts parses
 * thousands with Mermaid itself), so the `mermaid-syntax` check needs no parse for them. Anything
 * else goes to Mermaid as before; a false here only means "ask Mermaid".
 *
 * - Sequence diagrams: `participant` and `actor` lines (with or without `as Label`), messages
 *   `A->>B: text` with the four plain arrows, notes (`Note right of A: text`, `Note over A,B: text`),
 *   blocks closed by `end` (`loop`, `opt`, `break`, `alt` with its `else`, `par` with its `and`,
 *   `critical` with its `option`; each with a text, nested or not), `autonumber` alone.
 *   Not: activations, `rect`, `box`, `autonumber` with numbers, other arrows.
 * - State diagrams: transitions `A --> B` with or without `: text`, `[*]` for the start and the end,
 *   one-line notes (`note right of A: text`).
 *   Not: `state` blocks and aliases, notes of several lines, forks and choices, styles.
 * - Class diagrams: `class A` with or without a body of members (`+name: Type`, `-method()`, one a
 *   line, `}` alone on the last), relations `A <|-- B` with the usual arrows, with or without
 *   `: text`, the usual annotations (`<<interface>> A` after A is declared, or `<<interface>>` in a
 *   body).
 *   Not: generics, notes, namespaces, cardinalities, styles, links.
 *
 * Names are letters, digits and `_`, and never a word the lexer reads as a keyword; text has no
 * `;` (a statement's end), `#` (an entity), colon, markup or quotes.
 */
import { everyLinePlain, isPlainFlowchart } from './plainFlowchart';

const ID = '[A-Za-z][A-Za-z0-9_]*';
const TEXT = "[A-Za-z0-9(][A-Za-z0-9 ,.'()/_+-]*";

const DECLARATION = new RegExp(`^(?:participant|actor) (${ID})(?: as ${TEXT})?$`);
const MESSAGE = new RegExp(`^(${ID}) ?(?:->>|-->>|->|-->) ?(${ID}): ?${TEXT}$`);
const NOTE = new RegExp(`^[Nn]ote (?:(?:left|right) of (${ID})|over (${ID})(?:, ?(${ID}))?): ?${TEXT}$`);
/** A block's opening line, or a line that goes on with the block it is in (the one CONTINUES names). */
const BLOCK_LINE = new RegExp(`^(loop|opt|break|alt|par|critical|else|and|option) ${TEXT}$`);
const CONTINUES: Record<string, string> = { else: 'alt', and: 'par', option: 'critical' };
/** Words the sequence lexer reads as something other than a name, in any case. */
const SEQUENCE_KEYWORD = /^(?:participant|actor|create|destroy|as|note|over|left|right|of|loop|alt|else|opt|option|par|and|rect|critical|break|box|end|activate|deactivate|autonumber|title|acctitle|accdescr|link|links|properties|details|sequencediagram)$/i;

const STATE = `(?:${ID}|\\[\\*\\])`;
const TRANSITION = new RegExp(`^(${STATE}) ?--> ?(${STATE})(?: ?: ?${TEXT})?$`);
const STATE_NOTE = new RegExp(`^note (?:left|right) of (${ID}) ?: ?${TEXT}$`);
/** Words the state lexer reads as something other than a name, in any case. */
const STATE_KEYWORD = /^(?:state|note|class|classdef|style|default|click|end|as|direction|hide|fork|join|choice|concurrent|left|right|of|over|title|acctitle|accdescr|statediagram)$/i;

const CLASS_OPEN = new RegExp(`^class (${ID})(?: ?\\{)?$`);
const MEMBER = new RegExp(`^[+\\-#~]?${ID}(?:\\(\\))?(?: ?: ?${ID})?$`);
const ANNOTATION = '<<(?:interface|abstract|enumeration|service)>>';
const ANNOTATED = new RegExp(`^${ANNOTATION} (${ID})$`);
const BODY_ANNOTATION = new RegExp(`^${ANNOTATION}$`);
const RELATION = new RegExp(`^(${ID}) (?:<\\|--|--\\|>|-->|<--|--|\\.\\.>|<\\.\\.|\\.\\.\\|>|<\\|\\.\\.|\\.\\.|\\*--|--\\*|o--|--o) (${ID})(?: ?: ?${TEXT})?$`);
/** Words the class lexer reads as something other than a name, in any case. */
const CLASS_KEYWORD = /^(?:o|class|classdiagram|namespace|note|for|style|classdef|cssclass|callback|call|link|click|href|direction|end|acctitle|accdescr|interface|abstract|enumeration|service|tb|bt|lr|rl)$/i;

/** Every name a line's pattern captured is free of the keywords. */
function namesFree(match: RegExpExecArray | null, keyword: RegExp): boolean {
  if (!match) return false;
  for (let i = 1; i < match.length; i++) if (match[i] !== undefined && keyword.test(match[i])) return false;
  return true;
}

export function isPlainSequence(source: string): boolean {
  /** The blocks open around the line, innermost last. */
  const blocks: string[] = [];
  const plain = everyLinePlain(source, (line) => line === 'sequenceDiagram', (line, spaceAfter) => {
    if (line === 'end') return blocks.pop() !== undefined;
    // Numbers the messages from here on (Mermaid rejects a space after it).
    if (line === 'autonumber') return !spaceAfter;
    const block = BLOCK_LINE.exec(line);
    if (block) {
      const kind = block[1];
      const within = CONTINUES[kind];
      if (within === undefined) blocks.push(kind);
      return within === undefined || blocks[blocks.length - 1] === within;
    }
    return namesFree(DECLARATION.exec(line) ?? MESSAGE.exec(line) ?? NOTE.exec(line), SEQUENCE_KEYWORD);
  });
  return plain && blocks.length === 0;
}

export function isPlainState(source: string): boolean {
  return everyLinePlain(source, (line) => line === 'stateDiagram-v2' || line === 'stateDiagram', (line) => namesFree(TRANSITION.exec(line) ?? STATE_NOTE.exec(line), STATE_KEYWORD));
}

export function isPlainClass(source: string): boolean {
  let inBody = false;
  // Mermaid rejects a class diagram with nothing in it.
  let statements = 0;
  const declared = new Set<string>();
  const plain = everyLinePlain(source, (line) => line === 'classDiagram' || line === 'classDiagram-v2', (line) => {
    if (inBody) {
      if (line === '}') inBody = false;
      return line === '}' || MEMBER.test(line) || BODY_ANNOTATION.test(line);
    }
    statements++;
    const opened = CLASS_OPEN.exec(line);
    if (opened) {
      inBody = line.endsWith('{');
      declared.add(opened[1]);
      return namesFree(opened, CLASS_KEYWORD);
    }
    const related = RELATION.exec(line);
    if (related) {
      declared.add(related[1]).add(related[2]);
      return namesFree(related, CLASS_KEYWORD);
    }
    // Mermaid fails on an annotation of a class not yet declared.
    const annotated = ANNOTATED.exec(line);
    return annotated !== null && declared.has(annotated[1]) && namesFree(annotated, CLASS_KEYWORD);
  });
  return plain && !inBody && statements > 0;
}

/** A diagram Mermaid surely accepts, told without it. */
export function isPlainDiagram(source: string): boolean {
  return isPlainFlowchart(source) || isPlainSequence(source) || isPlainState(source) || isPlainClass(source);
}
