/** What each frontmatter field of an entry is for, shown in hovers and key completion. */
export const FIELD_DOCS: Record<string, { summary: string; values: string; example: string }> = {
  title: {
    summary: 'The term as readers see it: the page heading and the name other entries show for it.',
    values: 'Text. Must be unique across the glossary.',
    example: 'title: Foundation Model',
  },
  description: {
    summary: 'One sentence that defines the term. Sites use it for the meta description and link previews.',
    values: 'Text, best kept between the configured minimum and maximum length (50–160 characters by default).',
    example: "description: 'Large pre-trained models that serve as the base for many downstream tasks.'",
  },
  logoIcon: {
    summary: 'The icon shown beside the term.',
    values: 'An Iconify name such as `i-lucide-layers`.',
    example: "logoIcon: 'i-lucide-layers'",
  },
  category: {
    summary: 'The group the term is listed under.',
    values: 'Text; best one of the categories already used in the glossary.',
    example: 'category: Emerging Terms',
  },
  related: {
    summary: 'Other entries of the glossary that readers of this one should see.',
    values: 'A list of slugs (file names without `.md`), one per line as `- slug` or as `[a, b]`.',
    example: 'related:\n- transfer-learning\n- fine-tuning',
  },
};
