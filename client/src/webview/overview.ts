/**
 * The glossary overview webview: the figures of `glossary/stats` as counts, bars and lists, each
 * listed entry or reference a button that asks the host to open it. The page is built with DOM
 * calls only (no markup strings), so titles and slugs are text, never HTML.
 */
import type { GlossaryStats, StatsEntry, StatsReference } from '../../../server/src/core/features/stats';
import { isOverviewHostMessage, type OverviewWebviewMessage } from '../overview/overviewProtocol';

declare function acquireVsCodeApi(): { postMessage(message: OverviewWebviewMessage): void };

const vscode = acquireVsCodeApi();

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const number = (count: number) => count.toLocaleString('en-US');

function openButton(label: string, uri: string, line = 0, character = 0): HTMLButtonElement {
  const button = element('button', 'open', label);
  button.type = 'button';
  button.title = 'Open in the editor';
  button.addEventListener('click', () => vscode.postMessage({ type: 'open', uri, line, character }));
  return button;
}

function section(title: string, count?: number): HTMLElement {
  const node = element('section');
  const heading = element('h2', undefined, title);
  if (count !== undefined) heading.append(element('span', 'count', ` ${number(count)}`));
  node.append(heading);
  return node;
}

/** Horizontal bars, scaled to the largest value; widths set through the CSSOM (allowed by the CSP). */
function bars(rows: { label: string; value: number }[]): HTMLElement {
  const table = element('div', 'bars');
  const largest = Math.max(1, ...rows.map((row) => row.value));
  for (const row of rows) {
    const line = element('div', 'bar-row');
    const fill = element('span', 'bar-fill');
    fill.style.width = `${(100 * row.value) / largest}%`;
    const track = element('span', 'bar-track');
    track.append(fill);
    line.append(element('span', 'bar-label', row.label), track, element('span', 'bar-value', number(row.value)));
    table.append(line);
  }
  return table;
}

/** `items` are the head of a list of `total` (the host asks for a few hundred per list). */
function list<T>(items: readonly T[], total: number, render: (item: T) => Node): HTMLElement {
  const node = element('ul', 'items');
  for (const item of items) {
    const row = element('li');
    row.append(render(item));
    node.append(row);
  }
  if (total > items.length) node.append(element('li', 'more', `… and ${number(total - items.length)} more`));
  return node;
}

const entryButton = (entry: StatsEntry) => openButton(entry.title === entry.slug ? entry.slug : `${entry.title} (${entry.slug})`, entry.uri);

function referenceRow(reference: StatsReference): Node {
  const row = document.createDocumentFragment();
  row.append(openButton(`${reference.entry.slug}:${reference.range.start.line + 1}`, reference.entry.uri, reference.range.start.line, reference.range.start.character));
  row.append(element('span', 'target', ` → ${reference.target}`));
  return row;
}

function render(stats: GlossaryStats): void {
  const root = document.getElementById('overview')!;
  const { totals } = stats;
  const brokenTotal = stats.broken.reduce((sum, kind) => sum + totals.broken[kind.kind], 0);
  const summary = element('p', 'summary');
  summary.append(
    element('span', 'overview-entries', `${number(stats.entries)} entries`),
    ` · ${number(stats.categories.filter((c) => c.name !== null).length)} categories · ${number(totals.orphans)} orphans · ${number(totals.oneWayRelations)} one-way relations · ${number(brokenTotal)} broken references`,
  );
  const refresh = element('button', 'refresh', 'Refresh');
  refresh.type = 'button';
  refresh.addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
  summary.append(' ', refresh);

  const categories = section('Entries per category', stats.categories.length);
  categories.append(bars(stats.categories.map((c) => ({ label: c.name ?? '(no category)', value: c.count }))));
  if (stats.thinCategories.length) categories.append(element('p', 'note', `Thin (fewer than 3 entries): ${stats.thinCategories.join(', ')}`));

  const inbound = section('Entries by how many others point at them');
  inbound.append(bars(stats.inbound.map((bucket) => ({ label: bucket.label, value: bucket.entries }))));

  const orphans = section('Orphans: no entry points at them', totals.orphans);
  orphans.append(list(stats.orphans, totals.orphans, entryButton));

  const oneWay = section('One-way relations: the target does not list the entry back', totals.oneWayRelations);
  oneWay.append(list(stats.oneWayRelations, totals.oneWayRelations, referenceRow));

  const broken = section('Broken references', brokenTotal);
  broken.append(bars(stats.broken.map((kind) => ({ label: kind.kind, value: totals.broken[kind.kind] }))));
  for (const kind of stats.broken) {
    if (totals.broken[kind.kind] === 0) continue;
    broken.append(element('h3', undefined, `${kind.kind} (${number(totals.broken[kind.kind])})`), list(kind.references, totals.broken[kind.kind], referenceRow));
  }
  if (stats.brokenClusters.length) {
    broken.append(element('h3', undefined, 'Where they cluster'), list(stats.brokenClusters, stats.brokenClusters.length, (cluster) => {
      const row = document.createDocumentFragment();
      row.append(entryButton(cluster.entry), element('span', 'target', ` ${number(cluster.count)}`));
      return row;
    }));
  }
  root.replaceChildren(summary, categories, inbound, orphans, oneWay, broken);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isOverviewHostMessage(message)) return;
  if (message.type === 'stats') render(message.stats);
  else document.getElementById('overview')!.replaceChildren(element('p', 'unavailable', message.message));
});
vscode.postMessage({ type: 'ready' });
