/**
 * Shared helpers of the unit tests: a service over an in-memory workspace, entry texts, cursor
 * markers, and the example glossary and seed fixture read from the repository.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Position, Range } from 'vscode-languageserver-types';
import { loadBundledIconSet } from '../../server/src/bundledIconSets';
import { GlossaryIndex } from '../../server/src/core/glossaryIndex';
import { GlossaryService } from '../../server/src/core/glossaryService';
import { LoadedIconSets } from '../../server/src/core/icons';
import { DEFAULT_SETTINGS, resolveSettings, type GlossarySettings } from '../../server/src/core/settings';
import { InMemoryWorkspace } from '../helpers/inMemoryWorkspace';

export const REPO_ROOT = join(__dirname, '..', '..');
export const GLOSSARY_DIR = 'content/glossary';

/** 60 characters: inside the default 50–160 description window. */
export const GOOD_DESCRIPTION = 'A sentence that defines the term in sixty characters or so..';

export interface EntryFields {
  title?: string;
  description?: string;
  category?: string;
  logoIcon?: string;
  related?: string[];
}

/** The text of a well-formed entry (block `related` list), followed by `body`. */
export function entryText(fields: EntryFields, body = '## Heading\n\nSome prose.\n'): string {
  const lines = ['---'];
  if (fields.title !== undefined) lines.push(`title: ${fields.title}`);
  if (fields.description !== undefined) lines.push(`description: '${fields.description}'`);
  if (fields.logoIcon !== undefined) lines.push(`logoIcon: '${fields.logoIcon}'`);
  if (fields.category !== undefined) lines.push(`category: ${fields.category}`);
  if (fields.related !== undefined) {
    lines.push('related:');
    for (const slug of fields.related) lines.push(`- ${slug}`);
  }
  lines.push('---');
  return `${lines.join('\n')}\n${body}`;
}

/** A valid entry with the given title and category and a good description; `related` only when given. */
export function goodEntry(title: string, category = 'Core Concepts', related: string[] = []): string {
  return entryText({ title, description: GOOD_DESCRIPTION, category, related: related.length ? related : undefined });
}

export function settingsWith(raw: unknown): GlossarySettings {
  const { settings, problems } = resolveSettings(raw);
  if (problems.length) throw new Error(`bad test settings: ${problems.join('; ')}`);
  return settings;
}

/** The server's own icon sets (Lucide), shared by every fixture: loaded once per test process. */
export const SERVER_ICONS = new LoadedIconSets(loadBundledIconSet);

export class Fixture {
  readonly workspace: InMemoryWorkspace;
  readonly service: GlossaryService;
  /** The service's index, for tests that look inside it. */
  readonly index = new GlossaryIndex();
  private version = 1;

  constructor(files: Record<string, string> = {}, settings: GlossarySettings = DEFAULT_SETTINGS) {
    this.workspace = new InMemoryWorkspace('file:///ws', files);
    this.service = new GlossaryService(this.workspace, settings, undefined, SERVER_ICONS, undefined, this.index);
  }

  /** A fixture whose entries (keyed by slug) live in content/glossary/, indexed. */
  static async withEntries(entries: Record<string, string>, settings: GlossarySettings = DEFAULT_SETTINGS): Promise<Fixture> {
    const files: Record<string, string> = {};
    for (const [slug, text] of Object.entries(entries)) files[`${GLOSSARY_DIR}/${slug}.md`] = text;
    const fixture = new Fixture(files, settings);
    await Promise.all([fixture.service.indexWorkspace(), SERVER_ICONS.ready(settings.iconPrefixes)]);
    return fixture;
  }

  uri(slug: string): string {
    return this.workspace.uri(`${GLOSSARY_DIR}/${slug}.md`);
  }

  /** Opens (or edits) the entry `slug` with `text` in the editor; returns what the index says is affected. */
  open(slug: string, text: string): Set<string> {
    return this.service.setOpenDocument(TextDocument.create(this.uri(slug), 'markdown', this.version++, text));
  }

  /** Opens the entry with the text it has in the workspace. */
  async openFromWorkspace(slug: string): Promise<void> {
    const bytes = await this.workspace.readFile(this.uri(slug));
    if (!bytes) throw new Error(`no file for ${slug}`);
    this.open(slug, new TextDecoder().decode(bytes));
  }

  diagnostics(slug: string): Diagnostic[] {
    return this.service.diagnostics(this.uri(slug));
  }

  /** Opens `slug` with `text`, where `|` marks the cursor, and asks for completion there. */
  completeAt(slug: string, textWithCursor: string) {
    const { text, position } = cursor(textWithCursor);
    this.open(slug, text);
    return this.service.completion(this.uri(slug), position);
  }

  hoverAt(slug: string, textWithCursor: string) {
    const { text, position } = cursor(textWithCursor);
    this.open(slug, text);
    return this.service.hover(this.uri(slug), position);
  }

  /** Writes content/glossary/<slug>.md on "disk" and reports it to the service. */
  async create(slug: string, text: string): Promise<Set<string>> {
    this.workspace.write(`${GLOSSARY_DIR}/${slug}.md`, text);
    return this.service.fileChanged(this.uri(slug), 'created');
  }

  async remove(slug: string): Promise<Set<string>> {
    this.workspace.delete(`${GLOSSARY_DIR}/${slug}.md`);
    return this.service.fileChanged(this.uri(slug), 'deleted');
  }
}

/** Builds a fixture from `entries`, opens `slug` with `text` and returns its diagnostics. */
export async function diagnose(slug: string, text: string, entries: Record<string, string> = {}, settings: GlossarySettings = DEFAULT_SETTINGS): Promise<Diagnostic[]> {
  const fixture = await Fixture.withEntries(entries, settings);
  fixture.open(slug, text);
  return fixture.diagnostics(slug);
}

/** Removes the first `marker` from `textWithMarker`; returns the text and the marker's offset and position. */
export function cursor(textWithMarker: string, marker = '|'): { text: string; offset: number; position: Position } {
  const offset = textWithMarker.indexOf(marker);
  if (offset < 0) throw new Error(`no ${marker} marker in test text`);
  const text = textWithMarker.slice(0, offset) + textWithMarker.slice(offset + marker.length);
  return { text, offset, position: positionAt(text, offset) };
}

export function positionAt(text: string, offset: number): Position {
  return TextDocument.create('file:///tmp.md', 'markdown', 0, text).positionAt(offset);
}

export function range(startLine: number, startCharacter: number, endLine: number, endCharacter: number): Range {
  return { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } };
}

/** `[code, startLine, startChar, endLine, endChar]` per diagnostic: compact and exact. */
export function brief(diagnostics: Diagnostic[]): [string, number, number, number, number][] {
  return diagnostics.map((d) => [String(d.code), d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character]);
}

export function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code));
}

export function readSeed(): string {
  return readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'foundation-model.seed.txt'), 'utf8');
}

/** The example glossary, keyed by slug. */
export function readExampleGlossary(): Record<string, string> {
  const dir = join(REPO_ROOT, 'examples', 'glossary', 'content', 'glossary');
  const entries: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.md')) entries[name.slice(0, -3)] = readFileSync(join(dir, name), 'utf8');
  }
  return entries;
}
