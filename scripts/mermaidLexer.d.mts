/** The function every patched chunk gets: a lexer's first matching rule, from its rules joined into one expression. */
export const FIRST_RULE: string;
/** The chunk text with its Jison lexers' rule loops replaced; undefined for a chunk without a lexer; throws when a lexer's loop is not the one expected. */
export function patchMermaidLexers(text: string, path?: string): string | undefined;
