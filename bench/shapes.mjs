// The workload shapes of the benchmark: each writes a glossary of `count` entries from a seed.
//
//   node bench/shapes.mjs <shape a|b|c|d|e> <dir> <count> [seed]
//
// Every shape holds, besides its own entries: the seed-like entry (test/fixtures/foundation-model.seed.txt
// verbatim, as `foundation-model.md`) and the entries its `related` list names; a hub entry that many
// others name (for rename and references); a focus entry typical of the shape (opened and edited by
// the runner); and 100 `bench-dep-*` entries that name `bench-new-term`, which does not exist yet.
// Shapes (a)–(d) come from the composer below; (e) is bench/generateGlossary.mjs, the original
// generator, kept as the baseline.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CATEGORIES, COLORS, HEADS, ICONS, OBJECTS, QUALIFIERS, SECTION_TITLES, SUBJECTS, VERBS,
  generateGlossary, makeDescription, sentencePool, titleOf, titleWord, yamlQuote,
} from './generateGlossary.mjs';
import { randomFor } from './stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const SEED_TEXT = readFileSync(join(here, '..', 'test', 'fixtures', 'foundation-model.seed.txt'), 'utf8');
export const SEED_SLUG = 'foundation-model';
export const NEW_SLUG = 'bench-new-term';
export const DEPENDANTS = 100;
const SEED_RELATED = [...SEED_TEXT.matchAll(/^- ([a-z0-9-]+)$/gm)].map((m) => m[1]).filter((slug) => /-/.test(slug) && slug.length < 40);

/**
 * What each shape stresses. Rates are per reference; `sizes` draws an entry's body length.
 * `linksPerParagraph` and `seeAlso` set body-link density; `nearMiss` is the share of `related`
 * items that are typos of real slugs (the costly case for "did you mean").
 */
export const SHAPES = {
  a: { label: 'dense body links', linksPerParagraph: [2, 5], seeAlso: [6, 16], unknownLinks: 0.04, nearMiss: [0.005, 0.01], diagrams: [1, 2] },
  b: { label: 'frontmatter variety', linksPerParagraph: [0, 1], seeAlso: [0, 3], unknownLinks: 0.03, nearMiss: [0.005, 0.01], diagrams: [1, 2], frontmatterVariety: true },
  c: { label: 'long entries, many diagrams', linksPerParagraph: [0, 1], seeAlso: [0, 3], unknownLinks: 0.03, nearMiss: [0.005, 0.01], diagrams: [1, 4], longShare: 0.08, longDiagrams: [6, 14] },
  d: { label: 'near-miss related slugs', linksPerParagraph: [0, 2], seeAlso: [0, 4], unknownLinks: 0.03, nearMissLinks: 0.03, nearMiss: [0.05, 0.10], diagrams: [1, 2] },
  e: { label: 'baseline (generateGlossary.mjs)', baseline: true },
};

/** A 32-bit seed for one shape, derived from the run's seed, so that one number replays a whole run. */
export function shapeSeed(runSeed, shape) {
  let hash = 0x811c9dc5;
  for (const char of `${runSeed}/${shape}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return (hash >>> 0) || 1;
}

// ---------------------------------------------------------------- slugs

/** Unique word-built slugs; four-word ones keep 100,000 entries free of numbered names. */
function makeSlugs(random, count, reserved) {
  const taken = new Set(reserved);
  const slugs = [];
  const words = [];
  while (slugs.length < count) {
    const shape = random.next();
    const q = random.pick(QUALIFIERS);
    const parts = shape < 0.5 ? [q, random.pick(SUBJECTS), random.pick(HEADS)]
      : shape < 0.7 ? [random.pick(SUBJECTS), random.pick(HEADS)]
        : shape < 0.85 ? [q, random.pick(SUBJECTS)]
          : [q, random.pick(QUALIFIERS.filter((w) => w !== q)), random.pick(SUBJECTS), random.pick(HEADS)];
    const slug = parts.join('-');
    if (taken.has(slug)) continue;
    taken.add(slug);
    slugs.push(slug);
    words.push(parts);
  }
  return { slugs, words, taken };
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** A typo of `slug` at edit distance 1–2 that names no entry: what hand-typed `related` lists contain. */
function typoOf(slug, random, taken) {
  for (let attempt = 0; attempt < 20; attempt++) {
    let text = slug;
    const edits = random.chance(0.7) ? 1 : 2;
    for (let k = 0; k < edits; k++) {
      const at = random.int(1, text.length - 2);
      const kind = random.int(0, 5);
      if (kind === 0) text = text.slice(0, at) + text.slice(at + 1); // dropped letter
      else if (kind === 1) text = text.slice(0, at) + text[at + 1] + text[at] + text.slice(at + 2); // swapped letters
      else if (kind === 2) text = text.slice(0, at) + random.pick(LETTERS) + text.slice(at + 1); // wrong letter
      else if (kind === 3) text = text.slice(0, at) + random.pick(LETTERS) + text.slice(at); // extra letter
      else if (kind === 4) text = `${text}s`; // plural
      else text = text.replace('-', random.chance(0.5) ? '_' : ''); // joined or underscored words
    }
    text = text.replace(/^-+|-+$/g, '').replace(/--+/g, '-');
    if (text && text !== slug && !taken.has(text)) return text;
  }
  return `${slug}-x`;
}

const invented = (random) => `${random.pick(QUALIFIERS)}-${random.pick(SUBJECTS)}-${random.pick(['theory', 'paradigm', 'trick', 'stack', 'lemma'])}`;

// ---------------------------------------------------------------- body parts

const MERMAID_KINDS = ['flowchart', 'flowchart', 'sequence', 'state', 'class'];
/**
 * The share of diagrams written with more than the plainest statements, as real diagrams often are:
 * a subgraph and classes, `autonumber` and a loop, a note, an annotation (which the plain readers
 * take), each with something they leave to Mermaid (a link style, an activation, a composite
 * state, a generic type), so that the check's Mermaid parses are measured, not only the diagrams
 * told without it (core/features/plainDiagrams.ts). When the plain readers learn one of these,
 * the generator takes another: the benchmark measures diagrams that need Mermaid, a fifth of them.
 */
const RICH_DIAGRAM_SHARE = 0.2;

function makeComposer(random, pool) {
  const sentence = () => pool[Math.floor(random.next() * pool.length)];
  const paragraph = (n) => {
    let out = '';
    for (let k = 0; k < n; k++) out += (k ? ' ' : '') + sentence();
    return out;
  };
  const label = () => `${titleWord(random.pick(QUALIFIERS))} ${titleWord(random.pick(SUBJECTS))}`;

  function flowchart(title, rich) {
    const nodes = random.int(8, 22);
    const ids = Array.from({ length: nodes }, (_, k) => (k < 26 ? String.fromCharCode(65 + k) : `N${k}`));
    let out = `${random.chance(0.7) ? 'graph TD' : 'flowchart LR'}\n${ids[0]}[${title}] --> ${ids[1]}[${label()}]\n`;
    for (let k = 2; k < nodes; k++) out += `${ids[random.int(Math.max(0, k - 4), k - 1)]} --> ${ids[k]}[${label()}]\n`;
    for (let k = 0; k < random.int(3, 7); k++) out += `style ${ids[k]} fill:${COLORS[k % COLORS.length]},stroke:#333\n`;
    if (rich) out += `subgraph Detail\n${ids[nodes - 1]} --> Z[${label()}]\nend\nclassDef hot fill:#f96,stroke:#333\nclass ${ids[0]},Z hot\nlinkStyle 0 stroke:#f96,stroke-width:2px\n`;
    return out;
  }
  function sequence(rich) {
    const actors = ['User', 'Client', 'Model', 'Retriever', 'Cache', 'Store'].slice(0, random.int(3, 6));
    let out = rich ? 'sequenceDiagram\n    autonumber\n' : 'sequenceDiagram\n';
    for (const actor of actors) out += `    participant ${actor}\n`;
    for (let k = 0; k < random.int(6, 14); k++) {
      const from = random.pick(actors);
      const to = random.pick(actors.filter((a) => a !== from));
      out += `    ${from}${random.chance(0.6) ? '->>' : '-->>'}${to}: ${titleWord(random.pick(VERBS))} ${random.pick(OBJECTS)}\n`;
    }
    if (rich) out += `    loop Every step\n    ${actors[0]}->>${actors[1]}: ${titleWord(random.pick(VERBS))} again\n    end\n    activate ${actors[1]}\n    ${actors[1]}-->>${actors[0]}: ${titleWord(random.pick(VERBS))} back\n    deactivate ${actors[1]}\n`;
    return out;
  }
  function state(rich) {
    const states = Array.from({ length: random.int(4, 8) }, () => titleWord(random.pick(SUBJECTS)).replace(/-/g, ''));
    let out = 'stateDiagram-v2\n    [*] --> ' + states[0] + '\n';
    for (let k = 1; k < states.length; k++) out += `    ${states[k - 1]} --> ${states[k]}: ${random.pick(VERBS)}\n`;
    if (rich) out += `    note right of ${states[0]}: ${random.pick(VERBS)}\n    state ${states[states.length - 1]} {\n        [*] --> Inner\n        Inner --> [*]\n    }\n`;
    return `${out}    ${states[states.length - 1]} --> [*]\n`;
  }
  function classes(rich) {
    const names = Array.from({ length: random.int(3, 6) }, () => titleWord(random.pick(HEADS)).replace(/-/g, ''));
    let out = 'classDiagram\n';
    for (const name of new Set(names)) out += `    class ${name} {\n      +${random.pick(SUBJECTS).replace(/-/g, '')}: float\n      +${random.pick(VERBS)}()\n    }\n`;
    for (let k = 1; k < names.length; k++) if (names[k] !== names[0]) out += `    ${names[0]} <|-- ${names[k]}\n`;
    if (rich) out += `    <<interface>> ${names[0]}\n    ${names[0]} : +List~int~ items\n`;
    return out;
  }
  function diagram(title, kind = random.pick(MERMAID_KINDS), closed = true) {
    const rich = random.chance(RICH_DIAGRAM_SHARE);
    const source = kind === 'flowchart' ? flowchart(title, rich) : kind === 'sequence' ? sequence(rich) : kind === 'state' ? state(rich) : classes(rich);
    return `\`\`\`mermaid\n${source}${closed ? '```\n' : ''}`;
  }
  const bullets = (n) => {
    let out = '';
    for (let k = 0; k < n; k++) out += `- ${label()}: ${sentence()}\n`;
    return out;
  };
  const table = (cols, rows) => {
    const header = ['Name', ...Array.from({ length: cols - 1 }, () => titleWord(random.pick(SUBJECTS)))];
    let out = `| ${header.join(' | ')} |\n|${'---|'.repeat(cols)}\n`;
    for (let k = 0; k < rows; k++) {
      const cells = [`${titleWord(random.pick(QUALIFIERS))} ${titleWord(random.pick(HEADS))}`];
      for (let c = 1; c < cols; c++) cells.push(random.pick(['High', 'Low', 'Medium', 'Yes', 'No', 'Partial', `${random.int(1, 99)}%`, random.pick(OBJECTS)]));
      out += `| ${cells.join(' | ')} |\n`;
    }
    return out;
  };
  const code = () => `\`\`\`python\nmodel = load("${random.pick(SUBJECTS)}")\nscores = model.${random.pick(VERBS)}(batch, temperature=0.${random.int(1, 9)})\nprint(scores.mean())\n\`\`\`\n`;
  return { sentence, paragraph, diagram, bullets, table, code, label };
}

// ---------------------------------------------------------------- frontmatter

/** Splits text into lines of about `width` characters at spaces (for folded scalars and flow lists). */
function wrap(words, width, separator = ' ') {
  const lines = [];
  let line = '';
  for (const word of words) {
    if (line && line.length + separator.length + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? line + separator + word : word;
  }
  if (line) lines.push(line);
  return lines;
}

const doubleQuote = (text) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const plainSafe = (text) => !/^[\s\-?:,[\]{}#&*!|>'"%@`]|: | #|:$|^\s|\s$/.test(text);

/** The usual shape: quoted scalars, a block `related` list. */
function plainFrontmatter(entry) {
  const category = entry.category.includes('&') ? yamlQuote(entry.category) : entry.category;
  return `---\ntitle: ${yamlQuote(entry.title)}\ndescription: ${yamlQuote(entry.description)}\nlogoIcon: '${entry.icon}'\ncategory: ${category}\nrelated:\n${entry.related.map((slug) => `- ${slug}\n`).join('')}---\n`;
}

/** Shape (b): every valid way people write the same fields, mixed per entry. */
function variedFrontmatter(entry, random) {
  const fields = {};
  const t = random.int(0, 2);
  fields.title = `title: ${t === 0 ? entry.title : t === 1 ? yamlQuote(entry.title) : doubleQuote(entry.title)}`;
  const d = random.int(0, 4);
  if (d === 0) fields.description = `description: >-\n${wrap(entry.description.split(' '), random.int(50, 80)).map((l) => `  ${l}`).join('\n')}`;
  else if (d === 1) fields.description = `description: >\n${wrap(entry.description.split(' '), random.int(50, 80)).map((l) => `  ${l}`).join('\n')}`;
  else if (d === 2 && plainSafe(entry.description)) fields.description = `description: ${entry.description}`;
  else if (d === 3) fields.description = `description: ${doubleQuote(entry.description)}`;
  else fields.description = `description: ${yamlQuote(entry.description)}`;
  fields.logoIcon = `logoIcon: ${random.chance(0.5) ? `'${entry.icon}'` : entry.icon}`;
  const category = entry.category.includes('&') || random.chance(0.3) ? doubleQuote(entry.category) : entry.category;
  fields.category = `category: ${category}${random.chance(0.15) ? ' # reviewed' : ''}`;
  const r = random.int(0, 4);
  const quoted = (slug) => (random.chance(0.2) ? (random.chance(0.5) ? `'${slug}'` : `"${slug}"`) : slug);
  if (r === 0) fields.related = `related: [${entry.related.map(quoted).join(', ')}]`;
  else if (r === 1) fields.related = `related: [${wrap(entry.related.map(quoted), 60, ', ').join(',\n  ')}]`;
  else if (r === 2) fields.related = `related:\n${entry.related.map((slug) => `  - ${quoted(slug)}`).join('\n')}`;
  else if (r === 3) fields.related = `related:\n${entry.related.map((slug, k) => `- ${slug}${k === 0 && random.chance(0.3) ? ' # closest' : ''}`).join('\n')}`;
  else fields.related = `related:\n${entry.related.map((slug) => `- ${quoted(slug)}`).join('\n')}`;
  const order = ['title', 'description', 'logoIcon', 'category', 'related'];
  if (random.chance(0.25)) order.sort(() => random.next() - 0.5);
  let out = '---\n';
  if (random.chance(0.2)) out += `# ${entry.title}: reviewed ${random.int(2021, 2025)}\n`;
  for (const key of order) {
    out += `${fields[key]}\n`;
    if (random.chance(0.12)) out += '\n';
    if (random.chance(0.06)) out += `# ${random.pick(['TODO: check links', 'keep related short', 'see style guide'])}\n`;
  }
  return `${out}---\n`;
}

/** Hand-editing mistakes that make the YAML invalid. */
function breakYaml(front, entry, random) {
  const variant = random.int(0, 2);
  if (variant === 0) return front.replace(/^description: ['"]?/m, 'description: "').replace(/^(description: ".*)"$/m, '$1');
  if (variant === 1) return front.replace(/^title: .*$/m, `title: ${entry.title}: a guide: part 1`);
  return front.replace(/^related:(\n[ ]*- .*)+|^related: \[[^\]]*\]/m, `related: [${entry.related.join(', ')}`);
}

// ---------------------------------------------------------------- shapes (a)–(d)

function composeShape(shape, dir, count, seed) {
  const spec = SHAPES[shape];
  const random = randomFor(seed);
  const started = performance.now();
  const reserved = [SEED_SLUG, ...SEED_RELATED, NEW_SLUG];
  const generatedCount = Math.max(2, count - SEED_RELATED.length);
  const { slugs, words, taken } = makeSlugs(random, generatedCount, reserved);
  const entries = [
    ...slugs.map((slug, i) => ({ slug, title: titleOf(words[i]) })),
    ...SEED_RELATED.map((slug) => ({ slug, title: titleOf(slug.split('-')) })),
  ];
  const linkable = [...entries.map((e) => e.slug), SEED_SLUG];
  const titles = new Map([...entries.map((e) => [e.slug, e.title]), [SEED_SLUG, 'Foundation Model']]);
  // Related entries usually share a word: the same subject ranks them together in completion.
  const bySubject = new Map();
  words.forEach((parts, i) => parts.forEach((w) => (bySubject.get(w) ?? bySubject.set(w, []).get(w)).push(slugs[i])));

  const hub = slugs[0];
  const focus = slugs[1];
  const referrerCount = Math.min(entries.length - 2, Math.max(50, Math.round(count * 0.025)));
  const referrers = new Set();
  while (referrers.size < referrerCount) referrers.add(entries[random.int(2, entries.length - 1)].slug);
  referrers.add(focus);

  const pool = sentencePool(random.next, 4096);
  const composer = makeComposer(random, pool);
  const folder = join(dir, 'content', 'glossary');
  mkdirSync(folder, { recursive: true });
  const stats = newStats();

  const knownRelated = (entry) => {
    const shared = bySubject.get(random.pick(entry.slug.split('-')));
    return shared && random.chance(0.5) ? random.pick(shared) : random.pick(linkable);
  };
  const linkTarget = () => {
    const r = random.next();
    if (r < spec.unknownLinks) return { slug: r < spec.unknownLinks / 2 ? typoOf(random.pick(linkable), random, taken) : invented(random), known: false };
    if (spec.nearMissLinks && r < spec.unknownLinks + spec.nearMissLinks) return { slug: typoOf(random.pick(linkable), random, taken), known: false };
    return { slug: random.pick(linkable), known: true };
  };
  const link = (target = linkTarget()) => {
    stats.links++;
    if (!target.known) stats.unknownLinks++;
    return `[${titles.get(target.slug) ?? titleOf(target.slug.split(/[-_]/).filter(Boolean))}](/glossary/${target.slug})`;
  };
  const linkedParagraph = (sentences) => {
    const [lo, hi] = spec.linksPerParagraph;
    const n = random.int(lo, hi);
    const parts = [];
    for (let k = 0; k < sentences; k++) parts.push(composer.sentence());
    for (let k = 0; k < n; k++) parts.splice(random.int(0, parts.length), 0, random.pick(['It is closely related to', 'Compare', 'See also', 'This builds on', 'It is often used with']) + ` ${link()}.`);
    return parts.join(' ');
  };

  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    const isFocus = entry.slug === focus;
    entry.category = CATEGORIES[(i * 7 + random.int(0, 2)) % CATEGORIES.length];
    entry.icon = `i-lucide-${random.pick(ICONS)}`;
    entry.description = makeDescription(entry, random.pick, composer.sentence);
    // related: 3–10 items, known ones mostly; unknown and near-miss at the shape's rates.
    const nearMissRate = spec.nearMiss[0] + random.next() * (spec.nearMiss[1] - spec.nearMiss[0]);
    const n = random.int(3, 10);
    const seen = new Set([entry.slug]);
    entry.related = [];
    if (referrers.has(entry.slug)) { entry.related.push(hub); seen.add(hub); }
    for (let guard = 0; entry.related.length < n && guard < 200; guard++) {
      const r = random.next();
      let slug;
      if (r < nearMissRate || (isFocus && shape === 'd' && entry.related.length < 2)) { slug = typoOf(knownRelated(entry), random, taken); stats.nearMissRelated++; }
      else if (r < nearMissRate + 0.03 || (isFocus && entry.related.length === 2)) { slug = random.chance(0.5) ? `${random.pick(linkable)}s` : invented(random); stats.unknownRelated++; }
      else slug = knownRelated(entry);
      if (seen.has(slug) || slug === entry.slug) continue;
      seen.add(slug);
      entry.related.push(slug);
    }
    stats.related += entry.related.length;
    const broken = isFocus ? null : random.chance(0.01) ? 'yaml' : random.chance(0.01) ? 'fence' : null;

    let front = spec.frontmatterVariety ? variedFrontmatter(entry, random) : plainFrontmatter(entry);
    if (broken === 'yaml') { front = breakYaml(front, entry, random); stats.brokenYaml++; }

    const long = isFocus ? shape === 'c' : spec.longShare !== undefined && random.chance(spec.longShare);
    const target = isFocus && shape === 'c' ? 60_000 : long ? random.int(40_000, 90_000) : Math.min(60_000, Math.max(3_000, random.logNormal(14_500, 0.5)));
    const diagrams = long ? random.int(...spec.longDiagrams) : random.int(...spec.diagrams);
    let body = `## What is ${entry.title}?\n${linkedParagraph(random.int(5, 7))}`;
    if (referrers.has(entry.slug) && random.chance(0.4)) body += ` It builds on ${link({ slug: hub, known: true })}.`;
    if (isFocus) body += ` Not to be confused with ${link({ slug: typoOf(hub, random, taken), known: false })}, which the glossary does not define.`;
    body += '\n\n';
    body += `## Key Characteristics\n### ${entry.title} Overview\n${composer.diagram(entry.title, 'flowchart')}${composer.bullets(random.int(5, 8))}\n`;
    let drawn = 1;
    body += `## ${entry.title} Types\n${composer.table(4, random.int(4, 7))}\n`;
    for (let section = 0; body.length < target - 1500 || drawn < diagrams; section++) {
      const heading = SECTION_TITLES[(section + entry.slug.length) % SECTION_TITLES.length].replace('{T}', entry.title);
      body += `## ${heading}${section >= SECTION_TITLES.length ? ` ${Math.floor(section / SECTION_TITLES.length) + 1}` : ''}\n`;
      const kind = (section + i) % 5;
      if (drawn < diagrams && (kind === 3 || body.length >= target - 1500)) {
        body += `### ${heading} Flow\n${composer.diagram(entry.title)}\n${composer.paragraph(2)}\n\n`;
        drawn++;
      } else if (kind === 0) body += `${linkedParagraph(random.int(4, 6))}\n\n${composer.paragraph(random.int(3, 5))}\n\n`;
      else if (kind === 1) body += `${composer.paragraph(random.int(2, 4))}\n\n${composer.bullets(random.int(4, 7))}\n`;
      else if (kind === 2) body += `${composer.paragraph(2)}\n\n${random.chance(0.3) ? composer.code() : composer.table(random.int(3, 5), random.int(4, 8))}\n`;
      else body += `### ${composer.label()}\n${linkedParagraph(random.int(4, 6))}\n\n`;
    }
    stats.diagrams += drawn;
    const [lo, hi] = spec.seeAlso;
    const seeAlso = random.int(lo, hi);
    body += `## Summary\n${composer.paragraph(random.int(2, 3))}\n`;
    if (seeAlso) body += `\n### See also\n${Array.from({ length: seeAlso }, () => `- ${link()}`).join('\n')}\n`;
    if (broken === 'fence') {
      body += `\n### Sketch\n${random.chance(0.7) ? composer.diagram(entry.title, 'flowchart', false) : '```python\nmodel.fit(data)\n'}`;
      stats.unclosedFences++;
    }
    const text = front + body;
    writeFileSync(join(folder, `${entry.slug}.md`), text);
    stats.sizes.push(Buffer.byteLength(text));
  }
  writeCommonEntries(folder, linkable, random, stats, spec.frontmatterVariety ? (entry) => variedFrontmatter(entry, random) : plainFrontmatter);
  return finish({ shape, dir, count, seed, started, stats, hub, focus, referrers: referrers.size });
}

function newStats() {
  return { sizes: [], dependantBytes: 0, related: 0, unknownRelated: 0, nearMissRelated: 0, links: 0, unknownLinks: 0, brokenYaml: 0, unclosedFences: 0, diagrams: 0 };
}

/** The seed-like entry and the 100 dependants of the entry the runner creates. */
function writeCommonEntries(folder, linkable, random, stats, frontmatter) {
  writeFileSync(join(folder, `${SEED_SLUG}.md`), SEED_TEXT);
  stats.sizes.push(Buffer.byteLength(SEED_TEXT));
  for (let i = 0; i < DEPENDANTS; i++) {
    const slug = `bench-dep-${String(i).padStart(3, '0')}`;
    const others = [...new Set([random.pick(linkable), random.pick(linkable)])];
    const entry = {
      slug,
      title: `Bench Dependant ${i}`,
      description: `An entry generated by the benchmark that names ${NEW_SLUG} before that entry exists on disk, number ${i}.`,
      icon: 'i-lucide-link',
      category: 'Core Concepts',
      related: [NEW_SLUG, ...others],
    };
    const text = `${frontmatter(entry)}## What is ${entry.title}?\nIt depends on [the new term](/glossary/${NEW_SLUG}) and on [${others[0]}](/glossary/${others[0]}).\n`;
    writeFileSync(join(folder, `${slug}.md`), text);
    stats.dependantBytes += Buffer.byteLength(text);
  }
}

function finish({ shape, dir, count, seed, started, stats, hub, focus, referrers }) {
  const sizes = stats.sizes.sort((x, y) => x - y);
  const at = (p) => sizes[Math.min(sizes.length - 1, Math.floor(p * sizes.length))];
  const entryBytes = sizes.reduce((sum, n) => sum + n, 0);
  const { sizes: _, dependantBytes, ...counts } = stats;
  return {
    shape,
    label: SHAPES[shape].label,
    dir: resolve(dir),
    count,
    seed,
    files: sizes.length + DEPENDANTS,
    bytes: entryBytes + dependantBytes,
    /** Over the glossary's own entries and the seed-like one; the small bench dependants are left out. */
    entryBytes: { mean: Math.round(entryBytes / sizes.length), p10: at(0.1), p50: at(0.5), p90: at(0.9), max: sizes[sizes.length - 1] },
    ...counts,
    hub,
    referrers,
    focus,
    seedEntry: SEED_SLUG,
    newSlug: NEW_SLUG,
    dependants: Array.from({ length: DEPENDANTS }, (_, i) => `bench-dep-${String(i).padStart(3, '0')}`),
    milliseconds: performance.now() - started,
  };
}

// ---------------------------------------------------------------- shape (e)

/** The original generator's glossary, plus what every shape has: the seed-like entry, a hub, the dependants. */
function baselineShape(dir, count, seed) {
  const started = performance.now();
  const random = randomFor(seed ^ 0x5bd1e995);
  const generatedCount = Math.max(2, count - SEED_RELATED.length);
  const { entries } = generateGlossary(dir, generatedCount, seed);
  const folder = join(dir, 'content', 'glossary');
  const stats = newStats();
  const taken = new Set(entries.map((e) => e.slug));
  // The seed's related entries, in the baseline's own look (the generator cannot name them itself).
  const fillers = SEED_RELATED.filter((slug) => !taken.has(slug));
  const pool = sentencePool(random.next, 512);
  const composer = makeComposer(random, pool);
  for (const slug of fillers) {
    const entry = { slug, title: titleOf(slug.split('-')), category: random.pick(CATEGORIES), icon: `i-lucide-${random.pick(ICONS)}` };
    entry.description = makeDescription(entry, random.pick, composer.sentence);
    entry.related = Array.from({ length: 5 }, () => random.pick(entries).slug).filter((s, k, all) => all.indexOf(s) === k);
    let body = `## What is ${entry.title}?\n${composer.paragraph(6)}\n\n## Key Characteristics\n${composer.diagram(entry.title, 'flowchart')}${composer.bullets(7)}\n`;
    while (body.length < 14_000) body += `## ${composer.label()}\n${composer.paragraph(5)}\n\n`;
    writeFileSync(join(folder, `${slug}.md`), plainFrontmatter(entry) + body);
  }
  // The hub: named by 2.5% of the clean entries (at least 50), one of which is the focus entry.
  const clean = entries.filter((e) => !e.broken && e.related.length >= 4 && e.related.every((s) => taken.has(s)));
  const hub = clean[0].slug;
  const focus = clean[1].slug;
  const wanted = Math.min(clean.length - 1, Math.max(50, Math.round(count * 0.025)));
  const referrers = new Set([focus]);
  for (const entry of clean.slice(2)) {
    if (referrers.size >= wanted) break;
    if (!entry.related.includes(hub) && random.chance(0.5)) referrers.add(entry.slug);
  }
  for (const slug of referrers) {
    const path = join(folder, `${slug}.md`);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^related:\n/m, `related:\n- ${hub}\n`));
  }
  for (const entry of entries) {
    stats.related += entry.related.length + (referrers.has(entry.slug) ? 1 : 0);
    stats.unknownRelated += entry.related.filter((s) => !taken.has(s)).length;
    if (entry.broken === 'yaml') stats.brokenYaml++;
    if (entry.broken === 'fence') stats.unclosedFences++;
  }
  for (const slug of [...taken, ...fillers]) {
    const text = readFileSync(join(folder, `${slug}.md`), 'utf8');
    stats.sizes.push(Buffer.byteLength(text));
    stats.links += text.match(/\]\(\/glossary\//g)?.length ?? 0;
  }
  writeCommonEntries(folder, [...taken, ...fillers], random, stats, plainFrontmatter);
  return finish({ shape: 'e', dir, count, seed, started, stats, hub, focus, referrers: referrers.size });
}

/** Writes the glossary of `shape` under `dir` (which should be empty) and describes what it wrote. */
export function generateShape(shape, dir, count, seed) {
  if (!SHAPES[shape]) throw new Error(`unknown shape '${shape}' (shapes: ${Object.keys(SHAPES).join(', ')})`);
  return SHAPES[shape].baseline ? baselineShape(dir, count, seed) : composeShape(shape, dir, count, seed);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [shape, dir, count, seed] = process.argv.slice(2);
  if (!shape || !dir || !Number.isFinite(Number(count))) {
    console.error('usage: node bench/shapes.mjs <a|b|c|d|e> <dir> <count> [seed]');
    process.exit(2);
  }
  const { milliseconds, ...manifest } = generateShape(shape, dir, Number(count), Number(seed ?? 1));
  delete manifest.dependants;
  console.log(`${JSON.stringify(manifest, null, 2)}\ngenerated in ${(milliseconds / 1000).toFixed(1)} s`);
}
