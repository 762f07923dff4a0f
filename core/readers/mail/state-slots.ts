import { NO_SHAPE } from "./marker-runs.js";

/**
 * Where in a step's states the one for each key sits: a hash table of integer keys kept for the whole
 * search and emptied per step by a new stamp, instead of a Map made for every step.
 */
export class StateSlots {
  private keys = new Int32Array(64);
  private slots = new Int32Array(64);
  private stamps = new Int32Array(64);
  private stamp = 1;
  private size = 0;
  // Fibonacci hashing: the product's top bits, which every bit of the key reaches.
  private shift = 32 - 6;

  clear(): void {
    this.size = 0;
    if (++this.stamp < 0x7fffffff) return;
    this.stamps.fill(0);
    this.stamp = 1;
  }

  /** The slot of `key`, or -1. */
  get(key: number): number {
    const mask = this.keys.length - 1;
    for (let i = Math.imul(key, 0x9e3779b1) >>> this.shift; this.stamps[i] === this.stamp; i = (i + 1) & mask) if (this.keys[i] === key) return this.slots[i] ?? -1;
    return -1;
  }

  /** Records the slot of a key not in the table. */
  add(key: number, slot: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let i = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (this.stamps[i] === this.stamp) i = (i + 1) & mask;
    this.keys[i] = key;
    this.slots[i] = slot;
    this.stamps[i] = this.stamp;
    this.size++;
  }

  private grow(): void {
    const { keys, slots, stamps, stamp } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.slots = new Int32Array(keys.length * 2);
    this.stamps = new Int32Array(keys.length * 2);
    this.size = 0;
    this.shift--;
    for (let i = 0; i < keys.length; i++) if (stamps[i] === stamp) this.add(keys[i] ?? 0, slots[i] ?? 0);
  }
}

// States kept per step, and how much worse than the best one a kept state may be (in nats).
const BEAM = 8;
const BEAM_MARGIN = 12;
const NO_BLANKS: number[] = [];

/** One reading of the flattened line up to a piece: what the beam search in unflatten.ts keeps. */
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
export function replace(state: State, lastDepth: number, ctx: number, split: number, depth: number, blanks: number[], shape: number, fragmentOf: number, literal: boolean, cost: number, back: number): void {
  state.lastDepth = lastDepth;
  state.ctx = ctx;
  state.depth = depth;
  state.split = split;
  state.blanks = blanks;
  state.shape = shape;
  state.fragmentOf = fragmentOf;
  state.literal = literal;
  state.cost = cost;
  state.back = back;
}

/** The state at `at` of a step's reused states (`at` at most their count), made when first needed. */
export function stateAt(states: State[], at: number): State {
  let state = states[at];
  if (state === undefined) {
    state = { lastDepth: 0, ctx: 0, depth: 0, split: 0, blanks: NO_BLANKS, shape: NO_SHAPE, fragmentOf: -1, literal: false, cost: 0, back: -1 };
    states.push(state);
  }
  return state;
}
