import { z } from "zod";
import type { Speaker } from "../thread/model.js";

/**
 * The chunk contract: what the chunker hands to the model-facing stages. A chunk is a run of
 * consecutive turns rendered as text that fits the model's token budget.
 */
export const CHUNK_MODEL_VERSION = 1;

/** `content` is text seen for the first time; `context` repeats text an earlier part already carried. */
export const PartKindSchema = z.enum(["content", "context"]);
export type PartKind = z.infer<typeof PartKindSchema>;

export const ChunkPartSchema = z.object({
  /** Id of the turn the text comes from; a turn too large for one chunk spans several parts. */
  turn: z.number().int().min(0),
  /** Speaker id of the turn; null when the text does not say who wrote it. */
  speaker: z.string().nullable(),
  depth: z.number().int().min(0),
  kind: PartKindSchema,
  text: z.string().min(1),
});
export type ChunkPart = z.infer<typeof ChunkPartSchema>;

export const ChunkSchema = z.object({
  version: z.literal(CHUNK_MODEL_VERSION),
  index: z.number().int().min(0),
  /** Token count of `text` under the configured model's tokenizer. */
  tokens: z.number().int().min(0),
  /** Ids of the turns with text in this chunk, in thread order. */
  turns: z.array(z.number().int().min(0)),
  parts: z.array(ChunkPartSchema).min(1),
  /** `parts` as the model reads them; see {@link renderParts}. */
  text: z.string(),
});
export type Chunk = z.infer<typeof ChunkSchema>;

/** Display names by speaker id, for {@link renderParts}. */
export function speakerNames(speakers: readonly Speaker[]): ReadonlyMap<string, string> {
  return new Map(speakers.map((s) => [s.id, s.name]));
}

/** The header line of a part: `[name, depth d]`, or `[name, depth d, context]` for repeated text. */
export function renderHeader(part: ChunkPart, names: ReadonlyMap<string, string>): string {
  const name = part.speaker === null ? "unknown" : (names.get(part.speaker) ?? part.speaker);
  const context = part.kind === "context" ? ", context" : "";
  return `[${name}, depth ${part.depth}${context}]\n`;
}

/** One part as the model reads it: its header line (see {@link renderHeader}), then the text. */
export function renderPart(part: ChunkPart, names: ReadonlyMap<string, string>): string {
  return renderHeader(part, names) + part.text;
}

/** Separates rendered parts; a blank line keeps headers visually apart from the text above. */
export const PART_SEPARATOR = "\n\n";

/** The text a chunk sends to the model: its parts rendered in order, separated by blank lines. */
export function renderParts(parts: readonly ChunkPart[], names: ReadonlyMap<string, string>): string {
  return parts.map((part) => renderPart(part, names)).join(PART_SEPARATOR);
}
