import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import { addRelatedEdit, fixesFor, nonOverlapping, oneWayTarget, type Fix } from './fixes';
import type { EntryInput } from './entryInput';

/** The "fix all" kind: VS Code runs it on save when `editor.codeActionsOnSave` asks for it. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.glossary`;

export interface CodeActionInput extends EntryInput {
  version: number;
  /** Reads another entry's text, from the editor if it is open there; for fixes that edit that entry. */
  readEntry(slug: string): Promise<{ uri: string; text: string; version: number | null } | undefined>;
}

function toWorkspaceEdit(input: CodeActionInput, edits: TextEdit[]): WorkspaceEdit {
  return { documentChanges: [{ textDocument: { uri: input.document.uri, version: input.version }, edits }] };
}

function toCodeAction(input: CodeActionInput, fix: Fix): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [fix.diagnostic],
    isPreferred: fix.preferred,
    edit: fix.workspaceEdit ?? toWorkspaceEdit(input, fix.edits ?? []),
    command: fix.command,
  };
}

/** The safe fixes of every diagnostic in the document, merged so that none overlaps another. */
export function fixAllEdits(input: EntryInput, diagnostics: readonly Diagnostic[]): TextEdit[] {
  const edits = fixesFor(input, diagnostics).filter((fix) => fix.safe).flatMap((fix) => fix.edits ?? []);
  return nonOverlapping(edits, input.document);
}

export async function getCodeActions(input: CodeActionInput, diagnostics: readonly Diagnostic[], allInFile: readonly Diagnostic[], only?: readonly string[]): Promise<CodeAction[]> {
  const wants = (kind: string) => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    actions.push(...fixesFor(input, diagnostics).map((fix) => toCodeAction(input, fix)));
    for (const diagnostic of diagnostics) {
      const target = oneWayTarget(diagnostic);
      const other = target ? await input.readEntry(target) : undefined;
      const edit = other && addRelatedEdit(other.text, input.slug, input.settings.debrisTags);
      if (!other || !edit) continue;
      actions.push({
        title: `Add '${input.slug}' to the related entries of '${target}'`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { documentChanges: [{ textDocument: { uri: other.uri, version: other.version }, edits: [edit] }] },
      });
    }
  }
  if (wants(FIX_ALL_KIND)) {
    const edits = fixAllEdits(input, allInFile);
    if (edits.length) actions.push({ title: 'Fix all safe glossary problems', kind: FIX_ALL_KIND, edit: toWorkspaceEdit(input, edits) });
  }
  return actions;
}
