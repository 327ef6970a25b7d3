import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, parseConfig, type ConfigProblem } from '../../server/src/core/config';
import { DEFAULT_ENTRY_TEMPLATE, DEFAULT_SETTINGS, DIAGNOSTIC_CODES, validateSettings } from '../../server/src/core/settings';
import { SETTING_DEFINITIONS } from '../../server/src/core/settingDefinitions';
import { InMemoryWorkspace } from '../helpers/inMemoryWorkspace';

const URI = 'file:///ws/glossary.config.json';
const REPO_ROOT = join(__dirname, '..', '..');
const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'glossary.config.schema.json'), 'utf8')) as {
  properties: Record<string, { type?: string; default?: unknown; properties?: Record<string, { default?: unknown }> }>;
  additionalProperties: boolean;
};
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, unknown> } } };

/** The problems as [message, the text their span covers]. */
function located(text: string, problems: ConfigProblem[]): [string, string][] {
  return problems.map((problem) => [problem.message, text.slice(problem.span.start, problem.span.end)]);
}

/** The span of the `nth` occurrence of `needle` in `text`. */
function spanOf(text: string, needle: string, nth = 0): { start: number; end: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `${needle} (#${nth}) is not in the text`);
  }
  return { start: at, end: at + needle.length };
}

describe('parseConfig: problems and where they are', () => {
  test('a valid file: settings laid over the defaults, no problems; $schema is allowed', () => {
    const text = '{\n  "$schema": "./schemas/glossary.config.schema.json",\n  "relatedPrefix": "glossary/",\n  "fields": { "weight": "number", "logoIcon": null }\n}\n';
    const config = parseConfig(URI, text);
    assert.deepEqual(config.problems, []);
    assert.equal(config.uri, URI);
    assert.equal(config.text, text);
    assert.equal(config.settings.relatedPrefix, 'glossary/');
    assert.equal(config.settings.fields.weight, 'number');
    assert.equal(config.settings.fields.logoIcon, undefined);
    assert.deepEqual(config.settings.include, DEFAULT_SETTINGS.include);
    assert.equal(config.templateFile, undefined);
  });

  test('include globs that leave the workspace folder are reported at each glob', () => {
    const text = '{ "include": ["content/**/*.md", "../elsewhere/*.md", "/abs/**/*.md", "a/../../b/*.md", "C:/x/*.md", "..notes/*.md"] }';
    const config = parseConfig(URI, text);
    assert.deepEqual(located(text, config.problems), ['"../elsewhere/*.md"', '"/abs/**/*.md"', '"a/../../b/*.md"', '"C:/x/*.md"'].map((glob, i) => [
      `include.${i + 1} ${glob} leaves the workspace folder; only files inside it are indexed, so it matches nothing`,
      glob,
    ]));
  });

  test('invalid JSON: the defaults, and the place of the error', () => {
    const text = '{\n  "include": ["content/**/*.md",],\n  "linkPrefix": "/g/"\n}\n';
    const config = parseConfig(URI, text);
    assert.deepEqual(config.problems, [{ message: 'Invalid JSON: a value was expected', span: { start: text.indexOf(',]') + 1, end: text.indexOf(',]') + 2 } }]);
    assert.deepEqual(config.settings, DEFAULT_SETTINGS, 'nothing of a file that does not parse is used');
    assert.notEqual(config.settings, DEFAULT_SETTINGS);
  });

  test('invalid JSON: comments, a missing comma, an unterminated string', () => {
    assert.deepEqual(located('// x\n{}', parseConfig(URI, '// x\n{}').problems), [['Invalid JSON: comments are not allowed in JSON', '// x']]);
    const missingComma = '{ "a": 1\n  "b": 2 }';
    assert.deepEqual(parseConfig(URI, missingComma).problems[0], { message: 'Invalid JSON: a comma was expected', span: spanOf(missingComma, '"b"') });
    const unterminated = '{ "linkPrefix": "/g/ }';
    assert.equal(parseConfig(URI, unterminated).problems[0].message, 'Invalid JSON: unterminated string');
  });

  test('an empty file is a problem at its start', () => {
    const config = parseConfig(URI, '');
    assert.equal(config.problems.length, 1);
    assert.equal(config.problems[0].span.start, 0);
    assert.deepEqual(config.settings, DEFAULT_SETTINGS);
  });

  test('an empty file says that it is empty', () => {
    assert.deepEqual(parseConfig(URI, '').problems.map((p) => p.message), ['The configuration file is empty; write a JSON object such as {}.']);
    assert.deepEqual(parseConfig(URI, '  \n').problems.map((p) => p.message), ['The configuration file is empty; write a JSON object such as {}.']);
  });

  test('a value that is not an object: the whole value', () => {
    assert.deepEqual(located('[1, 2]', parseConfig(URI, '[1, 2]').problems), [['The configuration must be a JSON object, such as {"linkPrefix": "/glossary/"}.', '[1, 2]']]);
    assert.deepEqual(located('"x"', parseConfig(URI, '"x"').problems), [['The configuration must be a JSON object, such as {"linkPrefix": "/glossary/"}.', '"x"']]);
  });

  test('a file holding `null` is not an object either', () => {
    assert.deepEqual(parseConfig(URI, 'null').problems.map((p) => p.message), ['The configuration must be a JSON object, such as {"linkPrefix": "/glossary/"}.']);
  });

  test('an unknown key: the span of the key; a wrong type: the span of the value', () => {
    const text = [
      '{',
      '  "relatedPrefx": "glossary/",',
      '  "maxFileSize": "8 MB",',
      '  "titleField": "",',
      '  "updateLinksOnRename": "sometimes",',
      '  "slugPattern": "([a-z",',
      '  "fields": { "weight": "int", "draft": "boolean" },',
      '  "description": { "minLength": -1, "max": 100 }',
      '}',
    ].join('\n');
    const config = parseConfig(URI, text);
    assert.deepEqual(located(text, config.problems), [
      // In the order of the file.
      ['relatedPrefx is not a known setting', '"relatedPrefx"'],
      ['maxFileSize must be a non-negative number', '"8 MB"'],
      ['titleField must be a non-empty string', '""'],
      ['updateLinksOnRename must be one of prompt, always, never', '"sometimes"'],
      ['slugPattern must be a valid regular expression', '"([a-z"'],
      ['fields.weight must be one of string, string[], boolean, number, any (or null to remove it)', '"int"'],
      ['description.minLength must be a non-negative number', '-1'],
      ['description.max is not a known setting', '"max"'],
    ]);
    // The good parts still apply; the bad ones keep their defaults.
    assert.equal(config.settings.fields.draft, 'boolean');
    assert.equal(config.settings.fields.weight, undefined);
    assert.equal(config.settings.maxFileSize, DEFAULT_SETTINGS.maxFileSize);
    assert.equal(config.settings.titleField, 'title');
  });

  test('severity: an unknown code at its key, an unknown level at its value', () => {
    const text = '{\n  "severity": {\n    "unknown-slg": "off",\n    "self-related": "loud",\n    "one-way-relation": "off"\n  }\n}';
    const config = parseConfig(URI, text);
    assert.deepEqual(config.problems, [
      { message: 'severity.unknown-slg is not a diagnostic code', span: spanOf(text, '"unknown-slg"') },
      { message: 'severity.self-related must be one of error, warning, information, hint, off', span: spanOf(text, '"loud"') },
    ]);
    assert.deepEqual(config.settings.severity, { 'one-way-relation': 'off' });
  });

  test('the span of a nested key is found even when the same key name appears earlier', () => {
    // "max" is a value first, then a key of description.
    const text = '{ "categories": ["max"], "description": { "max": 1 } }';
    assert.deepEqual(parseConfig(URI, text).problems, [{ message: 'description.max is not a known setting', span: spanOf(text, '"max"', 1) }]);
  });

  test('completion that is not an object: the span of its value', () => {
    const text = '{\n  "completion": 5\n}';
    assert.deepEqual(located(text, parseConfig(URI, text).problems), [['completion must be an object', '5']]);
  });

  test('completion: an unknown key is reported at that key, and an empty object is valid', () => {
    const typo = '{ "completion": { "maxItem": 5 } }';
    const typoProblems = located(typo, parseConfig(URI, typo).problems);
    assert.ok(typoProblems.some(([message, at]) => message === 'completion.maxItem is not a known setting' && at === '"maxItem"'), JSON.stringify(typoProblems));
    assert.ok(typoProblems.every(([, at]) => at !== '{'), 'no problem at the start of the file');
    const extra = '{ "completion": { "maxItems": 5, "extra": 1 } }';
    assert.deepEqual(located(extra, parseConfig(URI, extra).problems), [['completion.extra is not a known setting', '"extra"']]);
    assert.deepEqual(parseConfig(URI, '{ "completion": {} }').problems, []);
  });


  test('entryTemplateFile: taken out of the settings; not a string is a problem at its value', () => {
    const ok = parseConfig(URI, '{ "entryTemplateFile": "templates/entry.md" }');
    assert.deepEqual(ok.problems, []);
    assert.equal(ok.templateFile, 'templates/entry.md');
    assert.equal(ok.settings.entryTemplate, DEFAULT_ENTRY_TEMPLATE, 'parseConfig does not read the file');
    for (const value of ['3', '""', '"  "', 'null', '["a"]']) {
      const text = `{ "entryTemplateFile": ${value} }`;
      const config = parseConfig(URI, text);
      assert.deepEqual(located(text, config.problems), [['entryTemplateFile must be the path of a file, relative to this configuration file.', value]], value);
      assert.equal(config.templateFile, undefined);
    }
  });

  test('parsing does not depend on the line endings or a byte-order mark', () => {
    const lf = '{\n  "linkPrefix": 3\n}\n';
    const crlf = lf.replace(/\n/g, '\r\n');
    assert.deepEqual(located(crlf, parseConfig(URI, crlf).problems), located(lf, parseConfig(URI, lf).problems));
  });
});

describe('loadConfig: the file in the workspace folder, and its entry template', () => {
  const FOLDER = 'file:///ws';

  test('no configuration file: undefined', async () => {
    assert.equal(await loadConfig(new InMemoryWorkspace(FOLDER, {}), FOLDER), undefined);
  });

  test('the file at the root of the folder, or the one named explicitly', async () => {
    const workspace = new InMemoryWorkspace(FOLDER, {
      'glossary.config.json': '{ "linkPrefix": "/terms/" }',
      'conf/other.json': '{ "linkPrefix": "/words/" }',
    });
    assert.equal((await loadConfig(workspace, FOLDER))?.settings.linkPrefix, '/terms/');
    const explicit = await loadConfig(workspace, FOLDER, workspace.uri('conf/other.json'));
    assert.equal(explicit?.uri, workspace.uri('conf/other.json'));
    assert.equal(explicit?.settings.linkPrefix, '/words/');
    // The folder may be given with a trailing slash.
    assert.equal((await loadConfig(workspace, `${FOLDER}/`))?.settings.linkPrefix, '/terms/');
  });

  test('a template file inside the folder becomes the entry template', async () => {
    const workspace = new InMemoryWorkspace(FOLDER, {
      'glossary.config.json': '{ "entryTemplateFile": "templates/entry.md" }',
      'templates/entry.md': '---\nterm: {{title}}\n---\n',
    });
    const config = await loadConfig(workspace, FOLDER);
    assert.deepEqual(config?.problems, []);
    assert.equal(config?.settings.entryTemplate, '---\nterm: {{title}}\n---\n');
  });

  test('the template path is relative to the configuration file', async () => {
    const workspace = new InMemoryWorkspace(FOLDER, {
      'conf/glossary.json': '{ "entryTemplateFile": "../templates/entry.md" }',
      'templates/entry.md': 'T {{slug}}',
    });
    const config = await loadConfig(workspace, FOLDER, workspace.uri('conf/glossary.json'));
    assert.deepEqual(config?.problems, []);
    assert.equal(config?.settings.entryTemplate, 'T {{slug}}');
  });

  for (const [name, path] of [
    ['a parent folder', '../outside.md'],
    ['a sibling folder whose name starts like the workspace', '../ws2/entry.md'],
    ['an absolute path', '/etc/passwd'],
    ['the folder itself', '.'],
  ] as const) {
    test(`a template outside the folder (${name}) is refused and never read`, async () => {
      const text = `{\n  "linkPrefix": "/g/",\n  "entryTemplateFile": ${JSON.stringify(path)}\n}`;
      const workspace = new InMemoryWorkspace(FOLDER, { 'glossary.config.json': text });
      const config = await loadConfig(workspace, FOLDER);
      assert.deepEqual(located(text, config!.problems), [['entryTemplateFile points outside the workspace folder; it is ignored.', JSON.stringify(path)]]);
      assert.equal(config?.settings.entryTemplate, DEFAULT_ENTRY_TEMPLATE);
      assert.equal(config?.settings.linkPrefix, '/g/', 'the rest of the file still applies');
      assert.equal(workspace.reads, 1, 'only the configuration file was read');
    });
  }

  test('a template inside the folder that does not exist: a problem at the path', async () => {
    const text = '{ "entryTemplateFile": "templates/missing.md" }';
    const config = await loadConfig(new InMemoryWorkspace(FOLDER, { 'glossary.config.json': text }), FOLDER);
    assert.deepEqual(located(text, config!.problems), [["entryTemplateFile: 'templates/missing.md' cannot be read.", '"templates/missing.md"']]);
    assert.equal(config?.settings.entryTemplate, DEFAULT_ENTRY_TEMPLATE);
  });

  test('the template problem is placed on the entryTemplateFile value, not on an earlier equal string', async () => {
    const text = '{\n  "include": ["templates/x.md"],\n  "entryTemplateFile": "templates/x.md"\n}';
    const config = await loadConfig(new InMemoryWorkspace(FOLDER, { 'glossary.config.json': text }), FOLDER);
    assert.deepEqual(config!.problems.map((p) => p.span), [spanOf(text, '"templates/x.md"', 1)]);
    const escaped = '{ "entryTemplateFile": "templates\\/x.md" }';
    const config2 = await loadConfig(new InMemoryWorkspace(FOLDER, { 'glossary.config.json': escaped }), FOLDER);
    assert.deepEqual(located(escaped, config2!.problems), [["entryTemplateFile: 'templates/x.md' cannot be read.", '"templates\\/x.md"']]);
  });

  test('a byte-order mark at the start of the file is not an error', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{ "linkPrefix": "/terms/" }')]);
    const config = await loadConfig(new InMemoryWorkspace(FOLDER, { 'glossary.config.json': bytes }), FOLDER);
    assert.deepEqual(config?.problems, []);
    assert.equal(config?.settings.linkPrefix, '/terms/');
  });
});

describe('schemas/glossary.config.schema.json matches what the configuration file accepts', () => {
  const schemaKeys = Object.keys(schema.properties);
  const FILE_ONLY = ['entryTemplateFile', '$schema'];
  const isUnknown = (key: string, value: unknown = null) =>
    validateSettings({ [key]: value }, { strict: true }).problems.some((problem) => problem.path.length === 1 && problem.path[0] === key && problem.message === 'is not a known setting');

  test('the schema forbids other keys', () => {
    assert.equal(schema.additionalProperties, false);
  });

  test('every key of the schema is known to the validator (no "is not a known setting")', () => {
    for (const key of schemaKeys) {
      if (key === 'entryTemplateFile') continue; // taken out by parseConfig before validation; see below
      assert.equal(isUnknown(key), false, key);
    }
    assert.deepEqual(parseConfig(URI, JSON.stringify({ $schema: 'x', entryTemplateFile: 'x.md' })).problems, []);
  });

  test('a key that is not in the schema is not a known setting', () => {
    for (const key of ['relatedPrefixes', 'preview', 'glossary', 'linkprefix', 'entrytemplatefile', 'foo']) {
      assert.ok(!schemaKeys.includes(key));
      assert.equal(isUnknown(key), true, key);
    }
  });

  test('the schema keys are exactly the settings the validator accepts, plus entryTemplateFile and $schema', () => {
    // Candidates: every setting the engine has, and every top-level name the editor contributes.
    const candidates = new Set([
      ...Object.keys(DEFAULT_SETTINGS),
      ...Object.keys(manifest.contributes.configuration.properties).map((name) => name.split('.')[1]),
      ...schemaKeys,
    ]);
    const accepted = [...candidates].filter((key) => !FILE_ONLY.includes(key) && !isUnknown(key));
    assert.deepEqual(new Set([...accepted, ...FILE_ONLY]), new Set(schemaKeys));
    // Editor-only settings (the whole-glossary check) are about the editor, not about the glossary.
    const editorOnly = new Set(SETTING_DEFINITIONS.filter((definition) => definition.editorOnly).map((definition) => definition.key.split('.')[0]));
    assert.deepEqual(new Set(accepted), new Set(Object.keys(DEFAULT_SETTINGS).filter((key) => !editorOnly.has(key))), 'every engine setting can be set in the file');
  });

  test("the schema's defaults are valid values", () => {
    const defaults: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema.properties)) {
      if (FILE_ONLY.includes(key)) continue;
      if (property.properties) {
        defaults[key] = Object.fromEntries(Object.entries(property.properties).filter(([, p]) => p.default !== undefined).map(([k, p]) => [k, p.default]));
      } else if (property.default !== undefined) defaults[key] = property.default;
    }
    const { settings, problems } = validateSettings(defaults, { strict: true });
    assert.deepEqual(problems, []);
    // The schema spells out each code's default level; the engine keeps them in DIAGNOSTIC_CODES.
    assert.deepEqual(settings.severity, Object.fromEntries(Object.entries(DIAGNOSTIC_CODES).map(([code, info]) => [code, info.severity])));
    // An empty entryTemplate means the built-in one.
    const { entryTemplate: _template, severity: _severity, ...rest } = settings;
    const { entryTemplate: _defaultTemplate, severity: _defaultSeverity, ...defaultRest } = DEFAULT_SETTINGS;
    assert.deepEqual(rest, defaultRest, 'the schema defaults are the engine defaults');
    assert.equal(settings.entryTemplate, DEFAULT_ENTRY_TEMPLATE);
  });

  test('severity and description list the same keys as the validator', () => {
    assert.deepEqual(Object.keys(schema.properties.severity.properties!), Object.keys(DIAGNOSTIC_CODES));
    assert.deepEqual(Object.keys(schema.properties.description.properties!), Object.keys(DEFAULT_SETTINGS.description));
    assert.deepEqual(Object.keys(schema.properties.completion.properties!), Object.keys(DEFAULT_SETTINGS.completion));
  });
});
