import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Position, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { diffSnapshots, lineOf, LspTestClient, REPO_ROOT, snapshotFiles } from './lspClient';

const COUNT = 2000;
const SEED = 1;

interface GeneratedEntry {
  slug: string;
  related: string[];
  broken: 'yaml' | 'fence' | null;
}
type Generate = (dir: string, count: number, seed: number) => { entries: GeneratedEntry[] };

/**
 * Renames on a generated glossary (bench/generateGlossary.mjs: ~15 KB entries with 3–10 related
 * slugs, ~3% unknown slugs, ~1% broken YAML, ~1% unclosed fences, body links), each one and back,
 * then compares every file of the workspace byte for byte with the generated original.
 */
describe(`rename round trips on a generated glossary of ${COUNT.toLocaleString('en-US')} entries`, () => {
  let client: LspTestClient;
  let entries: GeneratedEntry[];
  let original: Map<string, Buffer>;
  const folder = 'content/glossary';
  const text = (slug: string) => original.get(`${folder}/${slug}.md`)!.toString('utf8');

  before(async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'glossary-generated-')));
    const { generateGlossary } = (await import(pathToFileURL(join(REPO_ROOT, 'bench', 'generateGlossary.mjs')).href)) as { generateGlossary: Generate };
    entries = generateGlossary(dir, COUNT, SEED).entries;
    original = snapshotFiles(dir);
    client = await LspTestClient.start({ workspaceDir: dir, readyTimeoutMs: 30_000 });
  });
  after(async () => {
    await client?.dispose();
  });

  /** Checks the edit against the files: each text edit replaces exactly `from`, and every file that must change does. */
  function checkEdit(edit: WorkspaceEdit, from: string, to: string, mustEdit: string[]): void {
    const edited = new Set<string>();
    let renames = 0;
    for (const change of edit.documentChanges ?? []) {
      if ('kind' in change) {
        assert.deepEqual(change, { kind: 'rename', oldUri: client.uri(from), newUri: client.uri(to), options: { overwrite: false, ignoreIfExists: false } });
        renames++;
        continue;
      }
      const slug = change.textDocument.uri.slice(change.textDocument.uri.lastIndexOf('/') + 1, -3);
      assert.ok(!edited.has(slug), `${slug} is edited by two TextDocumentEdits`);
      edited.add(slug);
      const lines = (client.openTexts.get(change.textDocument.uri) ?? readFileSync(client.path(slug), 'utf8')).split('\n');
      for (const e of change.edits as TextEdit[]) {
        assert.equal(e.newText, to);
        assert.equal(e.range.start.line, e.range.end.line, `${slug}: a multi-line range`);
        const line = lines[e.range.start.line];
        assert.equal(line.slice(e.range.start.character, e.range.end.character), from, `${slug}:${e.range.start.line}: the edit replaces ${JSON.stringify(line.slice(e.range.start.character, e.range.end.character))}`);
        // Never a part of a longer slug (`x-models` for `x-model`).
        assert.match(line.slice(e.range.end.character, e.range.end.character + 1), /^($|[\s)\]#?/,'"])/, `${slug}:${e.range.start.line}`);
        assert.match(line.slice(Math.max(0, e.range.start.character - 1), e.range.start.character), /^(|[\s/[,'"])$/, `${slug}:${e.range.start.line}`);
      }
    }
    assert.equal(renames, 1, 'exactly one RenameFile');
    assert.equal((edit.documentChanges ?? []).at(-1) && 'kind' in edit.documentChanges!.at(-1)!, true, 'the file is renamed after the text edits');
    const missing = mustEdit.filter((slug) => !edited.has(slug));
    assert.deepEqual(missing, [], `entries naming ${from} that the edit leaves alone`);
  }

  /** The entries that certainly name `slug`: valid ones listing it in related, and any with a body link to it. */
  function namers(slug: string): string[] {
    const link = `](/glossary/${slug})`;
    return entries
      .filter((e) => (e.broken !== 'yaml' && e.related.includes(slug)) || text(e.slug).includes(link))
      .map((e) => e.slug)
      .sort();
  }

  /**
   * Renames `from` to `to` (asking at `position` of the open document `at`), checks the edit
   * (`mustEdit`: the entries it must change, by their names before the rename) and applies it.
   */
  async function renameAndApply(at: string, position: Position, from: string, to: string, mustEdit: string[]): Promise<void> {
    const uri = await client.open(at);
    const edit = await client.rename(uri, position, to, 15_000);
    assert.ok(edit, 'no edit');
    checkEdit(edit, from, to, mustEdit);
    await client.applyWorkspaceEdit(edit, {});
    assert.equal(existsSync(client.path(from)), false);
    for (const [openUri] of [...client.openTexts]) await client.close(openUri);
  }

  async function roundTrip(from: string, first: { at: string; position: Position }): Promise<void> {
    const to = `${from}-renamed`;
    assert.ok(!entries.some((e) => e.slug === to || e.related.includes(to)));
    const mustEdit = namers(from);
    assert.ok(mustEdit.length > 0, `nothing names ${from}`);
    await renameAndApply(first.at, first.position, from, to, mustEdit);
    assert.equal(readFileSync(client.path(to), 'utf8'), text(from), 'the renamed file keeps its content');
    for (const slug of namers(from)) {
      if (slug === from) continue;
      const now = readFileSync(client.path(slug), 'utf8');
      assert.ok(!now.includes(`](/glossary/${from})`), `${slug} still links to ${from}`);
      if (entries.find((e) => e.slug === slug)!.broken !== 'yaml') assert.ok(!new RegExp(`^- ${from}$`, 'm').test(now), `${slug} still lists ${from}`);
    }
    // Back, from the title line of the renamed entry.
    await renameAndApply(to, { line: 1, character: 2 }, to, from, mustEdit.map((slug) => (slug === from ? to : slug)));
    assert.deepEqual(diffSnapshots(original, snapshotFiles(client.workspaceDir)), []);
  }

  test(`indexes the ${COUNT} entries`, () => {
    assert.deepEqual(client.indexStatuses.at(-1), { state: 'ready', entries: COUNT });
  });

  test('the most listed entry, renamed from a related item of a valid entry, and back', async () => {
    const counts = new Map<string, number>();
    for (const e of entries) for (const slug of e.related) counts.set(slug, (counts.get(slug) ?? 0) + 1);
    const [slug] = [...counts].filter(([s]) => entries.some((e) => e.slug === s)).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    const referrer = entries.find((e) => e.broken === null && e.related.includes(slug))!;
    const line = lineOf(text(referrer.slug), `- ${slug}`);
    await roundTrip(slug, { at: referrer.slug, position: { line, character: 2 + Math.floor(slug.length / 2) } });
  });

  test('an entry listed in an unclosed flow list of a broken entry, renamed from a body link, and back', async () => {
    const exists = (slug: string) => entries.some((x) => x.slug === slug);
    const flow = entries.find((e) => e.broken === 'yaml' && /^related: \[/m.test(text(e.slug)) && e.related.some(exists))!;
    assert.ok(flow, 'the generator made a broken entry with an unclosed flow list');
    const slug = flow.related.find(exists)!;
    // Ask from a body link when one names it, else from its title line.
    const linker = entries.find((e) => text(e.slug).includes(`](/glossary/${slug})`));
    if (linker) {
      const lines = text(linker.slug).split('\n');
      const line = lines.findIndex((l) => l.includes(`](/glossary/${slug})`));
      await roundTrip(slug, { at: linker.slug, position: { line, character: lines[line].indexOf(`](/glossary/${slug})`) + 14 } });
    } else {
      await roundTrip(slug, { at: slug, position: { line: 1, character: 8 } });
    }
    // The broken entry's list was rewritten in place both ways.
    assert.equal(readFileSync(client.path(flow.slug), 'utf8'), text(flow.slug));
  });

  test('entries named by broken entries (unterminated quote, stray colon, unclosed fence), renamed from their title line, and back', async () => {
    const picked = new Set<string>();
    const pick = (from: GeneratedEntry | undefined) => from?.related.find((s) => entries.some((x) => x.slug === s) && !picked.has(s));
    const quote = entries.find((e) => e.broken === 'yaml' && text(e.slug).includes('description: "') && pick(e));
    const colon = entries.find((e) => e.broken === 'yaml' && /^title: .*: a guide: part 1$/m.test(text(e.slug)) && pick(e));
    const fence = entries.find((e) => e.broken === 'fence' && pick(e));
    for (const from of [quote, colon, fence]) {
      assert.ok(from, 'the generator made every kind of broken entry');
      const slug = pick(from)!;
      picked.add(slug);
      await roundTrip(slug, { at: slug, position: { line: 1, character: 8 } });
    }
  });

  test('the server logged no failure', () => {
    assert.ok(client.alive, client.failure('the server exited'));
    assert.ok(!client.logs.some((line) => /failed|Uncaught|Unhandled/.test(line)), client.failure('the server logged a failure'));
  });
});
