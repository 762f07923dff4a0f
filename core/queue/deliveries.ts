import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { DeliverySchema, QUEUES, type Delivery } from "./contracts.js";
import { keyOf, workerConnection, type RedisSettings } from "./redis.js";

/**
 * How far the posts of one delivery got, kept in Redis across attempts: a delivery is a list of
 * messages posted in order, and an attempt that stopped mid-way (an error, a crash) is resumed by
 * the next from the first message not known to be out.
 */
export interface Ledger {
  /** How many messages are known to be out: the post resumes at this index. */
  readonly next: number;
  /** Where the last message recorded went, in the poster's own words; null before the first. */
  readonly route: string | null;
  /** True when message `next` was being posted when an earlier attempt stopped: it may be out already. */
  readonly interrupted: boolean;
  /** Records, before it is sent, that message `index` is about to go along `route`. */
  posting(index: number, route: string): Promise<void>;
  /** Records that message `index` is out. */
  posted(index: number): Promise<void>;
}

/**
 * How the bot posts a delivery. `post` sends the delivery's messages in order from `ledger.next`
 * on, calling `ledger.posting` just before each and `ledger.posted` just after. When
 * `ledger.interrupted`, message `ledger.next` may be out already: the poster looks for it where it
 * was going and posts it only if it is not there; where it cannot look, it decides which is worse,
 * a lost message or a duplicate. An error thrown has the queue retry, and the retry resumes.
 */
export interface Poster {
  post(delivery: Delivery, ledger: Ledger): Promise<void>;
}

/** The piece (key under the prefix) recording how far a delivery's posts got. */
export const deliveredPiece = (job: string): string => `delivery:${job}`;

/**
 * Posts one delivery's messages each at most once, whatever the retries, and resumes a post that
 * stopped mid-way. What is out is recorded in Redis (a hash per delivery, kept `ttlSeconds`). The
 * delivery belongs to the queue job that first took it (`owner`): its retries resume it, and a second
 * queue job for the same delivery (a worker that queued it twice) leaves it alone.
 */
export async function deliverOnce(redis: Redis, prefix: string, ttlSeconds: number, delivery: Delivery, poster: Poster, owner: string): Promise<"posted" | "skipped"> {
  const key = keyOf(prefix, deliveredPiece(delivery.job));
  const record = async (fields: Record<string, string>, drop?: string): Promise<void> => {
    const tx = redis.multi().hset(key, fields);
    if (drop !== undefined) tx.hdel(key, drop);
    await tx.expire(key, ttlSeconds).exec();
  };
  // Posted before deliveries kept a ledger (a plain "posted" record): never posted twice across an upgrade.
  if ((await redis.get(keyOf(prefix, "delivered", delivery.job))) === "posted") return "skipped";
  await redis.multi().hsetnx(key, "owner", owner).expire(key, ttlSeconds).exec();
  const state = await redis.hgetall(key);
  if (state.owner !== owner || state.done !== undefined) return "skipped";
  await poster.post(delivery, {
    next: Number(state.next ?? "0"),
    route: state.route ?? null,
    interrupted: state.posting !== undefined,
    posting: (index, route) => record({ posting: String(index), route }),
    posted: (index) => record({ next: String(index + 1) }, "posting"),
  });
  await record({ done: "1" });
  return "posted";
}

/**
 * The bot's side of the delivery queue: consumes deliveries (at least once) and posts each at most
 * once. A delivery that does not parse fails at once; a failed post is retried by the queue. With
 * `lockMs`, a delivery whose bot was killed mid-post is taken up again that long after, as the
 * workers' jobs are (BullMQ's 30 s otherwise).
 */
export function consumeDeliveries(settings: RedisSettings, ttlSeconds: number, poster: Poster, lockMs?: number): { worker: Worker; close(): Promise<void> } {
  const redis = workerConnection(settings);
  const worker = new Worker(
    QUEUES.deliveries,
    async (job: Job) => {
      const delivery = DeliverySchema.safeParse(job.data);
      if (!delivery.success) throw new UnrecoverableError(`invalid delivery: ${delivery.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      return deliverOnce(redis, settings.prefix, ttlSeconds, delivery.data, poster, job.id ?? delivery.data.job);
    },
    // A bot killed mid-post leaves its delivery stalled; the ledger makes taking it up again safe, so
    // a few crashes in a row (a crash loop) never fail an answer for good, as BullMQ's default of one would.
    { connection: workerConnection(settings), prefix: settings.prefix, concurrency: 4, maxStalledCount: 10, ...(lockMs === undefined ? {} : { lockDuration: lockMs, stalledInterval: lockMs }) },
  );
  return {
    worker,
    async close() {
      await worker.close();
      redis.disconnect();
    },
  };
}
