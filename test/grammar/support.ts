/**
 * Tokenizes Markdown with the real TextMate engine of VS Code (vscode-textmate on vscode-oniguruma's
 * WebAssembly build of Oniguruma) and the grammars of syntaxes/, injected the way VS Code injects
 * them (`injectTo: ["text.html.markdown"]`). VS Code's own Markdown grammar is not on npm, so a
 * stand-in with its block rules hosts the injections (test/grammar/fixtures/markdown.tmLanguage.json).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createOnigScanner, createOnigString, loadWASM } from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar, type StateStack } from 'vscode-textmate';

export const REPO_ROOT = join(__dirname, '..', '..');

/** Where each scope's grammar lives, relative to the repository. */
export const GRAMMAR_FILES: Record<string, string> = {
  'text.html.markdown': 'test/grammar/fixtures/markdown.tmLanguage.json',
  'source.yaml': 'test/grammar/fixtures/yaml.tmLanguage.json',
  'source.mermaid': 'syntaxes/mermaid.tmLanguage.json',
  'markdown.mermaid.codeblock': 'syntaxes/mermaid.markdown.tmLanguage.json',
  'markdown.glossary.frontmatter': 'syntaxes/glossary-frontmatter.tmLanguage.json',
};

/** The injection grammars package.json contributes with `injectTo: ["text.html.markdown"]`. */
export const MARKDOWN_INJECTIONS = ['markdown.mermaid.codeblock', 'markdown.glossary.frontmatter'];

let registry: Promise<Registry> | undefined;

let oniguruma: Promise<void> | undefined;

/** Loads Oniguruma's WebAssembly build once. */
export function loadOniguruma(): Promise<void> {
  if (!oniguruma) {
    const wasm = readFileSync(join(REPO_ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    oniguruma = loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  }
  return oniguruma;
}

function createRegistry(): Promise<Registry> {
  const onigLib = loadOniguruma().then(() => ({ createOnigScanner, createOnigString }));
  return Promise.resolve(new Registry({
    onigLib,
    loadGrammar: async (scopeName) => {
      const file = GRAMMAR_FILES[scopeName];
      if (!file) return null;
      const path = join(REPO_ROOT, file);
      return parseRawGrammar(readFileSync(path, 'utf8'), path);
    },
    getInjections: (scopeName) => (scopeName === 'text.html.markdown' ? MARKDOWN_INJECTIONS : undefined),
  }));
}

export async function loadGrammar(scopeName = 'text.html.markdown'): Promise<IGrammar> {
  registry ??= createRegistry();
  const grammar = await (await registry).loadGrammar(scopeName);
  if (!grammar) throw new Error(`no grammar for ${scopeName}`);
  return grammar;
}

export interface Token {
  /** 1-based line number. */
  line: number;
  /** 0-based, half-open character columns. */
  start: number;
  end: number;
  text: string;
  /** Outermost first: `text.html.markdown` … innermost. */
  scopes: string[];
}

export class Tokenized {
  constructor(readonly lines: string[], readonly tokens: Token[][]) {}

  lineText(line: number): string {
    const text = this.lines[line - 1];
    assert.ok(text !== undefined, `there is no line ${line}`);
    return text;
  }

  /** 0-based column of the `nth` occurrence of `text` on `line`. */
  columnOf(line: number, text: string, nth = 0): number {
    const lineText = this.lineText(line);
    let column = -1;
    for (let i = 0; i <= nth; i++) {
      column = lineText.indexOf(text, column + 1);
      assert.ok(column >= 0, `line ${line} has no occurrence ${nth} of ${JSON.stringify(text)}: ${JSON.stringify(lineText)}`);
    }
    return column;
  }

  /**
   * The tokens that make up the `nth` occurrence of `text` on `line` (1-based). Fails unless token
   * boundaries fall exactly at the start and end of `text`, so that an assertion names whole tokens.
   */
  tokensOf(line: number, text: string, nth = 0): Token[] {
    const column = this.columnOf(line, text, nth);
    const end = column + text.length;
    const covering = this.tokens[line - 1].filter((token) => token.start < end && token.end > column);
    assert.ok(covering.length > 0, `no token covers ${JSON.stringify(text)} on line ${line}`);
    assert.equal(covering[0].start, column, `a token starts before ${JSON.stringify(text)} on line ${line}: ${describe(covering[0])}`);
    assert.equal(covering[covering.length - 1].end, end, `a token runs past ${JSON.stringify(text)} on line ${line}: ${describe(covering[covering.length - 1])}`);
    return covering;
  }

  /** Asserts that every token of `text` on `line` carries each of `scopes`. */
  expect(line: number, text: string, scopes: string | string[], nth = 0): void {
    for (const token of this.tokensOf(line, text, nth)) {
      for (const scope of [scopes].flat()) {
        assert.ok(token.scopes.includes(scope), `${JSON.stringify(text)} on line ${line} lacks ${scope}: ${describe(token)}`);
      }
    }
  }

  /** Asserts that no token overlapping the `nth` occurrence of `text` on `line` carries a scope matching `pattern`. */
  expectNot(line: number, text: string, pattern: RegExp, nth = 0): void {
    const column = this.columnOf(line, text, nth);
    for (const token of this.tokens[line - 1].filter((t) => t.start < column + text.length && t.end > column)) {
      const found = token.scopes.find((scope) => pattern.test(scope));
      assert.equal(found, undefined, `${JSON.stringify(text)} on line ${line} has ${found}: ${describe(token)}`);
    }
  }

  /** All tokens of lines `from`…`to` (1-based, inclusive) that carry a scope matching `pattern`. */
  tokensMatching(from: number, to: number, pattern: RegExp): Token[] {
    return this.tokens.slice(from - 1, to).flat().filter((token) => token.scopes.some((scope) => pattern.test(scope)));
  }

  /** 1-based number of the first line equal to `text` (after trimming), searching from `from`. */
  lineOf(text: string, from = 1): number {
    for (let line = from; line <= this.lines.length; line++) {
      if (this.lines[line - 1].trim() === text) return line;
    }
    assert.fail(`no line ${JSON.stringify(text)} from line ${from}`);
  }
}

function describe(token: Token): string {
  return `${token.line}:${token.start}-${token.end} ${JSON.stringify(token.text)} ${token.scopes.join(' ')}`;
}

export async function tokenize(text: string, scopeName = 'text.html.markdown'): Promise<Tokenized> {
  const grammar = await loadGrammar(scopeName);
  const lines = text.split(/\r\n|\r|\n/);
  const tokens: Token[][] = [];
  let stack: StateStack = INITIAL;
  lines.forEach((lineText, index) => {
    const result = grammar.tokenizeLine(lineText, stack, 0);
    assert.equal(result.stoppedEarly, false, `tokenizing line ${index + 1} stopped early`);
    stack = result.ruleStack;
    tokens.push(result.tokens
      // vscode-textmate's last token runs one past the line (its "\n"): clamp it, drop what is left empty.
      .map((token) => ({ start: token.startIndex, end: Math.min(token.endIndex, lineText.length), scopes: token.scopes }))
      .filter((token) => token.end > token.start)
      .map((token) => ({ line: index + 1, ...token, text: lineText.slice(token.start, token.end) })));
  });
  return new Tokenized(lines, tokens);
}

export function readRepoFile(path: string): string {
  return readFileSync(join(REPO_ROOT, path), 'utf8');
}

/**
 * One line per token: `line:start-end scope scope …` (1-based line, 0-based half-open columns,
 * scopes outermost first, without the `text.html.markdown` every token has). `lastLine` cuts it short.
 */
export function snapshotText(tokenized: Tokenized, lastLine = Infinity): string {
  const out: string[] = [];
  for (const token of tokenized.tokens.slice(0, lastLine).flat()) {
    const scopes = token.scopes[0] === 'text.html.markdown' ? token.scopes.slice(1) : token.scopes;
    out.push(`${token.line}:${token.start}-${token.end} ${scopes.join(' ')}`.trimEnd());
  }
  return `${out.join('\n')}\n`;
}

/**
 * Compares `actual` with the snapshot file exactly. With UPDATE_SNAPSHOTS=1 the file is (re)written
 * instead; without it, a missing or different snapshot fails.
 */
export function matchSnapshot(name: string, actual: string): void {
  const path = join(REPO_ROOT, 'test', 'grammar', 'snapshots', `${name}.snap`);
  if (process.env.UPDATE_SNAPSHOTS === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `no snapshot ${path}: run the grammar tests with UPDATE_SNAPSHOTS=1 to create it`);
  const expected = readFileSync(path, 'utf8');
  if (actual === expected) return;
  const actualLines = actual.split('\n');
  const expectedLines = expected.split('\n');
  const first = actualLines.findIndex((line, i) => line !== expectedLines[i]);
  assert.fail([
    `tokens differ from snapshot ${name}.snap (rerun with UPDATE_SNAPSHOTS=1 if the change is intended); first difference at snapshot line ${first + 1}:`,
    `  expected: ${expectedLines[first] ?? '(end of snapshot)'}`,
    `  actual:   ${actualLines[first] ?? '(end of tokens)'}`,
  ].join('\n'));
}
