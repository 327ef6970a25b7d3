import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, DIAGNOSTIC_CODES, isDiagnosticCode, resolveSettings, severityOf } from '../../server/src/core/settings';

describe('resolveSettings: defaults', () => {
  test('undefined and null give the defaults, as a copy', () => {
    for (const raw of [undefined, null]) {
      const { settings, problems } = resolveSettings(raw);
      assert.deepEqual(problems, []);
      assert.deepEqual(settings, DEFAULT_SETTINGS);
      assert.notEqual(settings, DEFAULT_SETTINGS);
      assert.notEqual(settings.fields, DEFAULT_SETTINGS.fields);
    }
  });

  test('an empty object gives the defaults', () => {
    assert.deepEqual(resolveSettings({}), { settings: DEFAULT_SETTINGS, problems: [] });
  });

  test('a value that is not an object is rejected as a whole', () => {
    for (const raw of ['x', 3, [], true]) {
      assert.deepEqual(resolveSettings(raw), { settings: DEFAULT_SETTINGS, problems: ['glossary settings must be an object'] });
    }
  });

  test('changing resolved settings never changes the defaults', () => {
    const { settings } = resolveSettings({ fields: { logoIcon: null }, severity: { 'unknown-slug': 'off' } });
    settings.include.push('more');
    settings.description.minLength = 1;
    assert.equal(DEFAULT_SETTINGS.fields.logoIcon, 'string');
    assert.deepEqual(DEFAULT_SETTINGS.severity, {});
    assert.deepEqual(DEFAULT_SETTINGS.include, ['**/content/glossary/**/*.md', '**/content/[a-z][a-z]/glossary/**/*.md']);
    assert.equal(DEFAULT_SETTINGS.description.minLength, 50);
  });
});

describe('resolveSettings: lists of strings and strings', () => {
  test('accepted when well-formed', () => {
    const { settings, problems } = resolveSettings({
      include: ['docs/terms/*.md'],
      exclude: [],
      requiredFields: ['title'],
      debrisTags: ['tool'],
      linkPrefix: '/terms/',
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(settings.include, ['docs/terms/*.md']);
    assert.deepEqual(settings.exclude, []);
    assert.deepEqual(settings.requiredFields, ['title']);
    assert.deepEqual(settings.debrisTags, ['tool']);
    assert.equal(settings.linkPrefix, '/terms/');
  });

  test('rejected with a problem each, keeping the defaults', () => {
    const { settings, problems } = resolveSettings({
      include: 'content/**/*.md',
      exclude: [1],
      requiredFields: { title: true },
      debrisTags: null,
      linkPrefix: 7,
    });
    assert.deepEqual(problems, [
      'glossary.include must be a list of strings',
      'glossary.exclude must be a list of strings',
      'glossary.linkPrefix must be a string',
      'glossary.requiredFields must be a list of strings',
      'glossary.debrisTags must be a list of strings',
    ]);
    assert.deepEqual(settings, DEFAULT_SETTINGS);
  });
});

describe('resolveSettings: slug pattern, entry template, link updates on rename', () => {
  test('accepted when well-formed', () => {
    const { settings, problems } = resolveSettings({ slugPattern: '^[a-z]+$', entryTemplate: '---\ntitle: {{title}}\n---\n', updateLinksOnRename: 'always' });
    assert.deepEqual(problems, []);
    assert.equal(settings.slugPattern, '^[a-z]+$');
    assert.equal(settings.entryTemplate, '---\ntitle: {{title}}\n---\n');
    assert.equal(settings.updateLinksOnRename, 'always');
  });

  test('an invalid regular expression, a blank template, an unknown rename mode are problems', () => {
    assert.deepEqual(resolveSettings({ slugPattern: '[' }), { settings: DEFAULT_SETTINGS, problems: ['glossary.slugPattern must be a valid regular expression'] });
    assert.deepEqual(resolveSettings({ slugPattern: 5 }).problems, ['glossary.slugPattern must be a valid regular expression']);
    assert.deepEqual(resolveSettings({ entryTemplate: '   ' }), { settings: DEFAULT_SETTINGS, problems: ['glossary.entryTemplate must be text'] });
    assert.deepEqual(resolveSettings({ entryTemplate: 42 }).problems, ['glossary.entryTemplate must be text']);
    assert.deepEqual(resolveSettings({ updateLinksOnRename: 'sometimes' }), { settings: DEFAULT_SETTINGS, problems: ['glossary.updateLinksOnRename must be one of prompt, always, never'] });
  });

  test('an empty template means the default one, silently', () => {
    assert.deepEqual(resolveSettings({ entryTemplate: '' }), { settings: DEFAULT_SETTINGS, problems: [] });
  });
});

describe('resolveSettings: numbers', () => {
  test('maxFileSize: non-negative numbers only', () => {
    assert.equal(resolveSettings({ maxFileSize: 1024 }).settings.maxFileSize, 1024);
    assert.equal(resolveSettings({ maxFileSize: 0 }).settings.maxFileSize, 0);
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, '1024']) {
      assert.deepEqual(resolveSettings({ maxFileSize: bad }), { settings: DEFAULT_SETTINGS, problems: ['glossary.maxFileSize must be a non-negative number'] });
    }
  });

  test('description limits: each bound on its own', () => {
    assert.deepEqual(resolveSettings({ description: { minLength: 10 } }).settings.description, { minLength: 10, maxLength: 160 });
    assert.deepEqual(resolveSettings({ description: { maxLength: 300 } }).settings.description, { minLength: 50, maxLength: 300 });
    assert.deepEqual(resolveSettings({ description: { minLength: -5, maxLength: 'long' } }), {
      settings: DEFAULT_SETTINGS,
      problems: ['glossary.description.minLength must be a non-negative number', 'glossary.description.maxLength must be a non-negative number'],
    });
    assert.deepEqual(resolveSettings({ description: 100 }).problems, ['glossary.description must be an object']);
  });

  test('completion.maxItems: at least 1, rounded down', () => {
    assert.equal(resolveSettings({ completion: { maxItems: 5 } }).settings.completion.maxItems, 5);
    assert.equal(resolveSettings({ completion: { maxItems: 7.9 } }).settings.completion.maxItems, 7);
    for (const bad of [{ maxItems: 0 }, { maxItems: 0.5 }, { maxItems: -3 }, { maxItems: '5' }]) {
      assert.deepEqual(resolveSettings({ completion: bad }), { settings: DEFAULT_SETTINGS, problems: ['glossary.completion.maxItems must be a number of at least 1'] });
    }
    assert.deepEqual(resolveSettings({ completion: 5 }), { settings: DEFAULT_SETTINGS, problems: ['glossary.completion must be an object'] });
  });
});

describe('resolveSettings: fields', () => {
  test('adds, retypes and removes fields; a bad type is a problem', () => {
    const { settings, problems } = resolveSettings({ fields: { tags: 'string[]', title: 'any', logoIcon: null, when: 'date' } });
    assert.deepEqual(settings.fields, { title: 'any', description: 'string', category: 'string', related: 'string[]', aliases: 'string[]', tags: 'string[]' });
    assert.deepEqual(problems, ['glossary.fields.when must be one of string, string[], boolean, number, any (or null to remove it)']);
  });

  test('not an object', () => {
    assert.deepEqual(resolveSettings({ fields: ['tags'] }), { settings: DEFAULT_SETTINGS, problems: ['glossary.fields must be an object'] });
  });
});

describe('resolveSettings: severity', () => {
  test('known codes and levels are taken; unknown codes and levels are problems', () => {
    const { settings, problems } = resolveSettings({ severity: { 'unknown-slug': 'off', 'yaml-syntax': 'hint', nope: 'error', 'duplicate-key': 'fatal' } });
    assert.deepEqual(settings.severity, { 'unknown-slug': 'off', 'yaml-syntax': 'hint' });
    assert.deepEqual(problems, [
      'glossary.severity.nope is not a diagnostic code',
      'glossary.severity.duplicate-key must be one of error, warning, information, hint, off',
    ]);
  });

  test('not an object', () => {
    assert.deepEqual(resolveSettings({ severity: 'off' }).problems, ['glossary.severity must be an object']);
  });

  test('severityOf: the configured level, else the code default', () => {
    const { settings } = resolveSettings({ severity: { 'unknown-slug': 'error', 'tool-call-debris': 'off' } });
    assert.equal(severityOf(settings, 'unknown-slug'), 'error');
    assert.equal(severityOf(settings, 'tool-call-debris'), 'off');
    assert.equal(severityOf(settings, 'description-length'), 'information');
    assert.equal(severityOf(DEFAULT_SETTINGS, 'unknown-slug'), 'warning');
  });

  test('every diagnostic code has its documented default level', () => {
    const defaults: Record<string, string> = {
      'frontmatter-missing': 'error',
      'frontmatter-misplaced': 'error',
      'frontmatter-unclosed': 'error',
      'yaml-syntax': 'error',
      'frontmatter-not-mapping': 'error',
      'duplicate-key': 'error',
      'required-field-missing': 'error',
      'field-type': 'error',
      'unknown-key': 'warning',
      'unknown-slug': 'warning',
      'duplicate-related': 'warning',
      'self-related': 'warning',
      'description-empty': 'warning',
      'description-length': 'information',
      'duplicate-title': 'warning',
      'unclosed-fence': 'error',
      'tool-call-debris': 'error',
      'file-too-large': 'warning',
      'unknown-link': 'warning',
      'one-way-relation': 'hint',
    };
    for (const [code, level] of Object.entries(defaults)) {
      assert.ok(isDiagnosticCode(code), code);
      assert.equal(severityOf(DEFAULT_SETTINGS, code), level, code);
    }
  });

  test('isDiagnosticCode knows the codes and nothing inherited', () => {
    assert.ok(Object.keys(DIAGNOSTIC_CODES).length >= 20);
    assert.equal(isDiagnosticCode('unknown-slug'), true);
    assert.equal(isDiagnosticCode('unknown'), false);
    assert.equal(isDiagnosticCode('toString'), false);
    assert.equal(isDiagnosticCode('__proto__'), false);
  });
});
