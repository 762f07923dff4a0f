import { lengthBucket, transitionCost } from "./line-model.js";
import { ENDS_SENTENCE, type QuotedLine } from "./lines.js";
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

interface Decomposition {
  blanks: number[];
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
  cost: number;
  back: number;
}

/**
 * Recovers the lines of one physical line that is really a flattened message; null when the line
 * does not look flattened (too short, or no marker runs inside the text).
 */
export function unflatten(line: string): QuotedLine[] | null {
  if (line.length < 120) return null;
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
  // One inline run is enough when an attribution-like colon introduces it (`a écrit : > text`).
  if (inline < 2 && !(inline === 1 && introduced)) return null;
  return reconstruct(pieces, runs, search(pieces, runs));
}

function search(pieces: readonly string[][], runs: readonly number[][]): State[][] {
  const head = (pieces[0] ?? []).join(" ");
  const table: State[][] = [
    [{ lastDepth: 0, lastText: head === "" ? "." : head, depth: 0, split: pieces[0]?.length ?? 0, blanks: [], cost: 0, back: -1 }],
  ];
  for (let j = 1; j < pieces.length; j++) {
    const words = pieces[j] ?? [];
    const prevStates = table[j - 1] ?? [];
    const next: State[] = [];
    for (const dec of decompositions(runs[j - 1] ?? [])) {
      // The transition's cost depends on the next line's length band, so find the best predecessor per band.
      const best = new Map<string, { cost: number; back: number }>();
      for (const option of splits(words, dec.depth)) {
        const quoted = words.slice(0, option.split).join(" ");
        const band = lengthBucket(quoted);
        let from = best.get(band);
        if (from === undefined) {
          from = { cost: Infinity, back: -1 };
          prevStates.forEach((prev, k) => {
            const c = prev.cost + transitionCost({ depth: prev.lastDepth, text: prev.lastText }, dec.blanks, dec.depth, quoted);
            if (from !== undefined && c < from.cost) {
              from.cost = c;
              from.back = k;
            }
          });
          best.set(band, from);
        }
        next.push({ ...option, depth: dec.depth, blanks: dec.blanks, cost: from.cost + option.cost, back: from.back });
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
    const key = `${s.lastDepth}|${s.lastDepth === 0 ? "" : s.lastText}`;
    const seen = best.get(key);
    if (seen === undefined || s.cost < seen.cost) best.set(key, s);
  }
  return [...best.values()];
}

/** Ways to read a run of marker tokens: up to two quoted blank lines, then the next line's prefix. */
function decompositions(run: readonly number[]): Decomposition[] {
  const sum = (from: number, to: number): number => run.slice(from, to).reduce((a, b) => a + b, 0);
  const out: Decomposition[] = [];
  for (let g = 0; g < run.length; g++) {
    const depth = sum(g, run.length);
    if (g === 0) out.push({ blanks: [], depth });
    else {
      out.push({ blanks: [sum(0, g)], depth });
      for (let h = 1; h < g; h++) out.push({ blanks: [sum(0, h), sum(h, g)], depth });
    }
  }
  return out;
}

type Split = Pick<State, "lastDepth" | "lastText" | "split" | "cost">;

/** Where the quoted line after a run ends: the whole piece, or early with unquoted text after it. */
function splits(words: readonly string[], depth: number): Split[] {
  const out: Split[] = [];
  let length = -1;
  for (let s = 1; s <= words.length; s++) {
    length += 1 + (words[s - 1]?.length ?? 0);
    if (length > WRAP * 2 && s > 1) break;
    const quoted = words.slice(0, s).join(" ");
    const long = s > 1 && length > WRAP ? 1 + (length - WRAP) * 0.1 : 0;
    if (s === words.length) {
      out.push({ lastDepth: depth, lastText: quoted, split: s, cost: long });
      continue;
    }
    const rest = words.slice(s);
    const first = rest[0] ?? "";
    let cost = long + transitionCost({ depth, text: quoted }, [], 0, "");
    if (!/^[\p{Lu}\p{N}"'(\[<*-]/u.test(first)) cost += 1.5;
    out.push({ lastDepth: 0, lastText: rest.slice(-40).join(" "), split: s, cost });
  }
  if (words.length === 0) out.push({ lastDepth: depth, lastText: "", split: 0, cost: 0 });
  return out;
}

function reconstruct(pieces: readonly string[][], _runs: readonly number[][], table: State[][]): QuotedLine[] {
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
