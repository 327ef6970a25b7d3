import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { codes, LspTestClient, messageOf } from './lspClient';

/** foundation-model.md lists five entries that do not list it back: a one-way-relation hint each. */
const FOUNDATION_ONE_WAY = 5;
const FOUNDATION_DEFAULT_CODES = [
  'mermaid-outside-fence', 'tool-call-debris', 'tool-call-debris', 'tool-call-debris', 'tool-call-debris',
  'frontmatter-misplaced', ...Array<string>(FOUNDATION_ONE_WAY).fill('one-way-relation'), 'unknown-slug', 'unknown-slug', 'unclosed-fence',
];

describe('settings from initializationOptions (client without workspace.configuration)', () => {
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start({ settings: { severity: { 'unknown-slug': 'off' } } });
  });
  after(async () => {
    await client?.dispose();
  });

  test("severity 'off' for unknown-slug: no unknown-slug diagnostics, the others unchanged", async () => {
    const foundation = await client.open('foundation-model');
    assert.deepEqual(codes(await client.waitForDiagnostics(foundation)), FOUNDATION_DEFAULT_CODES.filter((code) => code !== 'unknown-slug'));
    const tokenization = await client.open('tokenization');
    assert.deepEqual(codes(await client.waitForDiagnostics(tokenization)), ['unknown-key', 'tool-call-debris']);
  });

  test('the server never asks for configuration the client did not advertise', () => {
    assert.deepEqual(client.configurationRequests, []);
    assert.deepEqual(client.unexpectedRequests, []);
  });

  test('didChangeConfiguration with pushed settings applies them', async () => {
    const uri = client.uri('tokenization');
    const mark = client.mark(uri);
    await client.changeConfiguration({ glossary: { severity: { 'unknown-key': 'hint' } } });
    const diagnostics = await client.waitForDiagnostics(uri, () => true, 3_000, mark);
    // Pushed settings replace the initial ones: unknown-slug is back to its default.
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [
      ['unknown-key', DiagnosticSeverity.Hint],
      ['unknown-slug', DiagnosticSeverity.Warning],
      ['unknown-slug', DiagnosticSeverity.Warning],
      ['tool-call-debris', DiagnosticSeverity.Error],
    ]);
  });
});

describe('settings pulled with workspace/configuration', () => {
  let client: LspTestClient;
  let settings: Record<string, unknown> = { severity: { 'unknown-slug': 'hint' } };

  before(async () => {
    client = await LspTestClient.start({ configuration: (section) => (section === 'glossary' ? settings : null) });
  });
  after(async () => {
    await client?.dispose();
  });

  test('the server asks for the glossary section before its first index and uses the answer', async () => {
    assert.deepEqual(client.configurationRequests, ['glossary']);
    const uri = await client.open('foundation-model');
    const diagnostics = await client.waitForDiagnostics(uri);
    assert.deepEqual(codes(diagnostics), FOUNDATION_DEFAULT_CODES);
    assert.deepEqual(diagnostics.filter((d) => d.code === 'unknown-slug').map((d) => d.severity), [DiagnosticSeverity.Hint, DiagnosticSeverity.Hint]);
  });

  test('didChangeConfiguration: the server pulls the new settings and re-publishes', async () => {
    const uri = client.uri('foundation-model');
    settings = { severity: { 'tool-call-debris': 'off' } };
    const mark = client.mark(uri);
    // VS Code sends `settings: null` to clients that pull; the server must not read it as settings.
    await client.changeConfiguration(null);
    const diagnostics = await client.waitForDiagnostics(uri, () => true, 3_000, mark);
    assert.deepEqual(client.configurationRequests, ['glossary', 'glossary']);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [
      ['mermaid-outside-fence', DiagnosticSeverity.Warning],
      ['frontmatter-misplaced', DiagnosticSeverity.Error],
      ...Array.from({ length: FOUNDATION_ONE_WAY }, () => ['one-way-relation', DiagnosticSeverity.Hint]),
      ['unknown-slug', DiagnosticSeverity.Warning],
      ['unknown-slug', DiagnosticSeverity.Warning],
      ['unclosed-fence', DiagnosticSeverity.Error],
    ]);
  });

  test('invalid settings are named in a warning and ignored', async () => {
    const uri = client.uri('foundation-model');
    settings = { severity: { 'no-such-check': 'off', 'unclosed-fence': 'loud' } };
    const mark = client.mark(uri);
    await client.changeConfiguration(null);
    const diagnostics = await client.waitForDiagnostics(uri, () => true, 3_000, mark);
    assert.deepEqual(codes(diagnostics), FOUNDATION_DEFAULT_CODES);
    assert.deepEqual(client.logs.filter((line) => line.startsWith('[showRequest')), [
      "[showRequest 2] Glossary settings: glossary.severity.no-such-check is not a diagnostic code",
      '[showRequest 2] Glossary settings: glossary.severity.unclosed-fence must be one of error, warning, information, hint, off',
    ]);
  });

  test('changing include re-indexes the workspace', async () => {
    const uri = client.uri('foundation-model');
    settings = { include: ['**/content/glossary/*-learning.md', '**/content/glossary/foundation-model.md'] };
    const mark = client.mark(uri);
    const statuses = client.indexStatuses.length;
    await client.changeConfiguration(null);
    const diagnostics = await client.waitForDiagnostics(uri, () => true, 5_000, mark);
    const entries = client.indexStatuses.slice(statuses).filter((s) => s.state === 'ready').map((s) => s.entries);
    // transfer-, machine-, deep-, few-shot-, in-context-learning and foundation-model.
    assert.deepEqual(entries, [6]);
    assert.deepEqual(
      diagnostics.filter((d) => d.code === 'unknown-slug').map((d) => messageOf(d).match(/named '([^']+)'/)?.[1]),
      ['fine-tuning', 'large-language-models', 'generative-ai', 'prompt-engineering', 'model-architecture', 'pre-training', 'zero-shot-learning'],
    );
  });
});
