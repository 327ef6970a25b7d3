import { DiagnosticSeverity, type CodeDescription, type Diagnostic, type Range } from 'vscode-languageserver-types';

/** The levels a diagnostic code can be set to (`glossary.severity.<code>`). */
export type SeverityLevel = 'error' | 'warning' | 'information' | 'hint' | 'off';
export const SEVERITY_LEVELS: readonly SeverityLevel[] = ['error', 'warning', 'information', 'hint', 'off'];
export type ReportedLevel = Exclude<SeverityLevel, 'off'>;
/** The levels a finding can have, the most severe first. */
export const REPORTED_LEVELS: readonly ReportedLevel[] = ['error', 'warning', 'information', 'hint'];

/** Whether a finding at `level` is as severe as `lowest` or more. */
export function isAtLeast(level: ReportedLevel, lowest: ReportedLevel): boolean {
  return REPORTED_LEVELS.indexOf(level) <= REPORTED_LEVELS.indexOf(lowest);
}

export interface DiagnosticCodeInfo {
  severity: ReportedLevel;
  /** One line: the settings' description and the CLI's SARIF rule. */
  summary: string;
  /** Markdown for the reference page (docs/diagnostics.md): why it matters and how to fix it. */
  explanation: string;
}

/**
 * Every diagnostic the service can raise. The key is the stable `code` users configure; the
 * manifest's severity settings, the configuration schema and docs/diagnostics.md are generated
 * from this table (`npm run generate`).
 */
export const DIAGNOSTIC_CODES = {
  'frontmatter-missing': {
    severity: 'error',
    summary: 'The entry has no frontmatter block at the top of the file.',
    explanation: 'Site generators read an entry\'s title, description and relations from the frontmatter: a `---` (YAML), `+++` (TOML) or `{` (JSON) block on the first line. Without it the page has no title and the glossary cannot link to it. Start the file with a block that sets the required fields; the quick fix inserts one.',
  },
  'frontmatter-misplaced': {
    severity: 'error',
    summary: 'A frontmatter block exists, but not on the first line, so site generators ignore it.',
    explanation: 'Hugo, Nuxt Content and the other generators only look for frontmatter on line 1; a block below other text (often left there by a generating tool) renders as prose. Move it to the top and delete what stands above it; the quick fix does both.',
  },
  'frontmatter-unclosed': {
    severity: 'error',
    summary: 'The frontmatter block is opened with `---` but never closed.',
    explanation: 'Without its closing line the whole file is read as frontmatter. Add the closing `---` (or `+++`) line after the last field.',
  },
  'yaml-syntax': {
    severity: 'error',
    summary: 'The frontmatter does not parse (YAML, TOML or JSON).',
    explanation: 'The generator stops at the first syntax error, so the entry loses all its fields. The message gives the parser\'s reason at the place it failed; common causes are an unquoted value with `: ` in it, a tab used for indentation, or an unclosed quote.',
  },
  'frontmatter-not-mapping': {
    severity: 'error',
    summary: 'The frontmatter is not a list of `key: value` fields.',
    explanation: 'The block parses, but as a list or a single value rather than as named fields, so no field can be read. Write one `key: value` line per field.',
  },
  'duplicate-key': {
    severity: 'error',
    summary: 'A frontmatter key appears more than once.',
    explanation: 'Generators keep one of the values (which one depends on the tool), so the other is silently lost. Keep one line per key; the quick fix removes the repetition.',
  },
  'required-field-missing': {
    severity: 'error',
    summary: 'A required frontmatter field is missing.',
    explanation: 'Every entry must set the fields of `glossary.requiredFields` (by default `title`, `description` and `category`). The quick fix adds the missing field.',
  },
  'field-type': {
    severity: 'error',
    summary: 'A frontmatter field has a value of the wrong type.',
    explanation: 'The built-in fields are text, except `related`, a list of slugs; `glossary.fields` declares the types of others. A number or `true` where text is expected usually needs quotes; a single related slug must still be a list.',
  },
  'unknown-key': {
    severity: 'warning',
    summary: 'A frontmatter key that glossary entries do not use.',
    explanation: 'Often a misspelt field (`descripton`), which the site then ignores. The message suggests the field meant; declare deliberate extra fields in `glossary.fields`.',
  },
  'unknown-slug': {
    severity: 'warning',
    summary: 'A related slug names no entry of the glossary.',
    explanation: 'The site would link to a page that does not exist. The message suggests the nearest slugs (by spelling, or by words rare enough in this glossary to mean something); the quick fixes replace the slug or create the missing entry.',
  },
  'duplicate-related': {
    severity: 'warning',
    summary: 'A related slug is listed more than once.',
    explanation: 'The related list would show the same entry twice. Remove the repetition; the quick fix does.',
  },
  'self-related': {
    severity: 'warning',
    summary: 'The entry lists itself as related.',
    explanation: 'A link from an entry to itself helps no reader. Remove it; the quick fix does.',
  },
  'description-empty': {
    severity: 'warning',
    summary: 'The description is empty.',
    explanation: 'Search engines and link previews show the description; an empty one shows nothing. Write one sentence that defines the term.',
  },
  'description-length': {
    severity: 'information',
    summary: 'The description is shorter or longer than search engines show well.',
    explanation: 'Search results show about 50 to 160 characters (`glossary.description.minLength` / `maxLength`); a longer description is cut, a shorter one wastes the space.',
  },
  'duplicate-title': {
    severity: 'warning',
    summary: 'Another entry has the same title.',
    explanation: 'Two entries with one title confuse readers and search engines. Merge them, or make the titles say how the terms differ.',
  },
  'unclosed-fence': {
    severity: 'error',
    summary: 'A code fence is never closed, so the rest of the file renders as code.',
    explanation: 'Everything after an unclosed ```` ``` ```` or `~~~` line is shown as code. Close it with a line of the same fence characters.',
  },
  'tool-call-debris': {
    severity: 'error',
    summary: 'Markup left behind by an AI tool call (such as `<write_to_file>`) sits in the text.',
    explanation: 'Entries drafted with AI tools sometimes keep the tool\'s markup (`<write_to_file>`, `</content>`, …), which the site renders as text. Remove it; `glossary.debrisTags` lists the tags looked for.',
  },
  'file-too-large': {
    severity: 'warning',
    summary: 'The file is larger than `glossary.maxFileSize`; only its frontmatter is checked.',
    explanation: 'Very large files are indexed and checked only up to `glossary.maxFileSize` bytes, so that one file cannot hold up the editor. Split the entry, or raise the limit.',
  },
  'unknown-link': {
    severity: 'warning',
    summary: 'A body link under the link prefix names no entry of the glossary.',
    explanation: 'A link such as `[Fine-tuning](/glossary/fine-tunning)` (or a reference definition `[ft]: /glossary/fine-tunning`) points at a page that does not exist. The message suggests the nearest slugs; the quick fix replaces the slug.',
  },
  'unknown-page': {
    severity: 'warning',
    summary: 'A related value or body link names a page of another section of the site that does not exist.',
    explanation: 'Sites list pages of other sections beside glossary entries (`related: [guides/prompting]`, `[a guide](/guides/prompting/)`, `../tools/x.md`). Such a path is checked against the Markdown files of that section under the content root (`glossary.contentRoot`, `glossary.sections`); `_index.md` and `index.md` stand for their folder. The message suggests the nearest page paths; the quick fix replaces the path.',
  },
  'one-way-relation': {
    severity: 'hint',
    summary: 'This entry lists another as related, but that entry does not list it back.',
    explanation: 'Readers of the other entry will not find this one. Relations are often one-way on purpose, so this is a hint; the quick fix adds the reverse relation, and `glossary.severity` can turn it off.',
  },
  'duplicate-slug': {
    severity: 'warning',
    summary: 'Another entry of the same glossary has the same slug.',
    explanation: 'Two files with one slug (the same file name in two folders, or the same `slugField` value) leave every reference to that slug ambiguous: links and `related` lists reach only one of them. Rename one of the files, or merge the entries. Entries of different glossaries (another language folder, another workspace folder, another of `glossary.roots`) may share slugs.',
  },
  'duplicate-term': {
    severity: 'warning',
    summary: 'An alias is another entry\'s title or alias (or this title is another entry\'s alias).',
    explanation: 'Two entries answering to one name leave readers and the mention finder unable to tell which is meant. Terms are compared without case, spacing or hyphens (`Fine-tuning` = `fine tuning`). Remove the alias from one of them, or merge the entries. Two equal titles are `duplicate-title`.',
  },
  'unlinked-mention': {
    severity: 'hint',
    summary: 'The body names another entry (by its title or an alias) without linking to it or listing it as related.',
    explanation: 'Readers cannot follow a term the text only names. The first mention of each entry in paragraphs is reported, whole words only, not in headings, code, links, HTML or URLs; abbreviations such as `LLM` match with their case, other terms whatever their case. Titles shorter than four letters (unless abbreviations) and one-word titles that are everyday words (`Model`, `Terms`) are not looked for. The quick fixes link the mention or add the entry to `related`; `glossary.severity` can turn the hint off.',
  },
  'unknown-category': {
    severity: 'warning',
    summary: 'The category is not one of the categories the configuration allows.',
    explanation: 'When `glossary.categories` lists the allowed categories, any other one is reported with the nearest allowed ones.',
  },
  'unknown-icon': {
    severity: 'warning',
    summary: 'The logoIcon names no icon of the configured icon sets.',
    explanation: 'A `logoIcon` such as `i-lucide-layers` must name an icon of the set its prefix names (`glossary.iconPrefixes`), or the page shows none. The message suggests the nearest icon names.',
  },
  'mermaid-syntax': {
    severity: 'error',
    summary: 'A ```mermaid block does not parse.',
    explanation: 'Mermaid would show an error instead of the diagram. The diagnostic sits where Mermaid\'s parser stopped, with what it expected there. Checked in the editor and by the CLI alike; `glossary.mermaid.check` turns the check off.',
  },
  'mermaid-outside-fence': {
    severity: 'warning',
    summary: 'Mermaid diagram text (`graph TD`, `A --> B`) sits outside any ```mermaid fence, so it renders as prose.',
    explanation: 'Diagram text that lost its fence renders as a paragraph of arrows. Put it in a ```` ```mermaid ```` block; the quick fix wraps it.',
  },
} as const satisfies Record<string, DiagnosticCodeInfo>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** Problems in glossary.config.json carry this code; it has no severity setting (a broken configuration is always an error). */
export const CONFIG_DIAGNOSTIC_CODE = 'config';

export function isDiagnosticCode(value: string): value is DiagnosticCode {
  return Object.prototype.hasOwnProperty.call(DIAGNOSTIC_CODES, value);
}

/** Where docs/diagnostics.md is published; each code is a heading (anchor) there. */
export const DIAGNOSTICS_REFERENCE_URL = 'https://github.com/glossary-author/glossary-author/blob/main/docs/diagnostics.md';

/** The link an editor shows beside a diagnostic's code (LSP `codeDescription`). */
export function codeDescription(code: DiagnosticCode | typeof CONFIG_DIAGNOSTIC_CODE): CodeDescription {
  return { href: `${DIAGNOSTICS_REFERENCE_URL}#${code}` };
}

const LSP_SEVERITIES: Record<ReportedLevel, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function lspSeverity(level: ReportedLevel): DiagnosticSeverity {
  return LSP_SEVERITIES[level];
}

/** The level name of an LSP severity (a diagnostic without one is an error, as LSP clients show it). */
export function levelOfSeverity(severity: DiagnosticSeverity | undefined): ReportedLevel {
  switch (severity) {
    case DiagnosticSeverity.Warning:
      return 'warning';
    case DiagnosticSeverity.Information:
      return 'information';
    case DiagnosticSeverity.Hint:
      return 'hint';
    default:
      return 'error';
  }
}

/** The `source` of every diagnostic of the glossary service. */
export const DIAGNOSTIC_SOURCE = 'glossary';

/** A diagnostic of `code` at `level`, linked to its explanation; the one way diagnostics are made. */
export function glossaryDiagnostic(code: DiagnosticCode | typeof CONFIG_DIAGNOSTIC_CODE, level: ReportedLevel, range: Range, message: string, data?: unknown): Diagnostic {
  const diagnostic: Diagnostic = { range, severity: lspSeverity(level), code, codeDescription: codeDescription(code), source: DIAGNOSTIC_SOURCE, message };
  if (data !== undefined) diagnostic.data = data;
  return diagnostic;
}

/** Diagnostics in the order of the document, as editors and the CLI list them. */
export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}
