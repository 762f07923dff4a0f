import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import { QUEUES } from "./contracts.js";
import { notesPattern } from "./digests.js";
import { indexPattern } from "./ownership.js";
import { keyOf } from "./redis.js";

/*
 * What STANDPOINT_RESULT_RETENTION_DAYS deletes. Pastes, results, delivery records and digest notes
 * are keys that expire by themselves. The rest is swept: BullMQ's finished jobs (their data holds the
 * paste's hash and the interaction's token, a delivery's the whole summary, a summarise job's return
 * value too), the queues' event streams (a `completed` event carries the return value; BullMQ trims
 * them only by length), the entries of the ownership indexes and of the digests' lists of notes.
 */

const HOUR_MS = 3_600_000;

/** How long BullMQ keeps a finished job: no longer than the retention (and no more than 1000 of them). */
export function keepFor(retentionSeconds: number): Pick<JobsOptions, "removeOnComplete" | "removeOnFail"> {
  const keep = { age: retentionSeconds, count: 1000 };
  return { removeOnComplete: keep, removeOnFail: keep };
}

// Queues whose jobs hold a request's data whatever their state; a digest job holds only its server's
// id, and its scheduler's next run waits in `delayed` for as long as the schedule says.
const PERSONAL = new Set<string>([QUEUES.summarise, QUEUES.deliveries]);
const FINISHED = ["completed", "failed"] as const;
const UNFINISHED = ["wait", "delayed", "prioritized", "paused"] as const;

/** What one sweep removed. */
export interface Swept {
  jobs: number;
  events: number;
  entries: number;
}

/** Removes the members of every sorted set matching `pattern` scored before `before`. */
async function trimSortedSets(redis: Redis, pattern: string, before: number): Promise<number> {
  let removed = 0;
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    cursor = next;
    for (const key of keys) removed += await redis.zremrangebyscore(key, "-inf", `(${before}`);
  } while (cursor !== "0");
  return removed;
}

/**
 * Deletes what BullMQ and the indexes keep past the retention: jobs older than it (finished ones by
 * when they finished; in the queues of requests, unfinished ones too, whose paste is gone anyway),
 * event-stream entries older than it (stream ids are Redis's clock in ms), and index and digest
 * entries older than it.
 */
export async function sweepRetention(redis: Redis, prefix: string, retentionSeconds: number): Promise<Swept> {
  const retentionMs = retentionSeconds * 1000;
  const [seconds, micros] = await redis.time();
  const redisNow = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  const swept: Swept = { jobs: 0, events: 0, entries: 0 };
  for (const name of Object.values(QUEUES)) {
    // On our connection, which a Queue given one leaves open when it closes.
    const queue = new Queue(name, { connection: redis, prefix });
    try {
      const states = PERSONAL.has(name) ? [...FINISHED, ...UNFINISHED] : FINISHED;
      for (const state of states) swept.jobs += (await queue.clean(retentionMs, 0, state)).length;
    } finally {
      await queue.close();
    }
    swept.events += await redis.xtrim(keyOf(prefix, name, "events"), "MINID", String(redisNow - retentionMs));
  }
  const before = Date.now() - retentionMs;
  swept.entries += await trimSortedSets(redis, indexPattern(prefix), before);
  swept.entries += await trimSortedSets(redis, notesPattern(prefix), before);
  return swept;
}

/**
 * Sweeps now and then every tenth of the retention (at least a second apart, at most an hour): what
 * is due goes within that much of its age. One sweep at a time; a failed one is reported and the
 * next tries again.
 */
export function startRetentionSweeps(redis: Redis, prefix: string, retentionSeconds: number, onError: (err: unknown) => void): { stop(): void } {
  let running = false;
  const sweep = (): void => {
    if (running) return;
    running = true;
    sweepRetention(redis, prefix, retentionSeconds)
      .catch(onError)
      .finally(() => (running = false));
  };
  const timer = setInterval(sweep, Math.min(HOUR_MS, Math.max(1000, (retentionSeconds * 1000) / 10)));
  timer.unref();
  sweep();
  return { stop: () => clearInterval(timer) };
}
