/**
 * scripts/mermaidConfigCopy.mjs: the faster `assignWithDepth` the Mermaid bundles carry gives what
 * Mermaid's own gives (the same objects, the same own properties, the same prototypes), and the
 * installed Mermaid still holds the function it replaces.
 */
import { describe, test } from 'node:test';
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ORIGINAL, ORIGINAL_GET_CONFIG, ORIGINAL_UPDATE_CONFIG, REPLACEMENT, REPLACEMENT_GET_CONFIG, REPLACEMENT_UPDATE_CONFIG, patchMermaidChunk } from '../../scripts/mermaidConfigCopy.mjs';

type Assign = (dst: unknown, src: unknown, options?: { depth?: number }) => unknown;

/** The function in `source`, with Mermaid's `__name` (which only names functions). */
function compile(source: string): Assign {
  const name = <T>(fn: T) => fn;
  return new Function('__name', `${source}\nreturn assignWithDepth;`)(name) as Assign;
}

const original = compile(ORIGINAL);
const replacement = compile(REPLACEMENT);
/** The replacement's copy into a fresh object, what getConfig makes of the configuration. */
const copyOf = new Function('__name', `${REPLACEMENT}\nreturn glossaryCopyOf;`)(<T>(fn: T) => fn) as (src: unknown) => unknown;

/** Own properties with their descriptors, prototypes, recursively: what deepStrictEqual would miss. */
function shape(value: unknown, seen = new Set<unknown>()): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? `fn:${value.name}` : value;
  if (seen.has(value)) return '[cycle]';
  seen.add(value);
  const proto = Object.getPrototypeOf(value);
  return {
    proto: proto === Object.prototype ? 'Object' : proto === Array.prototype ? 'Array' : proto === null ? 'null' : shape(proto, seen),
    props: Reflect.ownKeys(value).map((key) => {
      const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
      return [String(key), descriptor.writable, descriptor.enumerable, descriptor.configurable, shape(descriptor.value, seen)];
    }),
  };
}

/** Runs both on fresh copies of the same inputs; returns and destinations must match. */
function same(makeDst: () => unknown, makeSrc: () => unknown, options?: { depth?: number }): void {
  const [dstA, srcA, dstB, srcB] = [makeDst(), makeSrc(), makeDst(), makeSrc()];
  const a = original(dstA, srcA, options);
  const b = replacement(dstB, srcB, options);
  assert.deepEqual(shape(b), shape(a));
  assert.deepEqual(shape(dstB), shape(dstA));
  assert.deepEqual(shape(srcB), shape(srcA), 'the source is left as it was');
  assert.equal(b === dstB, a === dstA, 'returns the destination exactly when the original does');
}

const config = () => ({
  theme: 'default',
  securityLevel: 'strict',
  startOnLoad: false,
  secure: ['secure', 'securityLevel', 'startOnLoad'],
  themeVariables: { primaryColor: '#fff', fontSize: '16px', nested: { deep: { deeper: 1 } } },
  flowchart: { htmlLabels: true, curve: 'basis', padding: 15, arrayMarkers: ['a', 'b'], empty: null, undefinedValue: undefined },
  sequence: { mirrorActors: true, messageFont: () => ({ fontSize: 12 }) },
  nothing: null,
  count: 0,
});

describe('the replacement of Mermaid\'s assignWithDepth', () => {
  test('copies a configuration into a fresh object at every depth as Mermaid does', () => {
    for (const depth of [undefined, 0, 1, 2, 3, 5]) same(() => ({}), config, depth === undefined ? undefined : { depth });
  });

  test('merges into an existing configuration: kept keys, overwritten values, objects over primitives and back', () => {
    same(config, () => ({ theme: 'dark', flowchart: { padding: 4, curve: { x: 1 } }, themeVariables: 'flat', count: { n: 1 }, secure: ['extra', 'secure'], extra: [1, 2] }));
    same(() => ({ a: 1, b: { c: 2 }, d: null, e: [1] }), () => ({ a: { x: 1 }, b: 3, d: { y: 2 }, e: [1, 2, { z: 3 }] }));
  });

  test('arrays: merged into arrays without duplicates, spread over objects one by one', () => {
    same(() => [1, 2], () => [2, 3, 1, 4]);
    same(() => ({ a: 1 }), () => [{ b: 2 }, { a: 3, c: { d: 4 } }]);
    same(() => ({}), () => [[1], { x: [2] }]);
  });

  test('undefined, null and primitive destinations or sources', () => {
    for (const dst of [undefined, null, 1, 'text', true]) {
      for (const src of [undefined, null, 2, 'other', { a: 1 }, [1]]) same(() => dst, () => src);
    }
    same(() => ({ a: 1 }), () => null);
    same(() => ({ a: 1 }), () => 'text');
  });

  test('a __proto__ key is an own property, never the prototype (as defineProperty makes it)', () => {
    same(() => ({}), () => JSON.parse('{"__proto__": {"polluted": true}, "plain": 1}'));
    same(() => ({}), () => JSON.parse('{"__proto__": 5}'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('keys that Object.prototype holds become own properties', () => {
    same(() => ({}), () => ({ constructor: 'c', toString: 't', hasOwnProperty: { x: 1 }, valueOf: 3 }));
  });

  test('getConfig\'s copy (glossaryCopyOf) is Mermaid\'s copy into a fresh object: the fixture, odd keys and values, any generated object', () => {
    const fresh = (makeSrc: () => unknown) => {
      const [a, b] = [original({}, makeSrc()), copyOf(makeSrc())];
      assert.deepEqual(shape(b), shape(a));
    };
    fresh(config);
    fresh(() => JSON.parse('{"__proto__": {"polluted": true}, "a": {"__proto__": 5, "b": {"__proto__": {"c": 1}}}, "plain": 1}'));
    fresh(() => ({ constructor: 'c', toString: { x: null }, valueOf: [1, 1, 2], hasOwnProperty: () => 1, nested: { deeper: { deepest: { d: [3, 3] } } } }));
    for (const src of [undefined, null, 2, 'text', [1, 1, { a: 1 }]]) fresh(() => src);
    // Values of every kind, to five levels: nulls, undefined, functions, arrays with repeated items and objects in them.
    const leaf = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('a', 'b', '', null, undefined, true, false, 0, -0, NaN));
    const value = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.constantFrom('a', 'b', 'c', 'constructor', 'toString', 'd-e', '0', '1'), tie('node'), { maxKeys: 5 })),
    })).node;
    fc.assert(fc.property(fc.dictionary(fc.constantFrom('theme', 'flowchart', 'sequence', 'x', 'y', 'valueOf', '2'), value, { maxKeys: 6 }), (src) => {
      const json = JSON.stringify(src) ?? 'null';
      // The same object twice (generated values are shared between the two copies otherwise).
      const rebuild = () => structuredClone(src);
      const [a, b] = [original({}, rebuild()), copyOf(rebuild())];
      assert.deepEqual(shape(b), shape(a), json);
    }), { seed: 20261207, numRuns: 3000 });
  });

  test('a frozen destination throws in both', () => {
    assert.throws(() => original(Object.freeze({}), { a: 1 }), TypeError);
    assert.throws(() => replacement(Object.freeze({}), { a: 1 }), TypeError);
  });

  test('the installed Mermaid holds the functions the plugin replaces, once', () => {
    const folder = join('node_modules', 'mermaid', 'dist', 'chunks', 'mermaid.core');
    const patched = readdirSync(folder).filter((name) => name.endsWith('.mjs'))
      .map((name) => patchMermaidChunk(readFileSync(join(folder, name), 'utf8'), name))
      .filter((text): text is string => text !== undefined);
    assert.equal(patched.length, 1);
    assert.ok(patched[0].includes(REPLACEMENT) && !patched[0].includes(ORIGINAL));
    assert.ok(patched[0].includes(REPLACEMENT_GET_CONFIG) && !patched[0].includes(ORIGINAL_GET_CONFIG));
    assert.ok(patched[0].includes(REPLACEMENT_UPDATE_CONFIG) && !patched[0].includes(ORIGINAL_UPDATE_CONFIG));
  });

  test('a chunk whose function differs fails the build rather than shipping unpatched', () => {
    assert.throws(() => patchMermaidChunk(`// src/assignWithDepth.ts\n${ORIGINAL.replace('depth = 2', 'depth = 3')}`, 'chunk.mjs'), /update ORIGINAL/);
    assert.throws(() => patchMermaidChunk(`// src/assignWithDepth.ts\n${ORIGINAL}\n${ORIGINAL_UPDATE_CONFIG.replace('let cfg', 'var cfg')}\n${ORIGINAL_GET_CONFIG}`, 'chunk.mjs'), /updateCurrentConfig is not the one/);
    assert.throws(() => patchMermaidChunk(`// src/assignWithDepth.ts\n${ORIGINAL}\n${ORIGINAL_UPDATE_CONFIG}\n${ORIGINAL_GET_CONFIG.replace('{}', '{ }')}`, 'chunk.mjs'), /getConfig is not the one/);
    assert.equal(patchMermaidChunk('export const unrelated = 1;'), undefined);
  });
});
