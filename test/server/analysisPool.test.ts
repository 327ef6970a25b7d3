/**
 * The analysis pool with its real workers (dist/analysisWorker.js, built by `npm test`), as the
 * language server and the CLI index with it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AnalysisPool, BATCHES_IN_FLIGHT, FILES_PER_BATCH } from '../../server/src/analysisPool';
import { summarizeEntryFile, type FileSummary } from '../../server/src/core/entryFile';
import { packedSummary, type EntrySummary } from '../../server/src/core/glossaryIndex';
import { DEFAULT_SETTINGS } from '../../server/src/core/settings';

const THREADS = 2;

test('a main thread slower than its workers: each worker gets its next files once its answer is taken, so answers never pile up', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'analysis-pool-'));
  const uris: string[] = [];
  for (let i = 0; i < FILES_PER_BATCH * 16; i++) {
    const path = join(folder, `entry-${i}.md`);
    writeFileSync(path, `---\ntitle: Entry ${i}\ndescription: The entry numbered ${i}.\n---\n\nEntry ${i} links to [the next](/glossary/entry-${i + 1}).\n`);
    uris.push(pathToFileURL(path).toString());
  }
  const pool = new AnalysisPool({ threads: THREADS, workerPath: resolve('dist/analysisWorker.js') });
  const titles = new Set<string>();
  try {
    await pool.summarizeFiles(uris, DEFAULT_SETTINGS, (results) => {
      for (const result of results) if (result.summary?.title) titles.add(result.summary.title);
      // Taking a batch costs this thread far longer than a worker takes to read one.
      const until = performance.now() + 40;
      while (performance.now() < until);
    }, 'fields');
  } finally {
    pool.dispose();
    rmSync(folder, { recursive: true, force: true });
  }
  assert.equal(titles.size, uris.length, 'every file summarized once');
  assert.ok(pool.stats.mostAnswersWaiting >= 1);
  assert.ok(
    pool.stats.mostAnswersWaiting <= THREADS * BATCHES_IN_FLIGHT,
    `at most ${THREADS * BATCHES_IN_FLIGHT} answers waiting to be taken, not ${pool.stats.mostAnswersWaiting}`,
  );
});

test('onRunning hears when the first worker starts and when the last has stopped: on going idle, and on dispose', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'analysis-pool-'));
  const uris = [0, 1, 2].map((i) => {
    const path = join(folder, `entry-${i}.md`);
    writeFileSync(path, `---\ntitle: Entry ${i}\n---\n\nEntry ${i}.\n`);
    return pathToFileURL(path).toString();
  });
  const heard: boolean[] = [];
  const pool = new AnalysisPool({ threads: THREADS, idleMs: 50, workerPath: resolve('dist/analysisWorker.js'), onRunning: (running) => heard.push(running) });
  try {
    let summarized = 0;
    await pool.summarizeFiles(uris, DEFAULT_SETTINGS, (results) => (summarized += results.length), 'fields');
    assert.equal(summarized, uris.length);
    assert.deepEqual(heard, [true], 'told once, however many workers start');
    const deadline = Date.now() + 10_000;
    while (heard.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(heard, [true, false], 'the idle workers stopped');
    await pool.summarizeFiles(uris, DEFAULT_SETTINGS, () => undefined, 'fields');
    pool.dispose();
    assert.deepEqual(heard, [true, false, true, false], 'started again, then disposed');
  } finally {
    pool.dispose();
    rmSync(folder, { recursive: true, force: true });
  }
});

test('what the workers send reads as the same files summarized here, across batches, passes and workers; body links read against a slug table come as its numbers', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'analysis-pool-'));
  const uris: string[] = [];
  // Few slugs named many times, by files in every batch of both workers, in related lists and body links alike.
  for (let i = 0; i < FILES_PER_BATCH * 6; i++) {
    const path = join(folder, `entry-${i}.md`);
    const named = [`hub-${i % 3}`, `entry-${(i * 7) % 40}`, `only-${i}`];
    writeFileSync(path, `---\ntitle: Entry ${i}\nrelated:\n${named.map((slug) => `  - ${slug}\n`).join('')}---\n\nSee [one](/glossary/${named[1]}), [two](/glossary/hub-${(i + 1) % 3}) and [three](./${named[2]}.md).\n`);
    uris.push(pathToFileURL(path).toString());
  }
  const pool = new AnalysisPool({ threads: THREADS, workerPath: resolve('dist/analysisWorker.js') });
  try {
    for (const extent of ['whole', 'fields', 'links', 'whole'] as const) {
      const received = new Map<string, FileSummary>();
      await pool.summarizeFiles(uris, DEFAULT_SETTINGS, (results) => results.forEach((result) => received.set(result.uri, result)), extent);
      assert.equal(received.size, uris.length, `${extent}: every file answered`);
      for (const uri of uris) {
        const here = summarizeEntryFile(uri, readFileSync(fileURLToPath(uri)), DEFAULT_SETTINGS, extent);
        const expected = here.summary ? { ...here, summary: packedSummary(here.summary as EntrySummary) } : here;
        assert.deepEqual(received.get(uri), expected, `${extent}: ${uri}`);
      }
    }
    // The second pass as the indexer asks for it: a table of slug numbers ('' where a number is
    // free), two of them in a row, so that a worker reading against the first would be caught.
    for (const table of [['', 'hub-0', 'hub-1', 'entry-3', '', 'hub-2'], ['entry-3', 'hub-2', 'only-7', 'hub-0']]) {
      const received = new Map<string, FileSummary>();
      await pool.summarizeFiles(uris, DEFAULT_SETTINGS, (results) => results.forEach((result) => received.set(result.uri, result)), 'links', table);
      let numbered = 0;
      for (const uri of uris) {
        const links = summarizeEntryFile(uri, readFileSync(fileURLToPath(uri)), DEFAULT_SETTINGS, 'links').links!;
        const answer = received.get(uri)!.links!;
        let unknown = 0;
        const slugs = [...answer.numbers!].map((number) => (number === -1 ? answer.slugs[unknown++] : table[number]));
        assert.deepEqual([slugs, answer.positions], [links.slugs, links.positions], `links of ${uri} against ${table}`);
        assert.equal(unknown, answer.slugs.length, 'a slug sent for each link the table has not');
        numbered += answer.numbers!.filter((number) => number !== -1).length;
      }
      assert.ok(numbered > uris.length / 2, `links came as numbers (${numbered})`);
    }
  } finally {
    pool.dispose();
    rmSync(folder, { recursive: true, force: true });
  }
});

test("the first pass reads a file's head and the rest only when needed: long, binary past the head's text, a frontmatter past it, over maxFileSize, a directory and a missing file read as they do whole", async () => {
  const folder = mkdtempSync(join(tmpdir(), 'analysis-pool-'));
  const body = (bytes: number) => `\n${'A body line with [a link](/glossary/other-term). '.repeat(Math.ceil(bytes / 49))}\n`;
  const files: Record<string, string | undefined> = {
    'short.md': `---\ntitle: Short\nrelated: [other-term]\n---\n${body(100)}`,
    'long.md': `---\ntitle: Long\nrelated:\n  - other-term\n---\n${body(30_000)}`,
    'exactly-the-head.md': `---\ntitle: Exact\n---\n`.padEnd(8192, 'x'),
    'binary-past-the-text.md': `---\ntitle: Binary\n---\n${'b'.repeat(5000)}\0${'b'.repeat(5000)}`,
    'frontmatter-past-the-head.md': `---\ntitle: Late\ndescription: ${'d'.repeat(6000)}\nrelated: [other-term]\n---\n${body(10_000)}`,
    'multibyte.md': `---\ntitle: Ünïcödé — ${'é'.repeat(3000)}\n---\n${body(12_000)}`,
    'directory.md': undefined,
  };
  const uris: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const path = join(folder, name);
    if (text === undefined) mkdirSync(path);
    else writeFileSync(path, text);
    uris.push(pathToFileURL(path).toString());
  }
  uris.push(pathToFileURL(join(folder, 'missing.md')).toString());
  const pool = new AnalysisPool({ threads: THREADS, workerPath: resolve('dist/analysisWorker.js') });
  try {
    for (const settings of [DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, maxFileSize: 9000 }]) {
      const received = new Map<string, FileSummary>();
      await pool.summarizeFiles(uris, settings, (results) => results.forEach((result) => received.set(result.uri, result)), 'fields');
      for (const uri of uris) {
        let bytes: Uint8Array | undefined;
        try {
          bytes = readFileSync(fileURLToPath(uri));
        } catch {
          bytes = undefined;
        }
        const here = summarizeEntryFile(uri, bytes, settings, 'fields');
        const expected = here.summary ? { ...here, summary: packedSummary(here.summary as EntrySummary) } : here;
        assert.deepEqual(received.get(uri), expected, `${uri} (maxFileSize ${settings.maxFileSize})`);
      }
    }
  } finally {
    pool.dispose();
    rmSync(folder, { recursive: true, force: true });
  }
});
