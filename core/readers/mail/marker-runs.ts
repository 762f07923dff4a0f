/*
 * Readings of a run of inline quote markers (`> > >`, `>> >>>`): which of its tokens are quoted blank
 * lines and which the prefix of the next line, with what each reading costs for the prefixes it gives
 * (clients write each line's prefix the same way; a deeper line extends it, a shallower one cuts it).
 */

// Depths up to which a reading keeps its move codes (deeper quotes are rare: computed each time).
export const MOVE_SLOTS = 32;
// Cost of a line prefix that neither repeats, extends nor shortens the one before it.
const SHAPE_BREAK = 4;
// Cost of each quoted blank line in a run past the second.
const EXTRA_BLANK = 0.5;

export interface Decomposition {
  blanks: number[];
  /** Marker token shapes of each line in the run (blank lines first), as `shapeId`s of e.g. `1,2` for `> >>`. */
  shapes: number[];
  depth: number;
  /** The part of `shapeCost` within the run: between its own lines' prefixes. */
  innerCost: number;
  /** `moveCode`s from each previous depth below `MOVE_SLOTS`, -1 until asked for (readings are shared). */
  moves: Int32Array;
  /** The shapes of the run's first and last lines. */
  firstShape: number;
  lastShape: number;
}

// Real quote prefixes stay well under this many marker tokens; a longer run (junk, or input built
// to stall the search) is read as one line's prefix, so the work stays linear in its length.
const MAX_RUN_TOKENS = 96;

export const NO_SHAPE = -1;
// Marker counts and readings one table holds before a search moves on to fresh ones: each distinct
// run of n tokens adds about n² counts, and real mail holds a few thousand.
const MAX_HELD = 1 << 20;

/**
 * The readings and prefix shapes of one paste's marker runs. Runs repeat (`> >`, `>>`) thousands of
 * times in a paste, so each distinct run is read once; a paste built of many distinct runs fills
 * tables that go with the paste, so one paste never slows or grows the process for the next.
 */
export class MarkerRuns {
  private readonly readings = new Map<string, Decomposition[]>();
  // Prefix shapes (`1,2` for `> >>`) as small integers: their marker counts, by id and by name.
  private readonly shapeTokens: (readonly number[])[] = [];
  private readonly shapeIds = new Map<string, number>();
  // Marker counts held in the shape tables and readings held in the cache.
  private held = 0;

  /** Whether the tables hold so much (a paste of many distinct long runs) that they should start over. */
  get full(): boolean {
    return this.held > MAX_HELD;
  }

  /** The id in `other` of this table's shape `id`, for a search that carries on with fresh tables. */
  carry(id: number, other: MarkerRuns): number {
    const tokens = this.shapeTokens[id];
    return tokens === undefined ? NO_SHAPE : other.shapeId(tokens.slice());
  }

  /** Ways to read a run of marker tokens: up to two quoted blank lines, then the next line's prefix. */
  decompositions(run: readonly number[]): Decomposition[] {
    const key = run.join(",");
    let cached = this.readings.get(key);
    if (cached === undefined) {
      cached = this.readingsOf(run);
      this.readings.set(key, cached);
      this.held += cached.length;
    }
    return cached;
  }

  /**
   * Clients write each line's prefix the same way (`> >>` stays `> >>`; a deeper line extends it, a
   * shallower one cuts it short). Cost of the prefixes in a run given the previous line's prefix.
   */
  shapeCost(previous: number, dec: Decomposition): number {
    return dec.innerCost + (this.fits(previous, dec.firstShape) ? 0 : SHAPE_BREAK);
  }

  private readingsOf(run: readonly number[]): Decomposition[] {
    // Marker counts summed up to each token: any stretch's depth in one subtraction.
    const upTo = [0];
    for (const count of run) upTo.push((upTo[upTo.length - 1] ?? 0) + count);
    const sum = (from: number, to: number): number => (upTo[to] ?? 0) - (upTo[from] ?? 0);
    const shape = (from: number, to: number): number => this.shapeId(run.slice(from, to));
    if (run.length > MAX_RUN_TOKENS) return [this.withInnerCost({ blanks: [], shapes: [shape(0, run.length)], depth: sum(0, run.length) })];
    const out: Decomposition[] = [];
    // Three or more quoted blank lines in a row (clients that pad paragraphs) repeat one prefix.
    for (let unit = 1; unit * 4 <= run.length; unit++) {
      const blank = sum(0, unit);
      let blankShape = NO_SHAPE;
      for (let lines = 3; (lines + 1) * unit <= run.length; lines++) {
        const end = lines * unit;
        if (!sameTokens(run, 0, end - unit, unit)) break;
        if (blankShape === NO_SHAPE) blankShape = shape(0, unit);
        const depth = sum(end, run.length);
        const shapes = Array<number>(lines).fill(blankShape);
        shapes.push(shape(end, run.length));
        out.push(this.withInnerCost({ blanks: Array<number>(lines).fill(blank), shapes, depth }));
      }
    }
    for (let g = 0; g < run.length; g++) {
      const depth = sum(g, run.length);
      const last = shape(g, run.length);
      if (g === 0) out.push(this.withInnerCost({ blanks: [], shapes: [last], depth }));
      else {
        out.push(this.withInnerCost({ blanks: [sum(0, g)], shapes: [shape(0, g), last], depth }));
        // Two blank lines in a run repeat a depth (`>>` `>>` `>> text`, `>>>` `>>` `>> text`); other
        // splits are rare and, in long runs, many.
        for (let h = 1; h < g; h++) {
          const first = sum(0, h);
          const second = sum(h, g);
          if (first === second || first === depth || second === depth) {
            out.push(this.withInnerCost({ blanks: [first, second], shapes: [shape(0, h), shape(h, g), last], depth }));
          }
        }
      }
    }
    return out;
  }

  private shapeId(tokens: number[]): number {
    const name = tokens.join(",");
    let id = this.shapeIds.get(name);
    if (id === undefined) {
      id = this.shapeTokens.push(tokens) - 1;
      this.shapeIds.set(name, id);
      this.held += tokens.length;
    }
    return id;
  }

  /** Same shape, or one extends the other: the prefix a client writes for a deeper or shallower line. */
  private fits(a: number, b: number): boolean {
    if (a === b || a === NO_SHAPE || b === NO_SHAPE) return true;
    const x = this.shapeTokens[a] ?? [];
    const y = this.shapeTokens[b] ?? [];
    return extends_(x, y) || extends_(y, x);
  }

  /** A reading with its `innerCost`, worked out once: the search asks for its `shapeCost` many times. */
  private withInnerCost(dec: Omit<Decomposition, "innerCost" | "moves" | "firstShape" | "lastShape">): Decomposition {
    // The line model tells blank lines apart only up to two; each one more is rarer still.
    let innerCost = Math.max(0, dec.blanks.length - 2) * EXTRA_BLANK;
    for (let i = 1; i < dec.shapes.length; i++) {
      if (!this.fits(dec.shapes[i - 1] ?? NO_SHAPE, dec.shapes[i] ?? NO_SHAPE)) innerCost += SHAPE_BREAK;
    }
    // Every field named, in one order: the search reads these objects millions of times, and a spread
    // would leave them without one shared shape.
    return {
      blanks: dec.blanks,
      shapes: dec.shapes,
      depth: dec.depth,
      innerCost,
      moves: new Int32Array(MOVE_SLOTS).fill(-1),
      firstShape: dec.shapes[0] ?? NO_SHAPE,
      lastShape: dec.shapes[dec.shapes.length - 1] ?? NO_SHAPE,
    };
  }
}

/** Whether `run[a..a+length)` and `run[b..b+length)` hold the same marker counts. */
function sameTokens(run: readonly number[], a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (run[a + i] !== run[b + i]) return false;
  return true;
}

/**
 * Whether prefix shape `longer` is `shorter` plus more markers: more tokens (`1,2,1` extends `1,2`) or,
 * in the compact style, more markers in the last token (`5` extends `4`, `1,3` extends `1,2`).
 * Asked only of two different shapes (a shape does not extend itself).
 */
function extends_(longer: readonly number[], shorter: readonly number[]): boolean {
  const last = shorter.length - 1;
  if (longer.length < shorter.length) return false;
  // Stops at the first difference: shapes met in a search rarely share more than a token or two.
  for (let i = 0; i < last; i++) if (shorter[i] !== longer[i]) return false;
  return (shorter[last] ?? 0) <= (longer[last] ?? 0);
}
