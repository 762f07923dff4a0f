import { Redis } from "ioredis";

/** Where the queues and Standpoint's own keys live. */
export interface RedisSettings {
  url: string;
  prefix: string;
}

/**
 * A connection for workers and other blocking consumers: BullMQ requires `maxRetriesPerRequest:
 * null` so that commands wait through a reconnect instead of failing; ioredis reconnects forever.
 */
export function workerConnection(settings: RedisSettings): Redis {
  return new Redis(settings.url, { maxRetriesPerRequest: null, lazyConnect: false });
}

/**
 * A connection for producers: with Redis down a submission must fail at once with "queue
 * unavailable", not wait in an offline queue for a Redis that may never come back.
 */
export function producerConnection(settings: RedisSettings): Redis {
  return new Redis(settings.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: true });
}

/** A key of Standpoint's own, under the configured prefix (the same prefix BullMQ uses). */
export const keyOf = (prefix: string, ...parts: string[]): string => [prefix, ...parts].join(":");
