import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { folderOf, glossaryRootOf } from '../../server/src/core/glossaries';
import { DEFAULT_SETTINGS, type GlossarySettings } from '../../server/src/core/settings';

const folders = ['file:///site', 'file:///other/'];
const withSettings = (settings: Partial<GlossarySettings>) => () => ({ ...DEFAULT_SETTINGS, ...settings });

describe('which glossary a file belongs to', () => {
  test('the innermost workspace folder holds a file; none holds a file outside them', () => {
    assert.equal(folderOf('file:///site/content/glossary/a.md', folders), 'file:///site');
    assert.equal(folderOf('file:///other/a.md', folders), 'file:///other');
    assert.equal(folderOf('file:///site/x/a.md', [...folders, 'file:///site/x']), 'file:///site/x');
    assert.equal(folderOf('file:///elsewhere/a.md', folders), '');
    assert.equal(folderOf('file:///sitemap/a.md', folders), '');
  });

  test('a language folder of the content root is a glossary; without one, the workspace folder is', () => {
    const defaults = withSettings({});
    assert.deepEqual(glossaryRootOf('file:///site/content/en/glossary/a.md', folders, defaults), { root: 'file:///site/content/en', folder: 'file:///site', language: 'en' });
    assert.deepEqual(glossaryRootOf('file:///site/content/pt-br/glossary/x/a.md', folders, defaults), { root: 'file:///site/content/pt-br', folder: 'file:///site', language: 'pt-br' });
    assert.deepEqual(glossaryRootOf('file:///site/content/glossary/a.md', folders, defaults), { root: 'file:///site', folder: 'file:///site' });
    // A category folder that looks like a language code is below the section, not a language folder.
    assert.deepEqual(glossaryRootOf('file:///site/content/glossary/ml/a.md', folders, defaults), { root: 'file:///site', folder: 'file:///site' });
    assert.deepEqual(glossaryRootOf('file:///elsewhere/a.md', folders, defaults), { root: '', folder: '' });
  });

  test('glossary.roots: the innermost configured root holding the file, else the workspace folder; language folders no longer split', () => {
    const configured = withSettings({ roots: ['docs/terms', './docs/terms/legacy/', 'content'] });
    assert.deepEqual(glossaryRootOf('file:///site/docs/terms/a.md', folders, configured), { root: 'file:///site/docs/terms', folder: 'file:///site' });
    assert.deepEqual(glossaryRootOf('file:///site/docs/terms/legacy/a.md', folders, configured), { root: 'file:///site/docs/terms/legacy', folder: 'file:///site' });
    assert.deepEqual(glossaryRootOf('file:///site/content/en/glossary/a.md', folders, configured), { root: 'file:///site/content', folder: 'file:///site' });
    assert.deepEqual(glossaryRootOf('file:///site/notes/a.md', folders, configured), { root: 'file:///site', folder: 'file:///site' });
  });
});
