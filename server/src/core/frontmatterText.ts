/**
 * Frontmatter text written in the entry's own format: a value, a field, a list, as YAML, TOML or
 * JSON. Quick fixes, completion, hover examples and new entries write through these, so that an
 * edit into TOML frontmatter is TOML and one into JSON is JSON.
 */
import type { FrontmatterFormat } from './parsing';

export const FORMAT_NAMES: Record<FrontmatterFormat, string> = { yaml: 'YAML', toml: 'TOML', json: 'JSON' };

/** What closes a block of each format. */
export const CLOSING_DELIMITERS: Record<FrontmatterFormat, string> = { yaml: '---', toml: '+++', json: '}' };

/** Words YAML 1.1 or 1.2 reads as something other than a string. */
const YAML_RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|nan|inf)$/i;

/**
 * `value` as a YAML scalar on one line: plain when it is clearly a string to YAML (a letter, then
 * letters, digits, spaces and `()+.-/?` only, not a boolean word), single-quoted otherwise.
 */
export function yamlScalar(value: string): string {
  const plain = /^\p{L}[\p{L}\p{N}\p{M} ()+.\-/?]*$/u.test(value) && !value.endsWith(' ') && !YAML_RESERVED.test(value);
  return plain ? value : `'${value.replace(/'/g, "''")}'`;
}

/** A double-quoted string, as TOML's basic strings and JSON write one (the two escape alike here). */
function quoted(value: string): string {
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The characters of `value` as they stand inside a double-quoted string (between quotes already typed). */
export function insideQuotes(format: FrontmatterFormat, value: string, quote: string): string {
  if (format === 'yaml' && quote === "'") return value.replace(/'/g, "''");
  return quoted(value).slice(1, -1);
}

/** A string value, quoted as the format needs. */
export function stringValue(format: FrontmatterFormat, value: string): string {
  return format === 'yaml' ? yamlScalar(value) : quoted(value);
}

/** A list of strings written on one line: `[a, b]` in YAML, `["a", "b"]` in TOML and JSON. */
export function listValue(format: FrontmatterFormat, values: readonly string[]): string {
  return `[${values.map((value) => stringValue(format, value)).join(', ')}]`;
}

/** A field on its own line (no line break): `key: value`, `key = value` or `"key": value`. */
export function fieldLine(format: FrontmatterFormat, key: string, value: string): string {
  if (format === 'toml') return `${/^[A-Za-z0-9_-]+$/.test(key) ? key : quoted(key)} = ${value}`;
  if (format === 'json') return `${quoted(key)}: ${value}`;
  return `${key}: ${value}`;
}
