import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CompletionItemKind, InsertTextFormat, type CompletionList } from 'vscode-languageserver-types';
import { cursor, Fixture, GOOD_DESCRIPTION, goodEntry, range, settingsWith } from './support';
import { plainSummary } from '../../server/src/core/glossaryIndex';
import { prepareUntypedCompletion } from '../../server/src/core/features/completion';

/** Referrer counts: fine-tuning 3; pre-training, rlhf, transformer, embeddings 1; the rest 0. */
const ENTRIES: Record<string, string> = {
  'fine-tuning': goodEntry('Fine-Tuning', 'Training Techniques'),
  'transfer-learning': goodEntry('Transfer Learning', 'Training Techniques', ['fine-tuning', 'pre-training']),
  'pre-training': goodEntry('Pre-Training', 'Training Techniques', ['fine-tuning']),
  rlhf: goodEntry('Reinforcement Learning from Human Feedback', 'Training Techniques', ['fine-tuning']),
  transformer: goodEntry('Transformer', 'Model Architectures', ['embeddings']),
  embeddings: goodEntry('Embeddings', 'Model Architectures', ['transformer']),
  hallucination: goodEntry('Hallucination', 'Evaluation & Safety', ['rlhf']),
};

/** An entry whose `related` block starts on line 5, with the given item lines. */
function subject(relatedLines: string[], category = 'Training Techniques'): string {
  return ['---', 'title: Subject', `description: '${GOOD_DESCRIPTION}'`, `category: ${category}`, 'related:', ...relatedLines, '---', 'Body text.', ''].join('\n');
}

async function complete(textWithCursor: string, slug = 'subject', entries = ENTRIES, settings = settingsWith({})): Promise<CompletionList | null> {
  const fixture = await Fixture.withEntries(entries, settings);
  return fixture.completeAt(slug, textWithCursor);
}

function labels(list: CompletionList | null): string[] {
  assert.ok(list, 'expected a completion list');
  return list.items.map((i) => i.label);
}

function editRanges(list: CompletionList | null) {
  assert.ok(list);
  return [...new Set(list.items.map((i) => JSON.stringify(i.textEdit && 'range' in i.textEdit ? i.textEdit.range : undefined)))].map((r) => JSON.parse(r));
}

describe('completion: related slugs in a block list', () => {
  test('`- |`: every other entry, same category first, then by how often they are referenced, then by slug', async () => {
    const list = await complete(subject(['- |']));
    assert.ok(list);
    assert.equal(list.isIncomplete, false);
    assert.deepEqual(labels(list), ['fine-tuning', 'pre-training', 'rlhf', 'transfer-learning', 'embeddings', 'transformer', 'hallucination']);
    assert.deepEqual(editRanges(list), [range(5, 2, 5, 2)]);
    assert.deepEqual(list.items[0], {
      label: 'fine-tuning',
      kind: CompletionItemKind.Reference,
      detail: 'Fine-Tuning',
      documentation: { kind: 'markdown', value: `${GOOD_DESCRIPTION}\n\n*Category:* Training Techniques` },
      filterText: 'fine-tuning Fine-Tuning',
      sortText: '000000',
      textEdit: { range: range(5, 2, 5, 2), newText: 'fine-tuning' },
    });
    assert.deepEqual(list.items.map((i) => i.sortText), ['000000', '000001', '000002', '000003', '000004', '000005', '000006']);
  });

  test('`- fine|`: the replace range covers the partial word', async () => {
    const list = await complete(subject(['- fine|']));
    assert.deepEqual(labels(list), ['fine-tuning']);
    assert.deepEqual(list?.items[0].textEdit, { range: range(5, 2, 5, 6), newText: 'fine-tuning' });
  });

  test('`- fi|ne-tuning`: the range extends to the end of the word, the query is what precedes the cursor', async () => {
    const list = await complete(subject(['- fi|ne-tuning']));
    assert.deepEqual(labels(list), ['fine-tuning', 'transfer-learning']);
    assert.deepEqual(editRanges(list), [range(5, 2, 5, 13)]);
  });

  test("`- 'fin|'`: inside quotes, only the text between them is replaced", async () => {
    const list = await complete(subject(["- 'fin|'"]));
    assert.deepEqual(labels(list), ['fine-tuning', 'transfer-learning']);
    assert.deepEqual(list?.items[0].textEdit, { range: range(5, 3, 5, 6), newText: 'fine-tuning' });
  });

  test('slugs already listed (as slug or site path) are left out; the item being typed is not "listed"', async () => {
    const list = await complete(subject(['- fine-tuning', '- /glossary/rlhf', '- transformer|']));
    assert.deepEqual(labels(list), ['transformer']);
    const all = await complete(subject(['- fine-tuning', '- /glossary/rlhf', '- |']));
    assert.deepEqual(labels(all), ['pre-training', 'transfer-learning', 'embeddings', 'transformer', 'hallucination']);
  });

  test('the entry itself is left out', async () => {
    const list = await complete(subject(['- |']), 'fine-tuning');
    assert.deepEqual(labels(list), ['pre-training', 'rlhf', 'transfer-learning', 'embeddings', 'transformer', 'hallucination']);
  });

  test('CRLF lines', async () => {
    const list = await complete(subject(['- fin|']).replace(/\n/g, '\r\n'));
    assert.deepEqual(labels(list), ['fine-tuning', 'transfer-learning']);
    assert.deepEqual(editRanges(list), [range(5, 2, 5, 5)]);
  });
});

describe('completion: related slugs in a flow list', () => {
  test('`related: [fine-tuning, tra|]`: prefixes (shorter first), then title words; listed slugs left out', async () => {
    const text = "---\ntitle: Subject\nrelated: [fine-tuning, tra|]\n---\n";
    const list = await complete(text);
    assert.deepEqual(labels(list), ['transformer', 'transfer-learning', 'pre-training']);
    assert.deepEqual(editRanges(list), [range(2, 23, 2, 26)]);
  });

  test('`related: [rlhf, |` (unclosed): everything but the listed slug, at the cursor', async () => {
    const text = '---\ntitle: Subject\ncategory: Training Techniques\nrelated: [rlhf, |\n---\n';
    const list = await complete(text);
    assert.deepEqual(labels(list), ['fine-tuning', 'pre-training', 'transfer-learning', 'embeddings', 'transformer', 'hallucination']);
    assert.deepEqual(editRanges(list), [range(3, 16, 3, 16)]);
  });

  test('a flow list continued on the next line', async () => {
    const text = '---\ntitle: Subject\nrelated: [fine-tuning,\n  emb|]\n---\n';
    const list = await complete(text);
    assert.deepEqual(labels(list), ['embeddings']);
    assert.deepEqual(editRanges(list), [range(3, 2, 3, 5)]);
  });

  test('a quoted flow item', async () => {
    const list = await complete('---\nrelated: ["hall|"]\n---\n');
    assert.deepEqual(labels(list), ['hallucination']);
    assert.deepEqual(editRanges(list), [range(1, 11, 1, 15)]);
  });
});

describe('completion: matching and ranking', () => {
  test('a title word matches an entry whose slug lacks it', async () => {
    assert.deepEqual(labels(await complete(subject(['- Human|']))), ['rlhf']);
    assert.deepEqual(labels(await complete(subject(['- feedb|']))), ['rlhf']);
  });

  test('`Transfer`: the slug prefix first, then a loose match', async () => {
    assert.deepEqual(labels(await complete(subject(['- Transfer|']))), ['transfer-learning', 'transformer']);
  });

  test('loose subsequence matches on the slug, fewest gaps first', async () => {
    assert.deepEqual(labels(await complete(subject(['- hlcn|']))), ['hallucination']);
    assert.deepEqual(labels(await complete(subject(['- zzz|']))), []);
  });

  /**
   * 5,000 entries indexed out of slug order; one in a hundred names two of a few, so that most are
   * named by none and which of those the list takes is the slug order's alone. `expected`: the
   * first 120 of an untyped list.
   */
  const thousands = () => {
    const count = 5000;
    const slugOf = (n: number) => `term-${String(n).padStart(4, '0')}`;
    const order = Array.from({ length: count }, (_, i) => (i * 2731) % count);
    const named = (n: number) => (n % 100 === 0 ? [(n * 7) % 41 + 3000, (n * 13) % 23 + 4000].filter((m) => m !== n).map(slugOf) : []);
    const entries = Object.fromEntries(order.map((n) => [slugOf(n), goodEntry(`Term ${n}`, 'Generated', [...new Set(named(n))])]));
    const referrers = new Map<string, number>();
    for (const n of order) for (const slug of new Set(named(n))) referrers.set(slug, (referrers.get(slug) ?? 0) + 1);
    const expected = order.map(slugOf).sort((a, b) => (referrers.get(b) ?? 0) - (referrers.get(a) ?? 0) || (a < b ? -1 : 1)).slice(0, 120);
    assert.ok(expected.filter((slug) => !referrers.has(slug)).length > 40, 'the list reaches entries nobody names');
    return { entries, expected };
  };

  test('`- |` in a glossary of thousands: the most referred to first, ties by slug, as the steps that sort and merge runs of entries prepare it', async () => {
    const { entries, expected } = thousands();
    const list = await complete(subject(['- |'], 'Other'), 'subject', entries, settingsWith({ completion: { maxItems: 120 } }));
    assert.deepEqual(labels(list), expected);
  });

  test('`- |` in a glossary of thousands, its runs merged a few entries a step: the same list', async () => {
    const { entries, expected } = thousands();
    const fixture = await Fixture.withEntries(entries, settingsWith({ completion: { maxItems: 120 } }));
    // Opened first: the entry it adds would make the order prepared before it out of date.
    fixture.open('subject', cursor(subject(['- |'], 'Other')).text);
    const step = prepareUntypedCompletion(fixture.index, 7);
    let steps = 0;
    while (step()) steps++;
    // Merging 5,001 entries 7 at a time, in runs of 2,000: more than a thousand steps.
    assert.ok(steps > 1000, `${steps} steps`);
    assert.deepEqual(labels(fixture.completeAt('subject', subject(['- |'], 'Other'))), expected);
  });

  test('the list is capped at completion.maxItems and marked incomplete', async () => {
    const entries = Object.fromEntries(Array.from({ length: 50 }, (_, i) => {
      const n = String(i).padStart(2, '0');
      return [`term-${n}`, goodEntry(`Term ${n}`, 'Generated')];
    }));
    const capped = await complete(subject(['- |'], 'Other'), 'subject', entries, settingsWith({ completion: { maxItems: 5 } }));
    assert.ok(capped);
    assert.equal(capped.isIncomplete, true);
    assert.deepEqual(labels(capped), ['term-00', 'term-01', 'term-02', 'term-03', 'term-04']);

    const narrowed = await complete(subject(['- term-4|'], 'Other'), 'subject', entries, settingsWith({ completion: { maxItems: 5 } }));
    assert.equal(narrowed?.isIncomplete, true);
    assert.deepEqual(labels(narrowed), ['term-40', 'term-41', 'term-42', 'term-43', 'term-44']);

    // term-4 prefixes ten slugs and is a loose subsequence of term-04, -14, -24 and -34: 14 matches in all.
    const exact = await complete(subject(['- term-4|'], 'Other'), 'subject', entries, settingsWith({ completion: { maxItems: 14 } }));
    assert.equal(exact?.isIncomplete, false);
    assert.deepEqual(labels(exact), [
      'term-40', 'term-41', 'term-42', 'term-43', 'term-44', 'term-45', 'term-46', 'term-47', 'term-48', 'term-49',
      'term-04', 'term-14', 'term-24', 'term-34',
    ]);
    const oneShort = await complete(subject(['- term-4|'], 'Other'), 'subject', entries, settingsWith({ completion: { maxItems: 13 } }));
    assert.equal(oneShort?.isIncomplete, true);

    const all = await complete(subject(['- |'], 'Other'), 'subject', entries);
    assert.equal(all?.isIncomplete, false);
    assert.equal(all?.items.length, 50);
  });

  test('`- |` with a short list: the same entries as ranking every entry would give, for a large, a small and an absent category', async () => {
    // A seeded mix: 60 entries in categories of 30, 20, 9 and 1 entries, each listing a few others.
    let seed = 20261205;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const slugs = Array.from({ length: 60 }, (_, i) => `t${String(i).padStart(2, '0')}`);
    const categoryOf = (i: number) => (i < 30 ? 'Big' : i < 50 ? 'Middle' : i < 59 ? 'Small' : 'Single');
    const related = slugs.map(() => Array.from({ length: random(5) }, () => slugs[random(12) * random(5)]));
    const entries = Object.fromEntries(slugs.map((slug, i) => [slug, goodEntry(`Term ${slug}`, categoryOf(i), [...new Set(related[i].filter((r) => r !== slug))])]));
    const counts = new Map(slugs.map((slug) => [slug, Object.keys(entries).filter((other) => other !== slug && new Set(related[slugs.indexOf(other)]).has(slug)).length]));
    for (const category of ['Big', 'Middle', 'Small', 'Single', 'Nowhere']) {
      const expected = [...slugs]
        .sort((a, b) => Number(categoryOf(slugs.indexOf(b)) === category) - Number(categoryOf(slugs.indexOf(a)) === category) || counts.get(b)! - counts.get(a)! || (a < b ? -1 : 1))
        .slice(0, 5);
      const list = await complete(subject(['- |'], category), 'subject', entries, settingsWith({ completion: { maxItems: 5 } }));
      assert.deepEqual(labels(list), expected, category);
    }
  });

  test('a list full of prefix matches still puts first an entry the body names that matches only by letters in order', async () => {
    const entries: Record<string, string> = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`lens-${String(i).padStart(2, '0')}`, goodEntry(`Lens ${i}`, 'Optics')]));
    entries['large-language-models'] = goodEntry('Large Language Models', 'Models');
    const text = ['---', 'title: Subject', `description: '${GOOD_DESCRIPTION}'`, 'category: Optics', 'related:', '- le|', '---', 'Built on Large Language Models.', ''].join('\n');
    const list = await complete(text, 'subject', entries, settingsWith({ completion: { maxItems: 5 } }));
    assert.deepEqual(labels(list), ['large-language-models', 'lens-00', 'lens-01', 'lens-02', 'lens-03']);
    assert.equal(list?.isIncomplete, true);
  });

  test('the search preparations (the completion warm-up among them, once) run to their end and change no answer, entry or open document', async () => {
    const fixture = await Fixture.withEntries(ENTRIES);
    const asked = subject(['- tr|']);
    const before = fixture.completeAt('subject', asked);
    const entries = [...fixture.index.entries()].map((entry) => entry.uri).sort();
    const open = fixture.service.openUris();
    let steps = 0;
    for (const step of fixture.service.searchPreparations()) while (step() === true) steps++;
    // The warm-up types the slugs of the entries a character at a time, one completion per step.
    assert.ok(steps >= Object.keys(ENTRIES).length, `${steps} steps`);
    assert.deepEqual([...fixture.index.entries()].map((entry) => entry.uri).sort(), entries);
    assert.deepEqual(fixture.service.openUris(), open);
    assert.deepEqual(fixture.completeAt('subject', asked), before);
    assert.deepEqual(labels(before), ['transformer', 'transfer-learning', 'pre-training']);
    // Asked again (the server does, once the body links are in), nothing is left to prepare: the warm-up ran once.
    let again = 0;
    for (const step of fixture.service.searchPreparations()) while (step() === true) again++;
    assert.ok(again < Object.keys(ENTRIES).length, `${again} steps the second time`);
  });

  test('while the body links are read the slug search and the warm-up are prepared, and after them the rest, without the warm-up again', async () => {
    const fixture = await Fixture.withEntries(ENTRIES);
    const asked = subject(['- tr|']);
    const untypedBefore = fixture.completeAt('subject', subject(['- |']));
    let early = 0;
    for (const step of fixture.service.searchPreparations(false)) while (step() === true) early++;
    assert.ok(early >= Object.keys(ENTRIES).length, `${early} steps before the links: the warm-up among them`);
    assert.deepEqual(labels(fixture.completeAt('subject', asked)), ['transformer', 'transfer-learning', 'pre-training']);
    let after = 0;
    for (const step of fixture.service.searchPreparations()) while (step() === true) after++;
    assert.ok(after < Object.keys(ENTRIES).length, `${after} steps after the links: no warm-up again`);
    assert.deepEqual(fixture.completeAt('subject', subject(['- |'])), untypedBefore);
  });

  test('the warm-up of a glossary larger than the sample it completes against changes no answer and no entry', async () => {
    const entries = Object.fromEntries(Array.from({ length: 2600 }, (_, i) => [`term-${i.toString(36)}-x`, goodEntry(`Term ${i}`, i % 2 ? 'Odd' : 'Even', [`term-${(i + 1).toString(36)}-x`])]));
    const fixture = await Fixture.withEntries(entries);
    const asked = subject(['- term-1|']);
    const before = [fixture.completeAt('subject', asked), fixture.completeAt('subject', subject(['- |']))];
    const indexed = [...fixture.index.entries()].map((entry) => plainSummary(entry));
    let steps = 0;
    for (const step of fixture.service.searchPreparations(false)) while (step() === true) steps++;
    assert.ok(steps > 8 && steps < 200, `${steps} steps`);
    assert.deepEqual([...fixture.index.entries()].map((entry) => plainSummary(entry)), indexed);
    assert.deepEqual([fixture.completeAt('subject', asked), fixture.completeAt('subject', subject(['- |']))], before);
  });

  test('an edited or newly opened document is seen by completion in another one', async () => {
    const fixture = await Fixture.withEntries(ENTRIES);
    fixture.open('transformer', goodEntry('Quantum Attention Engine', 'Model Architectures'));
    fixture.open('brand-new', goodEntry('Quantum Leap'));
    const list = fixture.completeAt('subject', subject(['- quantum|']));
    assert.deepEqual(labels(list), ['brand-new', 'transformer']);
    assert.deepEqual(list?.items.map((i) => i.detail), ['Quantum Leap', 'Quantum Attention Engine']);
  });
});

describe('completion: category values', () => {
  test('categories in use, most used first, with counts', async () => {
    const list = await complete('---\ntitle: Subject\ncategory: |\n---\n');
    assert.ok(list);
    assert.equal(list.isIncomplete, false);
    assert.deepEqual(list.items.map((i) => [i.label, i.detail, i.sortText, i.kind]), [
      ['Training Techniques', '4 entries', '000000', CompletionItemKind.EnumMember],
      ['Model Architectures', '2 entries', '000001', CompletionItemKind.EnumMember],
      ['Evaluation & Safety', '1 entry', '000002', CompletionItemKind.EnumMember],
    ]);
    assert.deepEqual(list.items[0].textEdit, { range: range(2, 10, 2, 10), newText: 'Training Techniques' });
    assert.equal(list.items.some((i) => i.preselect), false);
  });

  test('the range covers the typed value; the current value is preselected', async () => {
    const list = await complete('---\ntitle: Subject\ncategory: Model Arch|\n---\n');
    assert.deepEqual(editRanges(list), [range(2, 10, 2, 20)]);
    const current = await complete("---\ntitle: Subject\ncategory: 'Model Architectures|'\n---\n");
    assert.deepEqual(editRanges(current), [range(2, 11, 2, 30)]);
    assert.deepEqual(current?.items.map((i) => [i.label, i.detail, i.preselect]), [
      ['Training Techniques', '4 entries', undefined],
      ['Model Architectures', '3 entries', true],
      ['Evaluation & Safety', '1 entry', undefined],
    ]);
  });

  test('the half-typed value is not offered (nor preselected) as a category in use', async () => {
    const list = await complete('---\ntitle: Subject\ncategory: Model Arch|\n---\n');
    assert.deepEqual(list?.items.map((i) => [i.label, i.preselect]), [
      ['Training Techniques', undefined],
      ['Model Architectures', undefined],
      ['Evaluation & Safety', undefined],
    ]);
  });

  test('a category YAML would misread is inserted quoted', async () => {
    const list = await complete('---\ncategory: |\n---\n', 'subject', { a: goodEntry('A', "'Q&A: Basics'"), b: goodEntry('B', "'- Dashed'") });
    assert.deepEqual(list?.items.map((i) => i.textEdit?.newText), ["'- Dashed'", "'Q&A: Basics'"]);
  });
});

describe('completion: keys', () => {
  test('on an empty line: the missing keys only, required ones sorted first, as snippets', async () => {
    const list = await complete('---\ntitle: Subject\n|\n---\n');
    assert.ok(list);
    assert.deepEqual(list.items.map((i) => [i.label, i.detail, i.sortText]), [
      ['description', 'required field', '0description'],
      ['logoIcon', 'field', '1logoIcon'],
      ['category', 'required field', '0category'],
      ['related', 'field', '1related'],
      ['aliases', 'field', '1aliases'],
    ]);
    const related = list.items[3];
    assert.equal(related.kind, CompletionItemKind.Property);
    assert.equal(related.insertTextFormat, InsertTextFormat.Snippet);
    assert.deepEqual(related.textEdit, { range: range(2, 0, 2, 0), newText: 'related:\n- $0' });
    assert.deepEqual(related.command, { title: 'Suggest', command: 'editor.action.triggerSuggest' });
    assert.deepEqual(list.items[1].textEdit, { range: range(2, 0, 2, 0), newText: 'logoIcon: $0' });
    assert.equal(list.items[1].command, undefined);
    assert.deepEqual(list.items[2].command, { title: 'Suggest', command: 'editor.action.triggerSuggest' });
    assert.deepEqual(list.items[0].documentation, {
      kind: 'markdown',
      value: 'One sentence that defines the term. Sites use it for the meta description and link previews.\n\nText, best kept between the configured minimum and maximum length (50–160 characters by default).',
    });
  });

  test('a partly typed key is replaced as a whole', async () => {
    const list = await complete(`---\ntitle: Subject\ndescription: '${GOOD_DESCRIPTION}'\nrel|\n---\n`);
    assert.deepEqual(labels(list), ['logoIcon', 'category', 'related', 'aliases']);
    assert.deepEqual(editRanges(list), [range(3, 0, 3, 3)]);
  });

  test('fields from the settings are offered too, without documentation', async () => {
    const settings = settingsWith({ fields: { draft: 'boolean', logoIcon: null } });
    const list = await complete('---\ntitle: A\ndescription: x\ncategory: C\nrelated: []\n|\n---\n', 'subject', ENTRIES, settings);
    assert.deepEqual(labels(list), ['aliases', 'draft']);
    assert.equal(list?.items[1].documentation, undefined);
  });
});

describe('completion: where there is none', () => {
  test('in the body, outside any frontmatter, on a fence line, in other values, in other lists', async () => {
    const cases = [
      subject(['- fine-tuning']).replace('Body text.', 'Body |text.'),
      '# No frontmatter\n- |\n',
      '---\ntitle: Subject\nrelated:\n- a\n|---\n',
      '|---\ntitle: Subject\n---\n',
      '---\ntitle: Sub|\n---\n',
      '---\ntags:\n- |\n---\n',
      '---\nrelated: [a, b] |\n---\n',
      '---\nrelated:\n  |\n---\n',
    ];
    for (const text of cases) assert.equal(await complete(text), null, text);
  });

  test('a document that is not open', async () => {
    const fixture = await Fixture.withEntries(ENTRIES);
    assert.equal(fixture.service.completion(fixture.uri('fine-tuning'), { line: 0, character: 0 }), null);
  });
});
