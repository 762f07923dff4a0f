import type { ChunkPart } from "./model.js";
import { renderPart } from "./model.js";
import type { Tokenizer } from "./tokenizer.js";

/** What a chunk may hold, and how to count it. */
export interface Budget {
  max: number;
  tokenizer: Tokenizer;
  names: ReadonlyMap<string, string>;
  /** Tokens of the separator between rendered parts. */
  separator: number;
}

/** A part with the exact token count of its rendering alone. */
export interface Block {
  part: ChunkPart;
  tokens: number;
}

/** A part as a block: counted once, rendered as the model will read it. */
export const toBlock = (part: ChunkPart, budget: Budget): Block => ({
  part,
  tokens: budget.tokenizer.countTokens(renderPart(part, budget.names)),
});
