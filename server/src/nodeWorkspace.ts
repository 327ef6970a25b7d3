import fg from 'fast-glob';
import { readFile, stat } from 'node:fs/promises';
import { URI } from 'vscode-uri';
import type { GlossaryWorkspace } from './core/workspace';

/** The workspace as the file system shows it. */
export class NodeWorkspace implements GlossaryWorkspace {
  constructor(readonly folders: readonly string[]) {}

  async findFiles(folder: string, include: readonly string[], exclude: readonly string[]): Promise<string[]> {
    const cwd = URI.parse(folder).fsPath;
    const paths = await fg([...include], {
      cwd,
      ignore: [...exclude],
      absolute: true,
      onlyFiles: true,
      dot: true,
      // Symlinked folders can form loops; entries reached only through a link are not part of the site.
      followSymbolicLinks: false,
      suppressErrors: true,
    });
    return paths.sort().map((path) => URI.file(path).toString());
  }

  async readFile(uri: string): Promise<Uint8Array | undefined> {
    const path = URI.parse(uri).fsPath;
    try {
      if (!(await stat(path)).isFile()) return undefined;
      return await readFile(path);
    } catch {
      return undefined;
    }
  }
}
