import type { EntryInput } from './entryInput';
import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import { fieldNamed, type Span } from '../parsing';
import { FIELD_DOCS, fieldExample } from '../fields';
import { iconImageMarkdown, iconOfValue, type IconSets } from '../icons';
import { referenceAt } from '../references';
import type { FirstParagraph } from '../summarize';
import { escapeMarkdown } from '../text';

export interface HoverInput extends EntryInput {
  /** The icon sets a `logoIcon` value is shown from; without them, no icon hover. */
  icons?: IconSets;
  /** The start of the entry's first paragraph (the index does not keep it); without it, a hover shows none. */
  firstParagraphOf?: (uri: string) => Promise<FirstParagraph | undefined>;
}

const contains = (span: Span, offset: number) => span.start <= offset && offset <= span.end;


export async function getHover(input: HoverInput, offset: number): Promise<Hover | null> {
  const { document, entry } = input;
  const frontmatter = entry.frontmatter;
  if (frontmatter?.closeSpan && offset >= frontmatter.contentSpan.start && offset <= frontmatter.contentSpan.end) {
    const field = frontmatter.fields.find((f) => contains(f.keySpan, offset));
    if (field) {
      const docs = FIELD_DOCS[field.key];
      const type = input.settings.fields[field.key];
      const required = input.settings.requiredFields.includes(field.key);
      const body = docs
        ? `**${field.key}**${required ? ' (required)' : ''}\n\n${docs.summary}\n\n*Values:* ${docs.values}\n\n\`\`\`${frontmatter.format}\n${fieldExample(frontmatter.format, field.key)}\n\`\`\``
        : type
          ? `**${field.key}**${required ? ' (required)' : ''}: a field of type \`${type}\` (from the glossary settings).`
          : `**${field.key}** is not a glossary field.`;
      return { contents: { kind: MarkupKind.Markdown, value: body }, range: { start: document.positionAt(field.keySpan.start), end: document.positionAt(field.keySpan.end) } };
    }
    const icon = iconHover(input, offset);
    if (icon) return icon;
  }
  const reference = referenceAt(document.getText(), entry, offset, input.slug, input.settings);
  if (reference?.kind === 'related' || reference?.kind === 'link') return slugHover(input, reference.slug, reference.span);
  return null;
}

/** On a `logoIcon` value: the icon itself, its full name, and for an alias the icon it stands for. */
function iconHover(input: HoverInput, offset: number): Hover | null {
  const field = fieldNamed(input.entry, 'logoIcon');
  if (!input.icons || input.settings.fields.logoIcon === undefined || field?.value.kind !== 'string' || !contains(field.value.span, offset)) return null;
  const icon = iconOfValue(field.value.text, input.settings.iconPrefixes, input.icons);
  if (!icon) return null;
  const { prefix, name, catalog } = icon;
  const range = { start: input.document.positionAt(field.value.span.start), end: input.document.positionAt(field.value.span.end) };
  const target = catalog.resolve(name);
  if (target === undefined) {
    const nearest = name ? catalog.nearest(name, 3) : [];
    const hint = nearest.length ? `\n\nDid you mean ${nearest.map((s) => `\`${prefix}${s}\``).join(', ')}?` : '';
    return { contents: { kind: MarkupKind.Markdown, value: `No ${escapeMarkdown(catalog.title)} icon is named '${escapeMarkdown(name.length > 80 ? `${name.slice(0, 79)}…` : name)}'.${hint}` }, range };
  }
  const parts = [iconImageMarkdown(catalog, name) ?? '', `\`${prefix}${name}\` · ${escapeMarkdown(catalog.title)}`];
  if (target !== name) parts.push(`An alias of \`${prefix}${target}\`.`);
  return { contents: { kind: MarkupKind.Markdown, value: parts.filter(Boolean).join('\n\n') }, range };
}

async function slugHover(input: HoverInput, slug: string, span: Span): Promise<Hover> {
  const range = { start: input.document.positionAt(span.start), end: input.document.positionAt(span.end) };
  const target = input.index.entryFor(slug);
  if (!target) {
    const nearest = input.index.nearestSlugs(slug, 3).filter((candidate) => candidate !== input.slug);
    const hint = nearest.length ? `\n\nDid you mean ${nearest.map((s) => `\`${s}\``).join(', ')}?` : '';
    return { contents: { kind: MarkupKind.Markdown, value: `No glossary entry is named \`${slug}\`.${hint}` }, range };
  }
  const heading = `**${escapeMarkdown(target.title ?? target.slug)}**${target.category ? ` · *${escapeMarkdown(target.category)}*` : ''}`;
  const parts = [heading];
  if (target.aliases?.length) parts.push(`*Also:* ${target.aliases.map(escapeMarkdown).join(', ')}`);
  if (target.description) parts.push(escapeMarkdown(target.description));
  const paragraph = await input.firstParagraphOf?.(target.uri);
  if (paragraph?.text) parts.push(`${escapeMarkdown(paragraph.text)}${paragraph.cut ? '…' : ''}`);
  parts.push(`[Open ${target.uri.slice(target.uri.lastIndexOf('/') + 1)}](${target.uri})`);
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') }, range };
}
