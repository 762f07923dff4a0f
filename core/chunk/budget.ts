import type { ChunkPart } from "./model.js";
import { PART_SEPARATOR, renderHeader } from "./model.js";
import type { Tokenizer } from "./tokenizer.js";

/** What a chunk may hold, and how to count it. */
export interface Budget {
  max: number;
  tokenizer: Tokenizer;
  names: ReadonlyMap<string, string>;
  /** Tokens of the separator between rendered parts. */
  separator: number;
  /** Counts of header lines and of short texts met before: a thread of many tiny turns repeats them. */
  known: Map<string, number>;
  /** Per block, {@link Tokenizer.seamTokens} of its rendering and the separator after it. */
  seams: WeakMap<Block, number>;
}

/** A budget of `max` tokens per chunk for a thread whose speakers have these display names. */
export function makeBudget(max: number, tokenizer: Tokenizer, names: ReadonlyMap<string, string>): Budget {
  return { max, tokenizer, names, separator: tokenizer.countTokens(PART_SEPARATOR), known: new Map(), seams: new WeakMap() };
}

/** A part with the exact token count of its rendering alone (or, counted with a cap, a number above the cap). */
export interface Block {
  part: ChunkPart;
  tokens: number;
}

/** Texts up to this long are remembered with their counts. */
const KNOWN_TEXT = 64;

function countKnown(text: string, budget: Budget): number {
  let tokens = budget.known.get(text);
  if (tokens === undefined) {
    tokens = budget.tokenizer.countTokens(text);
    budget.known.set(text, tokens);
  }
  return tokens;
}

/** Tokens of a part's header line alone, counted once per thread. */
export function headerTokens(part: ChunkPart, budget: Budget): number {
  return countKnown(renderHeader(part, budget.names), budget);
}

/**
 * A part as a block, given its text's tokens: a header and a text count to their sum but for the
 * seam between them, which is nothing unless the text starts with a space or a `/`.
 */
export function blockOf(part: ChunkPart, textTokens: number, budget: Budget): Block {
  const header = renderHeader(part, budget.names);
  return { part, tokens: countKnown(header, budget) + textTokens + budget.tokenizer.seamTokens(header, part.text) };
}

/**
 * A part as a block: counted as the model will read it rendered, exactly, with its header counted
 * once per thread (see {@link blockOf}). With `cap`, a part whose text alone has more tokens is
 * counted only that far, and its block's tokens are just some number above `cap`.
 */
export function toBlock(part: ChunkPart, budget: Budget, cap?: number): Block {
  const text = part.text.length <= KNOWN_TEXT ? countKnown(part.text, budget) : budget.tokenizer.countTokens(part.text, cap);
  return blockOf(part, text, budget);
}

/**
 * Exact tokens of the blocks rendered and joined (`renderParts`), from their counts: the separator
 * ends in a line break and every rendering starts with `[`, a pre-token boundary, so what joining
 * adds is only the seam between each rendering and the separator after it, which BPE decides from
 * the rendering's last pre-token (`.` and a blank line are one token).
 */
export function joinedTokens(blocks: readonly Block[], budget: Budget): number {
  let tokens = 0;
  blocks.forEach((block, i) => {
    tokens += block.tokens;
    if (i === blocks.length - 1) return;
    let seam = budget.seams.get(block);
    if (seam === undefined) {
      seam = budget.tokenizer.seamTokens(renderHeader(block.part, budget.names) + block.part.text, PART_SEPARATOR);
      budget.seams.set(block, seam);
    }
    tokens += budget.separator + seam;
  });
  return tokens;
}
