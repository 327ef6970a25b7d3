import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionItemKind, DiagnosticSeverity, type CompletionList, type Diagnostic, type Hover, type TextEdit } from 'vscode-languageserver-types';
import { GlossaryService } from '../../server/src/core/glossaryService';
import { loadBundledIconSet } from '../../server/src/bundledIconSets';
import {
  iconImageMarkdown, iconSetNameOf, IconifyCatalog, LOADING, LoadedIconSets, splitIconValue, staticIconSets, type IconifyJson, type IconSets,
} from '../../server/src/core/icons';
import { DEFAULT_SETTINGS, type GlossarySettings } from '../../server/src/core/settings';
import { silentLogger } from '../../server/src/core/workspace';
import { InMemoryWorkspace } from '../helpers/inMemoryWorkspace';
import { cursor, entryText, Fixture, GOOD_DESCRIPTION, range, readExampleGlossary, settingsWith } from './support';
import { codeDescription } from '../../server/src/core/diagnosticCodes';

const stroke = (d: string) => `<path fill="none" stroke="currentColor" stroke-width="2" d="${d}"/>`;

/** A few icons in the shape of @iconify-json/lucide's icons.json. */
const TINY: IconifyJson = {
  prefix: 'lucide',
  width: 24,
  height: 24,
  icons: {
    layers: { body: stroke('M2 12l10 5 10-5') },
    'layers-2': { body: stroke('M2 13l10 5 10-5') },
    'layer-arrow-up': { body: stroke('M2 14l10 5') },
    'arrow-right': { body: stroke('M5 12h14') },
    'arrow-left': { body: stroke('M19 12H5') },
    'triangle-alert': { body: stroke('M12 2L2 22h20z') },
    play: { body: stroke('M6 4l14 8-14 8z') },
    wide: { body: stroke('M0 0h48'), width: 48 },
    old: { body: stroke('M1 1'), hidden: true },
  },
  aliases: {
    'alert-triangle': { parent: 'triangle-alert' },
    'arrow-back': { parent: 'arrow-right', hFlip: true },
    'play-down': { parent: 'play', rotate: 1 },
  },
};

const tinyCatalog = () => new IconifyCatalog(TINY, 'Lucide');

function decodeImage(markdown: string): { alt: string; svg: string } {
  const match = /^!\[([^\]]*)\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)$/.exec(markdown);
  assert.ok(match, `not a data: image: ${markdown.slice(0, 80)}`);
  return { alt: match[1], svg: Buffer.from(match[2], 'base64').toString('utf8') };
}

/** A service whose icon sets are `icons` (the tiny set for i-lucide- by default). */
class IconFixture {
  readonly workspace = new InMemoryWorkspace('file:///ws');
  readonly service: GlossaryService;
  private version = 1;

  constructor(settings: GlossarySettings = DEFAULT_SETTINGS, icons: IconSets = staticIconSets({ 'i-lucide-': tinyCatalog() })) {
    this.service = new GlossaryService(this.workspace, settings, silentLogger, icons);
  }

  readonly uri = this.workspace.uri('content/glossary/subject.md');

  open(text: string): TextDocument {
    const document = TextDocument.create(this.uri, 'markdown', this.version++, text);
    this.service.setOpenDocument(document);
    return document;
  }

  complete(textWithCursor: string): CompletionList | null {
    const { text, position } = cursor(textWithCursor);
    this.open(text);
    return this.service.completion(this.uri, position);
  }

  hover(textWithCursor: string): Promise<Hover | null> {
    const { text, position } = cursor(textWithCursor);
    this.open(text);
    return this.service.hover(this.uri, position);
  }

  diagnostics(text: string): Diagnostic[] {
    this.open(text);
    return this.service.diagnostics(this.uri);
  }
}

/** An entry with `logoIcon` as its third line (line 2), written exactly as given. */
const withIcon = (logoIconLine: string) => `---\ntitle: Subject\n${logoIconLine}\ndescription: '${GOOD_DESCRIPTION}'\ncategory: C\n---\nBody.\n`;

const labels = (list: CompletionList | null) => {
  assert.ok(list, 'expected a completion list');
  return list.items.map((item) => item.label);
};

function hoverText(hover: Hover | null): string {
  assert.ok(hover, 'expected a hover');
  assert.ok(typeof hover.contents === 'object' && 'kind' in hover.contents && hover.contents.kind === 'markdown');
  return hover.contents.value;
}

function applyEdits(document: TextDocument, edits: TextEdit[]): string {
  return TextDocument.applyEdits(document, edits);
}

describe('icons: the catalog of a set', () => {
  test('icons and aliases are known; hidden icons are valid but not listed; names are sorted and filtered by prefix', () => {
    const catalog = tinyCatalog();
    assert.equal(catalog.title, 'Lucide');
    for (const name of ['layers', 'alert-triangle', 'arrow-back', 'old']) assert.equal(catalog.has(name), true, name);
    for (const name of ['layer', '', 'constructor', '__proto__', 'toString', 'hasOwnProperty']) assert.equal(catalog.has(name), false, name);
    assert.equal(catalog.resolve('alert-triangle'), 'triangle-alert');
    assert.equal(catalog.resolve('layers'), 'layers');
    assert.equal(catalog.resolve('nope'), undefined);
    assert.deepEqual(catalog.names(), ['arrow-left', 'arrow-right', 'layer-arrow-up', 'layers', 'layers-2', 'play', 'triangle-alert', 'wide']);
    assert.deepEqual(catalog.names('lay'), ['layer-arrow-up', 'layers', 'layers-2']);
  });

  test('an alias loop or a dangling alias names nothing', () => {
    const catalog = new IconifyCatalog({ prefix: 'x', icons: {}, aliases: { a: { parent: 'b' }, b: { parent: 'a' }, c: { parent: 'gone' } } });
    assert.equal(catalog.has('a'), false);
    assert.equal(catalog.has('c'), false);
    assert.equal(catalog.title, 'X');
  });

  test('nearest: one edit first (a swap counts as one), aliases lead to their icon, never the name itself', () => {
    const catalog = tinyCatalog();
    assert.deepEqual(catalog.nearest('layer', 3), ['layers', 'layers-2', 'layer-arrow-up']);
    assert.deepEqual(catalog.nearest('lyaers', 1), ['layers']);
    assert.deepEqual(catalog.nearest('alert-triangel', 2), ['triangle-alert']);
    assert.deepEqual(catalog.nearest('arrow', 2), ['arrow-left', 'arrow-right']);
    assert.deepEqual(catalog.nearest('zzzzzzzz', 3), []);
    assert.deepEqual(catalog.nearest('layers', 1), ['layers-2']);
  });

  test('svg: 48 pixels, the set\'s view box, currentColor made a visible grey; size, colour, width and transforms respected', () => {
    const catalog = tinyCatalog();
    assert.equal(
      catalog.svg('layers'),
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="48" height="48" color="#888">${stroke('M2 12l10 5 10-5').replace('currentColor', '#888')}</svg>`,
    );
    assert.match(catalog.svg('layers', { size: 16, color: '#123456' })!, /width="16" height="16" color="#123456">.*stroke="#123456"/);
    assert.match(catalog.svg('wide')!, /viewBox="0 0 48 24" width="48" height="24"/);
    assert.match(catalog.svg('arrow-back')!, /<g transform="translate\(24 0\) scale\(-1 1\)"><path/);
    assert.match(catalog.svg('play-down')!, /<g transform="rotate\(90 12 12\)"><path/);
    assert.equal(catalog.svg('nope'), undefined);
    const image = decodeImage(iconImageMarkdown(catalog, 'alert-triangle')!);
    assert.equal(image.alt, 'alert-triangle');
    assert.ok(image.svg.includes('M12 2L2 22h20z'));
  });

  test('prefixes: the set a prefix names, and the longest configured prefix a value starts with', () => {
    assert.equal(iconSetNameOf('i-lucide-'), 'lucide');
    assert.equal(iconSetNameOf('i-simple-icons-'), 'simple-icons');
    assert.equal(iconSetNameOf('i-mdi:'), 'mdi');
    for (const bad of ['lucide-', 'i-lucide', 'i-../x-', 'i--', '']) assert.equal(iconSetNameOf(bad), undefined, bad);
    assert.deepEqual(splitIconValue('i-lucide-layers', ['i-', 'i-lucide-']), { prefix: 'i-lucide-', name: 'layers' });
    assert.deepEqual(splitIconValue('i-lucide-', ['i-lucide-']), { prefix: 'i-lucide-', name: '' });
    assert.equal(splitIconValue('mdi-home', ['i-lucide-', '']), undefined);
  });
});

describe('icons: sets from a loader', () => {
  const lucide = async () => {
    const sets = new LoadedIconSets(loadBundledIconSet);
    await sets.ready(['i-lucide-']);
    const catalog = sets.catalogFor('i-lucide-');
    assert.ok(catalog && catalog !== LOADING, 'the server carries Lucide');
    return catalog;
  };

  test('the real Lucide set, as the server bundles it: layers, the alias alert-triangle → triangle-alert, nearest(layer) has layers', async () => {
    const catalog = await lucide();
    assert.equal(catalog.title, 'Lucide');
    assert.equal(catalog.has('layers'), true);
    assert.equal(catalog.has('alert-triangle'), true);
    assert.equal(catalog.resolve('alert-triangle'), 'triangle-alert');
    assert.ok(catalog.nearest('layer', 3).includes('layers'));
    assert.equal(catalog.nearest('layres', 1)[0], 'layers');
    assert.ok(catalog.names().length > 1500, `${catalog.names().length} icons`);
    assert.ok(!catalog.names().includes('alert-triangle'), 'aliases are not listed');
    assert.match(catalog.svg('layers')!, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 24 24" width="48" height="48" color="#888">.*stroke="#888"/);
  });

  test('every logoIcon of the example glossary is a Lucide icon', async () => {
    const catalog = await lucide();
    const icons = Object.values(readExampleGlossary()).map((text) => /^logoIcon: '([^']*)'/m.exec(text)?.[1]).filter((v) => v !== undefined);
    assert.equal(icons.length, 21);
    for (const icon of icons) assert.ok(icon.startsWith('i-lucide-') && catalog.has(icon.slice('i-lucide-'.length)), icon);
  });

  test('a set is loaded once, on first need; a missing set, a bad prefix, a set without icons and a failing loader are logged once and not checked', async () => {
    const logs: string[] = [];
    const loads: string[] = [];
    const sets = new LoadedIconSets(async (set) => {
      loads.push(set);
      if (set === 'lucide') return TINY;
      if (set === 'broken') return { prefix: 'broken' } as unknown as IconifyJson;
      if (set === 'failing') throw new Error('network down');
      return undefined;
    }, { log: (message) => logs.push(message) });
    assert.deepEqual(loads, []);
    assert.equal(sets.catalogFor('i-lucide-'), LOADING);
    await sets.ready(['i-lucide-', 'i-mdi-', 'icons/', 'i-broken-', 'i-failing-']);
    const catalog = sets.catalogFor('i-lucide-');
    assert.ok(catalog && catalog !== LOADING);
    assert.equal(catalog.has('layers'), true);
    assert.equal(catalog.title, 'Lucide');
    for (let i = 0; i < 2; i++) {
      for (const prefix of ['i-mdi-', 'icons/', 'i-broken-', 'i-failing-']) assert.equal(sets.catalogFor(prefix), undefined, prefix);
    }
    assert.deepEqual(loads, ['lucide', 'mdi', 'broken', 'failing']);
    assert.deepEqual(logs, [
      "Icons: the mdi icon set is not available to this server; logoIcon values starting with 'i-mdi-' are not checked.",
      "Icons: the prefix 'icons/' of glossary.iconPrefixes names no Iconify icon set (expected i-<set>-, like i-lucide-); logoIcon values with it are not checked.",
      "Icons: what came for the broken icon set is not an Iconify icon set (it has no icons); logoIcon values starting with 'i-broken-' are not checked.",
      "Icons: the failing icon set could not be loaded (network down); logoIcon values starting with 'i-failing-' are not checked.",
    ]);
  });

  test('the server carries no other set: a made-up one resolves to nothing, logged once', async () => {
    const logs: string[] = [];
    const sets = new LoadedIconSets(loadBundledIconSet, { log: (message) => logs.push(message) });
    await sets.ready(['i-no-such-icon-set-']);
    assert.equal(sets.catalogFor('i-no-such-icon-set-'), undefined);
    assert.equal(logs.length, 1);
  });

  test('while the set loads, nothing is said about its icons: no unknown-icon, an empty list the editor asks again for, no hover; once it is there, the host hears of it', async () => {
    let deliver: (json: IconifyJson) => void = () => assert.fail('not asked for yet');
    const arrived: string[] = [];
    const sets = new LoadedIconSets(() => new Promise((resolve) => { deliver = resolve; }), silentLogger, (prefix) => arrived.push(prefix));
    const fixture = new IconFixture(DEFAULT_SETTINGS, sets);
    assert.deepEqual(fixture.diagnostics(withIcon("logoIcon: 'i-lucide-layer'")), []);
    assert.deepEqual(fixture.complete(withIcon("logoIcon: 'i-lucide-lay|'")), { isIncomplete: true, items: [] });
    assert.equal((await fixture.hover(withIcon("logoIcon: 'i-lucide-lay|er'"))), null);
    assert.deepEqual(arrived, []);
    deliver(TINY);
    await sets.ready(['i-lucide-']);
    assert.deepEqual(arrived, ['i-lucide-']);
    assert.deepEqual(fixture.diagnostics(withIcon("logoIcon: 'i-lucide-layer'")).map((d) => d.code), ['unknown-icon']);
    assert.equal(labels(fixture.complete(withIcon("logoIcon: 'i-lucide-lay|'")))[0], 'i-lucide-layers');
  });
});

describe('icons: logoIcon completion', () => {
  test("`logoIcon: 'i-lucide-lay|'`: prefix matches first, only the inside of the quotes replaced, the icon as a data: image", () => {
    const list = new IconFixture().complete(withIcon("logoIcon: 'i-lucide-lay|'"));
    assert.ok(list);
    assert.equal(list.isIncomplete, false);
    // `lay` starts layers and layers-2 (shorter first), then a word of layer-arrow-up, then play by its letters.
    assert.deepEqual(labels(list), ['i-lucide-layers', 'i-lucide-layers-2', 'i-lucide-layer-arrow-up', 'i-lucide-play']);
    const [first] = list.items;
    assert.equal(first.kind, CompletionItemKind.Constant);
    assert.equal(first.detail, 'Lucide icon');
    assert.equal(first.sortText, '000000');
    assert.deepEqual(first.textEdit, { range: range(2, 11, 2, 23), newText: 'i-lucide-layers' });
    const documentation = first.documentation;
    assert.ok(documentation && typeof documentation === 'object' && documentation.kind === 'markdown');
    const image = decodeImage(documentation.value);
    assert.equal(image.alt, 'layers');
    assert.match(image.svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 24 24" width="48" height="48" color="#888">/);
    assert.ok(!image.svg.includes('currentColor'));
  });

  test('the cursor inside a value replaces the whole value; unquoted stays unquoted; an open quote gets closed', () => {
    const fixture = new IconFixture();
    assert.deepEqual(fixture.complete(withIcon('logoIcon: "i-lucide-la|yers-x"'))?.items[0].textEdit, { range: range(2, 11, 2, 28), newText: 'i-lucide-layers' });
    assert.deepEqual(fixture.complete(withIcon('logoIcon: i-lucide-lay|'))?.items[0].textEdit, { range: range(2, 10, 2, 22), newText: 'i-lucide-layers' });
    assert.deepEqual(fixture.complete(withIcon("logoIcon: 'i-lucide-lay|"))?.items[0].textEdit, { range: range(2, 11, 2, 23), newText: "i-lucide-layers'" });
    assert.deepEqual(fixture.complete(withIcon("logoIcon: 'i-lucide-lay|' # comment"))?.items[0].textEdit, { range: range(2, 11, 2, 23), newText: 'i-lucide-layers' });
    assert.deepEqual(fixture.complete(withIcon('logoIcon:|'))?.items[0].textEdit, { range: range(2, 9, 2, 9), newText: ' i-lucide-arrow-left' });
  });

  test('nothing or part of the prefix typed: every icon of the set, by name; a bare word searches the names', () => {
    const fixture = new IconFixture();
    const all = fixture.complete(withIcon("logoIcon: '|'"));
    assert.deepEqual(labels(all), tinyCatalog().names().map((name) => `i-lucide-${name}`));
    assert.deepEqual(all?.items[0].textEdit, { range: range(2, 11, 2, 11), newText: 'i-lucide-arrow-left' });
    assert.deepEqual(labels(fixture.complete(withIcon("logoIcon: 'i-lu|'"))), labels(all));
    assert.deepEqual(labels(fixture.complete(withIcon("logoIcon: 'right|'"))), ['i-lucide-arrow-right']);
    // Every typed word starts a word of the name, in any order.
    assert.deepEqual(labels(fixture.complete(withIcon("logoIcon: 'i-lucide-up-lay|'"))), ['i-lucide-layer-arrow-up']);
  });

  test('capped at completion.maxItems, then incomplete so the editor asks again as the writer types', () => {
    const list = new IconFixture(settingsWith({ completion: { maxItems: 3 } })).complete(withIcon("logoIcon: 'i-lucide-|'"));
    assert.equal(list?.isIncomplete, true);
    assert.deepEqual(labels(list), ['i-lucide-arrow-left', 'i-lucide-arrow-right', 'i-lucide-layer-arrow-up']);
  });

  test('several prefixes: each set under its own prefix; a set that is not available offers nothing', () => {
    const other = new IconifyCatalog({ prefix: 'demo', icons: { lamp: { body: '<path d="M1 1"/>' } } }, 'Demo');
    const fixture = new IconFixture(settingsWith({ iconPrefixes: ['i-lucide-', 'i-demo-', 'i-missing-'] }), staticIconSets({ 'i-lucide-': tinyCatalog(), 'i-demo-': other }));
    const list = fixture.complete(withIcon("logoIcon: 'la|'"));
    // Ranked together: `lamp` is the shortest name starting with `la`.
    assert.deepEqual(labels(list), ['i-demo-lamp', 'i-lucide-layers', 'i-lucide-layers-2', 'i-lucide-layer-arrow-up', 'i-lucide-play', 'i-lucide-triangle-alert']);
    assert.equal(list?.items[0].detail, 'Demo icon');
    assert.deepEqual(labels(fixture.complete(withIcon("logoIcon: 'i-d|'"))), ['i-demo-lamp']);
    assert.equal(new IconFixture(DEFAULT_SETTINGS, staticIconSets({})).complete(withIcon("logoIcon: 'i-lucide-lay|'")), null);
  });

  test('not offered when logoIcon is not a field of the settings, nor on other keys', () => {
    const fixture = new IconFixture(settingsWith({ fields: { logoIcon: null } }));
    assert.equal(fixture.complete(withIcon("logoIcon: 'i-lucide-lay|'")), null);
    assert.equal(new IconFixture().complete(withIcon("icon: 'i-lucide-lay|'")), null);
  });
});

describe('icons: the unknown-icon diagnostic and its quick fix', () => {
  test('a misspelt icon: a warning on the value with the nearest icons as suggestions', () => {
    const diagnostics = new IconFixture().diagnostics(withIcon("logoIcon: 'i-lucide-layer'"));
    assert.equal(diagnostics.length, 1);
    assert.deepEqual(diagnostics[0], {
      range: range(2, 11, 2, 25),
      severity: DiagnosticSeverity.Warning,
      code: 'unknown-icon',
      source: 'glossary',
      codeDescription: codeDescription('unknown-icon'),
      message: "No Lucide icon is named 'layer'. Did you mean 'i-lucide-layers', 'i-lucide-layers-2', 'i-lucide-layer-arrow-up'?",
      data: { suggestions: ['i-lucide-layers', 'i-lucide-layers-2', 'i-lucide-layer-arrow-up'] },
    });
  });

  test('no suggestion when nothing is close; the bare prefix; unquoted values', () => {
    const fixture = new IconFixture();
    const [far] = fixture.diagnostics(withIcon("logoIcon: 'i-lucide-qqqqqqqq'"));
    assert.equal(far.message, "No Lucide icon is named 'qqqqqqqq'.");
    assert.deepEqual(far.data, { suggestions: [] });
    const [bare] = fixture.diagnostics(withIcon('logoIcon: i-lucide-'));
    assert.deepEqual(bare.range, range(2, 10, 2, 19));
    assert.equal(bare.message, "'i-lucide-' is only the prefix: add the name of a Lucide icon after it.");
  });

  test('icons, aliases and hidden icons pass; other prefixes, sets that are not available and non-text values are not checked', () => {
    const fixture = new IconFixture(settingsWith({ iconPrefixes: ['i-lucide-', 'i-mdi-'] }));
    for (const line of ["logoIcon: 'i-lucide-layers'", 'logoIcon: i-lucide-alert-triangle', "logoIcon: 'i-lucide-old'", "logoIcon: 'i-carbon-nothing'", "logoIcon: 'i-mdi-nothing'", "logoIcon: 'layers'", 'logoIcon: 42', 'logoIcon:']) {
      assert.deepEqual(fixture.diagnostics(withIcon(line)).filter((d) => d.code === 'unknown-icon'), [], line);
    }
  });

  test('severity from the settings; off, or logoIcon not a field, means no check', () => {
    const text = withIcon("logoIcon: 'i-lucide-layer'");
    assert.equal(new IconFixture(settingsWith({ severity: { 'unknown-icon': 'error' } })).diagnostics(text)[0].severity, DiagnosticSeverity.Error);
    assert.deepEqual(new IconFixture(settingsWith({ severity: { 'unknown-icon': 'off' } })).diagnostics(text), []);
    assert.deepEqual(new IconFixture(settingsWith({ fields: { logoIcon: null }, requiredFields: [] })).diagnostics(text).map((d) => d.code), ['unknown-key']);
  });

  test("quick fixes 'Change to …' replace the value inside its quotes; they are not safe, so fix-all leaves the icon alone", async () => {
    const fixture = new IconFixture();
    const document = fixture.open(withIcon("logoIcon: 'i-lucide-layer'"));
    const diagnostics = fixture.service.diagnostics(fixture.uri);
    const actions = await fixture.service.codeActions(fixture.uri, diagnostics);
    assert.deepEqual(actions.map((a) => a.title), ["Change to 'i-lucide-layers'", "Change to 'i-lucide-layers-2'", "Change to 'i-lucide-layer-arrow-up'"]);
    assert.equal(actions[0].isPreferred, undefined);
    const change = actions[0].edit?.documentChanges?.[0];
    assert.ok(change && 'edits' in change);
    assert.equal(applyEdits(document, change.edits as TextEdit[]), withIcon("logoIcon: 'i-lucide-layers'"));
    fixture.workspace.write('content/glossary/subject.md', withIcon("logoIcon: 'i-lucide-layer'"));
    assert.deepEqual((await fixture.service.safeFixes(fixture.uri))?.edits, []);
  });

  test('with the real Lucide set (the default of the service): a typo gets the right icon first', async () => {
    const fixture = await Fixture.withEntries({});
    fixture.open('subject', entryText({ title: 'Subject', description: GOOD_DESCRIPTION, category: 'C', logoIcon: 'i-lucide-layres' }));
    const [diagnostic] = fixture.diagnostics('subject');
    assert.equal(diagnostic.code, 'unknown-icon');
    assert.match(diagnostic.message as string, /^No Lucide icon is named 'layres'\. Did you mean 'i-lucide-layers'/);
    assert.equal((diagnostic.data as { suggestions: string[] }).suggestions[0], 'i-lucide-layers');
  });
});

describe('icons: hover on the logoIcon value', () => {
  test('an icon: the image, its name and set, over the value', async () => {
    const hover = (await new IconFixture().hover(withIcon("logoIcon: 'i-lucide-lay|ers'")));
    const [image, name, ...rest] = hoverText(hover).split('\n\n');
    assert.equal(decodeImage(image).alt, 'layers');
    assert.ok(decodeImage(image).svg.includes('M2 12l10 5 10-5'));
    assert.equal(name, '`i-lucide-layers` · Lucide');
    assert.deepEqual(rest, []);
    assert.deepEqual(hover?.range, range(2, 11, 2, 26));
  });

  test('an alias: the icon it stands for, and its real name', async () => {
    const parts = hoverText((await new IconFixture().hover(withIcon("logoIcon: 'i-lucide-alert-triangle|'")))).split('\n\n');
    assert.ok(decodeImage(parts[0]).svg.includes('M12 2L2 22h20z'));
    assert.deepEqual(parts.slice(1), ['`i-lucide-alert-triangle` · Lucide', 'An alias of `i-lucide-triangle-alert`.']);
  });

  test('an unknown icon: what was meant; other values and the key keep their usual hover', async () => {
    const fixture = new IconFixture();
    assert.equal(hoverText((await fixture.hover(withIcon("logoIcon: 'i-lucide-lay|er'")))), "No Lucide icon is named 'layer'.\n\nDid you mean `i-lucide-layers`, `i-lucide-layers-2`, `i-lucide-layer-arrow-up`?");
    assert.equal((await fixture.hover(withIcon("logoIcon: 'i-carbon-lay|ers'"))), null);
    assert.match(hoverText((await fixture.hover(withIcon("logo|Icon: 'i-lucide-layers'")))), /^\*\*logoIcon\*\*/);
  });

  test('the real Lucide set renders the alias alert-triangle as triangle-alert', async () => {
    const fixture = await Fixture.withEntries({});
    const parts = hoverText((await fixture.hoverAt('subject', withIcon("logoIcon: 'i-lucide-alert-tri|angle'")))).split('\n\n');
    assert.match(parts[0], /^!\[alert-triangle\]\(data:image\/svg\+xml;base64,/);
    assert.equal(parts[2], 'An alias of `i-lucide-triangle-alert`.');
  });

  test('completion with the real Lucide set: layers first', async () => {
    const fixture = await Fixture.withEntries({});
    const list = fixture.completeAt('subject', withIcon("logoIcon: 'i-lucide-lay|'"));
    assert.equal(list?.items[0].label, 'i-lucide-layers');
    assert.equal(list?.isIncomplete, false);
  });
});
