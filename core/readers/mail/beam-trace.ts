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
 * objects are alive at a time, and a 20 MB paste keeps a million states or more. Blank-line lists
 * are few and shared (one per reading of a run), so each state holds the number of its list.
 */
export class Trace {
  private size = 0;
  private depths: Int32Array;
  private splits: Int32Array;
  private backs: Int32Array;
  private literals: Uint8Array;
  private blankIds: Int32Array;
  private readonly blankLists: (readonly number[])[] = [];
  private readonly blankIdOf = new Map<readonly number[], number>();
  /** Where each row starts in the arrays. */
  private readonly rows: number[] = [];

  /**
   * `rows`: how many rows the search will push. Most flattened lines are short: arrays sized for a
   * few states a row grow when needed, rather than every line zeroing room for a long one.
   */
  constructor(rows: number) {
    const n = Math.min(INITIAL, Math.max(16, rows * 2));
    this.depths = new Int32Array(n);
    this.splits = new Int32Array(n);
    this.backs = new Int32Array(n);
    this.literals = new Uint8Array(n);
    this.blankIds = new Int32Array(n);
  }

  push(states: readonly TracedState[]): void {
    this.rows.push(this.size);
    if (this.size + states.length > this.depths.length) this.grow(this.size + states.length);
    for (const s of states) {
      const at = this.size++;
      this.depths[at] = s.depth;
      this.splits[at] = s.split;
      this.backs[at] = s.back;
      this.literals[at] = s.literal ? 1 : 0;
      let id = this.blankIdOf.get(s.blanks);
      if (id === undefined) {
        id = this.blankLists.push(s.blanks) - 1;
        this.blankIdOf.set(s.blanks, id);
      }
      this.blankIds[at] = id;
    }
  }

  private grow(need: number): void {
    // By half again, not twice: on a paste that is one long line these arrays are the search's largest,
    // and while they grow the old ones are held too.
    let n = this.depths.length;
    while (n < need) n = Math.ceil(n * 1.5);
    const widen = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.depths = widen(this.depths, (k) => new Int32Array(k));
    this.splits = widen(this.splits, (k) => new Int32Array(k));
    this.backs = widen(this.backs, (k) => new Int32Array(k));
    this.literals = widen(this.literals, (k) => new Uint8Array(k));
    this.blankIds = widen(this.blankIds, (k) => new Int32Array(k));
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
      k = this.backs[at] ?? -1;
    }
    return out.reverse();
  }

  depth(at: number): number {
    return this.depths[at] ?? 0;
  }

  split(at: number): number {
    return this.splits[at] ?? 0;
  }

  literal(at: number): boolean {
    return this.literals[at] === 1;
  }

  blanks(at: number): readonly number[] {
    return this.blankLists[this.blankIds[at] ?? -1] ?? [];
  }
}

const NONE: readonly number[] = [];
// The most a trace starts with; a long line's grows as its rows come.
const INITIAL = 1024;
