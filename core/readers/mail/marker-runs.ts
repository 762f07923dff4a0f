/*
 * Readings of a run of inline quote markers (`> > >`, `>> >>>`): which of its tokens are quoted blank
 * lines and which the prefix of the next line, with what each reading costs for the prefixes it gives
 * (clients write each line's prefix the same way; a deeper line extends it, a shallower one cuts it).
 */

// Depths up to which a reading keeps its move codes (deeper quotes are rare: computed each time).
export const MOVE_SLOTS = 32;
// Cost of a line prefix that neither repeats, extends nor shortens the one before it. In the dev lists'
// mail not one of 57,333 pairs of quoted lines breaks its prefix so; -ln of the rule-of-three bound
// (3 / 57,333) is about 10. A cheaper break let `>>> >>>>` after `>>>>>>` lines read as one prefix, 7
// deep, rather than a blank line at 3 and a line at 4.
const SHAPE_BREAK = 10;
// Cost of each quoted blank line in a run past the second.
const EXTRA_BLANK = 0.5;

export interface Decomposition {
  blanks: number[];
  /** The first of `blanks`, 0 for none. */
  firstBlank: number;
  /** Marker token shapes of each line in the run (blank lines first), as `shapeId`s of e.g. `1,2` for `> >>`. */
  shapes: number[];
  depth: number;
  /** The part of `shapeCost` within the run: for its blank lines past the second. */
  innerCost: number;
  /**
   * `moveCode`s from each previous depth below `MOVE_SLOTS`, from `movesAt` on, -1 until asked for
   * (readings are shared). One table serves all the readings of a run: one allocation, not hundreds.
   */
  moves: Int32Array;
  movesAt: number;
  /** The shapes of the run's first and last lines. */
  firstShape: number;
  lastShape: number;
  /** Whether the last line's prefix is one token (`>>>`, not `> >>`). */
  lastCompact: boolean;
}

/** A reading before its cost and move table are worked out. */
type Reading = Pick<Decomposition, "blanks" | "shapes" | "depth">;

// Real quote prefixes stay well under this many marker tokens; a longer run (junk, or input built
// to stall the search) is read as one line's prefix, so the work stays linear in its length.
const MAX_RUN_TOKENS = 96;
// Readings are kept to what real mail shows (test/fixtures/corpus): lines at most 21 levels deep
// (a few levels of room here), at most 20 quoted blank lines in a row, and no quoted blank line
// whose prefix the next line's breaks (0 of 1,041 such pairs): a run of distinct shapes near
// MAX_RUN_TOKENS would otherwise give hundreds of readings, each scored against the whole beam. A
// lone blank line may be deeper: it stands for a stretch of blank lines of differing depths
// (`> >>>>>` `> >>>>` ... `> >>`), which no reading spells out.
export const MAX_LINE_DEPTH = 24;
export const MAX_BLANK_LINES = 20;
// Tokens of up to this many markers (`>` to `>>>>`, nearly all of them) find their trie child in
// an array slot; a longer token looks it up by name.
const SLOTS = 4;
// The trie's root: the shape of no tokens.
const ROOT = 0;

export const NO_SHAPE = -1;
// Marker counts and readings one table holds before a search moves on to fresh ones: each distinct
// run adds a few hundred, and real mail holds a few thousand.
const MAX_HELD = 1 << 20;
// Shapes a table shared by the lines of one paste may hold when a line starts on it (see `worn`).
const MAX_SHARED_SHAPES = 2048;
// Shapes whose pairs `fits` keeps its answers for (a 16 KB table), and the answers.
const FIT_SHAPES = 128;
const FITS = 2;
const APART = 1;

/**
 * The readings and prefix shapes of one paste's marker runs. Runs repeat (`> >`, `>>`) thousands of
 * times in a paste, so each distinct run is read once, for all the paste's flattened lines; a paste
 * built of many distinct runs fills tables that go with the paste, so one paste never slows or grows
 * the process for the next.
 */
export class MarkerRuns {
  private readonly readings = new Map<string, Decomposition[]>();
  // Prefix shapes (`1,2` for `> >>`) as small integers: their marker counts by id. Shapes are found
  // through a trie of marker counts, so naming one builds no string: the child of a node for a token
  // of c ≤ SLOTS markers is `slots[node * SLOTS + c - 1]` (ROOT for none yet), of a longer token in
  // `wide`. A node becomes a shape, with the next id, when first asked for as one.
  private readonly shapeTokens: (readonly number[])[] = [];
  private readonly slots: number[] = Array<number>(SLOTS).fill(ROOT);
  private readonly wide = new Map<string, number>();
  private readonly nodeShapes: number[] = [NO_SHAPE];
  // Marker counts held in the shape tables and readings held in the cache.
  private held = 0;
  // `fits` of each pair of shapes below FIT_SHAPES: 0 until asked, then FITS or APART.
  private fitTable: Uint8Array | undefined;

  /** Whether the tables hold so much (a paste of many distinct long runs) that they should start over. */
  get full(): boolean {
    return this.held > MAX_HELD;
  }

  /**
   * Whether the next line of a paste should start on fresh tables instead of these, which its lines
   * before it filled: full, or holding so many shapes that a line's own could pass the 4,096 whose ids
   * the search tells apart (it keys states on a shape id's low 12 bits), as they could not on tables
   * of its own unless it held that many itself.
   */
  get worn(): boolean {
    return this.full || this.shapeTokens.length > MAX_SHARED_SHAPES;
  }

  /** The id in `other` of this table's shape `id`, for a search that carries on with fresh tables. */
  carry(id: number, other: MarkerRuns): number {
    const tokens = this.shapeTokens[id];
    return tokens === undefined ? NO_SHAPE : other.shapeOf(other.nodeOf(tokens, 0, tokens.length), tokens, 0, tokens.length);
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
    // Sums, shapes and leads are module functions and methods, not closures: the run's readings are
    // made once per distinct run of every paste, and a closure made per call costs more than its work.
    if (run.length > MAX_RUN_TOKENS) return this.finished([{ blanks: [], shapes: [this.shapeAt(run, 0, run.length)], depth: sum(upTo, 0, run.length) }]);
    // Trie nodes of the run's first g tokens: the blank lines' prefixes start there.
    const opening = [ROOT];
    for (const count of run) opening.push(this.child(opening[opening.length - 1] ?? ROOT, count));
    const out: Reading[] = [];
    // Three or more quoted blank lines in a row (clients that pad paragraphs) repeat one prefix.
    for (let unit = 1; unit * 4 <= run.length; unit++) {
      const blank = sum(upTo, 0, unit);
      // Deeper units have deeper blank lines.
      if (blank > MAX_LINE_DEPTH) break;
      // The loop below checks each unit from the third on; the second is checked here.
      if (!sameTokens(run, 0, unit, unit)) continue;
      let blankShape = NO_SHAPE;
      for (let lines = 3; (lines + 1) * unit <= run.length && lines <= MAX_BLANK_LINES; lines++) {
        const end = lines * unit;
        if (!sameTokens(run, 0, end - unit, unit)) break;
        const depth = sum(upTo, end, run.length);
        if (depth > MAX_LINE_DEPTH) continue;
        if (blankShape === NO_SHAPE) blankShape = this.lead(opening, run, unit);
        const last = this.shapeAt(run, end, run.length);
        if (!this.fits(blankShape, last)) continue;
        const shapes = Array<number>(lines).fill(blankShape);
        shapes.push(last);
        out.push({ blanks: Array<number>(lines).fill(blank), shapes, depth });
      }
    }
    for (let g = 0; g < run.length; g++) {
      const depth = sum(upTo, g, run.length);
      // The whole run as one prefix is always a reading, however deep: the search needs one.
      if (g > 0 && depth > MAX_LINE_DEPTH) continue;
      const last = this.shapeAt(run, g, run.length);
      if (g === 0) out.push({ blanks: [], shapes: [last], depth });
      else {
        const blank = this.lead(opening, run, g);
        if (this.fits(blank, last)) out.push({ blanks: [sum(upTo, 0, g)], shapes: [blank, last], depth });
        // Two blank lines in a run repeat a depth (`>>` `>>` `>> text`, `>>>` `>>` `>> text`); other
        // splits are rare and, in long runs, many.
        for (let h = 1; h < g; h++) {
          const first = sum(upTo, 0, h);
          const second = sum(upTo, h, g);
          if (first > MAX_LINE_DEPTH) break;
          if (second > MAX_LINE_DEPTH) continue;
          if (first === second || first === depth || second === depth) {
            const upper = this.lead(opening, run, h);
            const lower = this.shapeAt(run, h, g);
            if (this.fits(upper, lower) && this.fits(lower, last)) out.push({ blanks: [first, second], shapes: [upper, lower, last], depth });
          }
        }
      }
    }
    // A lone token may be the quoted blank line that closes a quote (`> last line` `>`), with the
    // reply after it unquoted: `line > Reply` leaves no marker of its own for the reply's depth 0.
    if (run.length === 1 && (run[0] ?? 0) <= MAX_LINE_DEPTH) {
      const blank = this.lead(opening, run, 1);
      out.push({ blanks: [run[0] ?? 0], shapes: [blank, blank], depth: 0 });
    }
    return this.finished(out);
  }

  /** The shape id of `run[from..to)`. */
  private shapeAt(run: readonly number[], from: number, to: number): number {
    return this.shapeOf(this.nodeOf(run, from, to), run, from, to);
  }

  /** The shape id of the run's first `to` tokens, whose trie nodes are `opening`. */
  private lead(opening: readonly number[], run: readonly number[], to: number): number {
    return this.shapeOf(opening[to] ?? ROOT, run, 0, to);
  }

  /** The trie node of the shape `tokens[from..to)`. */
  private nodeOf(tokens: readonly number[], from: number, to: number): number {
    let at = ROOT;
    for (let i = from; i < to; i++) at = this.child(at, tokens[i] ?? 0);
    return at;
  }

  /** The trie node of the shape at `node` plus one token of `count` markers. */
  private child(node: number, count: number): number {
    const slot = count <= SLOTS ? node * SLOTS + count - 1 : -1;
    const known = slot >= 0 ? (this.slots[slot] ?? ROOT) : (this.wide.get(`${node},${count}`) ?? ROOT);
    if (known !== ROOT) return known;
    const next = this.nodeShapes.push(NO_SHAPE) - 1;
    for (let i = 0; i < SLOTS; i++) this.slots.push(ROOT);
    if (slot >= 0) this.slots[slot] = next;
    else this.wide.set(`${node},${count}`, next);
    this.held++;
    return next;
  }

  /** The shape id of trie `node`, which stands for `tokens[from..to)`. */
  private shapeOf(node: number, tokens: readonly number[], from: number, to: number): number {
    let id = this.nodeShapes[node] ?? NO_SHAPE;
    if (id === NO_SHAPE) {
      id = this.shapeTokens.push(tokens.slice(from, to)) - 1;
      this.nodeShapes[node] = id;
      this.held += to - from;
    }
    return id;
  }

  /** Same shape, or one extends the other: the prefix a client writes for a deeper or shallower line. */
  private fits(a: number, b: number): boolean {
    if (a === b || a === NO_SHAPE || b === NO_SHAPE) return true;
    // The search asks this of every state and reading: the answers for a paste's first shapes (nearly
    // all it meets) are kept, as a shape's tokens never change.
    // One way through for both: a shape past them, first met a few hundred pieces into a paste, took
    // a call the optimised search had never made, and it was thrown away and compiled again.
    const kept = a < FIT_SHAPES && b < FIT_SHAPES;
    const table = (this.fitTable ??= new Uint8Array(FIT_SHAPES * FIT_SHAPES));
    const at = kept ? a * FIT_SHAPES + b : 0;
    let answer = kept ? (table[at] ?? 0) : 0;
    if (answer === 0) {
      answer = this.extendsEither(a, b) ? FITS : APART;
      if (kept) table[at] = answer;
    }
    return answer === FITS;
  }

  /** `fits` of two different shapes, worked out from their tokens. */
  private extendsEither(a: number, b: number): boolean {
    const x = this.shapeTokens[a] ?? [];
    const y = this.shapeTokens[b] ?? [];
    return extends_(x, y) || extends_(y, x);
  }

  /** Readings with their `innerCost` and one move table for them all. */
  private finished(readings: readonly Reading[]): Decomposition[] {
    const moves = new Int32Array(readings.length * MOVE_SLOTS).fill(-1);
    return readings.map((dec, i) => {
      // The line model tells blank lines apart only up to two; each one more is rarer still. (A
      // reading's own prefixes always fit one another: readings that break them are not made.)
      const innerCost = Math.max(0, dec.blanks.length - 2) * EXTRA_BLANK;
      // Every field named, in one order: the search reads these objects millions of times, and a spread
      // would leave them without one shared shape.
      return {
        blanks: dec.blanks,
        firstBlank: dec.blanks[0] ?? 0,
        shapes: dec.shapes,
        depth: dec.depth,
        innerCost,
        moves,
        movesAt: i * MOVE_SLOTS,
        firstShape: dec.shapes[0] ?? NO_SHAPE,
        lastShape: dec.shapes[dec.shapes.length - 1] ?? NO_SHAPE,
        lastCompact: (this.shapeTokens[dec.shapes[dec.shapes.length - 1] ?? NO_SHAPE]?.length ?? 0) === 1,
      };
    });
  }
}

// Cost of a line whose prefix at depth 2 or more is spaced (`> >`) where a run of one token of as many
// markers (`>>`) shows the paste writes that depth compact. A paste's lines at one depth passed through
// the same clients, so they share one prefix: the dev lists' mail breaks that at 12 of 5,250 depths
// (-ln(12 / 5,250) is about 6). Without it quoted blank lines (`> > > Hello`) read as a deeper line,
// giving the quote below to the wrong writer: dev flat +678 words (mean 0.9113 -> 0.9127), other→content unchanged.
export const SPACED_AT_COMPACT_DEPTH = 6;

// Shortest text between two marker runs read as a quoted line that shows a depth's prefix: a shift
// in code (`x >> 4 >> y`) leaves less.
const MIN_LINE_TEXT = 20;

/**
 * Depths (2 or more) that the paste writes as one token (`>>` for 2): `flags[depth]` is 1. A run with a
 * line of text after it and a run that opens with the same tokens after that (`>> text >> more`,
 * `> > text > > > more`) shows how its depth is written; a depth is flagged when runs show it compact
 * more often than spaced. One showing is not enough: a shell's or a language's `>>` (`x >> 4 >> y`,
 * `echo a >> f`) looks the same (dev: quoted code's shifts read as the depth's prefix, -361 flat words).
 * `textLength(r)` is the length of the text after run `r`.
 */
export function compactDepths(runs: readonly (readonly number[])[], textLength: (r: number) => number): Uint8Array {
  const votes = new Int32Array(MAX_LINE_DEPTH + 1);
  for (let r = 0; r + 1 < runs.length; r++) {
    const run = runs[r] ?? [];
    const after = runs[r + 1] ?? [];
    if (after.length < run.length || textLength(r) < MIN_LINE_TEXT) continue;
    let depth = 0;
    for (let i = 0; i < run.length && depth >= 0; i++) depth = after[i] === run[i] ? depth + (run[i] ?? 0) : -1;
    if (depth >= 2 && depth <= MAX_LINE_DEPTH) votes[depth] = (votes[depth] ?? 0) + (run.length === 1 ? 1 : -1);
  }
  const flags = new Uint8Array(MAX_LINE_DEPTH + 1);
  for (let d = 0; d < votes.length; d++) if ((votes[d] ?? 0) > 0) flags[d] = 1;
  return flags;
}

/** The markers of tokens `from..to` of a run, from its running sums `upTo`. */
const sum = (upTo: readonly number[], from: number, to: number): number => (upTo[to] ?? 0) - (upTo[from] ?? 0);

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
