import * as cl100k from "gpt-tokenizer/encoding/cl100k_base";
import * as o200k from "gpt-tokenizer/encoding/o200k_base";

/** The BPE encodings Standpoint counts with. */
export type EncodingName = "o200k_base" | "cl100k_base";

/** Counts tokens the way the configured model will. */
export interface Tokenizer {
  readonly encoding: EncodingName;
  countTokens(text: string): number;
}

// Pasted threads may discuss tokenizers and contain `<|endoftext|>` literally; count such
// strings as the plain text they are instead of throwing.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

const tokenizers: Record<EncodingName, Tokenizer> = {
  o200k_base: { encoding: "o200k_base", countTokens: (text) => o200k.countTokens(text, PLAIN_TEXT) },
  cl100k_base: { encoding: "cl100k_base", countTokens: (text) => cl100k.countTokens(text, PLAIN_TEXT) },
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
