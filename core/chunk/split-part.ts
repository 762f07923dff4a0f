import { blockOf, headerTokens, toBlock, type Block, type Budget } from "./budget.js";
import type { ChunkPart } from "./model.js";
import { PARAGRAPH_BREAK, SENTENCE_BREAK, WORD_BREAK } from "./repeats.js";
import { joinsAtBoundary, lastBoundary } from "./token-pieces.js";

// Cutting a part too large for one chunk: at paragraphs, then sentences, then words.

type Span = [number, number];

/** A span with the tokens of the text from `from` to its end: the span alone, or with the separator before it. */
interface Counted {
  span: Span;
  from: number;
  tokens: number;
}

/** Coarsest first; after words only a hard cut is left. */
const LEVELS = [PARAGRAPH_BREAK, SENTENCE_BREAK, WORD_BREAK];

function spans(text: string, separator: RegExp): Span[] {
  const out: Span[] = [];
  let start = 0;
  for (const match of text.matchAll(separator)) {
    if (match.index > start) out.push([start, match.index]);
    start = match.index + match[0].length;
  }
  if (text.length > start) out.push([start, text.length]);
  return out;
}

/** Cuts one part into blocks that each fit the budget, keeping its text's own line breaks. */
export function splitPart(part: ChunkPart, budget: Budget): Block[] {
  const count = (text: string): number => budget.tokenizer.countTokens(text);
  const header = headerTokens(part, budget);
  if (header >= budget.max) {
    throw new RangeError(`maxTokens ${budget.max} cannot hold the header of turn ${part.turn}`);
  }

  const split = (text: string, level: number): Block[] => {
    const separator = LEVELS[level];
    if (separator === undefined) return hardCut(text);
    const units = spans(text, separator);
    const [only] = units;
    // Callers pass text that does not fit; with nothing to cut at this level, go finer.
    if (units.length === 1 && only !== undefined) return split(text.slice(only[0], only[1]), level + 1);
    const out: Block[] = [];
    /**
     * Tokens of the text of a run of spans, from their counts: each seam between two counted
     * texts is counted from their ends, when the text before it has a boundary of its own to
     * start the end at; else (a run of `/` lines, say) the text is counted whole.
     */
    const runTokens = (run: Counted[], piece: string): number => {
      const [first] = run;
      if (first === undefined) return 0;
      let tokens = first.from === first.span[0] ? first.tokens : count(text.slice(first.span[0], first.span[1]));
      let before = text.slice(first.span[0], first.span[1]);
      for (let j = 1; j < run.length; j++) {
        const next = run[j];
        if (next === undefined) break;
        const after = text.slice(next.from, next.span[1]);
        // The seam depends on the joined text's end from its last boundary: inside `before`, or at its start.
        if (j > 1 && lastBoundary(before) === 0 && !joinsAtBoundary(text.slice(0, run[j - 1]?.from), before)) return count(piece);
        tokens += budget.tokenizer.seamTokens(before, after) + next.tokens;
        before = after;
      }
      return tokens;
    };
    // Verifies a run of spans once rendered, halving it when the estimate was optimistic.
    const emit = (run: Counted[]): void => {
      const [first, last] = [run[0], run.at(-1)];
      if (first === undefined || last === undefined) return;
      const piece = text.slice(first.span[0], last.span[1]);
      const block = blockOf({ ...part, text: piece }, runTokens(run, piece), budget);
      if (block.tokens <= budget.max) out.push(block);
      else if (run.length === 1) for (const b of split(piece, level + 1)) out.push(b);
      else {
        emit(run.slice(0, run.length >> 1));
        emit(run.slice(run.length >> 1));
      }
    };
    let run: Counted[] = [];
    let estimate = 0;
    let previousEnd = 0;
    for (const span of units) {
      // Counted with the separator before it, a span adds about what it adds to the joined text.
      const added = count(text.slice(previousEnd, span[1]));
      const from = previousEnd;
      previousEnd = span[1];
      if (run.length > 0 && estimate + added <= budget.max) {
        run.push({ span, from, tokens: added });
        estimate += added;
        continue;
      }
      emit(run);
      run = [];
      const tokens = count(text.slice(span[0], span[1]));
      if (header + tokens <= budget.max) {
        run.push({ span, from: span[0], tokens });
        estimate = header + tokens;
      } else for (const b of split(text.slice(span[0], span[1]), level + 1)) out.push(b);
    }
    emit(run);
    return out;
  };

  // A "word" larger than a whole chunk is a blob (base64, a minified line): cut it by characters.
  const hardCut = (text: string): Block[] => {
    const chars = Array.from(text);
    const out: Block[] = [];
    for (let at = 0, size = (budget.max - header) * 4; at < chars.length; ) {
      size = Math.min(size, chars.length - at);
      const block = toBlock({ ...part, text: chars.slice(at, at + size).join("") }, budget);
      if (block.tokens <= budget.max) {
        out.push(block);
        at += size;
      } else if (size === 1) {
        throw new RangeError(`maxTokens ${budget.max} cannot hold one character of turn ${part.turn}`);
      } else {
        // Token density is about even along a blob, so scaling by the overshoot lands close.
        const scaled = Math.floor(((size * (budget.max - header)) / (block.tokens - header)) * 0.95);
        size = Math.max(1, Math.min(size - 1, scaled));
      }
    }
    return out;
  };

  return split(part.text, 0);
}
