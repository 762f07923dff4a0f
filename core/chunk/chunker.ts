import type { Thread } from "../thread/model.js";
import { joinedTokens, makeBudget, toBlock, type Block, type Budget } from "./budget.js";
import { exchangeUnits } from "./exchanges.js";
import { CHUNK_MODEL_VERSION, renderParts, speakerNames } from "./model.js";
import type { Chunk, ChunkPart } from "./model.js";
import { turnParts } from "./repeats.js";
import { splitPart } from "./split-part.js";
import type { Tokenizer } from "./tokenizer.js";

export interface ChunkOptions {
  /** Upper bound on every chunk's `tokens`. */
  maxTokens: number;
  tokenizer: Tokenizer;
}

/**
 * Cuts a thread into chunks of at most `maxTokens` tokens each, in thread order. A reply stays
 * in one chunk with the quote it answers; only such an exchange too large for any chunk is cut,
 * and a turn too large for one chunk is cut at paragraphs, then sentences, then words. Only
 * `content` segments are sent; text an earlier part already carried is marked `context`.
 *
 * @throws RangeError when `maxTokens` cannot hold a part header and one character.
 */
export function chunkThread(thread: Thread, options: ChunkOptions): Chunk[] {
  const { maxTokens, tokenizer } = options;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) {
    throw new RangeError(`maxTokens must be a positive integer, got ${maxTokens}`);
  }
  const budget = makeBudget(maxTokens, tokenizer, speakerNames(thread.speakers));
  const parts = turnParts(thread);
  const items = exchangeUnits(thread.turns).flatMap(([start, end]) =>
    unitItems(parts.slice(start, end), budget),
  );
  return pack(items, budget);
}

/** What the packer places whole: an exchange, or else one of its turns, or else a piece of a turn. */
interface Item {
  blocks: Block[];
  /** Tokens of the rendered blocks: their sum plus separators, or the exact count near the budget. */
  tokens: number;
  /** Starts a new chunk, so a cut exchange at least starts together with what it quotes. */
  fresh: boolean;
}

function itemOf(blocks: Block[], budget: Budget): Item {
  let tokens = blocks.reduce((sum, b) => sum + b.tokens, 0) + budget.separator * (blocks.length - 1);
  // Joined parts merge a few tokens at their seams, so a sum just over budget may still fit,
  // and an exchange or turn that fits must not be cut.
  if (tokens > budget.max && tokens <= 2 * budget.max) {
    tokens = joinedTokens(blocks, budget);
  }
  return { blocks, tokens, fresh: false };
}

const single = (block: Block): Item => ({ blocks: [block], tokens: block.tokens, fresh: false });

/**
 * The items of one exchange, given its turns' parts: the whole exchange when it fits; else each
 * turn whole where it fits, else that turn's parts, cutting any part too large on its own.
 */
function unitItems(turns: readonly ChunkPart[][], budget: Budget): Item[] {
  // A part over twice the budget is cut whatever its exact count (see itemOf), so it is counted only that far.
  const blocks = turns
    .filter((parts) => parts.length > 0)
    .map((parts) => parts.map((p) => toBlock(p, budget, 2 * budget.max)));
  if (blocks.length === 0) return [];
  const whole = itemOf(blocks.flat(), budget);
  if (whole.tokens <= budget.max) return [whole];
  const items = blocks.flatMap((turn) => {
    const item = itemOf(turn, budget);
    if (item.tokens <= budget.max) return [item];
    return turn.flatMap((b) => (b.tokens <= budget.max ? [b] : splitPart(b.part, budget))).map(single);
  });
  // A cut exchange still starts a chunk together with the quote that opens it.
  return items.map((item, i) => ({ ...item, fresh: i === 0 }));
}

/**
 * Greedily fills chunks with items in order. Sums of per-part counts only estimate a chunk's
 * tokens, because BPE merges across part boundaries, so each chunk is counted once rendered
 * and gives items back to the next chunk while it is over budget.
 */
function pack(items: Item[], budget: Budget): Chunk[] {
  const chunks: Chunk[] = [];
  const queue = items.reverse();
  let open: Item[] = [];
  let estimate = 0;
  const close = (): void => {
    while (open.length > 0) {
      const blocks = open.flatMap((item) => item.blocks);
      const tokens = joinedTokens(blocks, budget);
      if (tokens <= budget.max) {
        const parts = blocks.map((b) => b.part);
        const turns = [...new Set(parts.map((p) => p.turn))];
        const text = renderParts(parts, budget.names);
        chunks.push({ version: CHUNK_MODEL_VERSION, index: chunks.length, tokens, turns, parts, text });
        break;
      }
      // A lone block fits, so this always ends.
      const last = open.pop();
      if (last === undefined) break;
      const back = open.length > 0 ? [last] : last.blocks.map(single);
      for (const item of back.reverse()) queue.push(item);
    }
    open = [];
    estimate = 0;
  };
  for (let item = queue.pop(); item !== undefined; item = queue.pop()) {
    const joined = estimate + budget.separator + item.tokens;
    if (open.length > 0 && (item.fresh || joined > budget.max)) {
      queue.push(item);
      close();
      continue;
    }
    estimate = open.length === 0 ? item.tokens : joined;
    open.push(item);
  }
  close();
  return chunks;
}
