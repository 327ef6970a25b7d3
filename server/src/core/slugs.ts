export function slugFromPath(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return decodeURIComponent(name.replace(/\.md$/i, ''));
}

/**
 * The slug a `related` value or a link target names, or undefined when it points outside the
 * glossary. Accepts a bare slug, a site path under the link prefix (`/glossary/x`, `/glossary/x/`)
 * and a sibling Markdown file (`x.md`, `./x.md`).
 */
export function slugFromReference(value: string, prefixes: string | readonly string[]): string | undefined {
  return (typeof prefixes === 'string' ? plainSlugAfter(value, prefixes) : undefined) ?? readSlugReference(value, prefixes);
}

/**
 * slugFromReference's reading of any value, step by step; slugFromReference takes a shortcut for
 * plain ones (test/unit/slugs.test.ts holds the two to the same answers).
 */
export function readSlugReference(value: string, prefixes: string | readonly string[]): string | undefined {
  let target = value.trim().replace(/[?#].*$/, '');
  const prefix = (typeof prefixes === 'string' ? [prefixes] : prefixes).find((p) => p && target.startsWith(p));
  if (prefix) target = target.slice(prefix.length);
  else if (/^(\.\/)?[^/]+\.md$/i.test(target)) target = target.replace(/^\.\//, '');
  else if (target.includes('/') || target.includes(':')) return undefined;
  target = target.replace(/\/$/, '').replace(/\.md$/i, '');
  return target && !target.includes('/') ? target : undefined;
}

/**
 * The slug of `value` when it is `prefix` and then nothing but slug characters, as most body links
 * are: what slugFromReference makes of it, without the copies its general reading makes (a
 * million body links at 20,000 entries). Undefined for anything else.
 */
function plainSlugAfter(value: string, prefix: string): string | undefined {
  if (!prefix || value.length <= prefix.length || !value.startsWith(prefix)) return undefined;
  // A value starting with white space would be trimmed first.
  const first = prefix.charCodeAt(0);
  if (first <= 32 || first >= 127) return undefined;
  for (let i = prefix.length; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const slugCharacter = (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 45 || code === 95 || code === 46 || (code >= 65 && code <= 90);
    if (!slugCharacter) return undefined;
  }
  return MD_SUFFIX.test(value) ? undefined : value.slice(prefix.length);
}

const MD_SUFFIX = /\.md$/i;

/** What a `related` value may start with before its slug: the site's link prefix and the configured path prefix. */
export function relatedPrefixes(settings: { linkPrefix: string; relatedPrefix: string }): string[] {
  return [settings.linkPrefix, settings.relatedPrefix].filter(Boolean).sort((a, b) => b.length - a.length);
}

/** The slug a body link points at, when it points at an entry: a site path under the prefix or a sibling `.md` file. */
export function entryLinkSlug(target: string, linkPrefix: string): string | undefined {
  if (!target.startsWith(linkPrefix) && !/\.md([?#]|$)/i.test(target)) return undefined;
  return slugFromReference(target, linkPrefix);
}

/**
 * A copy of `value` that shares no memory with the text it was cut from. V8 keeps a substring as a
 * view of its parent, so a slug kept in the index would otherwise hold its whole file alive.
 */
export function detach<T extends string | undefined>(value: T): T {
  // Joining flattens into a fresh copy; the slice then views that copy, not the file's text.
  return (value === undefined ? value : ` ${value}`.slice(1)) as T;
}

/**
 * detach, at one byte a character when the characters allow: for the prose an index keeps of every
 * entry (title, description, first paragraph). A substring of a text with one character past
 * U+00FF anywhere (an em dash in the body) takes two bytes a character, as does every copy made by
 * joining or slicing it. Costlier than detach (the string is written out and parsed back), so
 * slugs and words, a hundred an entry, are left to detach.
 */
export function detachText<T extends string | undefined>(value: T): T {
  // Parsing a JSON string makes a fresh flat string, and picks one byte a character whenever it can.
  return (value === undefined ? value : JSON.parse(JSON.stringify(value))) as T;
}
