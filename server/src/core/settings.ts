import { DIAGNOSTIC_CODES, isAtLeast, isDiagnosticCode, SEVERITY_LEVELS, type DiagnosticCode, type ReportedLevel, type SeverityLevel } from './diagnosticCodes';
import { FIELD_TYPES, SETTING_DEFINITIONS, type SettingDefinition, type SettingKind } from './settingDefinitions';

export type FieldType = (typeof FIELD_TYPES)[number];

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
  /** The folder (relative to a workspace folder) whose folders are the site's sections; empty: the nearest `content` folder above an entry. */
  contentRoot: string;
  /** The sections other pages may be named from; empty: every folder of the content root but the glossary's. */
  sections: string[];
  /** Folders (relative to a workspace folder) that each hold a glossary of their own; empty: language folders and the workspace folder. */
  roots: string[];
  /** The frontmatter field that holds an entry's slug; empty: the file name is the slug. */
  slugField: string;
  /** The frontmatter field that holds an entry's display name. */
  titleField: string;
  /** Frontmatter fields listing other names of the term. */
  aliasFields: string[];
  /** Whether the server parses ```mermaid blocks (in a worker) to report syntax errors. */
  mermaid: { check: boolean };
  /** Whether the editor shows the findings of every entry, not only of the open ones, and from which level. */
  wholeGlossary: { check: boolean; minimumSeverity: ReportedLevel };
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
  include: ['**/content/glossary/**/*.md', '**/content/[a-z][a-z]/glossary/**/*.md'],
  exclude: ['**/node_modules/**', '**/.*/**'],
  linkPrefix: '/glossary/',
  requiredFields: ['title', 'description', 'category'],
  fields: {
    title: 'string',
    description: 'string',
    logoIcon: 'string',
    category: 'string',
    related: 'string[]',
    aliases: 'string[]',
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
  contentRoot: '',
  sections: [],
  roots: [],
  slugField: '',
  titleField: 'title',
  aliasFields: ['aliases'],
  mermaid: { check: true },
  wholeGlossary: { check: false, minimumSeverity: 'warning' },
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isValidRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

export interface SettingsProblem {
  /** Where the bad value sits, e.g. ['severity', 'unknown-slug']. */
  path: string[];
  message: string;
}

export interface ValidateOptions {
  /** What the raw object is laid over; the defaults unless a configuration file came first. */
  base?: GlossarySettings;
  /**
   * A configuration file: unknown keys are problems, and editor-only settings are not taken.
   * Editors send keys of other versions (and the client's own settings), so there they are not.
   */
  strict?: boolean;
}

type Problem = (path: string[], message: string) => void;
/** What a setting's raw value becomes: the value to set, or nothing (kept as it was) with problems said. */
type Reader = (raw: unknown, current: unknown, path: string[], problem: Problem) => { value: unknown } | undefined;

function rejectedUnless(ok: boolean, value: unknown, message: string, path: string[], problem: Problem): { value: unknown } | undefined {
  if (ok) return { value };
  problem(path, message);
  return undefined;
}

const isStringList = (raw: unknown): raw is string[] => Array.isArray(raw) && raw.every((item) => typeof item === 'string');

/** A glob that names files outside the workspace folder matches nothing: entries are looked for inside the folders only. */
function leavesWorkspace(glob: string): boolean {
  return /^(?:\.\.(?:[\\/]|$)|[\\/]|[A-Za-z]:)/.test(glob) || /[\\/]\.\.(?:[\\/]|$)/.test(glob);
}

function readerFor(kind: SettingKind): Reader {
  switch (kind.type) {
    case 'strings':
      return (raw, _current, path, problem) => rejectedUnless(isStringList(raw), raw, 'must be a list of strings', path, problem);
    case 'globs':
      return (raw, _current, path, problem) => {
        if (!isStringList(raw)) return rejectedUnless(false, raw, 'must be a list of strings', path, problem);
        raw.forEach((glob, i) => {
          if (leavesWorkspace(glob)) problem([...path, String(i)], `"${glob}" leaves the workspace folder; only files inside it are indexed, so it matches nothing`);
        });
        return { value: raw };
      };
    case 'string':
      return (raw, current, path, problem) => {
        if (kind.blankMeansDefault) {
          if (raw === '') return { value: current };
          return rejectedUnless(typeof raw === 'string' && raw.trim() !== '', raw, 'must be text', path, problem);
        }
        if (kind.regularExpression) return rejectedUnless(typeof raw === 'string' && isValidRegExp(raw), raw, 'must be a valid regular expression', path, problem);
        if (kind.nonEmpty) return rejectedUnless(typeof raw === 'string' && raw !== '', raw, 'must be a non-empty string', path, problem);
        return rejectedUnless(typeof raw === 'string', raw, 'must be a string', path, problem);
      };
    case 'enum':
      return (raw, _current, path, problem) => rejectedUnless(typeof raw === 'string' && kind.values.includes(raw), raw, `must be one of ${kind.values.join(', ')}`, path, problem);
    case 'integer': {
      const message = kind.minimum === 0 ? 'must be a non-negative number' : `must be a number of at least ${kind.minimum}`;
      return (raw, _current, path, problem) => {
        const ok = typeof raw === 'number' && Number.isFinite(raw) && raw >= kind.minimum && (kind.maximum === undefined || raw <= kind.maximum);
        return rejectedUnless(ok, ok ? Math.floor(raw as number) : raw, kind.maximum === undefined ? message : `must be a number from ${kind.minimum} to ${kind.maximum}`, path, problem);
      };
    }
    case 'boolean':
      return (raw, _current, path, problem) => rejectedUnless(typeof raw === 'boolean', raw, 'must be true or false', path, problem);
    case 'fieldTypes':
      return (raw, current, path, problem) => {
        if (!isPlainObject(raw)) return rejectedUnless(false, raw, 'must be an object', path, problem);
        const fields = { ...(current as Record<string, FieldType>) };
        for (const [key, type] of Object.entries(raw)) {
          if (type === null) delete fields[key];
          else if ((FIELD_TYPES as readonly unknown[]).includes(type)) fields[key] = type as FieldType;
          else problem([...path, key], `must be one of ${FIELD_TYPES.join(', ')} (or null to remove it)`);
        }
        return { value: fields };
      };
    case 'severities':
      return (raw, current, path, problem) => {
        if (!isPlainObject(raw)) return rejectedUnless(false, raw, 'must be an object', path, problem);
        const levels = { ...(current as Partial<Record<DiagnosticCode, SeverityLevel>>) };
        for (const [code, level] of Object.entries(raw)) {
          if (!isDiagnosticCode(code)) problem([...path, code], 'is not a diagnostic code');
          else if (!SEVERITY_LEVELS.includes(level as SeverityLevel)) problem([...path, code], `must be one of ${SEVERITY_LEVELS.join(', ')}`);
          else levels[code] = level as SeverityLevel;
        }
        return { value: levels };
      };
  }
}

const SERVER_SETTINGS = SETTING_DEFINITIONS.filter((definition) => definition.readBy === 'server');

/** Top-level keys, and the keys inside each group (`description` → minLength, maxLength). */
function keysOf(definitions: readonly SettingDefinition[]): Map<string, Set<string>> {
  const keys = new Map<string, Set<string>>();
  for (const { key } of definitions) {
    const [top, inner] = key.split('.');
    if (!keys.has(top)) keys.set(top, new Set());
    if (inner) keys.get(top)!.add(inner);
  }
  return keys;
}

/**
 * Lays settings from an editor or a configuration file (so untyped) over `base`. A value of the
 * wrong shape is dropped and named in `problems` with its path, never trusted.
 */
export function validateSettings(raw: unknown, options: ValidateOptions = {}): { settings: GlossarySettings; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const settings: GlossarySettings = structuredClone(options.base ?? DEFAULT_SETTINGS);
  const problem: Problem = (path, message) => problems.push({ path, message });
  if (raw === undefined || raw === null) return { settings, problems };
  if (!isPlainObject(raw)) return { settings, problems: [{ path: [], message: 'must be an object' }] };

  const definitions = options.strict ? SERVER_SETTINGS.filter((definition) => !definition.editorOnly) : SERVER_SETTINGS;
  const known = keysOf(definitions);
  if (options.strict) {
    for (const [key, value] of Object.entries(raw)) {
      const inner = known.get(key);
      if (key === '$schema') continue;
      if (!inner) problem([key], 'is not a known setting');
      else if (inner.size && isPlainObject(value)) for (const innerKey of Object.keys(value)) if (!inner.has(innerKey)) problem([key, innerKey], 'is not a known setting');
    }
  }
  const badGroups = new Set<string>();
  for (const definition of definitions) {
    const path = definition.key.split('.');
    const group = path.length > 1 ? raw[path[0]] : raw;
    if (group === undefined) continue;
    if (!isPlainObject(group)) {
      if (!badGroups.has(path[0])) problem([path[0]], 'must be an object');
      badGroups.add(path[0]);
      continue;
    }
    const value = group[path[path.length - 1]];
    if (value === undefined) continue;
    const target = (path.length > 1 ? (settings as unknown as Record<string, Record<string, unknown>>)[path[0]] : settings) as Record<string, unknown>;
    const read = readerFor(definition.kind)(value, target[path[path.length - 1]], path, problem);
    if (read) target[path[path.length - 1]] = read.value;
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

/**
 * `settings` with every code whose level is below `lowest` turned off: a check that shows nothing
 * below `lowest` (the CLI's report, the whole-glossary check; see GlossaryService.checkFile) then
 * spends no time finding it, such as the unlinked mentions of every entry, which are most of the
 * work of a large glossary's check.
 */
export function checkingDownTo(settings: GlossarySettings, lowest: ReportedLevel): GlossarySettings {
  const severity = { ...settings.severity };
  for (const code of Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[]) {
    const level = severityOf(settings, code);
    if (level !== 'off' && !isAtLeast(level, lowest)) severity[code] = 'off';
  }
  return { ...settings, severity };
}

export { DIAGNOSTIC_CODES, isDiagnosticCode, type DiagnosticCode, type SeverityLevel } from './diagnosticCodes';
