/**
 * "New Term": the slug a title suggests, and the file a new entry gets — where it goes (the folder
 * of the glossary) and what it holds (the entry template, filled in). Nothing here touches the
 * disk; the caller says whether a file exists and applies the result as an edit.
 */
import { URI, Utils } from 'vscode-uri';
import type { GlossaryIndex } from '../glossaryIndex';
import type { GlossarySettings } from '../settings';
import { fieldLine, insideQuotes, listValue, stringValue, yamlScalar } from '../frontmatterText';
import type { FrontmatterFormat } from '../parsing';
import { escapeRegExp } from '../text';
import { scanningPositions } from '../positions';

/** `glossary/newEntry`: what a new entry's text and place would be. Creates nothing. */
export const NEW_ENTRY_REQUEST = 'glossary/newEntry';

export interface NewEntryParams {
  title: string;
  slug: string;
  /** The folder to create the entry in (the folder of the entry being edited); used when an entry there is a glossary entry. */
  folderUri?: string;
  /** Fills `{{category}}`; empty by default. */
  category?: string;
}

export type NewEntryRefusal = 'invalid-title' | 'invalid-slug' | 'exists' | 'no-folder';

export type NewEntryResult =
  | {
      uri: string;
      text: string;
      /** Where the cursor goes once the file is open: in the description's value. Zero-based. */
      cursor: { line: number; character: number };
    }
  | { error: string; reason: NewEntryRefusal };

export interface NewEntryContext {
  index: GlossaryIndex;
  settings: GlossarySettings;
  /** URIs of the workspace folders. */
  folders: readonly string[];
  /** Whether a file at this URI would be a glossary entry (glossary.include / exclude). */
  isEntry: (uri: string) => boolean;
  /** Whether a file exists at this URI (one the index does not know, such as an excluded or empty one). */
  fileExists?: (uri: string) => Promise<boolean>;
}

export const MAX_TITLE_LENGTH = 200;
const MAX_SLUG_LENGTH = 100;

/** Letters that Unicode decomposition does not reduce to ASCII. */
const FOLDED: Record<string, string> = {
  ß: 'ss', ẞ: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ø: 'o', Ø: 'o', đ: 'd', Đ: 'd', ð: 'd', Ð: 'd',
  ł: 'l', Ł: 'l', þ: 'th', Þ: 'th', ı: 'i', ħ: 'h', Ħ: 'h', ŋ: 'n', Ŋ: 'n', ſ: 's',
};

/**
 * The slug a title suggests: ASCII-folded (é → e, ß → ss), lower-case, every run of other
 * characters one hyphen, no hyphen at either end, at most 100 characters (cut at a hyphen).
 * Apostrophes vanish rather than split a word ("Bayes' Theorem" → bayes-theorem).
 */
export function slugFromTitle(title: string): string {
  let slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\u0000-\u007f]/g, (ch) => FOLDED[ch] ?? ch)
    .toLowerCase()
    .replace(/['\u2018\u2019`]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length > MAX_SLUG_LENGTH) {
    const cut = slug.lastIndexOf('-', MAX_SLUG_LENGTH);
    slug = slug.slice(0, cut > 0 ? cut : MAX_SLUG_LENGTH).replace(/-+$/, '');
  }
  return slug;
}

/** Why `slug` cannot name a new entry file under `slugPattern`, or undefined when it can. */
export function slugProblem(slug: string, slugPattern: string): string | undefined {
  if (slug === '') return 'Enter a slug.';
  if (slug.length > MAX_SLUG_LENGTH) return `A slug has at most ${MAX_SLUG_LENGTH} characters.`;
  // Whatever the pattern allows, the slug becomes a file name in the glossary folder.
  if (/[/\\:*?"<>|\u0000-\u001f\u007f]/.test(slug) || slug === '.' || slug === '..' || slug.startsWith('.') || slug !== slug.trim()) {
    return `'${slug}' cannot be a file name.`;
  }
  let pattern: RegExp;
  try {
    pattern = new RegExp(slugPattern, 'u');
  } catch {
    return `glossary.slugPattern (${slugPattern}) is not a valid regular expression.`;
  }
  if (!pattern.test(slug)) return `'${slug}' does not match glossary.slugPattern (${slugPattern}).`;
  return undefined;
}

/** Why `title` cannot be a new entry's title, or undefined when it can. */
export function titleProblem(title: string): string | undefined {
  if (title.trim() === '') return 'Enter a title.';
  if (title.length > MAX_TITLE_LENGTH) return `A title has at most ${MAX_TITLE_LENGTH} characters.`;
  if (/[\u0000-\u001f\u007f\u2028\u2029]/.test(title)) return 'A title is one line of text.';
  return undefined;
}

export { yamlScalar } from '../frontmatterText';

interface TemplateValues {
  title: string;
  slug: string;
  category: string;
  related: string[];
}

/** Fills the placeholders of template text as written: `{{related}}` as YAML's block list (or ` []`). */
export function fillTemplate(template: string, values: TemplateValues): string {
  const related = values.related.length ? values.related.map((slug) => `\n- ${slug}`).join('') : ' []';
  return template
    .replace(/\{\{title\}\}/g, values.title)
    .replace(/\{\{slug\}\}/g, values.slug)
    .replace(/\{\{category\}\}/g, values.category || "''")
    .replace(/\{\{related\}\}/g, related);
}

/**
 * Fills the placeholders of a TOML or JSON frontmatter: one between quotes (`"{{title}}"`) with
 * the text escaped for them, a bare one (`{{title}}`) with a whole quoted string, and
 * `{{related}}` with a list (`["a", "b"]`).
 */
function fillQuoted(template: string, format: FrontmatterFormat, values: TemplateValues): string {
  return template.replace(/(["']?)\{\{(title|slug|category|related)\}\}(["']?)/g, (_match, open: string, name: keyof TemplateValues, close: string) => {
    const value = values[name];
    if (Array.isArray(value)) return `${open}${listValue(format, value)}${close}`;
    if (open && open === close) return `${open}${insideQuotes(format, value, open)}${close}`;
    return `${open}${stringValue(format, value)}${close}`;
  });
}

/** The frontmatter of a template (its `---` or `+++` block, or its JSON object, with the line break after it), its format, and the rest. */
function splitTemplate(template: string): { frontmatter: string; format: FrontmatterFormat; body: string } {
  const block = /^(---|\+\+\+)[ \t]*\r?\n(?:[\s\S]*?\r?\n)?\1[ \t]*(?:\r?\n|$)/.exec(template);
  if (block) return { frontmatter: block[0], format: block[1] === '---' ? 'yaml' : 'toml', body: template.slice(block[0].length) };
  if (template.startsWith('{') && !template.startsWith('{{')) {
    // Placeholders are balanced braces too, so counting them finds the object's end.
    let depth = 0;
    for (let i = 0; i < template.length; i++) {
      if (template[i] === '{') depth++;
      else if (template[i] === '}' && --depth === 0) {
        const end = /^[ \t]*(?:\r?\n|$)/.exec(template.slice(i + 1))![0].length + i + 1;
        return { frontmatter: template.slice(0, end), format: 'json', body: template.slice(end) };
      }
    }
  }
  return { frontmatter: '', format: 'yaml', body: template };
}

/**
 * The text of a new entry: the template with `{{title}}`, `{{slug}}`, `{{category}}` and
 * `{{related}}` filled in. In the frontmatter the values are written as its format (YAML, TOML or
 * JSON) needs them; in the body they are written as typed. With glossary.slugField set, the slug
 * field is added when the template has none.
 */
export function newEntryText(settings: GlossarySettings, values: { title: string; slug: string; category?: string; related?: string[] }): string {
  const { frontmatter, format, body } = splitTemplate(settings.entryTemplate);
  const related = values.related ?? [];
  const category = values.category ?? '';
  let head = format === 'yaml'
    ? fillTemplate(frontmatter, { title: yamlScalar(values.title), slug: values.slug, category: category ? yamlScalar(category) : '', related })
    : fillQuoted(frontmatter, format, { title: values.title, slug: values.slug, category, related });
  const rest = fillTemplate(body, { title: values.title, slug: values.slug, category, related });
  const key = escapeRegExp(settings.slugField);
  if (head && settings.slugField && !new RegExp(`^[ \\t]*["']?${key}["']?[ \\t]*[:=]`, 'm').test(head)) {
    const eol = head.includes('\r\n') ? '\r\n' : '\n';
    const firstBreak = head.indexOf('\n') + 1;
    const line = fieldLine(format, settings.slugField, format === 'yaml' ? values.slug : stringValue(format, values.slug));
    head = `${head.slice(0, firstBreak)}${format === 'json' ? `  ${line},` : line}${eol}${head.slice(firstBreak)}`;
  }
  return head + rest;
}

/** Zero-based line and character in `text` where the description's value starts (inside its quotes); the end when there is no description. */
export function descriptionCursor(text: string): { line: number; character: number } {
  const match = /^[ \t]*"?description"?[ \t]*[:=][ \t]*['"]?/m.exec(text);
  const offset = match ? match.index + match[0].length : text.length;
  return scanningPositions(text).positionAt(offset);
}

/** The static folder part of an include glob: `**\/content/glossary/**\/*.md` → `content/glossary`. */
export function globFolder(glob: string): string {
  const parts = glob.replace(/^\.?\//, '').split('/');
  while (parts[0] === '**') parts.shift();
  const fixed: string[] = [];
  for (const part of parts.slice(0, -1)) {
    if (/[*?[\]{}()!+@]/.test(part)) break;
    fixed.push(part);
  }
  return fixed.join('/');
}

/**
 * Folders to create the entry in, best first: the one asked for, the folder holding the most
 * entries, then each include glob's static folder under each workspace folder.
 */
function candidateFolders(params: NewEntryParams, context: NewEntryContext): string[] {
  const candidates: string[] = [];
  if (params.folderUri) candidates.push(URI.parse(params.folderUri).toString());
  const counts = new Map<string, number>();
  for (const entry of context.index.entries()) {
    const folder = Utils.dirname(URI.parse(entry.uri)).toString();
    counts.set(folder, (counts.get(folder) ?? 0) + 1);
  }
  const byCount = [...counts].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || a[0].localeCompare(b[0]));
  if (byCount[0]) candidates.push(byCount[0][0]);
  for (const folder of context.folders) {
    for (const glob of context.settings.include) {
      const relative = globFolder(glob);
      const base = URI.parse(folder);
      candidates.push((relative ? Utils.joinPath(base, ...relative.split('/')) : base).toString());
    }
  }
  return [...new Set(candidates)];
}

/** Plans a new entry: checks the title and slug, refuses a slug in use, picks the folder and fills the template. */
export async function planNewEntry(params: NewEntryParams, context: NewEntryContext): Promise<NewEntryResult> {
  const title = typeof params.title === 'string' ? params.title.trim() : '';
  const slug = typeof params.slug === 'string' ? params.slug : '';
  const badTitle = titleProblem(title);
  if (badTitle) return { error: badTitle, reason: 'invalid-title' };
  const badSlug = slugProblem(slug, context.settings.slugPattern);
  if (badSlug) return { error: badSlug, reason: 'invalid-slug' };
  const existing = context.index.entryFor(slug);
  if (existing) return { error: `An entry with the slug '${slug}' already exists (${Utils.basename(URI.parse(existing.uri))}).`, reason: 'exists' };

  const folder = candidateFolders(params, context).find((candidate) => context.isEntry(Utils.joinPath(URI.parse(candidate), `${slug}.md`).toString()));
  if (!folder) return { error: 'No folder of the workspace matches glossary.include, so a new entry would not be part of the glossary.', reason: 'no-folder' };
  const uri = Utils.joinPath(URI.parse(folder), `${slug}.md`).toString();
  // Also files the index does not hold: a case-insensitive file system may have `Slug.md`, so check what is on disk.
  if (context.fileExists && (await context.fileExists(uri))) return { error: `A file named '${slug}.md' already exists in that folder.`, reason: 'exists' };

  const text = newEntryText(context.settings, { title, slug, category: typeof params.category === 'string' ? params.category : '' });
  return { uri, text, cursor: descriptionCursor(text) };
}
