/** Half-open character offsets `[start, end)` into the entry's text. */
export interface Span {
  start: number;
  end: number;
}

export type FieldValue =
  | { kind: 'string'; text: string; span: Span }
  | { kind: 'list'; items: ListItem[]; flow: boolean; span: Span }
  | { kind: 'empty' }
  | { kind: 'other'; type: 'number' | 'boolean' | 'map' | 'alias' | 'scalar'; span: Span };

export interface ListItem {
  /** The item's text when it is a string; undefined for any other value. */
  text: string | undefined;
  /** The item's value without its quotes: what a rename or a quick fix replaces. */
  span: Span;
}

export interface FrontmatterField {
  key: string;
  keySpan: Span;
  value: FieldValue;
  /** From the key to the end of its value. */
  span: Span;
}

/** `syntax`: the frontmatter is not valid YAML, TOML or JSON (as its `format` says). */
export type FrontmatterProblemKind = 'syntax' | 'duplicate-key' | 'not-mapping';

/**
 * How the frontmatter is written, as Hugo tells them apart: YAML between `---` lines, TOML
 * between `+++` lines, or a JSON object that opens the file.
 */
export type FrontmatterFormat = 'yaml' | 'toml' | 'json';

export interface FrontmatterProblem {
  kind: FrontmatterProblemKind;
  message: string;
  span: Span;
}

export interface Frontmatter {
  format: FrontmatterFormat;
  /** The opening `---` or `+++` line; the `{` of JSON. */
  openSpan: Span;
  /** The closing `---` or `+++` line, the `}` of JSON; absent when the block is never closed. */
  closeSpan: Span | undefined;
  /** What lies between the two. */
  contentSpan: Span;
  /** True when the block was found below the first line, where site generators do not look for it. */
  misplaced: boolean;
  fields: FrontmatterField[];
  problems: FrontmatterProblem[];
}

export interface Heading {
  level: number;
  text: string;
  span: Span;
}

export interface Fence {
  /** The info string's first word, lower-cased (`mermaid`, `ts`, …); empty when there is none. */
  language: string;
  openSpan: Span;
  /**
   * The lines between the fences; when the fence is not closed, to the end of the list item it is
   * in or of the file. Fences inside block quotes are not listed (their lines carry `>` marks).
   */
  contentSpan: Span;
  closeSpan: Span | undefined;
}

export interface DebrisTag {
  tag: string;
  span: Span;
}

/**
 * A link destination written in the body: of an inline link `[text](target "title")`, of an
 * autolink `<scheme:target>`, or of a reference definition `[label]: target`, which the uses of
 * the label (`references`) point at. Images are not links: their source names a file.
 */
export interface InlineLink {
  kind: 'inline' | 'autolink' | 'definition';
  /** The destination as written: without angle brackets, escapes not resolved. */
  target: string;
  targetSpan: Span;
  /** The whole link, or the definition from its `[` to the end of its destination or title. */
  span: Span;
  /** A definition's label, normalized as uses are matched to it. */
  label?: string;
}

/** A use of a reference definition: `[text][label]`, `[label][]` or `[label]`. */
export interface ReferenceLink {
  /** The whole use. */
  span: Span;
  /** The label that names the definition (the link text, in the collapsed and shortcut forms). */
  labelSpan: Span;
  /** The definition it resolves to: an index into `links`. */
  definition: number;
}

export interface ParsedEntry {
  /** Offset after a byte-order mark, if there is one. */
  textStart: number;
  frontmatter: Frontmatter | undefined;
  /** Where the Markdown body starts (after the frontmatter, when it is at the top). */
  bodyStart: number;
  headings: Heading[];
  fences: Fence[];
  debris: DebrisTag[];
  /** Inline links, autolinks and reference definitions, in the order of the text. */
  links: InlineLink[];
  /** Uses of reference definitions, in the order of the text. */
  references: ReferenceLink[];
  /** The first paragraph of prose in the body, whitespace collapsed, at most 600 characters. */
  firstParagraph: string;
  /** The text of each paragraph (after its link definitions), in the order of the text: where prose is, for mention finding. */
  paragraphs: Span[];
}

export interface ParseOptions {
  debrisTags: readonly string[];
  /**
   * Whether frontmatter of the usual shape is read by the direct reader (simpleYaml.ts) rather
   * than the YAML parser; true unless set. The tests that compare the two readings turn it off.
   */
  simpleYaml?: boolean;
  /**
   * 'firstParagraph': the body is read only up to its first paragraph, and only `firstParagraph`
   * is filled in (headings, fences, links and the rest are left empty): what a hover shows of
   * another entry (summarize.ts firstParagraphOf), a fraction of the whole body's scan. 'none': the
   * body is not read at all, and every part of it is left empty (indexing's first pass). 'links':
   * the body is read whole, and only `links` and `references` are filled in (what a summary of the
   * entry reads of its body).
   */
  bodyExtent?: 'whole' | 'firstParagraph' | 'links' | 'none';
  /**
   * False: the frontmatter block is found (the body starts after it) but its fields are not read,
   * and `frontmatter.fields` is empty: what reading an indexed entry's body links needs.
   */
  readFields?: boolean;
}
