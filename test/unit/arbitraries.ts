/**
 * Reusable fast-check generators for glossary entries: raw strings, entries assembled from
 * frontmatter and body fragments, and mutations of the real entries of the repository.
 */
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';

const ROOT = new URL('../../', import.meta.url);
const EXAMPLES = new URL('examples/glossary/content/glossary/', ROOT);

/** The example entries, by file name (`transformer.md` → its text). */
export const EXAMPLE_FILES: ReadonlyMap<string, string> = new Map(
  readdirSync(EXAMPLES)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => [name, readFileSync(new URL(name, EXAMPLES), 'utf8')] as const),
);

/** The AI-generated seed entry: debris above a misplaced frontmatter block, then the real entry. */
export const SEED_TEXT = readFileSync(new URL('test/fixtures/foundation-model.seed.txt', ROOT), 'utf8');

export const REAL_TEXTS: readonly string[] = [SEED_TEXT, ...EXAMPLE_FILES.values()];

const EXAMPLE_SLUGS = [...EXAMPLE_FILES.keys()].map((name) => name.replace(/\.md$/, ''));

/** Slugs that name entries, slugs that do not, and odd ones. */
export const slugArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...EXAMPLE_SLUGS) },
  { weight: 2, arbitrary: fc.constantFrom('model-architecture', 'zero-shot-learning', 'transformers', 'fine_tuning', 'Transformer') },
  { weight: 1, arbitrary: fc.constantFrom('', 'a', 'a/b', 'x.md', 'ü-slug', 'sl ug', 'with#hash', 'q?x=1', '日本語') },
);

// ---------------------------------------------------------------------------------------------
// (a) Arbitrary strings
// ---------------------------------------------------------------------------------------------

/** Characters that matter to the parser, plus the hostile ones. */
const SPECIAL_UNITS = [
  '\r\n', '\n', '\r', '\uFEFF', '\0', '\uD800', '\uDFFF', '\uD83D', '\uDE00', '\u2028', '\u0085', '\t', ' ',
  '-', '---', '`', '```', '~~~', '#', '[', ']', '{', '}', ':', ': ', ',', "'", '"', '<', '>', '/', '&', '*', '|',
  '(', ')', '](', '- ', 'title', 'related', 'a', 'é', '😀',
];

/** A UTF-16 code unit, lone surrogates included. */
const codeUnitArb = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));

export function anyStringArb(maxLength = 200): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: codeUnitArb, maxLength }),
    fc.string({ unit: fc.constantFrom(...SPECIAL_UNITS), maxLength }),
    fc.string({ unit: fc.oneof(fc.constantFrom(...SPECIAL_UNITS), codeUnitArb, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength }),
  );
}

// ---------------------------------------------------------------------------------------------
// (b) Entries built from fragments
// ---------------------------------------------------------------------------------------------

const wordArb = fc.constantFrom('Transformer', 'Model', 'Learning', 'attention', 'AI', 'data', 'Zero-Shot', 'über', '', ' ', 'a: b', '#x', "it's", '"q"');
const phraseArb = fc.array(wordArb, { maxLength: 6 }).map((words) => words.join(' '));
const quote = (value: string, q: string) => (q === "'" ? `'${value.replace(/'/g, "''")}'` : q === '"' ? `"${value.replace(/"/g, '\\"')}"` : value);
const quoteArb = fc.constantFrom('', "'", '"');
const keyArb = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('title', 'description', 'logoIcon', 'category', 'related') },
  { weight: 1, arbitrary: fc.constantFrom('slug', 'titel', 'relatd', 'tags', 'x', 'Title', 'related ', '_k', 'a-b') },
);

/** A `related` item in the forms writers use: bare slug, quoted, site path, sibling file. */
const relatedRefArb = fc.tuple(slugArb, fc.constantFrom('', '/glossary/', './'), fc.constantFrom('', '.md', '/', '#frag')).map(
  ([slug, prefix, suffix]) => (prefix === './' ? `./${slug}.md` : `${prefix}${slug}${suffix}`),
);

const flowListArb = fc.tuple(fc.array(fc.tuple(relatedRefArb, quoteArb), { maxLength: 5 }), fc.constantFrom(']', '', ',]', ', ]', ']]', ' ] # c')).map(
  ([items, close]) => `[${items.map(([item, q]) => quote(item, q)).join(', ')}${close}`,
);

/** Frontmatter lines that are usually valid YAML: `key: value`, block lists and flow lists. */
export const wellFormedFrontmatterLineArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(keyArb, phraseArb, quoteArb).map(([key, value, q]) => `${key}: ${quote(value, q)}`) },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom('related', 'tags', 'title'), fc.array(fc.tuple(relatedRefArb, quoteArb, fc.constantFrom('- ', '  - ', '-', '-\t', '- - ')), { maxLength: 6 })).map(
    ([key, items]) => [`${key}:`, ...items.map(([item, q, dash]) => `${dash}${quote(item, q)}`)].join('\n'),
  ) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom('related', 'category', 'title'), flowListArb).map(([key, list]) => `${key}: ${list}`) },
);

/** One frontmatter line (or a few, for block lists); valid, half-typed and broken ones. */
export const frontmatterLineArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 13, arbitrary: wellFormedFrontmatterLineArb },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('related: ', 'related:', 'category: ', 'title: ', '- ', '  - ', 'rel'), relatedRefArb).map(([a, b]) => a + b) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'key: a: b', 'title: a: b', '\ttitle: tabbed', 'title:\tvalue', 'related:\t[a]', 'base: &anchor foo', 'title: *anchor', 'related: *anchor',
      'related: &list [a, b]', '<<: *anchor', 'x: [[[', 'related: [[[', 'related: [[[a]]]', 'x: {{{', 'x: ]]]', 'related: {a: b}', '? complex', ': lone',
      '- top-level item', '"unterminated', "title: 'unterminated", 'title: "unterminated', '!!binary x', '%YAML 1.2', '...', 'title: |', '  indented continuation',
      'description: >-', 'title: 123', 'title: true', 'title: null', 'title: ~', 'related: 42', 'related:', 'related: []', 'related: [', 'related: [a,',
      "related: ['a', \"b\", c", 'related: ["', "related: ['", 'category:', 'category: ', 'logoIcon: i-lucide-zap', '# comment', '', '   ', 'title', ':',
      'related:\n-', 'related:\n- ', 'related:\n  -\n  - a', 'related:\n- [a, b]\n- {k: v}\n- 7', 'title: x\ntitle: y', 'related: [a, a, a]',
      'x: &a [*a, *a]', 'x: !tag value', 'related: [a b, c]', 'title: "\\u00e9\\x"', 'a\u0000b: c', 'title: \uD800', '\uFEFFtitle: bom',
      // A lone carriage return ends a line for LSP clients, not for a `\n`-based scanner.
      'category: Model\rArchitectures', 'category:\rx', 'related: [transformer,\rembeddings]', 'related:\r- rlhf', 'related:\n- rlhf\r- tok', 'title: a\rb: c',
      'related: [a, b\n  c', 'related: [a,\n  ', 'related: [\n  rlhf,\n  tok',
    ),
  },
  { weight: 1, arbitrary: anyStringArb(40) },
);

/** One body line (or a short block). */
export const bodyLineArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom('# ', '## ', '### ', '###### ', '####### ', '#', ' ## ', '    # '), phraseArb, fc.constantFrom('', ' ##', ' #', '  ')).map(([h, t, c]) => h + t + c) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '```', '```mermaid', '``` mermaid', '```Mermaid {a}', '~~~', '~~~~', '````', '```js {1}', '``` `x`', '   ```', '    ```', '~~~mermaid', '```\t', '`````', '~~~ ~',
    ),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '<write_to_file>', '</write_to_file>', '<path>content/glossary/foundation-model.md</path>', '<content>', '</content>', '`<path>` in code',
      '``<content>``', '<result>done</result>', '<unknown_tag>', '< path>', '<<path>>', 'text <content> text', '<attempt_completion>',
    ),
  },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.constantFrom('text', '', 'x]'), relatedRefArb, fc.constantFrom('', ' "title"', '>', ' ')).map(([label, target, tail]) => `See [${label}](${target}${tail}) here.`),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '[a](/glossary/transformer) and [b](/glossary/embeddings#frag)', '[x]( </glossary/rlhf> "t")', '[x](https://example.com/glossary/x)', '[x](/glossary/)',
      '[broken](/glossary/', '[x](/glossary/a/b)', '`[x](/glossary/code)`', '[x](transformer.md)', '[x](./rlhf.md?y)',
    ),
  },
  { weight: 2, arbitrary: fc.constantFrom('| Model | Use |', '|---|---|', '| a | [x](/glossary/tokenization) |', '|') },
  { weight: 2, arbitrary: fc.constantFrom('graph TD', 'flowchart LR', 'A[Foo] --> B[Bar]', 'style A fill:#3498db,stroke:#333', 'subgraph S[x]', 'end') },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom('', '- ', '* ', '> ', '1. ', '2) ', '  '), phraseArb).map(([p, t]) => p + t) },
  { weight: 2, arbitrary: fc.constantFrom('---', '--- ', '----', ' ---', 'title: Misplaced', 'related:', '- transformer', 'description: x', '') },
  { weight: 1, arbitrary: anyStringArb(60) },
);

const delimiterArb = fc.oneof({ weight: 6, arbitrary: fc.constant('---') }, { weight: 1, arbitrary: fc.constantFrom('--- ', '---\t', '----', ' ---', '-- -') });

export interface EntryParts {
  bom: boolean;
  pre: string[];
  delimiters: 0 | 1 | 2;
  open: string;
  close: string;
  frontmatter: string[];
  body: string[];
  eols: string[];
  trailingNewline: boolean;
}

export function assembleEntry(parts: EntryParts): string {
  const lines: string[] = [...parts.pre];
  if (parts.delimiters >= 1) lines.push(parts.open);
  lines.push(...parts.frontmatter);
  if (parts.delimiters === 2) lines.push(parts.close);
  lines.push(...parts.body);
  // Fragments may hold several lines joined by `\n`: re-split so the chosen line endings apply.
  const flat = lines.join('\n').split('\n');
  let text = parts.bom ? '\uFEFF' : '';
  flat.forEach((line, i) => {
    text += line;
    if (i < flat.length - 1 || parts.trailingNewline) text += parts.eols[i % parts.eols.length];
  });
  return text;
}

const eolsArb: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<string[]>(['\n']) },
  { weight: 2, arbitrary: fc.constant<string[]>(['\r\n']) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 1, maxLength: 5 }) },
);

export const entryPartsArb: fc.Arbitrary<EntryParts> = fc.record({
  bom: fc.boolean(),
  pre: fc.oneof({ weight: 4, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.array(bodyLineArb, { maxLength: 4 }) }),
  delimiters: fc.oneof({ weight: 1, arbitrary: fc.constant(0 as const) }, { weight: 1, arbitrary: fc.constant(1 as const) }, { weight: 5, arbitrary: fc.constant(2 as const) }),
  open: delimiterArb,
  close: delimiterArb,
  frontmatter: fc.oneof(fc.array(frontmatterLineArb, { maxLength: 12 }), fc.array(wellFormedFrontmatterLineArb, { maxLength: 8 })),
  body: fc.array(bodyLineArb, { maxLength: 25 }),
  eols: eolsArb,
  trailingNewline: fc.boolean(),
});

export const structuredEntryArb: fc.Arbitrary<string> = entryPartsArb.map(assembleEntry);

// ---------------------------------------------------------------------------------------------
// (c) Mutations of real entries
// ---------------------------------------------------------------------------------------------

export type Mutation =
  | { op: 'deleteLines'; at: number; count: number }
  | { op: 'duplicateLines'; at: number; count: number; to: number }
  | { op: 'moveLines'; at: number; count: number; to: number }
  | { op: 'insertLine'; at: number; line: string }
  | { op: 'deleteChars'; at: number; count: number }
  | { op: 'insertChars'; at: number; chars: string }
  | { op: 'duplicateChars'; at: number; count: number; to: number };

const posArb = fc.nat({ max: 1_000_000 });
const countArb = fc.integer({ min: 1, max: 12 });

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('deleteLines' as const), at: posArb, count: countArb }),
  fc.record({ op: fc.constant('duplicateLines' as const), at: posArb, count: countArb, to: posArb }),
  fc.record({ op: fc.constant('moveLines' as const), at: posArb, count: countArb, to: posArb }),
  fc.record({ op: fc.constant('insertLine' as const), at: posArb, line: fc.oneof(frontmatterLineArb, bodyLineArb) }),
  fc.record({ op: fc.constant('deleteChars' as const), at: posArb, count: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('insertChars' as const), at: posArb, chars: fc.oneof(anyStringArb(8), fc.constantFrom('\n', '\r\n', '---\n', '```', '\n---\n', '[', ']', "'", ':', '\uFEFF', '\0', '\uD800')) }),
  fc.record({ op: fc.constant('duplicateChars' as const), at: posArb, count: fc.integer({ min: 1, max: 60 }), to: posArb }),
);

/** Lines with their terminators, so that joining them gives back the text. */
function splitKeepingEnds(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

export function applyMutation(text: string, m: Mutation): string {
  switch (m.op) {
    case 'deleteLines':
    case 'duplicateLines':
    case 'moveLines':
    case 'insertLine': {
      const lines = splitKeepingEnds(text);
      const at = lines.length ? m.at % (lines.length + 1) : 0;
      if (m.op === 'insertLine') {
        lines.splice(at, 0, `${m.line}\n`);
        return lines.join('');
      }
      if (m.op === 'deleteLines') {
        lines.splice(at, m.count);
        return lines.join('');
      }
      const range = lines.slice(at, at + m.count);
      if (m.op === 'moveLines') lines.splice(at, m.count);
      const to = m.to % (lines.length + 1);
      lines.splice(to, 0, ...range.map((line) => (line.endsWith('\n') ? line : `${line}\n`)));
      return lines.join('');
    }
    case 'deleteChars': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + m.count);
    }
    case 'insertChars': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.chars + text.slice(at);
    }
    case 'duplicateChars': {
      const at = m.at % (text.length + 1);
      const piece = text.slice(at, at + m.count);
      const to = m.to % (text.length + 1);
      return text.slice(0, to) + piece + text.slice(to);
    }
  }
}

export const mutatedRealEntryArb: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...REAL_TEXTS), fc.array(mutationArb, { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n'))
  .map(([base, mutations, eol]) => mutations.reduce(applyMutation, eol === '\n' ? base : base.replace(/\n/g, '\r\n')));

/** Any document: raw strings, entries from fragments, mutated real entries. */
export const documentArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: anyStringArb(300) },
  { weight: 5, arbitrary: structuredEntryArb },
  { weight: 3, arbitrary: mutatedRealEntryArb },
);
