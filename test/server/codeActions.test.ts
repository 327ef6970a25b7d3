import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CodeActionKind, DiagnosticSeverity, type CodeAction, type Command, type Diagnostic, type TextEdit } from 'vscode-languageserver-protocol';
import { applyTextEdits, codes, eventually, FileChangeType, lineOf, LspTestClient } from './lspClient';

const FIX_ALL = 'source.fixAll.glossary';
const DESCRIPTION = "description: 'A description long enough to satisfy the minimum length of fifty chars.'";
const entry = (title: string, ...lines: string[]) => ['---', `title: ${title}`, DESCRIPTION, 'category: Core Concepts', ...lines].join('\n');

function isCodeAction(action: CodeAction | Command): action is CodeAction {
  return typeof (action as Command).command !== 'string';
}

/** The edits of an action that must change only the document `uri` (at `version`), and nothing else. */
function editsOnly(action: CodeAction, uri: string, version: number | null): TextEdit[] {
  const changes = action.edit?.documentChanges;
  assert.ok(changes && changes.length === 1 && !('kind' in changes[0]), `${action.title}: expected one TextDocumentEdit, got ${JSON.stringify(action.edit)}`);
  assert.deepEqual(changes[0].textDocument, { uri, version }, action.title);
  assert.equal(action.edit?.changes, undefined);
  return changes[0].edits as TextEdit[];
}

/** Replaces the first line of `text` equal to `line` (or, with `count`, the next `count` lines) by `replacement` lines. */
function withLines(text: string, line: string, replacement: string[], count = 1): string {
  const lines = text.split('\n');
  const at = lines.indexOf(line);
  assert.ok(at >= 0, `no line ${JSON.stringify(line)}`);
  lines.splice(at, count, ...replacement);
  return lines.join('\n');
}

describe('quick fixes (code actions)', () => {
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client?.dispose();
  });

  /** Opens `slugOrPath` (with `text`, or its file), and returns its text, URI and diagnostics. */
  async function openEntry(slugOrPath: string, text?: string) {
    const uri = await client.open(slugOrPath, text);
    const content = text ?? client.readText(slugOrPath);
    return { uri, text: content, diagnostics: await client.waitForDiagnostics(uri) };
  }

  /** The quick fixes offered for one diagnostic, as VS Code asks: the diagnostic in the context, only quick fixes. */
  async function quickFixes(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
    const actions = (await client.codeActions(uri, diagnostic.range, [diagnostic], [CodeActionKind.QuickFix])) ?? [];
    assert.ok(actions.every(isCodeAction), 'code actions, not bare commands');
    for (const action of actions as CodeAction[]) {
      assert.equal(action.kind, CodeActionKind.QuickFix);
      assert.deepEqual(action.diagnostics, [diagnostic], action.title);
    }
    return actions as CodeAction[];
  }

  const find = (diagnostics: Diagnostic[], code: string, line?: number) => {
    const found = diagnostics.find((d) => d.code === code && (line === undefined || d.range.start.line === line));
    assert.ok(found, `no ${code} diagnostic${line === undefined ? '' : ` on line ${line}`} in ${JSON.stringify(diagnostics.map((d) => `${d.code}@${d.range.start.line}`))}`);
    return found;
  };
  const summary = (actions: CodeAction[]) => actions.map((a) => [a.title, a.isPreferred]);

  test("unknown slug: 'Change to …' the nearest slug (preferred when it is the one likely typo)", async () => {
    const { uri, text, diagnostics } = await openEntry('tokenization');
    const embedding = find(diagnostics, 'unknown-slug', lineOf(text, '- embedding'));
    const actions = await quickFixes(uri, embedding);
    assert.deepEqual(summary(actions), [["Change to 'embeddings'", true], ["Create entry 'embedding'", undefined]]);
    assert.equal(applyTextEdits(text, editsOnly(actions[0], uri, 1)), withLines(text, '- embedding', ['- embeddings']));

    const llm = find(diagnostics, 'unknown-slug', lineOf(text, '- large-language-model'));
    const [change] = await quickFixes(uri, llm);
    assert.equal(change.title, "Change to 'large-language-models'");
    assert.equal(applyTextEdits(text, editsOnly(change, uri, 1)), withLines(text, '- large-language-model', ['- large-language-models']));

    // Not a one-letter typo: offered, but not preferred; and no suggestion at all: only 'Create entry'.
    const foundation = await openEntry('foundation-model');
    const zeroShot = await quickFixes(foundation.uri, find(foundation.diagnostics, 'unknown-slug', lineOf(foundation.text, '- zero-shot-learning')));
    assert.deepEqual(summary(zeroShot), [["Change to 'few-shot-learning'", false], ["Create entry 'zero-shot-learning'", undefined]]);
    assert.equal(applyTextEdits(foundation.text, editsOnly(zeroShot[0], foundation.uri, 1)), withLines(foundation.text, '- zero-shot-learning', ['- few-shot-learning']));
    const modelArchitecture = await quickFixes(foundation.uri, find(foundation.diagnostics, 'unknown-slug', lineOf(foundation.text, '- model-architecture')));
    assert.deepEqual(summary(modelArchitecture), [["Create entry 'model-architecture'", undefined]]);
  });

  test("unknown slug: 'Create entry …' creates the file from the entry template (title from the slug) and opens it", async () => {
    const uri = client.uri('tokenization');
    const text = client.readText('tokenization');
    const embedding = find(client.latestDiagnostics(uri)!, 'unknown-slug', lineOf(text, '- embedding'));
    const create = (await quickFixes(uri, embedding))[1];
    const newUri = client.uri('embedding');
    const template = [
      '---',
      'title: Embedding',
      "description: ''",
      "logoIcon: 'i-lucide-book-open'",
      // The category of the entry the fix was asked from, and that entry as related.
      'category: Model Architectures',
      'related:',
      '- tokenization',
      '---',
      '## What is Embedding?',
      '',
      '',
    ].join('\n');
    assert.deepEqual(create, {
      title: "Create entry 'embedding'",
      kind: CodeActionKind.QuickFix,
      diagnostics: [embedding],
      edit: {
        documentChanges: [
          { kind: 'create', uri: newUri, options: { overwrite: false, ignoreIfExists: false } },
          { textDocument: { uri: newUri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: template }] },
        ],
      },
      command: { title: 'Open the new entry', command: 'glossary.openEntry', arguments: [newUri] },
    });

    const mark = client.mark(uri);
    const applied = await client.applyWorkspaceEdit(create.edit!);
    assert.deepEqual(applied.created, ['content/glossary/embedding.md']);
    assert.equal(client.readText('embedding'), template);
    // tokenization.md is re-checked: `embedding` now names an entry, which lists tokenization back.
    const after = await client.waitForDiagnostics(uri, (d) => !d.some((x) => x.range.start.line === embedding.range.start.line), 3_000, mark);
    assert.deepEqual(codes(after), ['unknown-key', 'unknown-slug', 'tool-call-debris']);

    // Clean up for the tests below.
    const mark2 = client.mark(uri);
    client.deleteFile('embedding');
    await client.fileEvents([{ uri: newUri, type: FileChangeType.Deleted }]);
    assert.deepEqual(codes(await client.waitForDiagnostics(uri, (d) => d.length === 4, 3_000, mark2)), ['unknown-key', 'unknown-slug', 'unknown-slug', 'tool-call-debris']);
  });

  test("unknown body link: 'Change to …' replaces just the slug in the link target, and 'Create entry …'", async () => {
    const text = entry('Bad Link', '---', 'See [T](/glossary/transfomer#x) and [Q](./fine-tunin.md).', '');
    const { uri, diagnostics } = await openEntry('content/glossary/bad-link.md', text);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity, d.range, d.data]), [
      ['unknown-link', DiagnosticSeverity.Warning, { start: { line: 5, character: 18 }, end: { line: 5, character: 28 } }, { suggestions: ['transformer'] }],
      ['unknown-link', DiagnosticSeverity.Warning, { start: { line: 5, character: 42 }, end: { line: 5, character: 52 } }, { suggestions: ['fine-tuning'] }],
    ]);
    const first = await quickFixes(uri, diagnostics[0]);
    assert.deepEqual(summary(first), [["Change to 'transformer'", true], ["Create entry 'transfomer'", undefined]]);
    assert.equal(applyTextEdits(text, editsOnly(first[0], uri, 1)), text.replace('(/glossary/transfomer#x)', '(/glossary/transformer#x)'));
    const second = await quickFixes(uri, diagnostics[1]);
    assert.deepEqual(summary(second), [["Change to 'fine-tuning'", true], ["Create entry 'fine-tunin'", undefined]]);
    assert.equal(applyTextEdits(text, editsOnly(second[0], uri, 1)), text.replace('(./fine-tunin.md)', '(./fine-tuning.md)'));
    await client.close(uri);
  });

  test('duplicate or self related item: remove the item (its line in a block list, the item and a comma in a flow list)', async () => {
    const { uri, text, diagnostics } = await openEntry('gradient-descent');
    const self = await quickFixes(uri, find(diagnostics, 'self-related'));
    assert.deepEqual(summary(self), [['Remove this related item', true]]);
    assert.equal(applyTextEdits(text, editsOnly(self[0], uri, 1)), withLines(text, '- gradient-descent', []));
    const duplicate = await quickFixes(uri, find(diagnostics, 'duplicate-related'));
    assert.deepEqual(summary(duplicate), [['Remove this related item', true]]);
    // The second `- neural-network` goes, the first stays.
    const lines = text.split('\n');
    const second = lines.indexOf('- neural-network', lines.indexOf('- neural-network') + 1);
    lines.splice(second, 1);
    assert.equal(applyTextEdits(text, editsOnly(duplicate[0], uri, 1)), lines.join('\n'));

    const flows: [string, string, string][] = [
      ['flow-last', 'related: [fine-tuning, transformer, fine-tuning]', 'related: [fine-tuning, transformer]'],
      ['flow-first', "related: ['flow-first', 'fine-tuning']", "related: ['fine-tuning']"],
      ['flow-middle', 'related: [rlhf, "flow-middle", fine-tuning]', 'related: [rlhf, fine-tuning]'],
      ['flow-lines', 'related: [\n  rlhf,\n  rlhf\n]', 'related: [\n  rlhf\n]'],
    ];
    for (const [slug, related, fixed] of flows) {
      const flowText = entry(slug, related, '---', 'Body.', '');
      const flow = await openEntry(`content/glossary/${slug}.md`, flowText);
      const diagnostic = flow.diagnostics.find((d) => d.code === 'duplicate-related' || d.code === 'self-related')!;
      const [remove] = await quickFixes(flow.uri, diagnostic);
      assert.equal(remove.title, 'Remove this related item', slug);
      assert.equal(applyTextEdits(flowText, editsOnly(remove, flow.uri, 1)), flowText.replace(related, fixed), slug);
      await client.close(flow.uri);
    }
  });

  test('missing required field: insert it before the closing --- with a placeholder', async () => {
    // The placeholder category depends on the categories in use: wait until the documents the tests
    // above opened without a file on disk (all 'Core Concepts') have left the index.
    await eventually(() => client.workspaceSymbols(''), (symbols) => symbols?.length === 21, 3_000, 'index of the 21 example entries');
    const { uri, text, diagnostics } = await openEntry('gradient-descent');
    const actions = await quickFixes(uri, find(diagnostics, 'required-field-missing'));
    assert.deepEqual(summary(actions), [["Add 'category'", undefined]]);
    // The placeholder category is the most used one (Generative AI, Model Architectures and
    // Training Techniques have four entries each; the first by name wins).
    const closing = lineOf(text, '---', { from: 1 });
    const lines = text.split('\n');
    lines.splice(closing, 0, 'category: Generative AI');
    assert.equal(applyTextEdits(text, editsOnly(actions[0], uri, 1)), lines.join('\n'));

    // Title and description, in a file with CRLF line ends.
    const crlf = '---\r\nrelated: [rlhf]\r\ncategory: Core Concepts\r\n---\r\nBody\r\n';
    const missing = await openEntry('content/glossary/crlf-missing.md', crlf);
    const required = missing.diagnostics.filter((d) => d.code === 'required-field-missing');
    assert.deepEqual(required.map((d) => d.data), [{ field: 'title' }, { field: 'description' }]);
    const [title] = await quickFixes(missing.uri, required[0]);
    const [description] = await quickFixes(missing.uri, required[1]);
    assert.deepEqual([title.title, description.title], ["Add 'title'", "Add 'description'"]);
    assert.equal(applyTextEdits(crlf, editsOnly(title, missing.uri, 1)), crlf.replace('\r\n---\r\nBody', '\r\ntitle: Crlf Missing\r\n---\r\nBody'));
    assert.equal(applyTextEdits(crlf, editsOnly(description, missing.uri, 1)), crlf.replace('\r\n---\r\nBody', "\r\ndescription: ''\r\n---\r\nBody"));
    await client.close(missing.uri);
  });

  test('unknown key: rename it to the nearest known key, or remove it (its whole value too)', async () => {
    const { uri, text, diagnostics } = await openEntry('tokenization');
    const tags = await quickFixes(uri, find(diagnostics, 'unknown-key'));
    assert.deepEqual(summary(tags), [["Remove 'tags'", undefined]]);
    assert.equal(applyTextEdits(text, editsOnly(tags[0], uri, 1)), withLines(text, 'tags: [nlp, text]', []));

    const typoText = ['---', 'title: Key Typo', DESCRIPTION, 'categroy: Core Concepts', '---', 'Body', ''].join('\n');
    const typo = await openEntry('content/glossary/key-typo.md', typoText);
    const typoFixes = await quickFixes(typo.uri, find(typo.diagnostics, 'unknown-key'));
    assert.deepEqual(summary(typoFixes), [["Rename to 'category'", undefined], ["Remove 'categroy'", undefined]]);
    assert.equal(applyTextEdits(typoText, editsOnly(typoFixes[0], typo.uri, 1)), typoText.replace('categroy:', 'category:'));
    assert.equal(applyTextEdits(typoText, editsOnly(typoFixes[1], typo.uri, 1)), typoText.replace('categroy: Core Concepts\n', ''));
    await client.close(typo.uri);

    // The near key is there already (below): renaming onto it would make a duplicate key, so only removal is offered.
    const presentText = ['---', 'title: Key Present', 'categroy: X', DESCRIPTION, 'category: Core Concepts', '---', 'Body', ''].join('\n');
    const present = await openEntry('content/glossary/key-present.md', presentText);
    assert.deepEqual(summary(await quickFixes(present.uri, find(present.diagnostics, 'unknown-key'))), [["Remove 'categroy'", undefined]]);
    await client.close(present.uri);

    const blockText = entry('Key Block', 'tags:', '- a', '- b', 'notes: >', '  folded text', '  more', 'related: [fine-tuning]', '---', 'Body', '');
    const block = await openEntry('content/glossary/key-block.md', blockText);
    const [tagsBlock, notes] = block.diagnostics.filter((d) => d.code === 'unknown-key');
    assert.equal(applyTextEdits(blockText, editsOnly((await quickFixes(block.uri, tagsBlock))[0], block.uri, 1)), blockText.replace('tags:\n- a\n- b\n', ''));
    assert.equal(applyTextEdits(blockText, editsOnly((await quickFixes(block.uri, notes))[0], block.uri, 1)), blockText.replace('notes: >\n  folded text\n  more\n', ''));
    await client.close(block.uri);
  });

  test('unclosed fence (foundation-model.md): closed right after the last mermaid line, before the prose that follows', async () => {
    const { uri, text, diagnostics } = await openEntry('foundation-model');
    const actions = await quickFixes(uri, find(diagnostics, 'unclosed-fence'));
    assert.deepEqual(summary(actions), [['Close the code fence', true]]);
    const fixed = applyTextEdits(text, editsOnly(actions[0], uri, 1));
    const lastMermaidLine = 'style D fill:#f39c12,stroke:#333';
    assert.equal(fixed, withLines(text, lastMermaidLine, [lastMermaidLine, '```']));
    const lines = fixed.split('\n');
    const close = lines.indexOf('```');
    assert.deepEqual(lines.slice(lineOf(fixed, '```mermaid'), close + 2), [
      '```mermaid', 'graph TD', 'A[Foundation Model] --> B[Pre-Training]', 'A --> C[Architecture]', 'A --> D[Adaptation Methods]', 'A --> E[Applications]',
      'B --> F[Large-Scale Data]', 'B --> G[Self-Supervised Learning]', 'C --> H[Transformer Architecture]', 'D --> I[Fine-Tuning]', 'D --> J[Prompt Engineering]',
      'E --> K[Natural Language Processing]', 'E --> L[Multimodal Tasks]', 'style A fill:#3498db,stroke:#333', 'style B fill:#e74c3c,stroke:#333',
      'style C fill:#2ecc71,stroke:#333', 'style D fill:#f39c12,stroke:#333', '```', 'Core Characteristics',
    ]);
    // Re-opened, the fixed text has no unclosed fence (and the rest unchanged).
    const reopened = await openEntry('content/glossary/foundation-model-fixed.md', fixed);
    assert.deepEqual(codes(reopened.diagnostics).filter((c) => c === 'unclosed-fence'), []);
    await client.close(reopened.uri);
  });

  test('unclosed fence: at the end of a file without a final newline, and before a heading', async () => {
    const cases: [string, string, string][] = [
      ['fence-eof', 'Text\n~~~mermaid\ngraph TD\nA --> B', 'Text\n~~~mermaid\ngraph TD\nA --> B\n~~~'],
      ['fence-heading', '```python\nprint(1)\n\n## Next\nMore\n', '```python\nprint(1)\n```\n\n## Next\nMore\n'],
      ['fence-list', '```mermaid\ngraph LR\nA --> B\n\n- Point one\n- Point two\n', '```mermaid\ngraph LR\nA --> B\n```\n\n- Point one\n- Point two\n'],
    ];
    for (const [slug, body, fixedBody] of cases) {
      const text = entry(slug, '---', body);
      const { uri, diagnostics } = await openEntry(`content/glossary/${slug}.md`, text);
      const [close] = await quickFixes(uri, find(diagnostics, 'unclosed-fence'));
      assert.equal(applyTextEdits(text, editsOnly(close, uri, 1)), entry(slug, '---', fixedBody), slug);
      await client.close(uri);
    }
  });

  test('unclosed fence: a `# comment` inside a code block is code, not the heading that ends it', async () => {
    const text = entry('Py Fence', '---', 'Text', '```python', 'x = 1', '# double it', 'y = x * 2', '', '## Next', 'More', '');
    const { uri, diagnostics } = await openEntry('content/glossary/py-fence.md', text);
    const [close] = await quickFixes(uri, find(diagnostics, 'unclosed-fence'));
    const fixed = applyTextEdits(text, editsOnly(close, uri, 1));
    await client.close(uri);
    assert.equal(fixed, text.replace('y = x * 2\n', 'y = x * 2\n```\n'));
  });

  test('tool-call debris: the whole line when it holds only debris, else just the tag', async () => {
    const { uri, text, diagnostics } = await openEntry('foundation-model');
    const debris = diagnostics.filter((d) => d.code === 'tool-call-debris');
    assert.equal(debris.length, 4);
    const results: string[] = [];
    for (const diagnostic of debris) {
      const actions = await quickFixes(uri, diagnostic);
      assert.deepEqual(summary(actions), [['Remove the tool-call markup', true]]);
      results.push(applyTextEdits(text, editsOnly(actions[0], uri, 1)));
    }
    const pathLine = text.split('\n')[lineOf(text, '<path>', { exact: false })];
    assert.deepEqual(results, [
      withLines(text, '<write_to_file>', []),
      // `<path>…</path>`: the text between the tags is debris too, so both tags remove the line.
      withLines(text, pathLine, []),
      withLines(text, pathLine, []),
      withLines(text, '<content>', []),
    ]);

    const inlineText = entry('Debris Inline', '---', 'Some <result>text</result> here and <content>', '</content>', '');
    const inline = await openEntry('content/glossary/debris-inline.md', inlineText);
    const fixedBy = async (d: Diagnostic) => applyTextEdits(inlineText, editsOnly((await quickFixes(inline.uri, d))[0], inline.uri, 1));
    assert.deepEqual(await Promise.all(inline.diagnostics.map(fixedBy)), [
      inlineText.replace('<result>', ''),
      inlineText.replace('</result>', ''),
      inlineText.replace(' <content>\n', ' \n'),
      inlineText.replace('</content>\n', ''),
    ]);
    await client.close(inline.uri);
  });

  test("one-way relation: 'Add A to B's related' edits B (a closed file, unversioned); applied, the hint goes away", async () => {
    const { uri, text, diagnostics } = await openEntry('rlhf');
    const hint = find(diagnostics, 'one-way-relation', lineOf(text, '- large-language-models'));
    const actions = await quickFixes(uri, hint);
    const llm = client.uri('large-language-models');
    const llmText = client.readText('large-language-models');
    const lastItem = lineOf(llmText, '- retrieval-augmented-generation');
    assert.deepEqual(actions, [{
      title: "Add 'rlhf' to the related entries of 'large-language-models'",
      kind: CodeActionKind.QuickFix,
      diagnostics: [hint],
      edit: { documentChanges: [{ textDocument: { uri: llm, version: null }, edits: [{ range: { start: { line: lastItem, character: 32 }, end: { line: lastItem, character: 32 } }, newText: '\n- rlhf' }] }] },
    }]);
    const mark = client.mark(uri);
    await client.applyWorkspaceEdit(actions[0].edit!);
    assert.equal(client.readText('large-language-models'), withLines(llmText, '- retrieval-augmented-generation', ['- retrieval-augmented-generation', '- rlhf']));
    assert.deepEqual(await client.waitForDiagnostics(uri, (d) => d.length === 0, 3_000, mark), []);
    // Put it back for the tests below.
    client.writeFile('large-language-models', llmText);
    await client.fileEvents([{ uri: llm, type: FileChangeType.Changed }]);
    await client.close(uri);
  });

  test('one-way relation: the target open with unsaved edits, a flow list, an empty list, no list, indented items', async () => {
    const targets: Record<string, [before: string[], after: string[]]> = {
      'flow-target': [['related: [rlhf]'], ['related: [rlhf, one-way-source]']],
      'empty-flow-target': [['related: []'], ['related: [one-way-source]']],
      'empty-target': [['related:'], ['related:', '- one-way-source']],
      'none-target': [[], ['related:', '- one-way-source']],
      'indented-target': [['related:', '  - rlhf', '  - fine-tuning'], ['related:', '  - rlhf', '  - fine-tuning', '  - one-way-source']],
    };
    const targetText = (slug: string, related: string[], body = 'Body.') => [...entry(slug, ...related).split('\n'), '---', body, ''].join('\n');
    for (const [slug, [related]] of Object.entries(targets)) client.writeFile(slug, targetText(slug, related));
    await client.fileEvents(Object.keys(targets).map((slug) => ({ uri: client.uri(slug), type: FileChangeType.Created })));
    const sourceText = entry('One-Way Source', 'related:', ...Object.keys(targets).map((slug) => `- ${slug}`), '---', 'Body.', '');
    const source = await openEntry('content/glossary/one-way-source.md', sourceText);
    assert.deepEqual(source.diagnostics.map((d) => [d.code, d.data]), Object.keys(targets).map((target) => ['one-way-relation', { target }]));

    // One target is open in the editor with an unsaved edit: the fix edits that text, at its version.
    const open = await client.open('flow-target');
    await client.replace(open, { start: { line: 6, character: 0 }, end: { line: 6, character: 5 } }, 'Draft body.');
    for (const [slug, [, fixed]] of Object.entries(targets)) {
      const diagnostic = source.diagnostics.find((d) => (d.data as { target: string }).target === slug)!;
      const [add] = await quickFixes(source.uri, diagnostic);
      assert.equal(add.title, `Add 'one-way-source' to the related entries of '${slug}'`);
      const isOpen = slug === 'flow-target';
      const before = isOpen ? client.openTexts.get(open)! : client.readText(slug);
      const after = applyTextEdits(before, editsOnly(add, client.uri(slug), isOpen ? 2 : null));
      assert.equal(after, targetText(slug, fixed, isOpen ? 'Draft body.' : 'Body.'), slug);
    }
    await client.close(open);
    await client.close(source.uri);
    for (const slug of Object.keys(targets)) client.deleteFile(slug);
    await client.fileEvents(Object.keys(targets).map((slug) => ({ uri: client.uri(slug), type: FileChangeType.Deleted })));
  });

  test('code action kinds: only quick fixes, only the fix-all source action, or both', async () => {
    const { uri, diagnostics } = await openEntry('gradient-descent');
    const diagnostic = find(diagnostics, 'self-related');
    const titles = async (only?: string[]) => ((await client.codeActions(uri, diagnostic.range, [diagnostic], only)) as CodeAction[]).map((a) => [a.kind, a.title]);
    assert.deepEqual(await titles(), [[CodeActionKind.QuickFix, 'Remove this related item'], [FIX_ALL, 'Fix all safe glossary problems']]);
    assert.deepEqual(await titles([CodeActionKind.QuickFix]), [[CodeActionKind.QuickFix, 'Remove this related item']]);
    assert.deepEqual(await titles([CodeActionKind.Source]), [[FIX_ALL, 'Fix all safe glossary problems']]);
    assert.deepEqual(await titles([CodeActionKind.SourceFixAll]), [[FIX_ALL, 'Fix all safe glossary problems']]);
    assert.deepEqual(await titles([CodeActionKind.Refactor]), []);
    // Nothing safe to fix in rlhf.md (its only problem is a hint whose fix edits another entry).
    const rlhf = await openEntry('rlhf');
    assert.deepEqual(await client.codeActions(rlhf.uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], [FIX_ALL]), []);
  });

  test('nothing above made the server log a failure', () => {
    assert.ok(client.alive, client.failure('the server exited'));
    assert.ok(!client.logs.some((line) => /failed|Uncaught|Unhandled/.test(line)), client.failure('the server logged a failure'));
  });
});

describe("'fix all' (source.fixAll.glossary) on the broken example entries", () => {
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client?.dispose();
  });

  /** Asks for the fix-all action of an open entry (VS Code sends no diagnostics for it), checks it, applies it, and returns the new text. */
  async function fixAll(slug: string): Promise<{ uri: string; before: string; after: string }> {
    const before = client.readText(slug);
    const uri = await client.open(slug);
    await client.waitForDiagnostics(uri);
    const actions = (await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], [FIX_ALL])) as CodeAction[];
    assert.equal(actions.length, 1, slug);
    assert.equal(actions[0].title, 'Fix all safe glossary problems');
    assert.equal(actions[0].kind, FIX_ALL);
    const after = applyTextEdits(before, editsOnly(actions[0], uri, 1));
    await client.applyWorkspaceEdit(actions[0].edit!);
    assert.equal(client.readText(slug), after);
    return { uri, before, after };
  }

  /** Closes the entry and opens it again from the fixed file: the codes it reports now. */
  async function reopenedCodes(uri: string, slug: string): Promise<(string | number | undefined)[]> {
    const closing = client.mark(uri);
    await client.close(uri);
    // Closing publishes an empty list; the next publication is the reopened document's.
    await client.waitForDiagnostics(uri, (d) => d.length === 0, 3_000, closing);
    const opening = client.mark(uri);
    await client.open(slug);
    return codes(await client.waitForDiagnostics(uri, () => true, 3_000, opening));
  }

  test('foundation-model.md: the debris lines go and the mermaid fence is closed; nothing else changes', async () => {
    const { uri, before, after } = await fixAll('foundation-model');
    const lines = before.split('\n');
    const pathLine = lines.find((line) => line.startsWith('<path>'))!;
    let expected = withLines(before, '<write_to_file>', []);
    expected = withLines(expected, pathLine, []);
    expected = withLines(expected, '<content>', []);
    expected = withLines(expected, 'style D fill:#f39c12,stroke:#333', ['style D fill:#f39c12,stroke:#333', '```']);
    assert.equal(after, expected);
    // Still there: the Mermaid text outside a fence (where it ends is a guess), the misplaced frontmatter (moving it may lose text), the one-way hints, the unknown slugs with no sure typo.
    assert.deepEqual(await reopenedCodes(uri, 'foundation-model'), [
      'mermaid-outside-fence', 'frontmatter-misplaced', 'one-way-relation', 'one-way-relation', 'one-way-relation', 'one-way-relation', 'one-way-relation', 'unknown-slug', 'unknown-slug',
      // With the fence closed, the prose after it is a paragraph again, and names an entry it does not link.
      'unlinked-mention',
    ]);
  });

  test('gradient-descent.md: the self and the duplicate item go; the missing category stays for the writer', async () => {
    const { uri, before, after } = await fixAll('gradient-descent');
    const lines = before.split('\n');
    const first = lines.indexOf('- neural-network');
    lines.splice(lines.indexOf('- neural-network', first + 1), 1);
    lines.splice(lines.indexOf('- gradient-descent'), 1);
    assert.equal(after, lines.join('\n'));
    assert.equal(after.split('\n').slice(4, 8).join('\n'), 'related:\n- neural-network\n- deep-learning\n---');
    assert.deepEqual(await reopenedCodes(uri, 'gradient-descent'), ['required-field-missing', 'description-length']);
  });

  test('tokenization.md: both misspelt slugs corrected, the stray </content> line removed; the unknown key stays', async () => {
    const embeddings = await client.open('embeddings');
    assert.deepEqual(codes(await client.waitForDiagnostics(embeddings)), ['one-way-relation']);
    const mark = client.mark(embeddings);
    const { uri, before, after } = await fixAll('tokenization');
    let expected = withLines(before, '- embedding', ['- embeddings']);
    expected = withLines(expected, '- large-language-model', ['- large-language-models']);
    expected = withLines(expected, '</content>', []);
    assert.equal(after, expected);
    // large-language-models does not list tokenization: a new hint, as for any relation.
    assert.deepEqual(await reopenedCodes(uri, 'tokenization'), ['unknown-key', 'one-way-relation']);
    // tokenization now lists embeddings back: the deliberate hint of embeddings.md is gone.
    assert.deepEqual(await client.waitForDiagnostics(embeddings, (d) => d.length === 0, 3_000, mark), []);
  });

  test('nothing above made the server log a failure', () => {
    assert.ok(client.alive, client.failure('the server exited'));
    assert.ok(!client.logs.some((line) => /failed|Uncaught|Unhandled/.test(line)), client.failure('the server logged a failure'));
  });
});
