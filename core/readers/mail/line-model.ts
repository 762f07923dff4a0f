import { parseAttribution } from "./attribution.js";
import { ENDS_SENTENCE, splitQuotePrefix } from "./lines.js";
import { repairRewrapped } from "./repair.js";
import { LINE_TRANSITIONS } from "./line-transitions.js";

/*
 * How likely one line structure is to follow another in real quoted mail, learnt by counting
 * (test/tools/fit-line-model.ts over the real corpus). A transition is described by what the
 * previous line looked like (attribution? sentence end? how long?) and what came next: how many
 * quoted blank lines, at which depth relative to the two lines, and how the depth moved.
 */

const BANDS = ["s", "M", "L"] as const;

/** What the next transition can see of the line before it. */
export interface LineEnd {
  depth: number;
  text: string;
}

// The last line of an attribution, even when its first half was wrapped onto the line before: a
// reply verb, `schrieb` and the name after it, or an address right before the colon. Three patterns,
// each tried only when its words can be there: an address pattern tried at every position of a long
// line costs more than all the rest.
const VERB_END = /\b(?:wrote|writes|said|a écrit|escribió|ha scritto|kirjoitti|napisał|napisal|skrev|escreveu)\s*:\s*$/iu;
const SCHRIEB_END = /\bschrieb\b.{1,80}\s*:\s*$/iu;
// The address's last `@` is tried, so that no two quantifiers can share a character.
const ADDRESS_END = /\S@[^\s@]+[>)\]]\s*:\s*$/u;
const SCHRIEB = /schrieb/iu;
// Chinese clients end theirs on the verb, without a word boundary before it: `在 <date>, Ann 写道：`.
const CJK_VERB_END = /(?:写道|寫道|已写)\s*[:：]\s*$/u;

/** Whether a line ends the way the last line of an attribution does. */
function endsAttribution(text: string): boolean {
  return VERB_END.test(text) || CJK_VERB_END.test(text) || (SCHRIEB.test(text) && SCHRIEB_END.test(text)) || (text.includes("@") && ADDRESS_END.test(text));
}

/** Line length in three bands: short, medium, and near the wrap width. */
export function lengthBucket(text: string): "s" | "M" | "L" {
  return BANDS[bandOf(text)];
}

/** The length band as a number: 0 short, 1 medium, 2 near the wrap width. */
export function bandOf(text: string): 0 | 1 | 2 {
  const n = text.trim().length;
  return n < 45 ? 0 : n < 62 ? 1 : 2;
}

/**
 * The context part of a transition key: attribution, sentence end, length (unknown at depth 0 when
 * flattened), and whether the line is quoted twice or deeper (see `DEEP`).
 */
export function contextKey(prev: LineEnd): string {
  const text = prev.text.trim();
  const key = contextKeyOf(text, isHeaderLine(text), prev.depth === 0);
  return prev.depth >= 2 ? key + DEEP : key;
}

// Marks the context of a line quoted twice or deeper. Only such a line can be left through a quoted
// blank line for a shallower quote (`>> a` `>` `> b`): pooled with depth 1, where that move cannot
// happen, the many depth-1 lines that go on at their depth make going on look far likelier than it is
// at depth 2, and `> > text` after a depth-2 line reads as a depth-2 line one level too deep.
const DEEP = "2";

/** `contextKey` of a trimmed line whose header-ness is already known (the segmenter's fast path). */
export function contextKeyOf(text: string, headerLine: boolean, unquoted: boolean): string {
  // Only lines ending in a colon can be attributions; the regular expressions run on those alone.
  const tail = text.length > 250 ? text.slice(-250) : text;
  const attr = (tail.endsWith(":") || tail.endsWith("：")) && (endsAttribution(tail) || parseAttribution(tail) !== null) ? "A" : headerLine ? "H" : "-";
  const ends = ENDS_SENTENCE.test(tail) ? "E" : tail.endsWith(",") ? "," : "m";
  const len = unquoted ? "?" : lengthBucket(text);
  return `${attr}${ends}${len}`;
}

/** Whether a line is a header field or an Outlook separator (see `openingOf`). */
export function isHeaderLine(text: string): boolean {
  // Asked of every piece of a flattened paste: a line opening on an ASCII character that starts no
  // field name (in either case) nor the separator is ruled out without running the pattern.
  const c = text.charCodeAt(0);
  if (c > 0x20 && c < 0x80 && !HEADER_OPENERS.includes(text.charAt(0))) return false;
  return HEADER_LINE.test(text);
}

/**
 * The outcome part of a transition key. Blank lines at depth 0 are left out: a flattened paste
 * cannot show them, so the model must not depend on them.
 */
export function outcomeKey(p: number, blanks: readonly number[], d: number, next: string): string {
  return outcomeKeyOfCode(outcomeCode(p, blanks, d, bandOf(next), openingOf(next)));
}

// Header fields and the Outlook separator: lines that follow each other with no blank line between.
const HEADER_LINE =
  /^\s*(?:(?:From|Sent|Date|To|Cc|Subject|De|Envoyé|À|Objet|Von|Gesendet|Datum|An|Betreff|Enviado|Para|Asunto)\s*:|-{2,}\s*(?:Original Message|Forwarded message|Ursprüngliche Nachricht|Message d'origine)\b)/iu;
// The ASCII characters HEADER_LINE's names and separator open with, in both cases (`À` is not ASCII).
const HEADER_OPENERS = "FSDTCEOVGABP-fsdtceovgabp";

/**
 * How a line opens: 0 a capital (a new paragraph, usually), 1 lowercase (a wrapped sentence going on),
 * 3 a header field (the next field of a header block).
 */
export function openingOf(text: string): 0 | 1 | 3 {
  if (isHeaderLine(text)) return 3;
  return OPENS_LOWERCASE.test(text) ? 1 : 0;
}
// A module constant: a `\p{…}` literal in a function body is compiled into a `new RegExp` call on
// every run once the TypeScript is transformed, and this runs on every piece of a flattened paste.
const OPENS_LOWERCASE = /^\s*\p{Ll}/u;

const RELS = ["=", "+1", "+2", "+n", "0", "-"] as const;
const WHERES = ["lo", "hi", "mid", "out"] as const;
const LENS = ["s", "M", "L", "?"] as const;
const STARTS = ["u", "l", "", "h"] as const;
/** Number of distinct outcome codes (see `outcomeCode`). */
const OUTCOMES = 3 * RELS.length * 5 * 5 * LENS.length * STARTS.length;

/**
 * The outcome as a small integer, computed without any lookup: the segmenter asks for millions of
 * them. Its parts are the ones `outcomeKey` spells out.
 */
export function outcomeCode(p: number, blanks: readonly number[], d: number, band: 0 | 1 | 2, opening: 0 | 1 | 3): number {
  return outcomeOfMove(moveCode(p, blanks, d), d, band, opening);
}

/**
 * The part of an outcome code that does not depend on the next line's text: its blank lines and how
 * the depth moved. The segmenter works it out once for all the lines that may follow.
 */
export function moveCode(p: number, blanks: readonly number[], d: number): number {
  const lo = p < d ? p : d;
  const hi = p < d ? d : p;
  let q = 0;
  let w1 = 0;
  let w2 = 0;
  for (const b of blanks) {
    if (b <= 0) continue;
    const where = b === lo ? 1 : b === hi ? 2 : b > lo && b < hi ? 3 : 4;
    if (q === 0) w1 = where;
    else if (q === 1) w2 = where;
    q++;
  }
  const rel = d === p ? 0 : d > p ? (d - p === 1 ? 1 : d - p === 2 ? 2 : 3) : d === 0 ? 4 : 5;
  return ((Math.min(q, 2) * RELS.length + rel) * 5 + w1) * 5 + w2;
}

/** The outcome code of a `moveCode` to depth `d`, given the next line's length band and opening. */
export function outcomeOfMove(move: number, d: number, band: 0 | 1 | 2, opening: 0 | 1 | 3): number {
  const len = d === 0 ? 3 : band;
  const start = d === 0 ? 2 : opening;
  return (move * LENS.length + len) * STARTS.length + start;
}

/** The outcome key an outcome code stands for. */
function outcomeKeyOfCode(code: number): string {
  const start = code % STARTS.length;
  let rest = (code - start) / STARTS.length;
  const len = rest % LENS.length;
  rest = (rest - len) / LENS.length;
  const w2 = rest % 5;
  rest = (rest - w2) / 5;
  const w1 = rest % 5;
  rest = (rest - w1) / 5;
  const rel = rest % RELS.length;
  const q = (rest - rel) / RELS.length;
  const where = [w1, w2].filter((w) => w > 0).map((w) => WHERES[w - 1] ?? "");
  return `q${q} ${RELS[rel] ?? ""}${where.length === 0 ? "" : ` ${where.join(",")}`} ${LENS[len] ?? ""}${STARTS[start] ?? ""}`;
}

// Sparse contexts borrow from the overall distribution of outcomes (interpolated smoothing).
const PRIOR_WEIGHT = 300;
const UNSEEN = 0.5;
// Contexts told apart by depth lean hard on the same context at all depths. On the dev lists lighter
// weights (300, 3,000) read more depths right but lost more words to the odd misread attribution or
// sign-off they also caused; 10,000 gained both, 30,000 less.
const DEPTH_WEIGHT = 10000;

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

  // The segmenter asks for the same few thousand transitions millions of times: contexts get small
  // integer ids, outcomes are integer codes, and each cost is computed once into a flat table.
  private readonly contexts: string[] = [];
  private readonly contextIds = new Map<string, number>();
  private costs = new Float64Array(0);

  /** Negative log-probability of a transition given the previous line. */
  cost(prev: LineEnd, blanks: readonly number[], d: number, next: string): number {
    return this.compute(contextKey(prev), outcomeKey(prev.depth, blanks, d, next));
  }

  /** The id of the previous line's context (see `contextKey`). */
  contextId(prev: LineEnd): number {
    return this.contextIdOfKey(contextKey(prev));
  }

  /**
   * The id of context `contextId` (a `contextKeyOf` key, which cannot see the line's depth) for a
   * line at `depth`.
   */
  atDepth(contextId: number, depth: number): number {
    if (depth < 2) return contextId;
    let id = this.deepIds[contextId] ?? -1;
    if (id < 0) {
      id = this.contextIdOfKey((this.contexts[contextId] ?? "") + DEEP);
      this.deepIds[contextId] = id;
    }
    return id;
  }

  /** `atDepth` of each context id read so far; -1 until asked. */
  private readonly deepIds: number[] = [];

  /** The id of a context key (see `contextKeyOf`). */
  contextIdOfKey(key: string): number {
    let id = this.contextIds.get(key);
    if (id === undefined) {
      id = this.contexts.push(key) - 1;
      this.contextIds.set(key, id);
      // The table doubles when full: growing it by one context's row each time copies and fills
      // megabytes for every new context, the largest cost of a first (cold) paste.
      if (this.costs.length < this.contexts.length * OUTCOMES) {
        const grown = new Float64Array(Math.max(8, 2 * this.contexts.length) * OUTCOMES);
        grown.set(this.costs);
        grown.fill(Number.NaN, this.costs.length);
        this.costs = grown;
      }
    }
    return id;
  }

  /** Cost of a transition from a context id and an outcome code (`outcomeCode`). */
  costOf(contextId: number, outcome: number): number {
    const index = contextId * OUTCOMES + outcome;
    let cost = this.costs[index] ?? Number.NaN;
    if (Number.isNaN(cost)) {
      cost = this.compute(this.contexts[contextId] ?? "", outcomeKeyOfCode(outcome));
      this.costs[index] = cost;
    }
    return cost;
  }

  private compute(ctx: string, outcome: string): number {
    const prior = ((this.outcomeTotals.get(outcome) ?? 0) + UNSEEN) / (this.grandTotal + UNSEEN * (this.outcomeTotals.size + 1));
    // A context told apart by depth borrows from the same context at all depths, which borrows from all contexts.
    const base = ctx.endsWith(DEEP) ? ctx.slice(0, -DEEP.length) : ctx;
    const deep = base + DEEP;
    const pooledN = (this.counts[`${base}|${outcome}`] ?? 0) + (this.counts[`${deep}|${outcome}`] ?? 0);
    const pooledTotal = (this.totals.get(base) ?? 0) + (this.totals.get(deep) ?? 0);
    const pooled = (pooledN + PRIOR_WEIGHT * prior) / (pooledTotal + PRIOR_WEIGHT);
    const n = this.counts[`${ctx}|${outcome}`] ?? 0;
    return -Math.log((n + DEPTH_WEIGHT * pooled) / ((this.totals.get(ctx) ?? 0) + DEPTH_WEIGHT));
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
    // A re-wrapped tail that lost all its markers is invisible in a flattened paste (its words run on
    // in the quoted line), so it is counted as the quote it belongs to; tails that kept some markers
    // stay as written, since the segmenter sees them.
    const raw = body.split("\n").map(splitQuotePrefix);
    const repaired = repairRewrapped(raw);
    const lines = raw.map((l, i) => (l.depth === 0 ? (repaired[i] ?? l) : l));
    for (const line of lines) {
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
