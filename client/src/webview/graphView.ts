/**
 * Graph mode of the preview: one rendered relationship graph whose nodes open their entry.
 * Mermaid's own `click` callbacks do not exist at the strict security level, so a click on the
 * rendered SVG is mapped back from the `g.node` element's id (`<svg id>-flowchart-n3-3`) to the
 * node id (`n3`) of the graph message, and only a node of that message can be opened. All text
 * (titles, notices, errors) goes in through textContent, never as markup.
 */
import type { GraphNodeInfo } from '../preview/protocol';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The graph node id (`n3`) of a rendered Mermaid flowchart node element, from its DOM id. */
export function graphNodeId(element: Element): string | undefined {
  return /-flowchart-(n\d{1,6})-\d+$/.exec(element.id)?.[1];
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  return node;
}

export class GraphView {
  readonly root: HTMLElement;
  private readonly notice: HTMLElement;
  private readonly error: HTMLElement;
  readonly diagram: HTMLElement;
  private nodes = new Map<string, GraphNodeInfo>();

  constructor(before: HTMLElement, private readonly open: (node: GraphNodeInfo) => void) {
    this.root = element('section', 'graph');
    this.root.id = 'graph';
    this.root.hidden = true;
    this.root.setAttribute('aria-label', 'Relationship graph');
    this.notice = element('p', 'block-notice graph-notice');
    this.notice.hidden = true;
    this.error = element('pre', 'block-error graph-error');
    this.error.hidden = true;
    this.error.setAttribute('role', 'alert');
    this.diagram = element('div', 'graph-diagram');
    this.diagram.addEventListener('click', (event) => {
      // Links that survived sanitizing point inside the SVG only; never navigate.
      event.preventDefault();
      const node = this.nodeAt(event.target);
      if (node) this.open(node);
    });
    this.diagram.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      const node = this.nodeAt(event.target);
      if (!node) return;
      event.preventDefault();
      this.open(node);
    });
    this.root.append(this.notice, this.error, this.diagram);
    before.before(this.root);
  }

  set visible(value: boolean) {
    this.root.hidden = !value;
  }

  setNotice(text: string): void {
    if (this.notice.textContent !== text) this.notice.textContent = text;
    this.notice.hidden = text === '';
  }

  /** Shows the graph rendered from a message with `nodes`; returns how many of them are on the page, clickable. */
  showSvg(svg: SVGSVGElement, nodes: readonly GraphNodeInfo[]): number {
    // Clicks resolve only to the nodes of the graph on the page.
    this.nodes = new Map(nodes.map((node) => [node.id, node]));
    this.error.hidden = true;
    let clickable = 0;
    for (const group of Array.from(svg.querySelectorAll('g.node'))) {
      const id = graphNodeId(group);
      const node = id === undefined ? undefined : this.nodes.get(id);
      if (!node) continue;
      clickable++;
      group.classList.add('graph-node');
      group.setAttribute('tabindex', '0');
      group.setAttribute('role', 'link');
      group.setAttribute('aria-label', `Open ${node.title}`);
      const tooltip = document.createElementNS(SVG_NS, 'title');
      tooltip.textContent = node.title;
      group.prepend(tooltip);
    }
    this.diagram.replaceChildren(svg);
    this.diagram.hidden = false;
    return clickable;
  }

  showError(message: string): void {
    this.nodes = new Map();
    this.error.textContent = message;
    this.error.hidden = false;
    this.diagram.replaceChildren();
    this.diagram.hidden = true;
  }

  private nodeAt(target: EventTarget | null): GraphNodeInfo | undefined {
    if (!(target instanceof Element)) return undefined;
    const group = target.closest('g.node');
    if (!group || !this.diagram.contains(group)) return undefined;
    const id = graphNodeId(group);
    return id === undefined ? undefined : this.nodes.get(id);
  }
}
