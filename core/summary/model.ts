import { z } from "zod";

/**
 * The summary contract: one schema for the CLI, the worker, the bot and digests. Field names are
 * fixed (tools depend on them); new fields may be added, none renamed. Speaker ids and names are
 * the parser's.
 */
export const SUMMARY_VERSION = 1;

export const PositionSchema = z.object({
  /** What the speaker argues, in one sentence. */
  claim: z.string().min(1),
  /** Verbatim quotes from the speaker's own content that back the claim (checked by grounding). */
  evidence: z.array(z.string().min(1)).min(1),
  /** The speaker this position answers, when it is a reply. */
  replies_to: z.string().nullable(),
});
export type Position = z.infer<typeof PositionSchema>;

export const SpeakerSummarySchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  /** The speaker's stance in one line; empty when nothing they wrote could be verified. */
  stance: z.string(),
  positions: z.array(PositionSchema),
});
export type SpeakerSummary = z.infer<typeof SpeakerSummarySchema>;

export const ContentionSchema = z.object({
  point: z.string().min(1),
  sides: z.array(z.object({ speaker: z.string().min(1), position: z.string().min(1) })).min(1),
});
export type Contention = z.infer<typeof ContentionSchema>;

export const ProvenanceSchema = z.object({
  mode: z.enum(["extractive", "model"]),
  /** The model that wrote the summary; `extractive` for the offline summariser. */
  model: z.string(),
  /** Where the model ran (the API's base URL host), or `local`. */
  provider: z.string(),
  prompt_version: z.string(),
  calls: z.number().int().min(0),
  prompt_tokens: z.number().int().min(0),
  completion_tokens: z.number().int().min(0),
  /** Claims left out because their evidence is not in the speaker's own words. */
  dropped_claims: z.number().int().min(0),
  /** Parts of the thread no summary covers (a chunk whose model call failed for good). */
  missing: z.array(z.string()),
  /** True when the summary came from the result cache, with no model call this time. */
  cached: z.boolean(),
});
export type Provenance = z.infer<typeof ProvenanceSchema>;

export const SummarySchema = z.object({
  version: z.literal(SUMMARY_VERSION),
  topic: z.string(),
  speakers: z.array(SpeakerSummarySchema),
  agreements: z.array(z.string()),
  contentions: z.array(ContentionSchema),
  open_questions: z.array(z.string()),
  provenance: ProvenanceSchema,
});
export type Summary = z.infer<typeof SummarySchema>;
