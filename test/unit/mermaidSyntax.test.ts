/**
 * The pure half of `mermaid-syntax`: which blocks are checked, how Mermaid's errors are read, and
 * where they land in the document. The errors come from the real Mermaid (11, in this process with
 * linkedom window, as the server's worker runs it), so the tests show what each parser really reports.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { parseEntry } from '../../server/src/core/parsing';
import {
  locateMermaidError, MAX_MERMAID_CHARACTERS, mermaidBlocks, mermaidErrorRange, mermaidSyntaxDiagnostic, rawMermaidError,
  type MermaidSyntaxError, type RawMermaidError,
} from '../../server/src/core/features/mermaidSyntax';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { entryText, GOOD_DESCRIPTION, settingsWith } from './support';
import { codeDescription } from '../../server/src/core/diagnosticCodes';

let mermaid: { parse(text: string): Promise<unknown> };

before(async () => {
  const { parseHTML } = await import('linkedom');
  (globalThis as Record<string, unknown>).window = parseHTML('<!doctype html><html><head></head><body></body></html>').window;
  mermaid = (await import('mermaid')).default;
});

/** What `mermaid.parse(source)` threw, as the worker keeps it. */
async function thrown(source: string): Promise<RawMermaidError> {
  try {
    await mermaid.parse(source);
  } catch (error) {
    return rawMermaidError(error);
  }
  assert.fail(`Mermaid parsed:\n${source}`);
}

/** The error's location, and the text it covers on its line. */
async function located(source: string): Promise<MermaidSyntaxError & { text: string }> {
  const error = locateMermaidError(source, await thrown(source));
  const lines = source.split(/\r\n|\n|\r/);
  const text = error.line === error.endLine ? lines[error.line].slice(error.column, error.endColumn) : `${lines[error.line].slice(error.column)}…`;
  return { ...error, text };
}

const where = (e: MermaidSyntaxError & { text: string }) => [e.line, e.column, e.text];

describe('mermaid-syntax: what Mermaid reports, and where', () => {
  test('flowchart (Jison): an unclosed `[` on the 3rd line: the text after it, at its exact column', async () => {
    const source = 'graph TD\n  A --> B\n  A --> B[unclosed\n  B --> C\n';
    const raw = await thrown(source);
    // Jison's hash.loc is the last token it accepted: 1-based line, 0-based column.
    assert.deepEqual(raw.hash?.loc && [raw.hash.loc.first_line, raw.hash.loc.first_column], [3, 10]);
    const error = await located(source);
    assert.deepEqual([error.line, error.column], [2, 10]);
    assert.equal(error.text, 'unclosed…');
    assert.equal(error.message, "Mermaid syntax error: expected ']', ')))', ')', '])', ']]', '|' or another of 15 tokens, but found the end of the diagram.");
  });

  test('flowchart: a dangling arrow is what is marked', async () => {
    assert.deepEqual(where(await located('flowchart LR\n  A --> B\n  B -->\n')), [2, 4, '-->']);
  });

  test('sequenceDiagram (Jison): a message without text marks its last actor', async () => {
    const error = await located('sequenceDiagram\n  Alice->>Bob: Hi\n  Bob-->Alice\n  Alice->>Bob: ok\n');
    assert.deepEqual(where(error), [2, 8, 'Alice']);
    assert.equal(error.message, 'Mermaid syntax error: expected text, but found a line break.');
  });

  test('sequenceDiagram: an unexpected token is marked itself, on its own line (not the line break before it)', async () => {
    const source = 'sequenceDiagram\n  Alice->>Bob: Hi\n  ->>\n';
    const raw = await thrown(source);
    // The last accepted token is the line break at the end of line 2; the look-ahead `->>` is on line 3.
    assert.equal(raw.hash?.loc?.first_line, 2);
    assert.equal(raw.hash?.text, '->>');
    const error = await located(source);
    assert.deepEqual(where(error), [2, 2, '->>']);
    assert.match(error.message, /but found '->>'\.$/);
  });

  test('a Jison lexer error: no hash.loc, only the line; the column comes from the caret in the message', async () => {
    const source = 'graph TD\n  A --> B\n  A --> C §§ D\n';
    const raw = await thrown(source);
    assert.match(raw.message, /^Lexical error on line 3\. Unrecognized text\./);
    assert.equal(raw.hash?.loc, undefined);
    assert.equal(raw.hash?.line, 2);
    const error = await located(source);
    assert.deepEqual(where(error), [2, 10, '§§']);
    assert.equal(error.message, "Mermaid syntax error: unrecognised text '§§'.");
    assert.deepEqual(where(await located('classDiagram\n  class A\n  A : +x\n  ¤¤¤\n')), [3, 2, '¤¤¤']);
  });

  test('Langium parsers (pie, gitGraph): the lexer error by offset, else the parser error by token', async () => {
    const pie = await located('pie title Pets\n  "Dogs" : 386\n  "Cats" : abc\n');
    assert.deepEqual(where(pie), [2, 11, 'abc']);
    assert.equal(pie.message, "Mermaid syntax error: unexpected character 'a'.");
    const git = await located('gitGraph\n  commit\n  branch dev\n  chekout dev\n');
    assert.deepEqual(where(git), [3, 2, 'chekout']);
    assert.equal(git.message, "Mermaid syntax error: Expecting token of type 'EOF' but found `chekout`.");
  });

  test("Mermaid's own rewrites do not shift the line: blank lines, %% comments, front matter, directives, CRLF", async () => {
    const broken = 'A --> B[unclosed';
    const cases: [string, number][] = [
      [`\n\ngraph TD\n  A --> B\n${broken}\n`, 4],
      [`graph TD\n%% a comment\n  A --> B\n   %% another\n\n${broken}\n`, 5],
      [`---\ntitle: Pipeline\nconfig:\n  theme: dark\n---\ngraph TD\n  A --> B\n${broken}\n`, 7],
      [`%%{init: {"theme": "dark"}}%%\ngraph TD\n  A --> B\n${broken}\n`, 3],
      [`graph TD\r\n  A --> B\r\n${broken}\r\n  B --> C\r\n`, 2],
      [`graph TD\n  A["#quot;quoted#quot;"] --> B\n  style A fill:#fff;\n${broken}\n`, 3],
    ];
    for (const [source, line] of cases) {
      const error = await located(source);
      assert.deepEqual([error.line, error.column, error.text.startsWith('unclosed')], [line, 8, true], JSON.stringify(source));
    }
  });

  test('errors without a place: an unknown diagram type marks its first word; a mindmap with two roots, the first line', async () => {
    const unknown = await located('\ngrph TD\n  A --> B\n');
    assert.deepEqual(where(unknown), [1, 0, 'grph']);
    assert.equal(unknown.message, "Mermaid does not recognise the diagram type 'grph'. Start the block with a diagram type such as graph TD, flowchart LR or sequenceDiagram.");
    const mindmap = await located('mindmap\n  root\n    a\n  b\n');
    assert.deepEqual(where(mindmap), [0, 0, 'mindmap']);
    assert.match(mindmap.message, /^Mermaid: There can be only one root/);
  });

  test('every diagram of the example glossary parses (so the server adds nothing to them)', async () => {
    const { readExampleGlossary } = await import('./support');
    let count = 0;
    for (const [slug, text] of Object.entries(readExampleGlossary())) {
      for (const block of mermaidBlocks(TextDocument.create(`file:///${slug}.md`, 'markdown', 1, text), parseEntry(text, { debrisTags: [] }))) {
        await assert.doesNotReject(mermaid.parse(block.source), slug);
        count++;
      }
    }
    assert.equal(count, 23);
  });
});

describe('mermaid-syntax: from the block to the document', () => {
  const body = '## Heading\n\nProse.\n\n```mermaid\ngraph TD\n  A --> B\n  A --> B[unclosed\n```\n\n```js\nx\n```\n\n```mermaid\n\n```\n\n~~~mermaid\nsequenceDiagram\n';
  const text = entryText({ title: 'Subject', description: GOOD_DESCRIPTION, category: 'C' }, body);
  const document = TextDocument.create('file:///ws/content/glossary/subject.md', 'markdown', 1, text);
  const entry = parseEntry(text, { debrisTags: [] });

  test('only closed mermaid fences with content are checked', () => {
    const blocks = mermaidBlocks(document, entry);
    assert.equal(blocks.length, 1);
    assert.equal(blocks[0].source, 'graph TD\n  A --> B\n  A --> B[unclosed\n');
    assert.deepEqual(blocks[0].openRange, { start: { line: 9, character: 0 }, end: { line: 9, character: 10 } });
    assert.equal(blocks[0].contentLine, 10);
  });

  test('a block line and column land at the fence content start line + the line, at the same column', () => {
    const [block] = mermaidBlocks(document, entry);
    const range = mermaidErrorRange(block, { line: 2, column: 10, endLine: 2, endColumn: 18 });
    assert.deepEqual(range, { start: { line: 12, character: 10 }, end: { line: 12, character: 18 } });
    assert.equal(document.getText(range), 'unclosed');
  });

  test('the Jison rule, without Mermaid: hash.loc.first_line - 1 lines below the fence, at hash.loc.first_column', () => {
    const source = 'graph TD\n  A --> B\n  A --> B[unclosed\n';
    const raw: RawMermaidError = {
      name: 'Error',
      message: "Parse error on line 4:\n...\n---^\nExpecting 'SQE', 'PE', got '1'",
      hash: { text: '', token: 1, line: 3, loc: { first_line: 3, first_column: 10, last_line: 4, last_column: 0 } },
    };
    const error = locateMermaidError(source, raw);
    assert.deepEqual([error.line, error.column, error.endLine, error.endColumn], [2, 10, 2, 18]);
    assert.equal(error.message, "Mermaid syntax error: expected ']', ')', but found the end of the diagram.");
  });

  test('the diagnostic: code, source, severity from the settings, none when off', () => {
    const [block] = mermaidBlocks(document, entry);
    const error = { message: 'Mermaid syntax error: x.', line: 2, column: 10, endLine: 2, endColumn: 18 };
    const diagnostic = mermaidSyntaxDiagnostic(block, { kind: 'error', error }, DEFAULT_SETTINGS);
    assert.deepEqual(diagnostic, {
      range: { start: { line: 12, character: 10 }, end: { line: 12, character: 18 } },
      severity: DiagnosticSeverity.Error,
      code: 'mermaid-syntax',
      source: 'glossary',
      codeDescription: codeDescription('mermaid-syntax'),
      message: 'Mermaid syntax error: x.',
    });
    assert.equal(mermaidSyntaxDiagnostic(block, { kind: 'error', error }, settingsWith({ severity: { 'mermaid-syntax': 'warning' } }))?.severity, DiagnosticSeverity.Warning);
    assert.equal(mermaidSyntaxDiagnostic(block, { kind: 'error', error }, settingsWith({ severity: { 'mermaid-syntax': 'off' } })), undefined);
    assert.equal(mermaidSyntaxDiagnostic(block, { kind: 'ok' }, DEFAULT_SETTINGS), undefined);
  });

  test('a timeout and an oversized block are reported on the opening fence', () => {
    const [block] = mermaidBlocks(document, entry);
    const fence = { start: { line: 9, character: 0 }, end: { line: 9, character: 10 } };
    const timeout = mermaidSyntaxDiagnostic(block, { kind: 'timeout', milliseconds: 5000 }, DEFAULT_SETTINGS)!;
    assert.deepEqual(timeout.range, fence);
    assert.equal(timeout.message, 'Mermaid took too long to parse this diagram (more than 5 s), so it was not checked. Simplify or split it.');
    const oversized = mermaidSyntaxDiagnostic(block, { kind: 'oversized', characters: MAX_MERMAID_CHARACTERS + 1 }, DEFAULT_SETTINGS)!;
    assert.deepEqual(oversized.range, fence);
    assert.equal(oversized.message, 'This diagram is 50,001 characters long; Mermaid draws at most 50,000 (its maxTextSize), so it was not checked and will not render. Split it into smaller diagrams.');
  });
});
