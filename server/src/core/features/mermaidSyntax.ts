import type { Diagnostic, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParsedEntry } from '../parsing';
import { severityOf, type GlossarySettings } from '../settings';
import { glossaryDiagnostic } from '../diagnosticCodes';
import { lineContentEnd, lineStartOf, lineStarts, scanningPositions } from '../positions';
import { mermaidParserInput, type Tracked } from './mermaidParserInput';

/**
 * The pure half of the `mermaid-syntax` check: which blocks to send to Mermaid, how to read the
 * error Mermaid throws, and where in the document it points. Mermaid itself runs in the server's
 * worker (server/src/mermaidWorker.ts); nothing here loads it.
 */

/** Mermaid's own limit (`maxTextSize`): longer diagrams are not rendered, so they are not sent to the worker. */
export const MAX_MERMAID_CHARACTERS = 50_000;

/** A ```` ```mermaid ```` block and where it stands: plain data, so it can cross to another thread. */
export interface MermaidBlock {
  /** The text between the fences, as Mermaid receives it. */
  source: string;
  /** The document line of the block's first content line: an error's block-relative line is added to it. */
  contentLine: number;
  /** The opening ```` ```mermaid ```` line, where problems of the block as a whole are shown. */
  openRange: Range;
}

/**
 * The closed ```` ```mermaid ```` fences with something in them. An unclosed fence runs to the end
 * of the file (prose included) and already has its own diagnostic, so it is not parsed.
 */
export function mermaidBlocks(document: TextDocument, entry: ParsedEntry): MermaidBlock[] {
  const text = document.getText();
  return entry.fences
    .filter((fence) => fence.language === 'mermaid' && fence.closeSpan && fence.contentSpan.end <= text.length)
    .map((fence) => ({
      source: text.slice(fence.contentSpan.start, fence.contentSpan.end),
      contentLine: document.positionAt(fence.contentSpan.start).line,
      openRange: { start: document.positionAt(fence.openSpan.start), end: document.positionAt(fence.openSpan.end) },
    }))
    .filter((block) => block.source.trim() !== '');
}

/**
 * What the worker keeps of an error thrown by `mermaid.parse`: plain data that survives
 * `postMessage`. Jison parsers (flowchart, sequence, class, state, …) set `hash`; Langium parsers
 * (pie, gitGraph, packet, info, …) throw a `MermaidParseError` whose `result` holds the lexer and
 * parser errors with offsets.
 */
export interface RawMermaidError {
  name: string;
  message: string;
  hash?: {
    /** The look-ahead token's text: what the parser did not expect. */
    text?: string;
    token?: string | number | null;
    /** 0-based line of the lexer when the error was raised. */
    line?: number;
    /** The last token the parser accepted (1-based lines, 0-based columns). */
    loc?: { first_line: number; first_column: number; last_line: number; last_column: number };
    expected?: string[];
  };
  lexerErrors?: { offset: number; length: number; line?: number; column?: number; message: string }[];
  parserErrors?: { message: string; startOffset: number; endOffset: number; image: string; line?: number; column?: number; previousStart?: number; previousEnd?: number }[];
}

const finite = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Whatever was thrown is read field by field, each checked: it crosses to another thread as plain data. */
type Fields = Readonly<Record<string, unknown>>;
const fieldsOf = (value: unknown): Fields | undefined => (typeof value === 'object' && value !== null ? (value as Fields) : undefined);

/** Copies the parts of whatever `mermaid.parse` threw that locate and explain it. */
export function rawMermaidError(error: unknown): RawMermaidError {
  const e = fieldsOf(error) ?? {};
  const raw: RawMermaidError = { name: text(e.name) ?? 'Error', message: text(e.message) ?? String(error) };
  const constructorName = typeof e.constructor === 'function' ? e.constructor.name : undefined;
  if (e.name === 'Error' && constructorName && constructorName !== 'Error') raw.name = constructorName;
  const hash = fieldsOf(e.hash);
  if (hash) {
    const loc = fieldsOf(hash.loc);
    const [firstLine, firstColumn, lastLine, lastColumn] = [loc?.first_line, loc?.first_column, loc?.last_line, loc?.last_column].map(finite);
    raw.hash = {
      text: text(hash.text),
      token: typeof hash.token === 'string' || typeof hash.token === 'number' ? hash.token : null,
      line: finite(hash.line),
      loc: firstLine !== undefined && firstColumn !== undefined && lastLine !== undefined && lastColumn !== undefined
        ? { first_line: firstLine, first_column: firstColumn, last_line: lastLine, last_column: lastColumn }
        : undefined,
      expected: Array.isArray(hash.expected) ? hash.expected.filter((x: unknown): x is string => typeof x === 'string').slice(0, 50) : undefined,
    };
  }
  const result = fieldsOf(e.result);
  if (result) {
    if (Array.isArray(result.lexerErrors)) {
      raw.lexerErrors = result.lexerErrors.slice(0, 10).map((value: unknown) => {
        const l = fieldsOf(value) ?? {};
        return { offset: finite(l.offset) ?? NaN, length: finite(l.length) ?? 1, line: finite(l.line), column: finite(l.column), message: String(l.message ?? '') };
      });
    }
    if (Array.isArray(result.parserErrors)) {
      raw.parserErrors = result.parserErrors.slice(0, 10).map((value: unknown) => {
        const p = fieldsOf(value) ?? {};
        const token = fieldsOf(p.token);
        const previous = fieldsOf(p.previousToken);
        return {
          message: String(p.message ?? ''),
          startOffset: finite(token?.startOffset) ?? NaN,
          endOffset: finite(token?.endOffset) ?? NaN,
          image: text(token?.image) ?? '',
          line: finite(token?.startLine),
          column: finite(token?.startColumn),
          previousStart: finite(previous?.startOffset),
          previousEnd: finite(previous?.endOffset),
        };
      });
    }
  }
  return raw;
}

/** A syntax error of one block, in the block's own coordinates: line 0 is the first line after the opening fence. */
export interface MermaidSyntaxError {
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

// ---------------------------------------------------------------- locating the error

/** Offset in `text` of a 1-based line and 0-based column, clamped to the text. */
function offsetOf(text: string, starts: number[], line: number, column: number): number {
  const index = Math.min(Math.max(line - 1, 0), starts.length - 1);
  const start = starts[index];
  const end = index + 1 < starts.length ? starts[index + 1] - 1 : text.length;
  return Math.min(start + Math.max(column, 0), end);
}

const isSpace = (ch: string | undefined) => ch !== undefined && /\s/.test(ch);

/** Narrows [start, end) to its non-blank part; when nothing is left, the non-blank part of start's line. */
function trimRange(text: string, start: number, end: number): [number, number] {
  let s = Math.max(0, Math.min(start, text.length));
  let e = Math.max(s, Math.min(end, text.length));
  while (s < e && isSpace(text[s])) s++;
  while (e > s && isSpace(text[e - 1])) e--;
  if (s < e) return [s, e];
  s = lineStartOf(text, Math.min(start, text.length));
  e = lineContentEnd(text, s);
  while (s < e && isSpace(text[s])) s++;
  while (e > s && isSpace(text[e - 1])) e--;
  return s < e ? [s, e] : [Math.min(start, text.length), Math.min(start, text.length)];
}

/**
 * A Jison lexer error carries no location but its line (`hash.line`, 0-based) and, in the message,
 * the text around the failure with a caret under it: `...past` + `upcoming` (line breaks removed),
 * then `-----^`. The text from the caret on is looked up on that line.
 */
function lexicalErrorRange(text: string, starts: number[], raw: RawMermaidError): [number, number] | undefined {
  if (!/^Lexical error/.test(raw.message) || raw.hash?.line === undefined) return undefined;
  const [, context = '', caret = ''] = raw.message.split('\n');
  const upcoming = context.slice(Math.max(0, caret.length - 1));
  const lineStart = offsetOf(text, starts, raw.hash.line + 1, 0);
  const lineText = text.slice(lineStart, lineContentEnd(text, lineStart));
  if (upcoming) {
    for (let i = 0; i < lineText.length; i++) {
      const rest = lineText.slice(i);
      if (upcoming.startsWith(rest) || rest.startsWith(upcoming)) {
        const token = /^\S*/.exec(rest)![0];
        return trimRange(text, lineStart + i, lineStart + i + Math.max(1, token.length));
      }
    }
  }
  return trimRange(text, lineStart, lineStart + lineText.length);
}

/** Where in the parser's input the error is, as [start, end) offsets of that input. */
function errorRange(input: Tracked, raw: RawMermaidError): [number, number] | undefined {
  const text = input.text;
  const starts = lineStarts(text);
  const lexical = lexicalErrorRange(text, starts, raw);
  if (lexical) return lexical;
  const loc = raw.hash?.loc;
  if (loc) {
    // Jison reports the last token it accepted; the token it did not expect (hash.text) follows it.
    const lastEnd = offsetOf(text, starts, loc.last_line, loc.last_column);
    const lookahead = raw.hash?.text ?? '';
    if (lookahead.trim() !== '') {
      const found = text.indexOf(lookahead, lastEnd);
      if (found >= 0 && text.slice(lastEnd, found).trim() === '') return trimRange(text, found, found + lookahead.length);
    }
    return trimRange(text, offsetOf(text, starts, loc.first_line, loc.first_column), lastEnd);
  }
  const lexer = raw.lexerErrors?.find((l) => Number.isFinite(l.offset));
  if (lexer) return trimRange(text, lexer.offset, lexer.offset + Math.max(1, lexer.length));
  for (const parser of raw.parserErrors ?? []) {
    if (Number.isFinite(parser.startOffset) && parser.image.trim() !== '') return trimRange(text, parser.startOffset, parser.endOffset + 1);
    if (parser.previousStart !== undefined && parser.previousEnd !== undefined) {
      // Found a line break or the end: the error sits just after the token before it.
      return trimRange(text, parser.previousStart, parser.previousEnd + 1);
    }
    if (parser.line !== undefined && parser.column !== undefined) {
      const at = offsetOf(text, starts, parser.line, parser.column - 1);
      return trimRange(text, at, at + 1);
    }
  }
  const fromMessage = /\bon line (\d+), column (\d+)/.exec(raw.message);
  if (fromMessage) {
    const at = offsetOf(text, starts, Number(fromMessage[1]), Number(fromMessage[2]) - 1);
    return trimRange(text, at, at + 1);
  }
  if (raw.hash?.line !== undefined) {
    const at = offsetOf(text, starts, raw.hash.line + 1, 0);
    return trimRange(text, at, at);
  }
  return undefined;
}

/** Names of Jison tokens a writer would not recognise. */
const TOKEN_NAMES: Record<string, string> = {
  SQE: "']'", PE: "')'", DIAMOND_STOP: "'}'", STADIUMEND: "'])'", SUBROUTINEEND: "']]'", CYLINDEREND: "')]'",
  DOUBLECIRCLEEND: "')))'", TRAPEND: "'/]'", INVTRAPEND: "'\\]'", TAGEND: "'>'", PIPE: "'|'", SEMI: "';'", COLON: "':'",
  NEWLINE: 'a line break', NL: 'a line break', EOF: 'the end of the diagram', SPACE: 'a space', TXT: 'text', TEXT: 'text',
};

function describeToken(token: string): string {
  const bare = token.replace(/^'(.*)'$/, '$1');
  return TOKEN_NAMES[bare] ?? `'${bare}'`;
}

function firstLine(text: string, max = 300): string {
  const line = text.split('\n').map((l) => l.trim()).find(Boolean) ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A sentence about the error, without Mermaid's line numbers (they count the diagram's own lines, not the file's). */
export function mermaidErrorMessage(raw: RawMermaidError, source = '', found?: string): string {
  if (raw.name === 'UnknownDiagramError' || /^No diagram type detected/.test(raw.message)) {
    const first = firstLine(mermaidParserInput(source).text, 60).split(/\s/)[0];
    return `Mermaid does not recognise the diagram type${first ? ` '${first}'` : ''}. Start the block with a diagram type such as graph TD, flowchart LR or sequenceDiagram.`;
  }
  if (raw.hash) {
    const expecting = /Expecting (.*), got '?([^']*)'?\s*$/m.exec(raw.message);
    if (expecting) {
      // Tokens a writer recognises (']', a line break) first, Jison's internal names after them.
      const tokens = expecting[1].split(/,\s*/);
      const known = (token: string) => (TOKEN_NAMES[token.replace(/^'(.*)'$/, '$1')] ? 0 : 1);
      const expected = [...new Set([...tokens].sort((a, b) => known(a) - known(b)).map(describeToken))];
      const shown = expected.length > 6 ? `${expected.slice(0, 6).join(', ')} or another of ${expected.length} tokens` : expected.join(', ');
      const lookahead = (raw.hash.text ?? '').trim().split('\n')[0];
      const got = expecting[2] === '1' || expecting[2] === 'EOF' ? 'the end of the diagram'
        : lookahead && lookahead.length <= 30 ? `'${lookahead}'` : describeToken(expecting[2]);
      return `Mermaid syntax error: expected ${shown}, but found ${got}.`;
    }
    if (/^Lexical error/.test(raw.message)) return `Mermaid syntax error: unrecognised text${found && found.length <= 40 ? ` '${found}'` : ''}.`;
    return `Mermaid syntax error: ${firstLine(raw.message.replace(/^Parse error on line \d+:?/, ''))}`;
  }
  const lexer = raw.lexerErrors?.[0];
  if (lexer) {
    const character = /->(.*)<-/.exec(lexer.message)?.[1];
    return `Mermaid syntax error: unexpected character${character !== undefined ? ` '${character}'` : ''}.`;
  }
  const parser = raw.parserErrors?.[0];
  if (parser) return `Mermaid syntax error: ${firstLine(parser.message.replace(/`\n`/g, 'the end of the line').replace(/`\s*`/g, 'a space'))}`;
  // Not a syntax error with a place (a second mindmap root, bad front matter): Mermaid's own words.
  return `Mermaid: ${firstLine(raw.message.replace(/^Parsing failed:\s*/, ''))}`;
}

/**
 * Turns what `mermaid.parse(source)` threw into a message and a range of `source`: the token the
 * parser did not expect, else the last token it accepted, else the diagram's first line.
 */
export function locateMermaidError(source: string, raw: RawMermaidError): MermaidSyntaxError {
  const input = mermaidParserInput(source);
  let range = raw.name === 'UnknownDiagramError' ? undefined : errorRange(input, raw);
  if (!range) {
    // No location (an unknown diagram type, a semantic error such as a second mindmap root): the diagram's first line.
    const text = input.text;
    const end = lineContentEnd(text, 0);
    range = trimRange(text, 0, raw.name === 'UnknownDiagramError' ? Math.min(end, (/^\S*/.exec(text)?.[0].length ?? end) || end) : end);
  }
  const startOffset = input.origin[Math.min(range[0], input.text.length)];
  // The end maps through the last character of the range, so a range never swallows a rewritten gap.
  const endOffset = range[1] > range[0] ? input.origin[range[1] - 1] + 1 : startOffset;
  const positions = scanningPositions(source);
  const start = positions.positionAt(startOffset);
  const end = positions.positionAt(Math.max(endOffset, startOffset));
  const found = source.slice(Math.min(startOffset, source.length), Math.min(Math.max(endOffset, startOffset), source.length));
  return { message: mermaidErrorMessage(raw, source, found), line: start.line, column: start.character, endLine: end.line, endColumn: end.character };
}

// ---------------------------------------------------------------- diagnostics in the document

/** What the server's checker learned about one block. */
export type MermaidCheckResult =
  | { kind: 'ok' }
  | { kind: 'error'; error: MermaidSyntaxError }
  | { kind: 'timeout'; milliseconds: number }
  | { kind: 'oversized'; characters: number };


/** The document range of a block-relative error: the block's first content line plus the error's line. */
export function mermaidErrorRange(block: MermaidBlock, error: Pick<MermaidSyntaxError, 'line' | 'column' | 'endLine' | 'endColumn'>): Range {
  return {
    start: { line: block.contentLine + error.line, character: error.column },
    end: { line: block.contentLine + error.endLine, character: error.endColumn },
  };
}

/** The `mermaid-syntax` diagnostic for one block's result, or undefined when it parsed or the code is off. */
export function mermaidSyntaxDiagnostic(block: MermaidBlock, result: MermaidCheckResult, settings: GlossarySettings): Diagnostic | undefined {
  const level = severityOf(settings, 'mermaid-syntax');
  if (level === 'off' || result.kind === 'ok') return undefined;
  let range = block.openRange;
  let message: string;
  if (result.kind === 'error') {
    range = mermaidErrorRange(block, result.error);
    message = result.error.message;
  } else if (result.kind === 'timeout') {
    message = `Mermaid took too long to parse this diagram (more than ${Math.round(result.milliseconds / 1000)} s), so it was not checked. Simplify or split it.`;
  } else {
    message = `This diagram is ${result.characters.toLocaleString('en-US')} characters long; Mermaid draws at most ${MAX_MERMAID_CHARACTERS.toLocaleString('en-US')} (its maxTextSize), so it was not checked and will not render. Split it into smaller diagrams.`;
  }
  return glossaryDiagnostic('mermaid-syntax', level, range, message);
}

/** Whether the server should check Mermaid blocks at all with these settings. */
export function mermaidCheckEnabled(settings: GlossarySettings): boolean {
  return settings.mermaid.check && severityOf(settings, 'mermaid-syntax') !== 'off';
}
