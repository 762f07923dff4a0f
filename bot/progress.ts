import { QueueEvents } from "bullmq";
import { Routes, type REST } from "discord.js";
import { ProgressSchema, QUEUES, type Progress } from "../core/queue/contracts.js";
import { workerConnection, type RedisSettings } from "../core/queue/redis.js";
import { NO_MENTIONS } from "./poster.js";

/** The words of a progress report, as the reply shows them until the result replaces it. */
export function progressText(p: Progress): string {
  const speakers = `Parsed ${p.speakers} speaker${p.speakers === 1 ? "" : "s"}`;
  return p.total === 0 ? `${speakers}; summarising…` : `${speakers}; summarising (${p.done} of ${p.total} model call${p.total === 1 ? "" : "s"} done)…`;
}

interface Tracked {
  token: string;
  expiresAt: number;
  finished: boolean;
  /** Edits run one after another, so that the last report shown is the last one sent. */
  chain: Promise<void>;
}

/**
 * Shows a job's progress in the reply of the interaction that asked for it, while the interaction
 * lives and until the result is posted: `finish` is awaited before the result goes out, so a late
 * progress edit never overwrites it.
 */
export class ProgressRelay {
  private readonly tracked = new Map<string, Tracked>();
  private readonly events: QueueEvents;
  private readonly redis;

  constructor(
    settings: RedisSettings,
    private readonly rest: REST,
    private readonly applicationId: string,
    private readonly now: () => number = Date.now,
  ) {
    this.redis = workerConnection(settings);
    this.events = new QueueEvents(QUEUES.summarise, { connection: this.redis, prefix: settings.prefix });
    this.events.on("progress", ({ jobId, data }) => this.report(jobId, data));
  }

  /** Waits until the relay listens for progress events. */
  ready(): Promise<void> {
    return this.events.waitUntilReady().then(() => undefined);
  }

  /** Starts showing progress for a job this bot queued on behalf of an interaction. */
  track(jobId: string, token: string, expiresAt: number): void {
    if (!this.tracked.has(jobId)) this.tracked.set(jobId, { token, expiresAt, finished: false, chain: Promise.resolve() });
  }

  /** Stops showing progress for a job, once any edit in flight is done. */
  async finish(jobId: string): Promise<void> {
    const t = this.tracked.get(jobId);
    if (t === undefined) return;
    t.finished = true;
    this.tracked.delete(jobId);
    await t.chain;
  }

  async close(): Promise<void> {
    await this.events.close();
    this.redis.disconnect();
  }

  private report(jobId: string, data: unknown): void {
    const t = this.tracked.get(jobId);
    const progress = ProgressSchema.safeParse(data);
    if (t === undefined || !progress.success || t.expiresAt <= this.now()) return;
    t.chain = t.chain.then(async () => {
      if (t.finished) return;
      await this.rest
        .patch(Routes.webhookMessage(this.applicationId, t.token, "@original"), { body: { content: progressText(progress.data), allowed_mentions: NO_MENTIONS }, auth: false })
        .catch(() => undefined);
    });
  }
}
