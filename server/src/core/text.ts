/** `text` as a regular expression that matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Escapes text from a user's file so that it renders literally inside our Markdown. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/** Names quoted and listed, as diagnostics write suggestions: `'a', 'b'`. */
export function quotedList(values: readonly string[]): string {
  return values.map((value) => `'${value}'`).join(', ');
}
