/**
 * The files written from the code's own tables rather than kept by hand: the settings in the VS
 * Code manifest, the JSON Schema of glossary.config.json, and the reference of diagnostic codes.
 * `npm run generate` writes them; test/unit/generated.test.ts fails when a committed copy is stale.
 */
import { DIAGNOSTIC_CODES, DIAGNOSTICS_REFERENCE_URL, SEVERITY_LEVELS } from '../server/src/core/diagnosticCodes';
import { FIELD_TYPES, SETTING_DEFINITIONS, type SettingDefinition } from '../server/src/core/settingDefinitions';
import { DEFAULT_SETTINGS } from '../server/src/core/settings';

type Json = Record<string, unknown>;

/** File-only keys of glossary.config.json: config.ts reads them before the settings are validated. */
const FILE_ONLY_PROPERTIES: Json = {
  $schema: { type: 'string', description: 'The schema of this file, for editors.' },
  entryTemplateFile: {
    type: 'string',
    description: 'Path of a file, inside the workspace and relative to this configuration file, whose text is the entry template.',
  },
};

function defaultOf(definition: SettingDefinition): unknown {
  if (definition.readBy === 'client') return definition.default;
  let value: unknown = DEFAULT_SETTINGS;
  for (const part of definition.key.split('.')) value = (value as Json)[part];
  // An empty template stands for the built-in one, which is too long to show as a default.
  if (definition.kind.type === 'string' && definition.kind.blankMeansDefault) return '';
  // Only what the user adds to the built-in fields or changes of the code defaults.
  if (definition.kind.type === 'fieldTypes' || definition.kind.type === 'severities') return {};
  return value;
}

/** Plain text for JSON Schema `description` (editors without Markdown show it as is). */
function plain(markdown: string): string {
  return markdown.replace(/\[([^\]]+)\]\([^)]+\)/g, '$1').replace(/`#glossary\.([\w.]+)#`/g, 'glossary.$1').replace(/\*\*|`/g, '');
}

function severityProperties(markdown: boolean): Json {
  return Object.fromEntries(Object.entries(DIAGNOSTIC_CODES).map(([code, info]) => [code, {
    type: 'string',
    enum: [...SEVERITY_LEVELS],
    default: info.severity,
    ...(markdown ? { markdownDescription: `${info.summary} [More](${DIAGNOSTICS_REFERENCE_URL}#${code})` } : { description: info.summary }),
  }]));
}

/** The JSON Schema of one setting's value. */
function valueSchema(definition: SettingDefinition, markdown: boolean): Json {
  const kind = definition.kind;
  switch (kind.type) {
    case 'strings':
    case 'globs':
      return { type: 'array', items: { type: 'string' } };
    case 'string':
      return { type: 'string', ...(markdown && kind.multiline ? { editPresentation: 'multilineText' } : {}) };
    case 'enum':
      return { type: 'string', enum: [...kind.values], ...(kind.descriptions ? { enumDescriptions: [...kind.descriptions] } : {}) };
    case 'integer':
      return { type: 'integer', minimum: kind.minimum, ...(kind.maximum === undefined ? {} : { maximum: kind.maximum }) };
    case 'boolean':
      return { type: 'boolean' };
    case 'fieldTypes':
      return { type: 'object', additionalProperties: { type: ['string', 'null'], enum: [...FIELD_TYPES, null] } };
    case 'severities':
      return { type: 'object', additionalProperties: false, properties: severityProperties(markdown) };
  }
}

/** `contributes.configuration.properties` of package.json. */
export function manifestSettings(): Json {
  return Object.fromEntries(SETTING_DEFINITIONS.map((definition) => [`glossary.${definition.key}`, {
    ...valueSchema(definition, true),
    default: defaultOf(definition),
    scope: definition.scope ?? 'resource',
    markdownDescription: definition.description,
  }]));
}

/** schemas/glossary.config.schema.json: the server settings a configuration file may set, nested as the file nests them. */
export function configSchema(): Json {
  const properties: Json = {};
  const groupDescriptions: Record<string, string> = {
    description: 'Description length limits, in characters.',
    completion: 'Completion of slugs.',
    mermaid: 'Mermaid checks in the language server and the CLI.',
  };
  for (const definition of SETTING_DEFINITIONS) {
    if (definition.readBy !== 'server' || definition.editorOnly) continue;
    const schema = { ...valueSchema(definition, false), default: defaultOf(definition), description: plain(definition.description), markdownDescription: definition.description };
    const [top, inner] = definition.key.split('.');
    if (!inner) {
      properties[top] = schema;
      continue;
    }
    const group = (properties[top] ??= { type: 'object', additionalProperties: false, description: groupDescriptions[top] ?? top, properties: {} }) as { properties: Json };
    group.properties[inner] = schema;
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://glossary-author.dev/schemas/glossary.config.schema.json',
    title: 'Glossary Author configuration',
    description: 'Shared by the Glossary Author editor extension and the glossary-author CLI. VS Code settings override it in the editor.',
    type: 'object',
    additionalProperties: false,
    properties: { ...properties, ...FILE_ONLY_PROPERTIES },
  };
}

/** docs/diagnostics.md: every code, its default level, why it matters and how to fix it. Diagnostics link here. */
export function diagnosticsReference(): string {
  const lines = [
    '<!-- Generated from server/src/core/diagnosticCodes.ts by `npm run generate`; do not edit. -->',
    '# Glossary Author diagnostics',
    '',
    'Every finding of the editor and of `glossary-author check` has one of these codes. Set the level of',
    'each in `glossary.severity` (VS Code settings) or `severity` (glossary.config.json):',
    '`error`, `warning`, `information`, `hint`, or `off`.',
    '',
    '| code | default | what it means |',
    '|---|---|---|',
    ...Object.entries(DIAGNOSTIC_CODES).map(([code, info]) => `| [\`${code}\`](#${code}) | ${info.severity} | ${info.summary.replace(/\|/g, '\\|')} |`),
    '',
  ];
  for (const [code, info] of Object.entries(DIAGNOSTIC_CODES)) {
    lines.push(`## ${code}`, '', `Default: **${info.severity}**. ${info.summary}`, '', info.explanation, '');
  }
  lines.push('## config', '', 'A problem in `glossary.config.json` (invalid JSON, an unknown key, a value of the wrong type), reported on the file where it is written. Always an error: the CLI stops with exit code 2, and the editor uses the defaults for what it could not read.', '');
  return lines.join('\n');
}

/** Every generated file, by its path in the repository, from its current text (package.json is only updated in part). */
export function generatedFiles(read: (path: string) => string): Map<string, string> {
  const manifest = JSON.parse(read('package.json')) as { contributes: { configuration: { properties: Json } } };
  manifest.contributes.configuration.properties = manifestSettings();
  return new Map([
    ['package.json', `${JSON.stringify(manifest, null, 2)}\n`],
    ['schemas/glossary.config.schema.json', `${JSON.stringify(configSchema(), null, 2)}\n`],
    ['docs/diagnostics.md', diagnosticsReference()],
  ]);
}
