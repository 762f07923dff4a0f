import { z } from "zod";

/*
 * What the model writes: the summary without version, names or provenance, which the pipeline adds.
 * Speaker ids are an enum of the parsed speakers in the JSON schema sent to the model; the parse
 * below still accepts any string, so that an invented id is dropped rather than failing the call.
 */

export const ModelSummarySchema = z.object({
  topic: z.string(),
  speakers: z.array(
    z.object({
      id: z.string(),
      stance: z.string(),
      positions: z.array(z.object({ claim: z.string(), evidence: z.array(z.string()), replies_to: z.string().nullable() })),
    }),
  ),
  agreements: z.array(z.string()),
  contentions: z.array(z.object({ point: z.string(), sides: z.array(z.object({ speaker: z.string(), position: z.string() })) })),
  open_questions: z.array(z.string()),
});
export type ModelSummary = z.infer<typeof ModelSummarySchema>;

/**
 * The JSON schema for structured outputs (strict mode: every property required, no others), with
 * speaker ids limited to the parsed speakers so that the model cannot invent a participant.
 */
export function modelSummaryJsonSchema(speakerIds: readonly string[]): Record<string, unknown> {
  const id = { type: "string", enum: [...speakerIds] };
  const object = (properties: Record<string, unknown>): Record<string, unknown> => ({
    type: "object",
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
  });
  const text = { type: "string" };
  const texts = { type: "array", items: text };
  return object({
    topic: text,
    speakers: {
      type: "array",
      items: object({
        id,
        stance: text,
        positions: { type: "array", items: object({ claim: text, evidence: texts, replies_to: { anyOf: [id, { type: "null" }] } }) },
      }),
    },
    agreements: texts,
    contentions: { type: "array", items: object({ point: text, sides: { type: "array", items: object({ speaker: id, position: text }) } }) },
    open_questions: texts,
  });
}
