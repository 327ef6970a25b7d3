import { fieldLine, listValue, stringValue } from './frontmatterText';
import type { FrontmatterFormat } from './parsing';

/** What each frontmatter field of an entry is for, shown in hovers and key completion, with a sample value. */
export const FIELD_DOCS: Record<string, { summary: string; values: string; sample: string | readonly string[] }> = {
  title: {
    summary: 'The term as readers see it: the page heading and the name other entries show for it.',
    values: 'Text. Must be unique across the glossary.',
    sample: 'Foundation Model',
  },
  description: {
    summary: 'One sentence that defines the term. Sites use it for the meta description and link previews.',
    values: 'Text, best kept between the configured minimum and maximum length (50–160 characters by default).',
    sample: 'Large pre-trained models that serve as the base for many downstream tasks.',
  },
  logoIcon: {
    summary: 'The icon shown beside the term.',
    values: 'An Iconify name such as `i-lucide-layers`.',
    sample: 'i-lucide-layers',
  },
  category: {
    summary: 'The group the term is listed under.',
    values: 'Text; best one of the categories already used in the glossary.',
    sample: 'Emerging Terms',
  },
  related: {
    summary: 'Other entries of the glossary that readers of this one should see.',
    values: 'A list of slugs (file names without `.md`), one per line as `- slug` or as `[a, b]` (`["a", "b"]` in TOML and JSON).',
    sample: ['transfer-learning', 'fine-tuning'],
  },
  aliases: {
    summary: 'Other names of the term (abbreviations, spellings): they complete and count as mentions of this entry.',
    values: 'A list of text, such as `[LLM, LLMs]`; none may be another entry\'s title or alias.',
    sample: ['LLM', 'LLMs'],
  },
};

/** A field's sample written as an entry of `format` would write it (a YAML list one item per line). */
export function fieldExample(format: FrontmatterFormat, key: string): string | undefined {
  const sample = FIELD_DOCS[key]?.sample;
  if (sample === undefined) return undefined;
  if (typeof sample === 'string') return fieldLine(format, key, stringValue(format, sample));
  return format === 'yaml' ? [`${key}:`, ...sample.map((item) => `- ${item}`)].join('\n') : fieldLine(format, key, listValue(format, sample));
}
