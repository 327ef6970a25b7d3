import fg from 'fast-glob';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { opendir } from 'node:fs/promises';
import { join, sep } from 'node:path';
import picomatch from 'picomatch';
import { URI } from 'vscode-uri';
import { forEachInSlices } from './core/scheduling';
import type { GlossaryWorkspace } from './core/workspace';

/** Lists the files under `cwd` as listFiles does, elsewhere (the server: on an analysis worker). */
export type FileLister = (cwd: string, include: readonly string[], exclude: readonly string[]) => Promise<string[]>;

/**
 * The paths of the files under the folder `cwd` that the globs take, sorted. fast-glob hands a
 * directory's names over in one piece: a glossary folder of 20,000 files is ~100 ms of one thread
 * (measured in the server's CPU profile), which the language server therefore spends on a worker.
 */
export async function listFiles(cwd: string, include: readonly string[], exclude: readonly string[]): Promise<string[]> {
  const entries = await fg([...include], {
    cwd,
    ignore: [...exclude],
    absolute: true,
    onlyFiles: false,
    objectMode: true,
    dot: true,
    // Symlinked folders can form loops, so links are not descended into; a link to a file is
    // kept below when it resolves to a file (a symlinked entry is still an entry).
    followSymbolicLinks: false,
    suppressErrors: true,
  });
  const inside = `${cwd.replace(/[\\/]$/, '')}${sep}`;
  let realInside = inside;
  try {
    realInside = `${realpathSync(cwd).replace(/[\\/]$/, '')}${sep}`;
  } catch {
    // The folder itself is gone: nothing below will match.
  }
  const files: string[] = [];
  for (const entry of entries) {
    // A glob such as `../x/**/*.md` must not reach out of the workspace folder.
    if (!entry.path.startsWith(inside)) continue;
    if (entry.dirent.isFile()) files.push(entry.path);
    else if (entry.dirent.isSymbolicLink()) {
      try {
        // A link is an entry only when it resolves to a file inside the workspace folder.
        if (statSync(entry.path).isFile() && realpathSync(entry.path).startsWith(realInside)) files.push(entry.path);
      } catch {
        // A dangling link: nothing to index.
      }
    }
  }
  return files.sort();
}

/** Names in one folder from which fast-glob's hold of the thread (one piece per folder) is worth a worker. */
const LARGE_FOLDER_NAMES = 2_000;

/**
 * Whether a folder the globs name holds LARGE_FOLDER_NAMES names or more, counted a few at a time
 * without reading them all: `content/glossary` for `content/glossary/**\/*.md` and, at the
 * workspace folder's top, for the default `**\/content/glossary/**\/*.md`. A large folder deeper
 * down is listed here, as before (a guess that misses costs time, never a file).
 */
async function holdsLargeFolder(cwd: string, include: readonly string[]): Promise<boolean> {
  for (const base of new Set(include.map((glob) => picomatch.scan(glob.replace(/^(?:\*\*\/)+/, '')).base))) {
    let names = 0;
    try {
      const folder = await opendir(join(cwd, base), { bufferSize: 256 });
      for await (const entry of folder) {
        void entry;
        if (++names >= LARGE_FOLDER_NAMES) {
          // Leaving the loop early closes the folder.
          return true;
        }
      }
    } catch {
      // Not a folder, or gone: nothing large there.
    }
  }
  return false;
}

/** The workspace as the file system shows it. */
export class NodeWorkspace implements GlossaryWorkspace {
  /** `lister`: where folders are listed (by default, listFiles on this thread); `log` says when it fails and they are listed here. */
  constructor(readonly folders: readonly string[], private readonly lister?: FileLister, private readonly log?: (message: string) => void) {}

  async findFiles(folder: string, include: readonly string[], exclude: readonly string[]): Promise<string[]> {
    const cwd = URI.parse(folder).fsPath;
    let files: string[] | undefined;
    // A worker must start before it lists: for a small folder that costs more than listing here.
    if (this.lister && (await holdsLargeFolder(cwd, include))) {
      try {
        files = await this.lister(cwd, include, exclude);
      } catch (error) {
        this.log?.(`Listing ${cwd} on a worker thread failed (${error instanceof Error ? error.message : String(error)}); listing it here.`);
      }
    }
    files ??= await listFiles(cwd, include, exclude);
    const uris: string[] = [];
    await forEachInSlices(files, (path) => uris.push(URI.file(path).toString()));
    return uris;
  }

  async realUri(uri: string): Promise<string | undefined> {
    try {
      return URI.file(realpathSync(URI.parse(uri).fsPath)).toString();
    } catch {
      return undefined;
    }
  }

  /**
   * Reads synchronously: an entry is a few kilobytes, and a promise-based read spends more time in
   * open/stat/close round trips through the thread pool than in reading. Callers slice their loops.
   */
  async readFile(uri: string): Promise<Uint8Array | undefined> {
    try {
      return readFileSync(URI.parse(uri).fsPath);
    } catch {
      // Gone, a directory (EISDIR), or not readable.
      return undefined;
    }
  }
}
