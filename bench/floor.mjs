// The floor every whole-glossary figure is held against, measured in the same run on the same files:
// one process reads every file, and parses every frontmatter with `yaml`. Best of two reads and three
// parses: on a shared machine the minimum is the figure least disturbed by others.

import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { now } from './lspSession.mjs';

/** The YAML between a `---` first line and the next `---` line, or undefined. */
function frontmatterOf(text) {
  if (!/^---[ \t]*\r?\n/.test(text)) return undefined;
  const rest = text.slice(text.indexOf('\n') + 1);
  const close = /^---[ \t]*\r?$/m.exec(rest);
  return close ? rest.slice(0, close.index) : undefined;
}

async function eachFile(folder, work) {
  const files = readdirSync(folder).filter((f) => f.endsWith('.md'));
  let next = 0;
  // 16 reads in flight: enough to keep the disk busy, as a reader of many small files would.
  const reader = async () => {
    while (next < files.length) await work(join(folder, files[next++]));
  };
  await Promise.all(Array.from({ length: 16 }, reader));
  return files.length;
}

export async function measureFloor(folder) {
  const read = async () => {
    const started = now();
    let bytes = 0;
    const files = await eachFile(folder, async (path) => {
      const data = await readFile(path);
      bytes += data.length;
    });
    return { ms: now() - started, files, bytes };
  };
  const parse = async () => {
    const started = now();
    let yamlErrors = 0;
    await eachFile(folder, async (path) => {
      const source = frontmatterOf(await readFile(path, 'utf8'));
      if (source !== undefined && parseDocument(source).errors.length) yamlErrors++;
    });
    return { ms: now() - started, yamlErrors };
  };
  const reads = [await read(), await read()];
  const parses = [await parse(), await parse(), await parse()];
  return {
    readMs: Math.min(...reads.map((r) => r.ms)),
    parseMs: Math.min(...parses.map((p) => p.ms)),
    files: reads[0].files,
    bytes: reads[0].bytes,
    yamlErrors: parses[0].yamlErrors,
  };
}
