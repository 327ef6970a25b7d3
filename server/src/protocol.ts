/**
 * The messages the Glossary language server and its VS Code client exchange beyond LSP. Both sides
 * import them from here, so a name cannot drift between the two.
 */

/** Sent to the client as indexing progresses (status bar, the preview button's context key). */
export const INDEX_STATUS_NOTIFICATION = 'glossary/indexStatus';

export interface IndexStatus {
  /** 'ready': the index is complete, body links included. */
  state: 'indexing' | 'ready';
  entries: number;
  done?: number;
  total?: number;
  /**
   * While indexing, 'links': every entry is indexed (diagnostics, completion and hovers are final)
   * and their body links are being read; references and renames wait for them.
   */
  phase?: 'links';
}

/** Sent whenever the settings in force are (re)read: the globs that tell entries from other Markdown files. */
export const ENTRY_GLOBS_NOTIFICATION = 'glossary/entryGlobs';

export interface EntryGlobs {
  include: string[];
  exclude: string[];
}

/**
 * `glossary/checkWholeGlossary`: publish the findings of every entry, open or not, and keep them
 * fresh as files change (until the server stops, or for good with `glossary.checkWholeGlossary`).
 * Answers how many entries were checked and with how many findings, or `cancelled`.
 */
export const CHECK_WHOLE_GLOSSARY_REQUEST = 'glossary/checkWholeGlossary';

export interface CheckWholeGlossaryResult {
  entries: number;
  findings: number;
  cancelled: boolean;
}

/**
 * Files through the client, for a language server that cannot read them itself (the browser's web
 * worker, on github.dev's virtual file system): the client answers with `vscode.workspace.fs`.
 */
export const FIND_FILES_REQUEST = 'glossary/findFiles';

export interface FindFilesParams {
  /** A workspace folder's URI. */
  folder: string;
  /** Globs relative to the folder. */
  include: string[];
  exclude: string[];
}

export const READ_FILES_REQUEST = 'glossary/readFiles';

export interface ReadFilesParams {
  uris: string[];
}

/** Each file's bytes in base64, in the order asked; null for a file that cannot be read. */
export type ReadFilesResult = (string | null)[];

export const FILE_EXISTS_REQUEST = 'glossary/fileExists';
