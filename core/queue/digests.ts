import type { Redis } from "ioredis";
import { z } from "zod";
import type { Summary } from "../summary/model.js";
import { QUEUE_CONTRACT_VERSION, QUEUES, type Delivery, type Destination, type DigestThread } from "./contracts.js";
import { ownerOf, recordOwnership } from "./ownership.js";
import { ProducerLink } from "./producer.js";
import { keyOf, type RedisSettings } from "./redis.js";

/*
 * Digests per guild: every thread summarised publicly in a guild is noted (topic, stances, main
 * contention); a BullMQ job scheduler per guild (stable id, cron pattern, time zone) runs a digest
 * job that turns the threads since the last digest into one delivery for the bot to post. Settings
 * live in Redis. Each note is a key of its own that expires at the retention's age; the guild's list
 * of them (job ids by time) says which belong to a period.
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
/** The piece (key under the prefix) a note is stored as. */
const notePiece = (guild: string, job: string): string => `digest:${guild}:note:${job}`;
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

/**
 * Notes a thread summarised in a guild for its next digest, for the retention; the note is listed as
 * the requester's, for `/forget`. A private request, or one in DMs, is never noted: its content is
 * its requester's alone.
 */
export async function noteForDigest(redis: Redis, prefix: string, destination: Destination, thread: DigestThread, retentionSeconds: number): Promise<void> {
  if (destination.kind !== "discord" || destination.guild === null || destination.private) return;
  const { guild } = destination;
  const piece = notePiece(guild, thread.job);
  await recordOwnership(redis, prefix, ownerOf(destination), [piece], retentionSeconds);
  const key = threadsKey(prefix, guild);
  await redis.set(keyOf(prefix, piece), JSON.stringify(thread), "EX", retentionSeconds);
  await redis.zadd(key, thread.at, thread.job);
  await redis.zremrangebyscore(key, 0, thread.at - retentionSeconds * 1000);
  await redis.expire(key, retentionSeconds);
}

/** Deletes a note, if `piece` names one; true when there was one. */
export async function dropNote(redis: Redis, prefix: string, piece: string): Promise<boolean> {
  const m = /^digest:([^:]+):note:(.+)$/u.exec(piece);
  if (m === null) return false;
  await redis.zrem(threadsKey(prefix, m[1] ?? ""), m[2] ?? "");
  return (await redis.del(keyOf(prefix, piece))) > 0;
}

/** Deletes a guild's list of notes (the notes themselves are deleted one by one, as pieces). */
export async function dropNoteList(redis: Redis, prefix: string, guild: string): Promise<void> {
  await redis.del(threadsKey(prefix, guild));
}

/** The pattern of every guild's list of notes, for the retention sweep. */
export const notesPattern = (prefix: string): string => threadsKey(prefix, "*");

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

/**
 * What the bot changes about a guild's digests; the scheduler id is stable, so re-setting never
 * duplicates it. On a fail-fast connection: with Redis down every call fails at once with
 * QueueUnavailableError, so the command still answers within Discord's three seconds.
 */
export class DigestControl {
  private readonly link: ProducerLink;

  constructor(settings: RedisSettings) {
    this.link = new ProducerLink(settings);
  }

  async set(guild: string, settings: Omit<DigestSettings, "version" | "since">, now = Date.now()): Promise<DigestSettings> {
    return this.link.run(async (redis) => {
      const previous = await loadSettings(redis, this.link.settings.prefix, guild);
      const saved: DigestSettings = { version: QUEUE_CONTRACT_VERSION, ...settings, since: previous?.since ?? now };
      // The scheduler first: a pattern BullMQ refuses leaves the old settings in place.
      const queue = await this.link.queue(QUEUES.digests);
      await queue.upsertJobScheduler(schedulerId(guild), { pattern: saved.pattern, tz: saved.timezone }, { name: "digest", data: { version: QUEUE_CONTRACT_VERSION, guild } });
      await redis.set(settingsKey(this.link.settings.prefix, guild), JSON.stringify(saved));
      return saved;
    });
  }

  async off(guild: string): Promise<boolean> {
    return this.link.run(async (redis) => {
      const removed = await (await this.link.queue(QUEUES.digests)).removeJobScheduler(schedulerId(guild));
      return (await redis.del(settingsKey(this.link.settings.prefix, guild))) > 0 || removed;
    });
  }

  /** Queues a digest right away (the period so far). */
  async now(guild: string): Promise<void> {
    await this.link.run(async () => {
      await (await this.link.queue(QUEUES.digests)).add("digest", { version: QUEUE_CONTRACT_VERSION, guild }, { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } });
    });
  }

  async show(guild: string): Promise<DigestSettings | null> {
    return this.link.run((redis) => loadSettings(redis, this.link.settings.prefix, guild));
  }

  async close(): Promise<void> {
    await this.link.close();
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
  const jobs = await redis.zrangebyscore(threadsKey(prefix, guild), `(${settings.since}`, now);
  // Notes past the retention, or forgotten, are gone; their place in the list may not be yet.
  const notes = jobs.length === 0 ? [] : await redis.mget(jobs.map((job) => keyOf(prefix, notePiece(guild, job))));
  await redis.set(settingsKey(prefix, guild), JSON.stringify({ ...settings, since: now }));
  const threads = notes.flatMap((raw) => (raw === null ? [] : [JSON.parse(raw) as DigestThread]));
  if (threads.length === 0) return null;
  return {
    version: QUEUE_CONTRACT_VERSION,
    job: `digest-${guild}-${now}`,
    destination: { kind: "discord", guild, channel: settings.channel, user: "", interaction: null, private: false },
    outcome: { kind: "digest", from: settings.since, to: now, threads },
  };
}
