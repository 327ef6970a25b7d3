/**
 * The CLI checks logoIcon values against the Lucide set bundled into dist/ (no node_modules at run
 * time): an unknown icon is reported, with the nearest icons, once the set has loaded.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { removeDir, runCli, tempDir, writeFile, type JsonReport } from './support';

let dir: string | undefined;
after(() => removeDir(dir));

const entry = (title: string, icon: string) => `---\ntitle: ${title}\ndescription: 'A sentence that defines the term in sixty characters or so..'\nlogoIcon: '${icon}'\ncategory: C\n---\nBody.\n`;

test('an unknown icon is reported with the nearest Lucide icons; known icons and aliases pass', async () => {
  dir = tempDir('glossary-cli-icons-');
  writeFile(join(dir, 'content', 'glossary', 'typo.md'), entry('Typo', 'i-lucide-layres'));
  writeFile(join(dir, 'content', 'glossary', 'icon.md'), entry('Icon', 'i-lucide-layers'));
  writeFile(join(dir, 'content', 'glossary', 'alias.md'), entry('Alias', 'i-lucide-alert-triangle'));
  const result = await runCli(['check', '.', '--format', 'json', '--fail-on', 'none'], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, '');
  const findings = (JSON.parse(result.stdout) as JsonReport).findings;
  assert.deepEqual(findings.map((f) => [f.file, f.code]), [[join('content', 'glossary', 'typo.md'), 'unknown-icon']]);
  assert.match(findings[0].message, /^No Lucide icon is named 'layres'\. Did you mean 'i-lucide-layers'/);
});
