// The server measured as an editor uses it: one pass with the server exactly as the client starts it
// (every latency figure and the peak memory), and one memory pass with --expose-gc for the heap
// after a full collection.
//
// Requests go back to back: the next is sent when the previous answer arrives, so a collection or a
// slow answer delays the next one as it would delay a user. Edits are typed a character at a time.

import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OpenDocument, scanEntry } from './entryText.mjs';
import { now, sleep, startServer } from './lspSession.mjs';
import { cycle, summarize } from './stats.mjs';

const INDEX_TIMEOUT_MS = 30 * 60_000;
const PUBLISH_TIMEOUT_MS = 60_000;
/** What VS Code asks for as soon as a Markdown entry is opened. */
const ON_OPEN = ['textDocument/documentSymbol', 'textDocument/codeLens', 'textDocument/documentLink'];
/** The server's completion trigger characters (server.ts): VS Code asks on each of them. */
const TRIGGERS = new Set(['-', ' ', '[', ',', '/']);

/**
 * Starts the server, opens the seed-like and the focus entry right after `initialized` (as VS Code
 * restores open editors), and measures. `ws`: the workspace (see run.mjs); `random`: seeded.
 */
export async function serverPass(ws, options, random) {
  const result = {};
  const session = startServer(ws.dir);
  const docs = [ws.seedDocument(), ws.focusDocument()];
  try {
    await session.initialize();
    // The peak (VmHWM) after each step, to tell which one reached it.
    const peakAfter = (step) => { result.peakAfterMB = { ...result.peakAfterMB, [step]: Math.round(session.memory().peakMB) }; };
    await measureIndexing(session, docs, result);
    peakAfter('indexing');
    // The figures below are taken with the Mermaid check loaded, as while a user reads the entry.
    result.mermaidWorkerLoaded = await mermaidLoaded(session);
    peakAfter('mermaid');
    const places = docs.map((doc) => ({ doc, scan: scanEntry(doc.text) }));
    await measureRequests(session, ws, places, options, random, result);
    peakAfter('requests');
    await measureRename(session, ws, places, options, result);
    peakAfter('rename');
    await measureTyping(session, ws, docs, options, random, result);
    peakAfter('typing');
    const memory = session.memory();
    result.peakMB = memory.peakMB;
    result.threads = memory.threads;
    result.mermaidLog = session.logs.filter((line) => /^Mermaid/.test(line)).slice(0, 5);
    await measureNewEntry(session, ws, docs[1], result);
    result.peakWithDependantsMB = session.memory().peakMB;
    result.unclaimedPublishes = Object.fromEntries(docs.map((d) => [d.path.split('/').pop(), session.unclaimed.get(d.uri) ?? 0]));
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
    result.serverLogTail = session.logs.slice(-15);
    result.serverStderrTail = session.stderr.split('\n').slice(-20);
  } finally {
    if (result.peakMB === undefined) result.peakMB = session.memory().peakMB;
    await session.stop();
    rmSync(join(ws.folder, `${ws.newSlug}.md`), { force: true });
  }
  return result;
}

// ---------------------------------------------------------------- indexing

async function measureIndexing(session, docs, result) {
  const ready = session.nextIndexStatus((s) => s.state === 'ready', INDEX_TIMEOUT_MS, 'the complete index');
  const firstDiagnostics = docs.map((doc) => session.nextPublish((p) => p.uri === doc.uri, INDEX_TIMEOUT_MS, `first diagnostics of ${doc.path}`));
  const started = now();
  session.notify('initialized', {});
  for (const doc of docs) session.open(doc);
  // A request the server refuses (it waited INDEX_WAIT_MS for the index) is counted, not fatal.
  const onOpen = docs.flatMap((doc) => ON_OPEN.map((method) => session.timed(method, { textDocument: { uri: doc.uri } }).catch((error) => ({ ms: undefined, refused: `${method}: ${error.message}` }))));
  // A hover every 20 ms while the index is built: how long a request waits behind indexing.
  const probe = scanEntry(docs[0].text).related[0];
  // Each wait with when it was asked (from `initialized`), to tell what the longest waited behind.
  const waits = [];
  const inflight = [];
  const timer = setInterval(() => {
    if (!probe || session.exited) return;
    const sent = now();
    const waited = () => waits.push({ sentMs: sent - started, waitMs: now() - sent });
    inflight.push(session.request('textDocument/hover', docs[0].at(probe.start + 2)).then(waited, waited));
  }, 20);
  // The first correct answer to a request that needs the whole glossary (a hover on a related
  // slug), asked the moment the entry opens, as an editor restoring its tabs asks: answers that
  // are refused (ContentModified) or empty are asked again.
  const firstAnswer = (async () => {
    if (!probe) return undefined;
    for (;;) {
      const answer = await session.request('textDocument/hover', docs[0].at(probe.start + 2)).catch(() => undefined);
      if (answer?.contents) return now() - started;
      if (session.exited) return undefined;
      await sleep(5);
    }
  })();
  let status;
  try {
    status = await ready;
  } finally {
    clearInterval(timer);
  }
  result.indexMs = now() - started;
  result.indexedEntries = status.entries;
  result.firstDiagnosticsMs = Math.max(...(await Promise.all(firstDiagnostics))) - started;
  result.firstAnswerMs = await firstAnswer;
  await Promise.all(inflight);
  const waited = summarize(waits.map((wait) => wait.waitMs));
  const slowest = [...waits].sort((a, b) => b.waitMs - a.waitMs).slice(0, 5).map(({ sentMs, waitMs }) => ({ sentMs: Math.round(sentMs), waitMs: Math.round(waitMs) }));
  result.indexingWait = { ...waited, max: waited?.max ?? 0, slowest };
  const onOpenAnswers = await Promise.all(onOpen);
  result.onOpenRequests = summarize(onOpenAnswers.filter((r) => r.ms !== undefined).map((r) => r.ms));
  result.onOpenRefused = onOpenAnswers.filter((r) => r.refused).map((r) => r.refused);
  result.serverIndexLog = session.logs.find((line) => /^Indexed \d+ of \d+/.test(line));
}

/** Waits until the server reports its Mermaid worker ready (or Mermaid checks disabled); true when ready. */
async function mermaidLoaded(session, timeoutMs = 60_000) {
  const deadline = now() + timeoutMs;
  while (!session.hasLogged(/^Mermaid (worker ready|checks are disabled)/) && now() < deadline) await sleep(50);
  return session.hasLogged(/^Mermaid worker ready/);
}

// ---------------------------------------------------------------- requests

/** Sends each params in turn, the next when the previous answer is in; returns the times and how many answers were useful. */
async function series(session, method, paramsList, useful = (answer) => answer != null) {
  const samples = [];
  let answered = 0;
  for (const params of paramsList) {
    const { ms, answer } = await session.timed(method, params);
    samples.push(ms);
    if (useful(answer)) answered++;
  }
  // Every sample with what was asked, in order, for reading a tail: BENCH_SAMPLES=file.jsonl.
  if (process.env.BENCH_SAMPLES) appendFileSync(process.env.BENCH_SAMPLES, `${JSON.stringify({ method, samples: samples.map((ms) => +ms.toFixed(2)), params: paramsList })}\n`);
  return { ...summarize(samples), answered };
}

const middle = (span) => span.start + Math.floor((span.end - span.start) / 2);
const hasItems = (answer) => (Array.isArray(answer) ? answer.length : answer?.items?.length) > 0;
/** Definition answers one Location (or, from other servers, a list). */
const located = (answer) => (Array.isArray(answer) ? answer.length > 0 : !!answer?.uri);

async function measureRequests(session, ws, places, options, random, result) {
  const n = options.requests;
  const relatedPositions = places.flatMap(({ doc, scan }) => scan.related.flatMap((item) => Array.from({ length: item.end - item.start + 1 }, (_, k) => doc.at(item.start + k))));
  const linkPositions = places.flatMap(({ doc, scan }) => scan.links.flatMap((link) => Array.from({ length: link.end - link.start + 1 }, (_, k) => doc.at(link.start + k))));
  const slugSpots = places.flatMap(({ doc, scan }) => [...scan.related, ...scan.links].map((span) => doc.at(middle(span))));
  const hoverSpots = [
    ...slugSpots,
    ...places.flatMap(({ doc, scan }) => [...scan.keys.map((k) => doc.at(k.start + 1)), ...(scan.logoIcon ? [doc.at(scan.logoIcon.start + 3)] : [])]),
  ];
  const invoked = { context: { triggerKind: 1 } };
  result.completionRelated = await series(session, 'textDocument/completion', cycle(random, relatedPositions, n).map((p) => ({ ...p, ...invoked })), hasItems);
  if (linkPositions.length) result.completionLink = await series(session, 'textDocument/completion', cycle(random, linkPositions, n).map((p) => ({ ...p, ...invoked })), hasItems);
  result.hover = await series(session, 'textDocument/hover', cycle(random, hoverSpots, n), (a) => !!a?.contents);
  result.definition = await series(session, 'textDocument/definition', cycle(random, slugSpots, n), located);
  result.references = await series(session, 'textDocument/references', cycle(random, slugSpots, n).map((p) => ({ ...p, context: { includeDeclaration: true } })), hasItems);
  // Queries as typed into the symbol picker: growing prefixes of entry titles.
  const queries = [];
  while (queries.length < n) {
    const title = titleOfSlug(random.pick(ws.slugs));
    for (let k = 1; k <= Math.min(title.length, 12) && queries.length < n; k++) queries.push({ query: title.slice(0, k) });
  }
  result.workspaceSymbols = await series(session, 'workspace/symbol', queries, hasItems);
}

const titleOfSlug = (slug) => slug.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');

/** prepareRename then rename of the hub (named by many entries), from the focus entry, as F2 does. */
async function measureRename(session, ws, places, options, result) {
  const { doc, scan } = places[1];
  const spots = [...scan.related, ...scan.links].filter((s) => s.slug === ws.hub).map((s) => doc.at(middle(s)));
  if (!spots.length) throw new Error(`the focus entry does not name the hub ${ws.hub}`);
  const samples = [];
  const edits = [];
  for (let i = 0; i < options.renames; i++) {
    const at = spots[i % spots.length];
    const sent = now();
    const prepared = await session.request('textDocument/prepareRename', at);
    if (!prepared) throw new Error('prepareRename refused the hub');
    const edit = await session.request('textDocument/rename', { ...at, newName: `${ws.hub}-renamed-${i}` });
    samples.push(now() - sent);
    edits.push(countEdits(edit));
  }
  result.rename = { ...summarize(samples), referrers: ws.referrers, files: Math.max(...edits.map((e) => e.files)), edits: Math.max(...edits.map((e) => e.edits)) };
}

function countEdits(edit) {
  let files = 0;
  let edits = 0;
  for (const change of edit?.documentChanges ?? []) {
    files++;
    edits += change.edits?.length ?? 1;
  }
  for (const list of Object.values(edit?.changes ?? {})) {
    files++;
    edits += list.length;
  }
  return { files, edits };
}

// ---------------------------------------------------------------- typing

/**
 * Typing places in one document, read from its current text: a new `related` item, a body link
 * retargeted (or written, where there is none), a phrase in prose, the description, a line in a
 * diagram. Each says what the diagnostics of a version must show, where that can be known from the
 * text: then a publish of an older version cannot be mistaken for the fresh one.
 */
const SITE_KINDS = ['related', 'link', 'prose', 'description', 'diagram'];

function typingSites(doc, ws, random) {
  const scan = scanEntry(doc.text);
  const sites = [];
  const listed = new Set(scan.related.map((r) => r.slug));
  const ownSlug = doc.path.split('/').pop().replace(/\.md$/, '');
  const unknown = (slug) => slug && !ws.known.has(slug) && !listed.has(slug) && slug !== ownSlug;
  const naming = (code, slug) => (diagnostics) => diagnostics.some((d) => d.code === code && d.message.includes(`'${slug}'`));
  const newSlug = () => { for (;;) { const slug = random.pick(ws.slugs); if (!listed.has(slug) && slug !== ownSlug) return slug; } };

  if (scan.relatedInsert) {
    const { offset, separator } = scan.relatedInsert;
    const slug = newSlug();
    sites.push({ kind: 'related', offset, text: separator + slug, expect: (typed) => {
      const item = typed.slice(separator.length);
      return typed.length > separator.length && unknown(item) ? naming('unknown-slug', item) : undefined;
    } });
  }
  if (scan.links.length) {
    const link = scan.links[Math.floor(scan.links.length / 2)];
    const slug = newSlug();
    sites.push({ kind: 'link', offset: link.start, remove: link.end - link.start, text: slug, expect: (typed) => (unknown(typed) ? naming('unknown-link', typed) : undefined) });
  } else if (scan.prose.length) {
    const line = scan.prose[0];
    const slug = newSlug();
    sites.push({ kind: 'link', offset: line.end, text: ` See [${titleOfSlug(slug)}](/glossary/${slug}).` });
  }
  if (scan.prose.length) {
    // Where a line holds an unknown link, the caret goes before it: the link's diagnostic then moves
    // one character per keystroke, which marks each version.
    const anchor = scan.links.find((l) => !ws.known.has(l.slug) && scan.prose.some((line) => line.start === l.line.start));
    const line = anchor ? anchor.line : scan.prose[Math.floor(scan.prose.length / 2)];
    const before = anchor ? line.text.lastIndexOf('[', anchor.start - line.start) : Math.floor(line.text.length / 2);
    const caret = anchor ? Math.max(line.text.lastIndexOf(' ', before - 1), 0) : line.text.indexOf(' ', before);
    const offset = line.start + (caret === -1 ? line.text.length : caret);
    const anchorAt = anchor && doc.positionAt(anchor.start);
    sites.push({ kind: 'prose', offset, text: ' which is why it matters in practice', expect: anchorAt && ((typed) => (diagnostics) => diagnostics.some((d) => d.code === 'unknown-link' && d.range.start.line === anchorAt.line && d.range.start.character === anchorAt.character + typed.length)) });
  }
  if (scan.descriptionEnd !== undefined) sites.push({ kind: 'description', offset: scan.descriptionEnd, text: ' in most settings' });
  const diagrams = scan.diagrams.filter((d) => d.lines.length > 2);
  if (diagrams.length) {
    const diagram = diagrams[Math.floor(diagrams.length / 2)];
    const node = /^\s*(\w+)\b/.exec(diagram.lines[1].text)?.[1];
    const flowchart = /^(graph|flowchart)\b/.test(diagram.lines[0].text.trim());
    sites.push({ kind: 'diagram', offset: diagram.lines[1].end, text: flowchart && node ? `\n${node} --> Z${random.int(1, 99)}[Typed Step]` : '\n    %% a note typed in the diagram' });
  }
  return sites;
}

/** VS Code's completion while typing: on a trigger character, then on each keystroke while the last list was incomplete. */
function completionWanted(char, state) {
  if (TRIGGERS.has(char)) return { triggerKind: 2, triggerCharacter: char };
  if (/\s/.test(char)) state.incomplete = false;
  return state.incomplete ? { triggerKind: 3 } : undefined;
}

async function typeSite(session, doc, site, samples, completions, counts) {
  const waitFor = (expect) => session.nextPublish((p) => p.uri === doc.uri && (!expect || expect(p.diagnostics)), PUBLISH_TIMEOUT_MS, `diagnostics of ${doc.path} v${doc.version}`);
  if (site.remove) {
    // Selecting the old target and deleting it: one change.
    const published = waitFor(undefined);
    const sent = now();
    session.notify('textDocument/didChange', doc.edit(site.offset, site.offset + site.remove, ''));
    samples.push((await published) - sent);
    counts.fallback++;
  }
  const state = { incomplete: false };
  let offset = site.offset;
  for (let k = 0; k < site.text.length; k++) {
    const char = site.text[k];
    const change = doc.edit(offset, offset, char);
    offset++;
    const expect = site.expect?.(site.text.slice(0, k + 1));
    if (expect) counts.checked++;
    else counts.fallback++;
    const published = waitFor(expect);
    const sent = now();
    session.notify('textDocument/didChange', change);
    const context = completionWanted(char, state);
    const completion = context && session.timed('textDocument/completion', { ...doc.at(offset), context });
    try {
      samples.push((await published) - sent);
      if (process.env.BENCH_SAMPLES) appendFileSync(process.env.BENCH_SAMPLES, `${JSON.stringify({ method: 'edit → diagnostics', samples: [+samples.at(-1).toFixed(2)], sentAt: +(performance.timeOrigin + sent).toFixed(2), params: [{ site: site.kind, typed: site.text.slice(0, k + 1), document: doc.path.split('/').pop() }] })}\n`);
    } catch (error) {
      const last = (session.lastPublish.get(doc.uri) ?? []).map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character} ${d.message.slice(0, 80)}`);
      throw new Error(`${error.message} (typing ${site.kind}: '${site.text.slice(0, k + 1)}'; last published: ${last.join(' | ')})`, { cause: error });
    }
    if (completion) {
      const { ms, answer } = await completion;
      completions.push(ms);
      if (process.env.BENCH_SAMPLES) appendFileSync(process.env.BENCH_SAMPLES, `${JSON.stringify({ method: 'completion while typing', samples: [+ms.toFixed(2)], sentAt: +(performance.timeOrigin + sent).toFixed(2), params: [{ site: site.kind, typed: site.text.slice(0, k + 1), document: doc.path.split('/').pop(), context }] })}\n`);
      state.incomplete = hasItems(answer) && answer.isIncomplete === true;
    }
  }
}

async function measureTyping(session, ws, docs, options, random, result) {
  const bySite = {};
  const all = [];
  const completions = [];
  const counts = { checked: 0, fallback: 0 };
  // Rounds over every site of both documents until enough keystrokes are in.
  while (all.length < options.edits) {
    for (const doc of docs) {
      for (const kind of SITE_KINDS) {
        // Read from the text as it is now: the sites typed before moved everything below them.
        const site = typingSites(doc, ws, random).find((s) => s.kind === kind);
        if (!site) continue;
        const samples = [];
        await typeSite(session, doc, site, samples, completions, counts);
        (bySite[site.kind] ??= []).push(...samples);
        all.push(...samples);
      }
    }
  }
  result.editToDiagnostics = { ...summarize(all), ...counts };
  result.editToDiagnosticsBySite = Object.fromEntries(Object.entries(bySite).map(([kind, samples]) => [kind, summarize(samples)]));
  result.completionWhileTyping = summarize(completions);
}

// ---------------------------------------------------------------- a new entry

/** The 100 dependants are open; the entry they name is created on disk: until each has been re-checked. */
async function measureNewEntry(session, ws, focus, result) {
  const namesNew = (diagnostics) => diagnostics.some((d) => d.code === 'unknown-slug' && d.message.includes(`'${ws.newSlug}'`));
  const dependants = ws.dependantDocuments();
  const uris = new Set(dependants.map((d) => d.uri));
  const untilAll = (flagged, what) => {
    const pending = new Set(uris);
    return session.nextPublish((p) => {
      if (pending.has(p.uri) && namesNew(p.diagnostics) === flagged) pending.delete(p.uri);
      return pending.size === 0;
    }, PUBLISH_TIMEOUT_MS * 2, what);
  };
  const flagged = untilAll(true, 'the dependants flag the missing entry');
  for (const doc of dependants) session.open(doc);
  await flagged;
  const rechecked = untilAll(false, 'the dependants re-checked');
  const path = join(ws.folder, `${ws.newSlug}.md`);
  writeFileSync(path, focus.text.replace(/^title: .*$/m, "title: 'Bench New Term'"));
  const sent = now();
  session.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path).href, type: 1 }] });
  result.newEntryToDependantsMs = (await rechecked) - sent;
  result.dependants = dependants.length;
}

// ---------------------------------------------------------------- memory pass

/**
 * The server with --expose-gc (and bench/gcPreload.cjs): the same two entries open, the Mermaid
 * worker loaded, then a full collection. The heap is the main thread's; RSS counts the workers.
 */
export async function memoryPass(ws) {
  const result = await heapWithOpenEntries(ws.dir, [ws.seedDocument(), ws.focusDocument()]);
  if (result.error) return result;
  // The same server, the same two entries open, in a folder that holds only them: what the heap
  // holds beyond that is what the glossary's other entries cost (the index, its search
  // preparations and caches), apart from the code, the icon sets and the open entries.
  const alone = mkdtempSync(join(tmpdir(), 'glossary-bench-open-only-'));
  try {
    const docs = [ws.seedDocument(), ws.focusDocument()].map((doc) => {
      const path = join(alone, relative(ws.dir, doc.path));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, doc.text);
      return new OpenDocument(path, doc.text);
    });
    const openOnly = await heapWithOpenEntries(alone, docs);
    if (openOnly.error) result.openOnlyError = openOnly.error;
    else result.openOnlyHeapMB = openOnly.heapAfterGcMB;
  } finally {
    rmSync(alone, { recursive: true, force: true });
  }
  return result;
}

/** A server on `dir` with `docs` open, once indexed and checked: its heap after a full GC, RSS and peak. */
async function heapWithOpenEntries(dir, docs) {
  const session = startServer(dir, { withGc: true });
  const result = {};
  try {
    await session.initialize();
    const ready = session.nextIndexStatus((s) => s.state === 'ready', INDEX_TIMEOUT_MS, 'the complete index');
    const diagnosed = docs.map((doc) => session.nextPublish((p) => p.uri === doc.uri, INDEX_TIMEOUT_MS, 'first diagnostics'));
    session.notify('initialized', {});
    for (const doc of docs) session.open(doc);
    await ready;
    await Promise.all(diagnosed);
    result.mermaidWorkerLoaded = await mermaidLoaded(session);
    await sleep(1_000);
    const usage = await session.collectGarbage();
    await sleep(200);
    const memory = session.memory();
    result.heapAfterGcMB = usage.heapUsed / 2 ** 20;
    result.externalMB = usage.external / 2 ** 20;
    result.rssAfterGcMB = memory.rssMB;
    result.peakMB = memory.peakMB;
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  } finally {
    await session.stop();
  }
  return result;
}
