import { defaultLineModel, lengthBucket, type LineModel } from "./line-model.js";
import { ENDS_SENTENCE, type QuotedLine } from "./lines.js";
import { isClosing, signOffName } from "./boilerplate.js";
import { splitProse } from "./prose-lines.js";

/*
 * A paste that lost its newlines keeps its quote markers inline: `wrote: > > On Tue ... wrote: > > > If`.
 * Each run of markers between two stretches of words hides one or more line breaks: some quoted
 * blank lines, then the prefix of the next line. The words after a run are one quoted line, possibly
 * followed by unquoted (depth 0) lines, which leave no trace. We recover the most likely line structure
 * with a dynamic programme over the runs, scoring each candidate by how mail is written: lines wrapped
 * near 72 columns, paragraphs ending in sentences, depth changing at blank lines and attributions, an
 * attribution at depth d introducing depth d+1.
 */

const MARKERS = /^>+$/u;
const WRAP = 78;
// Cost of a line prefix that neither repeats, extends nor shortens the one before it.
const SHAPE_BREAK = 1.5;

interface Decomposition {
  blanks: number[];
  /** Marker token shapes of each line in the run (blank lines first), e.g. `1,2` for `> >>`. */
  shapes: string[];
  depth: number;
}

interface State {
  /** Depth of the last line in the piece, and its words (what the next transition looks at). */
  lastDepth: number;
  lastText: string;
  /** Depth of the piece's first (quoted) line and how many of the piece's words it holds. */
  depth: number;
  split: number;
  blanks: number[];
  /** Marker shape of the last quoted line's prefix. */
  shape: string;
  cost: number;
  back: number;
}

/**
 * Recovers the lines of one physical line that is really a flattened message; null when the line
 * does not look flattened (too short, or no marker runs inside the text).
 */
export function unflatten(line: string, model: LineModel = defaultLineModel): QuotedLine[] | null {
  if (line.length < 40) return null;
  const tokens = line.trim().split(/\s+/u);
  const runs: number[][] = [];
  const pieces: string[][] = [[]];
  let inline = 0;
  let introduced = false;
  for (const tok of tokens) {
    const glued = /^(>+)([^>].*)$/u.exec(tok);
    if (MARKERS.test(tok) || glued !== null) {
      const count = (glued?.[1] ?? tok).length;
      const prevPiece = pieces[pieces.length - 1] ?? [];
      if (prevPiece.length === 0 && runs.length > 0) runs[runs.length - 1]?.push(count);
      else {
        if (prevPiece.length > 0) {
          inline++;
          introduced ||= /:$/u.test(prevPiece[prevPiece.length - 1] ?? "");
        }
        runs.push([count]);
        pieces.push([]);
      }
      if (glued !== null) pieces[pieces.length - 1]?.push(glued[2] ?? "");
      continue;
    }
    pieces[pieces.length - 1]?.push(tok);
  }
  if (runs.length === 0) {
    // Unquoted text that lost its newlines still ends in a sign-off or signature worth separating.
    const lines = splitProse(tokens);
    return lines.length > 1 ? lines.map((text) => ({ depth: 0, text })) : null;
  }
  if (line.length < 120) return null;
  // One inline run is enough when an attribution-like colon introduces it (`a écrit : > text`).
  if (inline < 2 && !(inline === 1 && introduced)) return null;
  return reconstruct(pieces, search(pieces, runs, model));
}

function search(pieces: readonly string[][], runs: readonly number[][], model: LineModel): State[][] {
  const layout = layoutOf(pieces);
  const head = (pieces[0] ?? []).join(" ");
  const table: State[][] = [
    [{ lastDepth: 0, lastText: head === "" ? "." : head, depth: 0, split: pieces[0]?.length ?? 0, blanks: [], shape: "", cost: 0, back: -1 }],
  ];
  for (let j = 1; j < pieces.length; j++) {
    const words = pieces[j] ?? [];
    const prevStates = table[j - 1] ?? [];
    const next: State[] = [];
    for (const dec of decompositions(runs[j - 1] ?? [])) {
      // The transition's cost depends on the next line's length band, so find the best predecessor per band.
      const best = new Map<string, { cost: number; back: number }>();
      for (const option of splits(words, dec.depth, layout, model)) {
        const quoted = option.quoted;
        const band = lengthBucket(quoted);
        let from = best.get(band);
        if (from === undefined) {
          from = { cost: Infinity, back: -1 };
          prevStates.forEach((prev, k) => {
            const c =
              prev.cost + model.cost({ depth: prev.lastDepth, text: prev.lastText }, dec.blanks, dec.depth, quoted) + shapeCost(prev.shape, dec.shapes);
            if (from !== undefined && c < from.cost) {
              from.cost = c;
              from.back = k;
            }
          });
          best.set(band, from);
        }
        // Unquoted text keeps the last quoted prefix: quoting resumes in the same client's style.
        const shape = dec.shapes[dec.shapes.length - 1] ?? "";
        next.push({ ...option, depth: dec.depth, blanks: dec.blanks, shape, cost: from.cost + option.cost, back: from.back });
      }
    }
    table.push(prune(next));
  }
  return table;
}

/** Keeps the cheapest state per distinct ending; states that end alike behave alike from here on. */
function prune(states: State[]): State[] {
  const best = new Map<string, State>();
  for (const s of states) {
    const key = `${s.lastDepth}|${s.shape}|${s.lastDepth === 0 ? "" : s.lastText}`;
    const seen = best.get(key);
    if (seen === undefined || s.cost < seen.cost) best.set(key, s);
  }
  return [...best.values()];
}

/** Ways to read a run of marker tokens: up to two quoted blank lines, then the next line's prefix. */
function decompositions(run: readonly number[]): Decomposition[] {
  const sum = (from: number, to: number): number => run.slice(from, to).reduce((a, b) => a + b, 0);
  const shape = (from: number, to: number): string => run.slice(from, to).join(",");
  const out: Decomposition[] = [];
  for (let g = 0; g < run.length; g++) {
    const depth = sum(g, run.length);
    const last = shape(g, run.length);
    if (g === 0) out.push({ blanks: [], shapes: [last], depth });
    else {
      out.push({ blanks: [sum(0, g)], shapes: [shape(0, g), last], depth });
      for (let h = 1; h < g; h++) out.push({ blanks: [sum(0, h), sum(h, g)], shapes: [shape(0, h), shape(h, g), last], depth });
    }
  }
  return out;
}

/**
 * Clients write each line's prefix the same way (`> >>` stays `> >>`; a deeper line extends it, a
 * shallower one cuts it short). Cost of the prefixes in a run given the previous line's prefix.
 */
function shapeCost(previous: string, shapes: readonly string[]): number {
  let cost = 0;
  let before = previous;
  for (const shape of shapes) {
    if (before !== "" && shape !== before && !shape.startsWith(`${before},`) && !before.startsWith(`${shape},`)) cost += SHAPE_BREAK;
    before = shape;
  }
  return cost;
}

type Split = Pick<State, "lastDepth" | "lastText" | "split" | "cost"> & { quoted: string };

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
  const lengths = pieces.slice(1, -1).map((w) => w.join(" ").length);
  const long = lengths.filter((n) => n > 100).length;
  if (lengths.length >= 4 && long / lengths.length > 0.25) return { wrap: 4000, sentenceSplitsOnly: true };
  // The paste's own wrap width: nearly every single quoted line fits within it.
  const single = lengths.filter((n) => n <= 100).sort((a, b) => a - b);
  const p95 = single[Math.floor(single.length * 0.95)] ?? WRAP;
  return { wrap: single.length >= 8 ? Math.min(100, Math.max(60, p95 + 2)) : WRAP, sentenceSplitsOnly: false };
}

const isSignOff = (text: string): boolean => isClosing(text) || signOffName(text) !== null;
const STARTS_LINE = /^[\p{Lu}\p{N}"'(\[<*-]/u;
const MAX_SENTENCE_SPLITS = 40;

/** Where the quoted line after a run ends: the whole piece, or early with unquoted text after it. */
function splits(words: readonly string[], depth: number, layout: Layout, model: LineModel): Split[] {
  const out: Split[] = [];
  if (words.length === 0) return [{ lastDepth: depth, lastText: "", quoted: "", split: 0, cost: 0 }];
  let quoted = "";
  let sentences = 0;
  for (let s = 1; s <= words.length; s++) {
    quoted = s === 1 ? (words[0] ?? "") : `${quoted} ${words[s - 1] ?? ""}`;
    if (quoted.length > layout.wrap * 2 && s > 1) break;
    const long = s > 1 && quoted.length > layout.wrap ? 2 + (quoted.length - layout.wrap) * 0.3 : 0;
    if (s === words.length) {
      out.push({ lastDepth: depth, lastText: quoted, quoted, split: s, cost: long });
      continue;
    }
    const ends = ENDS_SENTENCE.test(quoted);
    if (layout.sentenceSplitsOnly && (!ends || ++sentences > MAX_SENTENCE_SPLITS)) continue;
    let cost = long + model.cost({ depth, text: quoted }, [], 0, "");
    if (!STARTS_LINE.test(words[s] ?? "")) cost += 1.5;
    // A reply that is nothing but a sign-off is rare: more likely the quote ran on to the sign-off.
    if (words.length - s <= 4 && isSignOff(words.slice(s).join(" "))) cost += 1.5;
    out.push({ lastDepth: 0, lastText: words.slice(Math.max(s, words.length - 40)).join(" "), quoted, split: s, cost });
  }
  return out;
}

function reconstruct(pieces: readonly string[][], table: State[][]): QuotedLine[] {
  const chosen: State[] = [];
  let j = table.length - 1;
  let k = (table[j] ?? []).reduce((bi, s, i, all) => (s.cost < (all[bi]?.cost ?? Infinity) ? i : bi), 0);
  while (j >= 0) {
    const state = table[j]?.[k];
    if (state === undefined) break;
    chosen.unshift(state);
    k = state.back;
    j--;
  }
  const out: QuotedLine[] = [];
  chosen.forEach((state, i) => {
    const words = pieces[i] ?? [];
    if (i === 0) {
      for (const text of splitProse(words)) out.push({ depth: 0, text });
      return;
    }
    for (const b of state.blanks) out.push({ depth: b, text: "" });
    out.push({ depth: state.depth, text: words.slice(0, state.split).join(" ") });
    if (state.split < words.length) {
      out.push({ depth: 0, text: "" });
      for (const text of splitProse(words.slice(state.split))) out.push({ depth: 0, text });
    }
  });
  return out;
}
