import { parseAttribution } from "./attribution.js";
import { ENDS_SENTENCE, splitQuotePrefix } from "./lines.js";
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
  const attr = ATTRIBUTION_END.test(text) || (text.endsWith(":") && parseAttribution(text) !== null) ? "A" : "-";
  const ends = ENDS_SENTENCE.test(text) ? "E" : /,$/u.test(text) ? "," : "m";
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
  // New paragraphs open with a capital; a wrapped sentence continues in lowercase.
  const start = d === 0 ? "" : /^\s*\p{Ll}/u.test(next) ? "l" : "u";
  return `q${Math.min(visible.length, 2)} ${rel}${where === "" ? "" : ` ${where}`} ${len}${start}`;
}

// Sparse contexts borrow from the overall distribution of outcomes (interpolated smoothing).
const PRIOR_WEIGHT = 300;
const UNSEEN = 0.5;

/** Scores line transitions from a table of counts (`<context>|<outcome>` → times seen). */
export class LineModel {
  private readonly totals = new Map<string, number>();
  private readonly outcomeTotals = new Map<string, number>();
  private readonly grandTotal: number;

  constructor(private readonly counts: Readonly<Record<string, number>>) {
    let grand = 0;
    for (const [key, n] of Object.entries(counts)) {
      const [ctx = "", outcome = ""] = key.split("|");
      this.totals.set(ctx, (this.totals.get(ctx) ?? 0) + n);
      this.outcomeTotals.set(outcome, (this.outcomeTotals.get(outcome) ?? 0) + n);
      grand += n;
    }
    this.grandTotal = grand;
  }

  /** Negative log-probability of a transition given the previous line. */
  cost(prev: LineEnd, blanks: readonly number[], d: number, next: string): number {
    const ctx = contextKey(prev);
    const outcome = outcomeKey(prev.depth, blanks, d, next);
    const prior = ((this.outcomeTotals.get(outcome) ?? 0) + UNSEEN) / (this.grandTotal + UNSEEN * (this.outcomeTotals.size + 1));
    const n = this.counts[`${ctx}|${outcome}`] ?? 0;
    return -Math.log((n + PRIOR_WEIGHT * prior) / ((this.totals.get(ctx) ?? 0) + PRIOR_WEIGHT));
  }
}

/** The model learnt from the real-mail corpus. */
export const defaultLineModel = new LineModel(LINE_TRANSITIONS);

/** Counts the line transitions in multiline mail bodies: the training data of a LineModel. */
export function countTransitions(bodies: Iterable<string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const body of bodies) {
    let prev: LineEnd | null = null;
    let blanks: number[] = [];
    for (const line of body.split("\n").map(splitQuotePrefix)) {
      if (line.text.trim() === "") {
        blanks.push(line.depth);
        continue;
      }
      // Depth-0 to depth-0 steps leave no trace in a flattened paste, so they teach nothing here.
      if (prev !== null && (prev.depth > 0 || line.depth > 0)) {
        const key = `${contextKey(prev)}|${outcomeKey(prev.depth, blanks, line.depth, line.text)}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
      prev = line;
      blanks = [];
    }
  }
  return counts;
}
