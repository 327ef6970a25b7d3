/**
 * How an entry is read: text → ParsedEntry. Each concern has its module — where the frontmatter
 * block is and how it is written (frontmatterBlock), its fields in YAML (yamlFrontmatter, with the
 * direct reader simpleYaml), TOML (tomlFrontmatter) or JSON (jsonFrontmatter), the body's blocks
 * (bodyScanner, with linkDefinitions and htmlSyntax) and its inline links (inlineLinks, linkSyntax)
 * — and this is the one way in.
 */
import { noBody, scanBody } from './bodyScanner';
import { findMisplacedFrontmatter, findTopFrontmatter } from './frontmatterBlock';
import { readJsonFields } from './jsonFrontmatter';
import { readTomlFields } from './tomlFrontmatter';
import type { Frontmatter, ParsedEntry, ParseOptions } from './types';
import { readYamlFields } from './yamlFrontmatter';

export type * from './types';
export { fieldNamed, listItems, relatedItems, stringField } from './entryFields';

/**
 * The frontmatter of `text` (at the top, or misplaced further down) with its fields read, and
 * where the body starts: what parseEntry reads before the body, for files whose body is not wanted.
 */
export function parseFrontmatter(text: string, options: Pick<ParseOptions, 'simpleYaml' | 'readFields'> = {}): Pick<ParsedEntry, 'textStart' | 'frontmatter' | 'bodyStart'> {
  const textStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const top = findTopFrontmatter(text, textStart);
  const bodyStart = top ? top.bodyStart : textStart;
  const frontmatter: Frontmatter | undefined = top ? top.frontmatter : findMisplacedFrontmatter(text, textStart);
  if (frontmatter?.closeSpan && options.readFields !== false) {
    if (frontmatter.format === 'toml') readTomlFields(text, frontmatter);
    else if (frontmatter.format === 'json') readJsonFields(text, frontmatter);
    else readYamlFields(text, frontmatter, options.simpleYaml ?? true);
  }
  return { textStart, frontmatter, bodyStart };
}

/**
 * Parses a glossary entry. Never throws: every problem becomes part of the result, so that a
 * half-typed or hostile file still yields its headings, fences and whatever frontmatter parsed.
 */
export function parseEntry(text: string, options: ParseOptions): ParsedEntry {
  const { textStart, frontmatter, bodyStart } = parseFrontmatter(text, options);
  const skip = frontmatter?.misplaced ? frontmatter : undefined;
  const body = options.bodyExtent === 'none' ? noBody() : scanBody(text, bodyStart, skip, options.debrisTags, options.bodyExtent);
  return { textStart, frontmatter, bodyStart, ...body };
}
