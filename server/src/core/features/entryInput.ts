import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { GlossaryIndex } from '../glossaryIndex';
import type { ParsedEntry } from '../parsing';
import type { GlossarySettings } from '../settings';

/** What every feature provider is given about one entry: its text and parse, and the glossary around it. */
export interface EntryInput {
  document: TextDocument;
  entry: ParsedEntry;
  slug: string;
  index: GlossaryIndex;
  settings: GlossarySettings;
}
