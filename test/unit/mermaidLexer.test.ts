/**
 * scripts/mermaidLexer.mjs: Mermaid's Jison lexers with their rules joined find the same tokens as
 * the published loop. The engine is bundled twice (with and without the patch, as esbuild.mjs
 * bundles it) and every diagram is parsed by both: the outcome (valid, or Mermaid's message, which
 * names the token it stopped at and where) and what the diagram's database holds after the parse
 * must be the same; then the lexers are run alone, token by token, over every diagram and over
 * broken variants of it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { patchMermaidLexers } from '../../scripts/mermaidLexer.mjs';
import { loadBundledMermaid, mermaidBlocksIn, type LoadedMermaid } from './mermaidBundle';

let patched: LoadedMermaid;
let published: LoadedMermaid;

before(async () => {
  [patched, published] = await Promise.all([loadBundledMermaid(), loadBundledMermaid({ lexer: false })]);
});

after(() => {
  patched?.dispose();
  published?.dispose();
});

/** Diagrams of every type Mermaid reads with a Jison lexer, valid and not, with the examples' and the seed entry's. */
function corpus(): string[] {
  const own = [
    'graph TD\n  A[Start] --> B{Is it?}\n  B -->|Yes| C[OK]\n  C --> D[Rethink]\n  B ---->|No| E[End]\n',
    'flowchart LR\n  subgraph one [First]\n    a1["quoted label"] --> a2(round)\n  end\n  one --> b((circle))\n  click a1 "https://example.com" "tip"\n  classDef big font-size:20px\n  class b big\n  style a2 fill:#f9f\n  A@{ shape: rect, label: "x" }\n  c:::big --> d>flag] -.-> e[/lean/] ==> f[\\other\\]\n  linkStyle 0 stroke:#f00\n',
    '%%{init: {"theme": "dark"}}%%\ngraph TD\n  A[With a directive] --> B\n  B --- C & D\n  accTitle: Title\n  accDescr { long\n description }\n',
    'sequenceDiagram\n  autonumber\n  participant A as Alice\n  actor B\n  A->>B: Hello\n  B-->>A: Hi\n  loop Every minute\n    A-)B: ping\n  end\n  Note right of B: thinks\n  rect rgb(0, 0, 255)\n    A->>+B: x\n    B-->>-A: y\n  end\n  box Group\n  participant C\n  end\n',
    'classDiagram\n  class Animal~T~ {\n    +String name\n    +eat() void\n    <<interface>>\n  }\n  Animal <|-- Duck\n  Duck : +swim()\n  Animal "1" --> "*" Leg\n  note for Duck "quacks"\n  namespace Zoo {\n    class Cage\n  }\n',
    'stateDiagram-v2\n  [*] --> Still\n  Still --> Moving : go\n  state Moving {\n    [*] --> Fast\n    Fast --> Slow\n  }\n  state fork_state <<fork>>\n  Moving --> fork_state\n  note left of Still : a note\n  Crash --> [*]\n  classDef bad fill:#f00\n  class Crash bad\n',
    'erDiagram\n  CUSTOMER ||--o{ ORDER : places\n  ORDER ||--|{ LINE-ITEM : contains\n  CUSTOMER { string name PK "the name" }\n',
    'gantt\n  title A plan\n  dateFormat YYYY-MM-DD\n  section One\n  Task a :a1, 2024-01-01, 30d\n  Task b :after a1, 20d\n  Milestone :milestone, m1, 2024-03-01, 0d\n',
    'journey\n  title My day\n  section Work\n    Make tea: 5: Me\n    Do work: 1: Me, Cat\n',
    'mindmap\n  root((mindmap))\n    Origins\n      Long history\n    Research\n      ::icon(fa fa-book)\n',
    'timeline\n  title History\n  2002 : LinkedIn\n  2004 : Facebook : Google\n',
    'quadrantChart\n  title Reach\n  x-axis Low --> High\n  y-axis Low --> High\n  quadrant-1 Expand\n  Campaign A: [0.3, 0.6]\n',
    'xychart-beta\n  title "Sales"\n  x-axis [jan, feb, mar]\n  y-axis "Revenue" 4000 --> 11000\n  bar [5000, 6000, 7500]\n',
    'sankey-beta\n\nA,B,10\nB,C,5\n',
    'block-beta\n  columns 3\n  a b c\n  d["wide"]:2 e\n',
    'C4Context\n  title System\n  Person(user, "User")\n  System(sys, "System")\n  Rel(user, sys, "Uses")\n',
    'requirementDiagram\n  requirement test_req {\n    id: 1\n    text: the test text.\n    risk: high\n    verifymethod: test\n  }\n',
    'kanban\n  Todo\n    [Write docs]\n  Done\n    [Ship it]\n',
    'graph TD\n  A --> B[unclosed\n  B --> C\n',
    'flowchart LR\n  A --> B\n  B -->\n',
    'sequenceDiagram\n  A->>: missing\n',
    'classDiagram\n  class {\n',
    'stateDiagram-v2\n  [*] --> \n  --> x\n',
    'erDiagram\n  CUSTOMER ||--o{ : places\n',
    'gantt\n  dateFormat YYYY-MM-DD\n  section\n  Task a b c :after zz, banana\n  !!!\n',
    'mindmap\n root\n   (unclosed\n',
  ];
  const seed = readFileSync('test/fixtures/foundation-model.seed.txt', 'utf8');
  return [...own, ...mermaidBlocksIn(['examples'], [seed])];
}

/** A diagram's database as plain data: maps, sets, arrays and objects walked, functions left out. */
function contents(value: unknown, depth = 0, seen = new Set<unknown>()): unknown {
  if (typeof value === 'function') return undefined;
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value) || depth > 6) return '[seen]';
  seen.add(value);
  if (value instanceof Map) return [...value].map(([key, item]) => [contents(key, depth + 1, seen), contents(item, depth + 1, seen)]);
  if (value instanceof Set || Array.isArray(value)) return [...value].map((item) => contents(item, depth + 1, seen));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, contents(item, depth + 1, seen)]));
}

interface MermaidWithDiagrams {
  mermaidAPI: { getDiagramFromText(text: string): Promise<{ type: string; db: unknown }> };
}

async function parsed(loaded: LoadedMermaid, source: string): Promise<unknown> {
  try {
    const diagram = await (loaded.mermaid as unknown as MermaidWithDiagrams).mermaidAPI.getDiagramFromText(source);
    return { type: diagram.type, db: contents(diagram.db) };
  } catch (error) {
    return `error: ${error instanceof Error ? error.message : String(error)}`;
  }
}

test('every diagram parses as with the published lexers: the same outcome, the same database', async () => {
  let valid = 0;
  for (const source of corpus()) {
    const expected = await parsed(published, source);
    assert.deepEqual(await parsed(patched, source), expected, source);
    if (typeof expected !== 'string') valid++;
  }
  assert.ok(valid >= 15, `valid diagrams compared: ${valid}`);
});

test('broken variants of every diagram (characters dropped, doubled or changed) fail or pass alike, with the same message', async () => {
  const sources = corpus();
  const variant = fc.tuple(fc.integer({ min: 0, max: sources.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom('drop', 'double', '[', ']', '(', '"', '-', '>', ':', '\n', '%', '{', '|', ' ')), { minLength: 1, maxLength: 3 }));
  await fc.assert(
    fc.asyncProperty(variant, async ([which, edits]) => {
      let text = sources[which];
      for (const [at, edit] of edits) {
        const i = at % Math.max(1, text.length);
        text = edit === 'drop' ? text.slice(0, i) + text.slice(i + 1) : edit === 'double' ? text.slice(0, i + 1) + text.slice(i) : text.slice(0, i) + edit + text.slice(i + 1);
      }
      assert.deepEqual(await parsed(patched, text), await parsed(published, text), text);
    }),
    { numRuns: 600, seed: 20261207 },
  );
});

test('the patch finds every Jison lexer of the installed Mermaid, and refuses a lexer whose loop it does not know', () => {
  const lexer = "\n  _currentRules: function() {},\n  next: function() {\n    var rules = this._currentRules();\n    for (var i = 0; i < rules.length; i++) {\n    }\n  },\n";
  const text = patchMermaidLexers(lexer, 'one lexer');
  assert.ok(text?.includes('glossaryFirstRule(this, rules)') && text.includes('function glossaryFirstRule('), 'patched');
  assert.equal(patchMermaidLexers('no lexer here'), undefined);
  assert.throws(() => patchMermaidLexers(lexer.replace('var i = 0', 'let i = 0'), 'changed'), /changed: 1 Jison lexer\(s\) but 0 rule loop/);
});
