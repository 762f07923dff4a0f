import { ENDS_SENTENCE } from "./lines.js";
import { LINE_TRANSITIONS } from "./line-transitions.js";

/*
 * How likely one line structure is to follow another in real quoted mail, learnt by counting
 * (test/tools/fit-line-model.ts over the real corpus). A transition is described by what the
 * previous line looked like (attribution? sentence end? how long?) and what came next: how many
 * quoted blank lines, at which depth relative to the two lines, and how the depth moved.
 */

/** What the next transition can see of the line before it. */
export interface LineEnd {
  depth: number;
  text: string;
}

// The last line of an attribution, even when its first half was wrapped onto the line before.
const ATTRIBUTION_END =
  /(?:\b(?:wrote|writes|said|a écrit|escribió|ha scritto|kirjoitti|napisał|napisal|skrev|escreveu)|\bschrieb\b.{1,80}|\S+@\S+[>)\]])\s*:\s*$/iu;

/** Line length in three bands: short, medium, and near the wrap width. */
export function lengthBucket(text: string): "s" | "M" | "L" {
  const n = text.trim().length;
  return n < 45 ? "s" : n < 62 ? "M" : "L";
}

/** The context part of a transition key: attribution, sentence end, length (unknown at depth 0 when flattened). */
export function contextKey(prev: LineEnd): string {
  const text = prev.text.trim();
  const attr = ATTRIBUTION_END.test(text) ? "A" : "-";
  const ends = ENDS_SENTENCE.test(text) ? "E" : "m";
  const len = prev.depth === 0 ? "?" : lengthBucket(text);
  return `${attr}${ends}${len}`;
}

/**
 * The outcome part of a transition key. Blank lines at depth 0 are left out: a flattened paste
 * cannot show them, so the model must not depend on them.
 */
export function outcomeKey(p: number, blanks: readonly number[], d: number, next: string): string {
  const visible = blanks.filter((b) => b > 0);
  const lo = Math.min(p, d);
  const hi = Math.max(p, d);
  const where = visible.map((b) => (b === lo ? "lo" : b === hi ? "hi" : b > lo && b < hi ? "mid" : "out")).join(",");
  const rel = d === p ? "=" : d > p ? (d - p <= 2 ? `+${d - p}` : "+n") : d === 0 ? "0" : "-";
  // A short next line after a long unfinished one is typically a client's re-wrapped tail.
  const len = d === 0 ? "?" : lengthBucket(next);
  return `q${Math.min(visible.length, 2)} ${rel}${where === "" ? "" : ` ${where}`} ${len}`;
}

// Sparse contexts borrow from the overall distribution of outcomes (interpolated smoothing).
const PRIOR_WEIGHT = 4;
const totals = new Map<string, number>();
const outcomeTotals = new Map<string, number>();
let grandTotal = 0;
for (const [key, n] of Object.entries(LINE_TRANSITIONS)) {
  const [ctx = "", outcome = ""] = key.split("|");
  totals.set(ctx, (totals.get(ctx) ?? 0) + n);
  outcomeTotals.set(outcome, (outcomeTotals.get(outcome) ?? 0) + n);
  grandTotal += n;
}
const UNSEEN = 0.5;

/** Negative log-probability of a transition given the previous line. */
export function transitionCost(prev: LineEnd, blanks: readonly number[], d: number, next: string): number {
  const ctx = contextKey(prev);
  const outcome = outcomeKey(prev.depth, blanks, d, next);
  const prior = ((outcomeTotals.get(outcome) ?? 0) + UNSEEN) / (grandTotal + UNSEEN * (outcomeTotals.size + 1));
  const n = LINE_TRANSITIONS[`${ctx}|${outcome}`] ?? 0;
  return -Math.log((n + PRIOR_WEIGHT * prior) / ((totals.get(ctx) ?? 0) + PRIOR_WEIGHT));
}
