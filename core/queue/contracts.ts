import { z } from "zod";
import { SummarySchema } from "../summary/model.js";

/*
 * The queue contracts: what the bot (or the CLI) puts on the summarise queue, what a worker
 * answers, and what goes back on the delivery queue. Versioned; types come from the schemas.
 */
export const QUEUE_CONTRACT_VERSION = 1;

/** Queue names, under the configured prefix. */
export const QUEUES = { summarise: "summarise", deliveries: "deliveries", digests: "digests" } as const;

/** Where a finished summary goes: a Discord channel (the bot posts it) or a waiting terminal. */
export const DestinationSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("discord"),
    guild: z.string().nullable(),
    channel: z.string(),
    user: z.string(),
    /** The interaction to answer while its token lasts (15 minutes); after that the channel (or a DM when private). */
    interaction: z.object({ token: z.string().min(1), expiresAt: z.number().int() }).nullable(),
    private: z.boolean(),
  }),
  z.object({ kind: z.literal("cli") }),
]);
export type Destination = z.infer<typeof DestinationSchema>;

export const SummariseJobSchema = z.object({
  version: z.literal(QUEUE_CONTRACT_VERSION),
  /** Hash of the normalised paste, stored once in Redis (`paste:<hash>`) rather than copied into the job. */
  paste: z.string().regex(/^[0-9a-f]{64}$/u),
  /** The model to summarise with; null for the worker's default. */
  model: z.string().min(1).nullable(),
  destination: DestinationSchema,
});
export type SummariseJob = z.infer<typeof SummariseJobSchema>;

export const SummariseResultSchema = z.object({
  version: z.literal(QUEUE_CONTRACT_VERSION),
  summary: SummarySchema,
});
export type SummariseResult = z.infer<typeof SummariseResultSchema>;

/** How far a summarise job got, reported while it runs (the bot shows it in its reply). */
export const ProgressSchema = z.object({
  version: z.literal(QUEUE_CONTRACT_VERSION),
  speakers: z.number().int().min(0),
  /** Model calls done of those planned; 0 of 0 before the first. */
  done: z.number().int().min(0),
  total: z.number().int().min(0),
});
export type Progress = z.infer<typeof ProgressSchema>;

/** One summarised thread as a digest shows it. */
export const DigestThreadSchema = z.object({
  job: z.string(),
  /** When it was summarised (ms). */
  at: z.number().int(),
  topic: z.string(),
  stances: z.array(z.object({ name: z.string(), stance: z.string() })),
  contention: z.object({ point: z.string(), sides: z.array(z.object({ name: z.string(), position: z.string() })) }).nullable(),
});
export type DigestThread = z.infer<typeof DigestThreadSchema>;

/** What the bot posts: a summary, why there is none (in plain words), or a guild's digest. */
export const DeliverySchema = z.object({
  version: z.literal(QUEUE_CONTRACT_VERSION),
  /** The summarise job this answers; also the delivery's idempotency key. */
  job: z.string().min(1),
  destination: DestinationSchema,
  outcome: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("summary"), summary: SummarySchema }),
    z.object({ kind: z.literal("failed"), reason: z.string().min(1) }),
    z.object({ kind: z.literal("digest"), from: z.number().int(), to: z.number().int(), threads: z.array(DigestThreadSchema).min(1) }),
  ]),
});
export type Delivery = z.infer<typeof DeliverySchema>;
