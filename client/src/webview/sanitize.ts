import DOMPurify from 'dompurify';

/**
 * The second line of defence after Mermaid's `strict` level: every SVG Mermaid returns goes
 * through a DOMPurify instance of our own (Mermaid's hooks on the shared instance cannot reach
 * it), comes back as nodes rather than a string (no second HTML parse, so no mutation XSS), and
 * then loses anything that could fetch or navigate: `href`s other than in-document `#ids`, CSS
 * `url()`s other than `url(#id)`, and every CSS rule that is not a plain style rule or
 * @keyframes scoped to the diagram's own id (so no @import, @font-face or page-wide rules).
 */

const purify = DOMPurify(window);

const PURIFY_CONFIG = {
  USE_PROFILES: { svg: true, svgFilters: true },
  ADD_TAGS: ['style'],
  RETURN_DOM_FRAGMENT: true as const,
};

const URL_FUNCTION = /url\s*\(\s*(['"]?)(.*?)\1\s*\)/gis;
const DANGEROUS_CSS = /expression\s*\(|javascript:|vbscript:|-moz-binding|behavior\s*:|@import|image-set\s*\(|(?:^|[^-\w])image\s*\(|src\s*\(/i;
const RASTER_DATA_URL = /^data:image\/(?:png|gif|jpe?g|webp);base64,[a-z0-9+/=\s]*$/i;

/** True when a CSS value could make the browser fetch something or run code. */
export function isUnsafeCssValue(value: string): boolean {
  if (DANGEROUS_CSS.test(value)) return true;
  const readable = [...value.matchAll(URL_FUNCTION)];
  if (readable.some((match) => !match[2].trim().startsWith('#'))) return true;
  // A url( the pattern above could not read (unbalanced, odd quoting): refuse it too.
  return (value.match(/url\s*\(/gi)?.length ?? 0) !== readable.length;
}

/** The same for a raw attribute value, which the CSSOM has not normalized: escapes are refused. */
const isUnsafeAttributeValue = (value: string) => isUnsafeCssValue(value) || (/\\/.test(value) && /\(/.test(value));

const scratch = document.createElement('div');
/** Captured before fetchGuard.ts patches it for the duration of a render. */
const setCssText = Object.getOwnPropertyDescriptor(CSSStyleDeclaration.prototype, 'cssText')?.set as (this: CSSStyleDeclaration, value: string) => void;

/** Drops the declarations of an inline `style` attribute that could fetch; '' when none is left. */
export function cleanInlineStyle(value: string): string {
  scratch.removeAttribute('style');
  setCssText.call(scratch.style, value);
  const style = scratch.style;
  for (let i = style.length - 1; i >= 0; i--) {
    const property = style[i];
    if (isUnsafeCssValue(style.getPropertyValue(property))) style.removeProperty(property);
  }
  const text = style.cssText;
  scratch.removeAttribute('style');
  return isUnsafeCssValue(text) ? '' : text;
}

function cleanDeclarations(style: CSSStyleDeclaration): void {
  for (let i = style.length - 1; i >= 0; i--) {
    const property = style[i];
    if (isUnsafeCssValue(style.getPropertyValue(property))) style.removeProperty(property);
  }
}

function isScopedSelector(selectorText: string, scope: string): boolean {
  // Every selector of the list must start with the diagram's own id.
  return selectorText.split(',').every((part) => {
    const selector = part.trim();
    return selector === scope || selector.startsWith(`${scope} `) || selector.startsWith(`${scope}.`) || selector.startsWith(`${scope}:`)
      || selector.startsWith(`${scope}>`) || selector.startsWith(`${scope}[`);
  });
}

/**
 * Re-parses a <style> element's text with the CSSOM and keeps only rules scoped to `#svgId`;
 * the browser re-serializes what is kept, so nothing can escape the rule it sits in.
 */
export function cleanStyleSheet(cssText: string, svgId: string): string {
  const sheet = new CSSStyleSheet();
  try {
    sheet.replaceSync(cssText);
  } catch {
    return '';
  }
  const scope = `#${CSS.escape(svgId)}`;
  const kept: string[] = [];
  for (const rule of Array.from(sheet.cssRules)) {
    if (rule instanceof CSSStyleRule) {
      if (!isScopedSelector(rule.selectorText, scope)) continue;
      cleanDeclarations(rule.style);
      // Nested rules (CSS nesting) are dropped: Mermaid does not emit them.
      if (rule.cssRules && rule.cssRules.length > 0) continue;
      kept.push(rule.cssText);
    } else if (rule instanceof CSSKeyframesRule) {
      for (const frame of Array.from(rule.cssRules)) {
        if (frame instanceof CSSKeyframeRule) cleanDeclarations(frame.style);
      }
      kept.push(rule.cssText);
    }
  }
  const text = kept.join('\n');
  return isUnsafeCssValue(text) ? '' : text;
}

const LINK_ATTRIBUTES = ['href', 'xlink:href', 'src', 'action', 'formaction', 'data', 'poster', 'background'];

function cleanElement(element: Element, svgId: string): void {
  for (const attribute of Array.from(element.attributes)) {
    const name = attribute.name.toLowerCase();
    const value = attribute.value;
    if (name.startsWith('on')) {
      element.removeAttribute(attribute.name);
    } else if (LINK_ATTRIBUTES.includes(name)) {
      const trimmed = value.trim();
      const inDocument = trimmed.startsWith('#');
      const rasterImage = element.localName === 'image' && RASTER_DATA_URL.test(trimmed);
      if (!inDocument && !rasterImage) element.removeAttribute(attribute.name);
    } else if (name === 'style') {
      const cleaned = cleanInlineStyle(value);
      if (cleaned) element.setAttribute('style', cleaned);
      else element.removeAttribute('style');
    } else if (isUnsafeAttributeValue(value)) {
      element.removeAttribute(attribute.name);
    }
  }
  if (element.localName === 'style') element.textContent = cleanStyleSheet(element.textContent ?? '', svgId);
}

/**
 * Sanitizes Mermaid's SVG markup and returns the <svg> element, ready to insert, or null when
 * nothing usable is left. `svgId` is the id Mermaid rendered with (its CSS is scoped to it).
 */
export function sanitizeSvg(markup: string, svgId: string): SVGSVGElement | null {
  const fragment = purify.sanitize(markup, PURIFY_CONFIG);
  const svg = Array.from(fragment.children).find((child): child is SVGSVGElement => child instanceof SVGSVGElement) ?? null;
  if (!svg) return null;
  cleanElement(svg, svgId);
  for (const element of Array.from(svg.querySelectorAll('*'))) {
    if (element.localName === 'script' || element.localName === 'foreignobject' || element.localName === 'foreignObject' || element.localName === 'iframe') {
      element.remove();
      continue;
    }
    cleanElement(element, svgId);
  }
  return svg;
}
