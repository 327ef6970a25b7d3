/**
 * The ```mermaid injection (syntaxes/mermaid.markdown.tmLanguage.json) and the Mermaid grammar
 * (syntaxes/mermaid.tmLanguage.json), tokenized by vscode-textmate on the seed, example entries and
 * test/grammar/fixtures/showcase.md. Line numbers are 1-based, as in an editor.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { readRepoFile, tokenize, type Tokenized } from './support';

const FENCE = 'markup.fenced_code.block.markdown';
const EMBEDDED = 'meta.embedded.block.mermaid';
const KEYWORD = 'keyword.control.mermaid';
const DIRECTION = 'constant.language.direction.mermaid';
const NODE = 'variable.other.node.mermaid';
const LABEL = 'string.unquoted.label.mermaid';
const QUOTED = 'string.quoted.double.mermaid';
const ARROW = 'keyword.operator.arrow.mermaid';
const COLOUR = 'constant.other.color.rgb-value.hex.mermaid';
const COMMENT = 'comment.line.percentage.mermaid';
const MERMAID = /mermaid/;

describe('the seed (test/fixtures/foundation-model.seed.txt)', () => {
  let seed: Tokenized;
  let fence: number;
  before(async () => {
    seed = await tokenize(readRepoFile('test/fixtures/foundation-model.seed.txt'));
    fence = seed.lineOf('```mermaid');
  });

  test('mermaid-looking text outside a fence is not Mermaid', () => {
    // Lines 6–50 are a whole `graph TD` diagram pasted without a fence, lines 77–103 another.
    assert.equal(seed.lineText(6), 'graph TD');
    assert.equal(seed.lineText(7), 'A[Foundation Model] --> B[Pre-Training]');
    assert.deepEqual(seed.tokensMatching(1, fence - 1, MERMAID), []);
    seed.expectNot(6, 'graph TD', MERMAID);
    seed.expectNot(7, 'A[Foundation Model] --> B[Pre-Training]', MERMAID);
    seed.expectNot(28, 'style A fill:#3498db,stroke:#333', MERMAID);
    seed.expectNot(77, 'graph TD', MERMAID);
  });

  test('the fence line gets the punctuation and language scopes of a Markdown fence', () => {
    assert.equal(fence, 128);
    seed.expect(fence, '```', [FENCE, 'punctuation.definition.markdown']);
    seed.expect(fence, 'mermaid', [FENCE, 'fenced_code.block.language.markdown']);
    seed.expectNot(fence, '```', /embedded/);
  });

  test('the diagram in the fence is Mermaid: keyword, direction, nodes, labels, arrows, styles', () => {
    seed.expect(129, 'graph', [FENCE, EMBEDDED, 'meta.diagram.flowchart.mermaid', KEYWORD]);
    seed.expect(129, 'TD', DIRECTION);
    seed.expect(130, 'A', NODE);
    seed.expect(130, '[', 'punctuation.definition.shape.begin.mermaid');
    seed.expect(130, 'Foundation Model', LABEL);
    seed.expect(130, ']', 'punctuation.definition.shape.end.mermaid');
    seed.expect(130, '-->', ARROW);
    seed.expect(130, 'B', NODE);
    seed.expect(130, 'Pre-Training', LABEL);
    const style = seed.lineOf('style A fill:#3498db,stroke:#333', fence);
    seed.expect(style, 'style', 'storage.type.style.mermaid');
    seed.expect(style, 'A', NODE);
    seed.expect(style, 'fill', 'support.type.property-name.mermaid');
    seed.expect(style, ':', 'punctuation.separator.key-value.mermaid');
    seed.expect(style, '#3498db', COLOUR);
    seed.expect(style, '#', 'punctuation.definition.constant.mermaid');
    seed.expect(style, ',', 'punctuation.separator.comma.mermaid');
    seed.expect(style, '#333', COLOUR);
  });

  test('the fence is never closed, so the rest of the file stays in it (as the unclosed-fence diagnostic says)', () => {
    const last = seed.lines.length;
    assert.equal(seed.lineText(last), '- Foundation Models (arXiv)');
    seed.expect(last, 'arXiv', [FENCE, EMBEDDED]);
  });

  test('the misplaced frontmatter in the seed is not treated as frontmatter', () => {
    assert.equal(seed.lineText(112), 'related:');
    assert.deepEqual(seed.tokensMatching(104, 124, /frontmatter|glossary/), []);
  });
});

describe('example entries', () => {
  test('transformer.md: flowchart, subgraph … end, a second block, prose after each fence', async () => {
    const entry = await tokenize(readRepoFile('examples/glossary/content/glossary/transformer.md'));
    entry.expect(19, '```', 'punctuation.definition.markdown');
    entry.expect(20, 'flowchart', KEYWORD);
    entry.expect(20, 'TD', DIRECTION);
    entry.expect(23, 'subgraph', KEYWORD);
    entry.expect(23, 'Block', 'entity.name.section.subgraph.mermaid');
    entry.expect(23, 'Transformer Block x N', LABEL);
    entry.expect(24, 'Multi-Head Self-Attention', LABEL);
    entry.expect(27, 'end', KEYWORD);
    entry.expect(28, 'C', NODE);
    entry.expect(28, 'D', NODE);
    entry.expect(32, 'style', 'storage.type.style.mermaid');
    entry.expect(32, '#3498db', COLOUR);
    entry.expect(36, '```', [FENCE, 'punctuation.definition.markdown']);
    entry.expectNot(36, '```', /embedded/);
    entry.expectNot(37, 'Self-Attention', MERMAID);
    entry.expect(46, 'graph', KEYWORD);
    entry.expect(47, 'Encoder-Only', LABEL);
    assert.deepEqual(entry.tokensMatching(60, entry.lines.length, MERMAID), []);
  });

  test('gradient-descent.md: graph LR and |text| edge labels', async () => {
    const entry = await tokenize(readRepoFile('examples/glossary/content/glossary/gradient-descent.md'));
    entry.expect(17, 'LR', DIRECTION);
    entry.expect(24, '-->', ARROW);
    entry.expect(24, '|', 'punctuation.definition.label.begin.mermaid');
    entry.expect(24, 'No', LABEL);
    entry.expect(24, '|', 'punctuation.definition.label.end.mermaid', 1);
    entry.expect(25, 'Trained Model', LABEL);
  });

  test('retrieval-augmented-generation.md: sequence diagram participants and messages', async () => {
    const entry = await tokenize(readRepoFile('examples/glossary/content/glossary/retrieval-augmented-generation.md'));
    entry.expect(19, 'sequenceDiagram', [EMBEDDED, KEYWORD]);
    entry.expect(20, 'participant', 'storage.type.participant.mermaid');
    entry.expect(20, 'U', 'variable.other.participant.mermaid');
    entry.expect(20, 'as', 'keyword.other.as.mermaid');
    entry.expect(20, 'User', 'string.unquoted.alias.mermaid');
    entry.expect(23, 'Vector Store', 'string.unquoted.alias.mermaid');
    entry.expect(25, 'U', 'variable.other.participant.mermaid');
    entry.expect(25, '->>', ARROW);
    entry.expect(25, 'A', 'variable.other.participant.mermaid');
    entry.expect(25, ':', 'punctuation.separator.message.mermaid');
    entry.expect(25, 'Ask question', 'string.unquoted.message.mermaid');
    entry.expect(28, '-->>', ARROW);
    entry.expect(28, 'Top-k chunks', 'string.unquoted.message.mermaid');
    entry.expect(43, 'graph', KEYWORD);
  });
});

describe('showcase (test/grammar/fixtures/showcase.md)', () => {
  let doc: Tokenized;
  before(async () => {
    doc = await tokenize(readRepoFile('test/grammar/fixtures/showcase.md'));
  });

  test('prose that looks like mermaid is not mermaid', () => {
    doc.expectNot(11, 'graph TD with A --> B', MERMAID);
  });

  test('%%{init}%% directives and %% comments', () => {
    doc.expect(14, '%%', 'punctuation.definition.directive.begin.mermaid');
    doc.expect(14, 'init', ['meta.directive.mermaid', 'keyword.other.directive.mermaid']);
    doc.expect(14, '"theme"', 'support.type.property-name.mermaid');
    doc.expect(14, '"forest"', QUOTED);
    doc.expect(14, "'flowchart'", 'support.type.property-name.mermaid');
    doc.expect(14, '%%', 'punctuation.definition.directive.end.mermaid', 1);
    doc.expect(15, '%% A comment line', COMMENT);
    doc.expect(15, '%%', 'punctuation.definition.comment.mermaid');
  });

  test('node shapes and labels', () => {
    doc.expect(17, '((', 'punctuation.definition.shape.begin.mermaid');
    doc.expect(17, 'Circle', LABEL);
    doc.expect(17, '[[', 'punctuation.definition.shape.begin.mermaid');
    doc.expect(17, ']]', 'punctuation.definition.shape.end.mermaid');
    doc.expect(18, '>', 'punctuation.definition.shape.begin.mermaid', 1);
    doc.expect(18, 'Asymmetric', LABEL);
    doc.expect(19, '{{', 'punctuation.definition.shape.begin.mermaid');
    doc.expect(19, 'Hexagon', LABEL);
    doc.expect(20, '"Quoted (label)"', QUOTED);
    doc.expect(21, 'Rhombus', LABEL);
    doc.expect(22, '([', 'punctuation.definition.shape.begin.mermaid');
    doc.expect(22, '[(', 'punctuation.definition.shape.begin.mermaid');
    doc.expect(24, '[/', 'punctuation.definition.shape.begin.mermaid');
    doc.expect(24, ':::', 'punctuation.separator.class.mermaid');
    doc.expect(24, 'warm', 'entity.name.type.class.mermaid');
    doc.expect(25, 'J', NODE);
    doc.expect(25, 'shape', 'support.type.property-name.mermaid');
    doc.expect(25, '"New syntax"', QUOTED);
  });

  test('arrows and edge labels', () => {
    doc.expect(17, '-.->', ARROW);
    doc.expect(18, '==>', ARROW);
    doc.expect(19, '--', ARROW);
    doc.expect(19, 'text', LABEL);
    doc.expect(19, '-->', ARROW);
    doc.expect(20, '"quoted edge"', QUOTED);
    doc.expect(21, '<-->', ARROW);
    doc.expect(22, '--o', ARROW);
    doc.expect(22, '--x', ARROW);
    doc.expect(23, 'spaced text', LABEL);
    doc.expect(23, '---', ARROW);
    doc.expect(24, '&', 'keyword.operator.ampersand.mermaid');
  });

  test('subgraph, direction and end', () => {
    doc.expect(26, 'subgraph', KEYWORD);
    doc.expect(26, 'Outer', 'entity.name.section.subgraph.mermaid');
    doc.expect(26, 'Outer Title', LABEL);
    doc.expect(27, 'direction', KEYWORD);
    doc.expect(27, 'TB', DIRECTION);
    doc.expect(29, 'end', KEYWORD);
    doc.expect(30, '"Quoted title"', QUOTED);
  });

  test('classDef, class, linkStyle, click and style statements', () => {
    doc.expect(33, 'classDef', 'storage.type.class-def.mermaid');
    doc.expect(33, 'warm', 'entity.name.type.class.mermaid');
    doc.expect(33, '#f96', COLOUR);
    doc.expect(33, '2', 'constant.numeric.mermaid');
    doc.expect(33, 'px', 'keyword.other.unit.mermaid');
    doc.expect(33, 'rgb', 'support.function.color.mermaid');
    doc.expect(34, 'class', 'storage.type.class.mermaid');
    doc.expect(34, 'A', NODE);
    doc.expect(34, 'warm', 'entity.name.type.class.mermaid');
    doc.expect(35, 'linkStyle', 'storage.type.link-style.mermaid');
    doc.expect(35, '0', 'constant.numeric.mermaid');
    doc.expect(36, 'click', 'keyword.other.click.mermaid');
    doc.expect(36, 'href', 'keyword.other.click.mermaid');
    doc.expect(36, 'https://example.com/glossary', 'markup.underline.link.mermaid');
    doc.expect(36, '_blank', 'constant.language.target.mermaid');
    doc.expect(38, 'style', 'storage.type.style.mermaid');
  });

  test('a ~~~mermaid fence and a sequence diagram', () => {
    doc.expect(41, '~~~', 'punctuation.definition.markdown');
    doc.expect(41, 'mermaid', 'fenced_code.block.language.markdown');
    doc.expect(42, 'sequenceDiagram', KEYWORD);
    doc.expect(46, '->>', ARROW);
    doc.expect(46, '+', 'keyword.operator.activation.mermaid');
    doc.expect(48, '-x', ARROW);
    doc.expect(49, 'Note', 'keyword.other.note.mermaid');
    doc.expect(50, 'loop', KEYWORD);
    doc.expect(51, '-)', ARROW);
    doc.expect(52, 'end', KEYWORD);
    doc.expect(53, '~~~', [FENCE, 'punctuation.definition.markdown']);
  });

  test('a ```mermaid line inside another code block stays that block\'s text', () => {
    doc.expect(56, '```mermaid', FENCE);
    doc.expectNot(56, '```mermaid', /mermaid\b(?!.*markdown)|embedded|punctuation/);
    assert.deepEqual(doc.tokensMatching(56, 59, /\.mermaid$/), []);
  });

  test('every other diagram type is recognised', () => {
    for (const [line, keyword] of [
      [63, 'classDiagram'], [73, 'stateDiagram-v2'], [83, 'erDiagram'], [91, 'gantt'], [100, 'pie'],
      [107, 'mindmap'], [115, 'timeline'], [122, 'journey'], [129, 'gitGraph'],
    ] as const) {
      doc.expect(line, keyword, [EMBEDDED, KEYWORD]);
    }
    doc.expect(68, '<|--', ARROW);
    doc.expect(74, '[*]', 'constant.language.start-end.mermaid');
    doc.expect(84, '||--o{', ARROW);
    doc.expect(95, '2024-01-06', 'constant.numeric.date.mermaid');
    doc.expect(102, '386', 'constant.numeric.mermaid');
    doc.expect(108, 'Glossary', LABEL);
    doc.expect(118, 'Facebook', 'string.unquoted.event.mermaid');
    doc.expect(125, 'Cat', 'variable.other.actor.mermaid');
    doc.expect(133, 'HIGHLIGHT', 'constant.language.commit-type.mermaid');
    assert.deepEqual(doc.tokensMatching(138, 140, MERMAID), []);
  });
});

describe('fence edge cases', () => {
  test('a longer closing fence closes the block; a shorter one does not', async () => {
    const doc = await tokenize('````mermaid\ngraph TD\nA --> B\n```\nC --> D\n`````\nafter');
    doc.expect(3, '-->', [EMBEDDED, ARROW]);
    // Like VS Code's own fences, a shorter fence line ends the embedded language but not the block.
    doc.expect(4, '```', FENCE);
    doc.expectNot(4, '```', /punctuation/);
    doc.expect(5, 'C --> D', FENCE);
    doc.expect(6, '`````', [FENCE, 'punctuation.definition.markdown']);
    doc.expectNot(7, 'after', /fenced_code|mermaid/);
  });

  test('an indented fence in a list item, with attributes after the language, in upper case', async () => {
    const doc = await tokenize('- item\n\n  ```MERMAID {theme: dark}\n  graph LR\n  A --> B\n  ```\n');
    doc.expect(3, 'MERMAID', 'fenced_code.block.language.markdown');
    doc.expect(3, ' {theme: dark}', 'fenced_code.block.language.attributes.markdown');
    doc.expect(4, 'graph', KEYWORD);
    doc.expect(5, '-->', ARROW);
    doc.expect(6, '```', 'punctuation.definition.markdown');
  });

  test('inline code and other languages are not Mermaid', async () => {
    const doc = await tokenize('Text with ```mermaid``` inline.\n\n```mermaidx\ngraph TD\n```\n\n```text\ngraph TD\n```\n');
    assert.deepEqual(doc.tokensMatching(1, doc.lines.length, MERMAID), []);
  });
});
