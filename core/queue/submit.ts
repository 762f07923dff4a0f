import { Job, Queue, QueueEvents, type JobState, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import { QUEUE_CONTRACT_VERSION, QUEUES, SummariseResultSchema, type Destination, type SummariseJob, type SummariseResult } from "./contracts.js";
import { producerConnection, workerConnection, type RedisSettings } from "./redis.js";
import { savePaste, sha256 } from "./store.js";
import { chargeQuota, QuotaError, type Quotas } from "./limits.js";
import { tokenizerFor } from "../chunk/tokenizer.js";

/** Redis cannot be reached: nothing was queued. */
export class QueueUnavailableError extends Error {
  override name = "QueueUnavailableError";
}

/** A summarise job that ended without a summary. */
export class JobFailedError extends Error {
  override name = "JobFailedError";
}

export interface SubmitSettings {
  redis: RedisSettings;
  retentionSeconds: number;
  /** Tries per job before it fails for good (model 5xx and timeouts are retried by the queue). */
  attempts: number;
  /** First retry delay; each next one doubles, with jitter. */
  retryDelayMs: number;
  /** Per-user and per-guild quotas, charged for Discord requests before their job is queued. */
  quotas: Quotas;
}

/** Finished and failed jobs kept for inspection, by age and by count; results outlive them in the result store. */
const KEEP = { age: 24 * 3600, count: 1000 } as const;

/**
 * The job id of a request: derived from the paste and the request, so the same paste submitted
 * again while the first is queued or running is the same job. BullMQ ids must not contain `:` and
 * must not be all digits.
 */
export function summariseJobId(job: Pick<SummariseJob, "paste" | "model" | "destination">): string {
  return `sum-${sha256(JSON.stringify([job.paste, job.model, job.destination])).slice(0, 40)}`;
}

/** The producer side: puts summarise jobs on the queue, and waits for one when asked (the CLI's `--queue`). */
export class Submitter {
  private readonly redis: Redis;
  // Made once the connection is ready: with no offline queue, BullMQ's first commands need a live one.
  private queue: Queue | undefined;
  private events: QueueEvents | undefined;
  private eventsRedis: Redis | undefined;

  constructor(private readonly settings: SubmitSettings) {
    this.redis = producerConnection(settings.redis);
    // Failures reach the caller through the commands that fail; the event would only be noise.
    this.redis.on("error", () => undefined);
  }

  /**
   * Stores the paste and queues its job (or finds the same job already queued); fails fast when Redis is down.
   *
   * A Discord request is first charged to its user's and guild's token quotas with the exact count
   * the worker's chunking starts from, so a quota means the same tokens whatever the paste's
   * language or shape (an estimate from bytes would be off fourfold between English and CJK). That
   * count takes up to a few seconds on a 2 MB paste, and the bot's event loop serves every other
   * user meanwhile, so it is counted in slices of about 10 ms with a turn of the loop between them.
   */
  async submit(text: string, request: { model: string | null; destination: Destination }): Promise<{ jobId: string }> {
    const queue = await this.connected();
    try {
      const { destination } = request;
      if (destination.kind === "discord") {
        const tokens = await tokenizerFor(request.model ?? "").countTokensAsync(text);
        await chargeQuota(this.redis, this.settings.redis.prefix, this.settings.quotas, destination, tokens);
      }
      const paste = await savePaste(this.redis, this.settings.redis.prefix, text, this.settings.retentionSeconds);
      const data: SummariseJob = { version: QUEUE_CONTRACT_VERSION, paste, model: request.model, destination: request.destination };
      const jobId = summariseJobId(data);
      const options: JobsOptions = {
        jobId,
        attempts: this.settings.attempts,
        // Exponential with jitter, so retries after a provider outage do not arrive all at once.
        backoff: { type: "exponential", delay: this.settings.retryDelayMs, jitter: 0.5 },
        removeOnComplete: KEEP,
        removeOnFail: KEEP,
      };
      await queue.add("summarise", data, options);
      return { jobId };
    } catch (err) {
      throw unavailable(err, this.settings.redis.url);
    }
  }

  /** Waits for a job's result, up to `timeoutMs`. */
  async waitFor(jobId: string, timeoutMs: number): Promise<SummariseResult> {
    const queue = await this.connected();
    if (this.events === undefined) {
      // Event streams are read blocking: a connection of their own, that waits through reconnects.
      this.eventsRedis = workerConnection(this.settings.redis);
      this.events = new QueueEvents(QUEUES.summarise, { connection: this.eventsRedis, prefix: this.settings.redis.prefix });
    }
    await this.events.waitUntilReady();
    const job = await Job.fromId(queue, jobId);
    if (job === undefined) throw new JobFailedError(`job ${jobId} is not on the queue any more`);
    try {
      return SummariseResultSchema.parse(await job.waitUntilFinished(this.events, timeoutMs));
    } catch (err) {
      throw new JobFailedError(err instanceof Error ? err.message : String(err));
    }
  }

  /** Where a job is now: "waiting" until a worker takes it, "unknown" once it is gone. */
  async state(jobId: string): Promise<JobState | "unknown"> {
    const queue = await this.connected();
    try {
      return await queue.getJobState(jobId);
    } catch (err) {
      throw unavailable(err, this.settings.redis.url);
    }
  }

  async close(): Promise<void> {
    await this.events?.close();
    await this.queue?.close();
    // Connections handed to BullMQ are ours to close.
    this.eventsRedis?.disconnect();
    this.redis.disconnect();
  }

  private async connected(): Promise<Queue> {
    try {
      if (this.redis.status === "wait" || this.redis.status === "end") await this.redis.connect();
    } catch (err) {
      throw unavailable(err, this.settings.redis.url);
    }
    if (this.redis.status !== "ready") throw unavailable(new Error(`connection ${this.redis.status}`), this.settings.redis.url);
    this.queue ??= new Queue(QUEUES.summarise, { connection: this.redis, prefix: this.settings.redis.prefix });
    return this.queue;
  }
}

/** A Redis failure as the one-line error a user sees; the URL's password is never shown. */
function unavailable(err: unknown, url: string): Error {
  if (err instanceof QueueUnavailableError || err instanceof JobFailedError || err instanceof QuotaError) return err;
  const where = new URL(url);
  return new QueueUnavailableError(`queue unavailable: cannot reach Redis at ${where.hostname}:${where.port || "6379"} (${err instanceof Error ? err.message : String(err)})`);
}
