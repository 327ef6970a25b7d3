#!/usr/bin/env node
// Benchmark of the Glossary Author language server and CLI over several workload shapes.
//
//   npm run build && node bench/run.mjs [--sizes 1000,5000,20000] [--shapes a,b,c,d,e] [--seed N]
//       [--requests 300] [--edits 300] [--renames 300] [--no-cli] [--no-memory-pass] [--out bench/results.json]
//
// For each size and shape: generate (or reuse, for the same seed) a glossary under .bench/, measure
// the floor, drive the real server over stdio, measure its memory after a full GC in a second
// server, and time the CLI. One table per size; with several sizes, the scaling. See bench/README.md.

import { spawnSync } from 'node:child_process';
import { createHash, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { cliPass } from './cliPass.mjs';
import { OpenDocument } from './entryText.mjs';
import { measureFloor } from './floor.mjs';
import { now, repo, serverExecArgv, serverPath } from './lspSession.mjs';
import { FIGURES, ms, scaling, scalingTable, sizeTable, worstOverShapes } from './report.mjs';
import { memoryPass, serverPass } from './serverPass.mjs';
import { generateShape, NEW_SLUG, SEED_SLUG, shapeSeed, SHAPES } from './shapes.mjs';
import { randomFor } from './stats.mjs';

const USAGE = 'node bench/run.mjs [--sizes 1000,5000,20000] [--shapes a,b,c,d,e] [--seed N] [--requests 300] [--edits 300] [--renames 300] [--no-cli] [--no-memory-pass] [--keep 2] [--out bench/results.json]';

function parseArgs(argv) {
  const options = { sizes: [1000, 5000, 20000], shapes: Object.keys(SHAPES), seed: undefined, requests: 300, edits: 300, renames: 300, cli: true, memoryPass: true, keep: 2, out: join(repo, 'bench', 'results.json') };
  const positive = (flag, text) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} takes a positive integer, not '${text}'`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--sizes') options.sizes = value().split(',').map((s) => positive(flag, s.trim()));
    else if (flag === '--shapes') options.shapes = value().split(',').map((s) => s.trim());
    else if (flag === '--seed') options.seed = positive(flag, value());
    else if (flag === '--requests') options.requests = positive(flag, value());
    else if (flag === '--edits') options.edits = positive(flag, value());
    else if (flag === '--renames') options.renames = positive(flag, value());
    else if (flag === '--keep') options.keep = positive(flag, value());
    else if (flag === '--out') options.out = resolve(value());
    else if (flag === '--no-cli') options.cli = false;
    else if (flag === '--no-memory-pass') options.memoryPass = false;
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
  }
  const unknown = options.shapes.filter((s) => !SHAPES[s]);
  if (unknown.length) throw new Error(`unknown shape ${unknown.join(', ')} (shapes: ${Object.keys(SHAPES).join(', ')})`);
  return options;
}

// ---------------------------------------------------------------- workspaces

const benchRoot = join(repo, '.bench');
/** Generated glossaries are reused only while everything that shaped their bytes is unchanged. */
const generatorHash = createHash('sha1')
  .update(['shapes.mjs', 'generateGlossary.mjs', 'stats.mjs'].map((f) => readFileSync(join(repo, 'bench', f), 'utf8')).join('\0'))
  .update(readFileSync(join(repo, 'test', 'fixtures', 'foundation-model.seed.txt')))
  .digest('hex').slice(0, 12);

/** Keeps the newest `keep` glossaries of one shape and size: every run draws a new seed, and each is up to GBs. */
function prune(shape, size, keep) {
  if (!existsSync(benchRoot)) return;
  const prefix = `${shape}-${size}-seed`;
  const old = readdirSync(benchRoot)
    .filter((name) => name.startsWith(prefix))
    .map((name) => ({ name, at: statSync(join(benchRoot, name)).mtimeMs }))
    .sort((x, y) => y.at - x.at)
    .slice(keep);
  for (const { name } of old) rmSync(join(benchRoot, name), { recursive: true, force: true });
}

function prepareWorkspace(shape, size, seed, keep) {
  const dir = join(benchRoot, `${shape}-${size}-seed${seed}`);
  const folder = join(dir, 'content', 'glossary');
  const markerPath = join(dir, 'generated.json');
  let manifest;
  try {
    const marker = JSON.parse(readFileSync(markerPath, 'utf8'));
    if (marker.generator === generatorHash) manifest = { ...marker.manifest, reused: true };
  } catch { /* generated below */ }
  if (!manifest) {
    prune(shape, size, keep - 1);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    manifest = generateShape(shape, dir, size, seed);
    writeFileSync(markerPath, JSON.stringify({ generator: generatorHash, manifest }, null, 2));
    // Written back now rather than while the floor or the server reads the files.
    spawnSync('sync', ['-f', dir]);
    manifest.reused = false;
  }
  // Left behind by an interrupted run: the entry the dependants name must not exist yet.
  rmSync(join(folder, `${NEW_SLUG}.md`), { force: true });
  const files = readdirSync(folder).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3));
  const slugs = files.filter((s) => !s.startsWith('bench-dep-')).sort();
  const document = (slug) => () => new OpenDocument(join(folder, `${slug}.md`), readFileSync(join(folder, `${slug}.md`), 'utf8'));
  return {
    dir,
    folder,
    manifest,
    slugs,
    known: new Set(files),
    hub: manifest.hub,
    referrers: manifest.referrers,
    newSlug: NEW_SLUG,
    seedDocument: () => withMermaidOnlyDiagram(document(SEED_SLUG)()),
    focusDocument: document(manifest.focus),
    dependantDocuments: () => manifest.dependants.map((slug) => document(slug)()),
  };
}

/**
 * A diagram the server cannot answer without Mermaid (a class diagram with an array member; plain
 * flowcharts, sequence, state and class diagrams it answers itself): the seed-like entry
 * is opened with one more at its end, as a writer adds one, so that every figure after indexing is
 * taken with the Mermaid worker loaded, whatever diagrams the shape generated.
 */
const MERMAID_ONLY_DIAGRAM = '\n```mermaid\nclassDiagram\n  class Glossary {\n    +entries: Term[]\n  }\n  Glossary o-- Term\n```\n';

function withMermaidOnlyDiagram(document) {
  return new OpenDocument(document.path, `${document.text}${MERMAID_ONLY_DIAGRAM}`);
}

// ---------------------------------------------------------------- main

function machine() {
  return {
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
  };
}

const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

async function measureShape(shape, size, seed, options) {
  const started = now();
  const ws = prepareWorkspace(shape, size, seed, options.keep);
  const { dependants, milliseconds, ...manifest } = ws.manifest;
  const result = { label: SHAPES[shape].label, seed, manifest, generatedMs: ws.manifest.reused ? 0 : milliseconds };
  process.stdout.write(`  ${shape} (${SHAPES[shape].label}): ${ws.manifest.reused ? 'reused' : `generated in ${ms(milliseconds)}`}; floor`);
  result.floor = await measureFloor(ws.folder);
  if (result.floor.yamlErrors !== manifest.brokenYaml) result.floorNote = `yaml errors ${result.floor.yamlErrors}, generator broke ${manifest.brokenYaml}`;
  process.stdout.write(', server');
  // The benchmark's own choices (positions, typed slugs) replay with the seed too.
  result.server = await serverPass(ws, options, randomFor(seed ^ size));
  if (options.memoryPass) {
    process.stdout.write(', memory pass');
    result.memory = await memoryPass(ws);
  }
  if (options.cli) {
    process.stdout.write(', CLI');
    result.cli = await cliPass(ws.dir);
    result.cliEverything = await cliPass(ws.dir, 'hint');
  }
  result.seconds = (now() - started) / 1000;
  console.log(` — ${result.seconds.toFixed(0)} s${result.server.error ? ` (error: ${result.server.error})` : ''}`);
  return result;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(serverPath)) throw new Error(`${serverPath} is missing: run \`npm run build\` first`);
  const runSeed = options.seed ?? randomInt(1, 2 ** 31 - 1);
  const seeds = Object.fromEntries(options.shapes.map((shape) => [shape, shapeSeed(runSeed, shape)]));
  const meta = {
    date: new Date().toISOString(),
    ...machine(),
    serverExecArgv,
    runSeed,
    seeds,
    options: { ...options, out: undefined },
    loadAverageAtStart: loadAverage(),
  };
  const started = now();
  console.log(`Glossary Author benchmark: node ${meta.node}, ${meta.cpu}, ${meta.cores} cores, ${meta.platform}; load average ${meta.loadAverageAtStart}`);
  console.log(`Run seed ${runSeed} (replay: --seed ${runSeed}); shape seeds ${options.shapes.map((s) => `${s}=${seeds[s]}`).join(', ')}\n`);
  const runs = [];
  for (const size of options.sizes) {
    console.log(`${size.toLocaleString('en-US')} entries:`);
    const shapes = {};
    for (const shape of options.shapes) {
      try {
        shapes[shape] = await measureShape(shape, size, seeds[shape], options);
      } catch (error) {
        shapes[shape] = { label: SHAPES[shape].label, seed: seeds[shape], error: error instanceof Error ? error.stack : String(error) };
        console.log(` — failed: ${shapes[shape].error}`);
      }
    }
    const worst = worstOverShapes(shapes);
    runs.push({ size, shapes, worst });
    console.log(`\n${sizeTable(size, shapes, worst, seeds)}\n`);
  }
  const scale = scaling(runs);
  if (scale) console.log(`${scalingTable(scale)}\n`);
  meta.loadAverageAtEnd = loadAverage();
  meta.totalSeconds = (now() - started) / 1000;
  const missedTargets = runs.flatMap((r) => FIGURES.filter((f) => r.worst[f.id]?.missed).map((f) => `${r.size}: ${f.label}`));
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify({ meta, runs, scaling: scale, missedTargets }, null, 2)}\n`);
  console.log(`Total ${(meta.totalSeconds / 60).toFixed(1)} min; load average at the end ${meta.loadAverageAtEnd}. Run seed ${runSeed}. Figures in ${options.out}`);
  if (runs.some((r) => Object.values(r.shapes).some((s) => s.error || s.server?.error || s.memory?.error || s.memory?.openOnlyError || s.cli?.error || s.cliEverything?.error))) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
