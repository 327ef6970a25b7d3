import { inOrderScore, letterMask, MATCH_SCORE, startsEveryWord, typedQuery } from './fuzzy/match';
import type { EntrySummary, GlossaryIndex } from './glossaryIndex';
import { SLICE_MS } from './scheduling';

/** Marks in SlugSearch's per-entry scores: not matched yet; not matched by every typed word either. */
const UNSCORED = -1;
const NOT_EVERY_WORD = -2;
/** Index changes SlugSearch follows one by one between two queries (see SlugSearch.follow). */
const MAX_FOLLOWED = 256;
/** New entries whose keys SlugSearch merges into its sorted keys at once, rather than inserting each (see putAddedIn). */
const MERGED_FROM = 16;
/**
 * Entries whose keys are sorted together, as one run, by a rebuild in steps: runs of 2,048 held the
 * thread 15–40 ms while the code was still interpreted, and runs of 512 up to 10 ms on a host whose
 * two cores the indexing's workers share.
 */
const ENTRIES_PER_RUN = 256;

/**
 * Slug matching without visiting every entry: the scores of `matchScore` (fuzzy/match.ts), found
 * faster. The lower-case slugs, title words and titles are kept in one sorted array, so the entries
 * a typed prefix starts are one binary search away; only the "letters in order" matches need a pass
 * over all entries, and a bit mask of each slug's letters turns most away at once.
 *
 * Built once from the index, then kept up to date entry by entry as the index changes: a title
 * typed in an open entry changes the keys of that one entry, and rebuilding the whole array
 * (~100 ms at 20,000 entries) at the next completion would be felt.
 */
export class SlugSearch {
  /** Per slot (an entry's place; a removed entry's slot is reused): its URI, or undefined when free. */
  private uris: (string | undefined)[] = [];
  /** Per slot: its entry's number in the index (see GlossaryIndex.entryNumberOf), -1 to look it up by URI. */
  private entryNumbers: number[] = [];
  /** The slugs as written (ties are broken on these) and lower-cased (matched against). */
  private slugs: string[] = [];
  private lowerSlugs: string[] = [];
  private letters = new Int32Array(0);
  /** Per slot, during a query: the score found so far, UNSCORED, or NOT_EVERY_WORD once that was checked. */
  private found = new Float64Array(0);
  private readonly slotOf = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  /** Sorted lower-case slugs, words and titles; for each, its slot and whether it is the slug. */
  private keys: string[] = [];
  private keyEntry: number[] = [];
  private keyIsSlug: boolean[] = [];
  /** While the whole is (re)built: keys are appended, and sorted once at the end. */
  private bulk = false;
  /** Changes followed one by one since the last query; past MAX_FOLLOWED the whole is rebuilt instead. */
  private followed = 0;
  /** Built from the index at the next query (the first one too), rather than followed change by change. */
  private stale = true;
  /** The entries added since the search was last up to date, put in at the next query or change (see follow); with them it is `stale`. */
  private added: EntrySummary[] | undefined;
  /** How the search was brought up to date at queries: built from the index, or the added entries merged in. */
  readonly stats = { rebuilds: 0, merges: 0 };
  /** Bumped whenever a slot is taken or freed: `byLength` is of the slots as they were at `byLengthVersion`. */
  private slotsVersion = 0;
  /** The taken slots, shortest slug first (see forEachMatch's letters-in-order pass), built when first needed after a change. */
  private byLength = new Int32Array(0);
  /**
   * The letters and lengths of the slots of `byLength`, in its order: a pass over all slots reads
   * them one after another, where reading them by slot jumped about 400 KB arrays (at 100,000
   * entries, ~10 ms a pass that read every slug; the strings are read only past the mask).
   */
  private byLengthLetters = new Int32Array(0);
  private byLengthLengths = new Int32Array(0);
  private byLengthVersion = -1;
  /**
   * The slots (shortest slug first) whose slug held the letters of the last letters-in-order pass
   * that read to the end, at `version`: a query whose letters start with those is held only by
   * slugs among them, so the next keystroke reads these rather than every slug.
   */
  private holding: { version: number; letters: string; slots: Int32Array } | undefined;
  /** A rebuild under way in steps (see rebuildStep): the entries, how many are added, the sorted runs of keys, and the merge under way. */
  private building: { entries: EntrySummary[]; next: number; runs: KeyRun[]; merge: RunMerge | undefined } | undefined;

  constructor(private readonly index: GlossaryIndex) {
    index.watch((previous, next) => this.follow(previous, next));
  }

  private follow(previous: EntrySummary | undefined, next: EntrySummary | undefined): void {
    // A body edit: the keys stay; the slot's slug is the same string.
    if (previous && next && previous.uri === next.uri && sameKeys(previous, next)) return;
    // The keys changed under a rebuild in steps: the next query rebuilds at once instead.
    this.building = undefined;
    if (this.stale && !this.added) return;
    // A new entry waits for the next query, which puts all those added since in at once: while a
    // glossary is indexed, hundreds come between two completions, and a splice each (into arrays of
    // 100,000 keys at 20,000 entries) held the thread 1.8 s of a 4 s first pass.
    if (!previous && next) {
      (this.added ??= []).push(next);
      this.stale = true;
      return;
    }
    // Another change comes after the entries added before it.
    if (this.added) this.putAddedIn();
    // Indexing a folder changes thousands of entries before anyone asks: one rebuild costs less than thousands of splices.
    if (++this.followed > MAX_FOLLOWED) {
      this.stale = true;
      return;
    }
    if (previous) this.removeEntry(previous);
    if (next) this.addEntry(next);
  }

  /**
   * The rebuild the next query would do, as one step to call between requests until it says it is
   * done (false): each call works for about `sliceMs`. Entries are added a slice at a time (their
   * keys sorted as a run), then the runs are merged, two at a time, a slice at a time. At 20,000
   * entries the whole is ~100–200 ms in one piece, at 100,000 about a second. A query before the
   * last call, or a change of keys meanwhile, makes the next query rebuild at once, as without it.
   */
  rebuildStep(sliceMs = SLICE_MS, entriesPerRun = ENTRIES_PER_RUN): () => boolean {
    return () => {
      const deadline = performance.now() + sliceMs;
      if (!this.building) {
        // Built meanwhile (by a query), it is kept up to date change by change.
        if (!this.stale) return false;
        // Behind by new entries only: merged in at once, a fraction of a rebuild.
        if (this.added) {
          this.putAddedIn();
          return false;
        }
        this.clear();
        this.building = { entries: [...this.index.entries()], next: 0, runs: [], merge: undefined };
      }
      const building = this.building;
      let runStarted = performance.now();
      while (building.next < building.entries.length) {
        const first = this.keys.length;
        const end = Math.min(building.entries.length, building.next + entriesPerRun);
        while (building.next < end) this.addEntry(building.entries[building.next++]);
        building.runs.push(sortedRun(this.keys.slice(first), this.keyEntry.slice(first), this.keyIsSlug.slice(first)));
        // Stops before a run that would end past the deadline, as the last one took: a run is not cut.
        const now = performance.now();
        if (now + (now - runStarted) > deadline) return true;
        runStarted = now;
      }
      while (building.runs.length > 1 || building.merge) {
        building.merge ??= new RunMerge(building.runs.shift()!, building.runs.shift()!);
        if (!building.merge.step(deadline)) return true;
        building.runs.push(building.merge.out);
        building.merge = undefined;
        if (performance.now() > deadline) return true;
      }
      this.install(building.runs[0] ?? { keys: [], entry: [], isSlug: [] });
      return false;
    };
  }

  /** The entry in slot `i`: by its number where it has one (no lookup by URI), else by its URI. */
  private entryIn(i: number): EntrySummary | undefined {
    const number = this.entryNumbers[i];
    return number >= 0 ? this.index.entryNumbered(number) : this.index.entryAt(this.uris[i]!);
  }

  /** Brings the search up to date before a query. */
  private refresh(): void {
    this.followed = 0;
    if (!this.stale) return;
    if (this.added) {
      this.putAddedIn();
      return;
    }
    this.stats.rebuilds++;
    this.clear();
    for (const entry of this.index.entries()) this.addEntry(entry);
    this.install(sortedRun(this.keys, this.keyEntry, this.keyIsSlug));
  }

  /**
   * The entries added since the search was up to date (see follow): a few inserted key by key, more
   * with their keys sorted and merged into the sorted keys at once.
   */
  private putAddedIn(): void {
    const added = this.added ?? [];
    this.added = undefined;
    if (added.length <= MERGED_FROM) {
      for (const entry of added) this.addEntry(entry);
      this.stale = false;
      return;
    }
    const { keys, keyEntry, keyIsSlug } = this;
    let sorted = keys.length - 1;
    this.bulk = true;
    for (const entry of added) this.addEntry(entry);
    // The new keys sorted apart, then merged in place from the end: no copy of the arrays.
    const run = sortedRun(keys.slice(sorted + 1), keyEntry.slice(sorted + 1), keyIsSlug.slice(sorted + 1));
    for (let next = run.keys.length - 1, to = keys.length - 1; next >= 0; to--) {
      const fromSorted = sorted >= 0 && keys[sorted] > run.keys[next];
      const from = fromSorted ? sorted-- : next--;
      keys[to] = fromSorted ? keys[from] : run.keys[from];
      keyEntry[to] = fromSorted ? keyEntry[from] : run.entry[from];
      keyIsSlug[to] = fromSorted ? keyIsSlug[from] : run.isSlug[from];
    }
    this.stats.merges++;
    this.install({ keys, entry: keyEntry, isSlug: keyIsSlug });
  }

  /** The keys of a rebuild, sorted: the search is up to date again and follows changes one by one. */
  private install(sorted: KeyRun): void {
    this.keys = sorted.keys;
    this.keyEntry = sorted.entry;
    this.keyIsSlug = sorted.isSlug;
    this.building = undefined;
    this.bulk = false;
    this.stale = false;
  }

  /** Empties the search for a rebuild; keys are appended until it ends (`bulk`). */
  private clear(): void {
    this.uris = [];
    this.entryNumbers = [];
    this.slugs = [];
    this.lowerSlugs = [];
    this.letters = new Int32Array(0);
    this.found = new Float64Array(0);
    this.slotOf.clear();
    this.freeSlots.length = 0;
    this.keys = [];
    this.keyEntry = [];
    this.keyIsSlug = [];
    this.added = undefined;
    this.bulk = true;
    this.slotsVersion++;
  }

  private addEntry(entry: EntrySummary): void {
    const lower = entry.slugLower ?? entry.slug;
    const slot = this.freeSlots.pop() ?? this.newSlot();
    this.slotsVersion++;
    this.slotOf.set(entry.uri, slot);
    this.uris[slot] = entry.uri;
    this.entryNumbers[slot] = this.index.entryNumberOf(entry);
    this.slugs[slot] = entry.slug;
    this.lowerSlugs[slot] = lower;
    this.letters[slot] = entry.letters ?? letterMask(lower);
    forEachKey(entry, (key, isSlug) => this.insertKey(key, slot, isSlug));
  }

  private removeEntry(entry: EntrySummary): void {
    const slot = this.slotOf.get(entry.uri);
    if (slot === undefined) return;
    forEachKey(entry, (key) => this.deleteKey(key, slot));
    this.slotsVersion++;
    this.slotOf.delete(entry.uri);
    this.uris[slot] = undefined;
    this.entryNumbers[slot] = -1;
    this.slugs[slot] = '';
    this.lowerSlugs[slot] = '';
    this.letters[slot] = 0;
    this.freeSlots.push(slot);
  }

  private newSlot(): number {
    const slot = this.uris.length;
    this.uris.push(undefined);
    this.entryNumbers.push(-1);
    this.slugs.push('');
    this.lowerSlugs.push('');
    if (slot >= this.letters.length) {
      const capacity = Math.max(64, this.letters.length * 2);
      const letters = new Int32Array(capacity);
      letters.set(this.letters);
      this.letters = letters;
      const found = new Float64Array(capacity).fill(UNSCORED);
      found.set(this.found);
      this.found = found;
    }
    return slot;
  }

  private insertKey(key: string, slot: number, isSlug: boolean): void {
    if (this.bulk) {
      this.keys.push(key);
      this.keyEntry.push(slot);
      this.keyIsSlug.push(isSlug);
      return;
    }
    const at = this.firstKeyAtLeast(key);
    this.keys.splice(at, 0, key);
    this.keyEntry.splice(at, 0, slot);
    this.keyIsSlug.splice(at, 0, isSlug);
  }

  private deleteKey(key: string, slot: number): void {
    for (let k = this.firstKeyAtLeast(key); k < this.keys.length && this.keys[k] === key; k++) {
      if (this.keyEntry[k] !== slot) continue;
      this.keys.splice(k, 1);
      this.keyEntry.splice(k, 1);
      this.keyIsSlug.splice(k, 1);
      return;
    }
  }

  private firstKeyAtLeast(value: string): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.keys[middle] < value) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /**
   * Calls `found` with each entry matching `query` and its score, as `matchScore` gives it for the
   * lower-case slug, the words of slug and title, and the title. An empty query matches every
   * entry with score 0. `wanted(score, slug)`, when given, turns entries away before they are
   * looked up (a full list of the best so far needs no worse ones). The letters-in-order matches
   * score below all the others and cost a pass over every slug; they are looked for shortest slug
   * first, and `looseWanted(bestPossible)`, when given, is asked before each length with the best
   * score a match of that length can have: false ends the pass there (a full list of better ones
   * has no room for any of them). Returns how many matched, and whether that is all of them (false
   * when the pass ended early).
   */
  forEachMatch(
    query: string,
    found: (entry: EntrySummary, score: number) => void,
    wanted?: (score: number, slug: string) => boolean,
    looseWanted?: (bestPossible: number) => boolean,
  ): { matches: number; complete: boolean } {
    this.refresh();
    const { uris, slugs, lowerSlugs } = this;
    let matches = 0;
    const visit = (i: number, score: number) => {
      matches++;
      if (wanted && !wanted(score, slugs[i])) return;
      const entry = this.entryIn(i);
      if (entry) found(entry, score);
    };
    if (query === '') {
      for (let i = 0; i < uris.length; i++) if (uris[i] !== undefined) visit(i, 0);
      return { matches, complete: true };
    }
    const typed = typedQuery(query);
    const { keys, keyEntry, keyIsSlug, found: scores } = this;
    const touched: number[] = [];
    // A prefix of the slug, of one of its words or of the title: the keys that start with the query.
    for (let k = this.firstKeyAtLeast(typed.text); k < keys.length && keys[k].startsWith(typed.text); k++) {
      const i = keyEntry[k];
      const score = (keyIsSlug[k] ? MATCH_SCORE.namePrefix : MATCH_SCORE.wordPrefix) - lowerSlugs[i].length;
      if (scores[i] === UNSCORED) touched.push(i);
      if (score > scores[i]) scores[i] = score;
    }
    // Several typed words, each starting a word: only entries with a word starting with the longest can qualify.
    if (typed.parts.length > 1) {
      const longest = typed.parts.reduce((a, b) => (b.length > a.length ? b : a));
      for (let k = this.firstKeyAtLeast(longest); k < keys.length && keys[k].startsWith(longest); k++) {
        const i = keyEntry[k];
        if (scores[i] !== UNSCORED) continue;
        const entry = this.entryIn(i);
        scores[i] = entry && startsEveryWord(typed, entry.words) ? MATCH_SCORE.everyWord - lowerSlugs[i].length : NOT_EVERY_WORD;
        touched.push(i);
      }
    }
    for (const i of touched) if (scores[i] >= 0) visit(i, scores[i]);
    // Typed spaces ask for words, not letters.
    let looseComplete = !typed.spaced;
    if (looseComplete) looseComplete = this.lettersInOrder(typed.letters, visit, looseWanted);
    for (const i of touched) scores[i] = UNSCORED;
    return { matches, complete: typed.spaced || looseComplete };
  }

  /**
   * forEachMatch's last pass: the slugs holding `typed` letters in order (each must hold every
   * letter typed, which most fail at once), shortest first, those not matched already visited.
   * Returns false when `looseWanted` ended it early. While a writer types on, the letters only
   * grow, and a slug holding the longer letters in order holds the shorter ones: the pass reads
   * the slots the last complete pass found (`holding`) instead of all. `looseWanted` is asked, as
   * the pass over all slots asks it, before each length, with the best score a match of that
   * length can have; its answers fall with that score and change only when a match is visited,
   * so asking it at the lengths of the slots read (and at the longest slug, after the last) ends
   * the pass where the pass over all slots would have, with the same visits.
   */
  private lettersInOrder(typed: string, visit: (i: number, score: number) => void, looseWanted?: (bestPossible: number) => boolean): boolean {
    const { lowerSlugs, found: scores } = this;
    const needed = letterMask(typed);
    const all = this.slotsByLength();
    const known = this.holding;
    const narrowed = known && known.version === this.slotsVersion && typed.startsWith(known.letters);
    const order = narrowed ? known.slots : all;
    // Over all slots, their letters and lengths in the order read; over the few held, by slot.
    const { letters, byLengthLetters, byLengthLengths } = this;
    const holding: number[] = [];
    let length = -1;
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      const slugLength = narrowed ? lowerSlugs[i].length : byLengthLengths[k];
      if (slugLength !== length) {
        length = slugLength;
        if (looseWanted && !looseWanted(MATCH_SCORE.inOrder - length)) {
          this.holding = undefined;
          return false;
        }
      }
      if (((narrowed ? letters[i] : byLengthLetters[k]) & needed) !== needed) continue;
      const score = inOrderScore(lowerSlugs[i], typed);
      if (score < 0) continue;
      holding.push(i);
      // Matched already as a prefix: visited with that score.
      if (scores[i] < 0) visit(i, score);
    }
    const longest = all.length ? byLengthLengths[all.length - 1] : -1;
    if (order !== all && longest > length && looseWanted && !looseWanted(MATCH_SCORE.inOrder - longest)) {
      this.holding = undefined;
      return false;
    }
    this.holding = { version: this.slotsVersion, letters: typed, slots: Int32Array.from(holding) };
    return true;
  }

  /** The taken slots, shortest slug first (a counting sort: slugs are short). */
  private slotsByLength(): Int32Array {
    if (this.byLengthVersion === this.slotsVersion) return this.byLength;
    const { uris, lowerSlugs } = this;
    const counts: number[] = [];
    let taken = 0;
    for (let i = 0; i < uris.length; i++) {
      if (uris[i] === undefined) continue;
      const length = lowerSlugs[i].length;
      counts[length] = (counts[length] ?? 0) + 1;
      taken++;
    }
    const starts: number[] = [];
    let at = 0;
    for (let length = 0; length < counts.length; length++) {
      starts[length] = at;
      at += counts[length] ?? 0;
    }
    const order = new Int32Array(taken);
    for (let i = 0; i < uris.length; i++) if (uris[i] !== undefined) order[starts[lowerSlugs[i].length]++] = i;
    this.byLength = order;
    this.byLengthLetters = order.map((slot) => this.letters[slot]);
    this.byLengthLengths = order.map((slot) => lowerSlugs[slot].length);
    this.byLengthVersion = this.slotsVersion;
    return order;
  }
}

/** Keys with their entries' slots and whether each is a slug, in key order. */
interface KeyRun {
  keys: string[];
  entry: number[];
  isSlug: boolean[];
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedRun(keys: string[], entry: number[], isSlug: boolean[]): KeyRun {
  const order = keys.map((_, k) => k).sort((x, y) => compareKeys(keys[x], keys[y]));
  return { keys: order.map((k) => keys[k]), entry: order.map((k) => entry[k]), isSlug: order.map((k) => isSlug[k]) };
}

/** Two runs merged into one (`out`), a slice at a time. (The order among equal keys means nothing: a query visits them all.) */
class RunMerge {
  readonly out: KeyRun;
  private i = 0;
  private j = 0;
  private k = 0;

  constructor(private readonly a: KeyRun, private readonly b: KeyRun) {
    const total = a.keys.length + b.keys.length;
    this.out = { keys: new Array<string>(total), entry: new Array<number>(total), isSlug: new Array<boolean>(total) };
  }

  /** Merges until done (true) or past `deadline` (false). */
  step(deadline: number): boolean {
    const { a, b, out } = this;
    const total = out.keys.length;
    while (this.k < total) {
      const fromA = this.j >= b.keys.length || (this.i < a.keys.length && a.keys[this.i] <= b.keys[this.j]);
      const run = fromA ? a : b;
      const at = fromA ? this.i++ : this.j++;
      out.keys[this.k] = run.keys[at];
      out.entry[this.k] = run.entry[at];
      out.isSlug[this.k] = run.isSlug[at];
      this.k++;
      if ((this.k & 1023) === 0 && performance.now() > deadline) return this.k >= total;
    }
    return true;
  }
}

/** The keys an entry is found by: its lower-case slug, each word of slug and title, its lower-case title. */
function forEachKey(entry: EntrySummary, visit: (key: string, isSlug: boolean) => void): void {
  const lower = entry.slugLower ?? entry.slug;
  visit(lower, true);
  for (const word of entry.words) if (word !== lower) visit(word, false);
  if (entry.titleLower !== undefined) visit(entry.titleLower, false);
}

function sameKeys(a: EntrySummary, b: EntrySummary): boolean {
  if (a.slug !== b.slug || a.titleLower !== b.titleLower || a.words.length !== b.words.length) return false;
  for (let i = 0; i < a.words.length; i++) if (a.words[i] !== b.words[i]) return false;
  return true;
}

const searches = new WeakMap<GlossaryIndex, SlugSearch>();

/** The SlugSearch of `index`, made on first use and kept as long as the index. */
export function slugSearchOf(index: GlossaryIndex): SlugSearch {
  let search = searches.get(index);
  if (!search) searches.set(index, (search = new SlugSearch(index)));
  return search;
}

/**
 * The `limit` best entries by score (ties: the smaller slug), fed one at a time. A bounded heap
 * kept in parallel arrays: a completion over 20,000 entries allocates nothing per candidate and
 * sorts only the `limit` it keeps.
 */
export class BestEntries {
  private offers = 0;
  private readonly entries: EntrySummary[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly limit: number) {}

  /** True when entry i ranks below entry j (the heap's root is the worst kept). */
  private below(i: number, j: number): boolean {
    const a = this.scores[i];
    const b = this.scores[j];
    return a < b || (a === b && this.entries[i].slug > this.entries[j].slug);
  }

  private swap(i: number, j: number): void {
    const entries = this.entries;
    const scores = this.scores;
    const entry = entries[i];
    entries[i] = entries[j];
    entries[j] = entry;
    const score = scores[i];
    scores[i] = scores[j];
    scores[j] = score;
  }

  /** False when an entry of this score and slug could not be kept (the list is full of better ones). */
  wants(score: number, slug: string): boolean {
    if (this.entries.length < this.limit) return this.limit > 0;
    const worst = this.scores[0];
    return score > worst || (score === worst && slug < this.entries[0].slug);
  }

  /** Whether `limit` entries are kept: a worse one offered now is turned away. */
  get full(): boolean {
    return this.entries.length >= this.limit;
  }

  /** How many were offered. */
  get offered(): number {
    return this.offers;
  }

  offer(entry: EntrySummary, score: number): void {
    this.offers++;
    if (this.limit <= 0) return;
    const entries = this.entries;
    if (entries.length < this.limit) {
      entries.push(entry);
      this.scores.push(score);
      for (let i = entries.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if (!this.below(i, parent)) break;
        this.swap(i, parent);
        i = parent;
      }
      return;
    }
    const worst = this.scores[0];
    if (score < worst || (score === worst && entry.slug >= entries[0].slug)) return;
    entries[0] = entry;
    this.scores[0] = score;
    for (let i = 0; ;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let lowest = i;
      if (left < entries.length && this.below(left, lowest)) lowest = left;
      if (right < entries.length && this.below(right, lowest)) lowest = right;
      if (lowest === i) return;
      this.swap(i, lowest);
      i = lowest;
    }
  }

  /** The kept entries, best first. */
  best(): EntrySummary[] {
    const order = this.entries.map((_, i) => i);
    order.sort((i, j) => (this.below(j, i) ? -1 : this.below(i, j) ? 1 : 0));
    return order.map((i) => this.entries[i]);
  }
}
