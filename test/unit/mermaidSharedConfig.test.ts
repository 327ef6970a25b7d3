/**
 * The Mermaid check's shared configuration (scripts/mermaidConfigCopy.mjs, mermaidEngine.ts's
 * parseDiagram): over diagrams of every type, valid and broken, with and without configuration of
 * their own, a parse with the configuration shared has the outcome of Mermaid's published parse.
 * The engine is bundled here with the plugin, as esbuild.mjs bundles the Mermaid worker.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MermaidApi } from '../../server/src/mermaidEngine';
import { loadBundledMermaid, mermaidBlocksIn, type LoadedMermaid, type MermaidEngine } from './mermaidBundle';
import { BROKEN_DIAGRAMS as BROKEN, VALID_DIAGRAMS as VALID } from './mermaidDiagrams';

let loaded: LoadedMermaid;
let engine: MermaidEngine;
let mermaid: MermaidApi;

before(async () => {
  loaded = await loadBundledMermaid();
  ({ engine, mermaid } = loaded);
});

after(() => loaded?.dispose());


/** 'valid', or Mermaid's error. */
async function outcomeOf(source: string, sharing: boolean): Promise<string> {
  try {
    await engine.parseDiagram(mermaid, source, sharing);
    return 'valid';
  } catch (error) {
    return `error: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** `read()` as it runs during the check's parses: with the configuration shared. */
function whileShared<T>(read: () => T): T {
  const flags = globalThis as { glossaryMermaidSharedConfig?: boolean };
  flags.glossaryMermaidSharedConfig = true;
  try {
    return read();
  } finally {
    flags.glossaryMermaidSharedConfig = false;
  }
}

/** What a reader of the current configuration gets while the check shares it. */
function sharedCopy(): object {
  return whileShared(() => mermaid.mermaidAPI.getConfig());
}

/** Back to the site's configuration, as every parse starts (its configurations made once while shared). */
function resetShared(): void {
  whileShared(() => (mermaid.mermaidAPI as unknown as { reset(): void }).reset());
}

/** A copy of a configuration's plain objects and arrays (its functions as they are), to compare with it later. */
function snapshotOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snapshotOf);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, snapshotOf(item)]));
}

/** The values at paths where `copy` differs from `fresh` (each a plain configuration). */
function differences(copy: unknown, fresh: unknown, path: string[] = []): { path: string[]; value: unknown }[] {
  if (copy === fresh) return [];
  if (typeof copy !== 'object' || typeof fresh !== 'object' || copy === null || fresh === null) return [{ path, value: copy }];
  const found: { path: string[]; value: unknown }[] = [];
  for (const key of new Set([...Object.keys(copy), ...Object.keys(fresh)])) {
    found.push(...differences((copy as Record<string, unknown>)[key], (fresh as Record<string, unknown>)[key], [...path, key]));
  }
  return found;
}

describe("the Mermaid check's shared configuration", () => {
  test('is on only while the check parses: readers then share one copy of a configuration, kept from parse to parse; otherwise each gets its own', async () => {
    const api = mermaid.mermaidAPI;
    assert.notEqual(api.getConfig(), api.getConfig(), 'the published behaviour: a copy per reader');
    resetShared();
    const first = sharedCopy();
    assert.equal(sharedCopy(), first, 'shared: one copy for the same configuration');
    await engine.parseDiagram(mermaid, VALID[0]);
    await engine.parseDiagram(mermaid, VALID[4]);
    resetShared();
    assert.equal(sharedCopy(), first, 'the same copy after parses');
    assert.notEqual(api.getConfig(), api.getConfig(), 'after a check, rendering gets copies again');
  });

  test('parses one after another, in any order, have the outcomes of published parses; what they write into a shared copy is the same at every parse', async () => {
    const api = mermaid.mermaidAPI;
    const sources = [...VALID, ...BROKEN, ...mermaidBlocksIn(['examples'], [])];
    resetShared();
    const published = new Map<string, string>();
    for (const source of sources) published.set(source, await outcomeOf(source, false));
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    /** Each shared copy (the copy of the configuration a parse ended with) as the first round left it. */
    const afterFirstRound = new Map<object, unknown>();
    const copies = new Set<object>();
    for (let round = 0; round < 3; round++) {
      const order = sources.map((source) => ({ source, key: random() })).sort((a, b) => a.key - b.key);
      for (const { source } of order) {
        assert.equal(await outcomeOf(source, true), published.get(source), `round ${round}, after the diagrams before it:\n${source}`);
        const copy = sharedCopy();
        copies.add(copy);
        if (round > 0 && afterFirstRound.has(copy)) assert.deepEqual(copy, afterFirstRound.get(copy), `round ${round}: a parse wrote something else into a shared copy:\n${source}`);
        // Written, if at all, by a diagram's init: a top-level setting copied into its section (the flowchart's arrowMarkerAbsolute).
        const fresh = api.getConfig() as Record<string, unknown>;
        for (const written of differences(copy, fresh)) {
          const [section, key, ...deeper] = written.path;
          assert.ok(deeper.length === 0 && section !== undefined && key !== undefined && !(key in ((fresh[section] as object | undefined) ?? {})) && written.value === fresh[key], `round ${round}: ${written.path.join('.')} = ${JSON.stringify(written.value)} after\n${source}`);
        }
      }
      if (round === 0) for (const copy of copies) afterFirstRound.set(copy, snapshotOf(copy));
      resetShared();
    }
    assert.ok(copies.size >= 2, `shared copies read: ${copies.size}`);
  });

  test('every diagram has the outcome of the published parse: passes pass, failures fail with the same message', async () => {
    const examples = mermaidBlocksIn(['examples'], []);
    assert.ok(examples.length >= 10, `example glossaries' diagrams found: ${examples.length}`);
    const outcome = outcomeOf;
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
