/**
 * Listing a workspace folder's entries: the same files, sorted, whether the listing runs here or
 * is handed to another thread (the server's analysis worker), and here again when that fails.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { URI } from 'vscode-uri';
import { listFiles, NodeWorkspace } from '../../server/src/nodeWorkspace';

const root = mkdtempSync(join(tmpdir(), 'glossary-list-'));
after(() => rmSync(root, { recursive: true, force: true }));
for (const path of ['content/glossary/b.md', 'content/glossary/a.md', 'content/glossary/nested/c.md', 'content/other/d.md', 'node_modules/x/e.md', 'content/glossary/notes.txt']) {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), '---\ntitle: X\n---\n');
}
const folder = URI.file(root).toString();
const include = ['content/glossary/**/*.md'];
const exclude = ['**/node_modules/**'];
const expected = ['content/glossary/a.md', 'content/glossary/b.md', 'content/glossary/nested/c.md'].map((path) => URI.file(join(root, path)).toString());

test('a folder is listed here, or by the lister it is given, with the same files in the same order', async () => {
  assert.deepEqual(await new NodeWorkspace([folder]).findFiles(folder, include, exclude), expected);
  const asked: string[] = [];
  const elsewhere = new NodeWorkspace([folder], async (cwd, inc, exc) => {
    asked.push(cwd);
    return listFiles(cwd, inc, exc);
  });
  assert.deepEqual(await elsewhere.findFiles(folder, include, exclude), expected);
  assert.deepEqual(asked, [root]);
});

test('a lister that fails: the folder is listed here instead, and the log says so', async () => {
  const logged: string[] = [];
  const failing = new NodeWorkspace([folder], () => Promise.reject(new Error('the analysis worker stopped')), (message) => logged.push(message));
  assert.deepEqual(await failing.findFiles(folder, include, exclude), expected);
  assert.equal(logged.length, 1);
  assert.match(logged[0], /on a worker thread failed \(the analysis worker stopped\); listing it here/);
});
