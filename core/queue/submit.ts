import { Job, QueueEvents, type JobState, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import { QUEUE_CONTRACT_VERSION, QUEUES, SummariseResultSchema, type Destination, type SummariseJob, type SummariseResult } from "./contracts.js";
import { workerConnection, type RedisSettings } from "./redis.js";
import { pastePiece, savePaste, sha256 } from "./store.js";
import { chargeQuota, QuotaError, type Quotas } from "./limits.js";
import { jobPiece, ownerOf, recordOwnership } from "./ownership.js";
import { JobFailedError, QueueUnavailableError } from "./errors.js";
import { ProducerLink, unavailable } from "./producer.js";
import { keepFor } from "./retention.js";
import { tokenizerFor } from "../chunk/tokenizer.js";



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

/**
 * The id a quota counter is kept under: a digest, not the member's or server's id, since a day's
 * counter can outlive a shorter retention, and /forget leaves it (forgetting must not reset a quota).
 */
const quotaSubject = (id: string): string => sha256(`quota:${id}`).slice(0, 32);

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
  private readonly link: ProducerLink;
  private events: QueueEvents | undefined;
  private eventsRedis: Redis | undefined;

  constructor(private readonly settings: SubmitSettings) {
    this.link = new ProducerLink(settings.redis);
  }

  /**
   * Stores the paste and queues its job (or finds the same job already queued); fails fast when Redis is down.
   *
   * A Discord request is first charged to its user's and guild's token quotas with the exact count
   * the worker's chunking starts from, so a quota means the same tokens whatever the paste's
   * language or shape (an estimate from bytes would be off fourfold between English and CJK). That
   * count takes up to a few seconds on a 2 MB paste, and the bot's event loop serves every other
   * user meanwhile, so it is counted in slices of about 10 ms with a turn of the loop between them.
   *
   * The paste and the job are listed as the requester's (for `/forget`) before the job is queued.
   */
  async submit(text: string, request: { model: string | null; destination: Destination }): Promise<{ jobId: string }> {
    const queue = await this.link.queue(QUEUES.summarise);
    const { redis } = this.link;
    const { prefix } = this.settings.redis;
    try {
      const { destination } = request;
      if (destination.kind === "discord") {
        const tokens = await tokenizerFor(request.model ?? "").countTokensAsync(text);
        await chargeQuota(redis, prefix, this.settings.quotas, { user: quotaSubject(destination.user), guild: destination.guild === null ? null : quotaSubject(destination.guild) }, tokens);
      }
      const paste = await savePaste(redis, prefix, destination, text, this.settings.retentionSeconds);
      const data: SummariseJob = { version: QUEUE_CONTRACT_VERSION, paste, model: request.model, destination };
      const jobId = summariseJobId(data);
      await recordOwnership(redis, prefix, ownerOf(destination), [pastePiece(destination, paste), jobPiece(QUEUES.summarise, jobId)], this.settings.retentionSeconds);
      const options: JobsOptions = {
        jobId,
        attempts: this.settings.attempts,
        // Exponential with jitter, so retries after a provider outage do not arrive all at once.
        backoff: { type: "exponential", delay: this.settings.retryDelayMs, jitter: 0.5 },
        ...keepFor(this.settings.retentionSeconds),
      };
      await queue.add("summarise", data, options);
      return { jobId };
    } catch (err) {
      throw known(err) ? err : unavailable(err, this.settings.redis.url);
    }
  }

  /** Waits for a job's result, up to `timeoutMs`. */
  async waitFor(jobId: string, timeoutMs: number): Promise<SummariseResult> {
    const queue = await this.link.queue(QUEUES.summarise);
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
    const queue = await this.link.queue(QUEUES.summarise);
    try {
      return await queue.getJobState(jobId);
    } catch (err) {
      throw unavailable(err, this.settings.redis.url);
    }
  }

  async close(): Promise<void> {
    await this.events?.close();
    await this.link.close();
    // Connections handed to BullMQ are ours to close.
    this.eventsRedis?.disconnect();
  }
}

/** An error that says what happened in its own words; any other failure of a submission means Redis is out of reach. */
const known = (err: unknown): boolean => err instanceof QueueUnavailableError || err instanceof JobFailedError || err instanceof QuotaError;
