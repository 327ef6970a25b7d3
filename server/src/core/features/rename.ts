import type { EntryInput } from './entryInput';
import type { Range, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { URI, Utils } from 'vscode-uri';
import { referenceRange, type GlossaryIndex } from '../glossaryIndex';
import { referenceAt } from '../references';
import type { GlossarySettings } from '../settings';
import { slugFromPath } from '../slugs';

export interface RenameInput extends EntryInput {
  /** Versions of the documents open in the editor, so that edits to them are checked against what the user sees. */
  openVersions: ReadonlyMap<string, number>;
}

/** A refusal, with the reason the editor shows the writer. */
export class RenameRefused extends Error {}

export function prepareRename(input: RenameInput, offset: number): { range: Range; placeholder: string } {
  if (input.settings.slugField) throw new RenameRefused(`Slugs come from the '${input.settings.slugField}' field here: edit that field to rename an entry.`);
  const reference = referenceAt(input.document.getText(), input.entry, offset, input.slug, input.settings);
  if (!reference) throw new RenameRefused('Rename an entry from its title line, from a related item or from a body link that names it.');
  if (!input.index.has(reference.slug)) throw new RenameRefused(`No glossary entry is named '${reference.slug}', so there is nothing to rename.`);
  return {
    range: { start: input.document.positionAt(reference.span.start), end: input.document.positionAt(reference.span.end) },
    placeholder: reference.slug,
  };
}

export function validateNewSlug(index: GlossaryIndex, settings: GlossarySettings, oldSlug: string, newSlug: string): void {
  if (!new RegExp(settings.slugPattern, 'u').test(newSlug)) {
    throw new RenameRefused(`'${newSlug}' is not a valid slug: it must match ${settings.slugPattern} (lower-case letters, digits and single hyphens by default).`);
  }
  if (newSlug !== oldSlug && index.has(newSlug)) throw new RenameRefused(`An entry named '${newSlug}' already exists.`);
}

/** The edits that make every `related` item and body link naming `oldSlug` name `newSlug` instead. */
export function referenceEdits(index: GlossaryIndex, oldSlug: string, newSlug: string, openVersions: ReadonlyMap<string, number>): TextDocumentEdit[] {
  const edits: TextDocumentEdit[] = [];
  for (const uri of [...index.referrersOf(oldSlug)].sort()) {
    const summary = index.entryAt(uri);
    if (!summary) continue;
    const textEdits: TextEdit[] = index.referencesIn(summary, oldSlug).map((ref) => ({ range: referenceRange(ref), newText: newSlug }));
    if (textEdits.length) edits.push({ textDocument: { uri, version: openVersions.get(uri) ?? null }, edits: textEdits });
  }
  return edits;
}

/** Renames the entry named at `offset`: its file, and every reference to it, as one undoable edit. */
export function getRenameEdit(input: RenameInput, offset: number, requestedName: string): WorkspaceEdit {
  const { range, placeholder: oldSlug } = prepareRename(input, offset);
  void range;
  const newSlug = requestedName.trim();
  validateNewSlug(input.index, input.settings, oldSlug, newSlug);
  if (newSlug === oldSlug) return { documentChanges: [] };
  const target = input.index.entryFor(oldSlug)!;
  const oldUri = URI.parse(target.uri);
  const newUri = Utils.joinPath(Utils.dirname(oldUri), `${newSlug}.md`).toString();
  return {
    documentChanges: [
      // Text edits first, against the old file names; then the file itself moves.
      ...referenceEdits(input.index, oldSlug, newSlug, input.openVersions),
      { kind: 'rename', oldUri: target.uri, newUri, options: { overwrite: false, ignoreIfExists: false } },
    ],
  };
}

/**
 * The edits to make when entry files are renamed or moved outside the rename command (the
 * explorer, a `git mv` seen by the editor). A file that stops being an entry, or whose new slug is
 * taken, gets no edits.
 */
export function editsForFileRenames(
  index: GlossaryIndex,
  renames: readonly { oldUri: string; newUri: string }[],
  isEntry: (uri: string) => boolean,
  openVersions: ReadonlyMap<string, number>,
): { edit: WorkspaceEdit; renamed: { from: string; to: string; references: number }[] } {
  const changes: TextDocumentEdit[] = [];
  const renamed: { from: string; to: string; references: number }[] = [];
  for (const { oldUri, newUri } of renames) {
    const summary = index.entryAt(oldUri);
    if (!summary || !isEntry(newUri)) continue;
    const newSlug = slugFromPath(URI.parse(newUri).path);
    if (newSlug === summary.slug || index.has(newSlug)) continue;
    const edits = referenceEdits(index, summary.slug, newSlug, openVersions);
    const references = edits.reduce((count, edit) => count + edit.edits.length, 0);
    if (references === 0) continue;
    changes.push(...edits);
    renamed.push({ from: summary.slug, to: newSlug, references });
  }
  return { edit: { documentChanges: changes }, renamed };
}
