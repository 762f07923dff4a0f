import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { z } from "zod";
import type { Summary } from "../summary/model.js";
import { QUEUE_CONTRACT_VERSION, QUEUES, type Delivery, type DigestThread } from "./contracts.js";
import { keyOf } from "./redis.js";

/*
 * Digests per guild: every thread summarised for a guild is noted (topic, stances, main contention);
 * a BullMQ job scheduler per guild (stable id, cron pattern, time zone) runs a digest job that turns
 * the threads since the last digest into one delivery for the bot to post. Settings live in Redis.
 */

export const DigestSettingsSchema = z.object({
  version: z.literal(QUEUE_CONTRACT_VERSION),
  channel: z.string().min(1),
  pattern: z.string().min(1),
  timezone: z.string().min(1),
  /** What the user chose, for `/digest show`: `daily 09:00`, `weekly 09:00`, or the cron pattern. */
  label: z.string(),
  /** The end of the period the last digest covered (ms); threads after it go in the next one. */
  since: z.number().int(),
});
export type DigestSettings = z.infer<typeof DigestSettingsSchema>;

export const DigestJobSchema = z.object({ version: z.literal(QUEUE_CONTRACT_VERSION), guild: z.string().min(1) });

const settingsKey = (prefix: string, guild: string): string => keyOf(prefix, "digest", guild, "settings");
const threadsKey = (prefix: string, guild: string): string => keyOf(prefix, "digest", guild, "threads");
const schedulerId = (guild: string): string => `digest-${guild}`;

/** A finished summary as a digest line: topic, a stance per speaker, and the main contention. */
export function digestThread(job: string, summary: Summary, at: number): DigestThread {
  const nameOf = new Map(summary.speakers.map((s) => [s.id, s.name]));
  const contention = summary.contentions[0];
  return {
    job,
    at,
    topic: summary.topic,
    stances: summary.speakers.filter((s) => s.stance !== "").map((s) => ({ name: s.name, stance: s.stance })),
    contention: contention === undefined ? null : { point: contention.point, sides: contention.sides.map((s) => ({ name: nameOf.get(s.speaker) ?? s.speaker, position: s.position })) },
  };
}

/** Notes a guild's summarised thread for its next digest; notes older than the retention go. */
export async function noteForDigest(redis: Redis, prefix: string, guild: string, thread: DigestThread, retentionSeconds: number): Promise<void> {
  const key = threadsKey(prefix, guild);
  await redis.zadd(key, thread.at, JSON.stringify(thread));
  await redis.zremrangebyscore(key, 0, thread.at - retentionSeconds * 1000);
  await redis.expire(key, retentionSeconds);
}

/** Turns a `/digest set` choice into a cron pattern; throws with a message the user can act on. */
export function cronFor(schedule: "daily" | "weekly" | "cron", time: string | null): { pattern: string; label: string } {
  if (schedule === "cron") {
    if (time === null || time.trim().split(/\s+/u).length < 5) throw new RangeError("give the cron pattern in `time`, e.g. `0 9 * * 1-5`");
    return { pattern: time.trim(), label: `cron ${time.trim()}` };
  }
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/u.exec(time ?? "09:00");
  if (m === null) throw new RangeError("give the time as HH:MM, e.g. 09:00");
  const [hour, minute] = [Number(m[1]), Number(m[2])];
  return { pattern: `${minute} ${hour} * * ${schedule === "weekly" ? "1" : "*"}`, label: `${schedule} ${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}` };
}

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** What the bot changes about a guild's digests; the scheduler id is stable, so re-setting never duplicates it. */
export class DigestControl {
  private readonly queue: Queue;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.queue = new Queue(QUEUES.digests, { connection: redis, prefix });
  }

  async set(guild: string, settings: Omit<DigestSettings, "version" | "since">, now = Date.now()): Promise<DigestSettings> {
    const previous = await this.show(guild);
    const saved: DigestSettings = { version: QUEUE_CONTRACT_VERSION, ...settings, since: previous?.since ?? now };
    // The scheduler first: a pattern BullMQ refuses leaves the old settings in place.
    await this.queue.upsertJobScheduler(schedulerId(guild), { pattern: saved.pattern, tz: saved.timezone }, { name: "digest", data: { version: QUEUE_CONTRACT_VERSION, guild } });
    await this.redis.set(settingsKey(this.prefix, guild), JSON.stringify(saved));
    return saved;
  }

  async off(guild: string): Promise<boolean> {
    const removed = await this.queue.removeJobScheduler(schedulerId(guild));
    return (await this.redis.del(settingsKey(this.prefix, guild))) > 0 || removed;
  }

  /** Queues a digest right away (the period so far). */
  async now(guild: string): Promise<void> {
    await this.queue.add("digest", { version: QUEUE_CONTRACT_VERSION, guild }, { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } });
  }

  async show(guild: string): Promise<DigestSettings | null> {
    return loadSettings(this.redis, this.prefix, guild);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

async function loadSettings(redis: Redis, prefix: string, guild: string): Promise<DigestSettings | null> {
  const raw = await redis.get(settingsKey(prefix, guild));
  if (raw === null) return null;
  const parsed = DigestSettingsSchema.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : null;
}

/**
 * Runs one digest: the guild's threads since the last digest, as one delivery to its digest channel.
 * A period with nothing new posts nothing. Returns the delivery made, or null.
 */
export async function runDigest(redis: Redis, prefix: string, guild: string, now = Date.now()): Promise<Delivery | null> {
  const settings = await loadSettings(redis, prefix, guild);
  if (settings === null) return null;
  const raw = await redis.zrangebyscore(threadsKey(prefix, guild), `(${settings.since}`, now);
  await redis.set(settingsKey(prefix, guild), JSON.stringify({ ...settings, since: now }));
  if (raw.length === 0) return null;
  return {
    version: QUEUE_CONTRACT_VERSION,
    job: `digest-${guild}-${now}`,
    destination: { kind: "discord", guild, channel: settings.channel, user: "", interaction: null, private: false },
    outcome: { kind: "digest", from: settings.since, to: now, threads: raw.map((r) => JSON.parse(r) as DigestThread) },
  };
}
