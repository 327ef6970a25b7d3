/**
 * The Markdown snippets of snippets/: well-formed files, and text that the language service accepts
 * once expanded with every placeholder left at its default (what pressing Tab through a snippet gives).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { brief, entryText, Fixture, GOOD_DESCRIPTION, readExampleGlossary, REPO_ROOT } from './support';

// ── A small expander of VS Code's snippet syntax ─────────────────────────────────────────────────
// Tabstops `$1`, `${1}`, placeholders `${1:default}` (nested), choices `${1|a,b|}`, variables `$NAME`,
// `${NAME}`, `${NAME:default}`, `${NAME/regex/format/options}` and the escapes `\$`, `\}`, `\\`
// (and `\,`, `\|` in choices). As in VS Code, the first placeholder of an index that has a default
// (or choices) gives its value to every other occurrence of that index; `$0` is empty. Anything
// else throws, so a snippet cannot use syntax these tests do not understand.

type SnippetNode =
  | { kind: 'text'; value: string }
  | { kind: 'tabstop'; index: number; children: SnippetNode[] | undefined; choices: string[] | undefined }
  | { kind: 'variable'; name: string; children: SnippetNode[] | undefined; transform: Transform | undefined };

interface Transform {
  regex: RegExp;
  format: FormatPart[];
}

type FormatPart = string | { group: number; modifier?: string; ifValue?: string; elseValue?: string };

class SnippetParser {
  private pos = 0;

  constructor(private readonly source: string) {}

  parse(): SnippetNode[] {
    const nodes = this.nodes(() => false);
    if (this.pos !== this.source.length) this.fail('unexpected text');
    return nodes;
  }

  private fail(message: string): never {
    throw new Error(`${message} at ${this.pos} of ${JSON.stringify(this.source)}`);
  }

  /** Nodes until `stop()` holds at the current position (in a placeholder default: an unescaped `}`). */
  private nodes(stop: () => boolean): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ kind: 'text', value: text });
      text = '';
    };
    while (this.pos < this.source.length && !stop()) {
      const char = this.source[this.pos];
      if (char === '\\' && '$}\\'.includes(this.source[this.pos + 1] ?? '')) {
        text += this.source[this.pos + 1];
        this.pos += 2;
      } else if (char === '$' && /[0-9A-Za-z_{]/.test(this.source[this.pos + 1] ?? '')) {
        flush();
        nodes.push(this.dollar());
      } else {
        text += char;
        this.pos++;
      }
    }
    flush();
    return nodes;
  }

  private dollar(): SnippetNode {
    this.pos++; // $
    const simple = /^(\d+)|^([A-Za-z_][A-Za-z0-9_]*)/.exec(this.source.slice(this.pos));
    if (simple) {
      this.pos += simple[0].length;
      return simple[1] !== undefined
        ? { kind: 'tabstop', index: Number(simple[1]), children: undefined, choices: undefined }
        : { kind: 'variable', name: simple[2], children: undefined, transform: undefined };
    }
    this.pos++; // {
    const head = /^(\d+)|^([A-Za-z_][A-Za-z0-9_]*)/.exec(this.source.slice(this.pos));
    if (!head) this.fail('expected a number or a variable name after ${');
    this.pos += head[0].length;
    const next = this.source[this.pos];
    if (head[1] !== undefined) {
      const index = Number(head[1]);
      if (next === '}') {
        this.pos++;
        return { kind: 'tabstop', index, children: undefined, choices: undefined };
      }
      if (next === ':') {
        this.pos++;
        const children = this.nodes(() => this.source[this.pos] === '}');
        this.expect('}');
        return { kind: 'tabstop', index, children, choices: undefined };
      }
      if (next === '|') {
        this.pos++;
        const choices = this.choices();
        this.expect('}');
        return { kind: 'tabstop', index, children: undefined, choices };
      }
      this.fail('expected }, : or | in a tabstop');
    }
    const name = head[2];
    if (next === '}') {
      this.pos++;
      return { kind: 'variable', name, children: undefined, transform: undefined };
    }
    if (next === ':') {
      this.pos++;
      const children = this.nodes(() => this.source[this.pos] === '}');
      this.expect('}');
      return { kind: 'variable', name, children, transform: undefined };
    }
    if (next === '/') {
      this.pos++;
      const regex = this.until('/');
      const format = this.format(this.formatSource());
      const options = this.until('}');
      if (!/^[gimsuy]*$/.test(options)) this.fail(`unknown regular expression options ${options}`);
      return { kind: 'variable', name, children: undefined, transform: { regex: new RegExp(regex, options), format } };
    }
    this.fail('expected }, : or / in a variable');
  }

  private expect(char: string): void {
    if (this.source[this.pos] !== char) this.fail(`expected ${char}`);
    this.pos++;
  }

  /** Raw text up to an unescaped `end` (consumed); `\end` stands for `end`, other escapes stay. */
  private until(end: string): string {
    let value = '';
    while (this.pos < this.source.length) {
      const char = this.source[this.pos];
      if (char === '\\' && this.source[this.pos + 1] === end) {
        value += end;
        this.pos += 2;
      } else if (char === end) {
        this.pos++;
        return value;
      } else {
        value += char;
        this.pos++;
      }
    }
    this.fail(`expected ${end}`);
  }

  /** A transform's format, up to its closing `/`: a `/` inside `${…}` (`${1:/upcase}`) belongs to the format. */
  private formatSource(): string {
    const start = this.pos;
    while (this.pos < this.source.length) {
      const char = this.source[this.pos];
      if (char === '\\') this.pos += 2;
      else if (char === '$' && this.source[this.pos + 1] === '{') {
        const close = this.source.indexOf('}', this.pos);
        if (close < 0) this.fail('unclosed ${ in a format');
        this.pos = close + 1;
      } else if (char === '/') {
        this.pos++;
        return this.source.slice(start, this.pos - 1);
      } else this.pos++;
    }
    this.fail('expected /');
  }

  private choices(): string[] {
    const choices: string[] = [];
    let value = '';
    while (this.pos < this.source.length) {
      const char = this.source[this.pos];
      if (char === '\\' && ',|\\'.includes(this.source[this.pos + 1] ?? '')) {
        value += this.source[this.pos + 1];
        this.pos += 2;
      } else if (char === ',' || char === '|') {
        choices.push(value);
        value = '';
        this.pos++;
        if (char === '|') return choices;
      } else {
        value += char;
        this.pos++;
      }
    }
    this.fail('unclosed choice');
  }

  /** A transform's format string: text, `$n`, `${n}`, `${n:/upcase}`, `${n:+if}`, `${n:?if:else}`, `${n:-else}`, `${n:else}`. */
  private format(source: string): FormatPart[] {
    const parts: FormatPart[] = [];
    const pattern = /\\(.)|\$(\d+)|\$\{(\d+)(?::(\/(?:upcase|downcase|capitalize|camelcase|pascalcase))|:\+([^}]*)|:\?([^:}]*):([^}]*)|:-?([^}]*))?\}|([^\\$]+|\$)/g;
    for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
      const [, escaped, simple, group, modifier, ifValue, ternaryIf, ternaryElse, elseValue, text] = match;
      if (escaped !== undefined) parts.push(escaped);
      else if (simple !== undefined) parts.push({ group: Number(simple) });
      else if (group !== undefined) {
        if (modifier !== undefined) parts.push({ group: Number(group), modifier: modifier.slice(1) });
        else if (ifValue !== undefined) parts.push({ group: Number(group), ifValue });
        else if (ternaryIf !== undefined) parts.push({ group: Number(group), ifValue: ternaryIf, elseValue: ternaryElse });
        else if (elseValue !== undefined) parts.push({ group: Number(group), elseValue });
        else parts.push({ group: Number(group) });
      } else parts.push(text);
    }
    return parts;
  }
}

function applyFormat(format: FormatPart[], match: RegExpExecArray): string {
  return format.map((part) => {
    if (typeof part === 'string') return part;
    const value = match[part.group] ?? '';
    switch (part.modifier) {
      case 'upcase': return value.toLocaleUpperCase();
      case 'downcase': return value.toLocaleLowerCase();
      case 'capitalize': return value.slice(0, 1).toLocaleUpperCase() + value.slice(1);
      case 'camelcase':
      case 'pascalcase': {
        const words = value.split(/[^A-Za-z0-9]+/).filter(Boolean);
        const joined = words.map((w) => w[0].toLocaleUpperCase() + w.slice(1).toLocaleLowerCase()).join('');
        return part.modifier === 'camelcase' ? joined.slice(0, 1).toLocaleLowerCase() + joined.slice(1) : joined;
      }
    }
    if (value && part.ifValue !== undefined) return part.ifValue;
    if (!value && part.elseValue !== undefined) return part.elseValue;
    return value;
  }).join('');
}

interface ExpandOptions {
  /** Values of the variables the snippet may use, e.g. TM_FILENAME_BASE. */
  variables: Record<string, string>;
  /** Choice picked per tabstop index; the first choice otherwise. */
  choose?: Record<number, string>;
}

function expandSnippet(body: string, options: ExpandOptions): string {
  const nodes = new SnippetParser(body).parse();
  // The first occurrence of each index with a default or choices defines its value.
  const defining = new Map<number, SnippetNode & { kind: 'tabstop' }>();
  const visit = (list: SnippetNode[]) => {
    for (const node of list) {
      if (node.kind === 'tabstop' && (node.children?.length || node.choices) && !defining.has(node.index)) defining.set(node.index, node);
      if (node.kind !== 'text' && node.children) visit(node.children);
    }
  };
  visit(nodes);
  const evaluating = new Set<number>();
  const evaluate = (list: SnippetNode[]): string => list.map((node) => {
    if (node.kind === 'text') return node.value;
    if (node.kind === 'variable') {
      const value = options.variables[node.name];
      if (value === undefined) {
        if (!node.children) throw new Error(`the tests give no value for the snippet variable ${node.name}`);
        return evaluate(node.children);
      }
      if (!node.transform) return value;
      const { regex, format } = node.transform;
      if (regex.global) return value.replace(regex, (...args) => applyFormat(format, Object.assign([...args.slice(0, -2)], { index: 0, input: value }) as unknown as RegExpExecArray));
      const match = regex.exec(value);
      return match ? value.slice(0, match.index) + applyFormat(format, match) + value.slice(match.index + match[0].length) : value;
    }
    if (node.index === 0) return '';
    const source = defining.get(node.index);
    if (!source) return '';
    if (source.choices) {
      const chosen = options.choose?.[node.index];
      if (chosen !== undefined && !source.choices.includes(chosen)) throw new Error(`${chosen} is not a choice of tabstop ${node.index}`);
      return chosen ?? source.choices[0];
    }
    if (evaluating.has(node.index)) throw new Error(`tabstop ${node.index} contains itself`);
    evaluating.add(node.index);
    const value = evaluate(source.children!);
    evaluating.delete(node.index);
    return value;
  }).join('');
  return evaluate(nodes);
}

function tabstopIndexes(body: string): number[] {
  const indexes = new Set<number>();
  const visit = (list: SnippetNode[]) => {
    for (const node of list) {
      if (node.kind === 'tabstop') indexes.add(node.index);
      if (node.kind !== 'text' && node.children) visit(node.children);
    }
  };
  visit(new SnippetParser(body).parse());
  return [...indexes].sort((a, b) => a - b);
}

function choicesOf(body: string, index: number): string[] {
  let found: string[] | undefined;
  const visit = (list: SnippetNode[]) => {
    for (const node of list) {
      if (node.kind === 'tabstop' && node.index === index && node.choices) found ??= node.choices;
      if (node.kind !== 'text' && node.children) visit(node.children);
    }
  };
  visit(new SnippetParser(body).parse());
  assert.ok(found, `tabstop ${index} has no choices`);
  return found;
}

// ── The snippet files ────────────────────────────────────────────────────────────────────────────

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}

const SNIPPET_DIR = join(REPO_ROOT, 'snippets');
const snippetFiles = readdirSync(SNIPPET_DIR).filter((name) => name.endsWith('.code-snippets') || name.endsWith('.json')).sort();
const snippets: Record<string, Snippet> = {};
for (const file of snippetFiles) {
  // Strict JSON: no comments or trailing commas, though VS Code would accept them.
  Object.assign(snippets, JSON.parse(readFileSync(join(SNIPPET_DIR, file), 'utf8')));
}

const bodyOf = (name: string): string => {
  const snippet = snippets[name];
  assert.ok(snippet, `no snippet ${name}`);
  return [snippet.body].flat().join('\n');
};

const ENTRY = 'Glossary entry';
const BLOCKS = ['Mermaid diagram', 'Mermaid sequence diagram', 'Comparison table', 'Key characteristics list'];
const SLUG = 'retrieval-evaluation';

describe('snippet files', () => {
  test('there is a snippet file, and each parses as strict JSON', () => {
    assert.ok(snippetFiles.length > 0);
    for (const file of snippetFiles) {
      const text = readFileSync(join(SNIPPET_DIR, file), 'utf8');
      assert.doesNotThrow(() => JSON.parse(text), file);
      assert.ok(!/^\s*\/\//m.test(text), `${file} has a comment line`);
    }
  });

  test('every snippet has prefix, body and description; prefixes are unique', () => {
    const seen = new Map<string, string>();
    assert.deepEqual(Object.keys(snippets).sort(), [ENTRY, ...BLOCKS].sort());
    for (const [name, snippet] of Object.entries(snippets)) {
      const prefixes = [snippet.prefix].flat();
      assert.ok(prefixes.length > 0 && prefixes.every((p) => typeof p === 'string' && /^[a-z][a-z-]*$/.test(p)), `${name}: prefix`);
      for (const prefix of prefixes) {
        assert.equal(seen.get(prefix), undefined, `${name}: prefix ${prefix} is also used by ${seen.get(prefix)}`);
        seen.set(prefix, name);
      }
      const body = [snippet.body].flat();
      assert.ok(body.length > 0 && body.every((line) => typeof line === 'string'), `${name}: body`);
      assert.ok(typeof snippet.description === 'string' && snippet.description.length > 20, `${name}: description`);
    }
  });

  test('every body parses, numbers its tabstops 1…n without gaps and ends at $0', () => {
    for (const name of Object.keys(snippets)) {
      const indexes = tabstopIndexes(bodyOf(name));
      assert.equal(indexes[0], 0, `${name} has no $0`);
      assert.deepEqual(indexes, indexes.map((_, i) => i), `${name}: ${indexes.join(', ')}`);
      assert.ok(bodyOf(name).endsWith('$0'), `${name} does not end at $0`);
    }
  });

  test('the expander handles defaults, mirrors, choices, transforms and escapes', () => {
    const variables = { TM_FILENAME_BASE: 'large-language-models' };
    assert.equal(expandSnippet('${1:a ${2:b}} $1 $2 $0', { variables }), 'a b a b b ');
    assert.equal(expandSnippet('$1 ${1|x,y\\,z|} ${2}', { variables, choose: { 1: 'y,z' } }), 'y,z y,z ');
    assert.equal(expandSnippet('${TM_FILENAME_BASE/(^|-)([a-z])/${1:+ }${2:/upcase}/g}', { variables }), 'Large Language Models');
    assert.equal(expandSnippet('${TM_FILENAME_BASE/(language)|(x)/${1:/upcase}${2:?yes:no}/}!', { variables }), 'large-LANGUAGEno-models!');
    assert.equal(expandSnippet('\\$1 \\} \\\\ ${1:a\\}b}', { variables }), '$1 } \\ a}b');
    assert.throws(() => expandSnippet('$UNKNOWN', { variables }), /no value/);
    assert.throws(() => expandSnippet('${1:unclosed', { variables }), /expected \}/);
  });
});

describe('the entry skeleton', () => {
  const variables = { TM_FILENAME_BASE: SLUG, TM_FILENAME: `${SLUG}.md` };
  const skeleton = (choose?: Record<number, string>) => expandSnippet(bodyOf(ENTRY), { variables, choose });

  test('expands to frontmatter with every field, the title from the file name reused in the headings', () => {
    const text = skeleton();
    const [frontmatter, body] = text.split(/^---$/m).slice(1);
    assert.deepEqual(frontmatter.trim().split('\n').map((line) => line.slice(0, line.indexOf(':'))), ['title', 'description', 'logoIcon', 'category', 'related']);
    assert.match(frontmatter, /^title: Retrieval Evaluation$/m);
    assert.match(frontmatter, /^related: \[\]$/m);
    const description = /^description: '(.*)'$/m.exec(frontmatter)![1];
    assert.ok(description.length >= 50 && description.length <= 160, `${description.length} characters`);
    assert.match(body, /^## What is Retrieval Evaluation\?$/m);
    for (const heading of ['## Key Characteristics', '### Retrieval Evaluation Framework', '## Retrieval Evaluation Compared']) {
      assert.ok(body.split('\n').includes(heading), heading);
    }
    assert.match(body, /^```mermaid\ngraph TD\nA\[Retrieval Evaluation\] --> B\[Component\]\n[\s\S]*?^style A fill:#3498db,stroke:#333\n```$/m);
    assert.equal(body.match(/^- Characteristic: What it means in practice$/gm)?.length, 3);
    assert.match(body, /^\| Retrieval Evaluation \| How Retrieval Evaluation works \|/m);
    assert.ok(text.endsWith('\n'), 'ends with a line break, at $0');
  });

  test('inserted into an empty entry file it raises no diagnostic at all', async () => {
    // The placeholders' defaults are valid: a 97-character description, a real icon, a category of
    // the site, an empty flow list for related (so no unknown-slug or one-way-relation), a title no
    // other entry has, and a closed ```mermaid fence.
    const glossary = readExampleGlossary();
    const fixture = await Fixture.withEntries({ ...glossary, [SLUG]: '' });
    fixture.open(SLUG, skeleton());
    assert.deepEqual(brief(fixture.diagnostics(SLUG)), []);
    // The check is live: a related slug that names no entry is reported.
    fixture.open(SLUG, skeleton().replace('related: []', 'related: [no-such-term]'));
    assert.deepEqual(brief(fixture.diagnostics(SLUG)).map(([code]) => code), ['unknown-slug']);
  });

  test('every icon and category offered is valid: a Lucide icon, a category the glossary uses', async () => {
    const lucide = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', '@iconify-json', 'lucide', 'icons.json'), 'utf8'));
    const icons = choicesOf(bodyOf(ENTRY), 3);
    for (const icon of icons) {
      const name = icon.replace(/^i-lucide-/, '');
      assert.ok(icon.startsWith('i-lucide-') && (name in lucide.icons || name in (lucide.aliases ?? {})), `${icon} is not a Lucide icon`);
    }
    const categories = choicesOf(bodyOf(ENTRY), 4);
    const used = new Set(Object.values(readExampleGlossary()).map((text) => /^category: (.*)$/m.exec(text)?.[1]));
    for (const category of categories) assert.ok(used.has(category), `${category} is not a category of the example glossary`);

    const fixture = await Fixture.withEntries({ ...readExampleGlossary(), [SLUG]: '' });
    for (const icon of icons) {
      fixture.open(SLUG, skeleton({ 3: icon }));
      assert.deepEqual(brief(fixture.diagnostics(SLUG)), [], icon);
    }
    for (const category of categories) {
      fixture.open(SLUG, skeleton({ 4: category }));
      assert.deepEqual(brief(fixture.diagnostics(SLUG)), [], category);
    }
  });
});

describe('the block snippets', () => {
  const goodBody = '## What is Block Host?\nA paragraph that defines the term.\n\n## Key Characteristics\n- One: two\n';
  const host = entryText({ title: 'Block Host', description: GOOD_DESCRIPTION, category: 'Core Concepts', logoIcon: 'i-lucide-zap' }, goodBody);

  for (const name of BLOCKS) {
    test(`${name}: inserted into the body of a good entry, it adds no diagnostic`, async () => {
      const fixture = await Fixture.withEntries({ 'block-host': host });
      assert.deepEqual(brief(fixture.diagnostics('block-host')), [], 'the host entry');
      const block = expandSnippet(bodyOf(name), { variables: {} });
      assert.ok(!block.includes('$') && !block.includes('${'), block);
      // At the end of the body, and in the middle, right after the definition paragraph.
      fixture.open('block-host', `${host}\n${block}`);
      assert.deepEqual(brief(fixture.diagnostics('block-host')), [], 'at the end');
      fixture.open('block-host', host.replace('the term.\n', `the term.\n\n${block}\n`));
      assert.deepEqual(brief(fixture.diagnostics('block-host')), [], 'in the middle');
    });
  }

  test('the Mermaid blocks are closed fences with a graph or sequence diagram and a style line', () => {
    const graph = expandSnippet(bodyOf('Mermaid diagram'), { variables: {} });
    assert.equal(graph, '```mermaid\ngraph TD\nA[Term] --> B[Part]\nA --> C[Part]\nB --> D[Detail]\nstyle A fill:#3498db,stroke:#333\n```\n');
    assert.equal(expandSnippet(bodyOf('Mermaid diagram'), { variables: {}, choose: { 1: 'LR' } }).split('\n')[1], 'graph LR');
    const sequence = expandSnippet(bodyOf('Mermaid sequence diagram'), { variables: {} });
    assert.match(sequence, /^```mermaid\nsequenceDiagram\nparticipant U as User\nparticipant S as System\nU->>S: Request\nS-->>U: Response\n```\n$/);
    const table = expandSnippet(bodyOf('Comparison table'), { variables: {} }).trimEnd().split('\n');
    assert.equal(new Set(table.map((row) => row.split('|').length)).size, 1, 'every row has the same number of cells');
  });
});
