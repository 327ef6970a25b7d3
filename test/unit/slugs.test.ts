import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { slugFromPath, slugFromReference } from '../../server/src/core/slugs';

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
