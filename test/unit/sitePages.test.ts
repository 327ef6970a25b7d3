import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { contentRootOf, pagePathOf, siteReferenceIn, SitePageIndex, pageHead } from '../../server/src/core/sitePages';
import { InMemoryWorkspace } from '../helpers/inMemoryWorkspace';

const SECTIONS = new Set(['guides', 'patterns', 'tools']);
const isSection = (name: string) => SECTIONS.has(name);
const pathOf = (value: string) => siteReferenceIn(value, isSection)?.path;

describe('site paths: what a related value or link target names', () => {
  test('every form a site writes names the same page', () => {
    for (const value of ['guides/setup', 'guides/setup/', '/guides/setup', '/guides/setup/', '../guides/setup.md', './../guides/setup.md', '../../guides/setup/', 'guides/setup/index.md', 'guides/setup/_index.md', '/guides/setup/#step-2', 'guides/setup?ref=glossary', ' guides/setup ']) {
      assert.equal(pathOf(value), 'guides/setup', value);
    }
    assert.equal(pathOf('guides/advanced/tuning/'), 'guides/advanced/tuning');
  });

  test('a section itself, and its _index.md, name its list page', () => {
    for (const value of ['guides', 'guides/', '/guides/', '../guides/_index.md', 'guides/index.md']) assert.equal(pathOf(value), 'guides', value);
  });

  test('a language prefix is dropped when a section follows it', () => {
    assert.equal(pathOf('/en/guides/setup/'), 'guides/setup');
    assert.equal(pathOf('pt-br/tools/x'), 'tools/x');
    assert.equal(pathOf('/en/about/'), undefined);
  });

  test('the offsets cover the page path as written, for a fix to replace', () => {
    assert.deepEqual(siteReferenceIn('../guides/setup.md', isSection), { path: 'guides/setup', start: 3, end: 15 });
    assert.deepEqual(siteReferenceIn('/en/guides/setup/', isSection), { path: 'guides/setup', start: 4, end: 16 });
  });

  test('glossary slugs, other folders, URLs and odd paths are not page references', () => {
    for (const value of ['fine-tuning', 'glossary/fine-tuning', './fine-tuning.md', 'about/team', 'https://example.com/guides/setup', '//cdn.example.com/guides/x', 'mailto:a@b.c', 'guides/../tools/x', 'guides//x', '', '#top', 'images/guides/x.png']) {
      assert.equal(pathOf(value), undefined, value);
    }
  });

  test('page files: index pages stand for their folder, numeric order prefixes are dropped', () => {
    assert.equal(pagePathOf('guides/setup.md'), 'guides/setup');
    assert.equal(pagePathOf('guides/setup/index.md'), 'guides/setup');
    assert.equal(pagePathOf('guides/_index.md'), 'guides');
    assert.equal(pagePathOf('2.guides/1.setup.md'), 'guides/setup');
    assert.equal(pagePathOf('_index.md'), undefined);
  });

  test('content roots: the nearest content folder, its language folder, or the configured root', () => {
    const folders = ['file:///site'];
    assert.deepEqual(contentRootOf('file:///site/content/glossary/a.md', folders, ''), { root: 'file:///site/content', ownSection: 'glossary' });
    assert.deepEqual(contentRootOf('file:///site/content/en/glossary/a.md', folders, ''), { root: 'file:///site/content/en', ownSection: 'glossary', language: 'en' });
    assert.deepEqual(contentRootOf('file:///site/docs/terms/a.md', folders, 'docs'), { root: 'file:///site/docs', ownSection: 'terms' });
    assert.equal(contentRootOf('file:///site/notes/a.md', folders, ''), undefined);
    assert.equal(contentRootOf('file:///site/content/a.md', folders, ''), undefined);
  });

  test('titles and first lines from YAML, TOML and JSON heads', () => {
    assert.deepEqual(pageHead('---\ntitle: "Setup: the short way"\ndescription: x\n---\n\n# Setup\nText.\n'), { title: 'Setup: the short way', firstLine: 'Setup' });
    assert.deepEqual(pageHead('+++\ntitle = \'Setup\'\n+++\nFirst line.\n'), { title: 'Setup', firstLine: 'First line.' });
    assert.deepEqual(pageHead('{\n  "title": "Setup",\n  "weight": 2\n}\nBody.\n'), { title: 'Setup', firstLine: 'Body.' });
    assert.deepEqual(pageHead('Just a line.\n'), { title: undefined, firstLine: 'Just a line.' });
    assert.deepEqual(pageHead('---\ntitle: Setup\nslug: quick-start\nurl: "/guides/begin/"\nparams:\n  title: nested\n---\n'), { title: 'Setup', firstLine: undefined, slug: 'quick-start', url: '/guides/begin/' });
  });
});

describe('the page index over a workspace', () => {
  const settings = { contentRoot: '', sections: [] as string[], exclude: ['**/_index.md', '**/node_modules/**'] };
  const isEntry = (uri: string) => uri.includes('/content/glossary/') && !uri.endsWith('_index.md');
  const files = {
    'content/glossary/a.md': '---\ntitle: A\n---\n',
    'content/glossary/_index.md': '---\ntitle: Glossary\n---\n',
    'content/guides/_index.md': '---\ntitle: Guides\n---\n',
    'content/guides/setup.md': '---\ntitle: Setting up\n---\nInstall it first.\n',
    'content/tools/vector-databases/index.md': '---\ntitle: Vector databases\n---\n',
    'other/content/guides/elsewhere.md': '---\ntitle: Elsewhere\n---\n',
  };

  test('the sections and pages of the entry\'s content root, not the glossary\'s own nor another root\'s', async () => {
    const workspace = new InMemoryWorkspace('file:///ws', files);
    const pages = new SitePageIndex(workspace, () => settings, isEntry);
    await pages.rebuild([workspace.uri('content/glossary/a.md')]);
    const site = pages.siteOf(workspace.uri('content/glossary/a.md'))!;
    assert.deepEqual(site.sections(), ['guides', 'tools']);
    assert.deepEqual([...site.pages()].map((page) => page.path).sort(), ['guides', 'guides/setup', 'tools/vector-databases']);
    assert.deepEqual(site.page('guides/setup'), { uri: workspace.uri('content/guides/setup.md'), path: 'guides/setup', title: 'Setting up', firstLine: 'Install it first.' });
    assert.equal(site.isSection('glossary'), false);
    assert.equal(site.page('guides/elsewhere'), undefined);
    assert.deepEqual(site.nearest('guides/setpu'), ['guides/setup']);
  });

  test('a page whose slug or url field moves it answers at those paths too, and no longer once they change', async () => {
    const workspace = new InMemoryWorkspace('file:///ws', { ...files, 'content/guides/setup.md': '---\ntitle: Setting up\nslug: quick-start\nurl: /guides/begin/\n---\n' });
    const pages = new SitePageIndex(workspace, () => settings, isEntry);
    const entry = workspace.uri('content/glossary/a.md');
    await pages.rebuild([entry]);
    for (const path of ['guides/setup', 'guides/quick-start', 'guides/begin']) assert.equal(pages.siteOf(entry)!.page(path)?.title, 'Setting up', path);
    const changed = workspace.write('content/guides/setup.md', '---\ntitle: Setting up\n---\n');
    assert.equal(await pages.fileChanged(changed, 'changed'), true);
    assert.equal(pages.siteOf(entry)!.page('guides/quick-start'), undefined);
    assert.equal(pages.siteOf(entry)!.page('guides/setup')?.title, 'Setting up');
  });

  test('configured sections: only those are checked', async () => {
    const workspace = new InMemoryWorkspace('file:///ws', files);
    const pages = new SitePageIndex(workspace, () => ({ ...settings, sections: ['guides'] }), isEntry);
    await pages.rebuild([workspace.uri('content/glossary/a.md')]);
    assert.deepEqual(pages.siteOf(workspace.uri('content/glossary/a.md'))!.sections(), ['guides']);
  });

  test('created, deleted and moved pages and folders', async () => {
    const workspace = new InMemoryWorkspace('file:///ws', files);
    const pages = new SitePageIndex(workspace, () => settings, isEntry);
    const entry = workspace.uri('content/glossary/a.md');
    await pages.rebuild([entry]);
    const site = () => pages.siteOf(entry)!;
    const created = workspace.write('content/guides/new-page.md', '---\ntitle: New\n---\n');
    assert.equal(await pages.fileChanged(created, 'created'), true);
    assert.equal(site().page('guides/new-page')?.title, 'New');
    workspace.delete('content/guides/new-page.md');
    assert.equal(await pages.fileChanged(created, 'deleted'), true);
    assert.equal(site().page('guides/new-page'), undefined);
    assert.equal(await pages.fileChanged(workspace.uri('content/tools'), 'deleted'), true);
    assert.equal(site().page('tools/vector-databases'), undefined);
    workspace.write('content/patterns/chunking.md', '---\ntitle: Chunking\n---\n');
    assert.equal(await pages.fileChanged(workspace.uri('content/patterns'), 'created'), true);
    assert.equal(site().page('patterns/chunking')?.title, 'Chunking');
    assert.equal(site().isSection('patterns'), true);
    // An entry is never a page.
    assert.equal(await pages.fileChanged(workspace.uri('content/glossary/b.md'), 'created'), false);
  });
});
