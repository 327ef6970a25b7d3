/** `mermaid-outside-fence`: Mermaid diagram text in the body, outside any fence, and its quick fix. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type TextDocumentEdit, type TextEdit } from 'vscode-languageserver-types';
import { parseEntry } from '../../server/src/core/parsing';
import { findMermaidTextRuns, nextHeaderCandidate } from '../../server/src/core/features/mermaidText';
import fc from 'fast-check';
import { brief, codes, diagnose, entryText, Fixture, GOOD_DESCRIPTION, readExampleGlossary, readSeed } from './support';

/** The runs as [first line, last line], 1-based as an editor shows them. */
function runsOf(text: string): [number, number][] {
  return findMermaidTextRuns(text, parseEntry(text, { debrisTags: [] })).map((run) => [run.startLine + 1, run.endLine + 1]);
}

const entry = (body: string) => entryText({ title: 'Subject', description: GOOD_DESCRIPTION, category: 'C' }, body);
/** Line 1 of the body is line 6 of the entry (five frontmatter lines come first). */
const BODY_LINE = 5;

describe('mermaid-outside-fence: finding the runs', () => {
  test('the quick search for header lines finds, from any line start, the line a multiline ^ search finds first', () => {
    const multiline = /^ {0,3}(?:graph|flowchart|sequenceDiagram|classDiagram|stateDiagram|erDiagram|gantt|pie|mindmap|timeline|journey|gitGraph)\b/gm;
    const part = fc.constantFrom('graph', 'flowchart', 'gantt', 'pie', 'gitGraph', 'graphs', 'sequenceDiagram', 'x', ' ', '  ', '    ', '\t', '\n', '\r\n', '\r', '\u2028', '\u2029', 'A --> B', '-');
    fc.assert(fc.property(fc.array(part, { maxLength: 24 }).map((parts) => parts.join('')), (text) => {
      // Every place a line starts for a JavaScript ^ (after any of its line terminators), and the text's start.
      const starts = [0, ...[...text.matchAll(/[\n\r\u2028\u2029]/g)].map((match) => match.index + 1)];
      for (const from of starts) {
        multiline.lastIndex = from;
        const expected = multiline.exec(text)?.index ?? -1;
        assert.equal(nextHeaderCandidate(text, from), expected, `from ${from} in ${JSON.stringify(text)}`);
      }
    }), { seed: 20261207, numRuns: 3000 });
  });

  test('the seed: two runs above its misplaced frontmatter, the first from line 6 (graph TD) to 49 (the last style line)', () => {
    const seed = readSeed();
    const lines = seed.split('\n');
    assert.deepEqual(runsOf(seed), [[6, 49], [77, 103]]);
    assert.equal(lines[5], 'graph TD');
    assert.equal(lines[48], 'style V fill:#16a085,stroke:#333');
    assert.equal(lines[49], 'Core Characteristics');
    assert.equal(lines[76], 'graph TD');
    assert.equal(lines[102], 'style G fill:#34495e,stroke:#333');
    assert.equal(lines[103], '<write_to_file>');
  });

  test('the seed: one diagnostic per run, on its header line, with the lines in its data', async () => {
    const diagnostics = (await diagnose('foundation-model', readSeed())).filter((d) => d.code === 'mermaid-outside-fence');
    assert.deepEqual(brief(diagnostics), [['mermaid-outside-fence', 5, 0, 5, 8], ['mermaid-outside-fence', 76, 0, 76, 8]]);
    assert.deepEqual(diagnostics.map((d) => d.data), [{ startLine: 5, endLine: 48 }, { startLine: 76, endLine: 102 }]);
    assert.deepEqual(diagnostics.map((d) => d.severity), [DiagnosticSeverity.Warning, DiagnosticSeverity.Warning]);
    assert.equal(diagnostics[0].message, 'These 44 lines are Mermaid diagram text outside a ```mermaid fence, so they render as prose. Wrap them in a ```mermaid fence.');
    assert.equal(diagnostics[1].message, 'These 27 lines are Mermaid diagram text outside a ```mermaid fence, so they render as prose. Wrap them in a ```mermaid fence.');
  });

  test('the example foundation-model.md: one run, lines 4–11; its unclosed fence below is code, not a run', () => {
    const examples = readExampleGlossary();
    assert.deepEqual(runsOf(examples['foundation-model']), [[4, 11]]);
  });

  test('no run in the other 20 example entries (their diagrams are fenced)', () => {
    const examples = readExampleGlossary();
    const others = Object.keys(examples).filter((slug) => slug !== 'foundation-model');
    assert.equal(others.length, 20);
    for (const slug of others) assert.deepEqual(runsOf(examples[slug]), [], slug);
  });

  test('no false positives on prose, tables, rules, fenced or indented code', () => {
    const quiet = [
      // Prose that mentions graphs.
      'A knowledge graph TD-style layout is common.\ngraph TD\nis how a flowchart starts; A --> B draws an edge.\n',
      'graph TD\n\nThe line above names a direction. Then prose.\n',
      // A header and a single edge: not enough.
      'graph TD\nA --> B\n\nProse.\n',
      // The line after the header must be an edge or a style line.
      'flowchart LR\nSome words here.\nA --> B\nB --> C\n',
      // Tables and rules are not edges.
      'graph LR\n| a | b |\n|---|---|\n| 1 | 2 |\n',
      'pie\n---\n---\n',
      // Fenced or indented: already code.
      '```mermaid\ngraph TD\nA --> B\nB --> C\n```\n',
      '```\ngraph TD\nA --> B\nB --> C\n```\n',
      '    graph TD\n    A --> B\n    B --> C\n',
      // An unclosed fence runs to the end of the file.
      '```text\nnotes\n\ngraph TD\nA --> B\nB --> C\n',
    ];
    for (const body of quiet) assert.deepEqual(runsOf(entry(body)), [], JSON.stringify(body));
  });

  test('runs: edges of every kind, style and classDef lines, subgraphs, and blank lines inside (not at the end)', () => {
    const body = [
      'Intro prose.',
      'flowchart LR',
      '  A[Start] -.-> B{Choice}',
      '  subgraph Inner',
      '    B ==> C((Done))',
      '  end',
      '',
      '  C --- D',
      '  classDef hot fill:#f96',
      '',
      'Back to prose.',
      'sequenceDiagram',
      '  Alice->>Bob: Hello',
      '  participant Carol',
      '  Bob-->>Alice: Hi',
      '',
      // A header must be followed at once by an edge or style line.
      'sequenceDiagram',
      '  participant Alice',
      '  Alice->>Bob: Hello',
      '  Bob-->>Alice: Hi',
    ].join('\n');
    assert.deepEqual(runsOf(entry(body)), [[BODY_LINE + 2, BODY_LINE + 9], [BODY_LINE + 12, BODY_LINE + 15]]);
  });

  test('line numbers with CRLF and lone CR line ends', () => {
    const crlf = entry('Prose.\ngraph TD\nA --> B\nB --> C\nMore prose.\n').replace(/\n/g, '\r\n');
    assert.deepEqual(runsOf(crlf), [[BODY_LINE + 2, BODY_LINE + 4]]);
    const cr = entry('Prose.\ngraph TD\nA --> B\nB --> C\n').replace(/\n/g, '\r');
    assert.deepEqual(runsOf(cr), [[BODY_LINE + 2, BODY_LINE + 4]]);
  });

  test('the frontmatter is not a run, nor is a misplaced frontmatter block', () => {
    const text = 'graph TD\nA --> B\nB --> C\n---\ntitle: graph TD\ndescription: A --> B\n---\n';
    // The run above the misplaced block stops at its `---`.
    assert.deepEqual(runsOf(text), [[1, 3]]);
  });
});

describe('mermaid-outside-fence: the quick fix', () => {
  test('"Wrap in a ```mermaid fence" fences exactly the run; it is not part of fix-all', async () => {
    const body = 'Prose.\ngraph TD\nA --> B\nB --> C\nstyle A fill:#fff\nMore prose.\n';
    const text = entry(body);
    const fixture = await Fixture.withEntries({ subject: text });
    fixture.open('subject', text);
    const uri = fixture.uri('subject');
    const diagnostics = fixture.diagnostics('subject');
    assert.deepEqual(codes(diagnostics), ['mermaid-outside-fence']);
    const actions = await fixture.service.codeActions(uri, diagnostics);
    assert.deepEqual(actions.map((a) => [a.title, a.isPreferred]), [['Wrap in a ```mermaid fence', true]]);
    const change = actions[0].edit!.documentChanges![0] as TextDocumentEdit;
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), change.edits as TextEdit[]);
    assert.equal(fixed, entry('Prose.\n```mermaid\ngraph TD\nA --> B\nB --> C\nstyle A fill:#fff\n```\nMore prose.\n'));
    fixture.open('subject', fixed);
    assert.deepEqual(fixture.diagnostics('subject'), []);

    const fixAll = await fixture.service.codeActions(uri, [], ['source.fixAll.glossary']);
    fixture.open('subject', text);
    assert.deepEqual(await fixture.service.codeActions(uri, [], ['source.fixAll.glossary']), fixAll);
    assert.deepEqual(fixAll, []);
    assert.deepEqual((await fixture.service.safeFixes(uri))?.edits, []);
  });

  test('with CRLF line ends the fence lines use CRLF too', async () => {
    const text = entry('graph TD\nA --> B\nB --> C\n').replace(/\n/g, '\r\n');
    const fixture = await Fixture.withEntries({ subject: text });
    fixture.open('subject', text);
    const uri = fixture.uri('subject');
    const [action] = await fixture.service.codeActions(uri, fixture.diagnostics('subject'));
    const change = action.edit!.documentChanges![0] as TextDocumentEdit;
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), change.edits as TextEdit[]);
    assert.equal(fixed, entry('```mermaid\ngraph TD\nA --> B\nB --> C\n```\n').replace(/\n/g, '\r\n'));
  });
});
