export type SeverityLevel = 'error' | 'warning' | 'information' | 'hint' | 'off';

/** Every diagnostic the service can raise. The string is the stable `code` users configure. */
export const DIAGNOSTIC_CODES = {
  'frontmatter-missing': { severity: 'error', summary: 'The entry has no frontmatter block at the top of the file.' },
  'frontmatter-misplaced': { severity: 'error', summary: 'A frontmatter block exists, but not on the first line, so site generators ignore it.' },
  'frontmatter-unclosed': { severity: 'error', summary: 'The frontmatter block is opened with `---` but never closed.' },
  'yaml-syntax': { severity: 'error', summary: 'The frontmatter is not valid YAML (or TOML, or JSON, as it is written).' },
  'frontmatter-not-mapping': { severity: 'error', summary: 'The frontmatter is not a list of `key: value` fields.' },
  'duplicate-key': { severity: 'error', summary: 'A frontmatter key appears more than once.' },
  'required-field-missing': { severity: 'error', summary: 'A required frontmatter field is missing.' },
  'field-type': { severity: 'error', summary: 'A frontmatter field has a value of the wrong type.' },
  'unknown-key': { severity: 'warning', summary: 'A frontmatter key that glossary entries do not use.' },
  'unknown-slug': { severity: 'warning', summary: 'A related slug names no entry of the glossary.' },
  'duplicate-related': { severity: 'warning', summary: 'A related slug is listed more than once.' },
  'self-related': { severity: 'warning', summary: 'The entry lists itself as related.' },
  'description-empty': { severity: 'warning', summary: 'The description is empty.' },
  'description-length': { severity: 'information', summary: 'The description is shorter or longer than search engines show well.' },
  'duplicate-title': { severity: 'warning', summary: 'Another entry has the same title.' },
  'unclosed-fence': { severity: 'error', summary: 'A code fence is never closed, so the rest of the file renders as code.' },
  'tool-call-debris': { severity: 'error', summary: 'Markup left behind by an AI tool call (such as `<write_to_file>`) sits in the text.' },
  'file-too-large': { severity: 'warning', summary: 'The file is larger than `glossary.maxFileSize`; only its frontmatter is checked.' },
  'unknown-link': { severity: 'warning', summary: 'A body link under the link prefix names no entry of the glossary.' },
  'one-way-relation': { severity: 'hint', summary: 'This entry lists another as related, but that entry does not list it back.' },
  'unknown-category': { severity: 'warning', summary: 'The category is not one of the categories the configuration allows.' },
  'unknown-icon': { severity: 'warning', summary: 'The logoIcon names no icon of the configured icon sets.' },
  'mermaid-syntax': { severity: 'error', summary: 'A ```mermaid block does not parse.' },
  'mermaid-outside-fence': { severity: 'warning', summary: 'Mermaid diagram text (`graph TD`, `A --> B`) sits outside any ```mermaid fence, so it renders as prose.' },
} as const satisfies Record<string, { severity: Exclude<SeverityLevel, 'off'>; summary: string }>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export function isDiagnosticCode(value: string): value is DiagnosticCode {
  return Object.prototype.hasOwnProperty.call(DIAGNOSTIC_CODES, value);
}

export type FieldType = 'string' | 'string[]' | 'boolean' | 'number' | 'any';

export interface GlossarySettings {
  /** Globs, relative to a workspace folder, of the files that are glossary entries. */
  include: string[];
  exclude: string[];
  /** Site path under which body links point at entries, e.g. `/glossary/`. */
  linkPrefix: string;
  requiredFields: string[];
  /** Types of the known frontmatter fields; a key outside this map is reported as unknown. */
  fields: Record<string, FieldType>;
  description: { minLength: number; maxLength: number };
  severity: Partial<Record<DiagnosticCode, SeverityLevel>>;
  completion: { maxItems: number };
  /** Tag names that AI tool calls leave behind in generated text. */
  debrisTags: string[];
  /** Files above this many bytes are indexed by their frontmatter only. */
  maxFileSize: number;
  /** What a new slug must look like (a regular expression). */
  slugPattern: string;
  /** The text of a new entry; `{{title}}`, `{{slug}}`, `{{category}}` and `{{related}}` are filled in. */
  entryTemplate: string;
  /** Whether moving or renaming an entry file in the editor rewrites the references to it. */
  updateLinksOnRename: 'prompt' | 'always' | 'never';
  /** Categories an entry may use; empty allows any. */
  categories: string[];
  /** Iconify prefixes accepted in `logoIcon` (`i-lucide-`). */
  iconPrefixes: string[];
  /**
   * A path prefix stripped from `related` values (`glossary/` for `related: [glossary/fine-tuning]`);
   * values that are paths outside it point beyond the glossary and are ignored.
   */
  relatedPrefix: string;
  /** The frontmatter field that holds an entry's slug; empty: the file name is the slug. */
  slugField: string;
  /** The frontmatter field that holds an entry's display name. */
  titleField: string;
  /** Whether the server parses ```mermaid blocks (in a worker) to report syntax errors. */
  mermaid: { check: boolean };
}

export const DEFAULT_ENTRY_TEMPLATE = `---
title: {{title}}
description: ''
logoIcon: 'i-lucide-book-open'
category: {{category}}
related:{{related}}
---
## What is {{title}}?

`;

export const DEFAULT_SETTINGS: GlossarySettings = {
  include: ['**/content/glossary/**/*.md'],
  exclude: ['**/node_modules/**', '**/.*/**'],
  linkPrefix: '/glossary/',
  requiredFields: ['title', 'description', 'category'],
  fields: {
    title: 'string',
    description: 'string',
    logoIcon: 'string',
    category: 'string',
    related: 'string[]',
  },
  description: { minLength: 50, maxLength: 160 },
  severity: {},
  completion: { maxItems: 100 },
  debrisTags: [
    'write_to_file', 'read_file', 'replace_in_file', 'apply_diff', 'insert_content', 'search_and_replace',
    'execute_command', 'attempt_completion', 'ask_followup_question', 'path', 'content', 'diff', 'result',
    'command', 'function_calls', 'invoke', 'parameter', 'tool_call', 'tool_use',
  ],
  maxFileSize: 8 * 1024 * 1024,
  slugPattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$',
  entryTemplate: DEFAULT_ENTRY_TEMPLATE,
  updateLinksOnRename: 'prompt',
  categories: [],
  iconPrefixes: ['i-lucide-'],
  relatedPrefix: '',
  slugField: '',
  titleField: 'title',
  mermaid: { check: true },
};

const SEVERITY_LEVELS: readonly SeverityLevel[] = ['error', 'warning', 'information', 'hint', 'off'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}

function isValidRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

function positiveNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

export interface SettingsProblem {
  /** Where the bad value sits, e.g. ['severity', 'unknown-slug']. */
  path: string[];
  message: string;
}

export interface ValidateOptions {
  /** What the raw object is laid over; the defaults unless a configuration file came first. */
  base?: GlossarySettings;
  /** Unknown keys are problems (a configuration file); editors send keys of other versions, so they are not. */
  strict?: boolean;
}

const TOP_LEVEL_KEYS = [
  'include', 'exclude', 'linkPrefix', 'relatedPrefix', 'requiredFields', 'fields', 'titleField', 'slugField', 'categories',
  'iconPrefixes', 'description', 'severity', 'completion', 'debrisTags', 'maxFileSize', 'slugPattern', 'entryTemplate',
  'updateLinksOnRename', 'mermaid',
] as const;

/**
 * Lays settings from an editor or a configuration file (so untyped) over `base`. A value of the
 * wrong shape is dropped and named in `problems` with its path, never trusted.
 */
export function validateSettings(raw: unknown, options: ValidateOptions = {}): { settings: GlossarySettings; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const settings: GlossarySettings = structuredClone(options.base ?? DEFAULT_SETTINGS);
  const problem = (path: string[], message: string) => problems.push({ path, message });
  if (raw === undefined || raw === null) return { settings, problems };
  if (!isPlainObject(raw)) return { settings, problems: [{ path: [], message: 'must be an object' }] };

  if (options.strict) {
    for (const key of Object.keys(raw)) {
      if (key !== '$schema' && !(TOP_LEVEL_KEYS as readonly string[]).includes(key)) problem([key], 'is not a known setting');
    }
  }
  const takeStrings = (key: 'include' | 'exclude' | 'requiredFields' | 'debrisTags' | 'categories' | 'iconPrefixes') => {
    if (raw[key] === undefined) return;
    const value = stringArray(raw[key]);
    if (value) settings[key] = value;
    else problem([key], 'must be a list of strings');
  };
  takeStrings('include');
  settings.include.forEach((glob, i) => {
    // Entries are looked for inside the workspace folders only; say so rather than match nothing in silence.
    if (/^(?:\.\.(?:[\\/]|$)|[\\/]|[A-Za-z]:)/.test(glob) || /[\\/]\.\.(?:[\\/]|$)/.test(glob)) {
      problem(['include', String(i)], `"${glob}" leaves the workspace folder; only files inside it are indexed, so it matches nothing`);
    }
  });
  takeStrings('exclude');
  takeStrings('requiredFields');
  takeStrings('debrisTags');
  takeStrings('categories');
  takeStrings('iconPrefixes');

  const takeString = (key: 'linkPrefix' | 'relatedPrefix' | 'slugField' | 'titleField', allowEmpty: boolean) => {
    if (raw[key] === undefined) return;
    if (typeof raw[key] === 'string' && (allowEmpty || raw[key] !== '')) settings[key] = raw[key] as string;
    else problem([key], allowEmpty ? 'must be a string' : 'must be a non-empty string');
  };
  takeString('linkPrefix', true);
  takeString('relatedPrefix', true);
  takeString('slugField', true);
  takeString('titleField', false);

  if (raw.slugPattern !== undefined) {
    if (typeof raw.slugPattern === 'string' && isValidRegExp(raw.slugPattern)) settings.slugPattern = raw.slugPattern;
    else problem(['slugPattern'], 'must be a valid regular expression');
  }
  if (raw.entryTemplate !== undefined) {
    if (typeof raw.entryTemplate === 'string' && raw.entryTemplate.trim() !== '') settings.entryTemplate = raw.entryTemplate;
    else if (raw.entryTemplate !== '') problem(['entryTemplate'], 'must be text');
  }
  if (raw.updateLinksOnRename !== undefined) {
    if (raw.updateLinksOnRename === 'prompt' || raw.updateLinksOnRename === 'always' || raw.updateLinksOnRename === 'never') settings.updateLinksOnRename = raw.updateLinksOnRename;
    else problem(['updateLinksOnRename'], 'must be one of prompt, always, never');
  }
  if (raw.maxFileSize !== undefined) {
    const value = positiveNumber(raw.maxFileSize);
    if (value !== undefined) settings.maxFileSize = value;
    else problem(['maxFileSize'], 'must be a non-negative number');
  }
  if (raw.fields !== undefined) {
    if (isPlainObject(raw.fields)) {
      for (const [key, type] of Object.entries(raw.fields)) {
        if (type === null) delete settings.fields[key];
        else if (['string', 'string[]', 'boolean', 'number', 'any'].includes(type as string)) settings.fields[key] = type as FieldType;
        else problem(['fields', key], 'must be one of string, string[], boolean, number, any (or null to remove it)');
      }
    } else problem(['fields'], 'must be an object');
  }
  if (raw.description !== undefined) {
    if (isPlainObject(raw.description)) {
      const min = raw.description.minLength === undefined ? undefined : positiveNumber(raw.description.minLength);
      const max = raw.description.maxLength === undefined ? undefined : positiveNumber(raw.description.maxLength);
      if (raw.description.minLength !== undefined && min === undefined) problem(['description', 'minLength'], 'must be a non-negative number');
      if (raw.description.maxLength !== undefined && max === undefined) problem(['description', 'maxLength'], 'must be a non-negative number');
      if (min !== undefined) settings.description.minLength = min;
      if (max !== undefined) settings.description.maxLength = max;
      if (options.strict) for (const key of Object.keys(raw.description)) if (key !== 'minLength' && key !== 'maxLength') problem(['description', key], 'is not a known setting');
    } else problem(['description'], 'must be an object');
  }
  if (raw.completion !== undefined) {
    if (isPlainObject(raw.completion)) {
      if (raw.completion.maxItems !== undefined) {
        const maxItems = positiveNumber(raw.completion.maxItems);
        if (maxItems !== undefined && maxItems >= 1) settings.completion.maxItems = Math.floor(maxItems);
        else problem(['completion', 'maxItems'], 'must be a number of at least 1');
      }
      if (options.strict) for (const key of Object.keys(raw.completion)) if (key !== 'maxItems') problem(['completion', key], 'is not a known setting');
    } else problem(['completion'], 'must be an object');
  }
  if (raw.mermaid !== undefined) {
    if (isPlainObject(raw.mermaid)) {
      if (raw.mermaid.check !== undefined) {
        if (typeof raw.mermaid.check === 'boolean') settings.mermaid.check = raw.mermaid.check;
        else problem(['mermaid', 'check'], 'must be true or false');
      }
      if (options.strict) for (const key of Object.keys(raw.mermaid)) if (key !== 'check') problem(['mermaid', key], 'is not a known setting');
    } else problem(['mermaid'], 'must be an object');
  }
  if (raw.severity !== undefined) {
    if (isPlainObject(raw.severity)) {
      for (const [code, level] of Object.entries(raw.severity)) {
        if (!isDiagnosticCode(code)) problem(['severity', code], 'is not a diagnostic code');
        else if (!SEVERITY_LEVELS.includes(level as SeverityLevel)) problem(['severity', code], `must be one of ${SEVERITY_LEVELS.join(', ')}`);
        else settings.severity[code] = level as SeverityLevel;
      }
    } else problem(['severity'], 'must be an object');
  }
  return { settings, problems };
}

export function formatSettingsProblem(problem: SettingsProblem, root = 'glossary'): string {
  return problem.path.length ? `${[root, ...problem.path].join('.')} ${problem.message}` : `${root} settings ${problem.message}`;
}

/** Editor settings over `base` (the defaults, or what a configuration file set); problems as sentences. */
export function resolveSettings(raw: unknown, base: GlossarySettings = DEFAULT_SETTINGS): { settings: GlossarySettings; problems: string[] } {
  const { settings, problems } = validateSettings(raw, { base });
  return { settings, problems: problems.map((problem) => formatSettingsProblem(problem)) };
}

export function severityOf(settings: GlossarySettings, code: DiagnosticCode): SeverityLevel {
  return settings.severity[code] ?? DIAGNOSTIC_CODES[code].severity;
}
