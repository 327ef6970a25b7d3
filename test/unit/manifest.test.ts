import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, DIAGNOSTIC_CODES, resolveSettings } from '../../server/src/core/settings';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const properties = manifest.contributes.configuration.properties;

test('every diagnostic code has a severity setting with its real default', () => {
  const severity = properties['glossary.severity'].properties;
  assert.deepEqual(Object.keys(severity).sort(), Object.keys(DIAGNOSTIC_CODES).sort());
  for (const [code, info] of Object.entries(DIAGNOSTIC_CODES)) {
    assert.equal(severity[code].default, info.severity, code);
    assert.deepEqual(severity[code].enum, ['error', 'warning', 'information', 'hint', 'off'], code);
  }
});

test('setting defaults in the manifest are the defaults the server uses', () => {
  const fromManifest: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries<{ default: unknown }>(properties)) {
    const path = key.replace(/^glossary\./, '').split('.');
    let target = fromManifest as Record<string, unknown>;
    for (const part of path.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[path[path.length - 1]] = schema.default;
  }
  const { settings, problems } = resolveSettings(fromManifest);
  assert.deepEqual(problems, []);
  assert.deepEqual(settings, DEFAULT_SETTINGS);
});

test('every setting is documented', () => {
  for (const [key, schema] of Object.entries<{ description?: string; markdownDescription?: string }>(properties)) {
    assert.ok((schema.description ?? schema.markdownDescription ?? '').length > 20, key);
  }
});
