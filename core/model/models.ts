/*
 * What the project knows about model names: context windows and list prices. A model it does not
 * know (a local server's llama or qwen) needs STANDPOINT_CONTEXT_TOKENS / --context-tokens.
 */

const CONTEXT_WINDOWS: readonly [RegExp, number][] = [
  [/^gpt-5/u, 400_000],
  [/^gpt-4\.1/u, 1_047_576],
  [/^(?:gpt-4o|gpt-4-turbo)/u, 128_000],
  [/^o[134](?:-|$)/u, 200_000],
  [/^gpt-4(?:-|$)/u, 8_192],
  [/^gpt-3\.5/u, 16_385],
];

// US dollars per million input and output tokens, OpenAI list prices (2025).
const PRICES: readonly [RegExp, number, number][] = [
  [/^gpt-5-nano/u, 0.05, 0.4],
  [/^gpt-5-mini/u, 0.25, 2],
  [/^gpt-5(?:$|-\d)/u, 1.25, 10],
  [/^gpt-4\.1-nano/u, 0.1, 0.4],
  [/^gpt-4\.1-mini/u, 0.4, 1.6],
  [/^gpt-4\.1(?:$|-\d)/u, 2, 8],
  [/^gpt-4o-mini/u, 0.15, 0.6],
  [/^gpt-4o(?:$|-\d)/u, 2.5, 10],
];

// Routers spell models `provider/model`.
const bare = (model: string): string => model.trim().toLowerCase().split("/").pop() ?? "";

/** The context window of a known model, in tokens; undefined for models the project does not know. */
export function contextWindow(model: string): number | undefined {
  const name = bare(model);
  return CONTEXT_WINDOWS.find(([pattern]) => pattern.test(name))?.[1];
}

/** Estimated cost in US dollars of the given token counts; null for a model without a known price. */
export function costUsd(model: string, inputTokens: number, outputTokens: number): number | null {
  const name = bare(model);
  const price = PRICES.find(([pattern]) => pattern.test(name));
  return price === undefined ? null : (inputTokens * price[1] + outputTokens * price[2]) / 1_000_000;
}
