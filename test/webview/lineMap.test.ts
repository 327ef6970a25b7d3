/**
 * Mapping Mermaid's error lines (counted in the text Mermaid parses, after it drops frontmatter,
 * directives, comment lines and leading blank lines) back to the block's source lines. Pure
 * functions: no browser needed.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsedLineOrigins } from '../../server/src/core/features/mermaidParserInput';
import { errorLine, sourceLineOf } from '../../client/src/webview/lineMap';

describe('lineMap', () => {
  test('plain source maps line to line', () => {
    assert.deepEqual(parsedLineOrigins('graph TD\nA --> B\nB --> C'), [0, 1, 2]);
    assert.equal(sourceLineOf('graph TD\nA --> B\nB --> C', 3), 2);
  });

  test('frontmatter lines are skipped', () => {
    const source = '---\ntitle: Flow\nconfig:\n  theme: dark\n---\ngraph TD\nA --> B -->';
    assert.equal(sourceLineOf(source, 1), 5);
    assert.equal(sourceLineOf(source, 2), 6);
  });

  test('comment lines, blank lines before them and leading blank lines are skipped', () => {
    const source = '\n\ngraph TD\n%% a comment\n\n%% another\nA --> B\n   %% indented comment\nB --> C -->';
    const origins = parsedLineOrigins(source);
    assert.equal(origins[0], 2, 'graph TD');
    assert.equal(sourceLineOf(source, 2), 6, 'A --> B');
    assert.equal(sourceLineOf(source, 3), 8, 'B --> C -->');
  });

  test('a directive spanning lines joins them; a one-line directive keeps its (empty) line', () => {
    const multi = '%%{init: {\n  "theme": "dark"\n}}%%\ngraph TD\nA --> B\nB -->';
    // Mermaid removes the directive, then the blank line it leaves at the top.
    assert.equal(sourceLineOf(multi, 1), 3, 'graph TD');
    assert.equal(sourceLineOf(multi, 3), 5, 'B -->');
    const single = 'sequenceDiagram\n%%{init: {"wrap": true}}%%\nAlice->>Bob: Hello\nBob->>: Hi';
    assert.equal(sourceLineOf(single, 4), 3);
  });

  test('CRLF counts once; a lone CR ends a line, as in the editor', () => {
    assert.equal(sourceLineOf('graph TD\r\nA --> B\r\nB -->', 3), 2);
    assert.equal(sourceLineOf('graph TD\rA --> B\nB -->', 3), 2);
  });

  test('out-of-range lines clamp to the source', () => {
    assert.equal(sourceLineOf('graph TD\nA -->', 9), 1);
    assert.equal(sourceLineOf('graph TD\nA -->', 0), 0);
  });

  test('errorLine reads jison locations, langium-style messages and lexer hashes', () => {
    assert.equal(errorLine({ hash: { loc: { first_line: 4 } }, message: 'Parse error on line 5:' }), 4);
    assert.equal(errorLine(new Error('Parse error on line 3:\n...')), 3);
    assert.equal(errorLine(new Error('Parsing failed: Lexer error on line 2, column 6: unexpected character')), 2);
    assert.equal(errorLine({ hash: { line: 6 } }), 7);
    assert.equal(errorLine(new Error('No diagram type detected')), undefined);
  });
});
