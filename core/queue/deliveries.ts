import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { DeliverySchema, QUEUES, type Delivery } from "./contracts.js";
import { keyOf, workerConnection, type RedisSettings } from "./redis.js";

/** How the bot posts a delivery, and how it tells whether an interrupted post went out. */
export interface Poster {
  post(delivery: Delivery): Promise<void>;
  /**
   * Called when an earlier attempt recorded "posting" but not "posted" (it died mid-post): true when
   * the post is there (the bot looks for the delivery id in the channel). Without it, the delivery
   * counts as posted: a lost message is better than a duplicate.
   */
  wasPosted?(delivery: Delivery): Promise<boolean>;
}

/** The piece (key under the prefix) recording whether a delivery was posted. */
export const deliveredPiece = (job: string): string => `delivered:${job}`;

const POSTING = "posting";
const POSTED = "posted";

/**
 * Posts one delivery at most once, whatever the retries: its id is recorded in Redis before the post
 * ("posting") and after it ("posted"); a retry that finds "posted" does nothing, one that finds
 * "posting" asks the poster whether the post went out.
 */
export async function deliverOnce(redis: Redis, prefix: string, ttlSeconds: number, delivery: Delivery, poster: Poster): Promise<"posted" | "skipped"> {
  const key = keyOf(prefix, deliveredPiece(delivery.job));
  const claimed = await redis.set(key, POSTING, "EX", ttlSeconds, "NX");
  if (claimed === null) {
    const state = await redis.get(key);
    if (state === POSTED) return "skipped";
    if (state === POSTING && (poster.wasPosted === undefined || (await poster.wasPosted(delivery)))) {
      await redis.set(key, POSTED, "EX", ttlSeconds);
      return "skipped";
    }
  }
  await poster.post(delivery);
  await redis.set(key, POSTED, "EX", ttlSeconds);
  return "posted";
}

/**
 * The bot's side of the delivery queue: consumes deliveries (at least once) and posts each at most
 * once. A delivery that does not parse fails at once; a failed post is retried by the queue.
 */
export function consumeDeliveries(settings: RedisSettings, ttlSeconds: number, poster: Poster): { worker: Worker; close(): Promise<void> } {
  const redis = workerConnection(settings);
  const worker = new Worker(
    QUEUES.deliveries,
    async (job: Job) => {
      const delivery = DeliverySchema.safeParse(job.data);
      if (!delivery.success) throw new UnrecoverableError(`invalid delivery: ${delivery.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      return deliverOnce(redis, settings.prefix, ttlSeconds, delivery.data, poster);
    },
    { connection: workerConnection(settings), prefix: settings.prefix, concurrency: 4 },
  );
  return {
    worker,
    async close() {
      await worker.close();
      redis.disconnect();
    },
  };
}
