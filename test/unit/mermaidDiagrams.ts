/**
 * Diagrams of every type Mermaid 11 reads, valid and broken, for the tests of what the bundles
 * change in Mermaid (its configuration copy, its Jison lexers and parsers): each must come out as
 * Mermaid's own.
 */

/** Each diagram type Mermaid 11 parses, valid; with configuration of its own (directive, frontmatter). */
export const VALID_DIAGRAMS: readonly string[] = [
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

/** Each broken, with Mermaid's message to give. */
export const BROKEN_DIAGRAMS: readonly string[] = [
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
