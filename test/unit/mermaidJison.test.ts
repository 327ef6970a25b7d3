/**
 * scripts/mermaidLexer.mjs and mermaidParser.mjs: Mermaid's Jison lexers with their rules joined
 * read what the published loop reads, and its Jison parsers, reducing without copies of their
 * stacks, build what the published ones build. The engine is bundled twice (with and without the
 * patches, as esbuild.mjs bundles it): every diagram, and broken variants of it, must be read into
 * the same tokens (each with its text and where it starts, or the same lexical error), and parse
 * to the same outcome (valid, or Mermaid's message) and the same diagram database.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseRegExpLiteral } from '@eslint-community/regexpp';
import { FIRST_RULE, patchMermaidLexers } from '../../scripts/mermaidLexer.mjs';
import { patchMermaidParsers } from '../../scripts/mermaidParser.mjs';
import { loadBundledMermaid, mermaidBlocksIn, type LoadedMermaid } from './mermaidBundle';
import { BROKEN_DIAGRAMS, VALID_DIAGRAMS } from './mermaidDiagrams';

let patched: LoadedMermaid;
let published: LoadedMermaid;

before(async () => {
  [patched, published] = await Promise.all([loadBundledMermaid(), loadBundledMermaid({ jison: false })]);
});

after(() => {
  patched?.dispose();
  published?.dispose();
});

/** Beyond the diagrams of every type: what the lexers' rarer rules read. */
const RARER: readonly string[] = [
  'flowchart LR\n  A@{ shape: rect, label: "x" }\n  c:::big --> d>flag] -.-> e[/lean/] ==> f[\\other\\]\n  B --- C & D\n  linkStyle 0 stroke:#f00\n  accTitle: Title\n  accDescr { long\n description }\n',
  'sequenceDiagram\n  autonumber\n  actor B\n  A-)B: ping\n  rect rgb(0, 0, 255)\n    A->>+B: x\n    B-->>-A: y\n  end\n  box Group\n  participant C\n  end\n',
  'classDiagram\n  class Animal~T~ {\n    <<interface>>\n  }\n  Animal "1" --> "*" Leg\n  note for Animal "walks"\n  namespace Zoo {\n    class Cage\n  }\n',
  'stateDiagram-v2\n  state fork_state <<fork>>\n  Still --> fork_state : go\n  note left of Still : a note\n  classDef bad fill:#f00\n  class Still bad\n',
  'erDiagram\n  CUSTOMER { string name PK "the name" }\n',
  'gantt\n  dateFormat YYYY-MM-DD\n  section One\n  Milestone :milestone, m1, 2024-03-01, 0d\n',
  'mindmap\n  root((mindmap))\n    Research\n      ::icon(fa fa-book)\n',
];

/** glossaryStartsOf of the code the patch adds to each chunk, evaluated here with the same parser. */
function firstCharacters(): (rule: RegExp) => Uint8Array | null {
  const code = FIRST_RULE.replace(/^import .*$/m, '');
  return new Function('glossaryParseRegExp', `${code}\nreturn glossaryStartsOf;`)(parseRegExpLiteral) as (rule: RegExp) => Uint8Array | null;
}

/** Every diagram the tests have, the examples' and the seed entry's. */
function corpus(): string[] {
  return [...VALID_DIAGRAMS, ...BROKEN_DIAGRAMS, ...RARER, ...mermaidBlocksIn(['examples'], [readFileSync('test/fixtures/foundation-model.seed.txt', 'utf8')])];
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

/** What the tests read of a diagram Mermaid made from a text: its type, database and Jison lexer. */
interface MadeDiagram {
  type: string;
  db: unknown;
  parser: { parser?: { lexer?: JisonLexer } };
}

function diagramFrom(loaded: LoadedMermaid, text: string): Promise<MadeDiagram> {
  return (loaded.mermaid as unknown as { mermaidAPI: { getDiagramFromText(text: string): Promise<MadeDiagram> } }).mermaidAPI.getDiagramFromText(text);
}

async function parsed(loaded: LoadedMermaid, source: string): Promise<unknown> {
  try {
    const diagram = await diagramFrom(loaded, source);
    return { type: diagram.type, db: contents(diagram.db) };
  } catch (error) {
    return `error: ${error instanceof Error ? error.message : String(error)}`;
  }
}

interface JisonLexer {
  EOF: number;
  rules: RegExp[];
  yytext: string;
  yylloc?: { first_line: number; first_column: number };
  setInput(input: string, yy: unknown): void;
  lex(): number | string;
}

/**
 * The tokens the lexer of `diagram`'s type reads from `text` (its own, or a variant of it): each
 * token with its text and where it starts, and, where the lexer stops on an error, its message.
 */
async function tokensOf(loaded: LoadedMermaid, diagram: string, text: string): Promise<unknown[]> {
  const { parser, db } = await diagramFrom(loaded, diagram);
  const lexer = parser.parser?.lexer;
  if (!lexer) return ['no Jison lexer'];
  const reading = Object.create(lexer) as JisonLexer;
  reading.setInput(text, db);
  const tokens: unknown[] = [];
  try {
    for (let k = 0; k < 20_000; k++) {
      const token = reading.lex();
      tokens.push([token, reading.yytext, reading.yylloc?.first_line, reading.yylloc?.first_column]);
      if (token === reading.EOF) break;
    }
  } catch (error) {
    tokens.push(`error: ${error instanceof Error ? error.message : String(error)}`);
  }
  return tokens;
}

/** Characters dropped, doubled or changed at `edits`' places: a diagram broken as writers break them. */
const breakings = fc.array(fc.tuple(fc.nat(), fc.constantFrom('drop', 'double', '[', ']', '(', '"', '-', '>', ':', '\n', '%', '{', '|', ' ')), { minLength: 1, maxLength: 3 });
function broken(text: string, edits: readonly [number, string][]): string {
  for (const [at, edit] of edits) {
    const i = at % Math.max(1, text.length);
    text = edit === 'drop' ? text.slice(0, i) + text.slice(i + 1) : edit === 'double' ? text.slice(0, i + 1) + text.slice(i) : text.slice(0, i) + edit + text.slice(i + 1);
  }
  return text;
}

/**
 * The diagrams of the corpus Mermaid reads with a Jison lexer, valid: each can lend its lexer. Both
 * bundles read each (as every test here does): a diagram's database numbers its parts by counters
 * of its bundle, which must count alike.
 */
async function lexedDiagrams(): Promise<string[]> {
  const lexed: string[] = [];
  for (const source of corpus()) {
    const [tokens] = await Promise.all([published, patched].map((loaded) => tokensOf(loaded, source, source).catch(() => undefined)));
    if (tokens && tokens[0] !== 'no Jison lexer') lexed.push(source);
  }
  return lexed;
}

test('the lexers alone read every diagram, and broken variants of it, into the same tokens at the same places', async () => {
  const diagrams = await lexedDiagrams();
  assert.ok(diagrams.length >= 20, `diagrams read with a Jison lexer: ${diagrams.length}`);
  let tokens = 0;
  for (const diagram of diagrams) {
    const expected = await tokensOf(published, diagram, diagram);
    assert.deepEqual(await tokensOf(patched, diagram, diagram), expected, diagram);
    tokens += expected.length;
  }
  assert.ok(tokens > 1000, `tokens compared: ${tokens}`);
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 0, max: diagrams.length - 1 }), breakings, async (which, edits) => {
      const text = broken(diagrams[which], edits);
      assert.deepEqual(await tokensOf(patched, diagrams[which], text), await tokensOf(published, diagrams[which], text), text);
    }),
    { numRuns: 600, seed: 20261208 },
  );
});

test('a token may start with any ASCII character: texts with any of them put in read alike', async () => {
  // The joined rules are narrowed to those that can start with the token's first character.
  const diagrams = await lexedDiagrams();
  const insertions = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 127 }), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 4 });
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 0, max: diagrams.length - 1 }), insertions, async (which, edits) => {
      let text = diagrams[which];
      for (const [at, code, times] of edits) {
        const i = at % (text.length + 1);
        text = text.slice(0, i) + String.fromCharCode(code).repeat(times) + text.slice(i);
      }
      assert.deepEqual(await tokensOf(patched, diagrams[which], text), await tokensOf(published, diagrams[which], text), JSON.stringify(text));
    }),
    { numRuns: 800, seed: 20261209 },
  );
});

test('what a rule can start with holds every first character of texts it matches', async () => {
  const startsOf = firstCharacters();
  const rules = new Set<RegExp>();
  for (const diagram of await lexedDiagrams()) {
    // Both bundles read each diagram, so that their counters count alike for the tests after this one.
    const [{ parser }] = await Promise.all([patched, published].map((loaded) => diagramFrom(loaded, diagram)));
    for (const rule of parser.parser?.lexer?.rules ?? []) rules.add(rule);
  }
  assert.ok(rules.size >= 300, `rules: ${rules.size}`);
  // Each rule at a place of a diagram (its own character there, or any ASCII one put in its stead):
  // where the rule matches, what it can start with holds that character.
  const read = [...rules].map((rule) => ({ rule, starts: startsOf(rule), there: new RegExp(rule.source.replace(/^\^/, ''), `${rule.flags}y`) }));
  const narrowed = read.filter(({ starts }) => starts !== null).length;
  assert.ok(narrowed >= rules.size / 2, `rules read as starting with some characters only: ${narrowed} of ${rules.size}`);
  const texts = corpus();
  let matched = 0;
  fc.assert(
    fc.property(fc.integer({ min: 0, max: texts.length - 1 }), fc.nat(), fc.option(fc.integer({ min: 0, max: 127 }), { freq: 2 }), (which, at, code) => {
      const place = at % texts[which].length;
      const text = code === null ? texts[which] : texts[which].slice(0, place) + String.fromCharCode(code) + texts[which].slice(place + 1);
      const first = text.charCodeAt(place);
      for (const { rule, starts, there } of read) {
        if (!rule.source.startsWith('^') || starts === null || first >= 128) continue;
        there.lastIndex = place;
        if (!there.test(text)) continue;
        matched++;
        assert.equal(starts[first], 1, `${rule} matches ${JSON.stringify(text.slice(place, place + 20))}`);
      }
    }),
    { numRuns: 3000, seed: 20261210 },
  );
  assert.ok(matched >= 3000, `rules matched at the places tried: ${matched}`);
  // And the reading is what it says of a few: case ignored, negated, empty.
  const marked = (rule: RegExp) => {
    const starts = startsOf(rule);
    return starts === null ? null : String.fromCharCode(...[...starts.keys()].filter((code) => starts[code] === 1));
  };
  assert.equal(marked(/^(?:end\b)/i), 'Ee');
  assert.equal(marked(/^(?:\s*-->)/), '\t\n\v\f\r -');
  assert.equal(marked(/^(?:[^a-z\x00-\x60\x7b-\x7f])/), '');
  assert.equal(marked(/^(?:x?)/), null);
  assert.equal(marked(/^(?:(?!a)b|c)/), 'bc');
});

test('every diagram parses as with the published lexers and parsers: the same outcome, the same database', async () => {
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
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 0, max: sources.length - 1 }), breakings, async (which, edits) => {
      const text = broken(sources[which], edits);
      assert.deepEqual(await parsed(patched, text), await parsed(published, text), text);
    }),
    { numRuns: 600, seed: 20261207 },
  );
});

test('the patch finds every Jison lexer of the installed Mermaid, and refuses a lexer whose loop it does not know', () => {
  const chunks = join('node_modules', 'mermaid', 'dist', 'chunks', 'mermaid.core');
  let lexers = 0;
  for (const name of readdirSync(chunks).filter((file) => file.endsWith('.mjs'))) {
    const patchedChunk = patchMermaidLexers(readFileSync(join(chunks, name), 'utf8'), name);
    if (patchedChunk !== undefined) lexers += (patchedChunk.match(/glossaryFirstRule\(this, rules\)/g) ?? []).length;
  }
  assert.ok(lexers >= 15, `Jison lexers patched in the installed Mermaid: ${lexers}`);
  const lexer = "\n  _currentRules: function() {},\n  next: function() {\n    var rules = this._currentRules();\n    for (var i = 0; i < rules.length; i++) {\n    }\n  },\n";
  const text = patchMermaidLexers(lexer, 'one lexer');
  assert.ok(text?.includes('glossaryFirstRule(this, rules)') && text.includes('function glossaryFirstRule('), 'patched');
  assert.equal(patchMermaidLexers('no lexer here'), undefined);
  assert.throws(() => patchMermaidLexers(lexer.replace('var i = 0', 'let i = 0'), 'changed'), /changed: 1 Jison lexer\(s\) but 0 rule loop/);
});

test('the patch finds every Jison parser of the installed Mermaid, and refuses one it does not know or whose actions keep a stack', () => {
  const chunks = join('node_modules', 'mermaid', 'dist', 'chunks', 'mermaid.core');
  let parsers = 0;
  let sequenceChunk = '';
  for (const name of readdirSync(chunks).filter((file) => file.endsWith('.mjs'))) {
    const text = readFileSync(join(chunks, name), 'utf8');
    const patchedChunk = patchMermaidParsers(text, name);
    if (patchedChunk === undefined) continue;
    parsers += (patchedChunk.match(/vstack\.pop\(\);/g) ?? []).length;
    assert.equal((patchedChunk.match(/\.slice\(0, -1 \* len/g) ?? []).length, 0, `${name}: a stack still copied`);
    if (text.includes('sequenceDiagram')) sequenceChunk = text;
  }
  assert.ok(parsers >= 15, `Jison parsers patched in the installed Mermaid: ${parsers}`);
  assert.ok(sequenceChunk, 'the sequence diagram chunk');
  assert.equal(patchMermaidParsers('no parser here'), undefined);
  const withAction = (line: string) => sequenceChunk.replace('var $0 = $$.length - 1;', () => `var $0 = $$.length - 1; ${line}`);
  assert.ok(patchMermaidParsers(withAction('this._$ = yy.a;'), 'a property named _$'));
  assert.throws(() => patchMermaidParsers(withAction('this.kept = $$;'), 'kept'), /kept: a grammar action uses its stack as '\$\$;/);
  assert.throws(() => patchMermaidParsers(withAction('yy.places = _$.slice();'), 'copied'), /copied: a grammar action uses its stack as '_\$\.slice/);
  assert.throws(() => patchMermaidParsers(sequenceChunk.replace('lstack = lstack.slice(0, -1 * len);', 'lstack = lstack.slice(0, -len);'), 'changed'), /changed: 1 Jison parser\(s\) but 1 action call\(s\) and 0 stack pop\(s\)/);
});
