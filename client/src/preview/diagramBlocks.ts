import { parseEntry } from '../../../server/src/core/parsing';
import type { DiagramBlock } from './protocol';

export interface DiagramLimits {
  maxCharacters: number;
  maxEdges: number;
}

const EDGE = /--+>|==+>|-\.+->|--+[ox]|<--+>|---+|===+|-\.-/g;

function lineOf(offset: number, lineStarts: number[]): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Every ```mermaid block of a document, in order, each with the heading it sits under. */
export function extractDiagrams(text: string, limits: DiagramLimits): DiagramBlock[] {
  const entry = parseEntry(text, { debrisTags: [] });
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const blocks: DiagramBlock[] = [];
  let headingIndex = 0;
  let heading = '';
  for (const fence of entry.fences) {
    if (fence.language !== 'mermaid') continue;
    while (headingIndex < entry.headings.length && entry.headings[headingIndex].span.start < fence.openSpan.start) {
      heading = entry.headings[headingIndex++].text;
    }
    const source = text.slice(fence.contentSpan.start, fence.contentSpan.end).replace(/\r?\n$/, '');
    const block: DiagramBlock = { index: blocks.length, heading, source, line: lineOf(fence.contentSpan.start, lineStarts), closed: !!fence.closeSpan };
    const edges = source.match(EDGE)?.length ?? 0;
    if (source.length > limits.maxCharacters) {
      block.notice = `This diagram has ${source.length} characters, more than glossary.preview.maxDiagramCharacters (${limits.maxCharacters}); it is not rendered.`;
    } else if (edges > limits.maxEdges) {
      block.notice = `This diagram has ${edges} edges, more than glossary.preview.maxDiagramEdges (${limits.maxEdges}); it is not rendered.`;
    }
    blocks.push(block);
  }
  return blocks;
}
