import picomatch from 'picomatch';
import { URI } from 'vscode-uri';
import type { GlossaryWorkspace } from '../../server/src/core/workspace';

/** A workspace held in memory: tests add, change and delete files without touching the disk. */
export class InMemoryWorkspace implements GlossaryWorkspace {
  private readonly files = new Map<string, Uint8Array>();
  readonly folders: readonly string[];
  reads = 0;

  constructor(folder = 'file:///ws', files: Record<string, string | Uint8Array> = {}) {
    this.folders = [folder];
    for (const [path, content] of Object.entries(files)) this.write(path, content);
  }

  /** `path` is relative to the workspace folder; returns the file's URI. */
  uri(path: string): string {
    return `${this.folders[0].replace(/\/$/, '')}/${path.replace(/^\//, '')}`;
  }

  write(path: string, content: string | Uint8Array): string {
    const uri = this.uri(path);
    this.files.set(uri, typeof content === 'string' ? new TextEncoder().encode(content) : content);
    return uri;
  }

  delete(path: string): string {
    const uri = this.uri(path);
    this.files.delete(uri);
    return uri;
  }

  async findFiles(folder: string, include: readonly string[], exclude: readonly string[]): Promise<string[]> {
    const root = URI.parse(folder).path.replace(/\/$/, '');
    const isIncluded = picomatch([...include], { dot: true });
    const isExcluded = exclude.length ? picomatch([...exclude], { dot: true }) : () => false;
    return [...this.files.keys()].filter((uri) => {
      const path = URI.parse(uri).path;
      if (!path.startsWith(`${root}/`)) return false;
      const relative = path.slice(root.length + 1);
      return isIncluded(relative) && !isExcluded(relative);
    }).sort();
  }

  async readFile(uri: string): Promise<Uint8Array | undefined> {
    this.reads++;
    return this.files.get(uri);
  }
}
