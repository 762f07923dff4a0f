import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { SummarySchema } from "../summary/model.js";
import type { SummaryStore } from "../pipeline/cache.js";
import { keyOf } from "./redis.js";

/** A paste as stored and hashed: line ends unified, trailing blanks and surrounding blank lines dropped. */
export function normalisePaste(text: string): string {
  // Trailing blanks are matched only from where a run of them starts: from inside a long run, every
  // position would rescan the rest of it.
  return text.replace(/\r\n?/gu, "\n").replace(/(?<![ \t])[ \t]+$/gmu, "").trim();
}

export const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/**
 * Stores a paste once under its hash, for `ttlSeconds`; jobs carry the hash, not the text, so a
 * large paste is never copied into job payloads, retries and logs. Returns the hash.
 */
export async function savePaste(redis: Redis, prefix: string, text: string, ttlSeconds: number): Promise<string> {
  const normalised = normalisePaste(text);
  const hash = sha256(normalised);
  // Already there (the same paste twice): only its lifetime is renewed.
  await redis.set(keyOf(prefix, "paste", hash), normalised, "EX", ttlSeconds);
  return hash;
}

/** The paste stored under `hash`, or null when it expired or never was. */
export async function loadPaste(redis: Redis, prefix: string, hash: string): Promise<string | null> {
  return redis.get(keyOf(prefix, "paste", hash));
}

/** Finished summaries in Redis, kept for the retention period: the result store the pipeline checks first. */
export function redisSummaryStore(redis: Redis, prefix: string, ttlSeconds: number): SummaryStore {
  return {
    async get(key) {
      const raw = await redis.get(keyOf(prefix, "summary", key));
      if (raw === null) return undefined;
      const parsed = SummarySchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : undefined;
    },
    async set(key, summary) {
      await redis.set(keyOf(prefix, "summary", key), JSON.stringify(summary), "EX", ttlSeconds);
    },
  };
}
