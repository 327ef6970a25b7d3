/**
 * The long fuzz of the language-service core: mutated entries through parsing, every diagnostic,
 * completion, hover, navigation, rename and every fix, on the core GlossaryService over an
 * in-memory workspace (test/helpers/inMemoryWorkspace.ts). For each case it checks:
 *
 *   - nothing throws (prepareRename / rename may refuse, with RenameRefused only);
 *   - every span and range lies in its document (a range in another entry, in that entry's text);
 *   - every fix (quick fixes, "fix all", the CLI's safe fixes) changes no text outside the ranges
 *     of its edits: applied independently, the text between and around the edits is identical,
 *     no edits overlap, none splits a surrogate pair, and TextDocument.applyEdits agrees.
 *
 *   npm run fuzz                                     100,000 cases on 2 worker threads
 *   node --import tsx test/fuzz/run.ts --runs 5000 --workers 1 --seed 42
 *   FUZZ_SEED=… FUZZ_PATH=… node --import tsx test/fuzz/run.ts --workers 1   replays a failure
 *
 * Under `node --test` (npm test) it runs a small sample (FUZZ_RUNS, default 400) in one thread.
 * It prints the seed, the runs and the time either way.
 */
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Command, Position, Range, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { parseEntry, type ParsedEntry, type Span } from '../../server/src/core/parsing';
import { RenameRefused } from '../../server/src/core/features/rename';
import { GlossaryService } from '../../server/src/core/glossaryService';
import { LoadedIconSets } from '../../server/src/core/icons';
import { loadBundledIconSet } from '../../server/src/bundledIconSets';
import { DEFAULT_SETTINGS, type GlossarySettings } from '../../server/src/core/settings';
import { InMemoryWorkspace } from '../helpers/inMemoryWorkspace';
import { anyStringArb, EXAMPLE_FILES, mutatedRealEntryArb, mutationArb, applyMutation, REAL_TEXTS, structuredEntryArb } from '../unit/arbitraries';

// ---- run parameters -----------------------------------------------------------------------------

const underNodeTest = !!process.env.NODE_TEST_CONTEXT;

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  if (at !== -1) return process.argv[at + 1];
  return process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1];
}

const RUNS = Number(argument('runs') ?? process.env.FUZZ_RUNS ?? (underNodeTest ? 400 : 100_000));
// npm test replays one fixed sample, so a landing never hinges on luck; `npm run fuzz` explores new seeds.
const SEED = Number(argument('seed') ?? process.env.FUZZ_SEED ?? (underNodeTest ? 20261129 : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0));
const PATH = argument('path') ?? process.env.FUZZ_PATH;
const WORKERS = Math.max(1, Number(argument('workers') ?? process.env.FUZZ_WORKERS ?? (underNodeTest || PATH ? 1 : Math.min(2, availableParallelism()))));

// ---- the cases ----------------------------------------------------------------------------------

/** Entries the index holds besides the fuzzed one, so slugs resolve, hover has titles and renames have referrers. */
const HANDFUL = ['transformer.md', 'attention-mechanism.md', 'embeddings.md', 'rlhf.md', 'tokenization.md', 'fine-tuning.md', 'large-language-models.md', 'foundation-model.md'];
const FOLDER = 'file:///ws';
const GLOSSARY = 'content/glossary';

/** The server's icon sets, loaded once and shared: icon data never changes during a run. */
const ICONS = new LoadedIconSets(loadBundledIconSet);

/** Settings that change how entries are parsed and checked. */
type SettingsVariant = 'default' | 'tinyMaxFileSize' | 'relatedPrefix' | 'categories' | 'slugField';
const settingsFor: Record<SettingsVariant, GlossarySettings> = {
  default: DEFAULT_SETTINGS,
  tinyMaxFileSize: { ...DEFAULT_SETTINGS, maxFileSize: 180 },
  relatedPrefix: { ...DEFAULT_SETTINGS, relatedPrefix: 'glossary/' },
  categories: { ...DEFAULT_SETTINGS, categories: ['Core Concepts', 'Model Architectures', 'Training Techniques'], requiredFields: ['title', 'description', 'category', 'logoIcon'] },
  slugField: { ...DEFAULT_SETTINGS, slugField: 'slug', titleField: 'title' },
};

const newNameArb = fc.oneof(
  fc.constantFrom('renamed-entry', 'transformer', 'embeddings', 'x', 'a-b-c', '', ' ', 'Bad Name', 'ü', 'a--b', '-a', 'a/b', '../x', 'CON', '9'),
  fc.string({ maxLength: 12 }),
);

/** Mostly mutated real entries (the issue's 100,000 mutated entries), plus entries from fragments and raw strings. */
const textArb = fc.oneof(
  { weight: 6, arbitrary: mutatedRealEntryArb },
  // Heavier mutation of a real entry: more edits, in CRLF too.
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...REAL_TEXTS), fc.array(mutationArb, { minLength: 6, maxLength: 30 })).map(([base, mutations]) => mutations.reduce(applyMutation, base)) },
  { weight: 2, arbitrary: structuredEntryArb },
  { weight: 1, arbitrary: anyStringArb(300) },
);

export const caseArb = fc.record({
  text: textArb,
  slug: fc.constantFrom('fuzz-entry', 'transformer', 'foundation-model', 'tokenization', 'rlhf'),
  settings: fc.constantFrom<SettingsVariant>('default', 'default', 'default', 'tinyMaxFileSize', 'relatedPrefix', 'categories', 'slugField'),
  offsets: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
  newNames: fc.array(newNameArb, { minLength: 2, maxLength: 2 }),
});

export type FuzzCase = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

// ---- checks -------------------------------------------------------------------------------------

/** Line lengths as LSP counts them: lines end at \r\n, \n or \r. */
function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

function assertSpan(span: Span | undefined, text: string, what: string): void {
  assert.ok(span, `${what}: missing span`);
  assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.start <= span.end && span.end <= text.length, `${what}: span ${JSON.stringify(span)} outside [0, ${text.length}]`);
}

function checkParse(text: string, entry: ParsedEntry): void {
  assert.ok(entry.bodyStart >= 0 && entry.bodyStart <= text.length, `bodyStart ${entry.bodyStart}`);
  const fm = entry.frontmatter;
  if (fm) {
    assertSpan(fm.openSpan, text, 'frontmatter.openSpan');
    assertSpan(fm.contentSpan, text, 'frontmatter.contentSpan');
    if (fm.closeSpan) assertSpan(fm.closeSpan, text, 'frontmatter.closeSpan');
    for (const field of fm.fields) {
      assertSpan(field.keySpan, text, `field ${field.key}`);
      assertSpan(field.span, text, `field ${field.key} span`);
      if (field.value.kind !== 'empty') assertSpan(field.value.span, text, `field ${field.key} value`);
      if (field.value.kind === 'list') for (const item of field.value.items) assertSpan(item.span, text, `field ${field.key} item`);
    }
    for (const problem of fm.problems) assertSpan(problem.span, text, `problem ${problem.kind}`);
  }
  for (const heading of entry.headings) assertSpan(heading.span, text, 'heading');
  for (const fence of entry.fences) {
    assertSpan(fence.openSpan, text, 'fence open');
    assertSpan(fence.contentSpan, text, 'fence content');
    if (fence.closeSpan) assertSpan(fence.closeSpan, text, 'fence close');
  }
  for (const tag of entry.debris) assertSpan(tag.span, text, 'debris');
  for (const link of entry.links) {
    assertSpan(link.span, text, 'link');
    assertSpan(link.targetSpan, text, 'link target');
  }
}

function assertRange(range: Range | undefined, lines: number[], what: string): void {
  assert.ok(range && range.start && range.end, `${what}: no range`);
  for (const [name, p] of [['start', range.start], ['end', range.end]] as const) {
    assert.ok(Number.isInteger(p.line) && Number.isInteger(p.character), `${what}: ${name} is not integer ${JSON.stringify(p)}`);
    assert.ok(p.line >= 0 && p.line < lines.length, `${what}: ${name}.line ${p.line} outside 0..${lines.length - 1}`);
    assert.ok(p.character >= 0 && p.character <= lines[p.line], `${what}: ${name}.character ${p.character} past the end of line ${p.line} (length ${lines[p.line]})`);
  }
  assert.ok(range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character), `${what}: start after end ${JSON.stringify(range)}`);
}

/** Offset of a position that assertRange accepted (UTF-16; lines end at \r\n, \n or \r). */
function offsetOf(text: string, position: Position): number {
  let line = 0;
  let i = 0;
  while (line < position.line) {
    const ch = text.charCodeAt(i);
    if (ch === 13) i += text.charCodeAt(i + 1) === 10 ? 2 : 1;
    else if (ch === 10) i += 1;
    else {
      i++;
      continue;
    }
    line++;
  }
  return i + position.character;
}

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * Applies `edits` (all against `text`) independently of the product and checks that nothing
 * outside their ranges changes: the ranges lie in the text, do not overlap, split no surrogate
 * pair; the result is the text outside the ranges, unchanged and in order, with each edit's new
 * text in its place; TextDocument.applyEdits gives the same.
 */
function checkEdits(text: string, edits: readonly TextEdit[], what: string): string {
  const lines = lineLengths(text);
  const spans = edits.map((edit, order) => {
    assertRange(edit.range, lines, `${what}: edit ${order}`);
    assert.equal(typeof edit.newText, 'string', `${what}: edit ${order} newText`);
    return { start: offsetOf(text, edit.range.start), end: offsetOf(text, edit.range.end), newText: edit.newText, order };
  });
  spans.sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  for (let i = 1; i < spans.length; i++) {
    const [a, b] = [spans[i - 1], spans[i]];
    assert.ok(b.start >= a.end, `${what}: edits overlap at ${a.start}-${a.end} and ${b.start}-${b.end}`);
    // Two insertions at one point: their order would be up to the editor.
    assert.ok(!(a.start === a.end && b.start === b.end && a.start === b.start), `${what}: two insertions at offset ${a.start}`);
  }
  for (const span of spans) {
    for (const at of [span.start, span.end]) {
      assert.ok(!(at > 0 && at < text.length && isHigh(text.charCodeAt(at - 1)) && isLow(text.charCodeAt(at))), `${what}: an edit boundary at ${at} splits a surrogate pair`);
    }
  }
  let result = '';
  let at = 0;
  const outside: string[] = [];
  for (const span of spans) {
    outside.push(text.slice(at, span.start));
    result += text.slice(at, span.start) + span.newText;
    at = span.end;
  }
  outside.push(text.slice(at));
  result += text.slice(at);
  // The text outside the ranges is found again, unchanged and in order, around the new texts.
  let cursor = 0;
  for (let i = 0; i < outside.length; i++) {
    assert.equal(result.slice(cursor, cursor + outside[i].length), outside[i], `${what}: text outside the edits changed (segment ${i})`);
    cursor += outside[i].length + (i < spans.length ? spans[i].newText.length : 0);
  }
  assert.equal(cursor, result.length);
  const library = TextDocument.applyEdits(TextDocument.create('file:///x.md', 'markdown', 1, text), edits as TextEdit[]);
  assert.equal(library, result, `${what}: TextDocument.applyEdits disagrees with an independent application`);
  return result;
}

interface FuzzContext {
  workspace: InMemoryWorkspace;
  service: GlossaryService;
  uri: string;
  document: TextDocument;
  /** The text of any document an edit may touch. */
  textOf(uri: string): string | undefined;
}

function checkWorkspaceEdit(context: FuzzContext, edit: WorkspaceEdit | null | undefined, what: string): void {
  if (!edit) return;
  assert.ok(!edit.changes || Object.keys(edit.changes).length === 0, `${what}: uses \`changes\`, not documentChanges`);
  const created = new Set<string>();
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      if (change.kind === 'create') created.add(change.uri);
      if (change.kind === 'rename') assert.ok(context.textOf(change.oldUri) !== undefined, `${what}: renames ${change.oldUri}, which is not an entry`);
      continue;
    }
    const documentEdit = change as TextDocumentEdit;
    const uri = documentEdit.textDocument.uri;
    const text = created.has(uri) ? '' : context.textOf(uri);
    assert.ok(text !== undefined, `${what}: edits ${uri}, which is not a document of the workspace`);
    if (uri === context.uri) assert.equal(documentEdit.textDocument.version, context.document.version, `${what}: the open document's version`);
    checkEdits(text, documentEdit.edits as TextEdit[], `${what} (${uri.slice(uri.lastIndexOf('/') + 1)})`);
  }
}

/** Positions worth probing: the given random offsets, and around the frontmatter and links. */
function probeOffsets(text: string, entry: ParsedEntry, random: number[]): number[] {
  const offsets = new Set<number>([0, text.length]);
  for (const r of random) offsets.add(r % (text.length + 1));
  const fm = entry.frontmatter;
  if (fm) {
    for (const field of fm.fields.slice(0, 8)) {
      offsets.add(field.keySpan.start);
      if (field.value.kind === 'list') for (const item of field.value.items.slice(0, 3)) offsets.add(Math.min(text.length, item.span.start + 1));
      else if (field.value.kind !== 'empty') offsets.add(Math.min(text.length, field.value.span.start + 1));
    }
  }
  for (const link of entry.links.slice(0, 2)) offsets.add(Math.min(text.length, link.targetSpan.start + 1));
  return [...offsets];
}

/** Builds the service for a settings variant; each case gets a fresh one, so a failure replays alone. */
async function makeContext(variant: SettingsVariant, slug: string, text: string): Promise<FuzzContext> {
  const workspace = new InMemoryWorkspace(FOLDER);
  const texts = new Map<string, string>();
  for (const name of HANDFUL) texts.set(workspace.write(`${GLOSSARY}/${name}`, EXAMPLE_FILES.get(name)!), EXAMPLE_FILES.get(name)!);
  const service = new GlossaryService(workspace, settingsFor[variant], undefined, ICONS);
  await Promise.all([service.indexWorkspace(), ICONS.ready(settingsFor[variant].iconPrefixes)]);
  const uri = workspace.uri(`${GLOSSARY}/${slug}.md`);
  const document = TextDocument.create(uri, 'markdown', 7, text);
  service.setOpenDocument(document);
  return { workspace, service, uri, document, textOf: (u) => (u === uri ? text : texts.get(u)) };
}

export async function checkCase(input: FuzzCase): Promise<void> {
  const { text, slug, settings, offsets, newNames } = input;
  // 1. The parser alone.
  checkParse(text, parseEntry(text, { debrisTags: settingsFor[settings].debrisTags }));

  // 2. The service: diagnostics.
  const context = await makeContext(settings, slug, text);
  const { service, uri, document } = context;
  const lines = lineLengths(text);
  assert.equal(lines.length, document.lineCount, 'line count agrees with TextDocument');
  const diagnostics = service.diagnostics(uri);
  for (const d of diagnostics) assertRange(d.range, lines, `diagnostic ${d.code}`);
  const entry = service.getOpen(uri)!.entry;

  // 3. Position-based features at probe offsets.
  const probes = probeOffsets(text, entry, offsets);
  for (const [n, offset] of probes.entries()) {
    const position = document.positionAt(offset);
    const where = `at offset ${offset}`;
    for (const item of service.completion(uri, position)?.items ?? []) {
      const edit = item.textEdit;
      if (edit && 'range' in edit) assertRange(edit.range, lines, `completion ${where}`);
      else if (edit) {
        assertRange(edit.insert, lines, `completion insert ${where}`);
        assertRange(edit.replace, lines, `completion replace ${where}`);
      }
      for (const extra of item.additionalTextEdits ?? []) assertRange(extra.range, lines, `completion additional edit ${where}`);
    }
    const hover = await service.hover(uri, position);
    if (hover?.range) assertRange(hover.range, lines, `hover ${where}`);
    const definition = service.definition(uri, position);
    if (definition) {
      const target = context.textOf(definition.uri);
      if (target !== undefined) assertRange(definition.range, lineLengths(target), `definition ${where}`);
    }
    for (const location of service.references(uri, position, n % 2 === 0)) {
      const target = context.textOf(location.uri);
      if (target !== undefined) assertRange(location.range, lineLengths(target), `reference ${where}`);
    }
    // Rename: refusals are RenameRefused, anything else a bug; edits lie in their documents.
    try {
      const prepared = service.prepareRename(uri, position);
      if (prepared) assertRange(prepared.range, lines, `prepareRename ${where}`);
    } catch (error) {
      if (!(error instanceof RenameRefused)) throw new Error(`prepareRename ${where} threw ${error instanceof Error ? error.stack : String(error)}`, { cause: error });
    }
    if (n < 3) {
      for (const newName of newNames) {
        try {
          checkWorkspaceEdit(context, service.rename(uri, position, newName), `rename ${where} to ${JSON.stringify(newName)}`);
        } catch (error) {
          if (!(error instanceof RenameRefused)) throw error instanceof assert.AssertionError ? error : new Error(`rename ${where} threw ${error instanceof Error ? error.stack : String(error)}`);
        }
      }
    }
  }

  // 4. Whole-document features.
  for (const link of service.documentLinks(uri)) assertRange(link.range, lines, 'document link');
  for (const lens of service.codeLenses(uri)) assertRange(lens.range, lines, 'code lens');
  const symbols = service.documentSymbols(uri);
  const walk = (list: typeof symbols) => {
    for (const symbol of list) {
      assertRange(symbol.range, lines, `symbol ${symbol.name}`);
      assertRange(symbol.selectionRange, lines, `symbol ${symbol.name} selection`);
      walk(symbol.children ?? []);
    }
  };
  walk(symbols);

  // 5. Every fix: each quick fix of each diagnostic, the fix-all, and the CLI's safe fixes.
  const actions: (CodeAction | Command)[] = await service.codeActions(uri, diagnostics);
  for (const action of actions) {
    if (!('edit' in action) || !action.edit) continue;
    checkWorkspaceEdit(context, action.edit, `code action '${action.title}'`);
  }
  const safe = await service.safeFixes(uri);
  if (safe) {
    assert.equal(safe.text, text, 'safeFixes works on the open text');
    checkEdits(text, safe.edits, 'safe fixes (--fix)');
  }
}

// ---- running ------------------------------------------------------------------------------------

interface WorkerResult {
  seed: number;
  runs: number;
  milliseconds: number;
  failed: boolean;
  report?: string;
  counterexamplePath?: string;
}

async function runShard(seed: number, runs: number, path?: string): Promise<WorkerResult> {
  const started = performance.now();
  const details = await fc.check(fc.asyncProperty(caseArb, checkCase), { seed, numRuns: runs, path, endOnFailure: false, includeErrorInReport: true });
  const milliseconds = performance.now() - started;
  if (!details.failed) return { seed, runs: details.numRuns, milliseconds, failed: false };
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  const counterexample = JSON.stringify(details.counterexample?.[0] ?? null);
  return {
    seed,
    runs: details.numRuns,
    milliseconds,
    failed: true,
    counterexamplePath: details.counterexamplePath ?? undefined,
    report: `failed after ${details.numRuns} runs (shrunk ${details.numShrinks} times)\n  replay: FUZZ_SEED=${seed} FUZZ_PATH=${details.counterexamplePath} node --import tsx test/fuzz/run.ts --workers 1 --runs 1\n  counterexample: ${counterexample.length > 4_000 ? `${counterexample.slice(0, 4_000)}…` : counterexample}\n  error: ${error}`,
  };
}

/** Splits the runs over worker threads, each with its own seed (SEED + its number). */
async function runAll(): Promise<WorkerResult[]> {
  if (WORKERS === 1) return [await runShard(SEED, RUNS, PATH)];
  const share = Math.ceil(RUNS / WORKERS);
  return Promise.all(Array.from({ length: WORKERS }, (_, i) => new Promise<WorkerResult>((resolve, reject) => {
    // A worker cannot start from a .ts file: it registers tsx first, then loads this file.
    const here = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
    const code = `require('tsx/cjs/api').register(); require(${JSON.stringify(here)});`;
    const worker = new Worker(code, { eval: true, workerData: { seed: (SEED + i) | 0, runs: Math.min(share, RUNS - share * i) } });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`fuzz worker ${i} exited with ${code}`))));
  })));
}

if (!isMainThread && workerData) {
  void runShard(workerData.seed, workerData.runs).then((result) => parentPort!.postMessage(result));
} else {
  test(`fuzz of the language-service core: ${RUNS.toLocaleString('en-US')} cases`, { timeout: 6 * 60 * 60 * 1000 }, async () => {
    const started = performance.now();
    const results = await runAll();
    const seconds = (performance.now() - started) / 1000;
    const runs = results.reduce((sum, r) => sum + r.runs, 0);
    const shards = results.map((r) => `seed ${r.seed}: ${r.runs.toLocaleString('en-US')} runs in ${(r.milliseconds / 1000).toFixed(1)} s${r.failed ? ' FAILED' : ''}`).join('; ');
    console.log(`fuzz: seed ${SEED}, ${runs.toLocaleString('en-US')} runs, ${WORKERS} worker${WORKERS === 1 ? '' : 's'}, ${seconds.toFixed(1)} s (${Math.round(runs / seconds).toLocaleString('en-US')} cases/s) [${shards}]`);
    const failures = results.filter((r) => r.failed);
    assert.equal(failures.length, 0, failures.map((r) => r.report).join('\n\n'));
  });
}
