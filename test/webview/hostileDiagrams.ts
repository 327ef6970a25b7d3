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
  /** Heavy inputs: must be answered (rendered or refused) within this many milliseconds. */
  budgetMs?: number;
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
    { name: 'giant label', source: `graph TD\nA["${giantLabel}"] --> B`, budgetMs: 5_000 },
    { name: 'giant single word', source: `graph TD\nA["${giantWord}"] --> B`, budgetMs: 5_000 },
    { name: '100,000-character input', source: `graph TD\n${'A --> B\n'.repeat(12_499)}`.slice(0, 100_000), budgetMs: 5_000 },
    { name: 'over 100,000 characters', source: `graph TD\nA["${'word '.repeat(20_100)}"] --> B`, budgetMs: 5_000 },
    { name: '5,000-edge graph', source: `graph TD\n${edges5000}`, budgetMs: 5_000 },
    { name: '5,000 edges on one line', source: `graph LR\n${Array.from({ length: 5001 }, (_, i) => `N${i}`).join(' --> ')}`, budgetMs: 5_000 },
  ];
}
