#!/usr/bin/env node
// Benchmark of the Mermaid preview webview: edit → fresh diagram.
//
//   npm run build && node --import tsx bench/previewRender.mjs [--runs 20] [--warmup 5] [--sizes 10,25,100]
//
// Loads the built webview (dist/webview/preview.js) in headless Chromium through the same harness
// as the tests (test/webview/harness.ts: the host's real page and CSP, a fake acquireVsCodeApi).
// For each flowchart size it renders the diagram once, then repeatedly edits one node label and
// sends the new `update`. The figure is the time, in page time, from the `postMessage` of the update
// to the webview's `rendered` report for it (render + sanitize + DOM swap). Median of --runs runs,
// after --warmup runs. A last row shows the same edit of the 25-node flowchart in a document with
// nine other diagrams, which stay untouched.

import os from 'node:os';
import { WebviewHarness, nextVersion } from '../test/webview/harness.ts';

function parseArgs(argv) {
  const options = { runs: 20, warmup: 5, sizes: [10, 25, 100] };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--runs') options.runs = Math.max(1, Number(value()));
    else if (flag === '--warmup') options.warmup = Math.max(0, Number(value()));
    else if (flag === '--sizes') options.sizes = value().split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 1);
    else if (flag === '--help' || flag === '-h') {
      console.log('node --import tsx bench/previewRender.mjs [--runs 20] [--warmup 5] [--sizes 10,25,100]');
      process.exit(0);
    } else throw new Error(`Unknown option ${argv[i]}`);
  }
  return options;
}

/** A flowchart of `nodes` nodes: a tree (each node under node ⌊(i−1)/3⌋) plus a few cross edges. */
function flowchart(nodes, editedLabel) {
  const lines = ['flowchart TD'];
  for (let i = 0; i < nodes; i++) lines.push(`  N${i}[${i === Math.floor(nodes / 2) ? editedLabel : `Concept ${i}`}]`);
  for (let i = 1; i < nodes; i++) lines.push(`  N${Math.floor((i - 1) / 3)} --> N${i}`);
  for (let i = 5; i < nodes; i += 7) lines.push(`  N${i} -.-> N${Math.floor(i / 2)}`);
  return lines.join('\n');
}

function block(index, source) {
  return { index, heading: `Diagram ${index + 1}`, source, line: 10 + index * 200, closed: true };
}

function update(blocks) {
  return { type: 'update', documentUri: 'file:///bench/entry.md', title: 'Benchmark entry', version: nextVersion(), theme: 'default', blocks };
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return { median, min: sorted[0], p90: at(90), max: sorted[sorted.length - 1] };
}

/** Times `runs` edits of the block at `editedIndex` in `makeBlocks(label)`; returns page-time latencies. */
async function measure(preview, makeBlocks, editedIndex, { runs, warmup }) {
  const first = await preview.update(update(makeBlocks('Start')));
  if (first.errors.length) throw new Error(`the benchmark diagram does not render: ${first.errors[0].message}`);
  const samples = [];
  const mermaidSamples = [];
  const sanitizeSamples = [];
  for (let run = 0; run < warmup + runs; run++) {
    const message = update(makeBlocks(`Edited label ${run}`));
    const sentAt = await preview.send(message);
    const report = await preview.waitForRendered(message.version, { timeout: 60_000 });
    if (report.rendered.length !== 1 || report.rendered[0] !== editedIndex || report.errors.length) {
      throw new Error(`unexpected report: ${JSON.stringify(report)}`);
    }
    const latency = await preview.latency(sentAt, message.version);
    const parts = await preview.page.evaluate(() => ['glossary:mermaid', 'glossary:sanitize'].map((name) => performance.getEntriesByName(name).at(-1)?.duration ?? Number.NaN));
    if (run >= warmup) {
      samples.push(latency);
      mermaidSamples.push(parts[0]);
      sanitizeSamples.push(parts[1]);
    }
  }
  return { samples, mermaidSamples, sanitizeSamples };
}

const fmt = (ms) => `${ms.toFixed(1)} ms`;

function row(name, { samples, mermaidSamples, sanitizeSamples }) {
  return { name, ...stats(samples), mermaid: stats(mermaidSamples).median, sanitize: stats(sanitizeSamples).median };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const harness = await WebviewHarness.start();
  const preview = await harness.open();
  const chromium = preview.page.context().browser()?.version() ?? 'unknown';
  console.log(`Mermaid preview webview benchmark — Chromium ${chromium} (headless), node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores`);
  console.log(`Bundle ${(harness.scriptBytes / 1e6).toFixed(1)} MB. Edit one node label → \`rendered\`; median of ${options.runs} runs after ${options.warmup} warm-up runs.\n`);
  const rows = [];
  try {
    for (const nodes of options.sizes) {
      const result = await measure(preview, (label) => [block(0, flowchart(nodes, label))], 0, options);
      rows.push(row(`${nodes}-node flowchart`, result));
    }
    const others = Array.from({ length: 9 }, (_, i) => flowchart(12, `Other ${i}`));
    const result = await measure(preview, (label) => [block(0, flowchart(25, label)), ...others.map((source, i) => block(i + 1, source))], 0, options);
    rows.push(row('25-node flowchart + 9 unchanged diagrams', result));
  } finally {
    await preview.close();
    await harness.close();
  }
  const width = Math.max(...rows.map((row) => row.name.length));
  const cell = (ms) => fmt(ms).padStart(9);
  console.log(`| ${'diagram'.padEnd(width)} |    median |       min |       p90 |       max | of which Mermaid | of which sanitize |`);
  console.log(`|${'-'.repeat(width + 2)}|-----------|-----------|-----------|-----------|------------------|-------------------|`);
  for (const r of rows) {
    console.log(`| ${r.name.padEnd(width)} | ${cell(r.median)} | ${cell(r.min)} | ${cell(r.p90)} | ${cell(r.max)} | ${fmt(r.mermaid).padStart(16)} | ${fmt(r.sanitize).padStart(17)} |`);
  }
  console.log('\n"Mermaid" is mermaid.render under the fetch guard; "sanitize" is the DOMPurify pass and CSS/URL clean-up (medians).');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
