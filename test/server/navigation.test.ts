import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { CompletionItemKind, SymbolKind, type DocumentSymbol, type Location, type Range, type SymbolInformation } from 'vscode-languageserver-protocol';
import { eventually, lineOf, LspTestClient, rangeOf } from './lspClient';

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const DESCRIPTION = "description: 'A description long enough to satisfy the minimum length of fifty chars.'";

/** `l:c-l:c`, to keep outlines readable. */
const span = (range: Range) => `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;

type Outline = [name: string, kind: SymbolKind, detail: string | undefined, range: string, selection: string, children?: Outline[]];
function outline(symbols: DocumentSymbol[]): Outline[] {
  return symbols.map((s) => {
    const node: Outline = [s.name, s.kind, s.detail, span(s.range), span(s.selectionRange)];
    if (s.children) node.push(outline(s.children));
    return node;
  });
}

const contains = (outer: Range, inner: Range) =>
  (outer.start.line < inner.start.line || (outer.start.line === inner.start.line && outer.start.character <= inner.start.character))
  && (inner.end.line < outer.end.line || (inner.end.line === outer.end.line && inner.end.character <= outer.end.character));

/** What VS Code requires of an outline: each selectionRange inside its range, each child inside its parent. */
function assertWellFormed(symbols: DocumentSymbol[], where: string, parent?: DocumentSymbol): void {
  for (const symbol of symbols) {
    assert.ok(contains(symbol.range, symbol.selectionRange), `${where}: the selectionRange of '${symbol.name}' (${span(symbol.selectionRange)}) is outside its range (${span(symbol.range)})`);
    if (parent) assert.ok(contains(parent.range, symbol.range), `${where}: '${symbol.name}' (${span(symbol.range)}) is outside its parent '${parent.name}' (${span(parent.range)})`);
    assertWellFormed(symbol.children ?? [], where, symbol);
  }
}

describe('navigation: definition, references, code lens, links, symbols, body-link completion', () => {
  let client: LspTestClient;
  let fineTuning: string;
  let fineTuningText: string;
  /** Line and first character of the `/glossary/transfer-learning` link target in fine-tuning.md. */
  let linkLine: number;
  let linkAt: number;

  /** Where transfer-learning is named: every related item and body link, in the order the server sorts them (by URI). */
  function referencesToTransferLearning(): Location[] {
    const related = (slug: string) => {
      const text = client.readText(slug);
      return { uri: client.uri(slug), range: rangeOf(text, lineOf(text, '- transfer-learning'), 'transfer-learning') };
    };
    return [
      related('deep-learning'),
      related('few-shot-learning'),
      related('fine-tuning'),
      { uri: fineTuning, range: { start: { line: linkLine, character: linkAt + '/glossary/'.length }, end: { line: linkLine, character: linkAt + '/glossary/transfer-learning'.length } } },
      related('foundation-model'),
      related('machine-learning'),
      related('pre-training'),
    ];
  }

  before(async () => {
    client = await LspTestClient.start();
    fineTuningText = client.readText('fine-tuning');
    fineTuning = await client.open('fine-tuning');
    linkLine = lineOf(fineTuningText, '(/glossary/transfer-learning)', { exact: false });
    linkAt = fineTuningText.split('\n')[linkLine].indexOf('/glossary/transfer-learning');
    await client.waitForDiagnostics(fineTuning);
  });
  after(async () => {
    await client?.dispose();
  });

  test('go to definition from a related slug opens the entry file, at either end of the slug and inside it', async () => {
    const line = lineOf(fineTuningText, '- transfer-learning');
    for (const character of [2, 9, 2 + 'transfer-learning'.length]) {
      assert.deepEqual(await client.definition(fineTuning, { line, character }), { uri: client.uri('transfer-learning'), range: START }, `character ${character}`);
    }
  });

  test('go to definition from a body link, on its prefix or on its slug, opens the entry file', async () => {
    for (const character of [linkAt, linkAt + 3, linkAt + '/glossary/'.length + 4]) {
      assert.deepEqual(await client.definition(fineTuning, { line: linkLine, character }), { uri: client.uri('transfer-learning'), range: START }, `character ${character}`);
    }
  });

  test('no definition on the title, a description, plain body text or an unknown slug', async () => {
    assert.equal(await client.definition(fineTuning, { line: lineOf(fineTuningText, 'title: Fine-Tuning'), character: 9 }), null);
    assert.equal(await client.definition(fineTuning, { line: lineOf(fineTuningText, 'description:', { exact: false }), character: 20 }), null);
    assert.equal(await client.definition(fineTuning, { line: linkLine, character: 5 }), null);
    const tokenizationText = client.readText('tokenization');
    const tokenization = await client.open('tokenization');
    assert.equal(await client.definition(tokenization, { line: lineOf(tokenizationText, '- embedding'), character: 4 }), null);
  });

  test('definition from every spelling of a reference: quoted, prefixed, ./x.md, x.md, anchors, angle brackets', async () => {
    const text = [
      '---',
      'title: Link Forms',
      DESCRIPTION,
      'category: Core Concepts',
      "related: ['/glossary/transformer', \"embeddings\"]",
      '---',
      'A [sibling](./fine-tuning.md), a [file](fine-tuning.md#methods), a [slash](/glossary/rlhf/) and an [angle](</glossary/rlhf>).',
      'Not entries: [site](/blog/rlhf), [web](https://example.com/glossary/rlhf), `[code](/glossary/rlhf)`.',
      '',
    ].join('\n');
    const uri = await client.open('content/glossary/link-forms.md', text);
    const at = (line: number, needle: string) => ({ line, character: text.split('\n')[line].indexOf(needle) + 1 });
    const expectations: [ReturnType<typeof at>, string | null][] = [
      [at(4, 'transformer'), 'transformer'],
      [at(4, 'embeddings'), 'embeddings'],
      [at(6, './fine-tuning.md'), 'fine-tuning'],
      [at(6, 'fine-tuning.md#methods'), 'fine-tuning'],
      [at(6, '/glossary/rlhf/'), 'rlhf'],
      [at(6, '/glossary/rlhf>'), 'rlhf'],
      [at(7, '/blog/rlhf'), null],
      [at(7, 'https://'), null],
      [at(7, '/glossary/rlhf)`'), null],
    ];
    for (const [position, slug] of expectations) {
      assert.deepEqual(await client.definition(uri, position), slug && { uri: client.uri(slug), range: START }, `at ${JSON.stringify(position)}`);
    }
    await client.close(uri);
  });

  test('find references on a related slug in another file lists every related item and body link that names the entry', async () => {
    const line = lineOf(fineTuningText, '- transfer-learning');
    assert.deepEqual(await client.references(fineTuning, { line, character: 5 }), referencesToTransferLearning());
  });

  test('find references on a body link: the same list; with includeDeclaration the entry file comes first', async () => {
    const position = { line: linkLine, character: linkAt + 14 };
    assert.deepEqual(await client.references(fineTuning, position), referencesToTransferLearning());
    assert.deepEqual(await client.references(fineTuning, position, true), [{ uri: client.uri('transfer-learning'), range: START }, ...referencesToTransferLearning()]);
  });

  test('find references anywhere in the entry itself (title, description, body, its own related list) lists the references to it', async () => {
    const text = client.readText('transfer-learning');
    const uri = await client.open('transfer-learning');
    const positions = [
      { line: lineOf(text, 'title: Transfer Learning'), character: 10 },
      { line: lineOf(text, 'description:', { exact: false }), character: 30 },
      { line: lineOf(text, '## Key Characteristics'), character: 5 },
      { line: lineOf(text, '```mermaid'), character: 0 },
      { line: lineOf(text, 'related:'), character: 3 },
    ];
    for (const position of positions) {
      assert.deepEqual(await client.references(uri, position), referencesToTransferLearning(), JSON.stringify(position));
    }
    // …but on one of its related items, the references of that item's entry.
    const fineTuningLine = lineOf(text, '- fine-tuning');
    const refs = await client.references(uri, { line: fineTuningLine, character: 4 });
    assert.deepEqual(refs!.map((r) => r.uri), ['foundation-model', 'large-language-models', 'pre-training', 'rlhf', 'transfer-learning', 'transfer-learning'].map((s) => client.uri(s)));
    await client.close(uri);
  });

  test('references follow edits: a new body link in an open document is listed at once, and gone once removed', async () => {
    const text = client.readText('rlhf');
    const uri = await client.open('rlhf');
    const line = lineOf(text, '## Key Characteristics');
    await client.insert(uri, { line, character: 0 }, 'See [Transfer Learning](/glossary/transfer-learning).\n');
    // rlhf.md sorts last.
    const expected = [...referencesToTransferLearning(), { uri, range: { start: { line, character: 34 }, end: { line, character: 51 } } }];
    assert.deepEqual(await client.references(fineTuning, { line: linkLine, character: linkAt + 14 }), expected);
    await client.replace(uri, { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, '');
    assert.deepEqual(await client.references(fineTuning, { line: linkLine, character: linkAt + 14 }), referencesToTransferLearning());
    await client.close(uri);
  });

  describe('body links the parser misses', () => {
    const head = ['---', 'title: Missed Links', DESCRIPTION, 'category: Core Concepts', '---'];
    /** The references to rlhf in a document with just `lines` as body (rlhf is named nowhere else in it). */
    async function referencesIn(name: string, lines: string[]): Promise<Range[]> {
      const uri = await client.open(`content/glossary/${name}.md`, [...head, ...lines, ''].join('\n'));
      const refs = (await client.references(fineTuning, { line: lineOf(fineTuningText, '- rlhf'), character: 3 })) ?? [];
      await client.close(uri);
      return refs.filter((r) => r.uri === uri).map((r) => r.range);
    }

    test('a link on a heading line', async () => {
      assert.deepEqual(await referencesIn('heading-link', ['## See [RLHF](/glossary/rlhf)']), [{ start: { line: 5, character: 24 }, end: { line: 5, character: 28 } }]);
    });

    test('a link whose text wraps onto the next line', async () => {
      assert.deepEqual(await referencesIn('wrapped-link', ['See [Reinforcement Learning', 'from Human Feedback](/glossary/rlhf) for more.']), [{ start: { line: 6, character: 31 }, end: { line: 6, character: 35 } }]);
    });

    test('a link whose text holds brackets', async () => {
      assert.deepEqual(await referencesIn('bracket-link', ['Read [the [RLHF] paper](/glossary/rlhf).']), [{ start: { line: 5, character: 34 }, end: { line: 5, character: 38 } }]);
    });

    test('links in quotes, tables and after non-BMP characters are found, with UTF-16 positions', async () => {
      assert.deepEqual(await referencesIn('found-links', ['> [RLHF](/glossary/rlhf)', '| [RLHF](/glossary/rlhf) |', '- 🙂 [RLHF](/glossary/rlhf)']), [
        { start: { line: 5, character: 19 }, end: { line: 5, character: 23 } },
        { start: { line: 6, character: 19 }, end: { line: 6, character: 23 } },
        // 🙂 is two UTF-16 code units.
        { start: { line: 7, character: 22 }, end: { line: 7, character: 26 } },
      ]);
    });
  });

  test('a code lens on the title line says how many entries point here, with their locations', async () => {
    const lenses = await client.codeLenses(fineTuning);
    const titleLine = lineOf(fineTuningText, 'title: Fine-Tuning');
    const titleRange = { start: { line: titleLine, character: 0 }, end: { line: titleLine, character: 'title: Fine-Tuning'.length } };
    // foundation-model, large-language-models, pre-training and rlhf list it; transfer-learning lists it and links to it.
    const named = (slug: string) => {
      const text = client.readText(slug);
      return { uri: client.uri(slug), range: rangeOf(text, lineOf(text, '- fine-tuning'), 'fine-tuning') };
    };
    const transfer = client.readText('transfer-learning');
    const transferLink = lineOf(transfer, '(/glossary/fine-tuning)', { exact: false });
    const transferLinkAt = transfer.split('\n')[transferLink].indexOf('/glossary/fine-tuning') + '/glossary/'.length;
    assert.deepEqual(lenses, [{
      range: titleRange,
      command: {
        title: '5 entries point here',
        command: 'glossary.showReferences',
        arguments: [fineTuning, titleRange.start, [
          named('foundation-model'), named('large-language-models'), named('pre-training'), named('rlhf'), named('transfer-learning'),
          { uri: client.uri('transfer-learning'), range: { start: { line: transferLink, character: transferLinkAt }, end: { line: transferLink, character: transferLinkAt + 'fine-tuning'.length } } },
        ]],
      },
    }]);
  });

  test('code lens wording: no entries, one entry, two entries; it follows edits of the entries that point here', async () => {
    const title = (lenses: Awaited<ReturnType<LspTestClient['codeLenses']>>) => lenses?.map((lens) => lens.command?.title);
    const orphanText = ['---', 'title: Orphan Term', DESCRIPTION, 'category: Core Concepts', '---', 'Nobody links here yet.', ''].join('\n');
    const orphan = await client.open('content/glossary/orphan-term.md', orphanText);
    assert.deepEqual(title(await client.codeLenses(orphan)), ['no entries point here']);

    const rlhfText = client.readText('rlhf');
    const rlhf = await client.open('rlhf');
    const last = lineOf(rlhfText, '- hallucination');
    await client.insert(rlhf, { line: last + 1, character: 0 }, '- orphan-term\n');
    assert.deepEqual(title(await client.codeLenses(orphan)), ['1 entry points here']);
    // rlhf is named by fine-tuning and hallucination.
    assert.deepEqual(title(await client.codeLenses(rlhf)), ['2 entries point here']);
    await client.replace(rlhf, { start: { line: last + 1, character: 0 }, end: { line: last + 2, character: 0 } }, '');
    assert.deepEqual(title(await client.codeLenses(orphan)), ['no entries point here']);
    await client.close(orphan);
    await client.close(rlhf);
  });

  test('no code lens when the frontmatter is not at the top of the file (foundation-model.md)', async () => {
    const uri = await client.open('foundation-model');
    assert.deepEqual(await client.codeLenses(uri), []);
  });

  test('the code lens does not count the entry itself (gradient-descent.md lists itself)', async () => {
    const uri = await client.open('gradient-descent');
    assert.deepEqual((await client.codeLenses(uri))?.map((lens) => lens.command?.title), ['2 entries point here']);
  });

  test('document links: each body link to an existing entry, over its whole target, with the entry file and a tooltip', async () => {
    assert.deepEqual(await client.documentLinks(fineTuning), [{
      range: { start: { line: linkLine, character: linkAt }, end: { line: linkLine, character: linkAt + '/glossary/transfer-learning'.length } },
      target: client.uri('transfer-learning'),
      tooltip: 'Open Transfer Learning',
    }]);
    const text = [
      '---', 'title: Many Links', DESCRIPTION, 'category: Core Concepts', 'related: [rlhf]', '---',
      '[a](./fine-tuning.md) [b](/glossary/no-such-entry) [c](https://example.com) [d](/glossary/rlhf#history)',
      '```', '[e](/glossary/rlhf)', '```', '',
    ].join('\n');
    const uri = await client.open('content/glossary/many-links.md', text);
    const line = 6;
    const at = (needle: string) => text.split('\n')[line].indexOf(needle);
    assert.deepEqual(await client.documentLinks(uri), [
      { range: { start: { line, character: at('./fine-tuning.md') }, end: { line, character: at('./fine-tuning.md') + './fine-tuning.md'.length } }, target: client.uri('fine-tuning'), tooltip: 'Open Fine-Tuning' },
      { range: { start: { line, character: at('/glossary/rlhf#') }, end: { line, character: at('/glossary/rlhf#') + '/glossary/rlhf#history'.length } }, target: client.uri('rlhf'), tooltip: 'Open Reinforcement Learning from Human Feedback' },
    ]);
    await client.close(uri);
  });

  test('completion of slugs inside a body link after the prefix, ranked, replacing just the typed part', async () => {
    const text = ['---', 'title: Body Completion', DESCRIPTION, 'category: Core Concepts', '---', 'See [X](/glossary/fi', ''].join('\n');
    const uri = await client.open('content/glossary/body-completion.md', text);
    const list = await client.completion(uri, { line: 5, character: 'See [X](/glossary/fi'.length });
    assert.equal(list.isIncomplete, false);
    // A slug prefix first, then the letters f…i in order, fewest gaps and shortest slug first.
    assert.deepEqual(list.items.map((item) => item.label), ['fine-tuning', 'overfitting', 'foundation-model', 'few-shot-learning', 'transfer-learning']);
    list.items.forEach((item, rank) => {
      assert.equal(item.kind, CompletionItemKind.Reference);
      assert.equal(item.sortText, String(rank).padStart(6, '0'));
      assert.deepEqual(item.textEdit, { range: { start: { line: 5, character: 18 }, end: { line: 5, character: 20 } }, newText: item.label });
    });

    // Right after the prefix (the `/` trigger character): every entry but this one.
    await client.replace(uri, { start: { line: 5, character: 18 }, end: { line: 5, character: 20 } }, '');
    // (Once the documents closed above, with no file on disk, have left the index.)
    const slugs = readdirSync(client.path('content/glossary')).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)).filter((s) => s !== 'body-completion');
    const all = await eventually(() => client.completion(uri, { line: 5, character: 18 }), (list) => list.items.length <= slugs.length, 3_000, 'completion without closed documents');
    assert.deepEqual(all.items.map((item) => item.label).sort(), slugs.sort());

    // Typing inside an existing target replaces the whole slug, not the rest of the link.
    await client.replace(uri, { start: { line: 5, character: 0 }, end: { line: 5, character: 18 } }, 'See [X](/glossary/transformer#history) now');
    const inside = await client.completion(uri, { line: 5, character: 'See [X](/glossary/tra'.length });
    assert.deepEqual(inside.items.slice(0, 2).map((item) => [item.label, item.textEdit]), ['transformer', 'transfer-learning'].map((label) => [label, { range: { start: { line: 5, character: 18 }, end: { line: 5, character: 29 } }, newText: label }]));
    // Not a link to an entry: no slugs.
    await client.replace(uri, { start: { line: 5, character: 0 }, end: { line: 5, character: 42 } }, 'See [X](/blog/tra');
    assert.deepEqual((await client.completion(uri, { line: 5, character: 'See [X](/blog/tra'.length })).items, []);
    await client.close(uri);
  });

  test('document symbols: the outline of fine-tuning.md (frontmatter fields, nested headings, diagrams)', async () => {
    const symbols = (await client.documentSymbols(fineTuning)) as DocumentSymbol[];
    const lines = fineTuningText.split('\n');
    const lineEnd = (n: number) => `${n}:${lines[n].length}`;
    // A quoted value's range ends where the value does, before its closing quote.
    const beforeQuote = (n: number) => `${n}:${lines[n].length - 1}`;
    const heading = (text: string) => lineOf(fineTuningText, text);
    const last = lines.length - 1; // the text ends with a newline: its end is the start of an empty last line
    const close = lineOf(fineTuningText, '```', { from: heading('```mermaid') + 1 });
    const relatedItem = (slug: string): Outline => {
      const n = lineOf(fineTuningText, `- ${slug}`);
      return [slug, SymbolKind.Constant, undefined, `${n}:2-${n}:${2 + slug.length}`, `${n}:2-${n}:${2 + slug.length}`];
    };
    assert.deepEqual(outline(symbols), [
      ['Frontmatter', SymbolKind.Namespace, undefined, `0:0-11:3`, '0:0-0:3', [
        ['title', SymbolKind.Property, 'Fine-Tuning', `1:0-${lineEnd(1)}`, '1:0-1:5'],
        ['description', SymbolKind.Property, 'The process of further training a pre-trained model on a smaller, task-specific ', `2:0-${beforeQuote(2)}`, '2:0-2:11'],
        ['logoIcon', SymbolKind.Property, 'i-lucide-sliders-horizontal', `3:0-${beforeQuote(3)}`, '3:0-3:8'],
        ['category', SymbolKind.Property, 'Training Techniques', `4:0-${lineEnd(4)}`, '4:0-4:8'],
        ['related', SymbolKind.Property, '5 items', '5:0-11:0', '5:0-5:7', ['transfer-learning', 'pre-training', 'rlhf', 'large-language-models', 'overfitting'].map(relatedItem)],
      ]],
      ['What is Fine-Tuning?', SymbolKind.String, undefined, `12:0-${heading('## Key Characteristics')}:0`, `12:0-${lineEnd(12)}`],
      ['Key Characteristics', SymbolKind.String, undefined, `15:0-${heading('## Fine-Tuning Methods Compared')}:0`, `15:0-${lineEnd(15)}`, [
        ['Fine-Tuning Framework', SymbolKind.String, undefined, `16:0-${heading('## Fine-Tuning Methods Compared')}:0`, `16:0-${lineEnd(16)}`, [
          ['Mermaid: graph TD', SymbolKind.Object, undefined, `17:0-${close}:3`, '17:0-17:10'],
        ]],
      ]],
      ['Fine-Tuning Methods Compared', SymbolKind.String, undefined, `${heading('## Fine-Tuning Methods Compared')}:0-${last}:0`, `${heading('## Fine-Tuning Methods Compared')}:0-${lineEnd(heading('## Fine-Tuning Methods Compared'))}`],
    ]);
  });

  test('document symbols: a misplaced frontmatter, an unclosed diagram, and well-formed outlines for every entry', async () => {
    const text = client.readText('foundation-model');
    const uri = await client.open('foundation-model');
    const symbols = (await client.documentSymbols(uri)) as DocumentSymbol[];
    const lines = text.split('\n');
    const open = lineOf(text, '---');
    const close = lineOf(text, '---', { from: open + 1 });
    const mermaid = lineOf(text, '```mermaid');
    const end = `${lines.length - 1}:${lines[lines.length - 1].length}`;
    const [frontmatter, whatIs, characteristics] = outline(symbols);
    assert.deepEqual(frontmatter.slice(0, 5), ['Frontmatter', SymbolKind.Namespace, undefined, `${open}:0-${close}:3`, `${open}:0-${open}:3`]);
    assert.deepEqual(frontmatter[5]!.map((field) => field[0]), ['title', 'description', 'logoIcon', 'category', 'related']);
    assert.equal(frontmatter[5]![4][2], '10 items');
    assert.deepEqual(whatIs, ['What is a Foundation Model?', SymbolKind.String, undefined, `${close + 1}:0-${close + 3}:0`, `${close + 1}:0-${close + 1}:${lines[close + 1].length}`]);
    assert.deepEqual(characteristics, ['Key Characteristics', SymbolKind.String, undefined, `${close + 3}:0-${end}`, `${close + 3}:0-${close + 3}:22`, [
      ['Foundation Model Framework', SymbolKind.String, undefined, `${close + 4}:0-${end}`, `${close + 4}:0-${close + 4}:30`, [
        // Never closed: the diagram runs to the end of the file.
        ['Mermaid: graph TD', SymbolKind.Object, 'never closed', `${mermaid}:0-${end}`, `${mermaid}:0-${mermaid}:10`],
      ]],
    ]]);
    assert.equal(symbols.length, 3);

    for (const file of readdirSync(client.path('content/glossary')).filter((f) => f.endsWith('.md'))) {
      const slug = file.slice(0, -3);
      const entry = client.uri(slug);
      if (!client.openTexts.has(entry)) await client.open(slug);
      const outlineOf = (await client.documentSymbols(entry)) as DocumentSymbol[];
      assert.ok(outlineOf.length > 0, slug);
      assertWellFormed(outlineOf, slug);
    }
  });

  test('workspace symbols: every entry by title and slug, fuzzy, best match first', async () => {
    const symbol = (slug: string, name: string, category: string): SymbolInformation => ({
      name, kind: SymbolKind.File, location: { uri: client.uri(slug), range: START }, containerName: `${slug} · ${category}`,
    });
    assert.deepEqual(await client.workspaceSymbols('trans'), [
      symbol('transformer', 'Transformer', 'Model Architectures'),
      symbol('transfer-learning', 'Transfer Learning', 'Training Techniques'),
    ]);
    // Letters in order: f…t…u…n.
    assert.deepEqual(await client.workspaceSymbols('ftun'), [symbol('fine-tuning', 'Fine-Tuning', 'Training Techniques')]);
    // A word of the title, any case.
    assert.deepEqual(await client.workspaceSymbols('REINF'), [symbol('rlhf', 'Reinforcement Learning from Human Feedback', 'Training Techniques')]);
    // A word of several titles: the shortest slug first.
    assert.deepEqual(((await client.workspaceSymbols('learn')) as SymbolInformation[]).map((s) => s.name), [
      'Reinforcement Learning from Human Feedback', 'Deep Learning', 'Machine Learning', 'Few-Shot Learning', 'Transfer Learning', 'In-Context Learning',
    ]);
    assert.deepEqual(await client.workspaceSymbols('zzz'), []);
    // An empty query: every entry, the broken ones too.
    // The documents the tests above opened without a file on disk are closed, which takes them out of the index.
    const all = (await eventually(() => client.workspaceSymbols(''), (symbols) => symbols?.length === 21, 3_000, '21 symbols')) as SymbolInformation[];
    assert.deepEqual(all.map((s) => s.location.uri).sort(), readdirSync(client.path('content/glossary')).map((f) => client.uri(f.slice(0, -3))).sort());
  });

  test('workspace symbols: a query of several words matches titles word by word', async () => {
    assert.equal(((await client.workspaceSymbols('Fine T')) as SymbolInformation[])[0]?.name, 'Fine-Tuning');
    assert.ok(((await client.workspaceSymbols('language model')) as SymbolInformation[]).some((s) => s.name === 'Large Language Models'));
  });
});
