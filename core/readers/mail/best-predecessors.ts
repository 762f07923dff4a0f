import { moveCode, outcomeOfMove, type LineModel } from "./line-model.js";
import { MOVE_SLOTS, type Decomposition, type MarkerRuns } from "./marker-runs.js";
import type { Split } from "./line-ends.js";

/*
 * The inner loop of the flattened-line search (`unflatten.ts`): for one reading of a run, the best
 * state of the step before for each length band of the line after it. A function of its own rather
 * than part of the search: the optimising compiler's memory grows faster than the function it
 * compiles, and the search compiled whole (several times, on helper threads whose allocators keep
 * what they used) was 20 MB of the 10 MB flattened paste's peak.
 */

// What going back into the quote a re-wrap fragment fell out of costs at most (nats).
const FRAGMENT_RESUME = 1;
// Cost of each level a line goes deeper than the one before it, past two.
const DEEP_JUMP = 0.5;
// Cost of reading a run as one deeper line's prefix (`> >`) when the same run right before it was read
// as quoted blank lines and a shallower line (`>` `> text`): a client writes one prefix the same way
// on each line, and a quoted line rarely goes deeper with no blank line, unless it is an attribution. Dev:
// flat +80 words; a cost of 1.5 or more lowers the corpus depth agreement.
const SAME_RUN_DEEPER = 1;
// Cost of a line deeper than an Apple Mail attribution opening the paste's quote: Apple writes its
// attribution inside the quote, at the depth of the text it introduces (`> On …, at 9:41, Ann wrote:
// > > > text` is two quoted blank lines, then Ann's text at depth 1). Deeper in a quote the same words
// also stand above a deeper quote, as older Apple Mail wrote them and other clients quote them. Dev: 2
// left the deeper reading cheaper; 20 cut an attribution apart to escape it (`> On` + `8 Oct …`).
const APPLE_DEEPER = 8;
// A short line one level up, opening lowercase with no blank line before it, reads as the tail a client's
// re-wrap pushed out of the deeper line (`> > … (as you say), and` `> more about it.`): that tail and the
// line it fell out of were one line of the older mail, so together (with the deeper prefix) they fit one
// line's width. In the dev-A and dev-C bodies 143 of 167 such quoted tails fit within this many columns.
// Joined longer, the short line is more likely the first lines of a shallower paragraph below quoted
// blank lines (`> > ... ? > > > > My view is ... and > more about it.`), the reply's read one level deep.
const OVERFLOW_WIDTH = 90;
// What a tail pays when the line it would have fallen out of leaves it no room (about -ln(24 / 167) is 2;
// dev flat words A/C: 2 +60/+40, 3 +60/+49, 6 at 100 columns +60/+10, 3 at 100 columns +60/+13). Only a
// tail one level up: priced two or more levels up too (a staircase), one check-list reply lost 533 words.
// As kept (one level up, after a wrapped line): dev flat A/C/B +8/+40/+115, other→content unchanged.
const OVERFLOW_COST = 3;

/** What `bestPredecessors` reads of a state of the step before. */
export interface Predecessor {
  lastDepth: number;
  ctx: number;
  depth: number;
  blanks: readonly number[];
  shape: number;
  fragmentOf: number;
  literal: boolean;
  cost: number;
}

/** What one step of the search prices its readings with, and (`bestCost`, `bestBack`) the best found per band. */
export interface Step {
  model: LineModel;
  markerRuns: MarkerRuns;
  /** The piece is the paste's last and all of it the writer's closing words. */
  allReply: boolean;
  /** Cost of two quoted lines in a row at one depth (see `runOn` below). */
  runOnCost: number;
  /** The run is the one before it again (one array: FlatPieces shares equal runs). */
  repeatsRun: boolean;
  /** What speaks against the quote going on through the piece (`replyEvidence`). */
  evidence: number;
  /** The piece before is an Apple Mail attribution opening the paste's quote. */
  afterApple: boolean;
  /** What the piece's greeting costs a line going on in the quote before it (`greetingCost`). */
  greets: number;
  /** The lengths of the piece before (-1 unless a wrapped line) and of this one (at most a re-wrap tail's), for `OVERFLOW_WIDTH`. */
  lengthBefore: number;
  fragmentLength: number;
  bestCost: Float64Array;
  bestBack: Int32Array;
}

/**
 * Fills `step.bestCost` and `step.bestBack` for the first `bands` bands of `bandOf` (each opening
 * as `openingOf` says) with the cheapest way from a state of `prevStates` into reading `dec`;
 * `spacedCost` is what the reading's prefix costs for being spaced where the paste writes it compact.
 */
export function bestPredecessors(step: Step, prevStates: readonly Predecessor[], dec: Decomposition, spacedCost: number, bands: number, bandOf: Int32Array, openingOf: Int32Array): void {
  const { model, markerRuns, allReply, runOnCost, repeatsRun, evidence, afterApple, greets, lengthBefore, fragmentLength, bestCost, bestBack } = step;
  // What the reading alone decides, read once rather than for each state it is scored against.
  const { depth, moves, movesAt } = dec;
  for (let b = 0; b < bands; b++) {
    bestCost[bandOf[b] ?? 0] = Infinity;
    bestBack[bandOf[b] ?? 0] = -1;
  }
  const noBlanks = dec.blanks.length === 0;
  const quotedReading = depth > 0;
  const { firstBlank } = dec;
  const answerDepth = depth === 0 && !allReply ? firstBlank : -1;
  // States come cheapest first and no step costs less than nothing: once a state costs more than
  // every band's best so far, none after it can win.
  let worstBest = Infinity;
  for (let k = 0; k < prevStates.length; k++) {
    const prev = prevStates[k];
    if (prev === undefined) continue;
    if (prev.cost >= worstBest) break;
    const p = prev.lastDepth;
    // An answer closes the quote it answers: its blank line is at that quote's depth. An answer
    // one level up (`>> Is it wrong? > Yes, you need...`) is a shallower quote's, read as quoted.
    const otherDepth = p !== answerDepth;
    if (answerDepth >= 0 && otherDepth) continue;
    let move = p < MOVE_SLOTS ? (moves[movesAt + p] ?? -1) : -1;
    if (move < 0) {
      move = moveCode(p, dec.blanks, depth);
      if (p < MOVE_SLOTS) moves[movesAt + p] = move;
    }
    const shapeCostOf = markerRuns.shapeCost(prev.shape, dec) + spacedCost;
    // Each comparison runs for every state, its outcome combined after: one first reached after the
    // loop was optimised (a greeting, an answer, a state after an attribution, met a few hundred
    // pieces in) threw the optimised code away, compiled up to four times on the 10 MB flattened paste.
    const quotedBefore = p > 0;
    const sameDepth = depth === p;
    const goesDeeper = depth > p;
    const atOrDeeper = depth >= p;
    const belowBefore = depth > prev.depth;
    const literalBefore = prev.literal;
    const attributionBefore = model.isAttribution(prev.ctx);
    // The line after a re-wrap fragment goes on in the quote the fragment was pushed out of.
    const resumes = prev.fragmentOf === depth && noBlanks;
    // Two quoted paragraphs (whole-paragraph lines, or a wrapped one ended early) rarely follow each
    // other with no blank line between: the first more likely ended in a reply that left no marker.
    const runOn = quotedBefore && noBlanks && sameDepth ? runOnCost : 0;
    // The line model lumps all jumps of three or more levels together; each level further is rarer.
    const jump = Math.max(0, depth - p - 2) * DEEP_JUMP;
    const blanksBefore = prev.blanks.length > 0;
    const deeper = repeatsRun && noBlanks && !literalBefore && blanksBefore && belowBefore && !attributionBefore ? SAME_RUN_DEEPER : 0;
    // The quote going on at its depth or deeper through the answer pays what speaks against it.
    const unanswered = quotedReading && noBlanks && quotedBefore && atOrDeeper ? evidence : 0;
    // The whole piece before was one quoted line (its depth kept): the attribution itself.
    const apple = afterApple && quotedBefore && goesDeeper ? APPLE_DEEPER : 0;
    // A greeting opens a quoted message: below its attribution, not in the quoted text before it.
    const greeting = greets > 0 && quotedBefore && sameDepth && !attributionBefore ? greets : 0;
    // A re-wrap's tail (short, lowercase, shallower, no blank line) whose line before leaves it no room.
    const overflow = quotedReading && noBlanks && depth === p - 1 && lengthBefore >= 0 && lengthBefore + 2 * p + 1 + fragmentLength > OVERFLOW_WIDTH ? OVERFLOW_COST : 0;
    let improved = worstBest === Infinity;
    for (let b = 0; b < bands; b++) {
      const band = bandOf[b] ?? 0;
      const moveCost = model.costOf(prev.ctx, outcomeOfMove(move, depth, band as Split["band"], (openingOf[b] ?? 0) as Split["opening"]));
      const resumeCost = moveCost < FRAGMENT_RESUME ? moveCost : FRAGMENT_RESUME;
      const tail = band === 0 && (openingOf[b] ?? 0) === 1 ? overflow : 0;
      const c = prev.cost + (resumes ? resumeCost : moveCost) + shapeCostOf + runOn + jump + deeper + unanswered + apple + greeting + tail;
      if (c < (bestCost[band] ?? Infinity)) {
        bestCost[band] = c;
        bestBack[band] = k;
        improved = true;
      }
    }
    // Only a state that beat a band's best (or the first) moves the bound: most leave it as it was.
    if (!improved) continue;
    worstBest = 0;
    for (let b = 0; b < bands; b++) worstBest = Math.max(worstBest, bestCost[bandOf[b] ?? 0] ?? Infinity);
  }
}
