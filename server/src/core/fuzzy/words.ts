/** Splits a slug or a title into lower-case words: `In-Context Learning` → in, context, learning. */
export function wordsOf(value: string): string[] {
  return value.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/**
 * A word with its inflection cut off, so that forms of one word meet: `models` and `model`,
 * `tuning`, `tuned` and `tune`, `learner` and `learning`, `tokenization` and `tokenizer`,
 * `evaluation` and `evaluate`.
 * Only for matching, never shown; a crude cut that sometimes joins unrelated words is harmless
 * here, since a stem only adds evidence to a suggestion that must still be earned.
 */
export function stemOf(word: string): string {
  let stem = word;
  // Plural first: `-ies` → `-y`; `-es` after a sibilant; a lone `-s` unless it belongs to the word (`bias`, `loss`, `analysis`).
  if (stem.length > 4 && stem.endsWith('ies')) stem = `${stem.slice(0, -3)}y`;
  else if (stem.length > 4 && /(?:ss|[xz]|[cs]h)es$/.test(stem)) stem = stem.slice(0, -2);
  else if (stem.length > 3 && stem.endsWith('s') && !/(?:[sui]s|as)$/.test(stem)) stem = stem.slice(0, -1);
  for (const suffix of ['ations', 'ation', 'ating', 'ated', 'ate', 'ings', 'ing', 'ers', 'er', 'ed']) {
    if (stem.endsWith(suffix) && stem.length - suffix.length >= 3) {
      stem = stem.slice(0, -suffix.length);
      break;
    }
  }
  if (stem.length > 3 && stem.endsWith('e')) stem = stem.slice(0, -1);
  return stem;
}
