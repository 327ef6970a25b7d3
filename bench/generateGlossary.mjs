#!/usr/bin/env node
// Deterministic generator of a large, realistic glossary site for benchmarking the language server.
//
//   node bench/generateGlossary.mjs <dir> <count> [seed]
//
// Writes <dir>/content/glossary/<slug>.md for `count` entries. Same (count, seed) → same bytes.
// It does not delete anything: point it at an empty or fresh directory. The benchmark runs it as its
// baseline shape (e); bench/shapes.mjs builds the other shapes from the word lists exported here.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** mulberry32: a tiny, fast, good-enough 32-bit PRNG. Returns floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const QUALIFIERS = [
  'adaptive', 'sparse', 'dense', 'contrastive', 'causal', 'federated', 'robust', 'latent', 'recurrent', 'hierarchical',
  'stochastic', 'bayesian', 'differentiable', 'multimodal', 'generative', 'discriminative', 'distributed', 'quantized',
  'residual', 'variational', 'probabilistic', 'incremental', 'online', 'offline', 'self-supervised', 'semi-supervised',
  'unsupervised', 'supervised', 'continual', 'meta', 'neural', 'symbolic', 'graph', 'temporal', 'spectral', 'low-rank',
  'mixed-precision', 'zero-shot', 'few-shot', 'multi-task', 'cross-lingual', 'sequential', 'parallel', 'elastic',
];
export const SUBJECTS = [
  'attention', 'gradient', 'token', 'embedding', 'retrieval', 'policy', 'reward', 'value', 'feature', 'kernel',
  'memory', 'cache', 'vector', 'prompt', 'context', 'activation', 'weight', 'batch', 'layer', 'sampling', 'search',
  'inference', 'training', 'alignment', 'distillation', 'pruning', 'routing', 'expert', 'query', 'decoder', 'encoder',
  'diffusion', 'flow', 'graph', 'signal', 'loss', 'label', 'dataset', 'benchmark', 'agent', 'planner', 'tokenizer',
  'scheduler', 'optimizer', 'regularization', 'normalization', 'augmentation', 'calibration', 'evaluation', 'ensemble',
  'clustering', 'ranking', 'segmentation', 'detection', 'translation', 'summarization', 'compression', 'quantization',
];
export const HEADS = [
  'model', 'network', 'mechanism', 'method', 'algorithm', 'framework', 'architecture', 'pipeline', 'strategy', 'technique',
  'objective', 'function', 'estimator', 'metric', 'protocol', 'scheme', 'module', 'head', 'bias', 'decay', 'tuning',
  'learning', 'matching', 'modeling', 'propagation', 'fusion', 'mixing', 'gating', 'pooling', 'sharing',
];
export const ACRONYMS = new Set(['ai', 'ml', 'llm', 'rag', 'rlhf', 'gpu', 'tpu', 'api']);
export const CATEGORIES = [
  'Core Concepts', 'Model Architectures', 'Training Techniques', 'Optimization', 'Evaluation & Metrics', 'Data & Datasets',
  'Inference & Deployment', 'Safety & Alignment', 'Natural Language Processing', 'Computer Vision', 'Reinforcement Learning',
  'Infrastructure & Tooling',
];
export const ICONS = [
  'brain', 'cpu', 'network', 'layers', 'sparkles', 'database', 'gauge', 'shield', 'message-square', 'eye', 'bot', 'server',
  'git-branch', 'sliders-horizontal', 'grid-3x3', 'workflow', 'target', 'zap', 'book-open', 'binary', 'scale', 'radar',
];
export const VERBS = [
  'maps', 'compresses', 'ranks', 'aligns', 'routes', 'filters', 'combines', 'predicts', 'estimates', 'regularizes',
  'reweights', 'encodes', 'decodes', 'samples', 'normalizes', 'approximates', 'clusters', 'scores', 'retrieves', 'updates',
];
export const OBJECTS = [
  'input sequences', 'model parameters', 'latent representations', 'training examples', 'candidate outputs', 'token streams',
  'reward signals', 'feature vectors', 'attention weights', 'gradient updates', 'retrieved documents', 'hidden states',
  'prediction errors', 'user queries', 'intermediate activations', 'probability distributions', 'labelled samples',
];
export const PURPOSES = [
  'to improve generalization on unseen data', 'so that large models train faster and more stably',
  'to reduce memory use during inference', 'so that downstream tasks need fewer labelled examples',
  'to keep outputs consistent with human preferences', 'to make predictions easier to interpret',
  'while keeping the computational cost close to linear', 'across many devices or data centres',
  'for long documents and conversations', 'under noisy or shifting data distributions',
];
export const FILLER = [
  'In practice', 'In most modern systems', 'Compared with earlier approaches', 'At scale', 'During training',
  'At inference time', 'In production deployments', 'For research prototypes', 'Historically', 'More recently',
];
export const ADJ = ['simple', 'practical', 'widely used', 'well understood', 'costly', 'fragile', 'efficient', 'flexible', 'popular', 'standard'];
export const COLORS = ['#3498db', '#e74c3c', '#2ecc71', '#f39c12', '#9b59b6', '#1abc9c', '#34495e', '#e67e22'];
export const SECTION_TITLES = [
  'How {T} Works', 'Applications', 'Challenges and Limitations', 'Best Practices', 'History and Evolution',
  'Implementation Notes', 'Common Pitfalls', 'Relationship to Other Techniques', 'Evaluation', 'Variants',
  'Practical Considerations', 'Research Directions', 'Worked Example', 'Tooling and Libraries', 'Frequently Asked Questions',
];

export const titleWord = (word) => word.split('-').map((w) => (ACRONYMS.has(w) ? w.toUpperCase() : w[0].toUpperCase() + w.slice(1))).join('-');
export const titleOf = (words) => words.map(titleWord).join(' ');
export const yamlQuote = (text) => `'${text.replace(/'/g, "''")}'`;

/** Builds the shared pool of sentences once per run: bodies are assembled from it, which keeps generation fast. */
export function sentencePool(rand, size) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const pool = [];
  for (let i = 0; i < size; i++) {
    const kind = i % 4;
    if (kind === 0) pool.push(`${pick(FILLER)}, the ${pick(SUBJECTS)} ${pick(HEADS)} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(PURPOSES)}.`);
    else if (kind === 1) pool.push(`This makes it a ${pick(ADJ)} choice when ${pick(OBJECTS)} are ${pick(['scarce', 'abundant', 'noisy', 'very long', 'highly structured', 'private'])}.`);
    else if (kind === 2) pool.push(`A ${pick(QUALIFIERS)} ${pick(SUBJECTS)} step ${pick(VERBS)} ${pick(OBJECTS)}, and a second stage ${pick(VERBS)} the result ${pick(PURPOSES)}.`);
    else pool.push(`Practitioners usually tune the ${pick(SUBJECTS)} ${pick(['rate', 'size', 'budget', 'threshold', 'temperature', 'schedule'])} first, because it dominates both quality and cost.`);
  }
  return pool;
}

/**
 * Step 1 of generateGlossary, also on its own (for tests of slug suggestions): `count` unique slugs
 * from combined word lists (qualifier-subject-head, subject-head, qualifier-subject) and their words.
 */
export function generateSlugs(rand, count) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const slugs = [];
  const words = [];
  const taken = new Set();
  let attempts = 0;
  while (slugs.length < count) {
    attempts++;
    const shape = rand();
    let parts = shape < 0.6 ? [pick(QUALIFIERS), pick(SUBJECTS), pick(HEADS)] : shape < 0.85 ? [pick(SUBJECTS), pick(HEADS)] : [pick(QUALIFIERS), pick(SUBJECTS)];
    if (attempts > count * 20) parts = [...parts, String(slugs.length)]; // word space exhausted: number the rest
    const slug = parts.join('-');
    if (taken.has(slug)) continue;
    taken.add(slug);
    slugs.push(slug);
    words.push(parts);
  }
  return { slugs, words };
}

/**
 * Generates the glossary. Returns metadata about what it wrote (slugs, related lists, which entries
 * were deliberately broken) so that callers can pick probe entries without re-reading the files.
 */
export function generateGlossary(dir, count, seed = 1) {
  count = Math.max(0, Math.floor(Number(count)));
  seed = Math.floor(Number(seed)) || 1;
  const rand = mulberry32(seed);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const started = performance.now();

  const { slugs, words } = generateSlugs(rand, count);
  const taken = new Set(slugs);

  const entries = slugs.map((slug, i) => ({
    slug,
    title: titleOf(words[i]),
    category: CATEGORIES[(i * 7 + int(0, 2)) % CATEGORIES.length],
    icon: `i-lucide-${pick(ICONS)}`,
    related: [],
    broken: null,
  }));

  // 2. Related slugs: 3–10, mostly existing entries, ~3% unknown (misspelt or invented).
  for (let i = 0; i < count; i++) {
    const entry = entries[i];
    const n = Math.min(int(3, 10), Math.max(0, count - 1));
    const seen = new Set([entry.slug]);
    for (let guard = 0; entry.related.length < n && guard < 1000; guard++) {
      if (rand() < 0.03) {
        const base = slugs[int(0, count - 1)] ?? 'missing-term';
        const unknown = rand() < 0.5 ? `${base}s` : `${pick(QUALIFIERS)}-${pick(SUBJECTS)}-${pick(['theory', 'paradigm', 'trick', 'stack'])}`;
        if (!seen.has(unknown) && !taken.has(unknown)) { seen.add(unknown); entry.related.push(unknown); }
        continue;
      }
      const other = slugs[int(0, count - 1)];
      if (seen.has(other)) continue;
      seen.add(other);
      entry.related.push(other);
    }
    const r = rand();
    if (r < 0.01) entry.broken = 'yaml';
    else if (r < 0.02) entry.broken = 'fence';
  }

  // 3. Bodies, assembled from a shared sentence pool.
  const pool = sentencePool(rand, 4096);
  const sentence = () => pool[Math.floor(rand() * pool.length)];
  const paragraph = (n) => {
    let out = '';
    for (let k = 0; k < n; k++) out += (k ? ' ' : '') + sentence();
    return out;
  };
  const linkTo = () => {
    const other = entries[int(0, count - 1)];
    return `[${other.title}](/glossary/${other.slug})`;
  };
  const withLink = (text) => {
    const cut = text.indexOf('. ', Math.floor(text.length / 2));
    return cut === -1 ? `${text} See also ${linkTo()}.` : `${text.slice(0, cut + 2)}It is closely related to ${linkTo()}. ${text.slice(cut + 2)}`;
  };
  const mermaid = (entry, closed) => {
    const nodes = int(18, 22);
    const letters = [];
    for (let k = 0; k < nodes; k++) letters.push(k < 26 ? String.fromCharCode(65 + k) : `N${k}`);
    let out = '```mermaid\ngraph TD\n';
    out += `${letters[0]}[${entry.title}] --> ${letters[1]}[${titleWord(pick(SUBJECTS))} ${titleWord(pick(HEADS))}]\n`;
    for (let k = 2; k < nodes; k++) {
      const parent = letters[int(Math.max(0, k - 4), k - 1)];
      out += `${parent} --> ${letters[k]}[${titleWord(pick(QUALIFIERS))} ${titleWord(pick(SUBJECTS))}]\n`;
    }
    const styled = int(4, 7);
    for (let k = 0; k < styled; k++) out += `style ${letters[k]} fill:${COLORS[k % COLORS.length]},stroke:#333\n`;
    return closed ? `${out}\`\`\`\n` : out;
  };
  const bullets = (n) => {
    let out = '';
    for (let k = 0; k < n; k++) out += `- ${titleWord(pick(QUALIFIERS))} ${titleWord(pick(SUBJECTS))}: ${sentence()}\n`;
    return out;
  };
  const table = (cols, rows) => {
    const header = ['Name', ...Array.from({ length: cols - 1 }, () => titleWord(pick(SUBJECTS)))];
    let out = `| ${header.join(' | ')} |\n|${'---|'.repeat(cols)}\n`;
    for (let k = 0; k < rows; k++) {
      const cells = [`${titleWord(pick(QUALIFIERS))} ${titleWord(pick(HEADS))}`];
      for (let c = 1; c < cols; c++) cells.push(pick(['High', 'Low', 'Medium', 'Yes', 'No', 'Partial', `${int(1, 99)}%`, pick(OBJECTS)]));
      out += `| ${cells.join(' | ')} |\n`;
    }
    return out;
  };

  const folder = join(dir, 'content', 'glossary');
  mkdirSync(folder, { recursive: true });
  let bytes = 0;
  for (const entry of entries) {
    const description = makeDescription(entry, pick, sentence);
    let front = `---\ntitle: ${yamlQuote(entry.title)}\ndescription: ${yamlQuote(description)}\nlogoIcon: '${entry.icon}'\ncategory: ${entry.category.includes('&') ? yamlQuote(entry.category) : entry.category}\nrelated:\n`;
    for (const slug of entry.related) front += `- ${slug}\n`;
    if (entry.broken === 'yaml') {
      // Typical hand-editing mistakes: an unterminated quote, a stray colon, a half-closed flow list.
      const variant = int(0, 2);
      if (variant === 0) front = front.replace(`description: '`, `description: "`);
      else if (variant === 1) front = front.replace(/^title: .*$/m, `title: ${entry.title}: a guide: part 1`);
      else front = front.replace(/related:\n(- .*\n)+/, `related: [${entry.related.join(', ')}\n`);
    }
    front += '---\n';

    const target = int(14000, 16000);
    const mermaids = int(1, 2);
    const unclosedFence = entry.broken === 'fence';
    let body = `## What is ${entry.title}?\n${withLink(paragraph(int(5, 7)))}\n\n`;
    body += `## Key Characteristics\n### ${entry.title} Overview\n${mermaid(entry, true)}${bullets(int(6, 8))}\n`;
    body += `## ${entry.title} Types\n${table(4, int(5, 7))}\n`;
    let section = 0;
    let tables = 1;
    let diagrams = 1;
    while (body.length < target - 1200 || tables < 2 || diagrams < mermaids) {
      const heading = SECTION_TITLES[(section + entry.slug.length) % SECTION_TITLES.length].replace('{T}', entry.title);
      body += `## ${heading}\n`;
      const kind = section % 4;
      if (kind === 0) body += `${withLink(paragraph(int(4, 6)))}\n\n${paragraph(int(3, 5))}\n\n`;
      else if (kind === 1) body += `${paragraph(int(2, 4))}\n\n${bullets(int(4, 7))}\n`;
      else if (kind === 2 && tables < 2) { body += `${paragraph(2)}\n\n${table(int(3, 5), int(5, 8))}\n`; tables++; }
      else if (kind === 3 && diagrams < mermaids) { body += `### ${heading} Flow\n${mermaid(entry, true)}\n${paragraph(2)}\n\n`; diagrams++; }
      else body += `### ${titleWord(pick(QUALIFIERS))} ${titleWord(pick(SUBJECTS))}\n${paragraph(int(4, 6))}\n\n`;
      section++;
    }
    body += `## Summary\n${paragraph(int(2, 3))} For more, see ${linkTo()}.\n`;
    if (unclosedFence) body += `\n### Sketch\n${mermaid(entry, false)}`;

    const text = front + body;
    writeFileSync(join(folder, `${entry.slug}.md`), text);
    bytes += Buffer.byteLength(text);
  }

  return {
    dir: resolve(dir),
    count,
    seed,
    bytes,
    milliseconds: performance.now() - started,
    entries: entries.map(({ slug, title, category, related, broken }) => ({ slug, title, category, related, broken })),
  };
}

/** 80–150 characters, ending with a full stop. */
export function makeDescription(entry, pick, sentence) {
  let text = `A ${pick(['technique', 'method', 'concept', 'family of models', 'practice', 'component'])} in which ${entry.title.toLowerCase()} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(PURPOSES)}.`;
  if (text.length < 80) text = `${text.slice(0, -1)}, ${sentence()[0].toLowerCase()}${sentence().slice(1)}`;
  if (text.length > 150) {
    const cut = text.lastIndexOf(' ', 148);
    text = `${text.slice(0, cut).replace(/[,;:]$/, '')}.`;
  }
  while (text.length < 80) text = `${text.slice(0, -1)} in practice.`;
  return text;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [dir, count, seed] = process.argv.slice(2);
  if (!dir || !count || !Number.isFinite(Number(count))) {
    console.error('usage: node bench/generateGlossary.mjs <dir> <count> [seed]');
    process.exit(2);
  }
  const result = generateGlossary(dir, Number(count), seed === undefined ? 1 : Number(seed));
  const broken = result.entries.filter((e) => e.broken);
  console.log(`Wrote ${result.count} entries (${(result.bytes / 1e6).toFixed(1)} MB, ${broken.filter((e) => e.broken === 'yaml').length} broken YAML, ${broken.filter((e) => e.broken === 'fence').length} unclosed fences) to ${join(result.dir, 'content', 'glossary')} in ${(result.milliseconds / 1000).toFixed(2)} s`);
}
