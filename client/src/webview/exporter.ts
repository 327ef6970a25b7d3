/**
 * Turns a rendered (already sanitized) diagram into export data: standalone SVG text, and PNG
 * through an <img> of that SVG drawn on a canvas. The SVG has no <foreignObject> (labels are SVG
 * text), so the canvas is never tainted.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Largest canvas side and area Chromium reliably allocates; bigger exports are scaled down. */
const MAX_CANVAS_SIDE = 16_384;
const MAX_CANVAS_AREA = 120_000_000;

export interface SvgSize {
  width: number;
  height: number;
}

/** The diagram's natural size, from its viewBox (Mermaid sets width="100%" and a max-width). */
export function naturalSize(svg: SVGSVGElement): SvgSize {
  const box = svg.viewBox?.baseVal;
  if (box && box.width > 0 && box.height > 0) return { width: box.width, height: box.height };
  const maxWidth = parseFloat(svg.style.maxWidth);
  const rect = svg.getBoundingClientRect();
  const width = Number.isFinite(maxWidth) && maxWidth > 0 ? maxWidth : rect.width || 300;
  const height = rect.height > 0 && rect.width > 0 ? (rect.height * width) / rect.width : 150;
  return { width, height };
}

/**
 * Standalone SVG text: XML-serialized (so it is well-formed, unlike Mermaid's HTML-serialized
 * string) with an explicit pixel size, ready to save as a .svg file or to load into an <img>.
 */
export function serializeSvg(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const { width, height } = naturalSize(svg);
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('width', String(Math.ceil(width)));
  clone.setAttribute('height', String(Math.ceil(height)));
  clone.style.removeProperty('max-width');
  if (!clone.getAttribute('style')) clone.removeAttribute('style');
  return new XMLSerializer().serializeToString(clone);
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('The browser could not load the SVG as an image.'));
    image.src = url;
  });
}

/** PNG data URL of the diagram at `scale` (2 = twice the natural size), on `background`. */
export async function svgToPng(svg: SVGSVGElement, scale = 2, background?: string): Promise<string> {
  const text = serializeSvg(svg);
  const { width, height } = naturalSize(svg);
  const fit = Math.min(scale, MAX_CANVAS_SIDE / width, MAX_CANVAS_SIDE / height, Math.sqrt(MAX_CANVAS_AREA / (width * height)));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.floor(width * fit));
  canvas.height = Math.max(1, Math.floor(height * fit));
  const image = await loadImage(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2D canvas is available.');
  if (background) {
    context.fillStyle = background;
    context.fillRect(0, 0, canvas.width, canvas.height);
  }
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/png');
}
