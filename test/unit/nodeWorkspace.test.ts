/**
 * Listing a workspace folder's entries: the same files, sorted, whether the listing runs here or
 * is handed to another thread (the server's analysis worker, for a folder of 2,000 names or more),
 * and here again when that fails.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { URI } from 'vscode-uri';
import { listFiles, NodeWorkspace, type FileLister } from '../../server/src/nodeWorkspace';

const roots: string[] = [];
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A workspace folder with `count` entries in content/glossary, and files the globs leave out. */
function workspace(count: number) {
  const root = mkdtempSync(join(tmpdir(), 'glossary-list-'));
  roots.push(root);
  const entries = Array.from({ length: count }, (_, i) => `content/glossary/term-${String(i).padStart(5, '0')}.md`);
  for (const path of [...entries, 'content/glossary/nested/c.md', 'content/other/d.md', 'node_modules/x/content/glossary/e.md', 'content/glossary/notes.txt']) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), '---\ntitle: X\n---\n');
  }
  const expected = [...entries, 'content/glossary/nested/c.md'].sort().map((path) => URI.file(join(root, path)).toString());
  return { root, folder: URI.file(root).toString(), expected };
}

const include = ['**/content/glossary/**/*.md'];
const exclude = ['**/node_modules/**'];

function askingLister(asked: string[], fails = false): FileLister {
  return async (cwd, inc, exc) => {
    asked.push(cwd);
    if (fails) throw new Error('the analysis worker stopped');
    return listFiles(cwd, inc, exc);
  };
}

test('a small folder is listed here; a large one by the lister given, with the same files in the same order', async () => {
  const small = workspace(3);
  const smallAsked: string[] = [];
  assert.deepEqual(await new NodeWorkspace([small.folder]).findFiles(small.folder, include, exclude), small.expected);
  assert.deepEqual(await new NodeWorkspace([small.folder], askingLister(smallAsked)).findFiles(small.folder, include, exclude), small.expected);
  assert.deepEqual(smallAsked, [], 'a worker would cost a 3-entry folder more than listing it here');
  const large = workspace(2_000);
  const largeAsked: string[] = [];
  assert.deepEqual(await new NodeWorkspace([large.folder], askingLister(largeAsked)).findFiles(large.folder, include, exclude), large.expected);
  assert.deepEqual(largeAsked, [large.root]);
  assert.deepEqual(await new NodeWorkspace([large.folder]).findFiles(large.folder, include, exclude), large.expected);
});

test('a lister that fails: the folder is listed here instead, and the log says so', async () => {
  const large = workspace(2_000);
  const logged: string[] = [];
  const failing = new NodeWorkspace([large.folder], askingLister([], true), (message) => logged.push(message));
  assert.deepEqual(await failing.findFiles(large.folder, include, exclude), large.expected);
  assert.equal(logged.length, 1);
  assert.match(logged[0], /on a worker thread failed \(the analysis worker stopped\); listing it here/);
});
