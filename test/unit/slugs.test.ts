import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serialize } from 'node:v8';
import fc from 'fast-check';
import { slugWithin } from '../../server/src/core/references';
import { detach, detachText, readSlugReference, slugFromPath, slugFromReference } from '../../server/src/core/slugs';

describe('slugFromPath', () => {
  test('the file name without .md, percent-decoded', () => {
    assert.equal(slugFromPath('/ws/content/glossary/fine-tuning.md'), 'fine-tuning');
    assert.equal(slugFromPath('/ws/content/glossary/C%2B%2B.md'), 'C++');
    assert.equal(slugFromPath('/ws/content/glossary/Upper.MD'), 'Upper');
    assert.equal(slugFromPath('loose.md'), 'loose');
  });
});

describe('slugFromReference', () => {
  const prefix = '/glossary/';

  test('a bare slug', () => {
    assert.equal(slugFromReference('fine-tuning', prefix), 'fine-tuning');
    assert.equal(slugFromReference('  fine-tuning  ', prefix), 'fine-tuning');
  });

  test('a site path under the link prefix, with or without a trailing slash, query or hash', () => {
    assert.equal(slugFromReference('/glossary/x', prefix), 'x');
    assert.equal(slugFromReference('/glossary/x/', prefix), 'x');
    assert.equal(slugFromReference('/glossary/x#usage', prefix), 'x');
    assert.equal(slugFromReference('/glossary/x?ref=1', prefix), 'x');
    assert.equal(slugFromReference('/glossary/x.md', prefix), 'x');
  });

  test('a sibling Markdown file', () => {
    assert.equal(slugFromReference('x.md', prefix), 'x');
    assert.equal(slugFromReference('./x.md', prefix), 'x');
    assert.equal(slugFromReference('X.MD', prefix), 'X');
  });

  test('undefined for anything outside the glossary', () => {
    assert.equal(slugFromReference('https://example.com/glossary/x', prefix), undefined);
    assert.equal(slugFromReference('mailto:someone', prefix), undefined);
    assert.equal(slugFromReference('/blog/x', prefix), undefined);
    assert.equal(slugFromReference('../x.md', prefix), undefined);
    assert.equal(slugFromReference('/glossary/a/b', prefix), undefined);
    assert.equal(slugFromReference('/glossary/', prefix), undefined);
    assert.equal(slugFromReference('', prefix), undefined);
    assert.equal(slugFromReference('#top', prefix), undefined);
  });

  test('another link prefix', () => {
    assert.equal(slugFromReference('/terms/x', '/terms/'), 'x');
    assert.equal(slugFromReference('/glossary/x', '/terms/'), undefined);
  });
});

describe('slugFromReference and slugWithin on generated values', () => {
  const piece = fc.constantFrom('/glossary/', '/terms/', 'a', 'Z', '9', '-', '_', '.', '.md', '.MD', '/', './', '?q=1', '#h', ' ', '\t', '\u00a0', 'é', ':', 'x', 'fine-tuning');
  const value = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));
  const prefixes = fc.constantFrom<string | readonly string[]>('/glossary/', '/terms/', '', ' /glossary/', 'é/', ['/glossary/', '/glossary/terms/'], []);

  test('slugFromReference reads every value as its step-by-step reading does (plain values take a shortcut)', () => {
    // Values written as a prefix and then a plain slug, with each edge the shortcut must leave to the general reading.
    const prefixed = fc.tuple(prefixes, value, fc.constantFrom('', ' ', '\u00a0')).map(([p, v, pad]) => [pad + (typeof p === 'string' ? p : p[0] ?? '') + v, p] as const);
    fc.assert(fc.property(fc.oneof(fc.tuple(value, prefixes), prefixed), ([v, p]) => assert.equal(slugFromReference(v, p), readSlugReference(v, p), JSON.stringify([v, p]))), {
      seed: 20261207,
      numRuns: 20000,
      examples: [[[' /glossary/x', ' /glossary/']], [['/glossary/x.MD', '/glossary/']], [['é/x', 'é/']], [['/glossary/x/', '/glossary/']]],
    });
  });

  test('slugWithin finds the slug where the text writes it, after a prefix or ./, or gives the span back', () => {
    const oracle = (text: string, span: { start: number; end: number }, slug: string, p: string | readonly string[]) => {
      const raw = text.slice(span.start, span.end);
      const prefix = (typeof p === 'string' ? [p] : p).find((candidate) => candidate && raw.startsWith(candidate));
      const offset = prefix ? prefix.length : raw.startsWith('./') ? 2 : 0;
      return raw.startsWith(slug, offset) ? { start: span.start + offset, end: span.start + offset + slug.length } : span;
    };
    fc.assert(fc.property(value, value, value, prefixes, fc.nat(40), fc.nat(40), (before, inside, after, p, cut, extra) => {
      const text = before + inside + after;
      const span = { start: before.length, end: Math.min(text.length, before.length + inside.length + (extra % 3 === 0 ? extra : 0)) };
      const slug = readSlugReference(inside, p) ?? inside.slice(0, cut % (inside.length + 1));
      assert.deepEqual(slugWithin(text, span, slug, p), oracle(text, span, slug, p), JSON.stringify([text, span, slug, p]));
    }), { seed: 20261208, numRuns: 20000 });
  });
});

describe('detach and detachText', () => {
  // V8's serializer writes a string's own representation: tag '"' for one byte a character, 'c' for two.
  const bytesPerCharacter = (value: string) => (serialize(value)[2] === 0x22 ? 1 : 2);
  const text = `${'Transformers are models trained on large corpora. '.repeat(8)}They scale — widely.`;
  const title = text.slice(0, 40);

  test('detach gives the same characters', () => {
    for (const odd of ['', 'é', '"quoted" \\ back\nslash', '\ud800 lone surrogate', 'emoji 🙂', title, text, undefined]) assert.equal(detach(odd), odd);
  });

  test('detachText gives the same characters, one byte each when they allow, from a text with wider characters', () => {
    assert.equal(bytesPerCharacter(title), 2, 'a slice of a wide text is wide');
    assert.equal(bytesPerCharacter(detach(title)), 2, 'and so is its detached copy');
    assert.equal(detachText(title), title);
    assert.equal(bytesPerCharacter(detachText(title)), 1);
    assert.equal(detachText(text), text);
    assert.equal(bytesPerCharacter(detachText(text)), 2, 'characters past U+00FF keep two bytes');
    for (const odd of ['', 'é', '"quoted" \\ back\nslash', '\ud800 lone surrogate', 'emoji 🙂', undefined]) assert.equal(detachText(odd), odd);
  });
});
