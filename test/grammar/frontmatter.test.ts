/**
 * The front matter injection (syntaxes/glossary-frontmatter.tmLanguage.json): slugs of `related`
 * and the `logoIcon` value get their own scopes, inside the front matter only. Line numbers are 1-based.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readRepoFile, tokenize } from './support';

const SLUG = 'markup.underline.link.glossary.slug';
const ICON = 'constant.other.icon.glossary';
const FRONTMATTER = 'meta.embedded.block.frontmatter';
const GLOSSARY = /\.glossary(\.|$)/;

function entry(frontmatter: string, body = '## What is it?\nText.\n'): string {
  return `---\n${frontmatter}\n---\n${body}`;
}

describe('example entries', () => {
  test('transformer.md: block list slugs and a quoted logoIcon', async () => {
    const doc = await tokenize(readRepoFile('examples/glossary/content/glossary/transformer.md'));
    doc.expect(4, 'logoIcon', [FRONTMATTER, 'entity.name.tag.yaml']);
    doc.expect(4, ':', 'punctuation.separator.key-value.mapping.yaml');
    doc.expect(4, 'i-lucide-zap', [FRONTMATTER, 'string.quoted.single.yaml', ICON]);
    doc.expect(4, "'", ['string.quoted.single.yaml', 'punctuation.definition.string.begin.yaml']);
    doc.expect(6, 'related', [FRONTMATTER, 'entity.name.tag.yaml']);
    doc.expect(7, '-', 'punctuation.definition.block.sequence.item.yaml');
    doc.expect(7, 'attention-mechanism', [FRONTMATTER, 'string.unquoted.plain.out.yaml', SLUG]);
    doc.expect(12, 'in-context-learning', SLUG);
    doc.expect(13, '---', 'punctuation.definition.end.frontmatter');
    for (const [line, text] of [[2, 'Transformer'], [5, 'Model Architectures'], [13, '---'], [14, 'What is a Transformer?']] as const) {
      doc.expectNot(line, text, GLOSSARY);
    }
  });

  test('retrieval-augmented-generation.md and gradient-descent.md: every related item is a slug', async () => {
    const rag = await tokenize(readRepoFile('examples/glossary/content/glossary/retrieval-augmented-generation.md'));
    for (const [line, slug] of [[7, 'embeddings'], [8, 'large-language-models'], [11, 'prompt-engineering']] as const) {
      rag.expect(line, slug, SLUG);
    }
    rag.expect(4, 'i-lucide-file-search', ICON);
    // gradient-descent.md is a broken entry (no category, self-related, a duplicate): highlighting does not judge.
    const gd = await tokenize(readRepoFile('examples/glossary/content/glossary/gradient-descent.md'));
    gd.expect(6, 'gradient-descent', SLUG);
    gd.expect(8, 'neural-network', SLUG);
    gd.expect(10, '---', 'punctuation.definition.end.frontmatter');
  });
});

describe('showcase and constructed entries', () => {
  test('a flow list with plain, single- and double-quoted slugs; an unquoted icon with a comment', async () => {
    const doc = await tokenize(readRepoFile('test/grammar/fixtures/showcase.md'));
    doc.expect(6, '[', 'punctuation.definition.sequence.begin.yaml');
    doc.expect(6, 'fine-tuning', [FRONTMATTER, 'meta.flow-sequence.yaml', SLUG]);
    doc.expect(6, ',', 'punctuation.separator.sequence.yaml');
    doc.expect(6, 'pre-training', ['string.quoted.single.yaml', SLUG]);
    doc.expect(6, 'rlhf', ['string.quoted.double.yaml', SLUG]);
    doc.expect(6, ']', 'punctuation.definition.sequence.end.yaml');
    doc.expect(4, 'i-lucide-palette', ['string.unquoted.plain.out.yaml', ICON]);
    doc.expect(4, '# an unquoted icon and a comment', 'comment.line.number-sign.yaml');
    // A nested `related:` key is not the field, and neither is a `related:` line in the body.
    doc.expectNot(8, 'not-a-field', GLOSSARY);
    doc.expectNot(11, 'related: [not, frontmatter]', GLOSSARY);
  });

  test('an indented block list with comments and quotes ends at the next key', async () => {
    const doc = await tokenize(entry("title: T\nrelated:\n  - fine-tuning # why\n  - 'rlhf'\n  -\ncategory: Core\nlogoIcon: \"i-lucide-brain\""));
    doc.expect(4, 'fine-tuning', SLUG);
    doc.expect(4, '# why', 'comment.line.number-sign.yaml');
    doc.expect(5, 'rlhf', SLUG);
    doc.expect(6, '-', 'punctuation.definition.block.sequence.item.yaml');
    doc.expect(7, 'category', 'entity.name.tag.yaml');
    doc.expectNot(7, 'Core', GLOSSARY);
    doc.expect(8, 'i-lucide-brain', ['string.quoted.double.yaml', ICON]);
  });

  test('a flow list over several lines, and a single slug written as a scalar', async () => {
    const flow = await tokenize(entry('related: [\n  fine-tuning,\n  rlhf\n]\ncategory: Core'));
    flow.expect(3, 'fine-tuning', SLUG);
    flow.expect(4, 'rlhf', SLUG);
    flow.expect(5, ']', 'punctuation.definition.sequence.end.yaml');
    flow.expectNot(6, 'Core', GLOSSARY);
    const scalar = await tokenize(entry('related: fine-tuning'));
    scalar.expect(2, 'fine-tuning', SLUG);
  });

  test('an empty list, and a list that runs up to the closing ---, leave the body alone', async () => {
    const empty = await tokenize(entry('related: []', '## Heading\n- not-a-slug\n'));
    empty.expect(2, '[]', 'meta.flow-sequence.yaml');
    empty.expect(3, '---', 'punctuation.definition.end.frontmatter');
    empty.expectNot(5, 'not-a-slug', GLOSSARY);
    const last = await tokenize(entry('related:\n- rlhf', '- not-a-slug\n'));
    last.expect(3, 'rlhf', SLUG);
    last.expect(4, '---', 'punctuation.definition.end.frontmatter');
    last.expectNot(4, '---', GLOSSARY);
    last.expectNot(5, 'not-a-slug', GLOSSARY);
  });

  test('the misplaced frontmatter of the seed gets no glossary scopes', async () => {
    const seed = await tokenize(readRepoFile('test/fixtures/foundation-model.seed.txt'));
    assert.equal(seed.lineText(113), '- transfer-learning');
    assert.deepEqual(seed.tokensMatching(1, seed.lines.length, GLOSSARY), []);
  });
});
