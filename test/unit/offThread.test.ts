/**
 * The service with an EntryAnalyzer (the server's worker threads): large open documents and
 * indexing go through it, results that a newer edit overtook are dropped, and requests about a
 * document wait for its parse. The analyzer here runs the real core functions, answering only
 * when the test says so, so every interleaving is reached on purpose.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeEntryText, summarizeEntryFile, type AnalyzedText, type EntryAnalyzer, type FileSummary, type SummaryExtent } from '../../server/src/core/entryFile';
import { GlossaryIndex } from '../../server/src/core/glossaryIndex';
import { GlossaryService } from '../../server/src/core/glossaryService';
import { OFF_THREAD_PARSE_MIN_CHARACTERS, parsesOffThread } from '../../server/src/core/openDocuments';
import { DEFAULT_SETTINGS, type GlossarySettings } from '../../server/src/core/settings';
import { InMemoryWorkspace } from '../helpers/inMemoryWorkspace';
import { codes, entryText, goodEntry, GLOSSARY_DIR } from './support';

/** Answers each analyzeText call when `release` is called for it; summarizes files at once, in batches of 3. */
class HeldAnalyzer implements EntryAnalyzer {
  readonly held: { uri: string; text: string; release(): void; fail(): void }[] = [];
  batches = 0;
  constructor(private readonly workspace: InMemoryWorkspace) {}

  async summarizeFiles(uris: readonly string[], settings: GlossarySettings, onResults: (results: FileSummary[]) => void): Promise<void> {
    for (let i = 0; i < uris.length; i += 3) {
      const batch = await Promise.all(uris.slice(i, i + 3).map(async (uri) => summarizeEntryFile(uri, await this.workspace.readFile(uri), settings)));
      this.batches++;
      onResults(batch);
    }
  }

  analyzeText(uri: string, text: string, settings: GlossarySettings): Promise<AnalyzedText> {
    return new Promise((resolve, reject) => {
      this.held.push({ uri, text, release: () => resolve(analyzeEntryText(uri, text, settings)), fail: () => reject(new Error('worker stopped')) });
    });
  }
}

/**
 * Reads each batch of files at once but hands the results of the `heldReading` kind over only
 * when `release` is called: a reading in flight. With `linksInSecondPass`, it indexes in two
 * passes as the server's worker threads do (the fields, then the body links).
 */
class HeldBatchAnalyzer extends HeldAnalyzer {
  private releaseAll!: () => void;
  private readonly released = new Promise<void>((resolve) => (this.releaseAll = resolve));
  readStarted!: Promise<void>;
  private started!: () => void;
  constructor(private readonly files: InMemoryWorkspace, private readonly heldReading: SummaryExtent = 'whole', readonly linksInSecondPass = false) {
    super(files);
    this.readStarted = new Promise((resolve) => (this.started = resolve));
  }

  override async summarizeFiles(uris: readonly string[], settings: GlossarySettings, onResults: (results: FileSummary[]) => void, extent: SummaryExtent = 'whole'): Promise<void> {
    const read = await Promise.all(uris.map(async (uri) => summarizeEntryFile(uri, await this.files.readFile(uri), settings, extent)));
    if (extent === this.heldReading) {
      this.started();
      await this.released;
    }
    onResults(read);
  }

  release(): void {
    this.releaseAll();
  }
}

const bigBody = (marker: string) => `${marker}\n\n${'Prose that makes the entry large. '.repeat(Math.ceil(OFF_THREAD_PARSE_MIN_CHARACTERS / 30))}\n`;

async function setUp(files = 250) {
  const entries: Record<string, string> = {};
  for (let i = 0; i < files; i++) entries[`${GLOSSARY_DIR}/entry-${i}.md`] = goodEntry(`Entry ${i}`);
  const workspace = new InMemoryWorkspace('file:///ws', entries);
  const analyzer = new HeldAnalyzer(workspace);
  const index = new GlossaryIndex();
  const service = new GlossaryService(workspace, DEFAULT_SETTINGS, undefined, undefined, analyzer, index);
  const report = await service.indexWorkspace();
  const uri = workspace.uri(`${GLOSSARY_DIR}/big.md`);
  return { service, index, analyzer, report, uri, workspace };
}

const doc = (uri: string, version: number, text: string) => TextDocument.create(uri, 'markdown', version, text);

describe('off-thread analysis', () => {
  test('which documents go to a worker: 256,000 characters or more, or a frontmatter of 32,000 or more', () => {
    const prose = (n: number) => 'Prose of an entry. '.repeat(Math.ceil(n / 19)).slice(0, n);
    const items = (n: number) => Array.from({ length: n }, (_, i) => `- related-item-${i}`).join('\n');
    assert.equal(parsesOffThread(`---\ntitle: A\n---\n${prose(200_000)}`), false, 'long prose');
    assert.equal(parsesOffThread(`---\ntitle: A\n---\n${prose(260_000)}`), true, 'very long prose');
    assert.equal(parsesOffThread(prose(300_000)), true, 'very long, no frontmatter');
    assert.equal(parsesOffThread(`---\nrelated:\n${items(2000)}\n---\nBody.`), true, 'a 2,000-item related list');
    assert.equal(parsesOffThread(`---\nrelated:\n${items(200)}\n---\n${prose(100_000)}`), false, 'a short list and long prose');
    assert.equal(parsesOffThread(`---\nrelated:\n${items(2000)}`), true, 'unclosed frontmatter');
    assert.equal(parsesOffThread(`+++\nrelated = [\n${items(2000).replace(/- (.*)/g, '"$1",')}\n]\n+++\nBody.`), true, 'TOML');
    assert.equal(parsesOffThread(`Body first.\n---\nrelated:\n${items(2000)}\n---\n`), false, 'no frontmatter at the start');
  });

  test('a workspace of 200 files or more is indexed through the analyzer, whole', async () => {
    const { service, analyzer, report } = await setUp(250);
    assert.equal(report.indexed, 250);
    assert.equal(service.entryCount, 250);
    assert.equal(analyzer.batches, Math.ceil(250 / 3));
  });

  test('while the index is built, the entries an open one names are read ahead; the reading in flight does not undo them', async () => {
    const entries: Record<string, string> = {};
    for (let i = 0; i < 250; i++) entries[`${GLOSSARY_DIR}/entry-${i}.md`] = goodEntry(`Entry ${i}`);
    const workspace = new InMemoryWorkspace('file:///ws', entries);
    const analyzer = new HeldBatchAnalyzer(workspace);
    const index = new GlossaryIndex();
    const service = new GlossaryService(workspace, DEFAULT_SETTINGS, undefined, undefined, analyzer, index);
    const indexing = service.indexWorkspace();
    await analyzer.readStarted;
    assert.equal(service.entryCount, 0, 'the workers hold every result');
    // entry-5 changes on disk after the workers read it; the open entry names it and a slug no file has.
    workspace.write(`${GLOSSARY_DIR}/entry-5.md`, goodEntry('Entry Five Renamed'));
    const open = workspace.uri(`${GLOSSARY_DIR}/probe.md`);
    service.setOpenDocument(doc(open, 1, entryText({ title: 'Probe', related: ['entry-5', 'no-such-entry'] }, 'See [Entry 7](/glossary/entry-7).\n')));
    await service.readNamedEntriesAhead(open);
    assert.equal(service.entryAt(workspace.uri(`${GLOSSARY_DIR}/entry-5.md`))?.title, 'Entry Five Renamed');
    assert.equal(service.entryAt(workspace.uri(`${GLOSSARY_DIR}/entry-7.md`))?.title, 'Entry 7', 'a body link is read ahead too');
    assert.equal(service.entryCount, 3, 'the open entry and the two it names; no guess for no-such-entry');
    analyzer.release();
    const report = await indexing;
    assert.equal(report.indexed, 250);
    assert.equal(service.entryCount, 251);
    // The workers read entry-5 before it changed: their older result must not replace the newer one.
    assert.equal(service.entryAt(workspace.uri(`${GLOSSARY_DIR}/entry-5.md`))?.title, 'Entry Five Renamed');
    assert.equal(service.entryForSlug('no-such-entry'), undefined);
  });

  test('a small workspace is indexed in-line (threads would cost more than they save)', async () => {
    const { analyzer, report } = await setUp(20);
    assert.equal(report.indexed, 20);
    assert.equal(analyzer.batches, 0);
  });

  test('a large document is parsed off-thread; a request about it waits for that parse', async () => {
    const { service, index, analyzer, uri } = await setUp();
    const text = entryText({ title: 'Big', description: 'x'.repeat(60), category: 'Testing', related: ['entry-1', 'missing-entry'] }, bigBody('## Big'));
    const document = doc(uri, 1, text);
    assert.ok(service.parsesOffThread(document));
    const landed = service.setOpenDocumentOffThread(document);
    assert.equal(analyzer.held.length, 1);
    assert.ok(service.isParsePending(uri));
    assert.equal(service.isOpen(uri), false, 'not open until parsed');
    let answered = false;
    const waiting = service.parsed(uri).then(() => (answered = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(answered, false, 'the request waits while the parse is held');
    analyzer.held[0].release();
    const affected = await landed;
    await waiting;
    assert.ok(affected instanceof Set);
    assert.equal(service.isParsePending(uri), false);
    assert.equal(index.entryAt(uri)?.title, 'Big');
    assert.ok(codes(service.diagnostics(uri)).includes('unknown-slug'));
  });

  test('a parse overtaken by a newer version is dropped; the newest wins', async () => {
    const { service, index, analyzer, uri } = await setUp();
    const first = service.setOpenDocumentOffThread(doc(uri, 1, entryText({ title: 'First' }, bigBody('one'))));
    const second = service.setOpenDocumentOffThread(doc(uri, 2, entryText({ title: 'Second' }, bigBody('two'))));
    // The newer answers first, then the older.
    analyzer.held[1].release();
    assert.ok(await second);
    analyzer.held[0].release();
    assert.equal(await first, undefined, 'the older result is dropped');
    assert.equal(index.entryAt(uri)?.title, 'Second');
    assert.equal(service.getOpen(uri)?.document.version, 2);
  });

  test('a small edit after a large one is parsed in-line and the large parse is dropped', async () => {
    const { service, index, analyzer, uri } = await setUp();
    const large = service.setOpenDocumentOffThread(doc(uri, 1, entryText({ title: 'Large' }, bigBody('large'))));
    service.setOpenDocument(doc(uri, 2, entryText({ title: 'Small' })));
    assert.equal(service.isParsePending(uri), false);
    analyzer.held[0].release();
    assert.equal(await large, undefined);
    assert.equal(index.entryAt(uri)?.title, 'Small');
  });

  test('closing the document while its parse is held: the parse never opens it again', async () => {
    const { service, index, analyzer, uri, workspace } = await setUp();
    workspace.write(`${GLOSSARY_DIR}/big.md`, goodEntry('On Disk'));
    const pending = service.setOpenDocumentOffThread(doc(uri, 1, entryText({ title: 'In Editor' }, bigBody('editor'))));
    await service.closeDocument(uri);
    analyzer.held[0].release();
    assert.equal(await pending, undefined);
    assert.equal(service.isOpen(uri), false);
    assert.equal(index.entryAt(uri)?.title, 'On Disk');
  });

  test('a worker that fails: the document is parsed in-line instead, and requests are answered', async () => {
    const { service, index, analyzer, uri } = await setUp();
    const pending = service.setOpenDocumentOffThread(doc(uri, 1, entryText({ title: 'Recovered' }, bigBody('x'))));
    const waiting = service.parsed(uri);
    analyzer.held[0].fail();
    assert.ok(await pending);
    await waiting;
    assert.equal(index.entryAt(uri)?.title, 'Recovered');
    assert.ok(service.isOpen(uri));
  });

  test('a large glossary is indexed fields first, then body links; a file changed meanwhile keeps its new links', async () => {
    const entries: Record<string, string> = {};
    for (let i = 0; i < 250; i++) entries[`${GLOSSARY_DIR}/entry-${i}.md`] = entryText({ title: `Entry ${i}`, related: [`entry-${(i + 2) % 250}`] }, `See [the next](/glossary/entry-${(i + 1) % 250}).\n`);
    // One that names the same entry in its related list and in its body (and another lists it after).
    entries[`${GLOSSARY_DIR}/entry-20.md`] = entryText({ title: 'Entry 20', related: ['entry-21'] }, 'See [it](/glossary/entry-21), [again](/glossary/entry-21).\n');
    entries[`${GLOSSARY_DIR}/entry-200.md`] = entryText({ title: 'Entry 200', related: ['entry-21'] });
    const workspace = new InMemoryWorkspace('file:///ws', entries);
    // The second pass (the body links) is held: a file changes while it is in flight.
    const analyzer = new HeldBatchAnalyzer(workspace, 'links', true);
    const index = new GlossaryIndex();
    const service = new GlossaryService(workspace, DEFAULT_SETTINGS, undefined, undefined, analyzer, index);
    const uriOf = (i: number) => workspace.uri(`${GLOSSARY_DIR}/entry-${i}.md`);
    assert.equal((await service.indexWorkspace()).indexed, 250);
    assert.ok(service.hasUnreadLinks);
    assert.equal(index.linksComplete, false);
    // Every field is there: related lists name their referrers; body links are not read yet.
    assert.deepEqual(index.referrersOf('entry-7'), [uriOf(5)]);
    assert.equal(index.entryAt(uriOf(6))?.linksUnread, true);
    assert.deepEqual(index.entryAt(uriOf(6))?.links, []);
    const linking = service.readBodyLinks();
    await analyzer.readStarted;
    // entry-3 now links to entry-100, after the second pass read its old text.
    workspace.write(`${GLOSSARY_DIR}/entry-3.md`, entryText({ title: 'Entry 3', related: ['entry-5'] }, 'See [another](/glossary/entry-100).\n'));
    await service.fileChanged(uriOf(3), 'changed');
    analyzer.release();
    await linking;
    assert.equal(service.hasUnreadLinks, false);
    assert.equal(index.linksComplete, true, 'every entry indexed without links was filled in or replaced');
    assert.deepEqual([...index.referrersOf('entry-7')].sort(), [uriOf(5), uriOf(6)].sort(), 'a related item and a body link, each once');
    assert.deepEqual(index.referrersOf('entry-4'), [uriOf(2)], "entry-3's old link is gone");
    assert.deepEqual([...index.referrersOf('entry-100')].sort(), [uriOf(3), uriOf(98), uriOf(99)].sort());
    assert.equal(index.entryAt(uriOf(6))?.linksUnread, undefined);
    assert.deepEqual(index.entryAt(uriOf(6))?.links.map((link) => link.slug), ['entry-7']);
    assert.deepEqual([...index.referrersOf('entry-21')].sort(), [uriOf(19), uriOf(20), uriOf(200)].sort(), 'entry-20 is a referrer of entry-21 once');
    // An entry that names a slug both as related and in its body is a referrer once.
    workspace.write(`${GLOSSARY_DIR}/entry-9.md`, entryText({ title: 'Entry 9', related: ['entry-11'] }, 'See [it](/glossary/entry-11).\n'));
    await service.fileChanged(uriOf(9), 'changed');
    assert.deepEqual([...index.referrersOf('entry-11')].sort(), [uriOf(10), uriOf(9)].sort());
  });

  test('a second pass overtaken by a new indexing of the workspace lands nothing: its links are of older text', async () => {
    const entries: Record<string, string> = {};
    for (let i = 0; i < 250; i++) entries[`${GLOSSARY_DIR}/entry-${i}.md`] = entryText({ title: `Entry ${i}` }, `See [the next](/glossary/entry-${(i + 1) % 250}).\n`);
    const workspace = new InMemoryWorkspace('file:///ws', entries);
    const analyzer = new HeldBatchAnalyzer(workspace, 'links', true);
    const index = new GlossaryIndex();
    const service = new GlossaryService(workspace, DEFAULT_SETTINGS, undefined, undefined, analyzer, index);
    const uriOf = (i: number) => workspace.uri(`${GLOSSARY_DIR}/entry-${i}.md`);
    await service.indexWorkspace();
    const overtaken = service.readBodyLinks();
    await analyzer.readStarted;
    // entry-3 now links to entry-100, and the workspace is indexed again (its fields) before the old pass lands.
    workspace.write(`${GLOSSARY_DIR}/entry-3.md`, entryText({ title: 'Entry 3' }, 'See [another](/glossary/entry-100).\n'));
    await service.indexWorkspace();
    analyzer.release();
    await overtaken;
    assert.deepEqual(index.referrersOf('entry-4'), [], "entry-3's old link did not land");
    assert.equal(index.entryAt(uriOf(3))?.linksUnread, true, "entry-3's links are left to the new indexing's second pass");
    assert.equal(index.linksComplete, false);
    await service.readBodyLinks();
    assert.deepEqual([...index.referrersOf('entry-100')].sort(), [uriOf(3), uriOf(99)].sort());
    assert.equal(index.linksComplete, true);
  });
});
