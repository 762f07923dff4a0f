import { contextKeyOf, defaultLineModel, isHeaderLine, moveCode, openingOf, outcomeCode, outcomeOfMove, type LineModel } from "./line-model.js";
import { type QuotedLine } from "./lines.js";
import { isClosing, isRule, isSnip, signOffName } from "./boilerplate.js";
import { splitProse } from "./prose-lines.js";
import { FRAGMENT_LENGTH } from "./repair.js";

/*
 * A paste that lost its newlines keeps its quote markers inline: `wrote: > > On Tue ... wrote: > > > If`.
 * Each run of markers between two stretches of words hides one or more line breaks: some quoted
 * blank lines, then the prefix of the next line. The words after a run are one quoted line, possibly
 * followed by unquoted (depth 0) lines, which leave no trace. We recover the most likely line structure
 * with a beam search over the runs. Each candidate is scored by how mail is written: transitions between
 * lines as counted in real mail (`line-model.ts`: blank lines at paragraph ends, depth changing after an
 * attribution, wrapped sentences going on in lowercase...), prefixes written the same way from line to
 * line, and lines no longer than the paste's own wrap width.
 */

const MARKERS = /^>+$/u;
// Markers glued to the word after them (`>>text`).
const GLUED = /^(>+)([^>].*)$/u;
const WRAP = 78;
// States kept per step, and how much worse than the best one a kept state may be (in nats).
const BEAM = 8;
const BEAM_MARGIN = 12;
// Depths up to which a reading keeps its move codes (deeper quotes are rare: computed each time).
const MOVE_SLOTS = 32;
// Cost of a line prefix that neither repeats, extends nor shortens the one before it.
const SHAPE_BREAK = 4;
// What going back into the quote a re-wrap fragment fell out of costs at most (nats).
const FRAGMENT_RESUME = 1;
// Cost of each level a line goes deeper than the one before it, past two.
const DEEP_JUMP = 0.5;
// Cost of reading a lone `>` as text rather than as the next line's prefix.
const LITERAL_MARKER = 1;
const NO_BLANKS: number[] = [];
// Cost of each quoted blank line in a run past the second.
const EXTRA_BLANK = 0.5;
// How long a header field's line may run before it counts as long.
const HEADER_WRAP = 200;
// Cost of a quoted line longer than the paste's wrap width: a step, then this much per character.
const LONG_SLOPE = 0.05;
// Cost of two quoted lines in a row at one depth when each line is a paragraph.
const UNWRAPPED_RUN_ON = 4;

interface Decomposition {
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

interface State {
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

// Real prefixes are not this deep: a bare run this long is an arrow (`>>>>>>>>>>>>>>>>>>`) in text.
const ARROW = 16;

/** Whether a lone `>` token between two words may be text: an arrow, or a comparison in code (`count) > 1`). */
function mayBeText(before: string, count: number, after: string): boolean {
  return count >= ARROW || (/[\w)\]]$/u.test(before) && /^[\d(-]/u.test(after));
}

/**
 * Recovers the lines of one physical line that is really a flattened message; null when the line
 * does not look flattened (too short, or no marker runs inside the text). Callers send only lines
 * that may be flattened: long ones, or (`wholeMessage`) any line of a paste that has almost no newlines.
 */
export function unflatten(line: string, model: LineModel = defaultLineModel, wholeMessage = false): QuotedLine[] | null {
  if (line.length < 40 || !line.includes(" ")) return null;
  const tokens = line.trim().split(/\s+/u);
  const runs: number[][] = [];
  // Whether each run is one bare `>` token, which might be text rather than a prefix.
  const bare: boolean[] = [];
  const pieces: string[][] = [[]];
  let inline = 0;
  let introduced = false;
  for (const tok of tokens) {
    // Most tokens are words: only those starting with `>` are worth the regular expressions.
    const marker = tok.startsWith(">");
    const glued = marker ? GLUED.exec(tok) : null;
    if (glued !== null || (marker && MARKERS.test(tok))) {
      const count = (glued?.[1] ?? tok).length;
      const prevPiece = pieces[pieces.length - 1] ?? [];
      if (prevPiece.length === 0 && runs.length > 0) {
        runs[runs.length - 1]?.push(count);
        bare[bare.length - 1] = false;
      } else {
        if (prevPiece.length > 0) {
          inline++;
          introduced ||= /:$/u.test(prevPiece[prevPiece.length - 1] ?? "");
        }
        runs.push([count]);
        bare.push(glued === null && prevPiece.length > 0);
        pieces.push([]);
      }
      if (glued !== null) pieces[pieces.length - 1]?.push(glued[2] ?? "");
      continue;
    }
    pieces[pieces.length - 1]?.push(tok);
  }
  if (runs.length === 0) {
    // A whole message that lost its newlines still has headers, a sign-off or a signature worth
    // separating; a long line inside a multiline message is just an unwrapped paragraph.
    if (!wholeMessage) return null;
    const lines = splitProse(tokens);
    return lines.length > 1 ? lines.map((text) => ({ depth: 0, text })) : null;
  }
  for (let r = 0; r < runs.length; r++) {
    const before = pieces[r] ?? [];
    bare[r] &&= mayBeText(before[before.length - 1] ?? "", runs[r]?.[0] ?? 0, pieces[r + 1]?.[0] ?? "");
  }
  if (line.length < 120) return null;
  // One inline run is enough when an attribution-like colon introduces it (`a écrit : > text`).
  if (inline < 2 && !(inline === 1 && introduced)) return null;
  return reconstruct(pieces, runs, search(pieces, runs, bare, model));
}

/**
 * What backtracking needs of every kept state, row by row, in flat arrays: only two rows of state
 * objects are alive at a time, which spares the garbage collector a paste's worth of them.
 */
class Trace {
  readonly depths: number[] = [];
  readonly splits: number[] = [];
  readonly backs: number[] = [];
  readonly blanks: (readonly number[])[] = [];
  readonly literals: boolean[] = [];
  /** Where each row starts in the arrays. */
  readonly rows: number[] = [];

  push(states: readonly State[]): void {
    this.rows.push(this.depths.length);
    for (const s of states) {
      this.depths.push(s.depth);
      this.splits.push(s.split);
      this.backs.push(s.back);
      this.blanks.push(s.blanks);
      this.literals.push(s.literal);
    }
  }

  /** The index (into the arrays) of each row's state on the path that ends at `last` in the last row. */
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
}

function search(pieces: readonly string[][], runs: readonly number[][], bare: readonly boolean[], model: LineModel): { trace: Trace; last: number } {
  const layout = layoutOf(pieces);
  // Whether each piece opens with a header field (its first words decide).
  const header = pieces.map((words) => isHeaderLine(words.slice(0, 3).join(" ")));
  const head = (pieces[0] ?? []).join(" ");
  let prevStates: State[] = [
    { lastDepth: 0, ctx: model.contextId({ depth: 0, text: head === "" ? "." : head }), depth: 0, split: pieces[0]?.length ?? 0, blanks: [], shape: NO_SHAPE, fragmentOf: -1, literal: false, cost: 0, back: -1 },
  ];
  const trace = new Trace();
  trace.push(prevStates);
  for (let j = 1; j < pieces.length; j++) {
    // A header field's continuation line is as unwrapped as the field.
    const afterHeader = header[j - 1] === true;
    const options = splits(pieces[j] ?? [], layout, model, j === pieces.length - 1, afterHeader, header[j] === true);
    // The transition's cost depends on the next line's length band (its opening is the same for all
    // options), so the best predecessor is found per band, for the first option of each.
    const bands: Split[] = [];
    for (const option of options) if (!bands.some((b) => b.band === option.band)) bands.push(option);
    const bestCost = [Infinity, Infinity, Infinity];
    const bestBack = [-1, -1, -1];
    // States by key, and where each sits in `next` (in the order first met, as a Map would keep them).
    const next: State[] = [];
    const slots = new Map<number, number>();
    for (const dec of decompositions(runs[j - 1] ?? [])) {
      const shape = dec.lastShape;
      for (const { band } of bands) {
        bestCost[band] = Infinity;
        bestBack[band] = -1;
      }
      // States come cheapest first and no step costs less than nothing: once a state costs more than
      // every band's best so far, none after it can win.
      let worstBest = Infinity;
      for (let k = 0; k < prevStates.length; k++) {
        const prev = prevStates[k];
        if (prev === undefined) continue;
        if (prev.cost >= worstBest) break;
        const p = prev.lastDepth;
        let move = p < MOVE_SLOTS ? (dec.moves[p] ?? -1) : -1;
        if (move < 0) {
          move = moveCode(p, dec.blanks, dec.depth);
          if (p < MOVE_SLOTS) dec.moves[p] = move;
        }
        const shapeCostOf = shapeCost(prev.shape, dec);
        // The line after a re-wrap fragment goes on in the quote the fragment was pushed out of.
        const resumes = prev.fragmentOf === dec.depth && dec.blanks.length === 0;
        // Where every line is a whole paragraph, two quoted paragraphs rarely follow each other with
        // no blank line between: the first more likely ended in a reply that left no marker.
        const runOn = layout.sentenceSplitsOnly && prev.lastDepth > 0 && dec.blanks.length === 0 && dec.depth === prev.lastDepth ? UNWRAPPED_RUN_ON : 0;
        // The line model lumps all jumps of three or more levels together; each level further is rarer.
        const jump = Math.max(0, dec.depth - prev.lastDepth - 2) * DEEP_JUMP;
        for (const { band, opening } of bands) {
          const moveCost = model.costOf(prev.ctx, outcomeOfMove(move, dec.depth, band, opening));
          const c = prev.cost + (resumes ? Math.min(moveCost, FRAGMENT_RESUME) : moveCost) + shapeCostOf + runOn + jump;
          if (c < (bestCost[band] ?? Infinity)) {
            bestCost[band] = c;
            bestBack[band] = k;
          }
        }
        worstBest = 0;
        for (const { band } of bands) worstBest = Math.max(worstBest, bestCost[band] ?? Infinity);
      }
      for (const option of options) {
        // States that end alike behave alike from here on: keep the cheapest of each.
        const lastDepth = option.full ? dec.depth : 0;
        const back = bestBack[option.band] ?? -1;
        // A chain of fragments (a line re-wrapped at several quote levels) keeps the depth it was cut from.
        const prev = prevStates[back];
        const before = prev === undefined ? 0 : prev.fragmentOf >= 0 ? prev.fragmentOf : prev.lastDepth;
        const fragmentOf = option.fragment && dec.blanks.length === 0 && before > dec.depth ? before : -1;
        // A small integer key (depths, shape and context ids are small) keeps the map fast: past 2^30
        // it would be a float. Fragments are rare, so one bit tells them apart.
        const key = ((((Math.min(lastDepth, 255) << 12) | (shape & 4095)) << 8) | (option.ctx & 255)) * 2 + (fragmentOf < 0 ? 0 : 1);
        const cost = (bestCost[option.band] ?? Infinity) + option.cost;
        const slot = slots.get(key);
        const seen = slot === undefined ? undefined : next[slot];
        if (seen !== undefined && seen.cost <= cost) continue;
        // Unquoted text keeps the last quoted prefix: quoting resumes in the same client's style.
        const state = { lastDepth, ctx: option.ctx, depth: dec.depth, split: option.split, blanks: dec.blanks, shape, fragmentOf, literal: false, cost, back };
        if (slot === undefined) slots.set(key, next.push(state) - 1);
        else next[slot] = state;
      }
    }
    // A lone `>` may be text (`if (x > 1)`, `=> >>>>>>` arrows): the line before goes on through it.
    if (bare[j - 1] === true) {
      const unquoted: Split = { split: 0, band: 0, opening: 0, full: false, fragment: false, ctx: unquotedContext(model, pieces[j] ?? []), cost: 0 };
      for (let k = 0; k < prevStates.length; k++) {
        const prev = prevStates[k];
        if (prev === undefined) continue;
        for (const option of prev.lastDepth === 0 ? [unquoted] : options) {
          const lastDepth = option.full ? prev.lastDepth : 0;
          const cost = prev.cost + LITERAL_MARKER + option.cost;
          const key = (((Math.min(lastDepth, 255) << 12) | (prev.shape & 4095)) << 8) | (option.ctx & 255);
          const slot = slots.get(key * 2);
          const seen = slot === undefined ? undefined : next[slot];
          if (seen !== undefined && seen.cost <= cost) continue;
          const state = { lastDepth, ctx: option.ctx, depth: prev.lastDepth, split: option.split, blanks: NO_BLANKS, shape: prev.shape, fragmentOf: -1, literal: true, cost, back: k };
          if (slot === undefined) slots.set(key * 2, next.push(state) - 1);
          else next[slot] = state;
        }
      }
    }
    prevStates = prune(next);
    trace.push(prevStates);
  }
  // Pruning sorts the states: the first is the cheapest.
  return { trace, last: 0 };
}

/** Keeps only the best few states: a beam keeps the search linear in the paste's length. */
function prune(states: State[]): State[] {
  const kept = states.sort((a, b) => a.cost - b.cost);
  const floor = kept[0]?.cost ?? 0;
  return kept.slice(0, BEAM).filter((s) => s.cost <= floor + BEAM_MARGIN);
}

// Runs repeat (`> >`, `>>`) thousands of times in a paste: their readings are built once.
const decompositionCache = new Map<string, Decomposition[]>();

/** Ways to read a run of marker tokens: up to two quoted blank lines, then the next line's prefix. */
function decompositions(run: readonly number[]): Decomposition[] {
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
const NO_SHAPE = -1;
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
function shapeCost(previous: number, dec: Decomposition): number {
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

/** One way to end the quoted line after a run; the same for every depth the run may give it. */
interface Split {
  split: number;
  band: 0 | 1 | 2;
  /** How the quoted line opens (`openingOf`; the same for every split of a piece). */
  opening: 0 | 1 | 3;
  /** True when the whole piece is the quoted line; false when unquoted text follows it. */
  full: boolean;
  /** Whether the whole piece is short and lowercase, as the tail of a re-wrapped line is. */
  fragment: boolean;
  /** Line model id of the piece's last line. */
  ctx: number;
  cost: number;
}

/** Line-length habits of one paste: wrapped near 72 columns, or whole paragraphs on one line. */
interface Layout {
  wrap: number;
  /** Unwrapped pastes can only end a quoted line at a sentence end; this caps how many are tried. */
  sentenceSplitsOnly: boolean;
}

/**
 * Decides the paste's layout from the stretches between marker runs. In a wrapped paste almost all
 * of them are one quoted line (at most ~80 characters), the rest a quoted line plus an unquoted
 * reply: across the real corpus at most a tenth are longer than 100 characters. Pastes from clients
 * that send whole paragraphs as one line show a large share of long stretches.
 */
function layoutOf(pieces: readonly string[][]): Layout {
  // Each stretch's length as joined with single spaces, without joining it.
  const lengths = pieces.slice(1, -1).map((w) => w.reduce((n, word) => n + word.length + 1, -1));
  const long = lengths.filter((n) => n > 100).length;
  if (lengths.length >= 4 && long / lengths.length > 0.25) return { wrap: 4000, sentenceSplitsOnly: true };
  // The paste's own wrap width: nearly every single quoted line fits within it.
  const single = lengths.filter((n) => n <= 100).sort((a, b) => a - b);
  const p95 = single[Math.floor(single.length * 0.95)] ?? WRAP;
  return { wrap: single.length >= 8 ? Math.min(100, Math.max(60, p95 + 2)) : WRAP, sentenceSplitsOnly: false };
}

const isSignOff = (text: string): boolean => isClosing(text) || signOffName(text) !== null;
const STARTS_LINE = /^[\p{Lu}\p{N}"'([<*-]/u;

/** Whether a word could open a line of its own (`STARTS_LINE`), deciding ASCII without the pattern. */
function startsLine(word: string): boolean {
  const c = word.charCodeAt(0);
  if (c >= 0x80 || Number.isNaN(c)) return STARTS_LINE.test(word);
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || LINE_OPENERS.includes(word.charAt(0));
}
const LINE_OPENERS = `"'([<*-`;

// `ENDS_SENTENCE` for a single word (no spaces): a test of its last character.
const SENTENCE_ENDS = new Set([...".?!:;)]\"'”’"]);
const endsSentence = (word: string): boolean => SENTENCE_ENDS.has(word.charAt(word.length - 1));
const MAX_SENTENCE_SPLITS = 40;
// Cost of a reply line that opens in lowercase, as a wrapped sentence going on does.
const LOWERCASE_START = 1.5;
// Cost of a quoted line that runs on past a rule.
const RULE_INSIDE = 4;

/**
 * Where the quoted line after a run ends: the whole piece, or early with unquoted text after it. Early
 * endings all leave the same context behind (how the unquoted text ends), so only the cheapest one of
 * each length band is kept: the others lead to the same states at a higher cost.
 */
function splits(words: readonly string[], layout: Layout, model: LineModel, last: boolean, afterHeader: boolean, opensWithHeader: boolean): Split[] {
  const opening = openingOf(words.slice(0, 3).join(" "));
  if (words.length === 0) return [{ split: 0, band: 0, opening, full: true, fragment: false, ctx: model.contextId({ depth: 1, text: "" }), cost: 0 }];
  // A Map keeps the band first seen first, whichever split replaces it: ties in the search go the same way.
  const early = new Map<number, Split>();
  let whole: Split | undefined;
  const tailCtx = unquotedContext(model, words);
  const toUnquoted = outcomeCode(1, [], 0, 0, 0);
  // The quoted line is words[0..s) joined by spaces; only its length and last word are tracked, since
  // building every prefix would make long pieces quadratic.
  let length = -1;
  let sentences = 0;
  let headerLine = false;
  // Whether the line so far runs on past a rule (`____` and more words): a rule is a line of its own.
  let pastRule = false;
  for (let s = 1; s <= words.length; s++) {
    const word = words[s - 1] ?? "";
    length += word.length + 1;
    if (s > 2 && !pastRule && isRule(words[s - 2] ?? "")) pastRule = true;
    // Whether the line is a header field shows in its first words: test those, then keep the answer.
    // A field name shorter than three words matches the first three too, so most pieces need no test.
    if (s <= 3) headerLine = opensWithHeader && (s === 3 || isHeaderLine(words.slice(0, s).join(" ")));
    // Outlook writes header fields (`Cc: <twenty addresses>`) unwrapped, whatever the body's width.
    const wrap = headerLine || afterHeader ? HEADER_WRAP : layout.wrap;
    // Past twice the wrap width only the whole piece is still worth scoring (a paragraph its writer's
    // client left unwrapped): the words in between are counted, not tried as line ends.
    if (length > wrap * 2 && s > 1 && s < words.length) continue;
    const ctx = quotedContext(model, words, s, word, length, headerLine);
    const long = (s > 1 && length > wrap ? 2 + (length - wrap) * LONG_SLOPE : 0) + (pastRule ? RULE_INSIDE : 0);
    const band = bandOfLength(length);
    if (s === words.length) {
      // The paste's last words signing off are the author's, not the end of a quote.
      const signs = last && (isSignOff(words.slice(-2).join(" ")) || isSignOff(word)) ? 3 : 0;
      // A snip marker (`[...]`) stands on a line of its own, between two quoted stretches.
      const snip = s > 1 && isSnip(word) ? 2 : 0;
      const fragment = length <= FRAGMENT_LENGTH && (opening === 1 || !endsSentence(word));
      whole = { split: s, band, opening, full: true, fragment, ctx, cost: long + signs + snip };
      continue;
    }
    // Words hold no spaces, so the line ends a sentence exactly when its last word does.
    const ends = endsSentence(word);
    const next = words[s] ?? "";
    // A rule (`____`) stands on a line of its own: list footers and signatures start there.
    const ruleNext = isRule(next);
    if (layout.sentenceSplitsOnly && !ruleNext && (!ends || ++sentences > MAX_SENTENCE_SPLITS)) continue;
    let cost = long + model.costOf(ctx, toUnquoted);
    if (!startsLine(next) && !ruleNext) cost += LOWERCASE_START;
    // What follows depends only on how the unquoted text ends, the same wherever it began. The costs
    // below only add, so a split already beaten in its band needs no more tests.
    const seen = early.get(band);
    if (seen !== undefined && cost >= seen.cost) continue;
    // A reply that is nothing but a sign-off is rare: more likely the quote ran on to the sign-off.
    if (words.length - s <= 4 && /^[\p{Lu}~-]/u.test(next) && isSignOff(words.slice(s).join(" "))) cost += 1.5;
    if (seen === undefined || cost < seen.cost) early.set(band, { split: s, band, opening, full: false, fragment: false, ctx: tailCtx, cost });
  }
  const out = [...early.values()];
  if (whole !== undefined) out.push(whole);
  return out;
}

/**
 * The line model id of unquoted text ending a piece: its last 40 words, as `contextId` would key
 * them. Only a colon at the end makes the whole text matter (it may be an attribution); otherwise
 * the key depends on the last word and on whether the window opens with a header field.
 */
function unquotedContext(model: LineModel, words: readonly string[]): number {
  const window = words.length > 40 ? words.slice(-40) : words;
  const last = window[window.length - 1] ?? "";
  const header = isHeaderLine(window.slice(0, 3).join(" "));
  return model.contextIdOfKey(contextKeyOf(last.endsWith(":") ? window.join(" ") : last, header, true));
}

/** `bandOf` of a line from its length (the words of a piece hold no spaces to trim). */
const bandOfLength = (n: number): 0 | 1 | 2 => (n < 45 ? 0 : n < 62 ? 1 : 2);

// Context ids of quoted lines that do not end in a colon, for the model last asked about. Such a
// line can be no attribution, so its context (`contextKeyOf`) depends only on its last character,
// whether it is a header field and its length band: few keys, asked for once per word of the paste.
let plainModel: LineModel | undefined;
let plainIds = new Map<number, number>();

/** The line model id of the quoted line `words[0..s)`, `length` characters long and ending in `word`. */
function quotedContext(model: LineModel, words: readonly string[], s: number, word: string, length: number, headerLine: boolean): number {
  if (word.endsWith(":")) return model.contextIdOfKey(contextKeyOf(words.slice(0, s).join(" "), headerLine, false));
  if (model !== plainModel) {
    plainModel = model;
    plainIds = new Map();
  }
  const key = (word.charCodeAt(word.length - 1) * 2 + (headerLine ? 1 : 0)) * 3 + bandOfLength(length);
  let id = plainIds.get(key);
  if (id === undefined) {
    id = model.contextIdOfKey(contextKeyOf(words.slice(0, s).join(" "), headerLine, false));
    plainIds.set(key, id);
  }
  return id;
}

function reconstruct(pieces: readonly string[][], runs: readonly number[][], { trace, last }: { trace: Trace; last: number }): QuotedLine[] {
  const out: QuotedLine[] = [];
  trace.path(last).forEach((at, i) => {
    const words = pieces[i] ?? [];
    if (i === 0) {
      for (const text of splitProse(words)) out.push({ depth: 0, text });
      return;
    }
    const split = trace.splits[at] ?? words.length;
    const line = out[out.length - 1];
    if (trace.literals[at] === true && line !== undefined) {
      // The `>` and the words after it go on the line before; an unquoted rest follows it.
      const through = (trace.depths[at] ?? 0) === 0 ? words.length : split;
      line.text = [line.text, ">".repeat(runs[i - 1]?.[0] ?? 1), ...words.slice(0, through)].join(" ");
      if (through < words.length) {
        out.push({ depth: 0, text: "" });
        for (const text of splitProse(words.slice(through))) out.push({ depth: 0, text });
      }
      return;
    }
    for (const b of trace.blanks[at] ?? []) out.push({ depth: b, text: "" });
    out.push({ depth: trace.depths[at] ?? 0, text: words.slice(0, split).join(" ") });
    if (split < words.length) {
      out.push({ depth: 0, text: "" });
      for (const text of splitProse(words.slice(split))) out.push({ depth: 0, text });
    }
  });
  return out;
}
