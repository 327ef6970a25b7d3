// What the benchmark reports: the figures with their targets (one list, used by the tables, the
// worst-over-shapes summary and the scaling check), one Markdown table per size, and the scaling.

const SUMMARY_STATS = ['p50', 'p99', 'max'];

export function ms(value) {
  if (value === undefined || value === null || !Number.isFinite(value)) return 'n/a';
  if (value < 10) return `${value.toFixed(2)} ms`;
  if (value < 100) return `${value.toFixed(1)} ms`;
  return `${Math.round(value).toLocaleString('en-US')} ms`;
}
const plainMs = (value) => ms(value).replace(' ms', '');
const mb = (value) => (Number.isFinite(value) ? `${Math.round(value)} MB` : 'n/a');
const times = (value) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a');

/**
 * kind 'floorRatio': a whole-glossary time, judged as a ratio to the floor of the same shape and run.
 * kind 'latency': a series of samples, judged on p99; the worst over shapes takes each statistic's maximum.
 * kind 'value': one number (ms or MB), judged as is.
 */
export const FIGURES = [
  { id: 'floor', label: 'floor: read + `yaml` parse of every frontmatter (one process)', kind: 'value', unit: 'ms', get: (r) => r.floor?.parseMs },
  { id: 'index', label: '`initialized` → complete index, body links included (× floor)', kind: 'floorRatio', limit: 1.0, get: (r) => r.server?.indexMs },
  { id: 'firstDiagnostics', label: '`initialized` → first diagnostics of the open entries (× floor)', kind: 'floorRatio', limit: 1.0, get: (r) => r.server?.firstDiagnosticsMs },
  { id: 'firstAnswer', label: '`initialized` → first correct answer to a hover asked at open (a related slug)', kind: 'value', unit: 'ms', get: (r) => r.server?.firstAnswerMs },
  { id: 'indexingWait', label: 'longest wait of a hover sent every 20 ms while indexing', kind: 'value', unit: 'ms', limit: 50, get: (r) => r.server?.indexingWait?.max },
  { id: 'completionRelated', label: 'completion in `related` (invoked)', kind: 'latency', limit: 10, get: (r) => r.server?.completionRelated },
  { id: 'completionLink', label: 'completion in a body link (invoked)', kind: 'latency', limit: 10, get: (r) => r.server?.completionLink },
  { id: 'completionWhileTyping', label: 'completion while typing (right after each didChange)', kind: 'latency', limit: 10, get: (r) => r.server?.completionWhileTyping },
  { id: 'hover', label: 'hover', kind: 'latency', limit: 5, get: (r) => r.server?.hover },
  { id: 'definition', label: 'definition', kind: 'latency', limit: 5, get: (r) => r.server?.definition },
  { id: 'references', label: 'references', kind: 'latency', limit: 50, get: (r) => r.server?.references },
  { id: 'workspaceSymbols', label: 'workspace symbols (typed prefixes)', kind: 'latency', limit: 20, get: (r) => r.server?.workspaceSymbols },
  { id: 'rename', label: 'rename of the hub: prepare + edit', kind: 'latency', get: (r) => r.server?.rename },
  { id: 'editToDiagnostics', label: 'edit → fresh diagnostics (every keystroke)', kind: 'latency', limit: 15, get: (r) => r.server?.editToDiagnostics },
  { id: 'editInDiagram', label: 'edit → fresh diagnostics, typing in a diagram', kind: 'latency', limit: 15, get: (r) => r.server?.editToDiagnosticsBySite?.diagram },
  { id: 'newEntry', label: 'new entry on disk → 100 open dependants re-checked', kind: 'value', unit: 'ms', limit: 200, get: (r) => r.server?.newEntryToDependantsMs },
  { id: 'serverPeak', label: 'server peak memory, VmHWM incl. worker threads (2 entries open)', kind: 'value', unit: 'MB', limit: 250, get: (r) => r.server?.peakMB, note: (r) => (r.server?.mermaidWorkerLoaded ? '' : ' (Mermaid not loaded)') },
  { id: 'serverPeakDependants', label: 'server peak memory with the 100 dependants open too', kind: 'value', unit: 'MB', get: (r) => r.server?.peakWithDependantsMB },
  { id: 'heapAfterGc', label: 'server heap after a full GC (memory pass, --expose-gc)', kind: 'value', unit: 'MB', get: (r) => r.memory?.heapAfterGcMB },
  { id: 'indexHeap', label: 'of which the glossary: that heap minus the same server with only the 2 open entries', kind: 'value', unit: 'MB', limit: 60, get: (r) => (r.memory?.openOnlyHeapMB === undefined ? undefined : r.memory.heapAfterGcMB - r.memory.openOnlyHeapMB) },
  { id: 'rssAfterGc', label: 'server RSS after that GC', kind: 'value', unit: 'MB', get: (r) => r.memory?.rssAfterGcMB, note: (r) => (r.memory?.mermaidWorkerLoaded ? '' : ' (Mermaid not loaded)') },
  { id: 'cli', label: '`glossary-author check --format json` wall, errors and warnings (× floor)', kind: 'floorRatio', limit: 1.5, get: (r) => r.cli?.wallMs },
  { id: 'cliPeak', label: 'CLI peak RSS', kind: 'value', unit: 'MB', limit: 400, get: (r) => r.cli?.peakMB },
  { id: 'cliEverything', label: '… with `--show hint`: every level, unlinked mentions too (× floor)', kind: 'floorRatio', get: (r) => r.cliEverything?.wallMs },
  { id: 'cliEverythingPeak', label: '… its peak RSS', kind: 'value', unit: 'MB', get: (r) => r.cliEverything?.peakMB },
];

const TARGET_TEXT = {
  floorRatio: (f) => `≤ ${f.limit.toFixed(1)}× floor`,
  latency: (f) => `p99 ≤ ${f.limit} ms`,
  value: (f) => `≤ ${f.limit} ${f.unit}`,
};

/** The number a figure is judged and compared on: ratio to the floor, p99, or the value. */
export function judged(figure, shapeResult) {
  const value = figure.get(shapeResult);
  if (value === undefined || value === null) return undefined;
  if (figure.kind === 'floorRatio') return value / shapeResult.floor.parseMs;
  if (figure.kind === 'latency') return value.p99;
  return value;
}

export const missed = (figure, judgedValue) => figure.limit !== undefined && judgedValue !== undefined && judgedValue > figure.limit;

function cell(figure, shapeResult) {
  const value = figure.get(shapeResult);
  if (value === undefined || value === null) return shapeResult.error || shapeResult.server?.error ? 'error' : '—';
  let text;
  if (figure.kind === 'floorRatio') text = `${ms(value)} (${times(value / shapeResult.floor.parseMs)})`;
  else if (figure.kind === 'latency') {
    text = `${plainMs(value.p50)} / ${plainMs(value.p99)} / ${plainMs(value.max)}`;
    // Under 100 samples the nearest-rank p99 is the slowest one: the count says so.
    if (value.n < 100) text += ` (${value.n} samples)`;
  }
  else text = figure.unit === 'MB' ? mb(value) : ms(value);
  text += figure.note?.(shapeResult) ?? '';
  return missed(figure, judged(figure, shapeResult)) ? `**${text} ✗**` : text;
}

/** Per figure, the worst over shapes: the largest of each statistic, and which shape had the worst judged value. */
export function worstOverShapes(shapes) {
  const worst = {};
  for (const figure of FIGURES) {
    const entries = Object.entries(shapes).filter(([, r]) => figure.get(r) !== undefined && figure.get(r) !== null);
    if (!entries.length) continue;
    const [shape, result] = entries.reduce((a, b) => (judged(figure, b[1]) > judged(figure, a[1]) ? b : a));
    const value = figure.get(result);
    const entry = { shape, judged: judged(figure, result) };
    if (figure.kind === 'latency') for (const stat of SUMMARY_STATS) entry[stat] = Math.max(...entries.map(([, r]) => figure.get(r)[stat]));
    else entry.value = value;
    entry.missed = missed(figure, entry.judged);
    worst[figure.id] = entry;
  }
  return worst;
}

function worstCell(figure, worst) {
  const w = worst[figure.id];
  if (!w) return '—';
  let text;
  if (figure.kind === 'latency') text = `${plainMs(w.p50)} / ${plainMs(w.p99)} / ${plainMs(w.max)}`;
  else if (figure.kind === 'floorRatio') text = times(w.judged);
  else text = figure.unit === 'MB' ? mb(w.value) : ms(w.value);
  text += ` (${w.shape})`;
  if (figure.limit === undefined) return text;
  return w.missed ? `**${text} ✗**` : `${text} ✓`;
}

export function sizeTable(size, shapes, worst, seeds) {
  const keys = Object.keys(shapes);
  const corpus = (r) => (r.manifest ? `${r.manifest.files.toLocaleString('en-US')} files, ${(r.manifest.bytes / 2 ** 20).toFixed(0)} MB, entry ${(r.manifest.entryBytes.mean / 1024).toFixed(1)} KB (p10 ${(r.manifest.entryBytes.p10 / 1024).toFixed(0)}–p90 ${(r.manifest.entryBytes.p90 / 1024).toFixed(0)} KB), hub named by ${r.manifest.referrers}` : 'error');
  const lines = [
    `### ${size.toLocaleString('en-US')} entries`,
    '',
    `Seeds: ${keys.map((k) => `${k} ${seeds[k]}`).join(', ')}. Latencies are p50 / p99 / max in ms; ✗ marks a missed target.`,
    '',
    `| figure | target | ${keys.map((k) => `${k}: ${shapes[k].label}`).join(' | ')} | worst over shapes |`,
    `|---|---|${keys.map(() => '---|').join('')}---|`,
    `| glossary | — | ${keys.map((k) => corpus(shapes[k])).join(' | ')} | — |`,
  ];
  for (const figure of FIGURES) {
    const target = figure.limit === undefined ? '—' : TARGET_TEXT[figure.kind](figure);
    lines.push(`| ${figure.label} | ${target} | ${keys.map((k) => cell(figure, shapes[k])).join(' | ')} | ${worstCell(figure, worst)} |`);
  }
  const errors = keys.flatMap((k) => [shapes[k].error, shapes[k].server?.error, shapes[k].memory?.error, shapes[k].cli?.error].filter(Boolean).map((e) => `${k}: ${e}`));
  if (errors.length) lines.push('', ...errors.map((e) => `- **error** ${e}`));
  return lines.join('\n');
}

// ---------------------------------------------------------------- scaling

function linearFit(xs, ys) {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  const sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  const slope = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / sxx;
  return { slope, intercept: my - slope * mx };
}

/** Growth below this absolute size is noise, not scaling. */
const NOISE = { ms: 5, MB: 0 };

/**
 * Scaling over the sizes of the run. A figure grows faster than linearly when its growth exponent
 * (log of its ratio over log of the size ratio) between the smallest and the largest size exceeds 1.1,
 * i.e. its value per entry rises. Memory: a least-squares line of each memory figure over sizes.
 */
export function scaling(runs) {
  if (runs.length < 2) return undefined;
  const sizes = runs.map((r) => r.size);
  const figures = [];
  for (const figure of FIGURES) {
    const values = runs.map((r) => {
      const w = r.worst[figure.id];
      if (!w) return undefined;
      return figure.kind === 'latency' ? w.p99 : figure.kind === 'floorRatio' ? r.shapes[w.shape] && figure.get(r.shapes[w.shape]) : w.value;
    });
    if (values.some((v) => v === undefined || !(v > 0))) continue;
    const unit = figure.unit ?? 'ms';
    const growth = (i, j) => Math.log(values[j] / values[i]) / Math.log(sizes[j] / sizes[i]);
    const exponent = growth(0, sizes.length - 1);
    // A figure flat at first and steep at the end is caught by its steepest step between neighbouring sizes.
    const steps = sizes.slice(1).map((_, i) => ({ from: sizes[i], to: sizes[i + 1], exponent: growth(i, i + 1), value: values[i + 1] }));
    const steepest = steps.reduce((a, b) => (b.exponent > a.exponent ? b : a));
    const superlinear = values[values.length - 1] >= NOISE[unit] && exponent > 1.1;
    const steepStep = steepest.exponent > 1.1 && steepest.value >= NOISE[unit];
    const perEntryRatio = (values[values.length - 1] / sizes[sizes.length - 1]) / (values[0] / sizes[0]);
    figures.push({ id: figure.id, label: figure.label, unit, values, exponent, steepest, steepStep, perEntryRatio, superlinear });
  }
  const memory = {};
  for (const id of ['serverPeak', 'heapAfterGc', 'indexHeap', 'rssAfterGc', 'cliPeak']) {
    const ys = runs.map((r) => r.worst[id]?.value);
    if (ys.some((y) => !Number.isFinite(y))) continue;
    const fit = linearFit(sizes, ys);
    memory[id] = { kbPerEntry: fit.slope * 1024, interceptMB: fit.intercept };
  }
  return { sizes, figures, memory };
}

export function scalingTable(scale) {
  const head = `| figure (worst over shapes; p99 for latencies) | ${scale.sizes.map((s) => s.toLocaleString('en-US')).join(' | ')} | growth exponent, first → last | steepest step | per entry, last ÷ first |`;
  const lines = ['### Scaling', '', 'Growth exponent k: the figure grows as size^k (1 = linear); k > 1.1 is flagged (✗) when the figure is above noise (5 ms), over the whole range or at one step.', '', head, `|---|${scale.sizes.map(() => '---|').join('')}---|---|---|`];
  for (const f of scale.figures) {
    const values = f.values.map((v) => (f.unit === 'MB' ? mb(v) : ms(v)));
    const exponent = `${f.exponent.toFixed(2)}${f.superlinear ? ' **superlinear ✗**' : ''}`;
    const step = `${f.steepest.exponent.toFixed(2)} (${f.steepest.from.toLocaleString('en-US')} → ${f.steepest.to.toLocaleString('en-US')})${f.steepStep ? ' **✗**' : ''}`;
    lines.push(`| ${f.label} | ${values.join(' | ')} | ${exponent} | ${step} | ${f.perEntryRatio.toFixed(2)} |`);
  }
  const labels = { serverPeak: 'server peak (VmHWM)', heapAfterGc: 'server heap after GC', indexHeap: 'of which the glossary', rssAfterGc: 'server RSS after GC', cliPeak: 'CLI peak RSS' };
  const slopes = Object.entries(scale.memory).map(([id, m]) => `${labels[id]} ${m.kbPerEntry.toFixed(1)} KB per entry + ${Math.round(m.interceptMB)} MB`);
  lines.push('', `Memory, least-squares line over the sizes (worst over shapes): ${slopes.join('; ')}.`);
  const flagged = scale.figures.filter((f) => f.superlinear);
  const steep = scale.figures.filter((f) => f.steepStep && !f.superlinear);
  lines.push(flagged.length ? `Faster than linear: ${flagged.map((f) => f.label).join('; ')}.` : 'No figure grows faster than linearly over the whole range.');
  // One step of p99s on a shared machine can be noise: shown apart, to be confirmed by another run.
  if (steep.length) lines.push(`Faster than linear over one step only: ${steep.map((f) => `${f.label} (${f.steepest.from.toLocaleString('en-US')} → ${f.steepest.to.toLocaleString('en-US')})`).join('; ')}.`);
  return lines.join('\n');
}
