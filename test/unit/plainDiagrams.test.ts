/**
 * The sequence, state and class diagrams recognized without Mermaid (core/features/plainDiagrams.ts):
 * Mermaid itself must accept every one of them, or the check would miss an error. Generated ones
 * (with the names, arrows and text that trip Mermaid's lexer among them) and the example
 * glossaries' and the seed's diagrams are parsed with the engine the worker runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isPlainClass, isPlainDiagram, isPlainSequence, isPlainState } from '../../server/src/core/features/plainDiagrams';
import { diagramText, INDENT } from './diagramLines';
import { bundledMermaidAccepts, mermaidBlocksIn } from './mermaidBundle';
import { readSeed } from './support';

const mermaidAccepts = bundledMermaidAccepts();

/** Mostly what a plain sequence diagram holds; now and then what trips Mermaid's lexer, or may. */
const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) => fc.oneof({ weight: 10, arbitrary: good }, { weight: 1, arbitrary: bad });
const name = mostly(
  fc.constantFrom('User', 'Client', 'Model', 'A', 'B', 'Bob', 'Store_2', 'x', 'o', 'Endpoint', 'Optimizer', 'Parser', 'Notes', 'Assistant', 'Alternative', 'Boxer', 'Ending', 'Left', 'Overseer'),
  fc.constantFrom('end', 'End', 'opt', 'par', 'and', 'Note', 'note', 'alt', 'rect', 'over', 'Box', 'links', 'Title', 'break', 'critical', 'actor', 'participant', 'else', 'loop', 'activate', 'autonumber', 'create', 'destroy', 'option', 'details', 'as', 'left', 'of', 'A-B', 'A B', '1A', 'é'),
);
const word = mostly(
  fc.constantFrom('Sends', 'the', 'query', 'end', 'loop', 'note', 'v2.0', "model's", '(cached)', 'A/B', 'x+y', 'snake_case', 'GPT-4', '3D', 'one,', 'done.', 'as', 'over'),
  fc.constantFrom('a;b', '#35', 'a:b', '<br>', '"q"', '&amp;', 'é', '{x}', '[y]', '%%', 'a|b', 'wrap:'),
);
const text = fc.array(word, { minLength: 1, maxLength: 4 }).map((words) => words.join(' '));
const arrow = mostly(fc.constantFrom('->>', '-->>', '->', '-->'), fc.constantFrom('-x', '--x', '-)', '->>+', '-->>-', '<<->>', '=>', '>>'));
const gap = mostly(fc.constant(''), fc.constantFrom(' ', '  '));
const message = fc.tuple(name, gap, arrow, gap, name, mostly(fc.constantFrom(': ', ':'), fc.constantFrom('', ' : ', '::')), text)
  .map(([from, before, signal, after, to, colon, said]) => `${from}${before}${signal}${after}${to}${colon}${said}`);
const declaration = fc.tuple(mostly(fc.constantFrom('participant', 'actor'), fc.constantFrom('Participant', 'participants', 'actors')), name, fc.option(text, { nil: undefined }))
  .map(([keyword, who, alias]) => `${keyword} ${who}${alias === undefined ? '' : ` as ${alias}`}`);
const note = fc.tuple(mostly(fc.constantFrom('Note', 'note'), fc.constantFrom('NOTE', 'Notes')), mostly(fc.constantFrom('left of', 'right of', 'over'), fc.constantFrom('above', 'over of', 'left')), name, fc.option(name, { nil: undefined }), text)
  .map(([keyword, where, first, second, said]) => `${keyword} ${where} ${first}${second === undefined ? '' : `,${second}`}: ${said}`);
const blockText = mostly(text, fc.constantFrom('', ' ', 'a;b', '#1'));
/** What may go on a block (`else` of `alt`…): mostly the one its block takes, now and then another. */
const continuation = (kind: string) => mostly(fc.constant({ alt: 'else', par: 'and', critical: 'option' }[kind] ?? 'else'), fc.constantFrom('else', 'and', 'option', 'Else'));
const blockKind = mostly(fc.constantFrom('loop', 'opt', 'break', 'alt', 'par', 'critical'), fc.constantFrom('Loop', 'rect', 'box', 'else', 'and', 'option', 'end'));
const blockOf = (inner: fc.Arbitrary<string>) => fc.tuple(blockKind, blockText, fc.array(inner, { maxLength: 3 }), fc.option(fc.tuple(blockText, fc.array(inner, { maxLength: 2 })), { nil: undefined }), mostly(fc.constant('end'), fc.constantFrom('', 'End', 'end end', 'end;')))
  .chain(([kind, said, lines, more, end]) => (more === undefined ? fc.constant([`${kind} ${said}`, ...lines, end].join('\n')) : continuation(kind).map((goOn) => [`${kind} ${said}`, ...lines, `${goOn} ${more[0]}`, ...more[1], end].join('\n'))));
/** Inside blocks, mostly messages without a trap, so that the blocks themselves decide. */
const plainMessage = fc.tuple(fc.constantFrom('User', 'Model', 'Store_2'), fc.constantFrom('->>', '-->>'), fc.constantFrom('Client', 'Parser'), fc.constantFrom('Sends the query', "model's v2.0", 'done.'))
  .map(([from, signal, to, said]) => `${from}${signal}${to}: ${said}`);
const blockLine = fc.oneof({ weight: 6, arbitrary: plainMessage }, { weight: 2, arbitrary: message }, { weight: 1, arbitrary: note });
const block = blockOf(fc.oneof({ weight: 4, arbitrary: blockLine }, { weight: 1, arbitrary: blockOf(blockLine) }));
const line = fc.oneof(
  { weight: 10, arbitrary: message },
  { weight: 3, arbitrary: declaration },
  { weight: 2, arbitrary: note },
  { weight: 2, arbitrary: block },
  { weight: 2, arbitrary: fc.constantFrom('', '%% a comment') },
  { weight: 1, arbitrary: fc.constantFrom('%%{init: {"theme": "dark"}}%%', 'loop Every minute', 'end', 'autonumber', 'activate A', 'A->>B: x; B->>A: y', 'title: Flow') },
  { weight: 1, arbitrary: fc.constantFrom('autonumber', 'autonumber 10', 'autonumber off', 'Autonumber') },
);
const header = mostly(fc.constant('sequenceDiagram'), fc.constantFrom('sequencediagram', 'sequenceDiagram TD', 'graph TD'));
const sequence = diagramText(header, line, 8);
/** Blocks among messages without a trap: what decides is how the blocks are opened, gone on and closed. */
const sequenceOfBlocks = fc.array(fc.tuple(INDENT, fc.oneof({ weight: 3, arbitrary: block }, { weight: 2, arbitrary: plainMessage }, { weight: 1, arbitrary: fc.constantFrom('end', 'else x', 'loop x') })), { minLength: 1, maxLength: 5 })
  .map((lines) => `sequenceDiagram\n${lines.map(([pad, text]) => pad + text).join('\n')}\n`);

const stateName = mostly(
  fc.constantFrom('Idle', 'Training', 'Serving', 'A', 'B', 'x', 'o', 'States', 'Stateful', 'Noted', 'Classy', 'Ending', 'Start', 'end_x', '[*]'),
  fc.constantFrom('state', 'State', 'note', 'Note', 'class', 'classDef', 'style', 'default', 'click', 'stateDiagram', 'end', 'as', 'direction', 'fork', 'A-B', 'A B', '1A', 'é', '[ * ]', '*'),
);
const transitionArrow = mostly(fc.constantFrom(' --> ', '-->'), fc.constantFrom('->', ' -> ', '--', '==>', ' -->> ', '  -->  '));
const transition = fc.tuple(stateName, transitionArrow, stateName, fc.option(fc.tuple(mostly(fc.constantFrom(': ', ' : ', ':'), fc.constantFrom('', '::', ' :: ')), text), { nil: undefined }))
  .map(([from, signal, to, label]) => `${from}${signal}${to}${label === undefined ? '' : label.join('')}`);
const stateNote = fc.tuple(mostly(fc.constantFrom('note left of ', 'note right of '), fc.constantFrom('note over ', 'Note right of ', 'note right ', 'note of ')), stateName, mostly(fc.constantFrom(': ', ' : ', ':'), fc.constantFrom('', ' ', '::')), text)
  .map(([where, who, colon, said]) => `${where}${who}${colon}${said}`);
const stateLine = fc.oneof(
  { weight: 12, arbitrary: transition },
  { weight: 3, arbitrary: stateNote },
  { weight: 2, arbitrary: fc.constantFrom('', '%% a comment') },
  { weight: 1, arbitrary: fc.constantFrom('%%{init: {"theme": "dark"}}%%', 'state Busy {', '}', 'note right of Idle: x', 'state "Long name" as L', 'Idle --> Busy: x\nBusy', '[*] --> A: ', 'classDef hot fill:red', 'A --> B: x; y') },
);
const stateHeader = mostly(fc.constantFrom('stateDiagram-v2', 'stateDiagram'), fc.constantFrom('statediagram', 'stateDiagram-v3', 'stateDiagram-v2 TD', 'sequenceDiagram'));
const state = diagramText(stateHeader, stateLine, 8);

const className = mostly(
  fc.constantFrom('Matching', 'Metric', 'A', 'B', 'x', 'o', 'Model_2', 'Classy', 'Noted', 'Ending', 'Linker', 'Styled', 'Directional', 'Service', 'Interface', 'Namespaces', 'Clicker', 'Former'),
  fc.constantFrom('class', 'Class', 'note', 'Note', 'namespace', 'style', 'classDef', 'cssClass', 'callback', 'link', 'click', 'direction', 'end', 'for', 'A-B', 'A B', '1A', 'é', 'A<T>', 'A~T~', 'classDiagram'),
);
const memberLine = mostly(
  fc.tuple(fc.constantFrom('', '+', '-', '#', '~'), className, fc.constantFrom('', '()'), fc.option(fc.tuple(fc.constantFrom(': ', ':', ' : '), className), { nil: undefined }))
    .map(([visibility, member, call, type]) => `${visibility}${member}${call}${type === undefined ? '' : type.join('')}`),
  fc.constantFrom('+x: List~int~', '+f(a, b)', '+g()$', '+h()*', '{', '}}', '+a: {b}', '<<interface>>', '<<Interface>>', '<<my thing>>', '<<abstract>> A', 'class B {', '%% inside', '+x: int; y'),
);
const annotationOf = mostly(fc.constantFrom('<<interface>> ', '<<abstract>> ', '<<enumeration>> ', '<<service>> '), fc.constantFrom('<<interface>>', '<<Interface>> ', '<<my thing>> ', '<<>> ', '<interface> '));
/** A class, with or without a body, now and then annotated on the next line. */
const classBlock = fc.tuple(mostly(fc.constantFrom('class '), fc.constantFrom('Class ', 'class  ', 'classes ')), className, fc.constantFrom(' {', '{', ''), fc.array(fc.tuple(INDENT, memberLine), { maxLength: 4 }), mostly(fc.constant('}'), fc.constantFrom('', '} }', '};', '}x')), fc.option(annotationOf, { nil: undefined, freq: 2 }))
  .map(([keyword, who, open, members, close, annotated]) => [...(open ? [`${keyword}${who}${open}`, ...members.map(([pad, text]) => pad + text), close] : [`${keyword}${who}`]), ...(annotated === undefined ? [] : [`${annotated}${who}`])].join('\n'));
const relationArrow = mostly(fc.constantFrom('<|--', '--|>', '-->', '<--', '--', '..>', '<..', '..|>', '<|..', '..', '*--', '--*', 'o--', '--o'), fc.constantFrom('->', '<|-', '===', '-.->', '--x', '<|--|>', '..>>', '"1" --> "*"'));
const relation = fc.tuple(className, relationArrow, className, fc.option(fc.tuple(mostly(fc.constantFrom(' : ', ': ', ':'), fc.constantFrom('', '::', ' :: ')), text), { nil: undefined }))
  .map(([from, signal, to, label]) => `${from} ${signal} ${to}${label === undefined ? '' : label.join('')}`);
const annotation = fc.tuple(annotationOf, className)
  .map(([annotated, who]) => `${annotated}${who}`);
const classLine = fc.oneof(
  { weight: 6, arbitrary: classBlock },
  { weight: 8, arbitrary: relation },
  { weight: 3, arbitrary: annotation },
  { weight: 2, arbitrary: fc.constantFrom('', '%% a comment') },
  { weight: 1, arbitrary: fc.constantFrom('%%{init: {"theme": "dark"}}%%', 'note for A "x"', 'namespace N {', '}', 'direction RL', 'style A fill:#f9f', 'class A:::hot', 'A <|-- B; C', 'A "1" --> "*" B', 'class A~T~', '<<interface>> A') },
);
const classHeader = mostly(fc.constantFrom('classDiagram', 'classDiagram-v2'), fc.constantFrom('classdiagram', 'classDiagram-v3', 'classDiagram TD', 'stateDiagram'));
const classes = diagramText(classHeader, classLine, 5);

/** Per kind: its generator, its recognizer, a seed, and what the newest constructs it reads look like (some must be read as plain). */
const kinds = [
  ['sequence', sequence, isPlainSequence, 20261207, /->>/],
  ['sequence (blocks)', sequenceOfBlocks, isPlainSequence, 20261210, /^\s*(?:loop|opt|break|alt|par|critical) /m],
  ['state', state, isPlainState, 20261208, /^\s*note /m],
  ['class', classes, isPlainClass, 20261209, /<</],
] as const;
for (const [kind, diagram, isPlain, seed, construct] of kinds) {
  test(`every generated ${kind} diagram read as plain is one Mermaid accepts`, async () => {
    let plain = 0;
    let total = 0;
    let withConstruct = 0;
    await fc.assert(
      fc.asyncProperty(diagram, async (source) => {
        total++;
        if (!isPlain(source)) return;
        plain++;
        if (construct.test(source)) withConstruct++;
        assert.equal(await mermaidAccepts(source), true, source);
      }),
      { seed, numRuns: 3000 },
    );
    // Not vacuous: a good share of them are read as plain, blocks, notes and annotations among them.
    assert.ok(plain > total / 20, `${plain} of ${total} read as plain`);
    assert.ok(withConstruct > 50, `${withConstruct} of those read as plain match ${construct}`);
  });
}

test('the diagrams of the example glossaries and the seed: each read as plain is one Mermaid accepts', async () => {
  const sources = mermaidBlocksIn(['examples'], [readSeed()]);
  for (const source of sources.filter(isPlainDiagram)) assert.equal(await mermaidAccepts(source), true, source);
  assert.equal(isPlainSequence('sequenceDiagram\n    participant User\n    participant Model as Language model\n    User->>Model: Sends a prompt\n    Model-->>User: Streams the answer\n    Note over User,Model: One round trip\n'), true);
  assert.equal(isPlainDiagram('stateDiagram-v2\n    [*] --> Idle\n    Idle --> Training: data arrives\n    Training --> [*]\n'), true);
});

test('what Mermaid rejects, or may, is not read as plain', async () => {
  for (const source of [
    'sequenceDiagram\n  A->>B: text; more\n', 'sequenceDiagram\n  A->>B\n', 'sequenceDiagram\n  end->>B: x\n', 'sequenceDiagram\n  A->>Note: x\n', 'sequenceDiagram\n  participant Box\n',
    'sequenceDiagram\n  A->>+B: x\n', 'sequenceDiagram\n  loop Every minute\n  A->>B: x\n', 'sequenceDiagram\n  else x\n  A->>B: y\n', 'sequenceDiagram\n  A->>B: y\n  end\n',
    'sequenceDiagram\n  loop x\n  and y\n  end\n', 'classDiagram\n  <<interface>> A\n', 'classDiagram\n  class A\n  <<interface>> B\n', 'stateDiagram-v2\n  A --> B\n  note over A: x\n', '%%{init: {}}%%\nsequenceDiagram\n  A->>B: x\n', 'sequenceDiagram\r\n  A->>B: x\r\n',
    'sequenceDiagram\n\tA->>B: x\n', 'classDiagram\n  class A {\n  +x\n', 'classDiagram\n  class end\n', 'classDiagram\n  A <|-- B : x; y\n', 'sequenceDiagram\n  A->>B: x\nsequenceDiagram\n', 'sequenceDiagram\n  participant A as alias; x\n', '',
    'stateDiagram-v2\n  A --> B:\n', 'stateDiagram-v2\n  state --> B\n', 'stateDiagram-v2\n  A-B --> C\n', 'stateDiagram-v2\n  state Busy {\n  A --> B\n  }\n', 'stateDiagram-v2\n  A --> B\nstateDiagram-v2\n',
  ]) {
    assert.equal(isPlainDiagram(source), false, JSON.stringify(source));
  }
  // Each of these is one Mermaid rejects (so the list above tests the recognizer, not a typo).
  for (const source of ['sequenceDiagram\n  A->>B: text; more\n', 'sequenceDiagram\n  A->>B\n', 'sequenceDiagram\n  end->>B: x\n', 'sequenceDiagram\n  participant Box\n  Box->>A: x\n', 'stateDiagram-v2\n  A --> B:\n', 'stateDiagram-v2\n  [*] --> state\n', 'stateDiagram-v2\n  A-B --> C\n',
    'sequenceDiagram\n  loop Every minute\n  A->>B: x\n', 'sequenceDiagram\n  else x\n  A->>B: y\n', 'classDiagram\n  <<interface>> A\n']) {
    assert.notEqual(await mermaidAccepts(source), true, source);
  }
});
