import { performance } from "node:perf_hooks";
import { setImmediate as nextTurn } from "node:timers/promises";
import * as cl100k from "gpt-tokenizer/encoding/cl100k_base";
import * as o200k from "gpt-tokenizer/encoding/o200k_base";
import { firstBoundary, joinsAtBoundary, lastBoundary, tokenPieces, type TokenPiece } from "./token-pieces.js";

/** The BPE encodings Standpoint counts with. */
export type EncodingName = "o200k_base" | "cl100k_base";

/**
 * Counts tokens the way the configured model will, in time linear in the text whatever its shape.
 * The count is exact on text whose letter, punctuation and whitespace runs stay under about 128
 * bytes, which is all ordinary prose and mail; a longer run (base64 on one line, CJK or emoji
 * without spaces) is counted in bounded pieces, over by at most a token or so per 48 to 128 bytes
 * of the run (see `tokenPieces`), and past its first 64 KiB by one token per UTF-8 byte: an upper
 * bound, so junk is over-counted, never under-counted.
 */
export interface Tokenizer {
  readonly encoding: EncodingName;
  /**
   * The text's tokens; with `atMost`, counting stops once they exceed it and any number above
   * `atMost` comes back, so a text known to be too large is not counted to its end.
   */
  countTokens(text: string, atMost?: number): number;
  /**
   * `countTokens(before + after) - countTokens(before) - countTokens(after)`, exactly, counting only
   * the ends next to the seam: 0 where the seam is a pre-token boundary, as between a line break
   * and a `[`; else a token or so that BPE merges across it (`.` then `\n\n` is one token).
   */
  seamTokens(before: string, after: string): number;
  /**
   * The same count as {@link Tokenizer.countTokens}, for code on an event loop that must keep
   * answering: it counts for at most about 10 ms at a time, then lets the loop turn.
   */
  countTokensAsync(text: string): Promise<number>;
}

// Pasted threads may discuss tokenizers and contain `<|endoftext|>` literally; count such
// strings as the plain text they are instead of throwing.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/** Longest stretch of counting between two turns of the event loop, well under the 50 ms a bot may stall. */
const SLICE_MS = 10;

/** What this module needs of a gpt-tokenizer encoding. */
interface Encoder {
  countTokens(text: string, options: typeof PLAIN_TEXT): number;
  clearMergeCache(): void;
  DEFAULT_MERGE_CACHE_SIZE: number;
}

/**
 * The encoder's merge cache is an LRU map that evicts with `keys().next()`, which walks past the
 * holes its own deletions left: once it is full, every new pre-token costs time that grows with
 * the churn (1 MB of base64 counted in 2 s on a fresh cache, 11 s once it had filled). Each entry
 * is at least one code unit of counted text, so clearing it before that many code units have been
 * counted keeps it from ever filling; common words are back in it within a few kilobytes of mail.
 */
function counter(encoder: Encoder): (piece: string) => number {
  let sinceClear = 0;
  return (piece) => {
    sinceClear += piece.length;
    if (sinceClear > encoder.DEFAULT_MERGE_CACHE_SIZE) {
      encoder.clearMergeCache();
      sinceClear = piece.length;
    }
    return encoder.countTokens(piece, PLAIN_TEXT);
  };
}

/** Seams remembered per encoding; chunking meets the same few (a sentence end and a blank line) over and over. */
const MAX_SEAMS = 4096;
/** Longer ends are rare enough not to be worth remembering. */
const MAX_SEAM_KEY = 256;

function tokenizer(encoding: EncodingName, encoder: Encoder): Tokenizer {
  const exact = counter(encoder);
  const count = (piece: TokenPiece): number => (piece.bound ? Buffer.byteLength(piece.text, "utf8") : exact(piece.text));
  const countTokens = (text: string, atMost = Infinity): number => {
    let tokens = 0;
    for (const piece of tokenPieces(text)) {
      tokens += count(piece);
      if (tokens > atMost) break;
    }
    return tokens;
  };
  const seams = new Map<string, number>();
  return {
    encoding,
    countTokens,
    seamTokens(before, after) {
      if (joinsAtBoundary(before, after)) return 0;
      // Both sides are cut at their nearest boundary, which changes no count.
      const tail = before.slice(lastBoundary(before));
      const head = after.slice(0, firstBoundary(after));
      const key = `${tail}\u0000${head}`;
      const known = seams.get(key);
      if (known !== undefined) return known;
      const seam = countTokens(tail + head) - countTokens(tail) - countTokens(head);
      if (key.length <= MAX_SEAM_KEY) {
        if (seams.size >= MAX_SEAMS) seams.clear();
        seams.set(key, seam);
      }
      return seam;
    },
    async countTokensAsync(text) {
      let tokens = 0;
      let since = performance.now();
      // A piece costs a few milliseconds at most, so checking the clock between pieces bounds each slice.
      for (const piece of tokenPieces(text)) {
        tokens += count(piece);
        if (performance.now() - since >= SLICE_MS) {
          await nextTurn();
          since = performance.now();
        }
      }
      return tokens;
    },
  };
}

const tokenizers: Record<EncodingName, Tokenizer> = {
  o200k_base: tokenizer("o200k_base", o200k),
  cl100k_base: tokenizer("cl100k_base", cl100k),
};

/**
 * The encoding a model name uses. Only GPT-4 (not 4o/4.1/4.5) and GPT-3.5 predate o200k_base;
 * every newer OpenAI model uses it, and for other models (llama, qwen, mistral behind a local
 * server) it is the closest available estimate.
 */
export function encodingFor(model: string): EncodingName {
  // Routers spell models as `provider/model`.
  const name = model.trim().toLowerCase().split("/").pop() ?? "";
  return /^(gpt-4(-|$)|gpt-3\.5)/.test(name) ? "cl100k_base" : "o200k_base";
}

/** The tokenizer for a model name; one shared instance per encoding. */
export function tokenizerFor(model: string): Tokenizer {
  return tokenizers[encodingFor(model)];
}
