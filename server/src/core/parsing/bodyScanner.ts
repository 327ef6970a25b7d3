/**
 * The body of an entry read as CommonMark reads its blocks (spec 0.31.2, with the parsing strategy
 * of its appendix): block quotes and list items hold blocks; paragraphs, headings, fenced and
 * indented code and HTML blocks are the leaves. Only what the glossary needs is kept: headings,
 * fences, reference definitions, the inline blocks whose links are read (inlineLinks.ts), tool-call
 * debris outside code, and the first paragraph. Lines are visited once; nothing is allocated for a
 * line of plain prose.
 */
import { endsHtmlBlock, htmlBlockKind } from './htmlSyntax';
import { lineBreakEnd, lineContentEnd } from '../positions';
import { scanInline, type InlineFindings, type InlineSource } from './inlineLinks';
import { readDefinitions } from './linkDefinitions';
import type { DebrisTag, Fence, Frontmatter, Heading, InlineLink, ParsedEntry, ReferenceLink, Span } from './types';
import { escapeRegExp } from '../text';

export type BodyParts = Pick<ParsedEntry, 'headings' | 'fences' | 'debris' | 'links' | 'references' | 'firstParagraph' | 'paragraphs'>;

const TAB = 9;
const SPACE = 32;
const CODE_INDENT = 4;

type Container =
  | { kind: 'quote' }
  | { kind: 'item'; indent: number; hasChild: boolean };

type Leaf =
  | {
      kind: 'paragraph';
      start: number;
      end: number;
      masks: Span[] | undefined;
      topLevel: boolean;
      /**
       * While every line so far belongs to reference definitions: where the last one starts.
       * markdown-it reads definitions as blocks of their own, so the line after them starts afresh
       * (indented code, say) rather than continuing a paragraph; -1 once a line is not a definition.
       */
      lastDefinition: number;
    }
  | { kind: 'fence'; char: number; length: number; indent: number; fence: Fence | undefined }
  | { kind: 'indented' }
  | { kind: 'html'; htmlKind: number; start: number };


const THEMATIC_BREAK = /^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const SETEXT_UNDERLINE = /^(?:=+|-+)[ \t]*$/;
const ATX_OPEN = /^#{1,6}(?=[ \t]|$)/;
const FENCE_OPEN = /^(?:`{3,}|~{3,})/;
const CLOSING_FENCE = /^(?:`{3,}|~{3,})(?=[ \t]*$)/;
const ORDERED_MARKER = /^(\d{1,9})[.)]/;

/** Characters a block other than a paragraph can start with (after up to three spaces). */
function maybeSpecial(code: number): boolean {
  return code === 35 || code === 96 || code === 126 || code === 42 || code === 43 || code === 95 || code === 61 || code === 60 || code === 62 || code === 45 || (code >= 48 && code <= 57);
}

/**
 * Where the parser stands on the current line: `offset` (characters) and `column` (tabs count to
 * the next multiple of four; a tab may be partly consumed by a container's indentation).
 */
class LineCursor {
  start = 0;
  end = 0;
  offset = 0;
  column = 0;
  partialTab = false;
  nextNonspace = 0;
  nextNonspaceColumn = 0;
  indent = 0;
  blank = false;

  constructor(private readonly text: string) {}

  reset(start: number, end: number): void {
    this.start = start;
    this.end = end;
    this.offset = start;
    this.column = 0;
    this.partialTab = false;
  }

  findNextNonspace(): void {
    const { text } = this;
    let i = this.offset;
    let column = this.column;
    while (i < this.end) {
      const code = text.charCodeAt(i);
      if (code === SPACE) column++;
      else if (code === TAB) column += 4 - (column % 4);
      else break;
      i++;
    }
    this.nextNonspace = i;
    this.nextNonspaceColumn = column;
    this.indent = column - this.column;
    this.blank = i >= this.end;
  }

  advanceNextNonspace(): void {
    this.offset = this.nextNonspace;
    this.column = this.nextNonspaceColumn;
    this.partialTab = false;
  }

  /** Moves `count` characters on, or `count` columns when `columns` (a tab may then be split). */
  advance(count: number, columns: boolean): void {
    const { text } = this;
    while (count > 0 && this.offset < this.end) {
      if (text.charCodeAt(this.offset) === TAB) {
        const toTab = 4 - (this.column % 4);
        if (columns) {
          this.partialTab = toTab > count;
          const step = Math.min(count, toTab);
          this.column += step;
          if (!this.partialTab) this.offset++;
          count -= step;
        } else {
          this.partialTab = false;
          this.column += toTab;
          this.offset++;
          count--;
        }
      } else {
        this.partialTab = false;
        this.offset++;
        this.column++;
        count--;
      }
    }
  }

  peek(): number {
    return this.offset < this.end ? this.text.charCodeAt(this.offset) : -1;
  }

  /** The rest of the line from its first non-space character. */
  rest(): string {
    return this.text.slice(this.nextNonspace, this.end);
  }
}

/** What a scan with `firstParagraphOnly` gives: the first paragraph, nothing else. */
function firstParagraphAlone(firstParagraph: string): BodyParts {
  return { headings: [], fences: [], debris: [], links: [], references: [], firstParagraph, paragraphs: [] };
}

/** The parts of a body that is not read (ParseOptions.bodyExtent 'none'). */
export function noBody(): BodyParts {
  return firstParagraphAlone('');
}

/**
 * The body from `bodyStart`: headings, fences, debris, links, references and the first paragraph.
 * `skip` is a misplaced frontmatter block; its lines are read as blank lines. `extent`: see
 * ParseOptions.bodyExtent ('firstParagraph': the scan stops at the end of the first paragraph).
 */
export function scanBody(text: string, bodyStart: number, skip: Frontmatter | undefined, debrisTags: readonly string[], extent: 'whole' | 'firstParagraph' | 'links' = 'whole'): BodyParts {
  const firstParagraphOnly = extent === 'firstParagraph';
  // Only links and references are wanted: the rest is read as it must be to find them, and not kept.
  const linksOnly = extent === 'links';
  const headings: Heading[] = [];
  const fences: Fence[] = [];
  const debris: DebrisTag[] = [];
  const definitions: InlineLink[] = [];
  const labels = new Map<string, number>();
  const blocks: InlineSource[] = [];
  const paragraphs: Span[] = [];
  /** HTML blocks, where debris is looked for on every line. */
  const htmlBlocks: Span[] = [];
  let firstParagraph: string | undefined;
  // With a misplaced block, the text above it is debris, not the entry's opening paragraph.
  const proseStart = skip?.closeSpan ? skip.closeSpan.end : bodyStart;
  const skipStart = skip ? skip.openSpan.start : -1;
  const skipEnd = skip?.closeSpan ? skip.closeSpan.start : -1;

  const containers: Container[] = [];
  let leaf: Leaf | undefined;
  /** How many containers held the leaf when it opened. */
  let leafDepth = 0;
  const cursor = new LineCursor(text);

  const sourceOf = (start: number, end: number, masks: Span[] | undefined): InlineSource => {
    if (!masks) return { src: text, start, end, base: 0 };
    // Block-quote markers inside a paragraph are not its text: they become spaces, which keeps every offset.
    let src = '';
    let at = start;
    for (const mask of masks) {
      src += text.slice(at, mask.start) + ' '.repeat(mask.end - mask.start);
      at = mask.end;
    }
    src += text.slice(at, end);
    return { src, start: 0, end: end - start, base: start };
  };

  /** Reads the definitions a paragraph starts with; the source of its remaining text, if any is left. */
  const paragraphRest = (paragraph: Extract<Leaf, { kind: 'paragraph' }>): InlineSource | undefined => {
    const source = sourceOf(paragraph.start, paragraph.end, paragraph.masks);
    if (source.src.charCodeAt(source.start) === 91) {
      source.start = readDefinitions(source, (definition) => {
        if (!labels.has(definition.label)) labels.set(definition.label, definitions.length);
        definitions.push({
          kind: 'definition',
          label: definition.label,
          target: source.src.slice(definition.destStart, definition.destEnd),
          targetSpan: { start: definition.destStart + source.base, end: definition.destEnd + source.base },
          span: { start: definition.start + source.base, end: definition.end + source.base },
        });
      });
    }
    return source.start < source.end ? source : undefined;
  };

  const closeLeaf = (lineStart: number): void => {
    if (!leaf) return;
    if (leaf.kind === 'paragraph') {
      const rest = paragraphRest(leaf);
      if (rest) {
        blocks.push(rest);
        if (!linksOnly) {
          paragraphs.push({ start: rest.start + rest.base, end: rest.end + rest.base });
          if (firstParagraph === undefined && leaf.topLevel && leaf.start >= proseStart) firstParagraph = proseOf(rest);
        }
      }
    } else if (leaf.kind === 'fence') {
      if (leaf.fence) leaf.fence.contentSpan.end = lineStart;
    } else if (leaf.kind === 'html') {
      htmlBlocks.push({ start: leaf.start, end: lineStart });
    }
    leaf = undefined;
  };

  const closeContainers = (keep: number, lineStart: number): void => {
    if (containers.length <= keep) return;
    if (leaf && leafDepth > keep) closeLeaf(lineStart);
    containers.length = keep;
  };

  /** A block opens in the innermost container: a list item then has content. */
  const opened = (): void => {
    const innermost = containers[containers.length - 1];
    if (innermost?.kind === 'item') innermost.hasChild = true;
  };

  const openLeaf = (next: Leaf): void => {
    opened();
    leaf = next;
    leafDepth = containers.length;
  };

  const inQuote = () => containers.some((container) => container.kind === 'quote');

  const hasCarriageReturn = text.indexOf('\r', bodyStart) !== -1;
  let lineStart = bodyStart;
  while (lineStart < text.length) {
    if (firstParagraphOnly && firstParagraph !== undefined) return firstParagraphAlone(firstParagraph);
    const lineEnd = lineContentEnd(text, lineStart, hasCarriageReturn);
    const next = lineBreakEnd(text, lineEnd);
    const skipped = lineStart >= skipStart && lineStart <= skipEnd;
    cursor.reset(lineStart, skipped ? lineStart : lineEnd);
    incorporateLine(lineStart, skipped ? lineStart : lineEnd);
    lineStart = next;
  }
  closeContainers(0, text.length);
  closeLeaf(text.length);
  if (firstParagraphOnly) return firstParagraphAlone(firstParagraph ?? '');

  function incorporateLine(start: number, end: number): void {
    // 1. Which open containers the line continues.
    let matched = 0;
    let quotesMatched = 0;
    for (; matched < containers.length; matched++) {
      const container = containers[matched];
      cursor.findNextNonspace();
      if (container.kind === 'quote') {
        if (cursor.indent > 3 || text.charCodeAt(cursor.nextNonspace) !== 62 || cursor.blank) break;
        cursor.advanceNextNonspace();
        cursor.advance(1, false);
        const after = cursor.peek();
        if (after === SPACE || after === TAB) cursor.advance(1, true);
        quotesMatched++;
      } else if (cursor.blank) {
        if (!container.hasChild) break;
        cursor.advanceNextNonspace();
      } else if (cursor.indent >= container.indent) {
        cursor.advance(container.indent, true);
      } else {
        break;
      }
    }
    const allMatched = matched === containers.length;
    const contentStart = cursor.offset;
    const masks = quotesMatched ? { start, end: contentStart } : undefined;

    // 2. Whether the open leaf takes the line as it is.
    if (leaf && allMatched && leafDepth === containers.length) {
      cursor.findNextNonspace();
      if (leaf.kind === 'fence') {
        const closing = cursor.indent <= 3 && text.charCodeAt(cursor.nextNonspace) === leaf.char ? CLOSING_FENCE.exec(cursor.rest()) : null;
        if (closing && closing[0].length >= leaf.length) {
          if (leaf.fence) {
            leaf.fence.contentSpan.end = start;
            leaf.fence.closeSpan = { start: contentStart, end };
          }
          leaf = undefined;
        }
        return;
      }
      if (leaf.kind === 'indented') {
        if (cursor.indent >= CODE_INDENT || cursor.blank) return;
        closeLeaf(start);
      } else if (leaf.kind === 'html') {
        if (cursor.blank && leaf.htmlKind >= 6) {
          closeLeaf(start);
        } else {
          if (endsHtmlBlock(leaf.htmlKind, text.slice(contentStart, end))) closeLeaf(lineBreakEnd(text, end));
          return;
        }
      } else if (cursor.blank) {
        closeLeaf(start);
      } else if (leaf.lastDefinition !== -1 && definitionsEndBefore(leaf, end, masks, false)) {
        closeLeaf(start);
      }
    }

    // A lazy line after definitions in a block quote does not continue them: markdown-it ends the quote there.
    if (!allMatched && leaf?.kind === 'paragraph' && leaf.lastDefinition !== -1) {
      cursor.findNextNonspace();
      if (!cursor.blank && definitionsEndBefore(leaf, end, masks, true)) closeLeaf(start);
    }

    // 3. New containers and leaves the line starts.
    let lazyParagraph = !allMatched && leaf?.kind === 'paragraph';
    let paragraphOpen = allMatched && leaf?.kind === 'paragraph' && leafDepth === containers.length;
    for (;;) {
      cursor.findNextNonspace();
      const code = text.charCodeAt(cursor.nextNonspace);
      if (cursor.blank || (cursor.indent < CODE_INDENT && !maybeSpecial(code))) break;
      if (cursor.indent >= CODE_INDENT) {
        if (lazyParagraph && interruptsLazily(matched)) {
          closeLeaf(start);
          lazyParagraph = false;
        }
        if (leaf?.kind === 'paragraph') break;
        closeContainers(matched, start);
        closeLeaf(start);
        cursor.advance(CODE_INDENT, true);
        openLeaf({ kind: 'indented' });
        return;
      }
      if (code === 62) {
        closeContainers(matched, start);
        closeLeaf(start);
        cursor.advanceNextNonspace();
        cursor.advance(1, false);
        const after = cursor.peek();
        if (after === SPACE || after === TAB) cursor.advance(1, true);
        opened();
        containers.push({ kind: 'quote' });
        matched = containers.length;
        paragraphOpen = false;
        lazyParagraph = false;
        continue;
      }
      const rest = cursor.rest();
      if (code === 35) {
        const marks = ATX_OPEN.exec(rest);
        if (marks) {
          closeContainers(matched, start);
          closeLeaf(start);
          opened();
          atxHeading(cursor.offset, cursor.nextNonspace + marks[0].length, end, marks[0].length);
          return;
        }
      }
      if (code === 96 || code === 126) {
        const fence = FENCE_OPEN.exec(rest);
        const info = fence ? rest.slice(fence[0].length) : '';
        if (fence && !(code === 96 && info.includes('`'))) {
          closeContainers(matched, start);
          closeLeaf(start);
          const listed: Fence | undefined = linksOnly || inQuote()
            ? undefined
            : { language: info.trim().split(/[\s{]/)[0].toLowerCase(), openSpan: { start: cursor.offset, end }, contentSpan: { start: lineBreakEnd(text, end), end: text.length }, closeSpan: undefined };
          if (listed) fences.push(listed);
          openLeaf({ kind: 'fence', char: code, length: fence[0].length, indent: cursor.indent, fence: listed });
          return;
        }
      }
      if (code === 60) {
        const kind = htmlBlockKind(rest, paragraphOpen || lazyParagraph);
        if (kind) {
          closeContainers(matched, start);
          closeLeaf(start);
          openLeaf({ kind: 'html', htmlKind: kind, start: cursor.offset });
          if (kind <= 5 && endsHtmlBlock(kind, rest)) closeLeaf(lineBreakEnd(text, end));
          return;
        }
      }
      if ((code === 61 || code === 45) && paragraphOpen && SETEXT_UNDERLINE.test(rest) && leaf?.kind === 'paragraph') {
        const heading = paragraphRest(leaf);
        leaf = undefined;
        paragraphOpen = false;
        if (heading) {
          blocks.push(heading);
          return;
        }
      }
      if ((code === 42 || code === 45 || code === 95) && THEMATIC_BREAK.test(rest)) {
        closeContainers(matched, start);
        closeLeaf(start);
        opened();
        return;
      }
      const item = listMarker(rest, paragraphOpen);
      if (item) {
        closeContainers(matched, start);
        closeLeaf(start);
        const markerIndent = cursor.indent;
        cursor.advanceNextNonspace();
        cursor.advance(item.markerLength, true);
        const spacesColumn = cursor.column;
        const spacesOffset = cursor.offset;
        do {
          cursor.advance(1, true);
        } while (cursor.column - spacesColumn < 5 && (cursor.peek() === SPACE || cursor.peek() === TAB));
        const spaces = cursor.column - spacesColumn;
        let padding: number;
        if (spaces >= 5 || spaces < 1 || cursor.peek() === -1) {
          // Content indented five or more is indented code: the item's own content starts one column after the marker.
          padding = item.markerLength + 1;
          cursor.column = spacesColumn;
          cursor.offset = spacesOffset;
          cursor.partialTab = false;
          if (cursor.peek() === SPACE || cursor.peek() === TAB) cursor.advance(1, true);
        } else {
          padding = item.markerLength + spaces;
        }
        opened();
        containers.push({ kind: 'item', indent: markerIndent + padding, hasChild: false });
        matched = containers.length;
        paragraphOpen = false;
        lazyParagraph = false;
        continue;
      }
      break;
    }

    // 4. What is left of the line is text.
    cursor.findNextNonspace();
    if (lazyParagraph && matched < containers.length && !cursor.blank && leaf?.kind === 'paragraph') {
      addParagraphLine(leaf, end, masks);
      return;
    }
    closeContainers(matched, start);
    if (leaf?.kind === 'paragraph' && leafDepth === containers.length && !cursor.blank) {
      addParagraphLine(leaf, end, masks);
    } else if (!cursor.blank) {
      closeLeaf(start);
      cursor.advanceNextNonspace();
      openLeaf({ kind: 'paragraph', start: cursor.offset, end, masks: undefined, topLevel: containers.length === 0, lastDefinition: text.charCodeAt(cursor.offset) === 91 ? cursor.offset : -1 });
    }
  }

  /**
   * Whether the paragraph's lines so far are complete definitions that the current line (to `end`)
   * does not continue (then the paragraph ends before it). Marks the paragraph as no longer all
   * definitions when its lines are not. A lazy line may carry on the last definition, not start one.
   */
  function definitionsEndBefore(paragraph: Extract<Leaf, { kind: 'paragraph' }>, end: number, mask: Span | undefined, lazy: boolean): boolean {
    const masks = mask ? [...(paragraph.masks ?? []), mask] : paragraph.masks;
    const source = sourceOf(paragraph.lastDefinition, end, masks?.filter((m) => m.start >= paragraph.lastDefinition));
    const lineContent = cursor.nextNonspace - source.base;
    let last = -1;
    const consumed = readDefinitions(source, (definition) => (last = definition.start));
    if (consumed >= source.end && !(last === lineContent && (lazy || cursor.indent >= CODE_INDENT))) {
      paragraph.lastDefinition = last + source.base;
      return false;
    }
    if (consumed === lineContent || (consumed >= source.end && last === lineContent)) return true;
    paragraph.lastDefinition = -1;
    return false;
  }

  /**
   * markdown-it's reading of a line indented four or more that some containers did not take.
   * A list item measures the line's indent from its own content, and a block quote the line left
   * makes the line "lazy" for the blocks inside it, where a nested quote then ends at any block
   * start whatever its indent. So a heading, fence, quote, rule, list marker or HTML block there
   * ends the paragraph, where CommonMark continues it lazily; the line is then indented code.
   */
  function interruptsLazily(matched: number): boolean {
    const rest = cursor.rest();
    let indent = cursor.indent;
    let lazy = false;
    for (let i = matched; i < containers.length; i++) {
      const container = containers[i];
      if (container.kind === 'quote') {
        if ((lazy || indent < CODE_INDENT) && startsBlock(rest, false)) return true;
        lazy = true;
      } else if (!lazy) {
        indent -= container.indent;
      }
    }
    return !lazy && indent < CODE_INDENT && startsBlock(rest, indent >= 0);
  }

  function addParagraphLine(paragraph: Extract<Leaf, { kind: 'paragraph' }>, end: number, mask: Span | undefined): void {
    paragraph.end = end;
    if (mask) (paragraph.masks ??= []).push(mask);
  }

  function atxHeading(blockStart: number, afterMarks: number, lineEnd: number, level: number): void {
    let contentEnd = lineEnd;
    while (contentEnd > afterMarks && isSpaceOrTabCode(text.charCodeAt(contentEnd - 1))) contentEnd--;
    let hashes = contentEnd;
    while (hashes > afterMarks && text.charCodeAt(hashes - 1) === 35) hashes--;
    if (hashes < contentEnd && (hashes === afterMarks || isSpaceOrTabCode(text.charCodeAt(hashes - 1)))) contentEnd = hashes;
    let contentStart = afterMarks;
    while (contentStart < contentEnd && isSpaceOrTabCode(text.charCodeAt(contentStart))) contentStart++;
    while (contentEnd > contentStart && isSpaceOrTabCode(text.charCodeAt(contentEnd - 1))) contentEnd--;
    if (!linksOnly) headings.push({ level, text: text.slice(contentStart, contentEnd), span: { start: blockStart, end: lineEnd } });
    if (contentStart < contentEnd) blocks.push({ src: text, start: contentStart, end: contentEnd, base: 0 });
  }

  // Inline blocks are read once every definition is known: a use may come before its definition.
  const found: InlineFindings = { links: [], references: [], codeSpans: [] };
  const next = new NextIndex(text);
  for (const block of blocks) {
    if (next.has(block.start + block.base, block.end + block.base)) scanInline(block, labels, found);
  }
  if (debrisTags.length) findDebris(text, bodyStart, debrisTags, regionsOf(blocks, htmlBlocks), found.codeSpans, debris);

  const links = mergeByStart(definitions, found.links);
  // Uses point at definitions by their place among `definitions`; in `links` that place moved.
  const placeOf = new Map(definitions.map((definition, index) => [index, links.indexOf(definition)]));
  const references: ReferenceLink[] = found.references.map((reference) => ({ ...reference, definition: placeOf.get(reference.definition)! }));
  return { headings, fences, debris, links, references, firstParagraph: firstParagraph ?? '', paragraphs };
}

/** Where debris is looked for: inline blocks and HTML blocks, in the order of the text. */
function regionsOf(blocks: readonly InlineSource[], htmlBlocks: readonly Span[]): Span[] {
  const regions = blocks.map((block) => ({ start: block.start + block.base, end: block.end + block.base }));
  return htmlBlocks.length ? [...regions, ...htmlBlocks].sort((a, b) => a.start - b.start) : regions;
}

/**
 * Tool-call tags in the given regions, not in code spans: one search of the body, whose few
 * matches are then placed (regions and code spans are in the order of the text).
 */
function findDebris(text: string, from: number, tags: readonly string[], regions: readonly Span[], codeSpans: readonly Span[], debris: DebrisTag[]): void {
  const pattern = debrisPattern(tags);
  let region = 0;
  let code = 0;
  // From one `<` to the next: prose holds a few in 10,000 characters, and indexOf passes over the
  // rest several times faster than the pattern's own search does.
  for (let start = text.indexOf('<', from); start !== -1; ) {
    pattern.lastIndex = start;
    const match = pattern.exec(text);
    if (!match) {
      start = text.indexOf('<', start + 1);
      continue;
    }
    const end = start + match[0].length;
    start = text.indexOf('<', end);
    while (region < regions.length && regions[region].end < end) region++;
    if (region === regions.length) return;
    if (regions[region].start > match.index) continue;
    while (code < codeSpans.length && codeSpans[code].end <= match.index) code++;
    if (code < codeSpans.length && codeSpans[code].start <= match.index) continue;
    debris.push({ tag: match[0], span: { start: match.index, end } });
  }
}

/** The next `<` or `[` from ascending offsets: found once and reused, so that asking costs one scan of the text in all. */
class NextIndex {
  private angle = -2;
  private bracket = -2;

  constructor(private readonly text: string) {}

  /** Whether `[from, to)` holds a `<` or a `[`. */
  has(from: number, to: number): boolean {
    if (this.angle !== -1 && this.angle < from) this.angle = this.text.indexOf('<', from);
    if (this.bracket !== -1 && this.bracket < from) this.bracket = this.text.indexOf('[', from);
    return (this.angle !== -1 && this.angle < to) || (this.bracket !== -1 && this.bracket < to);
  }
}

function mergeByStart(a: InlineLink[], b: InlineLink[]): InlineLink[] {
  if (!a.length) return b.sort((x, y) => x.span.start - y.span.start);
  return [...a, ...b].sort((x, y) => x.span.start - y.span.start);
}

function isSpaceOrTabCode(code: number): boolean {
  return code === SPACE || code === TAB;
}

/** Whether `rest` starts a block that ends a paragraph (a list item only as it may interrupt one, when `inParagraph`). */
function startsBlock(rest: string, inParagraph: boolean): boolean {
  const code = rest.charCodeAt(0);
  const fence = FENCE_OPEN.exec(rest);
  return ATX_OPEN.test(rest) || (!!fence && !(code === 96 && rest.slice(fence[0].length).includes('`'))) || code === 62
    || THEMATIC_BREAK.test(rest) || listMarker(rest, inParagraph) !== undefined || htmlBlockKind(rest, true) !== 0;
}

/** The list item marker at the start of `rest`, if it may start an item here. */
function listMarker(rest: string, interruptsParagraph: boolean): { markerLength: number } | undefined {
  const first = rest.charCodeAt(0);
  let markerLength: number;
  if (first === 42 || first === 43 || first === 45) {
    markerLength = 1;
  } else {
    const ordered = ORDERED_MARKER.exec(rest);
    if (!ordered || (interruptsParagraph && Number(ordered[1]) !== 1)) return undefined;
    markerLength = ordered[0].length;
  }
  const after = rest.charCodeAt(markerLength);
  if (markerLength < rest.length && after !== SPACE && after !== TAB) return undefined;
  // An empty item cannot interrupt a paragraph.
  if (interruptsParagraph && rest.slice(markerLength).trim() === '') return undefined;
  return { markerLength };
}

/** A top-level paragraph as prose: lines trimmed, whitespace collapsed, at most 600 characters. Tables and HTML are not prose. */
function proseOf(source: InlineSource): string | undefined {
  const first = source.src.charCodeAt(source.start);
  if (first === 124 || first === 60) return undefined;
  return truncate(source.src.slice(source.start, source.end).trim().replace(/\s+/g, ' '), 600);
}

/** The sticky pattern of the last tag list asked for: settings keep one list, and compiling it for every file would cost more than the search. */
let lastDebrisPattern: { tags: readonly string[]; pattern: RegExp } | undefined;

function debrisPattern(tags: readonly string[]): RegExp {
  if (lastDebrisPattern?.tags !== tags) lastDebrisPattern = { tags, pattern: new RegExp(`</?(?:${tags.map(escapeRegExp).join('|')})>`, 'y') };
  return lastDebrisPattern.pattern;
}

function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1).trimEnd()}…`;
}
