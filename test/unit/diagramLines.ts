/**
 * Diagram texts for the plain readers' property tests (plainFlowchart, plainDiagrams): a header,
 * then lines each indented or not and now and then ending in a space, which some statements do
 * not allow.
 */
import fc from 'fast-check';

export const INDENT = fc.constantFrom('', '  ', '    ');
/** A space at a line's end, one line in six. */
const LINE_END = fc.constantFrom('', '', '', '', '', ' ');

/** `header`, then one to `maxLines` lines drawn from `line`. */
export function diagramText(header: fc.Arbitrary<string>, line: fc.Arbitrary<string>, maxLines: number): fc.Arbitrary<string> {
  return fc.tuple(header, fc.array(fc.tuple(INDENT, line, LINE_END), { minLength: 1, maxLength: maxLines }))
    .map(([first, lines]) => `${first}\n${lines.map(([pad, text, space]) => pad + text + space).join('\n')}\n`);
}
