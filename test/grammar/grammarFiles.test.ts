/**
 * Static checks of every grammar file: strict JSON, the scope names the tests and package.json use,
 * every `#name` include defined, every other include a grammar the tests load, every regular
 * expression accepted by Oniguruma (vscode-textmate would otherwise drop a rule silently).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { createOnigScanner } from 'vscode-oniguruma';
import { GRAMMAR_FILES, loadOniguruma, REPO_ROOT } from './support';

type Rule = Record<string, unknown>;

function* rules(node: unknown, path: string): Generator<[Rule, string]> {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* rules(item, `${path}[${i}]`);
  } else if (node && typeof node === 'object') {
    yield [node as Rule, path];
    for (const [key, value] of Object.entries(node)) yield* rules(value, `${path}.${key}`);
  }
}

before(loadOniguruma);

for (const [scopeName, file] of Object.entries(GRAMMAR_FILES)) {
  test(`${file} is a well-formed grammar for ${scopeName}`, () => {
    const grammar = JSON.parse(readFileSync(join(REPO_ROOT, file), 'utf8'));
    assert.equal(grammar.scopeName, scopeName);
    const repository = Object.keys(grammar.repository ?? {});
    let regexes = 0;
    for (const [rule, path] of rules(grammar, '$')) {
      if (typeof rule.include === 'string') {
        if (rule.include.startsWith('#')) assert.ok(repository.includes(rule.include.slice(1)), `${path}: ${rule.include} is not in the repository`);
        else assert.ok(rule.include in GRAMMAR_FILES, `${path}: includes unknown grammar ${rule.include}`);
      }
      for (const key of ['match', 'begin', 'end', 'while'] as const) {
        const source = rule[key];
        if (typeof source !== 'string') continue;
        // end and while may refer to the captures of begin; stand something in for them.
        const pattern = key === 'end' || key === 'while' ? source.replace(/\\(\d)/g, 'x') : source;
        assert.doesNotThrow(() => createOnigScanner([pattern]).dispose(), `${path}.${key} does not compile: ${source}`);
        regexes++;
      }
    }
    assert.ok(regexes > 0);
  });
}

test('the injection grammars are injected into Markdown, outside code and into the front matter only', () => {
  const mermaid = JSON.parse(readFileSync(join(REPO_ROOT, 'syntaxes/mermaid.markdown.tmLanguage.json'), 'utf8'));
  assert.match(mermaid.injectionSelector, /^L:text\.html\.markdown /);
  assert.match(mermaid.injectionSelector, /-markup\.fenced_code\.block\.markdown/);
  assert.match(mermaid.injectionSelector, /-meta\.embedded\.block\.frontmatter/);
  const frontmatter = JSON.parse(readFileSync(join(REPO_ROOT, 'syntaxes/glossary-frontmatter.tmLanguage.json'), 'utf8'));
  assert.equal(frontmatter.injectionSelector, 'L:text.html.markdown meta.embedded.block.frontmatter');
});

test('the Mermaid language configuration is strict JSON and comments lines with %%', () => {
  const configuration = JSON.parse(readFileSync(join(REPO_ROOT, 'syntaxes/mermaid.language-configuration.json'), 'utf8'));
  assert.equal(configuration.comments.lineComment, '%%');
  assert.deepEqual(configuration.brackets, [['{', '}'], ['[', ']'], ['(', ')']]);
});
