/**
 * The Mermaid check's shared configuration (scripts/mermaidConfigCopy.mjs, mermaidEngine.ts's
 * parseDiagram): over diagrams of every type, valid and broken, with and without configuration of
 * their own, a parse with the configuration shared has the outcome of Mermaid's published parse.
 * The engine is bundled here with the plugin, as esbuild.mjs bundles the Mermaid worker.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { MermaidApi } from '../../server/src/mermaidEngine';
import { loadBundledMermaid, type LoadedMermaid, type MermaidEngine } from './mermaidBundle';

let loaded: LoadedMermaid;
let engine: MermaidEngine;
let mermaid: MermaidApi;

before(async () => {
  loaded = await loadBundledMermaid();
  ({ engine, mermaid } = loaded);
});

after(() => loaded?.dispose());

/** Every ```mermaid block of the example glossaries. */
function exampleDiagrams(): string[] {
  const sources: string[] = [];
  const walk = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path)) if (name !== 'node_modules') walk(join(path, name));
    } else if (path.endsWith('.md')) {
      for (const match of readFileSync(path, 'utf8').matchAll(/^```mermaid[^\n]*\n([\s\S]*?)^```/gm)) sources.push(match[1]);
    }
  };
  walk('examples');
  return sources;
}

/** Each diagram type Mermaid 11 parses, valid; with configuration of its own (directive, frontmatter). */
const VALID: readonly string[] = [
  'graph TD\n  A[Start] --> B{Is it?}\n  B -->|Yes| C[OK]\n  C --> D[Rethink]\n  B ---->|No| E[End]\n',
  'flowchart LR\n  subgraph one [First]\n    a1["quoted label"] --> a2(round)\n  end\n  one --> b((circle))\n  click a1 "https://example.com" "tip"\n  classDef big font-size:20px\n  class b big\n  style a2 fill:#f9f\n',
  '%%{init: {"theme": "dark", "flowchart": {"htmlLabels": false, "curve": "linear"}}}%%\ngraph TD\n  A[With a directive] --> B\n',
  '---\ntitle: Framed\nconfig:\n  theme: forest\n  flowchart:\n    defaultRenderer: elk\n---\nflowchart TB\n  A --> B\n',
  'sequenceDiagram\n  participant A as Alice\n  A->>B: Hello\n  B-->>A: Hi\n  loop Every minute\n    A->>B: ping\n  end\n  Note right of B: thinks\n',
  'classDiagram\n  class Animal {\n    +String name\n    +eat() void\n  }\n  Animal <|-- Duck\n  Duck : +swim()\n',
  'stateDiagram-v2\n  [*] --> Still\n  Still --> Moving\n  Moving --> Crash\n  Crash --> [*]\n  state Moving {\n    [*] --> Fast\n  }\n',
  'erDiagram\n  CUSTOMER ||--o{ ORDER : places\n  ORDER ||--|{ LINE-ITEM : contains\n  CUSTOMER { string name }\n',
  'gantt\n  title A plan\n  dateFormat YYYY-MM-DD\n  section One\n  Task a :a1, 2024-01-01, 30d\n  Task b :after a1, 20d\n',
  'pie title Pets\n  "Dogs" : 386\n  "Cats" : 85\n',
  'journey\n  title My day\n  section Work\n    Make tea: 5: Me\n    Do work: 1: Me, Cat\n',
  'gitGraph\n  commit\n  branch develop\n  checkout develop\n  commit\n  checkout main\n  merge develop\n',
  'mindmap\n  root((mindmap))\n    Origins\n      Long history\n    Research\n',
  'timeline\n  title History\n  2002 : LinkedIn\n  2004 : Facebook : Google\n',
  'quadrantChart\n  title Reach\n  x-axis Low --> High\n  y-axis Low --> High\n  quadrant-1 Expand\n  Campaign A: [0.3, 0.6]\n',
  'xychart-beta\n  title "Sales"\n  x-axis [jan, feb, mar]\n  y-axis "Revenue" 4000 --> 11000\n  bar [5000, 6000, 7500]\n  line [5000, 6000, 7500]\n',
  'sankey-beta\n\nA,B,10\nB,C,5\n',
  'block-beta\n  columns 3\n  a b c\n  d["wide"]:2 e\n',
  'C4Context\n  title System\n  Person(user, "User")\n  System(sys, "System")\n  Rel(user, sys, "Uses")\n',
  'requirementDiagram\n  requirement test_req {\n    id: 1\n    text: the test text.\n    risk: high\n    verifymethod: test\n  }\n',
  'packet-beta\n  0-15: "Source Port"\n  16-31: "Destination Port"\n',
  'architecture-beta\n  group api(cloud)[API]\n  service db(database)[Database] in api\n  service server(server)[Server] in api\n  db:L -- R:server\n',
  'kanban\n  Todo\n    [Write docs]\n  Done\n    [Ship it]\n',
  'radar-beta\n  axis a, b, c\n  curve one{1, 2, 3}\n',
];

/** Each broken, so that the shared parse fails and the published one gives the message. */
const BROKEN: readonly string[] = [
  'graph TD\n  A --> B[unclosed\n  B --> C\n',
  'flowchart LR\n  A --> B\n  B -->\n',
  '%%{init: {"theme": "dark"}}%%\ngraph TD\n  A[ok] --> B(\n',
  'sequenceDiagram\n  A->>: missing\n',
  'classDiagram\n  class {\n',
  'stateDiagram-v2\n  [*] --> \n  --> x\n',
  'erDiagram\n  CUSTOMER ||--o{ : places\n',
  'gantt\n  dateFormat YYYY-MM-DD\n  section\n  :a1, 2024-01-01\n  Task a :a1, 2024-01-01, 30d\n  Task a b c :after zz, banana\n  !!!\n',
  'pie\n  "Dogs" : many\n',
  'mindmap\n root\n   (unclosed\n',
  'notADiagram\n  A --> B\n',
  'xychart-beta\n  x-axis [jan, feb\n',
];

describe("the Mermaid check's shared configuration", () => {
  test('is on only while the check parses: readers then share one copy, otherwise each gets its own', async () => {
    const api = mermaid.mermaidAPI;
    assert.notEqual(api.getConfig(), api.getConfig(), 'the published behaviour: a copy per reader');
    (globalThis as { glossaryMermaidSharedConfig?: boolean }).glossaryMermaidSharedConfig = true;
    try {
      assert.equal(api.getConfig(), api.getConfig(), 'shared: one copy for the same configuration');
    } finally {
      (globalThis as { glossaryMermaidSharedConfig?: boolean }).glossaryMermaidSharedConfig = false;
    }
    await engine.parseDiagram(mermaid, VALID[0]);
    assert.notEqual(api.getConfig(), api.getConfig(), 'after a check, rendering gets copies again');
  });

  test('every diagram has the outcome of the published parse: passes pass, failures fail with the same message', async () => {
    const examples = exampleDiagrams();
    assert.ok(examples.length >= 10, `example glossaries' diagrams found: ${examples.length}`);
    const outcome = async (source: string, sharing: boolean) => {
      try {
        await engine.parseDiagram(mermaid, source, sharing);
        return 'valid';
      } catch (error) {
        return `error: ${error instanceof Error ? error.message : String(error)}`;
      }
    };
    let valid = 0;
    let broken = 0;
    // Interleaved, both orders: what one parse leaves behind must not change the next one.
    for (const source of [...VALID, ...BROKEN, ...examples, ...VALID.slice().reverse()]) {
      const published = await outcome(source, false);
      const shared = await outcome(source, true);
      assert.equal(shared, published, source);
      assert.equal(await outcome(source, false), published, `the published parse again, after a shared one:\n${source}`);
      if (published === 'valid') valid++;
      else broken++;
    }
    for (const source of VALID) assert.equal(await outcome(source, true), 'valid', source);
    for (const source of BROKEN) assert.match(await outcome(source, true), /^error: /, source);
    assert.ok(valid > VALID.length && broken >= BROKEN.length, `valid ${valid}, broken ${broken}`);
  });
});
