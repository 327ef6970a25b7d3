/**
 * End-to-end tests of the command-line front (`dist/cli.js check …`): output formats, exit codes,
 * usage and configuration errors, and `--fix`. Build first: `npm run build`, then
 * `node --import tsx --test test/cli/*.test.ts`.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { applyPatch, parsePatch } from 'diff';
import { DIAGNOSTIC_CODES } from '../../server/src/core/settings';
import {
  changedFiles,
  CLI_PATH,
  copyExample,
  EXAMPLES,
  parseTextOutput,
  readText,
  removeDir,
  runCli,
  snapshot,
  SUMMARY_LINE,
  tempDir,
  TEXT_LINE,
  writeFile,
  type JsonFinding,
  type JsonReport,
} from './support';

const ENTRY_DIR = join('content', 'glossary');
/** A path of examples/glossary as the CLI prints it when run from the repository root. */
const example = (slug: string) => join('examples', 'glossary', ENTRY_DIR, `${slug}.md`);
const SEVERITIES = ['error', 'warning', 'information', 'hint'] as const;

test('dist/cli.js is built (run `npm run build` first)', () => {
  assert.ok(existsSync(CLI_PATH), `${CLI_PATH} is missing`);
});

// ---- text --------------------------------------------------------------------------------------

describe('text output on examples/glossary', () => {
  let result: Awaited<ReturnType<typeof runCli>>;
  before(async () => {
    // Colour is asked for every way but the one that counts: stdout is a pipe, not a TTY.
    result = await runCli(['check', 'examples/glossary', '--show', 'hint'], { env: { FORCE_COLOR: '1', TERM: 'xterm-256color', CLICOLOR_FORCE: '1' } });
  });

  test('exits 1 and prints nothing on stderr', () => {
    assert.equal(result.code, 1, result.stderr);
    assert.equal(result.stderr, '');
  });

  test('no ANSI colour codes when stdout is not a TTY', () => {
    assert.ok(!result.stdout.includes('\x1b'), 'stdout holds an escape character');
    assert.ok(!/\[\d+m/.test(result.stdout), 'stdout holds a colour code');
  });

  test('every finding line is `path:line:col  severity  code  message`, sorted by file and position', () => {
    const { findings } = parseTextOutput(result.stdout);
    assert.ok(findings.length > 0);
    const parsed = findings.map((line) => {
      const match = TEXT_LINE.exec(line);
      assert.ok(match, `not a finding line: ${JSON.stringify(line)}`);
      return { file: match[1], line: Number(match[2]), column: Number(match[3]) };
    });
    const sorted = [...parsed].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
    assert.deepEqual(parsed, sorted);
  });

  test('exact lines of known findings', () => {
    const { findings } = parseTextOutput(result.stdout);
    const of = (slug: string) => findings.filter((line) => line.startsWith(`${example(slug)}:`));
    assert.deepEqual(of('gradient-descent'), [
      `${example('gradient-descent')}:1:1  error  required-field-missing  The required field 'category' is missing.`,
      `${example('gradient-descent')}:3:15  information  description-length  The description is 13 characters long; search engines show 50–160 characters best.`,
      `${example('gradient-descent')}:6:3  warning  self-related  The entry lists itself ('gradient-descent') as related.`,
      `${example('gradient-descent')}:8:3  warning  duplicate-related  'neural-network' is already listed in related.`,
    ]);
    assert.deepEqual(of('tokenization'), [
      `${example('tokenization')}:6:1  warning  unknown-key  'tags' is not a glossary field.`,
      `${example('tokenization')}:8:3  warning  unknown-slug  No glossary entry is named 'embedding'. Did you mean 'embeddings'?`,
      `${example('tokenization')}:9:3  warning  unknown-slug  No glossary entry is named 'large-language-model'. Did you mean 'large-language-models'?`,
      `${example('tokenization')}:14:1  error  tool-call-debris  \`</content>\` is markup left behind by an AI tool call, not part of the entry. Remove it.`,
    ]);
    assert.deepEqual(of('overfitting'), [
      `${example('overfitting')}:3:14  error  yaml-syntax  Invalid YAML: Nested mappings are not allowed in compact mappings`,
    ]);
    assert.deepEqual(of('rlhf'), [
      `${example('rlhf')}:8:3  hint  one-way-relation  'large-language-models' does not list 'rlhf' in its related entries, so readers of 'large-language-models' will not find this one.`,
    ]);
    const foundation = of('foundation-model');
    assert.ok(foundation.includes(`${example('foundation-model')}:12:1  error  tool-call-debris  \`<write_to_file>\` is markup left behind by an AI tool call, not part of the entry. Remove it.`));
    assert.ok(foundation.includes(`${example('foundation-model')}:15:1  error  frontmatter-misplaced  This frontmatter starts on line 15; site generators only read frontmatter on line 1. Move it to the top of the file and remove what stands above it.`));
    assert.ok(foundation.includes(`${example('foundation-model')}:28:3  warning  unknown-slug  No glossary entry is named 'model-architecture'.`));
    assert.ok(foundation.includes(`${example('foundation-model')}:36:1  error  unclosed-fence  The code fence "\`\`\`mermaid" opened on line 36 is never closed, so everything after it renders as code. Close it with a line of \`\`\`.`));
  });

  test('only the broken entries, the two one-way relations named in the README and the unlinked mentions have findings', () => {
    const { findings } = parseTextOutput(result.stdout);
    const files = new Set(findings.map((line) => TEXT_LINE.exec(line)![1]));
    const broken = ['embeddings', 'foundation-model', 'gradient-descent', 'overfitting', 'rlhf', 'tokenization'];
    const mentioning = ['attention-mechanism', 'deep-learning', 'few-shot-learning', 'generative-ai', 'in-context-learning', 'prompt-engineering', 'retrieval-augmented-generation', 'transformer'];
    assert.deepEqual([...files].sort(), [...broken, ...mentioning].sort().map(example));
  });

  test('the summary line counts the entries and the findings by severity', () => {
    const { findings, summary } = parseTextOutput(result.stdout);
    const match = SUMMARY_LINE.exec(summary);
    assert.ok(match, `not a summary line: ${JSON.stringify(summary)}`);
    const bySeverity = (severity: string) => findings.filter((line) => TEXT_LINE.exec(line)![4] === severity).length;
    assert.deepEqual(match.slice(1, 6).map(Number), [21, bySeverity('error'), bySeverity('warning'), bySeverity('information'), bySeverity('hint')]);
    assert.match(summary, /^21 entries checked in \d+\.\d\d s: 9 errors, 8 warnings, 1 information, 16 hints\.$/);
    assert.equal(match[6], undefined, 'no "fixes applied" without --fix');
  });
});

describe('exit codes and --fail-on', () => {
  let hintsOnly: string;
  before(() => {
    // Two valid entries; only a one-way relation (a hint) between them.
    hintsOnly = tempDir();
    writeFile(join(hintsOnly, ENTRY_DIR, 'alpha.md'), entry('Alpha', ['beta']));
    writeFile(join(hintsOnly, ENTRY_DIR, 'beta.md'), entry('Beta', []));
  });
  after(() => removeDir(hintsOnly));

  test('--fail-on error: still 1, examples/glossary has errors', async () => {
    assert.equal((await runCli(['check', 'examples/glossary', '--fail-on', 'error'])).code, 1);
  });

  test('--fail-on none: 0, and the findings are still printed', async () => {
    const result = await runCli(['check', 'examples/glossary', '--fail-on', 'none']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /: 9 errors, 8 warnings; information and hints not checked \(--show hint checks and lists them\)\.\n$/);
  });

  test('by default errors and warnings are checked and listed, and the summary says the rest was not checked', async () => {
    const { findings, summary } = parseTextOutput((await runCli(['check', 'examples/glossary'])).stdout);
    assert.deepEqual(new Set(findings.map((line) => TEXT_LINE.exec(line)![4])), new Set(['error', 'warning']));
    assert.match(summary, /: 9 errors, 8 warnings; information and hints not checked \(--show hint checks and lists them\)\.$/);
    const errorsOnly = parseTextOutput((await runCli(['check', 'examples/glossary', '--show=error'])).stdout);
    assert.equal(errorsOnly.findings.length, 9);
    // Failing on warnings (the default), warnings are checked, and counted though not listed.
    assert.match(errorsOnly.summary, /: 9 errors, 8 warnings \(warnings not listed: --show warning lists them\); information and hints not checked/);
    const counted = parseTextOutput((await runCli(['check', 'examples/glossary', '--show=error', '--fail-on=hint'])).stdout);
    assert.equal(counted.findings.length, 9);
    assert.match(counted.summary, /: 9 errors, 8 warnings, 1 information, 16 hints \(warnings and information and hints not listed: --show hint lists them\)\.$/);
  });

  test('--max-severity is an alias of --fail-on', async () => {
    assert.equal((await runCli(['check', 'examples/glossary', '--max-severity', 'none'])).code, 0);
  });

  test('a glossary with only a hint: 0 by default (warning), 0 at information, 1 at hint', async () => {
    const cwd = hintsOnly;
    const plain = await runCli(['check', '.'], { cwd });
    assert.equal(plain.code, 0, plain.stdout);
    assert.match(plain.stdout, /^2 entries checked in \d+\.\d\d s: 0 errors, 0 warnings; information and hints not checked \(--show hint checks and lists them\)\.\n$/);
    assert.match((await runCli(['check', '.', '--fail-on', 'hint'], { cwd })).stdout, /: 0 errors, 0 warnings, 0 information, 1 hint \(hints not listed: --show hint lists them\)\.\n$/);
    const listed = await runCli(['check', '.', '--show', 'hint'], { cwd });
    assert.equal(listed.stdout.split('\n')[0], `${join(ENTRY_DIR, 'alpha.md')}:6:5  hint  one-way-relation  'beta' does not list 'alpha' in its related entries, so readers of 'beta' will not find this one.`);
    assert.equal((await runCli(['check', '.', '--fail-on', 'information'], { cwd })).code, 0);
    assert.equal((await runCli(['check', '.', '--fail-on', 'hint'], { cwd })).code, 1);
  });

  for (const name of ['paths-glossary', 'hugo-glossary']) {
    const broken = name === 'paths-glossary' ? join(ENTRY_DIR, 'checkpoint.md') : join('content', 'terms', '06-batch-norm.md');
    test(`examples/${name} without its broken entry exits 0 with --fail-on hint`, async () => {
      const dir = copyExample(name);
      try {
        rmSync(join(dir, broken));
        const result = await runCli(['check', '.', '--fail-on', 'hint'], { cwd: dir });
        assert.equal(result.code, 0, result.stdout + result.stderr);
        assert.match(result.stdout, /^5 entries checked in \d+\.\d\d s: 0 errors, 0 warnings, 0 information, 0 hints\.\n$/);
      } finally {
        removeDir(dir);
      }
    });
  }

  test('--help and --version exit 0 on stdout', async () => {
    const help = await runCli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: glossary-author check \[folder…\] \[options\]/);
    assert.equal(help.stderr, '');
    const version = await runCli(['--version']);
    assert.deepEqual(version, { code: 0, stdout: 'glossary-author 0.1.0\n', stderr: '' });
  });
});

// ---- json --------------------------------------------------------------------------------------

describe('--format json', () => {
  let report: JsonReport;
  let text: string;
  before(async () => {
    const result = await runCli(['check', 'examples/glossary', '--format', 'json', '--show', 'hint']);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, '');
    report = JSON.parse(result.stdout) as JsonReport;
    text = (await runCli(['check', 'examples/glossary', '--show', 'hint'])).stdout;
  });

  test('version and summary', async () => {
    assert.equal(report.version, '0.1.0');
    assert.deepEqual(Object.keys(report.summary), ['entries', 'error', 'warning', 'information', 'hint', 'fixed']);
    assert.equal(report.summary.entries, 21);
    assert.equal(report.summary.fixed, 0);
  });

  test('the summary counts equal the findings per severity', () => {
    for (const severity of SEVERITIES) {
      assert.equal(report.summary[severity], report.findings.filter((finding) => finding.severity === severity).length, severity);
    }
    assert.deepEqual([report.summary.error, report.summary.warning, report.summary.information, report.summary.hint], [9, 8, 1, 16]);
  });

  test('every finding has file, line, column, endLine, endColumn, severity, code and message', () => {
    for (const finding of report.findings) {
      const where = JSON.stringify(finding);
      assert.equal(typeof finding.file, 'string', where);
      assert.ok(finding.file.startsWith(join('examples', 'glossary', ENTRY_DIR)), where);
      for (const key of ['line', 'column', 'endLine', 'endColumn'] as const) assert.ok(Number.isInteger(finding[key]) && finding[key] >= 1, `${key}: ${where}`);
      assert.ok(finding.endLine > finding.line || (finding.endLine === finding.line && finding.endColumn >= finding.column), `range is reversed: ${where}`);
      assert.ok(SEVERITIES.includes(finding.severity), where);
      assert.ok(finding.code in DIAGNOSTIC_CODES, where);
      assert.equal(typeof finding.message, 'string', where);
      assert.ok(finding.message.length > 0, where);
    }
  });

  test('a range covers the text it names', () => {
    const self = report.findings.find((finding) => finding.code === 'self-related')!;
    const line = readFileSync(self.file, 'utf8').split('\n')[self.line - 1];
    assert.equal(line.slice(self.column - 1, self.endColumn - 1), 'gradient-descent');
    const unknown = report.findings.find((finding) => finding.code === 'unknown-slug' && finding.message.includes("'embedding'"))!;
    assert.deepEqual(unknown.data, { suggestions: ['embeddings'] });
  });

  test('the same findings, in the same order, as the text format', () => {
    const lines = report.findings.map((f) => `${f.file}:${f.line}:${f.column}  ${f.severity}  ${f.code}  ${f.message}`);
    assert.deepEqual(lines, parseTextOutput(text).findings);
  });
});

// ---- sarif -------------------------------------------------------------------------------------

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[];
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: { tool: { driver: { name: string; version: string; informationUri?: string; rules: { id: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }[] } }; columnKind?: string; results: SarifResult[] }[];
}

/**
 * The parts of the SARIF 2.1.0 schema a consumer relies on, checked by hand (no SARIF schema
 * package is among the project's dependencies): required properties, enums and minimums.
 */
function assertSarifShape(log: SarifLog): void {
  assert.equal(log.version, '2.1.0');
  assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  assert.ok(Array.isArray(log.runs) && log.runs.length === 1);
  const [run] = log.runs;
  assert.equal(run.tool.driver.name, 'glossary-author');
  assert.equal(run.tool.driver.version, '0.1.0');
  if (run.columnKind !== undefined) assert.ok(['utf16CodeUnits', 'unicodeCodePoints'].includes(run.columnKind));
  const rules = run.tool.driver.rules;
  assert.ok(Array.isArray(rules));
  for (const rule of rules) {
    assert.equal(typeof rule.id, 'string');
    assert.equal(typeof rule.shortDescription.text, 'string');
    assert.ok(['none', 'note', 'warning', 'error'].includes(rule.defaultConfiguration.level), rule.id);
  }
  assert.equal(new Set(rules.map((rule) => rule.id)).size, rules.length, 'rule ids are unique');
  for (const result of run.results) {
    const where = JSON.stringify(result);
    assert.equal(typeof result.ruleId, 'string', where);
    assert.ok(rules.some((rule) => rule.id === result.ruleId), `no rule for ${result.ruleId}`);
    if (result.ruleIndex !== undefined) assert.equal(rules[result.ruleIndex].id, result.ruleId, where);
    assert.ok(['error', 'warning', 'note'].includes(result.level), where);
    assert.equal(typeof result.message.text, 'string', where);
    assert.ok(result.locations.length >= 1, where);
    for (const { physicalLocation } of result.locations) {
      const { artifactLocation, region } = physicalLocation;
      assert.equal(typeof artifactLocation.uri, 'string', where);
      assert.ok(!artifactLocation.uri.includes('\\'), `a URI uses / only: ${where}`);
      assert.doesNotThrow(() => new URL(artifactLocation.uri, 'file:///root/'), where);
      for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn'] as const) assert.ok(Number.isInteger(region[key]) && region[key] >= 1, `${key}: ${where}`);
    }
  }
}

describe('--format sarif', () => {
  let log: SarifLog;
  let report: JsonReport;
  before(async () => {
    const result = await runCli(['check', 'examples/glossary', '--format', 'sarif']);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, '');
    log = JSON.parse(result.stdout) as SarifLog;
    report = JSON.parse((await runCli(['check', 'examples/glossary', '--format', 'json'])).stdout) as JsonReport;
  });

  test('is SARIF 2.1.0 in shape', () => {
    assertSarifShape(log);
  });

  test('one rule per diagnostic code, with its default level', () => {
    const rules = log.runs[0].tool.driver.rules;
    assert.deepEqual(rules.map((rule) => rule.id), Object.keys(DIAGNOSTIC_CODES));
    const level = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;
    for (const rule of rules) {
      const info = DIAGNOSTIC_CODES[rule.id as keyof typeof DIAGNOSTIC_CODES];
      assert.equal(rule.defaultConfiguration.level, level[info.severity], rule.id);
      assert.equal(rule.shortDescription.text, info.summary, rule.id);
    }
  });

  test('results match the JSON findings: rule, level, message, file and region', () => {
    const results = log.runs[0].results;
    assert.equal(results.length, report.findings.length);
    const level = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;
    results.forEach((result, i) => {
      const finding: JsonFinding = report.findings[i];
      assert.equal(result.ruleId, finding.code);
      assert.equal(result.level, level[finding.severity]);
      assert.equal(result.message.text, finding.message);
      const { artifactLocation, region } = result.locations[0].physicalLocation;
      assert.equal(artifactLocation.uri, finding.file.split(/[\\/]/).join('/'));
      assert.equal(artifactLocation.uriBaseId, '%SRCROOT%');
      assert.deepEqual(region, { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn });
    });
  });

  test('artifact URIs are percent-encoded relative references (a folder with a space and a #)', async () => {
    const dir = copyExample('glossary', { as: 'my glossary#1' });
    const parent = join(dir, '..');
    try {
      const result = await runCli(['check', 'my glossary#1', '--format', 'sarif'], { cwd: parent });
      const sarif = JSON.parse(result.stdout) as SarifLog;
      assertSarifShape(sarif);
      const uris = sarif.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri);
      assert.ok(uris.includes('my%20glossary%231/content/glossary/overfitting.md'), uris.join('\n'));
      for (const uri of uris) {
        const path = uri.split('/').map(decodeURIComponent).join('/');
        assert.ok(existsSync(join(parent, path)), `${uri} does not name a file`);
      }
    } finally {
      removeDir(parent);
    }
  });
});

// ---- usage and configuration errors ------------------------------------------------------------

describe('usage errors exit 2 with a clear message', () => {
  const cases: [string, string[], string][] = [
    ['unknown option', ['check', 'examples/glossary', '--colour'], "unknown option '--colour'"],
    ['unknown command', ['lint', 'examples/glossary'], "unknown command 'lint'"],
    ['no command', [], 'no command given'],
    ['missing folder', ['check', 'examples/no-such-glossary'], "'examples/no-such-glossary' is not a folder"],
    ['a file given as the folder', ['check', 'examples/glossary/README.md'], "'examples/glossary/README.md' is not a folder"],
    ['bad --format value', ['check', 'examples/glossary', '--format', 'xml'], "--format takes one of text, json, sarif, not 'xml'"],
    ['bad --show value', ['check', 'examples/glossary', '--show=all'], "--show takes one of error, warning, information, hint, not 'all'"],
    ['--format without a value', ['check', 'examples/glossary', '--format'], '--format needs a value'],
    ['bad --fail-on value', ['check', 'examples/glossary', '--fail-on', 'fatal'], "--fail-on takes one of error, warning, information, hint, none, not 'fatal'"],
    ['--dry-run without --fix', ['check', 'examples/glossary', '--dry-run'], '--dry-run goes with --fix'],
    ['--config pointing to a missing file', ['check', 'examples/glossary', '--config', 'examples/missing.json'], "the configuration file 'examples/missing.json' does not exist"],
  ];
  for (const [name, args, message] of cases) {
    test(name, async () => {
      const result = await runCli(args);
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stdout, '');
      const [first, blank, usage] = result.stderr.split('\n');
      assert.equal(first, `glossary-author: ${message}`);
      assert.equal(blank, '');
      assert.match(usage, /^Usage: glossary-author check/);
    });
  }
});

describe('configuration errors exit 2 and are located as file:line:col', () => {
  let dir: string;
  before(() => {
    dir = tempDir();
    writeFile(join(dir, ENTRY_DIR, 'alpha.md'), entry('Alpha', []));
  });
  after(() => removeDir(dir));

  async function check(config: string, args: string[] = ['check', '.']) {
    writeFileSync(join(dir, 'glossary.config.json'), config);
    const result = await runCli(args, { cwd: dir });
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.equal(result.stdout, '', 'nothing was checked');
    const lines = result.stderr.split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.pop(), 'glossary-author: the configuration has errors (above); nothing was checked.');
    return lines;
  }

  test('invalid JSON: a trailing comma', async () => {
    assert.deepEqual(await check('{\n  "include": ["content/glossary/**/*.md",],\n  "linkPrefix": "/glossary/"\n}\n'), [
      'glossary.config.json:2:42  error  config  Invalid JSON: a value was expected',
    ]);
  });

  test('invalid JSON: a missing comma, and a comment', async () => {
    assert.deepEqual(await check('{\n  "linkPrefix": "/glossary/"\n  "relatedPrefix": "glossary/"\n}\n'), [
      'glossary.config.json:3:3  error  config  Invalid JSON: a comma was expected',
    ]);
    assert.deepEqual(await check('// glossary settings\n{}\n'), [
      'glossary.config.json:1:1  error  config  Invalid JSON: comments are not allowed in JSON',
    ]);
  });

  test('an unknown key (at the key) and values of the wrong type (at the value)', async () => {
    const config = [
      '{',
      '  "linkPrefix": "/glossary/",',
      '  "relatedPrefx": "glossary/",',
      '  "maxFileSize": "8 MB",',
      '  "severity": {',
      '    "unknown-slg": "off",',
      '    "self-related": "loud"',
      '  },',
      '  "include": "content/**/*.md"',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(await check(config), [
      // In the order of the file.
      'glossary.config.json:3:3  error  config  relatedPrefx is not a known setting',
      'glossary.config.json:4:18  error  config  maxFileSize must be a non-negative number',
      'glossary.config.json:6:5  error  config  severity.unknown-slg is not a diagnostic code',
      'glossary.config.json:7:21  error  config  severity.self-related must be one of error, warning, information, hint, off',
      'glossary.config.json:9:14  error  config  include must be a list of strings',
    ]);
  });

  test('CRLF line endings do not shift the columns', async () => {
    assert.deepEqual(await check('{\r\n  "linkPrefix": 3\r\n}\r\n'), ['glossary.config.json:2:17  error  config  linkPrefix must be a string']);
  });

  test('the path is printed relative to the current folder; --config names another file', async () => {
    writeFileSync(join(dir, 'glossary.config.json'), '{}\n');
    writeFile(join(dir, 'conf', 'strict.json'), '{\n  "titleField": ""\n}\n');
    const explicit = await runCli(['check', '.', '--config', join('conf', 'strict.json')], { cwd: dir });
    assert.equal(explicit.code, 2);
    assert.equal(explicit.stderr.split('\n')[0], `${join('conf', 'strict.json')}:2:17  error  config  titleField must be a non-empty string`);
    // Found in the folder checked, and named from where the CLI runs.
    writeFileSync(join(dir, 'glossary.config.json'), '{\n  "categories": "Testing"\n}\n');
    const fromBelow = await runCli(['check', '..'], { cwd: join(dir, 'conf') });
    assert.equal(fromBelow.code, 2);
    assert.equal(fromBelow.stderr.split('\n')[0], `${join('..', 'glossary.config.json')}:2:17  error  config  categories must be a list of strings`);
    writeFileSync(join(dir, 'glossary.config.json'), '{}\n');
  });

  test('a valid config file next to the entries is used without --config', async () => {
    writeFileSync(join(dir, 'glossary.config.json'), '{ "severity": { "description-length": "error" } }\n');
    writeFile(join(dir, ENTRY_DIR, 'short.md'), '---\ntitle: Short\ndescription: Too short.\ncategory: Test\n---\nBody.\n');
    try {
      const result = await runCli(['check', '.', '--fail-on', 'error'], { cwd: dir });
      assert.equal(result.code, 1);
      assert.match(result.stdout, /short\.md:3:14 {2}error {2}description-length {2}/);
    } finally {
      rmSync(join(dir, ENTRY_DIR, 'short.md'));
      writeFileSync(join(dir, 'glossary.config.json'), '{}\n');
    }
  });
});

// ---- --fix -------------------------------------------------------------------------------------

/** The text of a small valid entry. */
function entry(title: string, related: string[], { eol = '\n' } = {}): string {
  const lines = [
    '---',
    `title: ${title}`,
    `description: 'A test entry about ${title.toLowerCase()}, long enough for the description length check.'`,
    'category: Testing',
    `related:${related.length ? '' : ' []'}`,
    ...related.map((slug) => `  - ${slug}`),
    '---',
    `## What is ${title}?`,
    `${title} is a term of this test glossary.`,
    '',
  ];
  return lines.join(eol);
}

/** Splits `--fix --dry-run` text output into the unified diff and the findings after it. */
function splitDryRun(stdout: string): { patch: string; report: string } {
  const lines = stdout.split('\n');
  const first = lines.findIndex((line) => TEXT_LINE.test(line) && !/^[ +\-@=\\]/.test(line));
  assert.ok(first > 0, 'no diff before the findings');
  return { patch: lines.slice(0, first).join('\n'), report: lines.slice(first).join('\n') };
}

describe('--fix on a copy of examples/glossary', () => {
  let dir: string;
  let original: Map<string, Buffer>;
  const file = (slug: string) => `content/glossary/${slug}.md`;
  const originalText = (slug: string) => original.get(file(slug))!.toString('utf8');

  before(() => {
    dir = copyExample('glossary');
    original = snapshot(dir);
  });
  after(() => removeDir(dir));

  /** What the safe fixes must make of each file, derived line by line from the original. */
  function expectedText(slug: string): string {
    const lines = originalText(slug).split('\n');
    if (slug === 'gradient-descent') {
      assert.equal(lines[5], '- gradient-descent');
      assert.equal(lines[7], '- neural-network');
      return lines.filter((_, i) => i !== 5 && i !== 7).join('\n');
    }
    if (slug === 'tokenization') {
      assert.deepEqual([lines[7], lines[8], lines[13]], ['- embedding', '- large-language-model', '</content>']);
      return lines.map((line, i) => (i === 7 ? '- embeddings' : i === 8 ? '- large-language-models' : line)).filter((_, i) => i !== 13).join('\n');
    }
    if (slug === 'foundation-model') {
      assert.deepEqual(lines.slice(11, 14), ['<write_to_file>', '<path>content/glossary/foundation-model.md</path>', '<content>']);
      const prose = lines.indexOf('Core Characteristics');
      assert.equal(lines[prose - 1], 'style D fill:#f39c12,stroke:#333', 'the last mermaid line');
      return [...lines.slice(0, 11), ...lines.slice(14, prose), '```', ...lines.slice(prose)].join('\n');
    }
    throw new Error(slug);
  }

  test('--fix --dry-run prints a unified diff and changes no file', async () => {
    const result = await runCli(['check', '.', '--fix', '--dry-run'], { cwd: dir });
    assert.equal(result.code, 1);
    assert.deepEqual(changedFiles(original, snapshot(dir)), [], 'a dry run wrote files');
    assert.equal(result.stderr, '');
    const { patch, report } = splitDryRun(result.stdout);
    const patches = parsePatch(patch);
    assert.deepEqual(patches.map((p) => [p.oldFileName, p.newFileName]), ['foundation-model', 'gradient-descent', 'tokenization'].map((slug) => [`a/${file(slug)}`, `b/${file(slug)}`]));
    // The diff says exactly what --fix will write.
    for (const [i, slug] of ['foundation-model', 'gradient-descent', 'tokenization'].entries()) {
      assert.equal(applyPatch(originalText(slug), patches[i]), expectedText(slug), slug);
    }
    assert.ok(patch.includes('\n-- gradient-descent\n'));
    assert.ok(patch.includes('\n+- embeddings\n'));
    assert.ok(patch.includes('\n-</content>\n'));
    assert.ok(patch.includes('\n+```\n'));
    // The findings are those of the unchanged files, and nothing is counted as fixed.
    assert.match(report, /21 entries checked in \d+\.\d\d s: 9 errors, 8 warnings; information and hints not checked \(--show hint checks and lists them\)\.\n$/);
  });

  test('--fix applies the safe fixes and reports them', async () => {
    const result = await runCli(['check', '.', '--fix'], { cwd: dir });
    assert.equal(result.code, 1, 'errors without a safe fix remain');
    assert.deepEqual(result.stderr.split('\n'), [
      `${join(ENTRY_DIR, 'foundation-model.md')}: applied 4 fixes`,
      `${join(ENTRY_DIR, 'gradient-descent.md')}: applied 2 fixes`,
      `${join(ENTRY_DIR, 'tokenization.md')}: applied 3 fixes`,
      '',
    ]);
    assert.deepEqual(changedFiles(original, snapshot(dir)), ['foundation-model', 'gradient-descent', 'tokenization'].map(file));
    const { findings, summary } = parseTextOutput(result.stdout);
    assert.match(summary, /; 9 fixes applied\.$/);
    // What was fixed is no longer reported; what has no safe fix is.
    const codes = new Set(findings.map((line) => TEXT_LINE.exec(line)![5]));
    for (const gone of ['self-related', 'duplicate-related', 'tool-call-debris', 'unclosed-fence']) assert.ok(!codes.has(gone), gone);
    for (const kept of ['frontmatter-misplaced', 'required-field-missing', 'yaml-syntax', 'unknown-key']) assert.ok(codes.has(kept), kept);
  });

  test('gradient-descent.md: the self reference and the duplicate are removed', () => {
    const text = readText(join(dir, file('gradient-descent')));
    assert.equal(text, expectedText('gradient-descent'));
    assert.ok(text.startsWith([
      '---',
      'title: Gradient Descent',
      "description: 'Optimisation.'",
      "logoIcon: 'i-lucide-trending-down'",
      'related:',
      '- neural-network',
      '- deep-learning',
      '---',
      '## What is Gradient Descent?',
      '',
    ].join('\n')));
  });

  test('tokenization.md: typos fixed to embeddings / large-language-models, the </content> line removed', () => {
    const text = readText(join(dir, file('tokenization')));
    assert.equal(text, expectedText('tokenization'));
    assert.ok(text.includes('related:\n- embeddings\n- large-language-models\n- transformer\n---\n'));
    assert.ok(!text.includes('</content>'));
    assert.ok(text.includes('tags: [nlp, text]'), 'the unknown key has no safe fix');
  });

  test('foundation-model.md: debris lines removed, the fence closed after the last mermaid line', () => {
    const text = readText(join(dir, file('foundation-model')));
    assert.equal(text, expectedText('foundation-model'));
    assert.ok(text.includes('style B fill:#e74c3c,stroke:#333\n---\ntitle: Foundation Model\n'));
    assert.ok(text.includes('style D fill:#f39c12,stroke:#333\n```\nCore Characteristics\n'));
  });

  test('overfitting.md (broken YAML) and the good entries are untouched, byte for byte', () => {
    const after = snapshot(dir);
    for (const [path, bytes] of original) {
      if (['foundation-model', 'gradient-descent', 'tokenization'].map(file).includes(path)) continue;
      assert.ok(after.get(path)!.equals(bytes), path);
    }
  });

  test('a second --fix changes nothing (idempotent)', async () => {
    const before = snapshot(dir);
    const result = await runCli(['check', '.', '--fix', '--format', 'json'], { cwd: dir });
    assert.equal(result.stderr, '');
    assert.deepEqual(changedFiles(before, snapshot(dir)), []);
    const report = JSON.parse(result.stdout) as JsonReport;
    assert.equal(report.summary.fixed, 0);
    const dry = await runCli(['check', '.', '--fix', '--dry-run'], { cwd: dir });
    assert.ok(!dry.stdout.includes('====='), 'no diff is left');
  });

  test('--fix --dry-run --format json prints parseable JSON', async () => {
    const copy = copyExample('glossary');
    try {
      const result = await runCli(['check', '.', '--fix', '--dry-run', '--format', 'json'], { cwd: copy });
      assert.doesNotThrow(() => JSON.parse(result.stdout));
    } finally {
      removeDir(copy);
    }
  });
});

describe('--fix keeps line endings, the byte-order mark and a missing final newline', () => {
  let dir: string;
  const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
  const crlf = (lines: string[]) => lines.join('\r\n');

  before(() => {
    dir = tempDir();
    writeFile(join(dir, ENTRY_DIR, 'neural-network.md'), entry('Neural Network', ['windows-entry']));
    writeFile(join(dir, ENTRY_DIR, 'deep-learning.md'), entry('Deep Learning', ['windows-entry']));
  });
  after(() => removeDir(dir));

  const head = [
    '---',
    'title: Windows Entry',
    "description: 'An entry saved on Windows: CRLF line endings, a byte-order mark and no final newline.'",
    'category: Testing',
    'related:',
  ];

  test('CRLF + BOM + no final newline: all three kept, only the fixed lines change', async () => {
    const path = join(dir, ENTRY_DIR, 'windows-entry.md');
    const before = [...head, '- windows-entry', '- neural-netwrk', '- deep-learning', '- deep-learning', '---', '## What is a Windows entry?', 'Some text.', '</content>', '', 'The last line, without a newline.'];
    const after = [...head, '- neural-network', '- deep-learning', '---', '## What is a Windows entry?', 'Some text.', '', 'The last line, without a newline.'];
    writeFile(path, Buffer.concat([BOM, Buffer.from(crlf(before))]));
    const result = await runCli(['check', '.', '--fix', '--fail-on', 'hint'], { cwd: dir });
    assert.equal(result.stderr, `${join(ENTRY_DIR, 'windows-entry.md')}: applied 4 fixes\n`);
    assert.equal(result.code, 0, result.stdout);
    const bytes = readFileSync(path);
    assert.deepEqual(bytes, Buffer.concat([BOM, Buffer.from(crlf(after))]));
    // The second run has nothing left to do.
    const again = await runCli(['check', '.', '--fix'], { cwd: dir });
    assert.equal(again.stderr, '');
    assert.deepEqual(readFileSync(path), bytes);
  });

  test('an LF file without a final newline keeps it that way', async () => {
    const path = join(dir, ENTRY_DIR, 'unix-entry.md');
    const text = (related: string[]) => ['---', 'title: Unix Entry', "description: 'An entry with LF line endings and no final newline, fixed in its related list.'", 'category: Testing', 'related:', ...related, '---', 'Body text.'].join('\n');
    writeFile(path, text(['- unix-entry', '- deep-learning']));
    await runCli(['check', '.', '--fix'], { cwd: dir });
    assert.equal(readFileSync(path, 'utf8'), text(['- deep-learning']));
    rmSync(path);
  });

  test('closing a fence that runs to the end of a file without a final newline adds none', async () => {
    const path = join(dir, ENTRY_DIR, 'fence-entry.md');
    const lines = [...head.map((line) => line.replace('Windows Entry', 'Fence Entry')), '- deep-learning', '---', '```mermaid', 'graph TD', 'A --> B'];
    writeFile(path, Buffer.concat([BOM, Buffer.from(crlf(lines))]));
    try {
      await runCli(['check', '.', '--fix'], { cwd: dir });
      assert.deepEqual(readFileSync(path).toString('utf8'), `\uFEFF${crlf([...lines, '```'])}`);
    } finally {
      rmSync(path);
    }
  });

  test('removing a debris line that ends a file without a final newline leaves none', async () => {
    const path = join(dir, ENTRY_DIR, 'debris-entry.md');
    const lines = [...head.map((line) => line.replace('Windows Entry', 'Debris Entry')), '- deep-learning', '---', 'Some text.'];
    writeFile(path, Buffer.concat([BOM, Buffer.from(crlf([...lines, '</content>']))]));
    try {
      await runCli(['check', '.', '--fix'], { cwd: dir });
      assert.deepEqual(readFileSync(path).toString('utf8'), `\uFEFF${crlf(lines)}`);
    } finally {
      rmSync(path);
    }
  });
});

describe('--fix leaves alone what it cannot safely change', () => {
  let dir: string;
  before(() => {
    dir = tempDir();
  });
  after(() => removeDir(dir));

  test('broken YAML with fixable debris: not fixed, and said so', async () => {
    const path = join(dir, ENTRY_DIR, 'broken.md');
    const bytes = Buffer.from('---\ntitle: Broken: yaml\ndescription: x: y\n---\nBody\n</content>\n');
    writeFile(path, bytes);
    const result = await runCli(['check', '.', '--fix'], { cwd: dir });
    assert.equal(result.stderr, `${join(ENTRY_DIR, 'broken.md')}: not fixed: its frontmatter could not be parsed\n`);
    assert.deepEqual(readFileSync(path), bytes);
    rmSync(path);
  });

  test('a file that is not valid UTF-8: not fixed, and said so', async () => {
    const path = join(dir, ENTRY_DIR, 'latin.md');
    const bytes = Buffer.concat([
      Buffer.from("---\ntitle: Latin\ndescription: 'An entry saved as Latin-1, with a byte that is not valid UTF-8 in its body.'\ncategory: Test\nrelated:\n- latin\n---\nCaf"),
      Buffer.from([0xe9]),
      Buffer.from(' au lait.\n'),
    ]);
    writeFile(path, bytes);
    const result = await runCli(['check', '.', '--fix'], { cwd: dir });
    assert.equal(result.stderr, `${join(ENTRY_DIR, 'latin.md')}: not fixed: it is not valid UTF-8 (or changed while being checked)\n`);
    assert.deepEqual(readFileSync(path), bytes);
    rmSync(path);
  });
});

// ---- the other example glossaries --------------------------------------------------------------

describe('examples/paths-glossary (related values are site paths)', () => {
  const base = join('examples', 'paths-glossary');
  const entryPath = (slug: string) => join(base, ENTRY_DIR, `${slug}.md`);

  test('only the broken entry has findings: its unknown glossary/ path and its broken diagram', async () => {
    const result = await runCli(['check', base, '--format', 'json']);
    assert.equal(result.code, 1, result.stderr);
    assert.equal(result.stderr, '', 'the Mermaid worker is quiet in the CLI');
    const report = JSON.parse(result.stdout) as JsonReport;
    assert.equal(report.summary.entries, 6, 'content/guides/setup.md is not an entry');
    const lines = readText(entryPath('checkpoint')).split('\n');
    const line = lines.indexOf('  - glossary/model-registry') + 1;
    // Mermaid reads the unclosed `[Resume training` on to the next line, and stops at its `[`.
    const diagramLine = lines.indexOf('  Save --> Publish[Published model]') + 1;
    assert.deepEqual(report.findings.map(({ data: _data, ...rest }) => rest), [{
      file: entryPath('checkpoint'),
      line,
      column: 5,
      endLine: line,
      endColumn: 5 + 'glossary/model-registry'.length,
      severity: 'warning',
      code: 'unknown-slug',
      message: "No glossary entry is named 'model-registry'.",
    }, {
      file: entryPath('checkpoint'),
      line: diagramLine,
      column: 19,
      endLine: diagramLine,
      endColumn: 20,
      severity: 'error',
      code: 'mermaid-syntax',
      message: "Mermaid syntax error: expected ']', ')))', ')', '])', ']]', '|' or another of 15 tokens, but found '['.",
    }]);
  });

  test('the good entries do use paths outside the glossary (so the test above means something)', () => {
    assert.match(readText(entryPath('fine-tuning')), /^related: \[glossary\/lora, glossary\/distillation, guides\/setup\]$/m);
    assert.match(readText(entryPath('inference-server')), /guides\/deployment/);
    assert.match(readText(entryPath('quantization')), /^ {2}- \/glossary\/inference-server$/m);
  });

  test('without relatedPrefix, glossary/… values are paths outside the glossary and are not checked', async () => {
    const dir = copyExample('paths-glossary');
    try {
      writeFileSync(join(dir, 'glossary.config.json'), '{ "linkPrefix": "/glossary/" }\n');
      const report = JSON.parse((await runCli(['check', '.', '--format', 'json', '--show', 'hint'], { cwd: dir })).stdout) as JsonReport;
      // glossary/model-registry goes unnoticed; only the one value under the link prefix still
      // resolves, and its partner's glossary/quantization no longer counts as listing it back.
      // (checkpoint.md's broken diagram stays broken whatever the prefix.)
      assert.deepEqual(report.findings.map((f) => [f.file, f.line, f.code]), [[join(ENTRY_DIR, 'checkpoint.md'), 17, 'mermaid-syntax'], [join(ENTRY_DIR, 'quantization.md'), 9, 'one-way-relation']]);
    } finally {
      removeDir(dir);
    }
  });

});

describe('examples/hugo-glossary (slug and term fields, Hugo keys)', () => {
  const base = join('examples', 'hugo-glossary');
  const termPath = (name: string) => join(base, 'content', 'terms', name);

  test('only the broken entry has a finding: its unknown related slug', async () => {
    const result = await runCli(['check', base, '--format', 'json']);
    assert.equal(result.code, 1, result.stderr);
    const report = JSON.parse(result.stdout) as JsonReport;
    assert.equal(report.summary.entries, 6, '_index.md is excluded');
    const line = readText(termPath('06-batch-norm.md')).split('\n').indexOf('  - layer-norm') + 1;
    assert.deepEqual(report.findings.map(({ data: _data, ...rest }) => rest), [{
      file: termPath('06-batch-norm.md'),
      line,
      column: 5,
      endLine: line,
      endColumn: 5 + 'layer-norm'.length,
      severity: 'warning',
      code: 'unknown-slug',
      message: "No glossary entry is named 'layer-norm'.",
    }]);
  });

  test('file names differ from slugs, and the entries carry the Hugo keys', () => {
    const text = readText(termPath('01-neural-nets.md'));
    assert.match(text, /^slug: neural-network$/m);
    assert.match(text, /^term: Neural Network$/m);
    for (const key of ['weight', 'draft', 'date']) assert.match(text, new RegExp(`^${key}: `, 'm'));
    assert.match(text, /\]\(\/terms\/backpropagation\/\)/);
  });

  test('the config is what makes it clean: without slugField the related slugs are unknown; without fields the Hugo keys are', async () => {
    const dir = copyExample('hugo-glossary');
    try {
      const config = JSON.parse(readText(join(EXAMPLES, 'hugo-glossary', 'glossary.config.json'))) as Record<string, unknown>;
      const run = async (changed: Record<string, unknown>) => {
        writeFileSync(join(dir, 'glossary.config.json'), JSON.stringify(changed));
        const result = await runCli(['check', '.', '--format', 'json'], { cwd: dir });
        assert.notEqual(result.code, 2, result.stderr);
        return (JSON.parse(result.stdout) as JsonReport).findings;
      };
      const { slugField: _slugField, ...noSlugField } = config;
      const unknownSlugs = (await run(noSlugField)).filter((f) => f.code === 'unknown-slug').map((f) => /'([^']+)'/.exec(f.message)![1]);
      assert.ok(unknownSlugs.includes('neural-network') && unknownSlugs.includes('backpropagation'), unknownSlugs.join(', '));
      const { fields: _fields, ...noFields } = config;
      const unknownKeys = new Set((await run(noFields)).filter((f) => f.code === 'unknown-key').map((f) => /'([^']+)'/.exec(f.message)![1]));
      assert.deepEqual([...unknownKeys].sort(), ['date', 'draft', 'slug', 'term', 'weight']);
      // And the declared types are enforced.
      writeFileSync(join(dir, 'glossary.config.json'), JSON.stringify(config));
      const path = join(dir, 'content', 'terms', '02-backprop.md');
      writeFileSync(path, readText(path).replace('weight: 20', 'weight: twenty'));
      const findings = (JSON.parse((await runCli(['check', '.', '--format', 'json'], { cwd: dir })).stdout) as JsonReport).findings;
      assert.deepEqual(findings.filter((f) => f.code === 'field-type').map((f) => [f.file, f.message]), [
        [join('content', 'terms', '02-backprop.md'), "'weight' must be a number, not text."],
      ]);
    } finally {
      removeDir(dir);
    }
  });
});
