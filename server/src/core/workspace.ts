/**
 * Everything the service needs from its environment. The language server implements it over the
 * file system; tests and benchmarks implement it in memory.
 */
export interface GlossaryWorkspace {
  /** URIs of the workspace folders. */
  readonly folders: readonly string[];
  /** URIs of the files under `folder` that match `include` and not `exclude` (globs relative to the folder). */
  findFiles(folder: string, include: readonly string[], exclude: readonly string[]): Promise<string[]>;
  /** The file's bytes, or undefined when it cannot be read (gone, a directory, no permission). */
  readFile(uri: string): Promise<Uint8Array | undefined>;
  /** The URI with every symbolic link resolved, where links exist; undefined when it does not exist. */
  realUri?(uri: string): Promise<string | undefined>;
  /**
   * Whether a file under the folders belongs to this workspace: a glossary that is one part of a
   * workspace folder (a language folder) leaves the rest to the others. Absent: every file does.
   */
  contains?(uri: string): boolean;
}

export interface Logger {
  log(message: string): void;
}

export const silentLogger: Logger = { log() {} };
