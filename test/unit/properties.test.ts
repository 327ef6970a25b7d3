/**
 * Property-based tests of the language-service core.
 *
 *   node --import tsx --test test/unit/properties.test.ts
 *
 * Run counts are sized so that the whole file takes a few seconds. For a longer fuzz, set
 * FUZZ_RUNS (runs per property, e.g. FUZZ_RUNS=20000). To replay a failure, copy the seed and
 * path that fast-check prints into FUZZ_SEED and FUZZ_PATH.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionList, Hover, Position, Range } from 'vscode-languageserver-types';
import { URI } from 'vscode-uri';
import { parseEntry, type ParsedEntry, type Span } from '../../server/src/core/parsing';
import { GlossaryIndex, plainSummary } from '../../server/src/core/glossaryIndex';
import { GlossaryService } from '../../server/src/core/glossaryService';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';
import { slugFromPath } from '../../server/src/core/slugs';
import { summarizeEntry } from '../../server/src/core/summarize';
import { analyzeEntryText, decodeEntryBytes, ENTRY_HEAD_BYTES, summarizeEntryFile, summarizeEntryHead } from '../../server/src/core/entryFile';
import { scanningPositions } from '../../server/src/core/positions';
import { InMemoryWorkspace } from '../helpers/inMemoryWorkspace';
import { anyStringArb, documentArb, EXAMPLE_FILES, mutatedRealEntryArb, structuredEntryArb } from './arbitraries';

// ---------------------------------------------------------------------------------------------
// Run parameters
// ---------------------------------------------------------------------------------------------

const FUZZ_RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : undefined;

function params<T>(defaultRuns: number): fc.Parameters<T> {
  const p: fc.Parameters<T> = { numRuns: FUZZ_RUNS ?? defaultRuns, includeErrorInReport: true };
  // A fixed seed by default: npm test replays the same sample every run; set FUZZ_SEED to explore.
  p.seed = Number(process.env.FUZZ_SEED ?? 20261129);
  if (process.env.FUZZ_PATH) p.path = process.env.FUZZ_PATH;
  return p;
}

const OPTIONS = { debrisTags: DEFAULT_SETTINGS.debrisTags };

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function assertSpan(span: Span | undefined, text: string, what: string): void {
  assert.ok(span, `${what}: missing span`);
  assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), `${what}: non-integer span ${JSON.stringify(span)}`);
  assert.ok(0 <= span.start && span.start <= span.end && span.end <= text.length, `${what}: span ${JSON.stringify(span)} outside [0, ${text.length}]`);
}

/** A span of one line: no line feed inside. */
function assertLineSpan(span: Span, text: string, what: string): void {
  assertSpan(span, text, what);
  assert.ok(!text.slice(span.start, span.end).includes('\n'), `${what}: spans several lines`);
}

/** Every span the parser returns, checked against the text. */
function checkParsedSpans(text: string, entry: ParsedEntry): void {
  assert.ok(entry.textStart === 0 || (entry.textStart === 1 && text.charCodeAt(0) === 0xfeff), 'textStart');
  assert.ok(entry.textStart <= entry.bodyStart && entry.bodyStart <= text.length, `bodyStart ${entry.bodyStart}`);

  const fm = entry.frontmatter;
  if (fm) {
    assertLineSpan(fm.openSpan, text, 'frontmatter.openSpan');
    assertSpan(fm.contentSpan, text, 'frontmatter.contentSpan');
    assert.ok(fm.openSpan.end <= fm.contentSpan.start, 'frontmatter content starts after the opening line');
    if (fm.closeSpan) {
      assertLineSpan(fm.closeSpan, text, 'frontmatter.closeSpan');
      assert.ok(fm.contentSpan.end <= fm.closeSpan.start, 'frontmatter content ends before the closing line');
    }
    for (const field of fm.fields) {
      assertSpan(field.keySpan, text, `field ${field.key} keySpan`);
      assertSpan(field.span, text, `field ${field.key} span`);
      const value = field.value;
      if (value.kind !== 'empty') assertSpan(value.span, text, `field ${field.key} value span`);
      if (value.kind === 'list') for (const item of value.items) assertSpan(item.span, text, `field ${field.key} item span`);
    }
    for (const problem of fm.problems) assertSpan(problem.span, text, `problem ${problem.kind}`);
  }

  for (const heading of entry.headings) {
    assertLineSpan(heading.span, text, 'heading');
    assert.match(text.slice(heading.span.start, heading.span.end), /^ {0,3}#/, 'a heading span holds a heading line');
  }
  let previousEnd = -1;
  entry.fences.forEach((fence, i) => {
    assertLineSpan(fence.openSpan, text, `fence ${i} openSpan`);
    assertSpan(fence.contentSpan, text, `fence ${i} contentSpan`);
    assert.match(text.slice(fence.openSpan.start, fence.openSpan.end), /^ {0,3}(```|~~~)/, `fence ${i} opens with a fence line`);
    assert.ok(fence.openSpan.end <= fence.contentSpan.start, `fence ${i}: content after the opening line`);
    const end = fence.closeSpan ? fence.closeSpan.end : fence.contentSpan.end;
    if (fence.closeSpan) {
      assertLineSpan(fence.closeSpan, text, `fence ${i} closeSpan`);
      assert.ok(fence.contentSpan.end <= fence.closeSpan.start, `fence ${i}: content before the closing line`);
    } else {
      // Unclosed, it runs to the end of the file, or of the list item it is in (CommonMark).
      const end = fence.contentSpan.end;
      assert.ok(end === text.length || /[\r\n]/.test(text[end - 1]), `fence ${i}: unclosed content ends at a line start`);
    }
    assert.ok(previousEnd <= fence.openSpan.start, `fence ${i} overlaps or precedes the fence before it`);
    previousEnd = end;
  });
  const insideFence = (offset: number) => entry.fences.some((f) => f.contentSpan.start <= offset && offset < f.contentSpan.end);
  for (const heading of entry.headings) assert.ok(!insideFence(heading.span.start), 'a heading inside a code fence');
  for (const tag of entry.debris) {
    assertLineSpan(tag.span, text, 'debris');
    assert.equal(text.slice(tag.span.start, tag.span.end), tag.tag, 'debris span holds its tag');
    assert.ok(!insideFence(tag.span.start), 'debris inside a code fence');
  }
  for (const link of entry.links) {
    // Link text may wrap over the lines of a paragraph (CommonMark), but never past a blank line; the target is on one line.
    assert.ok(!/\n[ \t]*\r?\n/.test(text.slice(link.span.start, link.span.end)), 'a link spans a blank line');
    assertLineSpan(link.targetSpan, text, 'link target');
    assert.ok(link.span.start <= link.targetSpan.start && link.targetSpan.end <= link.span.end, 'link target inside the link');
    assert.equal(text.slice(link.targetSpan.start, link.targetSpan.end), link.target, 'link targetSpan holds its target');
  }
}

/** Line lengths as LSP counts them: lines end at `\r\n`, `\n` or `\r`; the terminator is not part of the line. */
function lspLineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

function assertRangeInDocument(range: Range, lines: number[], what: string): void {
  for (const [name, p] of [['start', range.start], ['end', range.end]] as const) {
    assert.ok(Number.isInteger(p.line) && Number.isInteger(p.character), `${what}: ${name} not integer ${JSON.stringify(p)}`);
    assert.ok(p.line >= 0 && p.line < lines.length, `${what}: ${name}.line ${p.line} outside 0..${lines.length - 1}`);
    assert.ok(p.character >= 0 && p.character <= lines[p.line], `${what}: ${name}.character ${p.character} past the end of line ${p.line} (length ${lines[p.line]})`);
  }
  assert.ok(comparePositions(range.start, range.end) <= 0, `${what}: start after end ${JSON.stringify(range)}`);
}

function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

function completionRanges(list: CompletionList | null): Range[] {
  const ranges: Range[] = [];
  for (const item of list?.items ?? []) {
    const edit = item.textEdit;
    if (!edit) continue;
    if ('range' in edit) ranges.push(edit.range);
    else ranges.push(edit.insert, edit.replace);
  }
  return ranges;
}

/** A handful of real entries, enough for slugs, titles and categories to complete and hover. */
const HANDFUL = ['transformer.md', 'attention-mechanism.md', 'embeddings.md', 'rlhf.md', 'tokenization.md', 'fine-tuning.md', 'large-language-models.md'];

async function serviceWithHandful(): Promise<{ workspace: InMemoryWorkspace; service: GlossaryService }> {
  const workspace = new InMemoryWorkspace('file:///ws');
  for (const name of HANDFUL) workspace.write(`content/glossary/${name}`, EXAMPLE_FILES.get(name)!);
  const service = new GlossaryService(workspace);
  await service.indexWorkspace();
  return { workspace, service };
}

/** Offsets to probe: a random sample, plus every offset of a short document or a short frontmatter. */
function probeOffsets(text: string, entry: ParsedEntry, random: number[]): number[] {
  const offsets = new Set<number>([0, text.length]);
  for (const r of random) offsets.add(r % (text.length + 1));
  if (text.length <= 300) for (let o = 0; o <= text.length; o++) offsets.add(o);
  const fm = entry.frontmatter;
  if (fm) {
    const { start, end } = fm.contentSpan;
    const step = end - start <= 600 ? 1 : Math.ceil((end - start) / 600);
    for (let o = fm.openSpan.start; o <= Math.min(end + 2, text.length); o += o < start ? 1 : step) offsets.add(o);
  }
  return [...offsets].sort((a, b) => a - b);
}

const generatedDocArb = fc.record({
  text: documentArb,
  slug: fc.constantFrom('fuzz-entry', 'transformer', 'foundation-model', 'tokenization'),
  random: fc.array(fc.nat(), { minLength: 30, maxLength: 30 }),
});

// ---------------------------------------------------------------------------------------------
// 1. The parser never throws, and its spans lie in the text
// ---------------------------------------------------------------------------------------------

test('property 1: parseEntry never throws and returns spans inside the text, fences in order', () => {
  const check = (text: string) => {
    const entry = parseEntry(text, OPTIONS);
    checkParsedSpans(text, entry);
  };
  fc.assert(fc.property(anyStringArb(400), check), params(2000));
  fc.assert(fc.property(structuredEntryArb, check), params(3000));
  fc.assert(fc.property(mutatedRealEntryArb, check), params(1000));
});

// ---------------------------------------------------------------------------------------------
// 2. Diagnostics, completion and hover never throw; every range lies in the document
// ---------------------------------------------------------------------------------------------

test('property 2: diagnostics/completion/hover never throw and return ranges inside the document', async () => {
  await fc.assert(
    fc.asyncProperty(generatedDocArb, async ({ text, slug, random }) => {
      const { workspace, service } = await serviceWithHandful();
      const uri = workspace.uri(`content/glossary/${slug}.md`);
      const document = TextDocument.create(uri, 'markdown', 1, text);
      service.setOpenDocument(document);
      const lines = lspLineLengths(text);
      assert.equal(lines.length, document.lineCount, 'line count agrees with TextDocument');

      for (const diagnostic of service.diagnostics(uri)) assertRangeInDocument(diagnostic.range, lines, `diagnostic ${diagnostic.code}`);

      const entry = service.getOpen(uri)!.entry;
      for (const offset of probeOffsets(text, entry, random)) {
        const position = document.positionAt(offset);
        for (const range of completionRanges(service.completion(uri, position))) assertRangeInDocument(range, lines, `completion at ${offset}`);
        const hover: Hover | null = await service.hover(uri, position);
        if (hover?.range) assertRangeInDocument(hover.range, lines, `hover at ${offset}`);
      }
    }),
    params(600),
  );
});

// ---------------------------------------------------------------------------------------------
// 3. Completion edits replace a part of one line that holds the cursor
// ---------------------------------------------------------------------------------------------

async function checkCompletionEdits({ text, slug, random }: { text: string; slug: string; random: number[] }): Promise<void> {
  const { workspace, service } = await serviceWithHandful();
  const uri = workspace.uri(`content/glossary/${slug}.md`);
  const document = TextDocument.create(uri, 'markdown', 1, text);
  service.setOpenDocument(document);
  const entry = service.getOpen(uri)!.entry;
  for (const offset of probeOffsets(text, entry, random)) {
    const cursor = document.positionAt(offset);
    for (const range of completionRanges(service.completion(uri, cursor))) {
      const where = `completion at offset ${offset} ${JSON.stringify(cursor)}: range ${JSON.stringify(range)}`;
      assert.equal(range.start.line, range.end.line, `${where} spans several lines`);
      assert.ok(comparePositions(range.start, cursor) <= 0 && comparePositions(cursor, range.end) <= 0, `${where} does not contain the cursor`);
    }
  }
}

/** A carriage return not followed by a line feed: a line break for LSP clients (and TextDocument), not for the parser. */
const LONE_CR = /\r(?!\n)/g;

test('property 3: completion textEdit ranges are on one line and contain the cursor (no lone CR)', async () => {
  const withoutLoneCr = generatedDocArb.map((doc) => ({ ...doc, text: doc.text.replace(LONE_CR, '\n') }));
  await fc.assert(fc.asyncProperty(withoutLoneCr, checkCompletionEdits), params(1000));
});

/** Minimal counterexample found by property 3; kept as an explicit example so the bug is always exercised. */
const LONE_CR_COUNTEREXAMPLE = { text: '---\ncategory: Model\rArchitectures\n---', slug: 'fuzz-entry', random: [] as number[] };

test(
  'property 3 (any line ending): completion textEdit ranges are on one line and contain the cursor',
  async () => {
    await fc.assert(fc.asyncProperty(generatedDocArb, checkCompletionEdits), { ...params(1000), examples: [[LONE_CR_COUNTEREXAMPLE]] });
  },
);

// ---------------------------------------------------------------------------------------------
// 4. Determinism
// ---------------------------------------------------------------------------------------------

test('property 4: parsing the same text twice gives deep-equal results', () => {
  fc.assert(
    fc.property(documentArb, (text) => {
      const first = parseEntry(text, OPTIONS);
      // A fresh string with the same content, so nothing keyed on identity can differ.
      const copy = text.split('').join('');
      const second = parseEntry(copy, OPTIONS);
      const third = parseEntry(text, OPTIONS);
      assert.deepStrictEqual(second, first);
      assert.deepStrictEqual(third, first);
    }),
    params(2000),
  );
});

// ---------------------------------------------------------------------------------------------
// 5. Index consistency under a sequence of workspace and editor events
// ---------------------------------------------------------------------------------------------

/** Files the operations touch: entries, a second file with slug `a`, a non-entry and an excluded file. */
const FILES = [
  'content/glossary/a.md',
  'content/glossary/b.md',
  'content/glossary/c.md',
  'content/glossary/d.md',
  'content/glossary/sub/a.md',
  'content/glossary/sub/e.md',
  'content/notes/x.md',
  'content/glossary/.hidden/c.md',
] as const;
const SUB_FOLDER = 'content/glossary/sub';
const POOL_REFS = ['a', 'b', 'c', 'd', 'e', 'x', 'A', '/glossary/b', '/glossary/c/', 'd.md', './e.md', '/glossary/a#frag', 'zzz'];

const poolRefArb = fc.constantFrom(...POOL_REFS);
const q = (value: string, quote: string) => `${quote}${value}${quote}`;

/** Entries whose related lists and links name slugs of the pool, in every form; sometimes anything. */
const poolEntryArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({
        title: fc.constantFrom('A', 'B', 'Same', ''),
        style: fc.constantFrom('block', 'flow', 'scalar', 'none', 'unclosed-flow'),
        related: fc.array(fc.tuple(poolRefArb, fc.constantFrom('', "'", '"')), { maxLength: 5 }),
        links: fc.array(poolRefArb, { maxLength: 3 }),
        eol: fc.constantFrom('\n', '\r\n'),
        broken: fc.boolean(),
      })
      .map(({ title, style, related, links, eol, broken }) => {
        const items = related.map(([ref, quote]) => q(ref, quote));
        const relatedText = style === 'block' ? `related:\n${items.map((item) => `- ${item}`).join('\n')}`
          : style === 'flow' ? `related: [${items.join(', ')}]`
          : style === 'unclosed-flow' ? `related: [${items.join(', ')}`
          : style === 'scalar' ? `related: ${items[0] ?? ''}`
          : '';
        const body = links.map((ref) => `See [x](${ref.startsWith('/') || ref.endsWith('.md') ? ref : `/glossary/${ref}`}).`).join('\n');
        return [`---`, `title: ${title}`, `category: Cat`, relatedText, broken ? 'key: a: b' : '', `---`, `# ${title}`, body].join('\n').replace(/\n/g, eol);
      }),
  },
  { weight: 2, arbitrary: structuredEntryArb },
  { weight: 1, arbitrary: anyStringArb(80) },
);

type Op =
  | { op: 'write'; file: number; text: string; change: 'created' | 'changed' }
  | { op: 'delete'; file: number }
  | { op: 'open'; file: number; text: string }
  | { op: 'close'; file: number }
  | { op: 'touch'; file: number; change: 'created' | 'changed' }
  | { op: 'deleteFolder' }
  | { op: 'createFolder'; a: string; e: string }
  | { op: 'reindex' };

const fileArb = fc.nat({ max: FILES.length - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('write' as const), file: fileArb, text: poolEntryArb, change: fc.constantFrom('created' as const, 'changed' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), file: fileArb }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('open' as const), file: fileArb, text: poolEntryArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('close' as const), file: fileArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('touch' as const), file: fileArb, change: fc.constantFrom('created' as const, 'changed' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deleteFolder' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('createFolder' as const), a: poolEntryArb, e: poolEntryArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reindex' as const) }) },
);

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function referencedSlugs(summary: { related: { slug: string }[]; links: { slug: string }[] }): Set<string> {
  return new Set([...summary.related, ...summary.links].map((ref) => ref.slug));
}

/**
 * Applies batches of operations. The operations of a batch are started in order, each without
 * waiting for the previous one to finish (as the language server does with its notification
 * handlers), then the batch is awaited and the index is checked against the model.
 */
async function runBatches(batches: Op[][]): Promise<void> {
  const workspace = new InMemoryWorkspace('file:///ws');
  const index = new GlossaryIndex();
  const service = new GlossaryService(workspace, undefined, undefined, undefined, undefined, index);
  await service.indexWorkspace();
  const disk = new Map<string, string>();
  const open = new Map<string, { text: string; version: number }>();
  const seenSlugs = new Set<string>(['a', 'b', 'c', 'd', 'e', 'x', 'A', 'zzz']);
  const uriOf = (file: string) => workspace.uri(file);

  const start = (op: Op): Promise<unknown> | undefined => {
    switch (op.op) {
      case 'write':
        disk.set(FILES[op.file], op.text);
        workspace.write(FILES[op.file], op.text);
        return service.fileChanged(uriOf(FILES[op.file]), op.change);
      case 'delete':
        disk.delete(FILES[op.file]);
        workspace.delete(FILES[op.file]);
        return service.fileChanged(uriOf(FILES[op.file]), 'deleted');
      case 'open': {
        const version = (open.get(FILES[op.file])?.version ?? 0) + 1;
        open.set(FILES[op.file], { text: op.text, version });
        service.setOpenDocument(TextDocument.create(uriOf(FILES[op.file]), 'markdown', version, op.text));
        return undefined;
      }
      case 'close':
        if (!open.has(FILES[op.file])) return undefined;
        open.delete(FILES[op.file]);
        return service.closeDocument(uriOf(FILES[op.file]));
      case 'touch':
        return service.fileChanged(uriOf(FILES[op.file]), op.change);
      case 'deleteFolder':
        for (const file of FILES) {
          if (!file.startsWith(`${SUB_FOLDER}/`)) continue;
          disk.delete(file);
          workspace.delete(file);
        }
        return service.fileChanged(uriOf(SUB_FOLDER), 'deleted');
      case 'createFolder':
        disk.set(`${SUB_FOLDER}/a.md`, op.a);
        workspace.write(`${SUB_FOLDER}/a.md`, op.a);
        disk.set(`${SUB_FOLDER}/e.md`, op.e);
        workspace.write(`${SUB_FOLDER}/e.md`, op.e);
        return service.fileChanged(uriOf(SUB_FOLDER), 'created');
      case 'reindex':
        return service.indexWorkspace();
    }
  };

  for (const [step, batch] of batches.entries()) {
    await Promise.all(batch.map(start));
    const where = `after batch ${step} (${batch.map((op) => op.op).join(', ')})`;

    // The index holds what the editor and the disk say, and nothing else.
    for (const file of FILES) {
      const uri = uriOf(file);
      const opened = open.get(file);
      let expectedText: string | undefined;
      if (opened) expectedText = opened.text;
      else if (service.isEntry(uri) && disk.has(file)) {
        const bytes = encoder.encode(disk.get(file)!);
        if (!bytes.subarray(0, 8000).includes(0)) expectedText = decoder.decode(bytes);
      }
      const actual = index.entryAt(uri);
      if (expectedText === undefined) {
        assert.equal(actual, undefined, `${where}: ${file} should not be indexed`);
        continue;
      }
      assert.ok(actual, `${where}: ${file} should be indexed`);
      const document = TextDocument.create(uri, 'markdown', 0, expectedText);
      const expected = summarizeEntry(uri, slugFromPath(URI.parse(uri).path), document, parseEntry(expectedText, OPTIONS), service.settings);
      assert.deepStrictEqual(plainSummary(actual), expected, `${where}: summary of ${file} reflects its current text`);
    }

    // referrersOf agrees with a model recomputed from the entries.
    const model = new Map<string, Set<string>>();
    for (const entry of index.entries()) {
      for (const slug of referencedSlugs(entry)) {
        seenSlugs.add(slug);
        if (!model.has(slug)) model.set(slug, new Set());
        model.get(slug)!.add(entry.uri);
        assert.ok(index.referrersOf(slug).includes(entry.uri), `${where}: referrersOf('${slug}') lacks ${entry.uri}`);
      }
    }
    for (const slug of seenSlugs) {
      const referrers = index.referrersOf(slug);
      for (const uri of referrers) {
        const entry = index.entryAt(uri);
        assert.ok(entry, `${where}: referrersOf('${slug}') holds ${uri}, which is no longer indexed`);
        assert.ok(referencedSlugs(entry).has(slug), `${where}: referrersOf('${slug}') holds ${uri}, which no longer names it`);
      }
      assert.deepStrictEqual(new Set(referrers), model.get(slug) ?? new Set(), `${where}: referrersOf('${slug}') differs from the model`);
      assert.equal(new Set(referrers).size, referrers.length, `${where}: referrersOf('${slug}') holds a URI twice`);
    }
  }
}

test('property 5: referrersOf stays consistent with the entries through file and editor events', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), (ops) => runBatches(ops.map((op) => [op]))),
    params(1000),
  );
});

/** Minimal counterexample found by the concurrent variant: a file created, then deleted before its read finished. */
const CONCURRENT_COUNTEREXAMPLE: Op[][] = [[
  { op: 'write', file: 0, text: '---\ntitle: A\nrelated: [b]\n---\n', change: 'created' },
  { op: 'delete', file: 0 },
]];

test(
  'property 5 (overlapping events): the index matches disk and editor once concurrent events settle',
  async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(opArb, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }), runBatches),
      { ...params(300), examples: [[CONCURRENT_COUNTEREXAMPLE]] },
    );
  },
);

// ---------------------------------------------------------------------------------------------
// Indexing a file parses it without looking for debris; its summary is the one a full parse makes
// ---------------------------------------------------------------------------------------------

test('property 6: a file indexed from disk has the summary of its full parse (debris or not), its fields alone and its body links alone too', () => {
  const uri = 'file:///ws/content/glossary/some-entry.md';
  const check = (text: string) => {
    // A NUL byte makes it a binary file, which is not indexed at all.
    if (text.includes('\0')) return;
    const bytes = new TextEncoder().encode(text);
    // The same bytes as the index reads them (a byte-order mark dropped), parsed the editor's way.
    const full = analyzeEntryText(uri, decodeEntryBytes(bytes, DEFAULT_SETTINGS.maxFileSize)!, DEFAULT_SETTINGS, bytes.length);
    const expected = plainSummary(summarizeEntry(uri, full.slug, scanningPositions(full.text), full.entry, DEFAULT_SETTINGS));
    const indexed = summarizeEntryFile(uri, bytes, DEFAULT_SETTINGS).summary;
    assert.ok(indexed, 'the file was not summarized');
    assert.deepEqual(plainSummary(indexed as never), expected);
    // A large glossary's first pass reads the same, but for the body links, which it says it has not read.
    const fields = summarizeEntryFile(uri, bytes, DEFAULT_SETTINGS, 'fields').summary;
    assert.ok(fields, 'the file was not summarized without its links');
    assert.deepEqual(plainSummary(fields as never), { ...expected, links: [], linksUnread: true });
    // Read from the file's head (the analysis workers' first pass), the same, or nothing and the whole file is read.
    const fromHead = summarizeEntryHead(uri, bytes.subarray(0, ENTRY_HEAD_BYTES), bytes.length, DEFAULT_SETTINGS);
    if (fromHead) assert.deepEqual(plainSummary(fromHead.summary as never), plainSummary(fields as never));
    else assert.ok(bytes.length > ENTRY_HEAD_BYTES, `a file of ${bytes.length} bytes, all in the head, was not summarized from it`);
    // Its second pass reads the body links alone: those of the full parse, packed.
    const links = summarizeEntryFile(uri, bytes, DEFAULT_SETTINGS, 'links').links;
    assert.ok(links, 'the body links were not read');
    assert.deepEqual(
      links.slugs.map((slug, i) => ({ slug, line: links.positions[i * 4], character: links.positions[i * 4 + 1], endLine: links.positions[i * 4 + 2], endCharacter: links.positions[i * 4 + 3] })),
      expected.links,
    );
    assert.equal(links.positions.length, links.slugs.length * 4);
  };
  fc.assert(fc.property(structuredEntryArb, check), params(1000));
  fc.assert(fc.property(mutatedRealEntryArb, check), params(1000));
  fc.assert(fc.property(documentArb, check), params(500));
  // Files longer than the head the first pass decodes alone (4,096 bytes): padded so that a
  // frontmatter's end, a closing line or a character of several bytes falls anywhere about the cut.
  const padding = fc.tuple(fc.integer({ min: 3900, max: 4200 }), fc.constantFrom('x', 'é', '—', '𝒳', '\n'), fc.constantFrom('frontmatter', 'after', 'inside'));
  const padded = fc.tuple(fc.oneof(structuredEntryArb, mutatedRealEntryArb), padding).map(([text, [length, unit, where]]) => {
    const fill = unit.repeat(Math.ceil(length / new TextEncoder().encode(unit).length));
    const close = text.indexOf('\n---', 4);
    if (where === 'frontmatter' && text.startsWith('---\n')) return `---\ndescription: ${fill.replace(/\n/g, ' ')}\n${text.slice(4)}`;
    if (where === 'inside' && close !== -1) return `${text.slice(0, close)}\n# ${fill}${text.slice(close)}`;
    return `${text}\n${fill}\n`;
  });
  fc.assert(fc.property(padded, check), params(600));
  // Past the head the first pass reads (8,192 bytes), as well as past the 4,096 it decodes.
  fc.assert(fc.property(fc.tuple(fc.oneof(structuredEntryArb, mutatedRealEntryArb), fc.integer({ min: 8000, max: 8400 })).map(([text, length]) => `${text}\n${'y'.repeat(length)}\n`), check), params(200));
  // A line the cut ends on may go on after it: `---` at the end of the head, `---x` in the file.
  for (const rest of ['x', ' x', '\n', '', '-']) {
    const start = '---\ntitle: Cut\ndescription: ';
    const text = `${start}${'d'.repeat(4096 - start.length - 4)}\n---${rest}\nrelated:\n  - other\n---\n\n${'Body. '.repeat(800)}`;
    check(text);
  }
});
