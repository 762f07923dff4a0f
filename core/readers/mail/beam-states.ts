import { NO_SHAPE } from "./marker-runs.js";

/*
 * The states of the flattened-line search (`unflatten.ts`), one per way of reading the pieces so far,
 * and the beam that keeps the best few of each step. A long paste makes millions of them: each step
 * writes over the objects of an earlier one rather than making new ones.
 */

// States kept per step, and how much worse than the best one a kept state may be (in nats). Chosen on
// dev lists: from 8 states and 12 nats to 5 and 8, flat lost 25 of ~480k words and other→content fell
// from 2.55% to 2.35%, and the flattened parse took about a sixth less time; 4 states lost 280 words.
const BEAM = 5;
const BEAM_MARGIN = 8;
/** The blank lines of a state whose run held none. */
export const NO_BLANKS: number[] = [];

/** One reading of the pieces so far: what its next transition depends on, its cost and where it came from. */
export interface State {
  /** Depth of the last line in the piece, and the line model's id for it (what the next transition looks at). */
  lastDepth: number;
  ctx: number;
  /** Depth of the piece's first (quoted) line and how many of the piece's words it holds. */
  depth: number;
  split: number;
  blanks: number[];
  /** Marker shape (`shapeId`) of the last quoted line's prefix; `NO_SHAPE` before any quote. */
  shape: number;
  /**
   * When the last line may be a re-wrap fragment (a few words pushed out of a deeper quote: `> > only`
   * + `> needed` + `> > if you`), the depth it was pushed out of; -1 otherwise.
   */
  fragmentOf: number;
  /** True when the run before the piece was no prefix but a `>` in the text (`if (x > 1)`). */
  literal: boolean;
  /**
   * Depths (bit d for depth d) whose quoted attribution (`> Ann wrote:`) still waits for its writer's
   * own words at that depth, and depths whose writer has spoken since their quote opened.
   */
  owed: number;
  spoke: number;
  cost: number;
  back: number;
}

/**
 * Keeps only the best few of the first `count` states, written over `kept`: a beam keeps the search
 * linear in the paste's length.
 */
export function prune(states: readonly State[], count: number, kept: State[]): State[] {
  // The BEAM cheapest in cost order, ties in the order met (as a stable sort leaves them): inserted
  // into a short list rather than sorting every state. Its first `n` entries are the list so far;
  // the array is cut to length only at the end (emptied, it would drop its storage).
  let n = 0;
  for (let k = 0; k < count; k++) {
    const s = states[k];
    if (s === undefined) break;
    if (n === BEAM && s.cost >= (kept[n - 1]?.cost ?? Infinity)) continue;
    let i = n === BEAM ? n - 1 : n++;
    for (let before = kept[i - 1]; before !== undefined && before.cost > s.cost; before = kept[i - 1]) kept[i--] = before;
    kept[i] = s;
  }
  const floor = n > 0 ? (kept[0]?.cost ?? 0) : 0;
  let end = n;
  while (end > 0 && !((kept[end - 1]?.cost ?? Infinity) <= floor + BEAM_MARGIN)) end--;
  kept.length = end;
  return kept;
}

/**
 * Makes `state` the one kept for its key: a state of the step being searched, which nothing else
 * holds, or one it takes over from an earlier step. Changed in place, it costs no allocation.
 */
export function replace(state: State, lastDepth: number, ctx: number, split: number, depth: number, blanks: number[], shape: number, fragmentOf: number, literal: boolean, owed: number, spoke: number, cost: number, back: number): void {
  state.lastDepth = lastDepth;
  state.ctx = ctx;
  state.depth = depth;
  state.split = split;
  state.blanks = blanks;
  state.shape = shape;
  state.fragmentOf = fragmentOf;
  state.literal = literal;
  state.owed = owed;
  state.spoke = spoke;
  state.cost = cost;
  state.back = back;
}

/** The state at `at` of a step's reused states (`at` at most their count), made when first needed. */
export function stateAt(states: State[], at: number): State {
  let state = states[at];
  if (state === undefined) {
    state = { lastDepth: 0, ctx: 0, depth: 0, split: 0, blanks: NO_BLANKS, shape: NO_SHAPE, fragmentOf: -1, literal: false, owed: 0, spoke: 0, cost: 0, back: -1 };
    states.push(state);
  }
  return state;
}
