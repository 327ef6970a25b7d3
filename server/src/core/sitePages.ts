import { NameIndex } from './fuzzy/nearest';
import { wordsOf } from './fuzzy/words';
import { parseFrontmatter, stringField } from './parsing';
import { forEachInSlices } from './scheduling';
import { detach } from './slugs';
import type { GlossaryWorkspace } from './workspace';

/**
 * The pages of a site's other sections (`content/guides/…`, `content/tools/…`), which `related`
 * values and body links may name beside glossary entries. Only their paths, titles and first lines
 * are kept: they are never checked.
 *
 * Layout rule (Hugo's `content/<section>/…`, Nuxt Content's `content/<n.section>/…`): the content
 * root of an entry is the configured `contentRoot` (relative to its workspace folder), else the
 * nearest folder named `content` above it; when the folder below the root is a language code
 * (`content/en/glossary/…`), the root is that language folder. The sections are the configured
 * ones, else every folder below the root except the one holding the entry.
 */

export interface SitePage {
  /** Empty for a section's list page that no `_index.md` holds. */
  uri: string;
  /** The site path: `guides/getting-started` (no `.md`, no `index`, no numeric order prefixes). */
  path: string;
  title?: string;
  firstLine?: string;
  /** Where the page's `url` or `slug` field moves it on the site (Hugo): it answers there too. */
  otherPaths?: string[];
}

/** A reference that names a page of another section: the page path and where it is written. */
export interface SiteReference {
  path: string;
  /** Offsets of the path inside the value it was read from. */
  start: number;
  end: number;
}

export interface SiteLayoutSettings {
  contentRoot: string;
  sections: string[];
  exclude: string[];
}

const LANGUAGE = /^[a-z]{2,3}(?:-[a-z0-9]{2,4})?$/i;
const ORDER_PREFIX = /^\d+\./;
/**
 * A page's head is enough for its title and first line; the rest of it is never decoded. Large
 * enough that a frontmatter is whole in it (one cut short would have no fields).
 */
const HEAD_BYTES = 65_536;
const READS_AT_ONCE = 256;

/**
 * The folder URI (no trailing slash) whose folders are the site's sections for the file at `uri`,
 * with the entry's own section, and the language folder the root is, on a multilingual site.
 */
export function contentRootOf(uri: string, folders: readonly string[], contentRoot: string): { root: string; ownSection: string; language?: string } | undefined {
  let root: string | undefined;
  let rest: string | undefined;
  const configured = contentRoot.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  if (configured) {
    for (const folder of folders) {
      const candidate = `${folder.replace(/\/$/, '')}/${configured}`;
      if (uri.startsWith(`${candidate}/`) && (!root || candidate.length > root.length)) {
        root = candidate;
        rest = uri.slice(candidate.length + 1);
      }
    }
  } else {
    const at = uri.lastIndexOf('/content/');
    if (at >= 0) {
      root = uri.slice(0, at + '/content'.length);
      rest = uri.slice(at + '/content/'.length);
    }
  }
  if (!root || rest === undefined) return undefined;
  let segments = rest.split('/');
  let language: string | undefined;
  if (segments.length >= 3 && LANGUAGE.test(segments[0])) {
    language = segments[0];
    root = `${root}/${language}`;
    segments = segments.slice(1);
  }
  if (segments.length < 2) return undefined;
  return language ? { root, ownSection: segments[0], language } : { root, ownSection: segments[0] };
}

/** The site path of a page file relative to its content root: `guides/x.md`, `guides/x/index.md` → `guides/x`; `guides/_index.md` → `guides`. */
export function pagePathOf(relativePath: string): string | undefined {
  const segments = relativePath.replace(/\.md$/i, '').split('/').map((segment) => safeDecode(segment).replace(ORDER_PREFIX, ''));
  const last = segments[segments.length - 1];
  if (last === '_index' || last === 'index') segments.pop();
  return segments.length && segments.every(Boolean) ? segments.join('/') : undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The page path a `related` value or link target names, when its first segment (after an optional
 * language) is one of `sections`: `guides/x`, `/guides/x/`, `../guides/x.md`, `/en/guides/x`,
 * `guides/x/_index.md`. Anything else (a glossary slug, an external URL, an image) is not a page reference.
 */
export function siteReferenceIn(value: string, isSection: (name: string) => boolean): SiteReference | undefined {
  const end = value.search(/[?#]|\s*$/);
  const target = value.slice(0, end);
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(target)) return undefined;
  let start = target.length - target.trimStart().length;
  for (;;) {
    const lead = /^(?:\.\.?\/|\/)/.exec(target.slice(start));
    if (!lead) break;
    start += lead[0].length;
  }
  let segments = target.slice(start).split('/');
  if (segments.length > 1 && LANGUAGE.test(segments[0]) && !isSection(segments[0]) && isSection(segments[1])) {
    start += segments[0].length + 1;
    segments = segments.slice(1);
  }
  if (!isSection(segments[0])) return undefined;
  let path = target.slice(start);
  path = path.replace(/\/+$/, '').replace(/\.md$/i, '').replace(/\/_?index$/, '');
  if (!path || path.includes('//') || /(^|\/)\.\.?(\/|$)/.test(path)) return undefined;
  return { path, start, end: start + path.length };
}

/** One content root: its sections and pages. */
class SiteRoot {
  readonly pages = new Map<string, SitePage>();
  readonly names = new NameIndex();
  /** Folders below the root, from the listing (or the settings); a reference is checked only against these. */
  sections = new Set<string>();
  /** Sections that hold glossary entries: their references are the glossary's own. */
  readonly glossarySections = new Set<string>();

  isSection(name: string): boolean {
    return this.sections.has(name) && !this.glossarySections.has(name);
  }
}

/**
 * Page paths and titles of the other sections, per content root, through the injected workspace.
 * Built from the entries' locations (which roots exist) and kept up to date by file events.
 */
export class SitePageIndex {
  private roots = new Map<string, SiteRoot>();
  private byUri = new Map<string, { root: string; paths: string[] }>();

  constructor(
    private readonly workspace: GlossaryWorkspace,
    private readonly settings: () => SiteLayoutSettings,
    private readonly isEntry: (uri: string) => boolean,
  ) {}

  get pageCount(): number {
    return this.byUri.size;
  }

  /** Reads the pages of every content root that holds one of `entryUris`. */
  async rebuild(entryUris: Iterable<string>): Promise<void> {
    const { contentRoot, sections, exclude } = this.settings();
    const roots = new Map<string, SiteRoot>();
    // In slices: at 100,000 entries this loop alone held requests for 100 ms.
    await forEachInSlices(entryUris, (uri) => {
      const located = contentRootOf(uri, this.workspace.folders, contentRoot);
      if (!located) return;
      let root = roots.get(located.root);
      if (!root) roots.set(located.root, (root = new SiteRoot()));
      root.glossarySections.add(located.ownSection);
    });
    const byUri = new Map<string, { root: string; paths: string[] }>();
    for (const [rootUri, root] of roots) {
      const folder = this.workspace.folders.filter((f) => rootUri.startsWith(`${f.replace(/\/$/, '')}/`)).sort((a, b) => b.length - a.length)[0];
      if (!folder) continue;
      const relativeRoot = rootUri.slice(folder.replace(/\/$/, '').length + 1);
      const rootGlob = globEscape(relativeRoot);
      // The glossary's own sections are not walked: at 20,000 entries that listing would cost as much as the entries'.
      const ownSections = [...root.glossarySections].map((section) => `${rootGlob}/${globEscape(section)}/**`);
      const files = await this.workspace.findFiles(folder, [`${rootGlob}/**/*.md`], [...pageExcludes(exclude), ...ownSections]);
      const wanted: { file: string; path: string }[] = [];
      for (const file of files) {
        if (this.isEntry(file)) continue;
        const path = pagePathOf(file.slice(rootUri.length + 1));
        if (!path) continue;
        const section = path.split('/')[0];
        if ((sections.length && !sections.includes(section)) || root.glossarySections.has(section)) continue;
        root.sections.add(section);
        wanted.push({ file, path });
      }
      // Read together: in the browser each read is a round trip to the editor, and reads of one turn go as one request.
      for (let i = 0; i < wanted.length; i += READS_AT_ONCE) {
        const batch = wanted.slice(i, i + READS_AT_ONCE);
        const pages = await Promise.all(batch.map(({ file, path }) => this.readPage(file, path)));
        for (const page of pages) byUri.set(page.uri, { root: rootUri, paths: place(root, page) });
      }
      for (const section of sections) if (!root.glossarySections.has(section)) root.sections.add(section);
    }
    this.roots = roots;
    this.byUri = byUri;
  }

  /** A watcher's event; true when a page came, went or changed its title. */
  async fileChanged(uri: string, change: 'created' | 'changed' | 'deleted'): Promise<boolean> {
    const known = this.byUri.get(uri);
    if (change === 'deleted') {
      if (known) {
        this.drop(uri, known);
        return true;
      }
      // A folder: every page below it goes.
      const prefix = uri.endsWith('/') ? uri : `${uri}/`;
      let dropped = false;
      for (const [pageUri, at] of [...this.byUri]) {
        if (pageUri.startsWith(prefix)) {
          this.drop(pageUri, at);
          dropped = true;
        }
      }
      return dropped;
    }
    if (!/\.md$/i.test(uri)) {
      if (change !== 'created') return false;
      // A folder moved in: its pages, which watchers may not report one by one.
      let came = false;
      for (const file of await this.workspace.findFiles(uri, ['**/*.md'], pageExcludes(this.settings().exclude))) if (await this.fileChanged(file, 'created')) came = true;
      return came;
    }
    if (this.isEntry(uri)) return false;
    for (const [rootUri, root] of this.roots) {
      if (!uri.startsWith(`${rootUri}/`)) continue;
      const path = pagePathOf(uri.slice(rootUri.length + 1));
      if (!path) return false;
      const section = path.split('/')[0];
      const { sections } = this.settings();
      if ((sections.length && !sections.includes(section)) || root.glossarySections.has(section)) return false;
      const page = await this.readPage(uri, path);
      const before = root.pages.get(path);
      if (known) this.drop(uri, known);
      root.sections.add(section);
      this.byUri.set(uri, { root: rootUri, paths: place(root, page) });
      return !before || before.title !== page.title || before.uri !== page.uri || String(before.otherPaths) !== String(page.otherPaths);
    }
    return false;
  }

  /** What the entry at `entryUri` may name: its root's sections and pages. */
  siteOf(entryUri: string): SiteView | undefined {
    const located = contentRootOf(entryUri, this.workspace.folders, this.settings().contentRoot);
    const root = located && this.roots.get(located.root);
    return root && root.sections.size ? new SiteView(root) : undefined;
  }

  private drop(uri: string, at: { root: string; paths: string[] }): void {
    this.byUri.delete(uri);
    const root = this.roots.get(at.root);
    for (const path of at.paths) {
      if (root?.pages.get(path)?.uri !== uri) continue;
      root.pages.delete(path);
      root.names.remove(path);
    }
  }

  private async readPage(uri: string, path: string): Promise<SitePage> {
    const bytes = await this.workspace.readFile(uri);
    const head = bytes ? new TextDecoder().decode(bytes.subarray(0, HEAD_BYTES)) : '';
    const { title, firstLine, slug, url } = pageHead(head);
    const otherPaths = [url && pagePathOf(url.replace(/^\/+|\/+$/g, '')), slug && !slug.includes('/') && `${path.slice(0, path.lastIndexOf('/') + 1)}${slug}`]
      .filter((other): other is string => !!other && other !== path);
    return { uri, path, title, firstLine, ...(otherPaths.length ? { otherPaths } : {}) };
  }
}

/** Puts the page at its path and the paths its fields give it; returns those paths. */
function place(root: SiteRoot, page: SitePage): string[] {
  const paths = [page.path, ...(page.otherPaths ?? [])];
  for (const path of paths) {
    if (!root.pages.has(path)) root.names.add(path, path, wordsOf(path.replace(/\//g, ' ')));
    root.pages.set(path, page);
  }
  return paths;
}

/** The sections and pages one entry may name. */
export class SiteView {
  constructor(private readonly root: SiteRoot) {}

  isSection(name: string): boolean {
    return this.root.isSection(name);
  }

  sections(): string[] {
    return [...this.root.sections].filter((name) => this.root.isSection(name)).sort();
  }

  /** The page at `path`; a section without an `_index.md` still has the list page Hugo renders for it. */
  page(path: string): SitePage | undefined {
    return this.root.pages.get(path) ?? (this.isSection(path) ? { uri: '', path } : undefined);
  }

  pages(): IterableIterator<SitePage> {
    return this.root.pages.values();
  }

  /** Page paths near `path` in spelling or words, nearest first. */
  nearest(path: string, limit = 3): string[] {
    return this.root.names.nearest(path, { limit, distinctiveWords: false });
  }

  reference(value: string): SiteReference | undefined {
    return siteReferenceIn(value, (name) => this.root.isSection(name));
  }
}

/** The entries' excludes, but for those that leave out section pages (`_index.md` files): those are pages a reference may name. */
function pageExcludes(exclude: readonly string[]): string[] {
  return exclude.filter((glob) => !/(^|\/)_?index\.md$/i.test(glob));
}

function globEscape(path: string): string {
  return path.replace(/[*?[\]{}()!@+]/g, '\\$&');
}

/**
 * The title, Hugo's `slug` and `url`, and the first body line of a page, from its head: the
 * frontmatter is read as an entry's is (YAML, TOML or JSON), the body is not parsed.
 */
export function pageHead(head: string): { title?: string; firstLine?: string; slug?: string; url?: string } {
  const { frontmatter, bodyStart, textStart } = parseFrontmatter(head);
  const top = frontmatter && !frontmatter.misplaced ? { frontmatter } : { frontmatter: undefined };
  const field = (key: string) => stringField(top, key)?.trim() || undefined;
  let firstLine: string | undefined;
  for (const rawLine of head.slice(top.frontmatter ? bodyStart : textStart).split(/\r\n|\r|\n/)) {
    const line = rawLine.trim().replace(/^#+\s*/, '');
    if (line && !line.startsWith('```') && !line.startsWith('<!--') && !line.startsWith('{{')) {
      firstLine = line;
      break;
    }
  }
  const title = field('title');
  const slug = field('slug');
  const url = field('url');
  return { title: title ? detach(title) : undefined, firstLine: firstLine ? detach(firstLine.slice(0, 200)) : undefined, ...(slug ? { slug: detach(slug) } : {}), ...(url ? { url } : {}) };
}
