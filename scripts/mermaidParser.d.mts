/** The chunk text with its Jison parsers' reductions replaced; undefined for a chunk without a parser; throws when a parser or a grammar action is not as expected. */
export function patchMermaidParsers(text: string, path?: string): string | undefined;
