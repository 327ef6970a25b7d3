import { randomBytes } from 'node:crypto';
import { readFile, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { Glossaries } from './core/glossaries';

export interface FileFixResult {
  uri: string;
  applied: number;
  /** Why the file was left alone, when it was. */
  skipped?: string;
  /** With --dry-run: the unified diff of what would change. */
  diff?: string;
}

const BOM = [0xef, 0xbb, 0xbf];

/**
 * Applies the safe fixes of every entry. A file is only written when it decodes to the exact bytes
 * it came from (so nothing is lost to a bad encoding) and its frontmatter parsed; the write goes to
 * a temporary file that then replaces the original, so a crash never leaves half a file.
 */
export async function applyFixes(service: Glossaries, uris: readonly string[], dryRun: boolean): Promise<FileFixResult[]> {
  const results: FileFixResult[] = [];
  for (const uri of uris) {
    const fixes = await service.safeFixes(uri);
    if (!fixes || fixes.edits.length === 0) continue;
    if (!fixes.frontmatterValid) {
      results.push({ uri, applied: 0, skipped: 'its frontmatter could not be parsed' });
      continue;
    }
    // Through a symbolic link the file it points to is fixed, and the link stays a link.
    const path = await realpath(URI.parse(uri).fsPath);
    const original = await readFile(path);
    const hasBom = BOM.every((byte, i) => original[i] === byte);
    const body = hasBom ? original.subarray(3) : original;
    if (!Buffer.from(fixes.text, 'utf8').equals(body)) {
      results.push({ uri, applied: 0, skipped: 'it is not valid UTF-8 (or changed while being checked)' });
      continue;
    }
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 0, fixes.text), fixes.edits);
    if (dryRun) {
      const name = relative(process.cwd(), path);
      results.push({ uri, applied: fixes.edits.length, diff: createTwoFilesPatch(`a/${name}`, `b/${name}`, fixes.text, fixed) });
      continue;
    }
    const bytes = Buffer.concat([hasBom ? Buffer.from(BOM) : Buffer.alloc(0), Buffer.from(fixed, 'utf8')]);
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, bytes, { mode: (await stat(path)).mode });
      await rename(temporary, path);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
    await service.fileChanged(uri, 'changed');
    results.push({ uri, applied: fixes.edits.length });
  }
  return results;
}
