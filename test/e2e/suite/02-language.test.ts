/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { entryUri, exampleSlugs, extensionApi, frontmatterValue, hoverText, labelOf, openEntry, resetEditors, within } from './helpers';

/** The slugs listed under `related:` in an entry's text. */
function relatedOf(text: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trim() === 'related:');
  const slugs: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const item = /^\s*-\s+(\S+)\s*$/.exec(line);
    if (!item) break;
    slugs.push(item[1]);
  }
  return slugs;
}

const lineOf = (document: vscode.TextDocument, text: string) => document.getText().split('\n').findIndex((line) => line.trim() === text);

async function complete(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
  // Only the glossary's slug items: other providers (the built-in Markdown support) may answer too.
  return list.items.filter((item) => item.kind === vscode.CompletionItemKind.Reference).sort((a, b) => (a.sortText ?? labelOf(a)).localeCompare(b.sortText ?? labelOf(b)));
}

suite('Completion and hover', () => {
  suiteSetup(async () => {
    await within((await extensionApi()).indexed, 30_000, 'the first complete index');
  });
  teardown(resetEditors);

  test('completion in a related: list offers every other slug not yet listed', async () => {
    const document = await openEntry('machine-learning');
    const listed = relatedOf(document.getText());
    assert.deepEqual(listed, ['deep-learning', 'neural-network', 'overfitting', 'transfer-learning', 'few-shot-learning']);
    const line = lineOf(document, 'related:') + 1;

    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(line, 0), '- \n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const offered = (await complete(document, new vscode.Position(line, 2))).map(labelOf);
    const expected = (await exampleSlugs()).filter((slug) => slug !== 'machine-learning' && !listed.includes(slug));
    assert.equal(expected.length, 15);
    assert.deepEqual([...offered].sort(), expected, 'offered slugs differ from all slugs minus the entry itself and those already listed');

    // Typing narrows and ranks the list: the prefix match comes first.
    const typing = new vscode.WorkspaceEdit();
    typing.insert(document.uri, new vscode.Position(line, 2), 'fine-tu');
    assert.ok(await vscode.workspace.applyEdit(typing));
    const narrowed = await complete(document, new vscode.Position(line, 9));
    assert.ok(narrowed.length > 0, 'nothing offered for "fine-tu"');
    assert.equal(labelOf(narrowed[0]), 'fine-tuning');
    assert.equal(narrowed[0].detail, 'Fine-Tuning');
    const range = narrowed[0].range;
    const replaced = range instanceof vscode.Range ? range : range?.replacing;
    assert.ok(replaced, 'the slug item has no range to replace');
    assert.equal(document.getText(replaced), 'fine-tu', 'the item does not replace what was typed');
  });

  test('hover on a related slug shows the entry\'s title and description', async () => {
    const document = await openEntry('machine-learning');
    const line = lineOf(document, '- deep-learning');
    assert.ok(line > 0);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(line, 5));
    const text = hoverText(hovers);
    const target = new TextDecoder().decode(await vscode.workspace.fs.readFile(entryUri('deep-learning')));
    const title = frontmatterValue(target, 'title');
    const description = frontmatterValue(target, 'description');
    assert.equal(title, 'Deep Learning');
    assert.ok(description && description.length > 20);
    assert.ok(text.includes(title), `hover lacks the title:\n${text}`);
    assert.ok(text.includes(description), `hover lacks the description:\n${text}`);
  });

  test('hover on an unknown slug suggests the nearest one', async () => {
    const document = await openEntry('tokenization');
    const line = lineOf(document, '- embedding');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(line, 4));
    const text = hoverText(hovers);
    assert.ok(text.includes('embedding') && text.includes('embeddings'), `hover does not point at 'embeddings':\n${text}`);
  });
});
