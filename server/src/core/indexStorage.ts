import { SLICE_MS } from './scheduling';

/**
 * The flat storage the glossary index keeps its many small lists in (see GlossaryIndex): numbers in
 * a few large Int32Arrays rather than an array or a typed array per entry or per slug. Node does
 * not compress pointers, so an array element is 8 bytes and a typed array two objects of ~175
 * bytes on the heap; at 20,000 densely linked entries the lists number a million elements.
 */

/**
 * Slug ↔ number, for the references the index keeps: the slug of each reference is a number in a
 * ReferenceArena's block rather than a pointer to a string in an array per entry (at 20,000
 * densely linked entries, 7.8 MB of arrays). Each number counts its uses, and one whose last use
 * goes is given to the next new slug: the slugs of a `related` item typed a character at a time
 * leave nothing behind.
 */
export class SlugNumbers {
  private readonly numbers = new Map<string, number>();
  private slugs: string[] = [];
  private uses = new Int32Array(1024);
  private readonly free: number[] = [];
  /** How many holders of the table `pin` gave are left: until none, no number is given to another slug. */
  private pins = 0;
  /** Numbers whose last use went while pinned: freed by the last `unpin`, unless used again meanwhile. */
  private readonly freeAfterPins: number[] = [];

  /** How many slugs have a number now. */
  get size(): number {
    return this.numbers.size;
  }

  /**
   * The number of `slug`, counting one more use of it. A slug new here is kept as `keep` makes it
   * (the index's one copy, see GlossaryIndex.intern): a known one needs no copy looked up.
   */
  take(slug: string, keep: (slug: string) => string = (kept) => kept): number {
    let number = this.numbers.get(slug);
    if (number === undefined) {
      slug = keep(slug);
      number = this.free.pop() ?? this.slugs.length;
      if (number === this.slugs.length) this.slugs.push(slug);
      else this.slugs[number] = slug;
      if (number >= this.uses.length) {
        const grown = new Int32Array(this.uses.length * 2);
        grown.set(this.uses);
        this.uses = grown;
      }
      this.numbers.set(slug, number);
    }
    this.uses[number]++;
    return number;
  }

  /**
   * One more use of `number`, which a table from `pin` gave (still pinned): another thread read
   * slugs against that table, so this one need not look them up (see GlossaryIndex.fillLinks).
   */
  takePinned(number: number): number {
    this.uses[number]++;
    return number;
  }

  /** Whether each of `numbers` is -1 or names a slug while a table is pinned (what takePinned takes). */
  pinnedOrUnknown(numbers: Int32Array): boolean {
    if (this.pins === 0) return false;
    for (let i = 0; i < numbers.length; i++) if (numbers[i] !== -1 && !this.slugs[numbers[i]]) return false;
    return true;
  }

  /**
   * The slugs by number ('' where a number is free), which stay theirs until `unpin`: meanwhile a
   * number whose last use goes keeps its slug, and a new slug gets a number the table has free.
   */
  pin(): readonly string[] {
    this.pins++;
    return this.slugs.slice();
  }

  unpin(): void {
    if (this.pins === 0 || --this.pins > 0) return;
    // A number can be here twice (its uses went, came back and went again): freed once.
    for (const number of this.freeAfterPins.splice(0)) if (this.uses[number] === 0 && this.slugs[number]) this.freeNumber(number);
  }

  /** One use of `number` fewer; at none, the slug loses it. */
  release(number: number): void {
    if (--this.uses[number] > 0) return;
    if (this.pins > 0) this.freeAfterPins.push(number);
    else this.freeNumber(number);
  }

  private freeNumber(number: number): void {
    this.numbers.delete(this.slugs[number]);
    this.slugs[number] = '';
    this.free.push(number);
  }

  slug(number: number): string {
    return this.slugs[number];
  }

  /** The number of `slug` if some entry names it, without counting a use. */
  numberOf(slug: string): number | undefined {
    return this.numbers.get(slug);
  }
}

/** How many numbers one block of a ReferenceArena holds (a 256 KB Int32Array). */
const BLOCK_INTS = 1 << 16;

const NO_NUMBERS = new Int32Array(0);

/**
 * Spans of numbers in a few large Int32Arrays, each block holding the spans of many entries (their
 * references) or slugs (their referrers) one after another, rather than an Int32Array each (two
 * objects of ~175 bytes on the heap: 3.5 MB at 20,000 entries). A span given back goes unused; a
 * block with no span in use is dropped; when more is unused than used, the owner moves every span
 * to new blocks (GlossaryIndex.compactReferencesIfWasteful, ReferrerLists).
 */
export class ReferenceArena {
  private block: Int32Array;
  private blockUsed = 0;
  /** Of each block kept: the numbers its spans took, and how many of those are in use. */
  private readonly blocks = new Map<Int32Array, { taken: number; inUse: number }>();
  private takenInts = 0;
  private inUseInts = 0;
  /** Where in its block the last span allocated starts. */
  at = 0;

  /** `blockInts`: the numbers a block holds (smaller in tests, to exercise many blocks). */
  constructor(private readonly blockInts = BLOCK_INTS) {
    this.block = new Int32Array(blockInts);
  }

  /** A span of `size` numbers: the block it is in (and `at`, where in it). */
  allocate(size: number): Int32Array {
    this.at = 0;
    if (size === 0) return NO_NUMBERS;
    let block: Int32Array;
    if (size > this.blockInts) {
      block = new Int32Array(size);
    } else {
      if (this.blockUsed + size > this.block.length) {
        // The block filled so far is dropped now if none of its spans is used any more (free kept it while it was being filled).
        const counts = this.blocks.get(this.block);
        if (counts?.inUse === 0) this.drop(this.block, counts.taken);
        this.block = new Int32Array(this.blockInts);
        this.blockUsed = 0;
      }
      block = this.block;
      this.at = this.blockUsed;
      this.blockUsed += size;
    }
    const counts = this.blocks.get(block) ?? { taken: 0, inUse: 0 };
    if (counts.taken === 0) this.blocks.set(block, counts);
    counts.taken += size;
    counts.inUse += size;
    this.takenInts += size;
    this.inUseInts += size;
    return block;
  }

  /** The span of `size` numbers in `block` is no longer used. */
  free(block: Int32Array, size: number): void {
    const counts = this.blocks.get(block);
    if (size === 0 || !counts) return;
    counts.inUse -= size;
    this.inUseInts -= size;
    if (counts.inUse > 0) return;
    // The block being filled stays until the next is started.
    if (block !== this.block) this.drop(block, counts.taken);
  }

  private drop(block: Int32Array, taken: number): void {
    this.blocks.delete(block);
    this.takenInts -= taken;
  }

  /** How many numbers of the blocks kept go unused. */
  get unusedInts(): number {
    return this.takenInts - this.inUseInts;
  }

  /** Whether more numbers go unused than are used (beyond a few blocks' worth). */
  get wasteful(): boolean {
    return this.takenInts - this.inUseInts > Math.max(this.inUseInts, 4 * this.blockInts);
  }

  /** Forgets every block: the spans still in use are allocated anew (see GlossaryIndex.compactReferences). */
  restart(): void {
    this.blocks.clear();
    this.takenInts = 0;
    this.inUseInts = 0;
    this.block = new Int32Array(this.blockInts);
    this.blockUsed = 0;
  }
}

/**
 * For each slug, by its number (see SlugNumbers), the entries that name it (by number, see
 * GlossaryIndex), each once, in no particular order: a lone entry is kept in the slot itself (most
 * unknown slugs have one referrer), more in a span of a ReferenceArena with room to grow, which
 * moves to a span twice as long when full. Slots rather than a map by slug: taking a glossary's
 * million body links, one table lookup fewer per link. A slug named by an entry of the index has a
 * number (the entry holds a use of it), so a slot is empty by the time its number is freed.
 */
export class ReferrerLists {
  /** By slug number: 0 when no entry names the slug, -1 - n when entry n alone does, 1 + the list that holds its entries. */
  private bySlug: Int32Array = new Int32Array(1024);
  private arena: ReferenceArena;
  /** Of each list: its block, where it starts in it, how many entries it holds and how many it has room for. */
  private blocks: Int32Array[] = [];
  private starts: Int32Array = new Int32Array(1024);
  private lengths: Int32Array = new Int32Array(1024);
  private capacities: Int32Array = new Int32Array(1024);
  private readonly freeLists: number[] = [];
  /** Inside a step of trimStep, which moves every list and so does what a compaction would. */
  private trimming = 0;
  /** Numbers copied by moves and compactions since the lists were made (what a step of work costs). */
  copiedNumbers = 0;

  /** `blockInts`: see ReferenceArena. */
  constructor(blockInts = BLOCK_INTS) {
    this.arena = new ReferenceArena(blockInts);
  }

  private slot(slug: number): number {
    return slug < this.bySlug.length ? this.bySlug[slug] : 0;
  }

  /** How many entries name the slug numbered `slug`. */
  count(slug: number): number {
    const value = this.slot(slug);
    return value === 0 ? 0 : value < 0 ? 1 : this.lengths[value - 1];
  }

  /** Calls `visit` with the number of each entry that names the slug numbered `slug`. */
  forEach(slug: number, visit: (entry: number) => void): void {
    const value = this.slot(slug);
    if (value === 0) return;
    if (value < 0) {
      visit(-1 - value);
      return;
    }
    // A copy: `visit` may change the lists.
    const list = value - 1;
    const at = this.starts[list];
    for (const entry of this.blocks[list].slice(at, at + this.lengths[list])) visit(entry);
  }

  /**
   * Adds `entry` to the referrers of the slug numbered `slug`. An entry's references are added one
   * after another, with its old ones removed first, so a slug it names twice finds `entry` last in
   * the list: that check keeps each entry once without a search.
   */
  add(slug: number, entry: number): void {
    while (slug >= this.bySlug.length) this.bySlug = grown(this.bySlug);
    const value = this.bySlug[slug];
    if (value === 0) {
      this.bySlug[slug] = -1 - entry;
      return;
    }
    if (value < 0) {
      const lone = -1 - value;
      if (lone === entry) return;
      const list = this.newList(2);
      this.blocks[list][this.starts[list]] = lone;
      this.blocks[list][this.starts[list] + 1] = entry;
      this.lengths[list] = 2;
      this.bySlug[slug] = 1 + list;
      return;
    }
    const list = value - 1;
    const length = this.lengths[list];
    if (this.blocks[list][this.starts[list] + length - 1] === entry) return;
    if (length === this.capacities[list]) this.move(list, length * 2);
    this.blocks[list][this.starts[list] + length] = entry;
    this.lengths[list] = length + 1;
  }

  /** Removes `entry` from the referrers of the slug numbered `slug` (the last takes its place). */
  remove(slug: number, entry: number): void {
    const value = this.slot(slug);
    if (value === 0) return;
    if (value < 0) {
      if (-1 - value === entry) this.bySlug[slug] = 0;
      return;
    }
    const list = value - 1;
    const block = this.blocks[list];
    const start = this.starts[list];
    const length = this.lengths[list];
    const at = block.subarray(start, start + length).indexOf(entry);
    if (at === -1) return;
    block[start + at] = block[start + length - 1];
    this.lengths[list] = length - 1;
    if (length - 1 === 1) {
      this.bySlug[slug] = -1 - block[start];
      this.dropList(list);
    }
  }

  /**
   * A step for a quiet time (true while it has more to do): moves each list to a span of its own
   * length (a list grown by doubling has room for up to as many again), looking at `slotsPerStep`
   * slugs a step, fewer when they take over `sliceMs`. Every list moves, those without room to
   * spare too, so that the blocks they leave empty are dropped: the compaction that moving only
   * some of them called for moved every list at once (138 ms at 100,000 entries), and is not done
   * while the steps go on. Each list is moved whole within a step, so lists may change between
   * steps: one changed is trimmed as it is then, one grown behind the step is left with room to spare.
   */
  trimStep(slotsPerStep = SLOTS_TRIMMED_PER_STEP, sliceMs = SLICE_MS): () => boolean {
    let next = 0;
    return () => {
      const deadline = performance.now() + sliceMs;
      const end = Math.min(this.bySlug.length, next + slotsPerStep);
      this.trimming++;
      try {
        while (next < end) {
          const list = this.bySlug[next++] - 1;
          if (list >= 0) this.move(list, this.lengths[list]);
          // A move copies a list, and a glossary's hub has thousands of referrers: the clock is read every 256 slugs.
          if ((next & 255) === 0 && performance.now() > deadline) break;
        }
      } finally {
        this.trimming--;
      }
      return next < this.bySlug.length;
    };
  }

  private newList(capacity: number): number {
    const list = this.freeLists.pop() ?? this.blocks.length;
    if (list >= this.starts.length) {
      this.starts = grown(this.starts);
      this.lengths = grown(this.lengths);
      this.capacities = grown(this.capacities);
    }
    this.blocks[list] = this.arena.allocate(capacity);
    this.starts[list] = this.arena.at;
    this.capacities[list] = capacity;
    this.lengths[list] = 0;
    return list;
  }

  /** Moves `list` to a span of `capacity`. */
  private move(list: number, capacity: number): void {
    const block = this.blocks[list];
    const capacityBefore = this.capacities[list];
    this.copyToNewSpan(list, capacity);
    this.arena.free(block, capacityBefore);
    if (!this.trimming && this.arena.wasteful) this.compact();
  }

  /** Copies `list`'s entries to a span of `capacity` allocated from the arena, where it lives from now on. */
  private copyToNewSpan(list: number, capacity: number): void {
    const block = this.arena.allocate(capacity);
    const start = this.starts[list];
    block.set(this.blocks[list].subarray(start, start + this.lengths[list]), this.arena.at);
    this.copiedNumbers += this.lengths[list];
    this.blocks[list] = block;
    this.starts[list] = this.arena.at;
    this.capacities[list] = capacity;
  }

  /** How many numbers of the lists' blocks go unused. */
  get unusedNumbers(): number {
    return this.arena.unusedInts;
  }

  private dropList(list: number): void {
    this.arena.free(this.blocks[list], this.capacities[list]);
    this.blocks[list] = NO_NUMBERS;
    this.freeLists.push(list);
  }

  /** Every list to new blocks, when more of the blocks goes unused than is used. */
  private compact(): void {
    this.arena.restart();
    for (const value of this.bySlug) if (value > 0) this.copyToNewSpan(value - 1, this.capacities[value - 1]);
  }
}

/** Slugs whose referrers ReferrerLists.trimStep looks at per step. */
const SLOTS_TRIMMED_PER_STEP = 4000;

function grown(numbers: Int32Array): Int32Array {
  const bigger = new Int32Array(numbers.length * 2);
  bigger.set(numbers);
  return bigger;
}
