import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { NameIndex } from './fuzzy/nearest';
import { silentLogger, type Logger } from './workspace';

/** Size and placement of an icon's view box (Iconify JSON: on the set, an icon or an alias). */
interface IconifyBox {
  left?: number;
  top?: number;
  width?: number;
  height?: number;
}

/** Quarter turns and mirroring (Iconify JSON: on an icon or an alias). */
interface IconifyTransform {
  rotate?: number;
  hFlip?: boolean;
  vFlip?: boolean;
}

export interface IconifyIcon extends IconifyBox, IconifyTransform {
  /** The SVG content, without the `<svg>` element around it. */
  body: string;
  /** Kept only for old names; valid, but not offered. */
  hidden?: boolean;
}

export interface IconifyAlias extends IconifyBox, IconifyTransform {
  /** The icon (or alias) this name stands for. */
  parent: string;
  hidden?: boolean;
}

/** An icon set in Iconify JSON format, as `@iconify-json/<set>/icons.json` holds it. */
export interface IconifyJson extends IconifyBox {
  prefix: string;
  info?: { name?: string };
  icons: Record<string, IconifyIcon>;
  aliases?: Record<string, IconifyAlias>;
}

/** One icon set, by the names of its icons without the prefix (`layers`, not `i-lucide-layers`). */
export interface IconCatalog {
  /** The set's display name, e.g. `Lucide`. */
  readonly title: string;
  /** True when `name` is an icon of the set or an alias of one. */
  has(name: string): boolean;
  /** The icon `name` stands for: itself, or for an alias the icon it points at; undefined when unknown. */
  resolve(name: string): string | undefined;
  /** The set's icons (no aliases, no hidden ones) whose names start with `prefix`, sorted. */
  names(prefix?: string): string[];
  /** Up to `n` icons the writer of the unknown `name` most likely meant, the closest first. */
  nearest(name: string, n: number): string[];
  /** The icon as an SVG document, `size` pixels on its longer side; undefined when unknown. */
  svg(name: string, options?: SvgOptions): string | undefined;
}

export interface SvgOptions {
  size?: number;
  /**
   * What `currentColor` becomes. An image from a `data:` URI inherits no colour from the editor, so
   * the default is a mid grey that shows on light and dark themes alike.
   */
  color?: string;
}

/** The icon sets behind the configured prefixes (`i-lucide-`). */
export interface IconSets {
  /** The catalog of the set that `prefix` names, or undefined when that set is not available. */
  catalogFor(prefix: string): IconCatalog | undefined;
}

const has = (object: object | undefined, key: string): boolean => !!object && Object.prototype.hasOwnProperty.call(object, key);

/** Aliases may point at aliases; a longer chain is taken as a loop. */
const MAX_ALIAS_DEPTH = 8;
const NEAREST_CACHE_SIZE = 1000;
/** Longer than any icon name of any set: such a value gets no suggestions and matches nothing in completion. */
export const MAX_NAME_LENGTH = 100;

interface ResolvedIcon {
  name: string;
  body: string;
  box: Required<IconifyBox>;
  transform: Required<IconifyTransform>;
}

/** A catalog over an Iconify JSON set held in memory (a whole installed set, or a few icons in tests). */
export class IconifyCatalog implements IconCatalog {
  readonly title: string;
  private visible: string[] | undefined;
  private nameIndex: NameIndex | undefined;
  private readonly nearestCache = new Map<string, string[]>();

  constructor(private readonly json: IconifyJson, title?: string) {
    this.title = title ?? json.info?.name ?? titleOfSet(json.prefix);
  }

  has(name: string): boolean {
    return this.resolve(name) !== undefined;
  }

  resolve(name: string): string | undefined {
    return this.lookup(name)?.name;
  }

  names(prefix = ''): string[] {
    this.visible ??= Object.keys(this.json.icons).filter((name) => !this.json.icons[name].hidden).sort(compareNames);
    return prefix ? this.visible.filter((name) => name.startsWith(prefix)) : this.visible;
  }

  nearest(name: string, n: number): string[] {
    const key = `${n}\u0000${name}`;
    let answer = this.nearestCache.get(key);
    if (answer) return answer;
    const found = new Set<string>();
    // Icon names are short; a long value is no misspelling of one.
    const candidates = name.length > MAX_NAME_LENGTH ? [] : this.nameIndexOf().nearest(name, { limit: n * 2, distinctiveWords: false });
    for (const candidate of candidates) {
      const target = this.resolve(candidate);
      if (target && target !== name) found.add(target);
      if (found.size === n) break;
    }
    answer = [...found];
    if (this.nearestCache.size >= NEAREST_CACHE_SIZE) this.nearestCache.clear();
    this.nearestCache.set(key, answer);
    return answer;
  }

  /** Visible icons and visible aliases (an old name ranks after an icon as close), so that `alert-triangel` finds `triangle-alert` through `alert-triangle`. */
  private nameIndexOf(): NameIndex {
    if (!this.nameIndex) {
      const index = new NameIndex();
      for (const name of this.names()) index.add(name, name, name.split('-'));
      for (const [alias, data] of Object.entries(this.json.aliases ?? {})) if (!data.hidden) index.add(alias, alias, alias.split('-'), true);
      this.nameIndex = index;
    }
    return this.nameIndex;
  }

  svg(name: string, options: SvgOptions = {}): string | undefined {
    const icon = this.lookup(name);
    return icon && renderSvg(icon, options);
  }

  /** Follows aliases to the icon, merging their sizes (the nearest alias wins) and transforms. */
  private lookup(name: string): ResolvedIcon | undefined {
    const { json } = this;
    const box: IconifyBox = {};
    const transform = { rotate: 0, hFlip: false, vFlip: false };
    let current = name;
    for (let depth = 0; depth <= MAX_ALIAS_DEPTH; depth++) {
      const icon = has(json.icons, current) ? json.icons[current] : undefined;
      const alias = icon ? undefined : has(json.aliases, current) ? json.aliases![current] : undefined;
      const step = icon ?? alias;
      if (!step) return undefined;
      for (const side of ['left', 'top', 'width', 'height'] as const) box[side] ??= step[side];
      transform.rotate += step.rotate ?? 0;
      if (step.hFlip) transform.hFlip = !transform.hFlip;
      if (step.vFlip) transform.vFlip = !transform.vFlip;
      if (icon) {
        if (typeof icon.body !== 'string') return undefined;
        const full = { left: box.left ?? json.left ?? 0, top: box.top ?? json.top ?? 0, width: box.width ?? json.width ?? 16, height: box.height ?? json.height ?? 16 };
        return { name: current, body: icon.body, box: full, transform };
      }
      current = alias!.parent;
    }
    return undefined;
  }
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function titleOfSet(set: string): string {
  return set.split('-').map((word) => (word ? word[0].toUpperCase() + word.slice(1) : word)).join(' ');
}

const escapeAttribute = (value: string) => value.replace(/[&"<>]/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The `<svg>` document of an icon, with its flips and rotation applied as Iconify's own renderer does. */
function renderSvg(icon: ResolvedIcon, options: SvgOptions): string {
  const box = { ...icon.box };
  const transforms: string[] = [];
  let rotate = icon.transform.rotate;
  if (icon.transform.hFlip) {
    if (icon.transform.vFlip) rotate += 2;
    else {
      transforms.push(`translate(${box.width + box.left} ${-box.top})`, 'scale(-1 1)');
      box.top = box.left = 0;
    }
  } else if (icon.transform.vFlip) {
    transforms.push(`translate(${-box.left} ${box.height + box.top})`, 'scale(1 -1)');
    box.top = box.left = 0;
  }
  rotate = ((rotate % 4) + 4) % 4;
  if (rotate === 1) transforms.unshift(`rotate(90 ${box.height / 2 + box.top} ${box.height / 2 + box.top})`);
  if (rotate === 2) transforms.unshift(`rotate(180 ${box.width / 2 + box.left} ${box.height / 2 + box.top})`);
  if (rotate === 3) transforms.unshift(`rotate(-90 ${box.width / 2 + box.left} ${box.width / 2 + box.left})`);
  if (rotate % 2 === 1) [box.left, box.top, box.width, box.height] = [box.top, box.left, box.height, box.width];

  const color = options.color ?? '#888';
  let body = icon.body.replace(/currentColor/g, escapeAttribute(color));
  if (transforms.length) body = `<g transform="${transforms.join(' ')}">${body}</g>`;
  const size = options.size ?? 48;
  const scale = size / Math.max(box.width, box.height);
  const width = Math.round(box.width * scale * 100) / 100;
  const height = Math.round(box.height * scale * 100) / 100;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${box.left} ${box.top} ${box.width} ${box.height}" width="${width}" height="${height}" color="${escapeAttribute(color)}">${body}</svg>`;
}

/** The icon as a Markdown image with a `data:` URI, for hovers and completion documentation. */
export function iconImageMarkdown(catalog: IconCatalog, name: string, options?: SvgOptions): string | undefined {
  const svg = catalog.svg(name, options);
  if (svg === undefined) return undefined;
  const alt = name.replace(/[^\w-]/g, '');
  return `![${alt}](data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')})`;
}

/** Icon sets given up front, keyed by prefix: for tests, and for hosts that load sets themselves. */
export function staticIconSets(byPrefix: Record<string, IconCatalog>): IconSets {
  return { catalogFor: (prefix) => (has(byPrefix, prefix) ? byPrefix[prefix] : undefined) };
}

/** The Iconify set name of a prefix: `i-lucide-` → `lucide`, `i-simple-icons-` → `simple-icons`. */
export function iconSetNameOf(prefix: string): string | undefined {
  return /^i-([a-z0-9]+(?:-[a-z0-9]+)*)[-:]$/.exec(prefix)?.[1];
}

/** A `logoIcon` value taken apart: the longest configured prefix it starts with, and the name after it. */
export function splitIconValue(value: string, prefixes: readonly string[]): { prefix: string; name: string } | undefined {
  let prefix: string | undefined;
  for (const candidate of prefixes) if (candidate && value.startsWith(candidate) && candidate.length > (prefix?.length ?? -1)) prefix = candidate;
  return prefix === undefined ? undefined : { prefix, name: value.slice(prefix.length) };
}

/**
 * The icon a `logoIcon` value names, when it starts with a configured prefix whose set is
 * available; undefined for any other value (those are not checked).
 */
export function iconOfValue(value: string, prefixes: readonly string[], sets: IconSets): { prefix: string; name: string; catalog: IconCatalog } | undefined {
  const split = splitIconValue(value, prefixes);
  const catalog = split && sets.catalogFor(split.prefix);
  return split && catalog && { ...split, catalog };
}

/** Reads a set's JSON text; undefined when the file is not there. Replaceable in tests. */
export type IconSetReader = (set: string) => { text: string; title?: string; source: string } | undefined;

/**
 * Finds `@iconify-json/<set>` (one set) or `@iconify/json` (all sets) where the server itself is
 * installed. Nothing is read until a set is first needed, so the server starts as fast as without icons.
 */
export function installedIconSetReader(from: string = __filename): IconSetReader {
  const resolver = createRequire(from);
  const tryRead = (request: string): { path: string; text: string } | undefined => {
    let path: string;
    try {
      path = resolver.resolve(request);
    } catch {
      return undefined;
    }
    return { path, text: readFileSync(path, 'utf8') };
  };
  return (set) => {
    const single = tryRead(`@iconify-json/${set}/icons.json`);
    if (single) {
      let title: string | undefined;
      try {
        title = (JSON.parse(tryRead(`@iconify-json/${set}/info.json`)?.text ?? '{}') as { name?: unknown }).name as string | undefined;
      } catch {
        title = undefined;
      }
      return { text: single.text, title: typeof title === 'string' ? title : undefined, source: single.path };
    }
    const all = tryRead(`@iconify/json/json/${set}.json`);
    return all && { text: all.text, source: all.path };
  };
}

/**
 * The installed Iconify sets, loaded on first need and kept. A prefix whose set is not installed
 * (or that names none) is logged once; values with it are then not checked.
 */
export class InstalledIconSets implements IconSets {
  private readonly loaded = new Map<string, IconCatalog | null>();

  constructor(
    private readonly logger: Logger = silentLogger,
    private readonly read: IconSetReader = installedIconSetReader(),
  ) {}

  catalogFor(prefix: string): IconCatalog | undefined {
    const known = this.loaded.get(prefix);
    if (known !== undefined) return known ?? undefined;
    const catalog = this.load(prefix);
    this.loaded.set(prefix, catalog ?? null);
    return catalog;
  }

  private load(prefix: string): IconCatalog | undefined {
    const set = iconSetNameOf(prefix);
    if (!set) {
      this.logger.log(`Icons: the prefix '${prefix}' of glossary.iconPrefixes names no Iconify icon set (expected i-<set>-, like i-lucide-); logoIcon values with it are not checked.`);
      return undefined;
    }
    let found: ReturnType<IconSetReader>;
    try {
      found = this.read(set);
    } catch (error) {
      this.logger.log(`Icons: the ${set} icon set could not be read (${error instanceof Error ? error.message : String(error)}); logoIcon values starting with '${prefix}' are not checked.`);
      return undefined;
    }
    if (!found) {
      this.logger.log(`Icons: the ${set} icon set (@iconify-json/${set}) is not installed; logoIcon values starting with '${prefix}' are not checked.`);
      return undefined;
    }
    try {
      const json = JSON.parse(found.text) as IconifyJson;
      if (typeof json !== 'object' || json === null || typeof json.icons !== 'object' || json.icons === null) throw new Error('it has no icons');
      return new IconifyCatalog(json, found.title ?? json.info?.name ?? titleOfSet(set));
    } catch (error) {
      this.logger.log(`Icons: ${found.source} is not an Iconify icon set (${error instanceof Error ? error.message : String(error)}); logoIcon values starting with '${prefix}' are not checked.`);
      return undefined;
    }
  }
}
