import { parseEntry } from '../../../server/src/core/parsing';
import { scanningPositions } from '../../../server/src/core/positions';
import type { DiagramBlock } from './protocol';

export interface DiagramLimits {
  maxCharacters: number;
  maxEdges: number;
}

const EDGE = /--+>|==+>|-\.+->|--+[ox]|<--+>|---+|===+|-\.-/g;

/** Every ```mermaid block of a document, in order, each with the heading it sits under. */
export function extractDiagrams(text: string, limits: DiagramLimits): DiagramBlock[] {
  const entry = parseEntry(text, { debrisTags: [] });
  const positions = scanningPositions(text);
  const blocks: DiagramBlock[] = [];
  let headingIndex = 0;
  let heading = '';
  for (const fence of entry.fences) {
    if (fence.language !== 'mermaid') continue;
    while (headingIndex < entry.headings.length && entry.headings[headingIndex].span.start < fence.openSpan.start) {
      heading = entry.headings[headingIndex++].text;
    }
    const source = text.slice(fence.contentSpan.start, fence.contentSpan.end).replace(/\r?\n$/, '');
    const block: DiagramBlock = { index: blocks.length, heading, source, line: positions.positionAt(fence.contentSpan.start).line, closed: !!fence.closeSpan };
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
