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

  /** One use of `number` fewer; at none, the slug loses it. */
  release(number: number): void {
    if (--this.uses[number] > 0) return;
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
 * For each slug, the entries that name it (by number, see GlossaryIndex), each once, in no
 * particular order: a lone entry is kept in the map itself (most unknown slugs have one referrer),
 * more in a span of a ReferenceArena with room to grow, which moves to a span twice as long when
 * full.
 */
export class ReferrerLists {
  /** slug → the one entry naming it as -1 - its number, or (0 and up) the list that holds its entries. */
  private readonly bySlug = new Map<string, number>();
  private arena: ReferenceArena;
  /** Of each list: its block, where it starts in it, how many entries it holds and how many it has room for. */
  private blocks: Int32Array[] = [];
  private starts: Int32Array = new Int32Array(1024);
  private lengths: Int32Array = new Int32Array(1024);
  private capacities: Int32Array = new Int32Array(1024);
  private readonly freeLists: number[] = [];

  /** `blockInts`: see ReferenceArena. */
  constructor(blockInts = BLOCK_INTS) {
    this.arena = new ReferenceArena(blockInts);
  }

  /** How many entries name `slug`. */
  count(slug: string): number {
    const value = this.bySlug.get(slug);
    return value === undefined ? 0 : value < 0 ? 1 : this.lengths[value];
  }

  /** Calls `visit` with the number of each entry that names `slug`. */
  forEach(slug: string, visit: (entry: number) => void): void {
    const value = this.bySlug.get(slug);
    if (value === undefined) return;
    if (value < 0) {
      visit(-1 - value);
      return;
    }
    // A copy: `visit` may change the lists.
    const at = this.starts[value];
    for (const entry of this.blocks[value].slice(at, at + this.lengths[value])) visit(entry);
  }

  /**
   * Adds `entry` to the referrers of `slug`. An entry's references are added one after another,
   * with its old ones removed first, so a slug it names twice finds `entry` last in the list: that
   * check keeps each entry once without a search.
   */
  add(slug: string, entry: number): void {
    const value = this.bySlug.get(slug);
    if (value === undefined) {
      this.bySlug.set(slug, -1 - entry);
      return;
    }
    if (value < 0) {
      const lone = -1 - value;
      if (lone === entry) return;
      const list = this.newList(2);
      this.blocks[list][this.starts[list]] = lone;
      this.blocks[list][this.starts[list] + 1] = entry;
      this.lengths[list] = 2;
      this.bySlug.set(slug, list);
      return;
    }
    const length = this.lengths[value];
    if (this.blocks[value][this.starts[value] + length - 1] === entry) return;
    if (length === this.capacities[value]) this.move(value, length * 2);
    this.blocks[value][this.starts[value] + length] = entry;
    this.lengths[value] = length + 1;
  }

  /** Removes `entry` from the referrers of `slug` (the last takes its place). */
  remove(slug: string, entry: number): void {
    const value = this.bySlug.get(slug);
    if (value === undefined) return;
    if (value < 0) {
      if (-1 - value === entry) this.bySlug.delete(slug);
      return;
    }
    const block = this.blocks[value];
    const start = this.starts[value];
    const length = this.lengths[value];
    const at = block.subarray(start, start + length).indexOf(entry);
    if (at === -1) return;
    block[start + at] = block[start + length - 1];
    this.lengths[value] = length - 1;
    if (length - 1 === 1) {
      this.bySlug.set(slug, -1 - block[start]);
      this.dropList(value);
    }
  }

  /**
   * A step for a quiet time (true while it has more to do): moves each list with room to spare to
   * a span of its own length (a list grown by doubling has room for up to as many again). Each list
   * is moved whole within a step, so lists may change between steps (the quiet times come while
   * the body links are still being read): one made meanwhile may be missed, one changed is trimmed
   * as it is then.
   */
  trimStep(listsPerStep = LISTS_TRIMMED_PER_STEP): () => boolean {
    const lists = this.bySlug.values();
    return () => {
      for (let trimmed = 0; trimmed < listsPerStep; trimmed++) {
        const next = lists.next();
        if (next.done) return false;
        const list = next.value;
        if (list >= 0 && this.capacities[list] > this.lengths[list]) this.move(list, this.lengths[list]);
      }
      return true;
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
    if (this.arena.wasteful) this.compact();
  }

  /** Copies `list`'s entries to a span of `capacity` allocated from the arena, where it lives from now on. */
  private copyToNewSpan(list: number, capacity: number): void {
    const block = this.arena.allocate(capacity);
    const start = this.starts[list];
    block.set(this.blocks[list].subarray(start, start + this.lengths[list]), this.arena.at);
    this.blocks[list] = block;
    this.starts[list] = this.arena.at;
    this.capacities[list] = capacity;
  }

  private dropList(list: number): void {
    this.arena.free(this.blocks[list], this.capacities[list]);
    this.blocks[list] = NO_NUMBERS;
    this.freeLists.push(list);
  }

  /** Every list to new blocks, when more of the blocks goes unused than is used. */
  private compact(): void {
    this.arena.restart();
    for (const list of this.bySlug.values()) if (list >= 0) this.copyToNewSpan(list, this.capacities[list]);
  }
}

/** Lists of referrers moved per step of ReferrerLists.trimStep. */
const LISTS_TRIMMED_PER_STEP = 4000;

function grown(numbers: Int32Array): Int32Array {
  const bigger = new Int32Array(numbers.length * 2);
  bigger.set(numbers);
  return bigger;
}
