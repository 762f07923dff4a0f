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

// Runs repeat (`> >`, `>>`) thousands of times in a paste: their readings are built once.
const decompositionCache = new Map<string, Decomposition[]>();

/** Ways to read a run of marker tokens: up to two quoted blank lines, then the next line's prefix. */
export function decompositions(run: readonly number[]): Decomposition[] {
  const key = run.join(",");
  let cached = decompositionCache.get(key);
  if (cached === undefined) {
    cached = readingsOf(run);
    if (decompositionCache.size > 10_000) decompositionCache.clear();
    decompositionCache.set(key, cached);
  }
  return cached;
}

// Real quote prefixes stay well under this many marker tokens; a longer run (junk, or input built
// to stall the search) is read as one line's prefix, so the work stays linear in its length.
const MAX_RUN_TOKENS = 96;

function readingsOf(run: readonly number[]): Decomposition[] {
  const sum = (from: number, to: number): number => run.slice(from, to).reduce((a, b) => a + b, 0);
  const shape = (from: number, to: number): number => shapeId(run.slice(from, to).join(","));
  if (run.length > MAX_RUN_TOKENS) return [withInnerCost({ blanks: [], shapes: [shape(0, run.length)], depth: sum(0, run.length) })];
  const out: Decomposition[] = [];
  // Three or more quoted blank lines in a row (clients that pad paragraphs) repeat one prefix.
  for (let unit = 1; unit * 4 <= run.length; unit++) {
    const key = run.slice(0, unit).join(",");
    for (let lines = 3; (lines + 1) * unit <= run.length; lines++) {
      const end = lines * unit;
      if (run.slice(end - unit, end).join(",") !== key) break;
      const depth = sum(end, run.length);
      out.push(withInnerCost({ blanks: Array<number>(lines).fill(sum(0, unit)), shapes: [...Array<number>(lines).fill(shape(0, unit)), shape(end, run.length)], depth }));
    }
  }
  for (let g = 0; g < run.length; g++) {
    const depth = sum(g, run.length);
    const last = shape(g, run.length);
    if (g === 0) out.push(withInnerCost({ blanks: [], shapes: [last], depth }));
    else {
      out.push(withInnerCost({ blanks: [sum(0, g)], shapes: [shape(0, g), last], depth }));
      // Two blank lines in a run repeat a depth (`>>` `>>` `>> text`, `>>>` `>>` `>> text`); other
      // splits are rare and, in long runs, many.
      for (let h = 1; h < g; h++) {
        const first = sum(0, h);
        const second = sum(h, g);
        if (first === second || first === depth || second === depth) {
          out.push(withInnerCost({ blanks: [first, second], shapes: [shape(0, h), shape(h, g), last], depth }));
        }
      }
    }
  }
  return out;
}

// Prefix shapes (`1,2` for `> >>`) as small integers, and which pairs are compatible.
export const NO_SHAPE = -1;
const shapeNames: string[] = [];
const shapeIds = new Map<string, number>();
// The search asks millions of times, so answers sit in flat rows (0 unknown, 1 yes, 2 no), one row per
// shape as met; shapes past the rows' width (never seen in real mail) are worked out each time.
const ROW = 4096;
const compatible: (Uint8Array | undefined)[] = [];

function shapeId(name: string): number {
  let id = shapeIds.get(name);
  if (id === undefined) {
    id = shapeNames.push(name) - 1;
    shapeIds.set(name, id);
  }
  return id;
}

/**
 * Whether prefix shape `longer` is `shorter` plus more markers: more tokens (`1,2,1` extends `1,2`) or,
 * in the compact style, more markers in the last token (`5` extends `4`, `1,3` extends `1,2`).
 */
function extends_(longer: string, shorter: string): boolean {
  if (longer === shorter) return false;
  const a = shorter.split(",").map(Number);
  const b = longer.split(",").map(Number);
  const last = a.length - 1;
  if (b.length < a.length) return false;
  for (let i = 0; i < last; i++) if (a[i] !== b[i]) return false;
  return (a[last] ?? 0) <= (b[last] ?? 0);
}

/** Same shape, or one extends the other: the prefix a client writes for a deeper or shallower line. */
function fits(a: number, b: number): boolean {
  if (a === b || a === NO_SHAPE || b === NO_SHAPE) return true;
  const row = a < ROW && b < ROW ? (compatible[a] ??= new Uint8Array(ROW)) : undefined;
  const known = row?.[b] ?? 0;
  if (known !== 0) return known === 1;
  const [x = "", y = ""] = [shapeNames[a], shapeNames[b]];
  const ok = extends_(x, y) || extends_(y, x);
  if (row !== undefined) row[b] = ok ? 1 : 2;
  return ok;
}

/**
 * Clients write each line's prefix the same way (`> >>` stays `> >>`; a deeper line extends it, a
 * shallower one cuts it short). Cost of the prefixes in a run given the previous line's prefix.
 */
export function shapeCost(previous: number, dec: Decomposition): number {
  return dec.innerCost + (fits(previous, dec.firstShape) ? 0 : SHAPE_BREAK);
}

/** A reading with its `innerCost`, worked out once: the search asks for its `shapeCost` many times. */
function withInnerCost(dec: Omit<Decomposition, "innerCost" | "moves" | "firstShape" | "lastShape">): Decomposition {
  // The line model tells blank lines apart only up to two; each one more is rarer still.
  let innerCost = Math.max(0, dec.blanks.length - 2) * EXTRA_BLANK;
  for (let i = 1; i < dec.shapes.length; i++) {
    if (!fits(dec.shapes[i - 1] ?? NO_SHAPE, dec.shapes[i] ?? NO_SHAPE)) innerCost += SHAPE_BREAK;
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
