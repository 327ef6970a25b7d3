/**
 * The DOM of the preview: one <section> per diagram block, updated in place. All document text
 * (title, headings, notices, error messages) goes in through textContent, never as markup.
 */

export interface SectionActions {
  reveal(line: number): void;
  exportSvg(section: DiagramSection): void;
  exportPng(section: DiagramSection): void;
  copySvg(section: DiagramSection): void;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export class DiagramSection {
  readonly root: HTMLElement;
  /** Zero-based document line of the block's first source line (kept current on every update). */
  line = 0;
  /** Zero-based document line the current error points at. */
  errorLine = 0;
  private readonly caption: HTMLElement;
  private readonly location: HTMLElement;
  private readonly toolbar: HTMLElement;
  private readonly buttons: HTMLButtonElement[];
  private readonly status: HTMLElement;
  private readonly notice: HTMLElement;
  private readonly error: HTMLElement;
  private readonly errorLocation: HTMLElement;
  private readonly errorText: HTMLElement;
  readonly diagram: HTMLElement;
  private statusTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly index: number, actions: SectionActions) {
    this.root = element('section', 'block');
    this.root.dataset.index = String(index);

    const header = element('div', 'block-header');
    const labels = element('div', 'block-labels');
    this.caption = element('span', 'block-heading');
    this.location = element('span', 'block-location');
    labels.append(this.caption, this.location);
    const toolbar = element('div', 'block-toolbar');
    toolbar.setAttribute('role', 'toolbar');
    toolbar.setAttribute('aria-label', 'Export');
    this.toolbar = toolbar;
    this.status = element('span', 'block-status');
    this.status.setAttribute('role', 'status');
    const button = (label: string, title: string, action: () => void) => {
      const node = element('button', 'block-button', label);
      node.type = 'button';
      node.title = title;
      node.disabled = true;
      node.addEventListener('click', (event) => {
        event.stopPropagation();
        action();
      });
      return node;
    };
    this.buttons = [
      button('SVG', 'Save this diagram as an SVG file', () => actions.exportSvg(this)),
      button('PNG', 'Save this diagram as a PNG image (2× size)', () => actions.exportPng(this)),
      button('Copy SVG', 'Copy the SVG markup of this diagram', () => actions.copySvg(this)),
    ];
    toolbar.append(this.status, ...this.buttons);
    header.append(labels, toolbar);

    this.notice = element('p', 'block-notice');
    this.notice.hidden = true;

    this.error = element('div', 'block-error');
    this.error.hidden = true;
    this.error.setAttribute('role', 'alert');
    this.error.tabIndex = 0;
    this.error.title = 'Go to this line in the editor';
    this.errorLocation = element('span', 'block-error-location');
    this.errorText = element('pre', 'block-error-message');
    this.error.append(this.errorLocation, this.errorText);
    this.error.addEventListener('click', () => actions.reveal(this.errorLine));
    this.error.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        actions.reveal(this.errorLine);
      }
    });

    this.diagram = element('div', 'block-diagram');
    this.diagram.tabIndex = 0;
    this.diagram.title = 'Go to this diagram in the editor';
    this.diagram.addEventListener('click', (event) => {
      // Links that survived sanitizing point inside the SVG only; never navigate.
      event.preventDefault();
      actions.reveal(this.line);
    });
    this.diagram.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        actions.reveal(this.line);
      }
    });

    this.root.append(header, this.notice, this.error, this.diagram);
  }

  setPlace(heading: string, line: number): void {
    this.line = line;
    const caption = heading ? `Under: ${heading}` : '';
    if (this.caption.textContent !== caption) this.caption.textContent = caption;
    const location = `Diagram ${this.index + 1} · line ${line + 1}`;
    if (this.location.textContent !== location) this.location.textContent = location;
    this.root.setAttribute('aria-label', heading ? `Diagram ${this.index + 1}, under ${heading}` : `Diagram ${this.index + 1}`);
  }

  /** The rendered <svg>, if the block has one (possibly stale, shown dimmed, when it has an error). */
  get svg(): SVGSVGElement | null {
    const first = this.diagram.firstElementChild;
    return first instanceof SVGSVGElement ? first : null;
  }

  showSvg(svg: SVGSVGElement): void {
    const current = this.svg;
    if (current) current.replaceWith(svg);
    else this.diagram.replaceChildren(svg);
    this.diagram.hidden = false;
    this.diagram.classList.remove('stale');
    this.hideNotice();
    this.hideError();
    this.setExportable(true);
  }

  /** Shows an error; the last good diagram, if any, stays visible but dimmed. */
  showError(message: string, line: number): void {
    this.errorLine = line;
    const location = `Line ${line + 1}:`;
    if (this.errorLocation.textContent !== location) this.errorLocation.textContent = location;
    if (this.errorText.textContent !== message) this.errorText.textContent = message;
    this.error.hidden = false;
    this.hideNotice();
    const hasSvg = this.svg !== null;
    this.diagram.hidden = !hasSvg;
    this.diagram.classList.toggle('stale', hasSvg);
    if (hasSvg) this.diagram.title = 'Last diagram that rendered (the source now has an error). Go to it in the editor';
    this.setExportable(false);
  }

  /** Shows a notice instead of a diagram and forgets the diagram. */
  showNotice(text: string): void {
    if (this.notice.textContent !== text) this.notice.textContent = text;
    this.notice.hidden = false;
    this.hideError();
    this.diagram.replaceChildren();
    this.diagram.hidden = true;
    this.setExportable(false);
    this.toolbar.hidden = true;
  }

  setStatus(text: string, isError = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('error', isError);
    clearTimeout(this.statusTimer);
    if (text) this.statusTimer = setTimeout(() => (this.status.textContent = ''), isError ? 10_000 : 3_000);
  }

  private hideNotice(): void {
    this.notice.hidden = true;
  }

  private hideError(): void {
    this.error.hidden = true;
    this.diagram.title = 'Go to this diagram in the editor';
  }

  private setExportable(enabled: boolean): void {
    this.toolbar.hidden = false;
    for (const button of this.buttons) button.disabled = !enabled;
  }
}

export class PreviewView {
  private readonly sections = new Map<number, DiagramSection>();
  private readonly heading: HTMLElement;
  private readonly summary: HTMLElement;
  private readonly empty: HTMLElement;

  constructor(private readonly header: HTMLElement, private readonly main: HTMLElement, private readonly actions: SectionActions) {
    this.heading = element('h1', 'doc-title');
    this.summary = element('span', 'doc-summary');
    this.header.replaceChildren(this.heading, this.summary);
    this.empty = element('p', 'doc-empty', 'This document has no ```mermaid blocks.');
    this.empty.hidden = true;
    this.main.before(this.empty);
  }

  setDocument(title: string, blockCount: number): void {
    if (this.heading.textContent !== title) this.heading.textContent = title;
    const summary = blockCount === 1 ? '1 diagram' : `${blockCount} diagrams`;
    if (this.summary.textContent !== summary) this.summary.textContent = summary;
    this.empty.hidden = blockCount !== 0;
  }

  /** Graph mode hides the diagrams and the "no diagrams" note; the next setDocument shows them again. */
  setGraphMode(on: boolean): void {
    this.main.hidden = on;
    if (on) this.empty.hidden = true;
  }

  /** The header in graph mode: the graph's title and what it shows. */
  setHeading(title: string, summary: string): void {
    if (this.heading.textContent !== title) this.heading.textContent = title;
    if (this.summary.textContent !== summary) this.summary.textContent = summary;
  }

  get(index: number): DiagramSection | undefined {
    return this.sections.get(index);
  }

  /** The section of block `index`, created (in index order) when missing. */
  ensure(index: number): DiagramSection {
    let section = this.sections.get(index);
    if (section) return section;
    section = new DiagramSection(index, this.actions);
    let next: DiagramSection | undefined;
    for (const [other, candidate] of this.sections) {
      if (other > index && (!next || other < next.index)) next = candidate;
    }
    this.main.insertBefore(section.root, next ? next.root : null);
    this.sections.set(index, section);
    return section;
  }

  /** Removes the sections of blocks not in `keep`; returns the removed indexes. */
  retain(keep: ReadonlySet<number>): number[] {
    const removed: number[] = [];
    for (const [index, section] of this.sections) {
      if (keep.has(index)) continue;
      section.root.remove();
      this.sections.delete(index);
      removed.push(index);
    }
    return removed;
  }
}
