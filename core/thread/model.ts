import { z } from "zod";

/**
 * The source-independent thread model. Every reader (pasted mail, mbox, and later Discord
 * channels or chat transcripts) produces a `Thread`; everything downstream (chunker, prompts,
 * summaries, posts) consumes only this.
 */
export const THREAD_MODEL_VERSION = 1;

/** What a segment of text is, as opposed to who wrote it. Only `content` is a speaker's own words. */
export const RoleSchema = z.enum(["content", "attribution", "signature", "header", "footer", "snip"]);
export type Role = z.infer<typeof RoleSchema>;

export const SpeakerSchema = z.object({
  id: z.string().min(1),
  /** Display name; `unknown (quoted at depth N)` when the text does not say who wrote it. */
  name: z.string().min(1),
  email: z.string().nullable(),
  /** Every other spelling of this person seen in the text (sign-offs, addresses, short names). */
  aliases: z.array(z.string()),
  /** False for placeholder speakers whose name could not be known. */
  known: z.boolean(),
});
export type Speaker = z.infer<typeof SpeakerSchema>;

export const SegmentSchema = z.object({
  /** Speaker id; null where the words belong to nobody in particular (attribution lines, list footers). */
  speaker: z.string().nullable(),
  /** Quote depth: 0 is the newest text, d is text quoted d times. */
  depth: z.number().int().min(0),
  role: RoleSchema,
  text: z.string(),
  /** Index of the message this segment came from when several messages were pasted together. */
  message: z.number().int().min(0),
});
export type Segment = z.infer<typeof SegmentSchema>;

export const TurnSchema = z.object({
  id: z.number().int().min(0),
  speaker: z.string().nullable(),
  depth: z.number().int().min(0),
  message: z.number().int().min(0),
  /** The turn this one answers: the quoted text it was written under, when there is one. */
  replies_to: z.number().int().min(0).nullable(),
  /** Half-open range of segment indexes `[start, end)` that make up the turn. */
  segments: z.tuple([z.number().int().min(0), z.number().int().min(0)]),
});
export type Turn = z.infer<typeof TurnSchema>;

export const ThreadSchema = z.object({
  version: z.literal(THREAD_MODEL_VERSION),
  /** Which reader produced the thread, e.g. `mail`. */
  source: z.string(),
  speakers: z.array(SpeakerSchema),
  segments: z.array(SegmentSchema),
  turns: z.array(TurnSchema),
});
export type Thread = z.infer<typeof ThreadSchema>;
