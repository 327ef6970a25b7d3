/**
 * Mermaid puts parts of the diagram source into the live page *while* it renders, before any
 * sanitizing can happen: the flowchart image shape (`A@{ img: "https://…" }`) does
 * `new Image().src = url` and draws `<image href=url>`; a state diagram's
 * `classDef x fill:url(https://…)` lands verbatim in the <style> of the temporary SVG Mermaid
 * measures in <body>, and `style A …` in inline styles. Any of these makes the browser fetch. In
 * VS Code the CSP stops remote hosts but not files under the webview's resource roots; either way
 * a preview should not fetch what a document names.
 *
 * `withoutFetching` runs a render with the DOM entry points Mermaid uses for these guarded:
 * image URLs become a 1×1 transparent image (so the diagram still lays out), style sheets keep
 * only rules scoped to the diagram with no `url()` (see sanitize.ts), inline styles lose their
 * `url()` declarations. Everything is restored when the render settles. Renders never overlap
 * (the preview runs one at a time), so nothing else runs under the guard.
 */
import { cleanInlineStyle, cleanStyleSheet, isUnsafeCssValue } from './sanitize';

const PLACEHOLDER = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';
const URL_ATTRIBUTES = new Set(['src', 'href', 'srcset', 'data', 'poster', 'background']);

/** In-document references and inline images never fetch (SVG in an <img> loads no subresources). */
const isInert = (value: string) => {
  const trimmed = value.trim();
  return trimmed === '' || trimmed.startsWith('#') || /^data:image\//i.test(trimmed);
};

const isStyleElement = (node: unknown): node is Element => node instanceof HTMLStyleElement || node instanceof SVGStyleElement;

interface Patch {
  target: object;
  key: string;
  /** The target's own property before patching; undefined when it inherited it. */
  own: PropertyDescriptor | undefined;
}

function cleanAttribute(element: Element, name: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const local = name.toLowerCase().replace(/^.*:/, '');
  if (local === 'style') return cleanInlineStyle(value);
  if (element.localName !== 'a' && URL_ATTRIBUTES.has(local) && !isInert(value)) return PLACEHOLDER;
  if (/url\s*\(/i.test(value) && isUnsafeCssValue(value)) return '';
  return value;
}

/**
 * Markup written into the page (Mermaid measures sequence labels holding $$math$$ through
 * innerHTML) is parsed first in an inert <template>, where nothing loads, and every element's
 * URL and style attributes are cleaned as during a render. Installed once for the page's lifetime,
 * not per render: Mermaid leaves some label drawing un-awaited, so it runs after `render` has
 * settled. The preview's own code builds its DOM without markup strings, so nothing else passes here.
 * In a page that is not ours (VS Code's Markdown preview), `guards` limits it to Mermaid's elements.
 */
export function guardMarkupForever(guards: (element: Element) => boolean = () => true): void {
  const markupProperty = Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML');
  const parseInto = markupProperty?.set;
  if (!parseInto || (Element.prototype as { __glossaryMarkupGuard?: true }).__glossaryMarkupGuard) return;
  const inertMarkup = (markup: string): string => {
    if (!/<[a-z!?/]/i.test(markup)) return markup;
    const template = document.createElement('template');
    parseInto.call(template, markup);
    for (const element of Array.from(template.content.querySelectorAll('*'))) {
      for (const { name, value } of Array.from(element.attributes)) {
        const cleaned = cleanAttribute(element, name, value);
        if (cleaned !== value) element.setAttribute(name, cleaned as string);
      }
    }
    return template.innerHTML;
  };
  for (const key of ['innerHTML', 'outerHTML'] as const) {
    const original = Object.getOwnPropertyDescriptor(Element.prototype, key);
    if (!original?.set) continue;
    Object.defineProperty(Element.prototype, key, {
      ...original,
      set(this: Element, value: string) {
        original.set!.call(this, isStyleElement(this) || !guards(this) ? value : inertMarkup(String(value ?? '')));
      },
    });
  }
  const insertAdjacentHTML = Element.prototype.insertAdjacentHTML;
  Object.defineProperty(Element.prototype, 'insertAdjacentHTML', {
    configurable: true,
    writable: true,
    value(this: Element, position: InsertPosition, markup: string) {
      insertAdjacentHTML.call(this, position, guards(this) ? inertMarkup(String(markup ?? '')) : markup);
    },
  });
  Object.defineProperty(Element.prototype, '__glossaryMarkupGuard', { value: true });
}

export async function withoutFetching<T>(scopeId: string, work: () => Promise<T>): Promise<T> {
  const patches: Patch[] = [];
  /** Shadows `key` on `target` with `make(the descriptor in effect)`, until the render settles. */
  const patch = (target: object, key: string, make: (original: PropertyDescriptor) => PropertyDescriptor) => {
    const own = Object.getOwnPropertyDescriptor(target, key);
    let original = own;
    for (let owner = Object.getPrototypeOf(target); !original && owner; owner = Object.getPrototypeOf(owner)) {
      original = Object.getOwnPropertyDescriptor(owner, key);
    }
    if (!original) return;
    patches.push({ target, key, own });
    Object.defineProperty(target, key, { ...make(original), configurable: true, enumerable: original.enumerable });
  };
  try {
    patch(HTMLImageElement.prototype, 'src', (original) => ({
      get: original.get,
      set(this: HTMLImageElement, value: string) {
        original.set?.call(this, isInert(String(value)) ? value : PLACEHOLDER);
      },
    }));
    patch(HTMLImageElement.prototype, 'srcset', (original) => ({
      get: original.get,
      set(this: HTMLImageElement, value: string) {
        original.set?.call(this, isInert(String(value)) ? value : '');
      },
    }));
    patch(Element.prototype, 'setAttribute', (original) => ({
      writable: true,
      value(this: Element, name: string, value: string) {
        (original.value as Element['setAttribute']).call(this, name, cleanAttribute(this, name, value) as string);
      },
    }));
    patch(Element.prototype, 'setAttributeNS', (original) => ({
      writable: true,
      value(this: Element, namespace: string | null, name: string, value: string) {
        (original.value as Element['setAttributeNS']).call(this, namespace, name, cleanAttribute(this, name, value) as string);
      },
    }));
    // <style> contents: how Mermaid fills the style element of the diagram, and d3's .text()/.html().
    for (const key of ['innerHTML', 'textContent', 'innerText'] as const) {
      for (const proto of [HTMLStyleElement.prototype, SVGStyleElement.prototype]) {
        patch(proto, key, (original) => ({
          get: original.get,
          set(this: Element, value: string) {
            original.set?.call(this, isStyleElement(this) ? cleanStyleSheet(String(value ?? ''), scopeId) : value);
          },
        }));
      }
    }
    patch(Node.prototype, 'appendChild', (original) => ({
      writable: true,
      value<N extends Node>(this: Node, child: N): N {
        // A text node appended to a <style> (d3 and others build sheets this way).
        if (child instanceof Text && isStyleElement(this)) child.data = cleanStyleSheet(child.data, scopeId);
        return (original.value as Node['appendChild']).call(this, child) as N;
      },
    }));
    patch(CSSStyleDeclaration.prototype, 'setProperty', (original) => ({
      writable: true,
      value(this: CSSStyleDeclaration, property: string, value: string | null, priority?: string) {
        if (typeof value === 'string' && isUnsafeCssValue(value)) return;
        (original.value as CSSStyleDeclaration['setProperty']).call(this, property, value, priority);
      },
    }));
    patch(CSSStyleDeclaration.prototype, 'cssText', (original) => ({
      get: original.get,
      set(this: CSSStyleDeclaration, value: string) {
        original.set?.call(this, cleanInlineStyle(String(value)));
      },
    }));
    return await work();
  } finally {
    for (const { target, key, own } of patches.reverse()) {
      if (own) Object.defineProperty(target, key, own);
      else delete (target as Record<string, unknown>)[key];
    }
  }
}
