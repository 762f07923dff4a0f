import type { Colours } from "./colours.js";
import type { Chunk } from "../chunk/model.js";
import type { Speaker } from "../thread/model.js";

/** Renders chunks for a terminal: a header per chunk with its size and turns, then the text the model will read. */
export function renderChunks(plan: { model: string; encoding: string; maxTokens: number; speakers: readonly Speaker[]; chunks: readonly Chunk[] }, pc: Colours): string {
  const total = plan.chunks.reduce((n, c) => n + c.tokens, 0);
  const out = [
    pc.bold(`${plan.chunks.length} chunk(s), ${total} tokens (${plan.encoding} for ${plan.model}, budget ${plan.maxTokens} per chunk)`),
  ];
  for (const chunk of plan.chunks) {
    const context = chunk.parts.filter((p) => p.kind === "context").length;
    out.push(
      "",
      pc.cyan(pc.bold(`── chunk ${chunk.index + 1}: ${chunk.tokens} tokens, turns ${chunk.turns.join(", ") || "-"}${context > 0 ? `, ${context} repeated part(s) as context` : ""}`)),
      chunk.text,
    );
  }
  return out.join("\n");
}
