/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { entryUri, extensionApi, glossaryDiagnostics, openEntry, resetEditors, unknownSlugNamed, waitForDiagnostics, withCode, within } from './helpers';

const lineIndex = (document: vscode.TextDocument, text: string) => document.getText().split('\n').findIndex((line) => line.trim() === text);

/** Exactly what the example's broken foundation-model.md must report, whatever else it reports. */
function hasSeedDiagnostics(diagnostics: vscode.Diagnostic[]): boolean {
  return unknownSlugNamed(diagnostics, 'model-architecture').length === 1
    && unknownSlugNamed(diagnostics, 'zero-shot-learning').length === 1
    && withCode(diagnostics, 'unclosed-fence').length === 1
    && withCode(diagnostics, 'tool-call-debris').length > 0;
}

suite('Diagnostics', () => {
  suiteSetup(async () => {
    await within((await extensionApi()).indexed, 30_000, 'the first complete index');
  });
  teardown(resetEditors);

  test('the seed-like broken entry has its unknown-slug, unclosed-fence and debris diagnostics', async () => {
    const document = await openEntry('foundation-model');
    const diagnostics = await waitForDiagnostics(document.uri, 'the seed diagnostics', hasSeedDiagnostics);

    const [modelArchitecture] = unknownSlugNamed(diagnostics, 'model-architecture');
    assert.equal(modelArchitecture.range.start.line, lineIndex(document, '- model-architecture'));
    assert.equal(document.getText(modelArchitecture.range), 'model-architecture');
    assert.equal(modelArchitecture.severity, vscode.DiagnosticSeverity.Warning);
    const [zeroShot] = unknownSlugNamed(diagnostics, 'zero-shot-learning');
    assert.equal(zeroShot.range.start.line, lineIndex(document, '- zero-shot-learning'));
    assert.match(zeroShot.message, /few-shot-learning/, 'no suggestion of the nearest slug');

    const [fence] = withCode(diagnostics, 'unclosed-fence');
    assert.equal(fence.range.start.line, lineIndex(document, '```mermaid'));
    assert.equal(fence.severity, vscode.DiagnosticSeverity.Error);

    const debris = withCode(diagnostics, 'tool-call-debris');
    const writeToFile = debris.find((d) => d.message.includes('<write_to_file>'));
    assert.ok(writeToFile, `no debris diagnostic for <write_to_file>: ${debris.map((d) => d.message).join(' | ')}`);
    assert.equal(writeToFile.range.start.line, lineIndex(document, '<write_to_file>'));
    assert.equal(writeToFile.severity, vscode.DiagnosticSeverity.Error);
  });

  test('tokenization.md has its unknown key, misspelt slugs and stray </content>', async () => {
    const document = await openEntry('tokenization');
    const diagnostics = await waitForDiagnostics(document.uri, 'the tokenization diagnostics', (all) => withCode(all, 'unknown-key').length > 0 && withCode(all, 'unknown-slug').length === 2);
    assert.ok(withCode(diagnostics, 'unknown-key').some((d) => d.message.includes("'tags'")));
    assert.match(unknownSlugNamed(diagnostics, 'embedding')[0]?.message ?? '', /'embeddings'/);
    assert.match(unknownSlugNamed(diagnostics, 'large-language-model')[0]?.message ?? '', /'large-language-models'/);
    assert.ok(withCode(diagnostics, 'tool-call-debris').some((d) => d.message.includes('</content>')));
  });

  test('editing a document updates its diagnostics, and undo clears them again', async () => {
    const document = await openEntry('transformer');
    const original = document.getText();
    await waitForDiagnostics(document.uri, 'no unknown slug in a valid entry', (all) => withCode(all, 'unknown-slug').length === 0);
    const line = lineIndex(document, 'related:') + 1;

    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(line, 0), '- fine-tunning\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const after = await waitForDiagnostics(document.uri, "an unknown-slug diagnostic for the typed 'fine-tunning'", (all) => unknownSlugNamed(all, 'fine-tunning').length === 1);
    const [typo] = unknownSlugNamed(after, 'fine-tunning');
    assert.equal(typo.range.start.line, line);
    assert.match(typo.message, /'fine-tuning'/, 'no suggestion of the nearest slug');

    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), original, 'undo did not restore the text');
    await waitForDiagnostics(document.uri, 'the unknown slug to go away after undo', (all) => unknownSlugNamed(all, 'fine-tunning').length === 0);
  });

  test('creating an entry file clears another file\'s unknown-slug diagnostic; deleting it brings it back', async () => {
    const document = await openEntry('foundation-model');
    await waitForDiagnostics(document.uri, 'the seed diagnostics', hasSeedDiagnostics);
    const created = entryUri('zero-shot-learning');
    const text = [
      '---',
      'title: Zero-Shot Learning',
      "description: 'Solving a task from its description alone, without any worked examples of that task in the prompt or in training.'",
      'category: Core Concepts',
      'related:',
      '- few-shot-learning',
      '---',
      '## What is Zero-Shot Learning?',
      'A model performs a task it was never shown examples of.',
      '',
    ].join('\n');
    try {
      await vscode.workspace.fs.writeFile(created, new TextEncoder().encode(text));
      await waitForDiagnostics(document.uri, "'zero-shot-learning' to stop being unknown once its file exists", (all) => unknownSlugNamed(all, 'zero-shot-learning').length === 0 && unknownSlugNamed(all, 'model-architecture').length === 1);
    } finally {
      await vscode.workspace.fs.delete(created, { useTrash: false }).then(undefined, () => undefined);
    }
    await waitForDiagnostics(document.uri, "'zero-shot-learning' to be unknown again once its file is deleted", (all) => unknownSlugNamed(all, 'zero-shot-learning').length === 1);
  });

  test('settings changes take effect without a reload', async () => {
    const document = await openEntry('foundation-model');
    await waitForDiagnostics(document.uri, 'the seed diagnostics', hasSeedDiagnostics);
    const config = vscode.workspace.getConfiguration('glossary', document.uri);
    const before = config.inspect('severity')?.workspaceValue;
    try {
      await config.update('severity', { 'tool-call-debris': 'off', 'unknown-slug': 'error' }, vscode.ConfigurationTarget.Workspace);
      const changed = await waitForDiagnostics(document.uri, 'debris off and unknown slugs as errors', (all) => withCode(all, 'tool-call-debris').length === 0
        && withCode(all, 'unknown-slug').length === 2 && withCode(all, 'unknown-slug').every((d) => d.severity === vscode.DiagnosticSeverity.Error));
      assert.equal(withCode(changed, 'unclosed-fence').length, 1, 'other diagnostics must stay');
    } finally {
      await vscode.workspace.getConfiguration('glossary', document.uri).update('severity', before, vscode.ConfigurationTarget.Workspace);
    }
    const restored = await waitForDiagnostics(document.uri, 'the default severities back', (all) => hasSeedDiagnostics(all) && withCode(all, 'unknown-slug').every((d) => d.severity === vscode.DiagnosticSeverity.Warning));
    assert.ok(withCode(restored, 'tool-call-debris').every((d) => d.severity === vscode.DiagnosticSeverity.Error));
    assert.ok(glossaryDiagnostics(document.uri).length > 0);
  });
});
