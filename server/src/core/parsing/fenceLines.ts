/** A fence opening line: up to three spaces, three or more backticks or tildes, an info string. */
export const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;

export interface OpenFence {
  char: string;
  length: number;
}

/** The fence a line opens, if it opens one: backticks may not appear in a backtick fence's info string. */
export function fenceOpenedBy(content: string): (OpenFence & { info: string }) | undefined {
  const open = FENCE_OPEN.exec(content);
  if (!open || (open[2][0] === '`' && open[3].includes('`'))) return undefined;
  return { char: open[2][0], length: open[2].length, info: open[3] };
}

export function closesFence(content: string, fence: OpenFence): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(content);
  return !!match && match[1][0] === fence.char && match[1].length >= fence.length;
}
