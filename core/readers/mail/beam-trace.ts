/** What backtracking needs of one kept state of the beam search. */
export interface TracedState {
  /** Depth of the piece's first (quoted) line and how many of the piece's words it holds. */
  depth: number;
  split: number;
  /** Where the state came from in the row before (-1 for none). */
  back: number;
  /** Depths of the quoted blank lines before the piece's first line. */
  blanks: readonly number[];
  /** True when the run before the piece was a `>` in the text. */
  literal: boolean;
}

/**
 * What backtracking needs of every kept state, row by row, in typed arrays: only two rows of state
 * objects are alive at a time, and a 20 MB paste keeps a million states or more.
 *
 * A state is two numbers: its split, and where it came from with its reading (the piece's depth,
 * the blank lines before it and whether its run was a `>` in the text). Readings are few (the runs'
 * decompositions, one list of blank lines shared by each), so each is numbered once and a state
 * holds its number: four numbers a state were 12 MB of the 10 MB one-line paste's peak.
 *
 * The states are stored in blocks of a fixed size rather than in arrays grown by copying: a grown
 * array held its old copy until a full collection, and on a paste that is one 10 MB line the copies
 * were twice the trace (33 MB of buffers for 11 MB of states, the largest thing the search kept).
 */
export class Trace {
  private size = 0;
  // Each state's split, then its reading's number shifted left by BACK_BITS over its back plus one
  // (0 for none), FIELDS to a state; block k holds states k * BLOCK up to (k + 1) * BLOCK.
  private readonly blocks: Int32Array[];
  // Each reading's depth, blank lines and literal flag, by number.
  private readonly readingDepth: number[] = [];
  private readonly readingBlanks: (readonly number[])[] = [];
  private readonly readingLiteral: boolean[] = [];
  // The numbers of the readings met with each list of blank lines, by depth * 2 + literal flag.
  private readonly readingsOf = new Map<readonly number[], Map<number, number>>();
  // The reading of the state last pushed, and its number: states in a row mostly share one.
  private lastBlanks: readonly number[] | undefined;
  private lastKey = -1;
  private lastReading = -1;
  /** Where each row starts in the blocks. */
  private readonly rows: number[] = [];

  /**
   * `rows`: how many rows the search will push. Most flattened lines are short: the first block is
   * sized for a few states a row and grows up to a whole block when needed, rather than every line
   * zeroing room for a long one.
   */
  constructor(rows: number) {
    this.blocks = [new Int32Array(Math.min(BLOCK, Math.max(16, rows * 2)) * FIELDS)];
  }

  push(states: readonly TracedState[]): void {
    this.rows.push(this.size);
    for (const s of states) {
      const at = this.size++;
      const i = (at & (BLOCK - 1)) * FIELDS;
      let block = this.blocks[at >>> BLOCK_BITS];
      if (block === undefined || i >= block.length) block = this.grow(at);
      block[i] = s.split;
      block[i + 1] = this.readingOf(s) * BACKS + s.back + 1;
    }
  }

  /** The number of state `s`'s reading, numbered now if it is new. */
  private readingOf(s: TracedState): number {
    const key = s.depth * 2 + (s.literal ? 1 : 0);
    if (s.blanks === this.lastBlanks && key === this.lastKey) return this.lastReading;
    let numbers = this.readingsOf.get(s.blanks);
    if (numbers === undefined) {
      numbers = new Map();
      this.readingsOf.set(s.blanks, numbers);
    }
    let reading = numbers.get(key);
    if (reading === undefined) {
      reading = this.readingDepth.length;
      // A reading is numbered at most once per state pushed, and the trace of 2^27 states would
      // be a gigabyte: no paste a parse can hold gets near the bound the packing allows.
      if (reading >= MAX_READINGS) throw new RangeError("too many readings of one flattened line");
      this.readingDepth.push(s.depth);
      this.readingBlanks.push(s.blanks);
      this.readingLiteral.push(s.literal);
      numbers.set(key, reading);
    }
    this.lastBlanks = s.blanks;
    this.lastKey = key;
    this.lastReading = reading;
    return reading;
  }

  /** Makes room for state `at`: the first block grows by half again up to a whole one, then a new block follows. */
  private grow(at: number): Int32Array {
    const k = at >>> BLOCK_BITS;
    const old = this.blocks[k];
    let n = BLOCK * FIELDS;
    if (k === 0 && old !== undefined) {
      n = old.length;
      while (n <= (at & (BLOCK - 1)) * FIELDS) n = Math.min(BLOCK * FIELDS, Math.ceil(n / FIELDS * 1.5) * FIELDS);
    }
    const block = new Int32Array(n);
    if (old !== undefined) block.set(old);
    this.blocks[k] = block;
    return block;
  }

  /**
   * The states on the path that ends at state `last` of the last row, one per row, apart from the
   * trace: rebuilding the lines then holds only the path, while the trace, the largest thing the
   * search of a long line keeps, can go.
   */
  best(last: number): Trace {
    const path = new Trace(0);
    // One state a row, each coming from the one before; a single object carries them all in.
    const state = { depth: 0, split: 0, back: -1, blanks: NONE, literal: false };
    const row = [state];
    for (const at of this.path(last)) {
      state.depth = this.depth(at);
      state.split = this.split(at);
      state.blanks = this.blanks(at);
      state.literal = this.literal(at);
      path.push(row);
      state.back = 0;
    }
    return path;
  }

  /** The index of each row's state on the path that ends at state `last` of the last row. */
  path(last: number): number[] {
    const out: number[] = [];
    let k = last;
    for (let j = this.rows.length - 1; j >= 0 && k >= 0; j--) {
      const at = (this.rows[j] ?? 0) + k;
      out.push(at);
      k = this.back(at);
    }
    return out.reverse();
  }

  depth(at: number): number {
    return this.readingDepth[this.reading(at)] ?? 0;
  }

  split(at: number): number {
    return this.field(at, 0);
  }

  private back(at: number): number {
    return (this.field(at, 1) & (BACKS - 1)) - 1;
  }

  literal(at: number): boolean {
    return this.readingLiteral[this.reading(at)] ?? false;
  }

  blanks(at: number): readonly number[] {
    return this.readingBlanks[this.reading(at)] ?? [];
  }

  private reading(at: number): number {
    return this.field(at, 1) >>> BACK_BITS;
  }

  private field(at: number, f: number): number {
    return this.blocks[at >>> BLOCK_BITS]?.[(at & (BLOCK - 1)) * FIELDS + f] ?? 0;
  }
}

const NONE: readonly number[] = [];
// States a block (a power of two) and the numbers kept for each.
const BLOCK_BITS = 14;
const BLOCK = 1 << BLOCK_BITS;
const FIELDS = 2;
// A state's back is -1 (none) or the index of a kept state of the row before, below BEAM (8): plus
// one, it fits in BACK_BITS; the reading's number takes the rest of a positive 32-bit integer.
const BACK_BITS = 4;
const BACKS = 1 << BACK_BITS;
const MAX_READINGS = 2 ** (31 - BACK_BITS);
