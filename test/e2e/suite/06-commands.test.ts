/// <reference types="mocha" />
/**
 * The commands "Glossary: New Term" and "Glossary: Show Relationship Graph" in the real host.
 * Input boxes are answered by replacing the extension's showInputBox for the length of a test; a
 * click on a graph node is the webview's `openEntry` message, handed to the panel directly.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import type { GraphRenderReport } from '../../../client/src/preview/mermaidPreviewPanel';
import { newEntryText, type NewEntryResult } from '../../../server/src/core/features/newEntry';
import { DEFAULT_SETTINGS } from '../../../server/src/core/settings';
import { entryUri, extensionApi, glossaryDir, openEntry, resetEditors, waitFor, within, workspaceRoot, languageClient } from './helpers';

type InputBoxAnswer = string | undefined | ((options: vscode.InputBoxOptions) => string | undefined | Promise<string | undefined>);

/**
 * Replaces the extension's showInputBox with one that answers `answers` in turn (then cancels);
 * `restore` puts it back. The installed extension has its own `vscode` API object, so the stub
 * goes where the extension looks: the `prompts` of its API.
 */
async function stubInputBoxes(answers: InputBoxAnswer[]): Promise<{ calls: vscode.InputBoxOptions[]; restore: () => void }> {
  const window = (await extensionApi()).prompts;
  const original = window.showInputBox;
  const calls: vscode.InputBoxOptions[] = [];
  window.showInputBox = (options?: vscode.InputBoxOptions) => {
    const given = options ?? {};
    calls.push(given);
    const answer = answers[calls.length - 1];
    return Promise.resolve(typeof answer === 'function' ? answer(given) : answer);
  };
  return { calls, restore: () => (window.showInputBox = original) };
}

/** Runs a command with input boxes stubbed; fails (and cancels any real box) if it hangs. */
async function withInputBoxes<T>(answers: InputBoxAnswer[], run: () => Thenable<T>): Promise<{ result: T; calls: vscode.InputBoxOptions[] }> {
  const stub = await stubInputBoxes(answers);
  try {
    const result = await within(run(), 20_000, 'the command (did a real input box open instead of the stub?)');
    return { result, calls: stub.calls };
  } catch (error) {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    throw error;
  } finally {
    stub.restore();
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * The example's `related` lists, read from disk with the yaml package (an entry whose frontmatter
 * is not valid YAML has none), and the slugs within two steps of `start`, both directions.
 */
function expectedNeighbourhood(start: string): Set<string> {
  const lists = new Map<string, string[]>();
  for (const name of readdirSync(glossaryDir().fsPath)) {
    if (!name.endsWith('.md')) continue;
    const text = readFileSync(vscode.Uri.joinPath(glossaryDir(), name).fsPath, 'utf8');
    const frontmatter = /(?:^|\n)---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(text)?.[1] ?? '';
    let related: unknown;
    try {
      related = (parse(frontmatter) as { related?: unknown } | null)?.related;
    } catch {
      related = undefined;
    }
    lists.set(name.slice(0, -3), Array.isArray(related) ? related.map(String) : []);
  }
  const seen = new Set([start]);
  let frontier = [start];
  for (let step = 0; step < 2; step++) {
    const next: string[] = [];
    for (const slug of frontier) {
      const out = (lists.get(slug) ?? []).filter((target) => lists.has(target));
      const into = [...lists].filter(([, related]) => related.includes(slug)).map(([source]) => source);
      for (const other of [...out, ...into]) {
        if (seen.has(other)) continue;
        seen.add(other);
        next.push(other);
      }
    }
    frontier = next;
  }
  return seen;
}

function graphTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('glossary.mermaidPreview'));
}

async function waitForGraph(uri: vscode.Uri, what: string, accept: (report: GraphRenderReport) => boolean = () => true): Promise<GraphRenderReport> {
  const { preview } = await extensionApi();
  return waitFor(what, () => {
    const report = preview.lastGraphReport;
    return report && report.entryUri === uri.toString() && accept(report) ? report : undefined;
  }, { timeoutMs: 30_000, detail: () => JSON.stringify(preview.lastGraphReport ?? 'no graph reported yet') });
}

suite('Commands: New Term and Show Relationship Graph', () => {
  const created: vscode.Uri[] = [];

  suiteSetup(async () => {
    await within((await extensionApi()).indexed, 30_000, 'the first complete index');
  });
  suiteTeardown(async () => {
    await resetEditors();
    for (const uri of created) if (await exists(uri)) await vscode.workspace.fs.delete(uri);
  });

  test('New Term: proposes the slug, creates the entry from the template in the glossary folder and opens it at the description', async () => {
    await resetEditors();
    await openEntry('transformer');
    const target = entryUri('mixture-of-experts');
    created.push(target);
    assert.equal(await exists(target), false);
    const validations: unknown[] = [];
    const { result, calls } = await withInputBoxes(['Mixture of Experts', async (options) => {
      // The slug box checks as the user types, with the server: the slug pattern, and slugs in use.
      for (const typed of ['Mixture of Experts', '../escape', 'tokenization', 'mixture-of-experts']) validations.push(await options.validateInput?.(typed));
      return options.value;
    }], () => vscode.commands.executeCommand<vscode.Uri | undefined>('glossary.newTerm'));
    assert.equal(calls.length, 2, 'a title box, then a slug box');
    assert.equal(calls[1].value, 'mixture-of-experts', 'the slug box proposes the slug');
    assert.match(String(validations[0]), /does not match glossary\.slugPattern/);
    assert.match(String(validations[1]), /cannot be a file name/);
    assert.match(String(validations[2]), /already exists/);
    assert.equal(validations[3], undefined);
    assert.ok(result, 'the command created nothing');
    assert.equal(result.toString(), target.toString());

    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.toString() === target.toString(), `the new entry is not the active editor (${editor?.document.uri.toString()})`);
    assert.equal(editor.document.getText(), newEntryText(DEFAULT_SETTINGS, { title: 'Mixture of Experts', slug: 'mixture-of-experts' }));
    assert.ok(await exists(target), 'the file was not created');
    const description = editor.document.lineAt(editor.selection.active.line).text;
    assert.equal(description, "description: ''");
    assert.equal(editor.selection.active.character, "description: '".length, 'the cursor is not inside the description');
    assert.ok(editor.selection.isEmpty);

    // The language server sees the new (unsaved) entry: its slug is taken now.
    const client = await languageClient();
    await waitFor('the server to know mixture-of-experts', async () => {
      const answer = await client.sendRequest<NewEntryResult>('glossary/newEntry', { title: 'Again', slug: 'mixture-of-experts' });
      return 'error' in answer && answer.reason === 'exists';
    });

    // One undo takes the template back out (the creation is part of the same edit).
    await vscode.commands.executeCommand('undo');
    await waitFor('undo to remove the template', () => editor.document.getText() === '' || editor.document.isClosed, { detail: () => JSON.stringify(editor.document.getText().slice(0, 80)) });
  });

  test('New Term: a slug that exists is refused; the slug box opens again and says so', async () => {
    await resetEditors();
    await openEntry('transformer');
    const before = readdirSync(glossaryDir().fsPath).sort();
    const transformerText = readFileSync(entryUri('transformer').fsPath, 'utf8');
    type Validation = ReturnType<NonNullable<vscode.InputBoxOptions['validateInput']>>;
    let validation: Validation | undefined;
    let validationOfOther: Validation | undefined;
    const { result, calls } = await withInputBoxes([
      'Transformer',
      (options) => options.value,
      (options) => {
        validation = options.validateInput?.('transformer');
        validationOfOther = options.validateInput?.('transformer-architecture');
        return undefined;
      },
    ], () => vscode.commands.executeCommand<vscode.Uri | undefined>('glossary.newTerm'));
    assert.equal(result, undefined);
    assert.equal(calls.length, 3, 'title, slug, then the slug box again');
    assert.equal(calls[1].value, 'transformer');
    assert.equal(calls[2].value, 'transformer', 'the box reopens with the refused slug');
    assert.match(String(calls[2].prompt), /already exists/);
    assert.match(String(await validation), /already exists/);
    assert.equal(await validationOfOther, undefined, 'another slug is fine');
    assert.deepEqual(readdirSync(glossaryDir().fsPath).sort(), before, 'a file was created');
    assert.equal(readFileSync(entryUri('transformer').fsPath, 'utf8'), transformerText);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), entryUri('transformer').toString());
  });

  test('Show Relationship Graph: the panel opens and the webview draws every entry of transformer\'s neighbourhood', async () => {
    await resetEditors();
    const { preview } = await extensionApi();
    const document = await openEntry('transformer');
    const expected = expectedNeighbourhood('transformer');
    assert.ok(expected.size > 5 && expected.size <= 40, `${expected.size} entries`);
    const shown = await vscode.commands.executeCommand<boolean>('glossary.showRelationshipGraph');
    assert.equal(shown, true);
    const report = await waitForGraph(document.uri, 'the webview to draw the graph of transformer.md', (r) => r.rendered === r.nodes);
    assert.equal(report.error, undefined);
    assert.equal(report.nodes, expected.size);
    assert.equal(report.rendered, expected.size, 'nodes drawn and clickable in the webview');
    assert.equal(preview.showing, 'graph');
    const slugs = (preview.graphNodes ?? []).map((node) => node.uri.slice(node.uri.lastIndexOf('/') + 1, -3));
    assert.deepEqual(new Set(slugs), expected);
    assert.equal(slugs[0], 'transformer');
    assert.equal(graphTabs().length, 1);
    assert.equal(graphTabs()[0].label, 'Graph: transformer.md');
  });

  test('Show Relationship Graph: an openEntry for a node opens that entry; one for a URI outside the graph is refused', async () => {
    const { preview } = await extensionApi();
    if (preview.showing !== 'graph') {
      await openEntry('transformer');
      await vscode.commands.executeCommand('glossary.showRelationshipGraph');
    }
    const transformer = entryUri('transformer');
    await waitForGraph(transformer, 'the graph of transformer.md');
    const embeddings = preview.graphNodes?.find((node) => node.uri.endsWith('/embeddings.md'));
    assert.ok(embeddings, 'embeddings is a node of the graph');

    const readme = vscode.Uri.joinPath(workspaceRoot(), 'README.md');
    for (const uri of [readme.toString(), 'command:workbench.action.closeWindow', `${transformer.toString()}#x`, entryUri('gradient-descent').toString()]) {
      if (preview.graphNodes?.some((node) => node.uri === uri)) continue;
      assert.equal(await preview.receive({ type: 'openEntry', uri }), false, `${uri} was not refused`);
    }
    assert.equal(await preview.receive({ type: 'openEntry', uri: embeddings.uri, extra: 1 }), false, 'a malformed message was not refused');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), transformer.toString(), 'a refused message opened something');
    assert.equal(vscode.window.visibleTextEditors.some((editor) => editor.document.uri.toString() === readme.toString()), false);

    assert.equal(await preview.receive({ type: 'openEntry', uri: embeddings.uri }), true);
    await waitFor('embeddings.md in the active editor', () => vscode.window.activeTextEditor?.document.uri.toString() === embeddings.uri, {
      detail: () => String(vscode.window.activeTextEditor?.document.uri.toString()),
    });
    // The graph follows the active entry.
    await waitForGraph(vscode.Uri.parse(embeddings.uri), 'the graph to follow embeddings.md', (r) => r.rendered === r.nodes && r.nodes > 1);
    assert.equal(preview.graphNodes?.[0].uri, embeddings.uri);
  });

  test('Show Relationship Graph: not for a file that is no entry; Open Mermaid Preview switches back to the diagrams', async () => {
    const { preview } = await extensionApi();
    const readme = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceRoot(), 'README.md'));
    await vscode.window.showTextDocument(readme, { viewColumn: vscode.ViewColumn.One });
    assert.equal(await vscode.commands.executeCommand<boolean>('glossary.showRelationshipGraph'), false);

    const document = await vscode.window.showTextDocument(await openEntry('transformer', false), { viewColumn: vscode.ViewColumn.One });
    const previous = preview.lastReport?.version ?? 0;
    await vscode.commands.executeCommand('glossary.openMermaidPreview');
    assert.equal(preview.showing, 'diagrams');
    await waitFor('the diagrams of transformer.md again', () => {
      const report = preview.lastReport;
      return report && report.version > previous && report.documentUri === document.document.uri.toString() && report.total === 2 && report.errors.length === 0 ? report : undefined;
    }, { timeoutMs: 30_000, detail: () => JSON.stringify(preview.lastReport) });
    assert.equal(graphTabs()[0]?.label, 'Mermaid: transformer.md');
  });
});
