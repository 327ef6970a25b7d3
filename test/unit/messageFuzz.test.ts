/**
 * Fuzz of the messages between the preview's host and its webview (client/src/preview/protocol.ts).
 * Each side accepts only what `isHostMessage` / `isWebviewMessage` say; here, with fast-check:
 *
 *   - arbitrary values (JSON-ish, structured-clonable, sparse arrays, odd numbers, prototype keys)
 *     never make either validator throw, and garbage is rejected;
 *   - valid messages of every type are accepted, and mutations of them (a field removed, added,
 *     replaced, retyped; the type swapped) never crash the validators;
 *   - every value a validator accepts really has the declared shape, checked by an independent
 *     oracle written from the protocol's types (e.g. an 'export' of svg holds `<svg…`, of png a
 *     `data:image/png;base64,` URL with a base64 payload).
 *
 *   node --import tsx --test test/unit/messageFuzz.test.ts
 *
 * FUZZ_RUNS sets the runs per property (default 1,000; `npm run fuzz` uses more), FUZZ_SEED and
 * FUZZ_PATH replay a failure. Values are checked as they arrive over postMessage: structured
 * clones (which keep sparse arrays and drop prototypes), and also as they are.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import * as protocol from '../../client/src/preview/protocol';
import { isHostMessage, isWebviewMessage, MERMAID_THEMES } from '../../client/src/preview/protocol';

/** Most nodes a graph message may carry (the constant has had more than one name). */
const MAX_GRAPH_NODES: number = (protocol as unknown as Record<string, number | undefined>).MAX_GRAPH_MESSAGE_NODES ?? (protocol as unknown as Record<string, number | undefined>).MAX_GRAPH_NODES ?? 1_000;

const FUZZ_RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : undefined;

function params<T>(defaultRuns: number, examples?: T[]): fc.Parameters<T> {
  const p: fc.Parameters<T> = { numRuns: FUZZ_RUNS ?? defaultRuns, includeErrorInReport: true };
  // A fixed seed by default: npm test replays the same sample every run; set FUZZ_SEED to explore.
  p.seed = Number(process.env.FUZZ_SEED ?? 20261129);
  if (process.env.FUZZ_PATH) p.path = process.env.FUZZ_PATH;
  if (examples) p.examples = examples;
  return p;
}

// ---- the oracle: the declared shapes, written from the protocol's types --------------------------

type Check = (value: unknown) => boolean;

const own = (value: object, key: string) => Object.prototype.hasOwnProperty.call(value, key);
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value)
  && !(value instanceof Map) && !(value instanceof Set) && !(value instanceof Date) && !(value instanceof RegExp);
const nat: Check = (value) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const str: Check = (value) => typeof value === 'string';
const nonEmpty: Check = (value) => typeof value === 'string' && value.length > 0;
const bool: Check = (value) => typeof value === 'boolean';
const theme: Check = (value) => typeof value === 'string' && (MERMAID_THEMES as readonly string[]).includes(value);
/** Every element present (no holes), no other own properties, each of the shape. */
const list = (item: Check): Check => (value) => Array.isArray(value) && Object.keys(value).length === value.length
  && Array.from({ length: value.length }, (_, i) => i).every((i) => i in value && item(value[i]));
const SVG = /^\s*<svg[\s>]/;
const svg: Check = (value) => typeof value === 'string' && SVG.test(value);
const PNG_PREFIX = 'data:image/png;base64,';
/** A data URL of base64 (any text after the prefix is not a PNG). */
const png: Check = (value) => typeof value === 'string' && value.startsWith(PNG_PREFIX)
  && /^[A-Za-z0-9+/]*={0,2}$/.test(value.slice(PNG_PREFIX.length)) && (value.length - PNG_PREFIX.length) % 4 === 0;

/** An object with exactly these own keys (optional ones may be missing or undefined). */
function shape(required: Record<string, Check>, optional: Record<string, Check> = {}): Check {
  return (value) => {
    if (!isObject(value)) return false;
    const keys = Object.keys(value);
    if (!keys.every((key) => key in required || key in optional)) return false;
    for (const [key, check] of Object.entries(required)) if (!own(value, key) || !check(value[key])) return false;
    for (const [key, check] of Object.entries(optional)) if (own(value, key) && value[key] !== undefined && !check(value[key])) return false;
    return true;
  };
}

const graphNode = shape({ id: (v) => typeof v === 'string' && /^n\d+$/.test(v), uri: nonEmpty, title: str });
const uniqueIds: Check = (value) => Array.isArray(value) && new Set(value.map((node: { id: string }) => node.id)).size === value.length;
const renderError = shape({ index: nat, line: nat, message: str });

const block = shape({ index: nat, heading: str, source: str, line: nat, closed: bool }, { notice: str });
const HOST_SHAPES: Record<string, Check> = {
  update: shape({ type: str, documentUri: str, title: str, version: nat, blocks: list(block), theme }),
  theme: shape({ type: str, theme }),
  graph: (value) => shape({ type: str, version: nat, title: str, source: str, nodes: list(graphNode), capped: bool, total: nat, theme })(value) && uniqueIds((value as { nodes: unknown }).nodes),
};

const WEBVIEW_SHAPES: Record<string, Check> = {
    ready: shape({ type: str }),
    rendered: shape({ type: str, version: nat, total: nat, rendered: list(nat), errors: list(renderError) }),
    reveal: shape({ type: str, line: nat }),
    export: (value) => shape({ type: str, format: (v) => v === 'svg' || v === 'png', index: nat, data: str })(value)
      && ((value as { format: string }).format === 'svg' ? svg((value as { data: unknown }).data) : png((value as { data: unknown }).data)),
    copy: shape({ type: str, index: nat, svg }),
    graphRendered: shape({ type: str, version: nat, nodes: nat }, { error: str }),
    openEntry: shape({ type: str, uri: nonEmpty }),
};

function declared(shapes: Record<string, Check>, value: unknown): boolean {
  if (!isObject(value) || typeof value.type !== 'string' || !own(value, 'type') || !own(shapes, value.type)) return false;
  return shapes[value.type](value);
}

const isDeclaredHostMessage = (value: unknown) => declared(HOST_SHAPES, value);
const isDeclaredWebviewMessage = (value: unknown) => declared(WEBVIEW_SHAPES, value);

/** What the other side receives: a structured clone (or, if it cannot be cloned, nothing). */
function received(value: unknown): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: structuredClone(value) };
  } catch {
    return { ok: false };
  }
}

/** Never throws, and what it accepts has the declared shape. */
function checkValue(value: unknown, stats?: Stats): void {
  let host: boolean;
  let webview: boolean;
  try {
    host = isHostMessage(value);
    webview = isWebviewMessage(value);
  } catch (error) {
    assert.fail(`a validator threw on ${describe_(value)}: ${String(error)}`);
  }
  const clone = received(value);
  if (!clone.ok) return;
  const cloneHost = isHostMessage(clone.value);
  const cloneWebview = isWebviewMessage(clone.value);
  if (stats) {
    stats.total++;
    if (cloneHost || cloneWebview) stats.accepted++;
  }
  if (cloneHost) assert.ok(isDeclaredHostMessage(clone.value), `isHostMessage accepted a value outside the declared shape: ${describe_(clone.value)}`);
  if (cloneWebview) assert.ok(isDeclaredWebviewMessage(clone.value), `isWebviewMessage accepted a value outside the declared shape: ${describe_(clone.value)}`);
  // The raw value (prototypes and all) and its clone are judged alike, except where cloning drops what made it valid.
  if (isObject(value) && Object.getPrototypeOf(value) === Object.prototype && host !== cloneHost) assert.fail(`isHostMessage differs on a value and its clone: ${describe_(value)}`);
  if (isObject(value) && Object.getPrototypeOf(value) === Object.prototype && webview !== cloneWebview) assert.fail(`isWebviewMessage differs on a value and its clone: ${describe_(value)}`);
}

interface Stats {
  total: number;
  accepted: number;
}

function describe_(value: unknown): string {
  try {
    const seen = new WeakSet();
    const text = JSON.stringify(value, (_key, v) => {
      if (typeof v === 'bigint') return `${v}n`;
      if (v === undefined) return '<undefined>';
      if (Array.isArray(v) && Object.keys(v).length !== v.length) return { sparseArray: Array.from({ length: v.length }, (_, i) => (i in v ? v[i] : '<hole>')) };
      if (typeof v === 'object' && v !== null) {
        if (seen.has(v)) return '<cycle>';
        seen.add(v);
      }
      if (typeof v === 'string' && v.length > 120) return `${v.slice(0, 120)}…(${v.length})`;
      return v;
    });
    return text.length > 1_500 ? `${text.slice(0, 1_500)}…` : text;
  } catch {
    return String(value);
  }
}

// ---- generators -----------------------------------------------------------------------------------

const natArb = fc.nat({ max: 999_999 });
const textArb = fc.string({ maxLength: 40 });
const themeArb = fc.constantFrom(...MERMAID_THEMES);
const blockArb = fc.record(
  { index: natArb, heading: textArb, source: fc.string({ maxLength: 200 }), line: natArb, closed: fc.boolean(), notice: textArb },
  { requiredKeys: ['index', 'heading', 'source', 'line', 'closed'] },
);
const graphNodesArb = fc.uniqueArray(fc.integer({ min: 0, max: 999_999 }), { maxLength: 20 }).chain((ids) =>
  fc.tuple(...ids.map((id) => fc.record({ id: fc.constant(`n${id}`), uri: fc.string({ minLength: 1, maxLength: 40 }), title: textArb }))),
);

export const hostMessageArb = fc.oneof(
  fc.record({ type: fc.constant('update' as const), documentUri: textArb, title: textArb, version: natArb, blocks: fc.array(blockArb, { maxLength: 5 }), theme: themeArb }),
  fc.record({ type: fc.constant('theme' as const), theme: themeArb }),
  fc.record({ type: fc.constant('graph' as const), version: natArb, title: textArb, source: fc.string({ maxLength: 200 }), nodes: graphNodesArb, capped: fc.boolean(), total: natArb, theme: themeArb }),
);

const base64Arb = fc.uint8Array({ maxLength: 60 }).map((bytes) => Buffer.from(bytes).toString('base64'));
const svgArb = fc.tuple(fc.constantFrom('', ' ', '\n', '\t '), fc.constantFrom(' ', '>', '\n'), fc.string({ maxLength: 80 })).map(([lead, after, rest]) => `${lead}<svg${after}${rest}`);

export const webviewMessageArb = fc.oneof(
  fc.constant({ type: 'ready' as const }),
  fc.record({ type: fc.constant('rendered' as const), version: natArb, total: natArb, rendered: fc.array(natArb, { maxLength: 10 }), errors: fc.array(fc.record({ index: natArb, line: natArb, message: textArb }), { maxLength: 5 }) }),
  fc.record({ type: fc.constant('reveal' as const), line: natArb }),
  fc.record({ type: fc.constant('export' as const), format: fc.constant('svg' as const), index: natArb, data: svgArb }),
  fc.record({ type: fc.constant('export' as const), format: fc.constant('png' as const), index: natArb, data: base64Arb.map((b) => `${PNG_PREFIX}${b}`) }),
  fc.record({ type: fc.constant('copy' as const), index: natArb, svg: svgArb }),
  fc.record({ type: fc.constant('graphRendered' as const), version: natArb, nodes: natArb, error: textArb }, { requiredKeys: ['type', 'version', 'nodes'] }),
  fc.record({ type: fc.constant('openEntry' as const), uri: fc.string({ minLength: 1, maxLength: 60 }) }),
);

const TYPES = ['update', 'theme', 'graph', 'ready', 'rendered', 'reveal', 'export', 'copy', 'graphRendered', 'openEntry'];
const KEYS = ['type', 'documentUri', 'title', 'version', 'blocks', 'theme', 'source', 'nodes', 'capped', 'total', 'format', 'index', 'data', 'svg', 'line', 'rendered', 'errors', 'error', 'uri', 'notice', 'heading', 'closed', 'id', 'message', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

/** Values that probe the edges of the checks: odd numbers, near-miss strings, odd containers. */
const edgeValueArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    -1, -0, 0.5, 1e6, 999_999, 1_000_000, 2 ** 31, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, NaN, Infinity, -Infinity, '0', '1', '', ' ', 'n', 'n1', 'n01', 'N1', 'n1\n', 'n1234567',
    '<svg>', ' <svg ', '<SVG>', '<svgx>', '<svg', 'data:image/png;base64,', 'data:image/png;base64,<script>alert(1)</script>', 'data:image/svg+xml;base64,PHN2Zz4=', 'data:image/png;base64,AAAA',
    'javascript:alert(1)', 'dark', 'default', 'evil', 'svg', 'png', 'jpeg', true, false, null, undefined, [], {}, [[]], [{}], { type: 'ready' }, Object.create(null),
    new Date(0), new Map([['type', 'ready']]), new Set(['ready']), 10n, new Uint8Array([60, 115, 118, 103, 62]), /x/,
  ),
  fc.sparseArray(fc.nat(), { maxLength: 4 }),
  fc.sparseArray(blockArb, { maxLength: 3 }),
  fc.sparseArray(fc.record({ index: natArb, line: natArb, message: textArb }), { maxLength: 3 }),
  fc.string({ maxLength: 20 }),
  fc.double(),
);

const anythingArb: fc.Arbitrary<unknown> = fc.anything({
  maxDepth: 3,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withObjectString: true,
  withSet: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
  key: fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })),
  values: [fc.boolean(), fc.integer(), fc.double(), fc.string(), fc.constantFrom(...TYPES, ...MERMAID_THEMES), edgeValueArb],
});

const jsonArb = fc.jsonValue({ maxDepth: 4 });

type Mutation =
  | { op: 'delete'; path: number }
  | { op: 'replace'; path: number; value: unknown }
  | { op: 'add'; path: number; key: string; value: unknown }
  | { op: 'retype'; to: string }
  | { op: 'wrap'; how: 'array' | 'object' | 'json' };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), path: fc.nat() }),
  { arbitrary: fc.record({ op: fc.constant('replace' as const), path: fc.nat(), value: fc.oneof(edgeValueArb, anythingArb, jsonArb) }), weight: 4 },
  fc.record({ op: fc.constant('add' as const), path: fc.nat(), key: fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })), value: fc.oneof(edgeValueArb, jsonArb) }),
  fc.record({ op: fc.constant('retype' as const), to: fc.oneof(fc.constantFrom(...TYPES), fc.string({ maxLength: 10 })) }),
  fc.record({ op: fc.constant('wrap' as const), how: fc.constantFrom('array' as const, 'object' as const, 'json' as const) }),
);

/** Every container (object or array) in a value, with the keys it holds, for mutations to pick from. */
function containers(value: unknown): (Record<string, unknown> | unknown[])[] {
  const found: (Record<string, unknown> | unknown[])[] = [];
  const walk = (v: unknown) => {
    if (!Array.isArray(v) && !(typeof v === 'object' && v !== null && [Object.prototype, null].includes(Object.getPrototypeOf(v)))) return;
    found.push(v as Record<string, unknown>);
    for (const child of Object.values(v)) walk(child);
  };
  walk(value);
  return found;
}

/** A copy of a generated value, so that mutations never change what fast-check will shrink. */
function fresh<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}

function mutate(message: unknown, mutations: Mutation[]): unknown {
  let value: unknown = structuredClone(message);
  for (const m of mutations) {
    if (m.op === 'wrap') {
      // 'json': what a JSON transport would deliver (BigInts, which JSON cannot carry, become strings).
      value = m.how === 'array' ? [value] : m.how === 'object' ? { message: value } : JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? String(v) : v)) ?? 'null');
      continue;
    }
    if (m.op === 'retype') {
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) (value as Record<string, unknown>).type = m.to;
      continue;
    }
    const all = containers(value);
    if (all.length === 0) continue;
    const target = all[m.path % all.length] as Record<string, unknown>;
    const keys = Object.keys(target);
    if (m.op === 'add') {
      // defineProperty: an own key even for "__proto__".
      Object.defineProperty(target, m.key, { value: fresh(m.value), enumerable: true, configurable: true, writable: true });
    } else if (keys.length) {
      const key = keys[m.path % keys.length];
      if (m.op === 'delete') delete target[key];
      else target[key] = fresh(m.value);
    }
  }
  return value;
}

// ---- properties ---------------------------------------------------------------------------------

describe('host ↔ webview message validation under fuzzing', () => {

  test('valid messages of every type are accepted, by the right side only, and match the oracle', () => {
    fc.assert(fc.property(hostMessageArb, (message) => {
      assert.ok(isDeclaredHostMessage(message), `the generator made an invalid message: ${describe_(message)}`);
      assert.ok(isHostMessage(message), `isHostMessage rejected ${describe_(message)}`);
      assert.ok(isHostMessage(structuredClone(message)));
      assert.ok(!isWebviewMessage(message), 'a host message is not a webview message');
    }), params(1_000));
    fc.assert(fc.property(webviewMessageArb, (message) => {
      assert.ok(isDeclaredWebviewMessage(message), `the generator made an invalid message: ${describe_(message)}`);
      assert.ok(isWebviewMessage(message), `isWebviewMessage rejected ${describe_(message)}`);
      assert.ok(isWebviewMessage(structuredClone(message)));
      assert.ok(!isHostMessage(message), 'a webview message is not a host message');
    }), params(1_000));
  });

  test('arbitrary JSON values: no validator throws; garbage is rejected', () => {
    const stats: Stats = { total: 0, accepted: 0 };
    fc.assert(fc.property(jsonArb, (value) => {
      checkValue(value, stats);
      // JSON values without a known `type` are garbage.
      if (!(typeof value === 'object' && value !== null && !Array.isArray(value) && TYPES.includes((value as { type?: string }).type as string))) {
        assert.ok(!isHostMessage(value) && !isWebviewMessage(value), `garbage accepted: ${describe_(value)}`);
      }
    }), params(2_000));
  });

  test('arbitrary structured-clonable values (sparse arrays, Maps, typed arrays, null prototypes, odd numbers): no validator throws; what is accepted has the declared shape', () => {
    const stats: Stats = { total: 0, accepted: 0 };
    fc.assert(fc.property(anythingArb, (value) => checkValue(value, stats)), params(2_000));
    assert.ok(stats.total > 0);
  });

  test('host messages mutated (fields removed, added, replaced, retyped, wrapped): no crash; accepted ones have the declared shape', () => {
    const stats: Stats = { total: 0, accepted: 0 };
    fc.assert(fc.property(hostMessageArb, fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (message, mutations) => checkValue(mutate(message, mutations), stats)), params(3_000));
    // Some mutations leave a valid message (a replaced field with a fitting value): the oracle held for those too.
    assert.ok(stats.accepted < stats.total, 'most mutations are rejected');
  });

  test('webview messages mutated: no crash; accepted ones have the declared shape', () => {
    const stats: Stats = { total: 0, accepted: 0 };
    fc.assert(fc.property(webviewMessageArb, fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (message, mutations) => checkValue(mutate(message, mutations), stats)), params(3_000));
    assert.ok(stats.accepted < stats.total, 'most mutations are rejected');
  });

  test('type confusion: the fields of one message under the type of another are rejected unless they fit it', () => {
    fc.assert(fc.property(fc.oneof(hostMessageArb, webviewMessageArb), fc.constantFrom(...TYPES), (message, type) => {
      checkValue({ ...message, type });
    }), params(2_000));
  });

  test('the limits: more graph nodes than MAX_GRAPH_NODES, duplicate node ids, indexes of a million and more are rejected', () => {
    const node = (id: number) => ({ id: `n${id}`, uri: `file:///g/${id}.md`, title: `T${id}` });
    const graph = (nodes: unknown[]) => ({ type: 'graph', version: 1, title: 't', source: 'graph TD', nodes, capped: false, total: nodes.length, theme: 'dark' });
    assert.ok(isHostMessage(graph(Array.from({ length: MAX_GRAPH_NODES }, (_, i) => node(i)))));
    assert.ok(!isHostMessage(graph(Array.from({ length: MAX_GRAPH_NODES + 1 }, (_, i) => node(i)))));
    assert.ok(!isHostMessage(graph([node(1), node(1)])));
    assert.ok(!isWebviewMessage({ type: 'reveal', line: 1_000_000 }));
    assert.ok(!isWebviewMessage({ type: 'reveal', line: 2 ** 53 }));
    assert.ok(!isWebviewMessage({ type: 'reveal', line: -1 }));
    assert.ok(!isWebviewMessage({ type: 'reveal', line: 1.5 }));
  });

  // What the properties above found during this work (fixed in protocol.ts since), kept as explicit examples.
  test('a sparse array (a hole where a block, a node, an index or an error should be) is rejected', () => {
    // eslint-disable-next-line no-sparse-arrays
    const hole = [, 1];
    const rendered = { type: 'rendered', version: 1, total: 2, rendered: structuredClone(hole), errors: [] };
    const errors = { type: 'rendered', version: 1, total: 2, rendered: [], errors: structuredClone(new Array(1)) };
    const update = { type: 'update', documentUri: 'file:///a.md', title: 'a', version: 1, blocks: structuredClone(new Array(2)), theme: 'dark' };
    const graph = { type: 'graph', version: 1, title: 't', source: 'graph TD', nodes: structuredClone(new Array(1)), capped: false, total: 1, theme: 'dark' };
    const accepted = [rendered, errors, update, graph].filter((m) => isWebviewMessage(m) || isHostMessage(m)).map((m) => describe_(m));
    assert.deepEqual(accepted, [], 'accepted with holes');
  });

  test('an array with an own `constructor` property (kept by structuredClone) does not make isHostMessage throw', () => {
    const nodes = structuredClone(Object.assign([{ id: 'n0', uri: 'file:///a.md', title: 'A' }], { constructor: null }));
    const message = { type: 'graph', version: 1, title: 't', source: 'graph TD', nodes, capped: false, total: 1, theme: 'dark' };
    let outcome: unknown;
    try {
      outcome = isHostMessage(message);
    } catch (error) {
      outcome = `threw ${String(error)}`;
    }
    assert.equal(outcome, false);
  });

  test("an 'export' of png holds a base64 payload, not any text after the prefix", () => {
    const bad = ['data:image/png;base64,<script>alert(1)</script>', 'data:image/png;base64,not base64!', 'data:image/png;base64,QQ=QQ'];
    const accepted = bad.filter((data) => isWebviewMessage({ type: 'export', format: 'png', index: 0, data }));
    assert.deepEqual(accepted, []);
  });
});
