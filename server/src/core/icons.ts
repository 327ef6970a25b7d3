import type { IconifyJSON } from '@iconify/types';
import { calculateSize, getIconData, getIconsTree, iconToSVG } from '@iconify/utils';
import { NameIndex } from './fuzzy/nearest';
import { detach } from './slugs';
import { silentLogger, type Logger } from './workspace';

/** An icon set in Iconify JSON format, as `@iconify-json/<set>` exports it. */
export type IconifyJson = IconifyJSON;

/**
 * Gets an icon set by its Iconify name (`lucide`); undefined when the host has no such set. The
 * host decides where sets come from (bundled with the server, fetched by a browser worker): the
 * core reads no files.
 */
export type IconSetLoader = (set: string) => Promise<IconifyJson | undefined>;

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

/** What a prefix's set is, right now: its catalog; LOADING while it is on its way; undefined when there is none. */
export const LOADING = 'loading';

/** The icon sets behind the configured prefixes (`i-lucide-`). */
export interface IconSets {
  /**
   * The catalog of the set `prefix` names; LOADING when the set is still being loaded (nothing can
   * be said about its icons yet, so nothing is); undefined when no set is available for it.
   */
  catalogFor(prefix: string): IconCatalog | typeof LOADING | undefined;
}

const has = (object: object | undefined, key: string): boolean => !!object && Object.prototype.hasOwnProperty.call(object, key);

const NEAREST_CACHE_SIZE = 1000;
/** Longer than any icon name of any set: such a value gets no suggestions and matches nothing in completion. */
export const MAX_NAME_LENGTH = 100;

/**
 * A catalog over an Iconify JSON set held in memory (a whole set, or a few icons in tests).
 * Aliases are resolved and SVGs built by @iconify/utils, as Iconify's own components do.
 */
export class IconifyCatalog implements IconCatalog {
  readonly title: string;
  private visible: string[] | undefined;
  /** Per name (icon or alias), the icon it stands for; built on first need. */
  private targets: Map<string, string> | undefined;
  private nameIndex: NameIndex | undefined;
  private readonly nearestCache = new Map<string, string[]>();

  constructor(private readonly json: IconifyJson, title?: string) {
    this.title = title ?? json.info?.name ?? titleOfSet(json.prefix);
  }

  has(name: string): boolean {
    return this.resolve(name) !== undefined;
  }

  resolve(name: string): string | undefined {
    if (!this.targets) {
      this.targets = new Map();
      for (const [alias, chain] of Object.entries(getIconsTree(this.json))) {
        // A chain that ends anywhere but at an icon with a body (a loop, a missing parent, a name
        // like `constructor` that only the object's prototype knows) names nothing.
        if (!chain) continue;
        const target = chain.length ? chain[chain.length - 1] : alias;
        if (has(this.json.icons, target) && typeof this.json.icons[target].body === 'string') this.targets.set(alias, target);
      }
    }
    return this.targets.get(name);
  }

  names(prefix = ''): string[] {
    this.visible ??= Object.keys(this.json.icons).filter((name) => !this.json.icons[name].hidden && this.has(name)).sort(compareNames);
    return prefix ? this.visible.filter((name) => name.startsWith(prefix)) : this.visible;
  }

  nearest(name: string, n: number): string[] {
    // The name is cut from a document's text: the kept key must not hold that version of it alive.
    const key = `${n}\u0000${detach(name)}`;
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
      for (const [alias, data] of Object.entries(this.json.aliases ?? {})) if (!data.hidden && this.has(alias)) index.add(alias, alias, alias.split('-'), true);
      this.nameIndex = index;
    }
    return this.nameIndex;
  }

  svg(name: string, options: SvgOptions = {}): string | undefined {
    if (!this.has(name)) return undefined;
    const icon = getIconData(this.json, name);
    if (!icon) return undefined;
    // The view box after flips and turns, at its own size; then scaled to `size` on its longer side.
    const built = iconToSVG(icon, { width: 'auto', height: 'auto' });
    const [, , boxWidth, boxHeight] = built.viewBox;
    const size = options.size ?? 48;
    const width = boxWidth >= boxHeight ? size : calculateSize(size, boxWidth / boxHeight);
    const height = boxWidth >= boxHeight ? calculateSize(size, boxHeight / boxWidth) : size;
    const color = escapeAttribute(options.color ?? '#888');
    const body = built.body.replace(/currentColor/g, color);
    return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${built.attributes.viewBox}" width="${width}" height="${height}" color="${color}">${body}</svg>`;
  }
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function titleOfSet(set: string): string {
  return set.split('-').map((word) => (word ? word[0].toUpperCase() + word.slice(1) : word)).join(' ');
}

const escapeAttribute = (value: string) => value.replace(/[&"<>]/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** UTF-8 text as base64, with what browsers and Node both have. */
function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  // In slices: spreading a whole large SVG into one call could exceed the arguments limit.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The icon as a Markdown image with a `data:` URI, for hovers and completion documentation. */
export function iconImageMarkdown(catalog: IconCatalog, name: string, options?: SvgOptions): string | undefined {
  const svg = catalog.svg(name, options);
  if (svg === undefined) return undefined;
  const alt = name.replace(/[^\w-]/g, '');
  return `![${alt}](data:image/svg+xml;base64,${base64(svg)})`;
}

/** Icon sets given up front, keyed by prefix: for tests, and for hosts that have their sets at hand. */
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
 * loaded; undefined for any other value (those are not checked, nor while their set loads).
 */
export function iconOfValue(value: string, prefixes: readonly string[], sets: IconSets): { prefix: string; name: string; catalog: IconCatalog } | undefined {
  const split = splitIconValue(value, prefixes);
  const catalog = split && sets.catalogFor(split.prefix);
  return split && catalog && catalog !== LOADING ? { ...split, catalog } : undefined;
}

/**
 * The sets a loader gives, each asked for on first need and kept. While a set loads, its prefix
 * answers LOADING, and `onLoaded` is called once it is there, so the host can check again what it
 * could not check before. A prefix that names no set, or whose set the loader does not have or
 * gives broken, is logged once; values with it are not checked.
 */
export class LoadedIconSets implements IconSets {
  /** By set name: its catalog, its load in flight, or null when it is not available. */
  private readonly sets = new Map<string, IconCatalog | Promise<void> | null>();
  private readonly badPrefixes = new Set<string>();

  constructor(
    private readonly load: IconSetLoader,
    private readonly logger: Logger = silentLogger,
    private readonly onLoaded: (prefix: string) => void = () => {},
  ) {}

  catalogFor(prefix: string): IconCatalog | typeof LOADING | undefined {
    const set = iconSetNameOf(prefix);
    if (!set) {
      if (!this.badPrefixes.has(prefix)) {
        this.badPrefixes.add(prefix);
        this.logger.log(`Icons: the prefix '${prefix}' of glossary.iconPrefixes names no Iconify icon set (expected i-<set>-, like i-lucide-); logoIcon values with it are not checked.`);
      }
      return undefined;
    }
    const state = this.sets.has(set) ? this.sets.get(set) : this.startLoading(set, prefix);
    return state instanceof Promise ? LOADING : state ?? undefined;
  }

  /** Resolves once the sets of `prefixes` are loaded or known to be unavailable: for hosts that check only then (the CLI). */
  async ready(prefixes: readonly string[]): Promise<void> {
    for (const prefix of prefixes) {
      this.catalogFor(prefix);
      const state = this.sets.get(iconSetNameOf(prefix) ?? '');
      if (state instanceof Promise) await state;
    }
  }

  private startLoading(set: string, prefix: string): Promise<void> {
    const loading = this.load(set).then(
      (json) => {
        if (!json) {
          this.logger.log(`Icons: the ${set} icon set is not available to this server; logoIcon values starting with '${prefix}' are not checked.`);
          return null;
        }
        if (typeof json !== 'object' || typeof json.icons !== 'object' || json.icons === null) {
          this.logger.log(`Icons: what came for the ${set} icon set is not an Iconify icon set (it has no icons); logoIcon values starting with '${prefix}' are not checked.`);
          return null;
        }
        return new IconifyCatalog(json, json.info?.name ?? titleOfSet(set));
      },
      (error: unknown) => {
        this.logger.log(`Icons: the ${set} icon set could not be loaded (${error instanceof Error ? error.message : String(error)}); logoIcon values starting with '${prefix}' are not checked.`);
        return null;
      },
    ).then((catalog) => {
      this.sets.set(set, catalog);
      this.onLoaded(prefix);
    });
    this.sets.set(set, loading);
    return loading;
  }
}
