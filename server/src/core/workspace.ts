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
}

export interface Logger {
  log(message: string): void;
}

export const silentLogger: Logger = { log() {} };
