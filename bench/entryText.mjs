// The benchmark's own view of an open entry: its text as the editor holds it (edits applied here
// first, then sent as didChange), and where its related items, body links, diagrams and prose are.
// Read from the text with simple rules, independently of the server's parser.

import { pathToFileURL } from 'node:url';

export class OpenDocument {
  constructor(path, text) {
    this.path = path;
    this.uri = pathToFileURL(path).href;
    this.text = text;
    this.version = 1;
    this.lineStarts = undefined;
  }

  positionAt(offset) {
    this.lineStarts ??= lineStartsOf(this.text);
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.lineStarts[lo] };
  }

  /** Replaces [start, end) with `insert`; returns the didChange params of the new version. */
  edit(start, end, insert) {
    const range = { start: this.positionAt(start), end: this.positionAt(end) };
    this.text = this.text.slice(0, start) + insert + this.text.slice(end);
    this.lineStarts = undefined;
    this.version++;
    return { textDocument: { uri: this.uri, version: this.version }, contentChanges: [{ range, text: insert }] };
  }

  at(offset) {
    return { textDocument: { uri: this.uri }, position: this.positionAt(offset) };
  }
}

function lineStartsOf(text) {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function linesOf(text) {
  const lines = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lines.push({ start, end, text: text.slice(start, end) });
    if (end === text.length) break;
    start = end + 1;
  }
  return lines;
}

const unquote = (raw, start) => {
  const text = raw.trim();
  const lead = raw.length - raw.trimStart().length;
  const quoted = text.length >= 2 && (text[0] === '"' || text[0] === "'") && text[text.length - 1] === text[0];
  return quoted ? { text: text.slice(1, -1), start: start + lead + 1 } : { text, start: start + lead };
};

/**
 * Where things are: the frontmatter (the first `---` … `---` block, wherever it starts, as in the
 * seed), its keys, `related` items and where a new item goes, the end of the description, body
 * links (`](/glossary/slug)`), fenced diagrams, and long prose lines.
 */
export function scanEntry(text) {
  const lines = linesOf(text);
  const result = { keys: [], related: [], relatedInsert: undefined, descriptionEnd: undefined, logoIcon: undefined, links: [], diagrams: [], prose: [], bodyStart: 0 };
  const open = lines.findIndex((l) => l.text.trimEnd() === '---');
  const close = open === -1 ? -1 : lines.findIndex((l, i) => i > open && l.text.trimEnd() === '---');
  if (close !== -1) {
    result.bodyStart = lines[close].end + 1;
    for (let i = open + 1; i < close; i++) {
      const key = /^([A-Za-z_][\w-]*):(.*)$/.exec(lines[i].text);
      if (!key) continue;
      const line = lines[i];
      result.keys.push({ key: key[1], start: line.start });
      const valueStart = line.start + key[1].length + 1;
      const value = key[2].replace(/\s+#.*$/, '');
      if (key[1] === 'related') i = scanRelated(text, lines, i, close, valueStart, value, result) - 1;
      else if (key[1] === 'description') result.descriptionEnd = descriptionEnd(lines, i, close, valueStart, value);
      else if (key[1] === 'logoIcon') result.logoIcon = unquote(value, valueStart);
    }
  }
  let fence;
  for (const line of lines) {
    if (line.start < result.bodyStart) continue;
    const marker = /^(```+|~~~+)\s*(\w*)/.exec(line.text);
    if (marker && !fence) { fence = { marker: marker[1], language: marker[2], start: line.end + 1, lines: [] }; continue; }
    if (fence && marker && !marker[2] && marker[1][0] === fence.marker[0] && marker[1].length >= fence.marker.length) {
      if (fence.language === 'mermaid') result.diagrams.push({ ...fence, end: line.start, closed: true });
      fence = undefined;
      continue;
    }
    if (fence) { fence.lines.push(line); continue; }
    for (const match of line.text.matchAll(/\]\(\/glossary\/([^)\s#?]*)\)/g)) {
      const start = line.start + match.index + '](/glossary/'.length;
      result.links.push({ slug: match[1], start, end: start + match[1].length, line });
    }
    if (line.text.length > 120 && !/^[#\-|<*>]/.test(line.text)) result.prose.push(line);
  }
  if (fence?.language === 'mermaid') result.diagrams.push({ ...fence, end: text.length, closed: false });
  return result;
}

/** Items of a flow (`[a, b]`, over several lines) or block (`- a`) list; returns the line after it. */
function scanRelated(text, lines, keyLine, close, valueStart, value, result) {
  if (value.trim().startsWith('[')) {
    const open = text.indexOf('[', valueStart);
    const end = text.indexOf(']', open);
    if (end === -1 || end > lines[close].start) return keyLine + 1;
    let itemStart = open + 1;
    for (let i = open + 1; i <= end; i++) {
      if (text[i] !== ',' && i !== end) continue;
      const raw = text.slice(itemStart, i);
      const item = unquote(raw.replace(/\s+$/, ''), itemStart);
      if (item.text) result.related.push({ slug: item.text, start: item.start, end: item.start + item.text.length });
      itemStart = i + 1;
    }
    result.relatedInsert = { offset: end, separator: ', ' };
    let line = keyLine;
    while (lines[line].end < end) line++;
    return line + 1;
  }
  let i = keyLine + 1;
  let lastItemEnd = lines[keyLine].end;
  for (; i < close; i++) {
    const line = lines[i];
    if (/^\s*(#.*)?$/.test(line.text)) continue;
    const item = /^(\s*-\s+)(.*?)(\s+#.*)?$/.exec(line.text);
    if (!item) break;
    const parsed = unquote(item[2], line.start + item[1].length);
    result.related.push({ slug: parsed.text, start: parsed.start, end: parsed.start + parsed.text.length });
    lastItemEnd = line.end;
    result.relatedIndent = /^\s*/.exec(line.text)[0];
  }
  result.relatedInsert = { offset: lastItemEnd, separator: `\n${result.relatedIndent ?? ''}- ` };
  return i;
}

/** Where typing at the end of the description lands: before its closing quote, or after its last folded line. */
function descriptionEnd(lines, keyLine, close, valueStart, value) {
  const trimmed = value.trim();
  if (/^[>|]/.test(trimmed)) {
    let last = keyLine;
    for (let i = keyLine + 1; i < close && /^\s+\S/.test(lines[i].text); i++) last = i;
    return last === keyLine ? undefined : lines[last].end;
  }
  if (!trimmed) return undefined;
  const end = valueStart + value.replace(/\s+$/, '').length;
  return /^['"]/.test(trimmed) ? end - 1 : end;
}
