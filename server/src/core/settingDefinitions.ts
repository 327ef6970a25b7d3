/**
 * Every `glossary.*` setting, once: its shape, its documentation and who reads it. The settings
 * validator walks this table, and `npm run generate` writes from it the VS Code manifest's
 * settings and schemas/glossary.config.schema.json, so none of them is kept by hand.
 */

export type SettingKind =
  | { type: 'strings' }
  /** Globs relative to a workspace folder; one that leaves the folder is reported where it is written. */
  | { type: 'globs' }
  | { type: 'string'; nonEmpty?: boolean; regularExpression?: boolean; multiline?: boolean; blankMeansDefault?: boolean }
  | { type: 'enum'; values: readonly string[]; descriptions?: readonly string[] }
  | { type: 'integer'; minimum: number; maximum?: number }
  | { type: 'boolean' }
  /** `field → type` (or null to remove a built-in field), laid over the built-in fields. */
  | { type: 'fieldTypes' }
  /** `diagnostic code → level`, laid over each code's default. */
  | { type: 'severities' };

export interface SettingDefinition {
  /** The path below `glossary.`: `linkPrefix`, `description.minLength`. */
  key: string;
  kind: SettingKind;
  /** Markdown. */
  description: string;
  /**
   * `server`: the language server and the CLI read it, from the editor's settings and from
   * glossary.config.json (unless `editorOnly`); its default is in DEFAULT_SETTINGS.
   * `client`: only the VS Code extension reads it; its default is `default`.
   */
  readBy: 'server' | 'client';
  /** A server setting about the editor's behaviour, which glossary.config.json (shared with CI) does not take. */
  editorOnly?: boolean;
  default?: unknown;
  /** VS Code's setting scope; `resource` unless said. */
  scope?: 'resource' | 'window';
}

export const FIELD_TYPES = ['string', 'string[]', 'boolean', 'number', 'any'] as const;

export const SETTING_DEFINITIONS: readonly SettingDefinition[] = [
  {
    key: 'include',
    kind: { type: 'globs' },
    readBy: 'server',
    description: 'Globs, relative to the workspace folder, of the Markdown files that are glossary entries. The slug of an entry is its file name without `.md`.',
  },
  {
    key: 'exclude',
    kind: { type: 'strings' },
    readBy: 'server',
    description: 'Globs of files never treated as entries, even when `#glossary.include#` matches them.',
  },
  {
    key: 'linkPrefix',
    kind: { type: 'string' },
    readBy: 'server',
    description: 'Site path under which body links and `related` values point at entries, e.g. `[Fine-tuning](/glossary/fine-tuning)`.',
  },
  {
    key: 'relatedPrefix',
    kind: { type: 'string' },
    readBy: 'server',
    description: 'A path prefix stripped from `related` values, for sites that write `related: [glossary/fine-tuning]`; values that are paths outside it point beyond the glossary and are ignored.',
  },
  {
    key: 'contentRoot',
    kind: { type: 'string' },
    readBy: 'server',
    description: 'The folder, relative to the workspace folder, whose folders are the site\'s sections (`content` for Hugo and Nuxt Content). `related` values and body links naming a page of another section (`guides/x`, `/guides/x/`, `../guides/x.md`) are checked against its Markdown files. Empty: the nearest folder named `content` above each entry (and its language folder, `content/en`, on multilingual sites).',
  },
  {
    key: 'sections',
    kind: { type: 'strings' },
    readBy: 'server',
    description: 'The sections of the site (folders of `#glossary.contentRoot#`) whose pages `related` values and body links may name. Empty: every folder of the content root except the glossary\'s own.',
  },
  {
    key: 'roots',
    kind: { type: 'strings' },
    readBy: 'server',
    description: 'Folders, relative to the workspace folder, that each hold a glossary of their own: its entries have their own slugs, and references resolve inside it. Empty: each language folder of a multilingual site (`content/en`, `content/fr`) is a glossary, and the rest of the workspace folder is one.',
  },
  {
    key: 'requiredFields',
    kind: { type: 'strings' },
    readBy: 'server',
    description: 'Frontmatter fields every entry must have.',
  },
  {
    key: 'fields',
    kind: { type: 'fieldTypes' },
    readBy: 'server',
    description: 'Extra frontmatter fields and their types (`string`, `string[]`, `boolean`, `number`, `any`), added to the built-in `title`, `description`, `logoIcon`, `category` (text) and `related` (list of text). A key outside these is reported as unknown. Set a field to `null` to remove it.',
  },
  {
    key: 'titleField',
    kind: { type: 'string', nonEmpty: true },
    readBy: 'server',
    description: 'The frontmatter field that holds an entry\'s display name (e.g. `term`).',
  },
  {
    key: 'aliasFields',
    kind: { type: 'strings' },
    readBy: 'server',
    description: 'The frontmatter fields that list other names of a term (`aliases: [LLM, LLMs]`). Aliases count as mentions of the entry (`unlinked-mention`), and show in completion and hover. To read `synonyms:` too, set `["aliases", "synonyms"]` and declare `synonyms` as `string[]` in `#glossary.fields#`.',
  },
  {
    key: 'slugField',
    kind: { type: 'string' },
    readBy: 'server',
    description: 'The frontmatter field that holds an entry\'s slug (e.g. `slug`). Empty: the file name without `.md` is the slug.',
  },
  {
    key: 'categories',
    kind: { type: 'strings' },
    readBy: 'server',
    description: 'The categories entries may use (completion offers them; others get an `unknown-category` diagnostic). Empty: any category.',
  },
  {
    key: 'iconPrefixes',
    kind: { type: 'strings' },
    readBy: 'server',
    description: 'Iconify prefixes accepted in `logoIcon`, e.g. `i-lucide-`.',
  },
  {
    key: 'description.minLength',
    kind: { type: 'integer', minimum: 0 },
    readBy: 'server',
    description: 'Shortest description, in characters, before a `description-length` diagnostic.',
  },
  {
    key: 'description.maxLength',
    kind: { type: 'integer', minimum: 0 },
    readBy: 'server',
    description: 'Longest description, in characters, before a `description-length` diagnostic (search engines cut longer ones).',
  },
  {
    key: 'severity',
    kind: { type: 'severities' },
    readBy: 'server',
    description: 'Severity of each diagnostic, by code (see the [reference of all codes](https://github.com/glossary-author/glossary-author/blob/main/docs/diagnostics.md)). `off` turns a diagnostic off.',
  },
  {
    key: 'completion.maxItems',
    kind: { type: 'integer', minimum: 1 },
    readBy: 'server',
    description: 'Most slugs offered at once; the list is ranked and refined as you type.',
  },
  {
    key: 'debrisTags',
    kind: { type: 'strings' },
    readBy: 'server',
    description: 'Tag names of AI tool-call markup (`<write_to_file>`, `</content>`, …) reported when found outside code.',
  },
  {
    key: 'maxFileSize',
    kind: { type: 'integer', minimum: 0 },
    readBy: 'server',
    description: 'Files larger than this many bytes are indexed and checked only up to this size.',
  },
  {
    key: 'slugPattern',
    kind: { type: 'string', regularExpression: true },
    readBy: 'server',
    description: 'Regular expression a new slug (rename, new entry) must match.',
  },
  {
    key: 'entryTemplate',
    kind: { type: 'string', multiline: true, blankMeansDefault: true },
    readBy: 'server',
    description: 'Text of a new entry (quick fix, **Glossary: New Term**); `{{title}}`, `{{slug}}`, `{{category}}` and `{{related}}` are filled in. Empty: the built-in template.',
  },
  {
    key: 'updateLinksOnRename',
    kind: {
      type: 'enum',
      values: ['prompt', 'always', 'never'],
      descriptions: ['Ask before rewriting references when an entry file is renamed or moved.', 'Always rewrite the references.', 'Never rewrite them.'],
    },
    readBy: 'server',
    description: 'Whether renaming or moving an entry file in the explorer rewrites the related items and body links that name it.',
  },
  {
    key: 'mermaid.check',
    kind: { type: 'boolean' },
    readBy: 'server',
    description: 'Check ```` ```mermaid ```` blocks for syntax errors in the language server (in a worker thread) and in the CLI, whether or not the preview is open.',
  },
  {
    key: 'wholeGlossary.check',
    kind: { type: 'boolean' },
    readBy: 'server',
    editorOnly: true,
    description: 'Keep the findings of every entry in the Problems panel, not only those of open entries, and keep them fresh as files change (what **Glossary: Check Whole Glossary** does once).',
  },
  {
    key: 'wholeGlossary.minimumSeverity',
    kind: {
      type: 'enum',
      values: ['error', 'warning', 'information', 'hint'],
      descriptions: ['Only errors.', 'Errors and warnings.', 'Errors, warnings and information.', 'Everything, hints included.'],
    },
    readBy: 'server',
    editorOnly: true,
    description: 'The least severe findings the whole-glossary check shows for entries that are not open (open entries show all of theirs).',
  },
  {
    key: 'preview.debounceMs',
    kind: { type: 'integer', minimum: 0, maximum: 2000 },
    readBy: 'client',
    default: 100,
    scope: 'window',
    description: 'How long the Mermaid preview waits after the last keystroke before it re-renders, in milliseconds.',
  },
  {
    key: 'preview.theme',
    kind: {
      type: 'enum',
      values: ['auto', 'default', 'dark', 'forest', 'neutral', 'base'],
      descriptions: [
        'Follow the VS Code colour theme (light, dark, high contrast).',
        'Mermaid\'s default (light) theme.',
        'Mermaid\'s dark theme.',
        'Mermaid\'s forest theme.',
        'Mermaid\'s neutral theme (good for printing).',
        'Mermaid\'s base theme.',
      ],
    },
    readBy: 'client',
    default: 'auto',
    scope: 'window',
    description: 'The Mermaid theme of the preview.',
  },
  {
    key: 'preview.maxDiagramCharacters',
    kind: { type: 'integer', minimum: 100 },
    readBy: 'client',
    default: 50_000,
    scope: 'window',
    description: 'Diagrams longer than this many characters show a notice instead of being rendered, so the preview stays responsive.',
  },
  {
    key: 'preview.maxDiagramEdges',
    kind: { type: 'integer', minimum: 1 },
    readBy: 'client',
    default: 1_000,
    scope: 'window',
    description: 'Diagrams with more edges than this show a notice instead of being rendered.',
  },
  {
    key: 'markdownPreview.mermaid',
    kind: { type: 'boolean' },
    readBy: 'client',
    default: true,
    scope: 'window',
    description: 'Draw ```` ```mermaid ```` blocks as diagrams in VS Code\'s own Markdown preview (with `#glossary.preview.theme#`). Turn off if another extension draws them there. Takes effect when the preview next updates.',
  },
  {
    key: 'trace.server',
    kind: {
      type: 'enum',
      values: ['off', 'messages', 'verbose'],
      descriptions: ['No trace.', 'The name of each message between VS Code and the language server.', 'Each message with its content.'],
    },
    readBy: 'client',
    default: 'off',
    scope: 'window',
    description: 'Traces the communication between VS Code and the Glossary language server in the **Glossary Language Server** output.',
  },
];
