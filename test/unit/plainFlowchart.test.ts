/**
 * The flowcharts recognized without Mermaid (core/features/plainFlowchart.ts): Mermaid itself must
 * accept every one of them, or the check would miss an error. Generated ones (with the ids, labels
 * and punctuation that trip Mermaid's lexer among them) and the example glossaries' and the seed's
 * diagrams are parsed with the engine the worker runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isPlainFlowchart } from '../../server/src/core/features/plainFlowchart';
import { diagramText } from './diagramLines';
import { bundledMermaidAccepts, mermaidBlocksIn } from './mermaidBundle';
import { readSeed } from './support';

const mermaidAccepts = bundledMermaidAccepts();

/** Mostly what a plain flowchart holds; now and then what trips Mermaid's lexer, or may. */
const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) => fc.oneof({ weight: 12, arbitrary: good }, { weight: 1, arbitrary: bad });
const id = mostly(
  fc.constantFrom('A', 'B', 'C', 'N12', 'Node_1', 'b2', 'Z', 'Step', 'O', 'X', 'Ox', 'Xo', 'Start', 'done', 'Q'),
  fc.constantFrom('end', 'End', 'endpoint', 'o', 'oB', 'x', 'xB', 'graph', 'style', 'class', 'subgraph', 'TD', 'LR', 'default', 'click', 'call', 'href', 'direction'),
);
const labelWord = mostly(
  fc.constantFrom('Pre-Training', 'Large', 'Scale', 'Data', 'end', 'graph', 'style', 'A/B', 'v2.0', "Model's", 'x+y', 'snake_case', 'GPT-4', '3D', 'one,', 'o', 'x', 'class', 'subgraph', 'Node', 'done.'),
  fc.constantFrom('(bad)', 'a"b', 'a|b', '#1', '&amp;', 'é', 'DALL·E', 'a:b', 'a;b', '[x]', '{y}', '<b>'),
);
const label = fc.array(labelWord, { minLength: 1, maxLength: 4 }).map((words) => words.join(' '));
const shape = mostly(fc.constantFrom('[]', '()', '{}', '(())', '([])', '[[]]', '[()]', '{{}}'), fc.constantFrom('[)', '(]', '>]', '[//]', '((()))', '{]', '[]]', '(-)'));
const node = fc.oneof(id, fc.tuple(id, shape, label).map(([name, brackets, text]) => `${name}${brackets.slice(0, brackets.length >> 1)}${text}${brackets.slice(brackets.length >> 1)}`));
const arrow = mostly(fc.oneof(fc.constantFrom('-->', '---', '==>', '-.->'), label.map((text) => `-->|${text}|`)), fc.constantFrom('--o', '<-->', '->', '--x', '-- text -->'));
const edge = fc.tuple(node, fc.array(fc.tuple(arrow, node), { minLength: 0, maxLength: 3 }), mostly(fc.constant(' '), fc.constantFrom('', '  '))).map(([first, rest, gap]) => first + rest.map(([a, n]) => `${gap}${a}${gap}${n}`).join(''));
const style = fc.tuple(id, mostly(fc.constantFrom('fill:#3498db,stroke:#333', 'fill:#f9f', 'stroke-width:2px', 'color:red', 'fill:#3498db,stroke:#333,stroke-width:4px'), fc.constantFrom('fill: #fff', 'fill:url(x)', ''))).map(([name, props]) => `style ${name} ${props}`);
/** `classDef name styles` and `class ids name`, with the names and spacing that trip Mermaid now and then. */
const className = mostly(fc.constantFrom('hot', 'cold', 'big', 'Accent', 'step_2'), fc.constantFrom('end', 'default', 'class', 'o', 'x1', 'graph', 'style', '2x'));
const classDefinition = fc.tuple(mostly(fc.constant('classDef '), fc.constantFrom('classdef ', 'classDef', 'classDef  ')), className, mostly(fc.constantFrom(' fill:#f96,stroke:#333', ' fill:#f9f', ' stroke-width:4px', ' color:red,font-size:12px'), fc.constantFrom('', ' fill: #f96', ' fill:#f96;', ' fill:url(x)')))
  .map(([keyword, name, styles]) => `${keyword}${name}${styles}`);
const classAssignment = fc.tuple(mostly(fc.constant('class '), fc.constantFrom('Class ', 'class  ', 'classes ')), fc.array(id, { minLength: 1, maxLength: 3 }), mostly(fc.constant(','), fc.constantFrom(', ', ' ')), className, mostly(fc.constant(''), fc.constantFrom(';', ' extra', ' ')))
  .map(([keyword, ids, comma, name, tail]) => `${keyword}${ids.join(comma)} ${name}${tail}`);
/** A subgraph block: mostly closed, and now and then named as a node is, left open, or holding another. */
const subgraphName = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('Detail', 'Pipeline', 'Stage_2', 'Group', 'Inner', 'S') }, { weight: 1, arbitrary: id });
const subgraphOpening = fc.tuple(mostly(fc.constant('subgraph '), fc.constantFrom('Subgraph ', 'subgraph  ', 'subgraph')), subgraphName, fc.option(label, { nil: undefined }))
  .map(([keyword, name, title]) => `${keyword}${name}${title === undefined ? '' : `[${title}]`}`);
const subgraphEnd = mostly(fc.constant('end'), fc.constantFrom('', 'End', 'end end', 'end;'));
const blockLine = fc.oneof({ weight: 6, arbitrary: edge }, { weight: 1, arbitrary: mostly(fc.constantFrom('direction LR', 'direction TB'), fc.constantFrom('direction', 'direction XY')) }, { weight: 1, arbitrary: fc.constantFrom('', '%% inside') });
const innerBlock = fc.tuple(subgraphOpening, fc.array(blockLine, { maxLength: 3 }), subgraphEnd).map(([opening, lines, end]) => [opening, ...lines, end].join('\n'));
const subgraph = fc.tuple(subgraphOpening, fc.array(fc.oneof({ weight: 4, arbitrary: blockLine }, { weight: 1, arbitrary: innerBlock }), { maxLength: 4 }), subgraphEnd)
  .map(([opening, lines, end]) => [opening, ...lines, end].join('\n'));
const line = fc.oneof(
  { weight: 12, arbitrary: edge },
  { weight: 4, arbitrary: style },
  { weight: 2, arbitrary: fc.constantFrom('', '%% a comment') },
  { weight: 6, arbitrary: subgraph },
  { weight: 2, arbitrary: classDefinition },
  { weight: 2, arbitrary: classAssignment },
  { weight: 1, arbitrary: fc.constantFrom('%%{init: {"theme": "dark"}}%%', 'subgraph One', 'end', 'direction LR', 'classDef big font-size:20px', 'A --> B;') },
);
const header = mostly(fc.constantFrom('graph TD', 'graph LR', 'flowchart TB', 'flowchart RL', 'graph BT'), fc.constantFrom('graph', 'flowchart-elk TD', 'graph td'));
const flowchart = diagramText(header, line, 8);

test('every generated flowchart read as plain is one Mermaid accepts', async () => {
  let plain = 0;
  let total = 0;
  let withSubgraph = 0;
  let withShapes = 0;
  let withClasses = 0;
  await fc.assert(
    fc.asyncProperty(flowchart, async (source) => {
      total++;
      if (!isPlainFlowchart(source)) return;
      plain++;
      if (/^\s*subgraph /m.test(source)) withSubgraph++;
      if (/[A-Za-z0-9_][({]|\[[[(]/.test(source)) withShapes++;
      if (/^\s*class(?:Def)? /m.test(source)) withClasses++;
      assert.equal(await mermaidAccepts(source), true, source);
    }),
    { seed: 20261206, numRuns: 3000 },
  );
  // Not vacuous: a good share of them are read as plain.
  assert.ok(plain > total / 10, `${plain} of ${total} read as plain`);
  assert.ok(withSubgraph > 50 && withShapes > 100 && withClasses > 30, `of those read as plain, ${withSubgraph} with a subgraph, ${withShapes} with shapes other than [box], ${withClasses} with classes`);
});

test('the diagrams of the example glossaries and the seed: each read as plain is one Mermaid accepts; the usual ones are', async () => {
  const sources = mermaidBlocksIn(['examples'], [readSeed()]);
  const plain = sources.filter(isPlainFlowchart);
  for (const source of plain) assert.equal(await mermaidAccepts(source), true, source);
  assert.ok(plain.length >= 5, `${plain.length} of ${sources.length} example diagrams read as plain`);
  assert.equal(isPlainFlowchart('graph TD\n  A[Foundation Model] --> B[Pre-Training]\n  A --> C[Architecture]\n  style A fill:#3498db,stroke:#333\n'), true);
  const rich = 'flowchart LR\n  A[Data] --> B{Clean}\n  B -->|yes| C(Train)\n  subgraph Serving[Model serving]\n    direction TB\n    C --> D((Deploy)) --> E[(Store)]\n    subgraph Inner\n      E --> F{{Cache}}\n    end\n  end\n';
  assert.equal(isPlainFlowchart(rich), true);
  assert.equal(await mermaidAccepts(rich), true);
});

test('what Mermaid rejects, or may, is not read as plain', async () => {
  for (const source of [
    'graph TD\n  A[Foo (bar)] --> B\n', 'graph TD\n  end --> B\n', 'graph TD\n  A --> oB\n', 'graph TD\n  A[unclosed --> B\n', 'graph\n  A --> B\n',
    'graph TD\n  A["quoted"] --> B\n', 'graph TD\n  subgraph S\n  A --> B\n', 'graph TD\n  subgraph A\n  A --> B\n  end\n',
    'graph TD\n  A --> B\n  end\n', 'graph TD\n  subgraph S\n  end\n  subgraph S\n  end\n', 'graph TD\n  direction LR\n  A --> B\n', 'graph TD\n  A[x) --> B\n', '%%{init: {}}%%\ngraph TD\n  A --> B\n', 'graph TD\n  A --> B;\n',
    'graph TD\r\n  A --> B\r\n', 'graph TD\n\tA --> B\n', 'sequenceDiagram\n  A->>B: hi\n', '',
  ]) {
    assert.equal(isPlainFlowchart(source), false, JSON.stringify(source));
  }
});
