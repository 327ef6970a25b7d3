import picomatch from 'picomatch';
import { URI } from 'vscode-uri';

/** Decides whether a URI is a glossary entry, by the include/exclude globs relative to its workspace folder. */
export class EntryMatcher {
  private readonly isIncluded: (path: string) => boolean;
  private readonly isExcluded: (path: string) => boolean;
  private readonly folderPaths: string[];

  constructor(folders: readonly string[], include: readonly string[], exclude: readonly string[]) {
    this.isIncluded = picomatch([...include], { dot: true });
    this.isExcluded = exclude.length ? picomatch([...exclude], { dot: true }) : () => false;
    this.folderPaths = folders.map((folder) => URI.parse(folder).path.replace(/\/$/, ''));
  }

  matches(uri: string): boolean {
    const parsed = URI.parse(uri);
    if (!/\.md$/i.test(parsed.path)) return false;
    const relative = this.relativePath(parsed.path);
    return this.isIncluded(relative) && !this.isExcluded(relative);
  }

  private relativePath(path: string): string {
    for (const folder of this.folderPaths) {
      if (path.startsWith(`${folder}/`)) return path.slice(folder.length + 1);
    }
    // Outside every folder (a loose file): `**/`-rooted globs still apply to its absolute path.
    return path.replace(/^\//, '');
  }
}
