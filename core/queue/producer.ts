import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { QueueUnavailableError } from "./errors.js";
import { producerConnection, type RedisSettings } from "./redis.js";


/** A Redis failure as the one-line error a user sees: why, by its error code; never the address or the URL's password. */
export function unavailable(err: unknown, url: string): QueueUnavailableError {
  if (err instanceof QueueUnavailableError) return err;
  const { hostname, port } = new URL(url);
  // ioredis's messages name the address ("connect ECONNREFUSED 10.0.0.5:6379"); its code does not.
  const code = typeof (err as { code?: unknown }).code === "string" ? (err as { code: string }).code : "no connection";
  return new QueueUnavailableError(`queue unavailable: cannot reach Redis (${code})`, `${hostname}:${port || "6379"}`);
}

/**
 * What answers a user's command reaches Redis through: a fail-fast connection (no offline queue),
 * so that with Redis down a command is refused at once instead of waiting for a Redis that may never
 * come back, and Discord's three seconds pass with no answer.
 */
export class ProducerLink {
  readonly redis: Redis;
  // Made once the connection is ready: with no offline queue, BullMQ's first commands need a live one.
  private readonly queues = new Map<string, Queue>();
  // The connect under way: a caller that comes meanwhile waits for it rather than being refused.
  private connecting: Promise<void> | undefined;

  constructor(readonly settings: RedisSettings) {
    this.redis = producerConnection(settings);
    // Failures reach the caller through the commands that fail; the event would only be noise.
    this.redis.on("error", () => undefined);
  }

  /** The live connection; throws QueueUnavailableError at once when Redis cannot be reached. */
  async ready(): Promise<Redis> {
    try {
      if (this.redis.status === "wait" || this.redis.status === "end") this.connecting = this.redis.connect().finally(() => (this.connecting = undefined));
      await this.connecting;
    } catch (err) {
      throw unavailable(err, this.settings.url);
    }
    if (this.redis.status !== "ready") throw unavailable(new Error(`connection ${this.redis.status}`), this.settings.url);
    return this.redis;
  }

  /** The queue `name` on the live connection. */
  async queue(name: string): Promise<Queue> {
    const redis = await this.ready();
    let queue = this.queues.get(name);
    if (queue === undefined) {
      queue = new Queue(name, { connection: redis, prefix: this.settings.prefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Runs `work` on the live connection. Fails with QueueUnavailableError at once when Redis is out
   * of reach, or when it went down meanwhile; any other error (a refusal of Redis or BullMQ) is the
   * caller's to read.
   */
  async run<T>(work: (redis: Redis) => Promise<T>): Promise<T> {
    const redis = await this.ready();
    try {
      return await work(redis);
    } catch (err) {
      throw redis.status === "ready" ? err : unavailable(err, this.settings.url);
    }
  }

  async close(): Promise<void> {
    for (const queue of this.queues.values()) await queue.close();
    // A connection handed to BullMQ is ours to close.
    this.redis.disconnect();
  }
}
