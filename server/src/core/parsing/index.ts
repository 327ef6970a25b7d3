/**
 * How an entry is read: text → ParsedEntry. Each concern has its module — where the frontmatter
 * block is (frontmatterBlock), its YAML (yamlFrontmatter, with the direct reader simpleYaml), the
 * body's blocks (bodyScanner) and its inline links (inlineLinks) — and this is the one way in.
 */
import { scanBody } from './bodyScanner';
import { findMisplacedFrontmatter, findTopFrontmatter } from './frontmatterBlock';
import { lineAfter } from './lines';
import type { ParsedEntry, ParseOptions } from './types';
import { readYamlFields } from './yamlFrontmatter';

export type * from './types';
export { fieldNamed, relatedItems, stringField } from './entryFields';

/**
 * Parses a glossary entry. Never throws: every problem becomes part of the result, so that a
 * half-typed or hostile file still yields its headings, fences and whatever frontmatter parsed.
 */
export function parseEntry(text: string, options: ParseOptions): ParsedEntry {
  const textStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let frontmatter = findTopFrontmatter(text, textStart);
  let bodyStart = textStart;
  if (frontmatter) {
    bodyStart = frontmatter.closeSpan ? lineAfter(text, frontmatter.closeSpan.end) : text.length;
  } else {
    frontmatter = findMisplacedFrontmatter(text, textStart);
  }
  if (frontmatter?.closeSpan) readYamlFields(text, frontmatter, options.simpleYaml ?? true);

  const skip = frontmatter?.misplaced ? frontmatter : undefined;
  const body = scanBody(text, bodyStart, skip, options.debrisTags);
  return { textStart, frontmatter, bodyStart, ...body };
}
