import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { SummarySchema } from "../summary/model.js";
import type { SummaryStore } from "../pipeline/cache.js";
import type { Destination } from "./contracts.js";
import { ownerOf, recordOwnership, requesterScope, resultScope } from "./ownership.js";
import { keyOf } from "./redis.js";

/** A paste as stored and hashed: line ends unified, trailing blanks and surrounding blank lines dropped. */
export function normalisePaste(text: string): string {
  // Trailing blanks are matched only from where a run of them starts: from inside a long run, every
  // position would rescan the rest of it.
  return text.replace(/\r\n?/gu, "\n").replace(/(?<![ \t])[ \t]+$/gmu, "").trim();
}

export const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** The piece (key under the prefix) a paste is stored as, for the requester of `destination`. */
export const pastePiece = (destination: Destination, hash: string): string => `paste:${requesterScope(destination)}:${hash}`;

/**
 * Stores a paste once per requester under its hash, for `ttlSeconds`; jobs carry the hash, not the
 * text, so a large paste is never copied into job payloads, retries and logs. Returns the hash.
 */
export async function savePaste(redis: Redis, prefix: string, destination: Destination, text: string, ttlSeconds: number): Promise<string> {
  const normalised = normalisePaste(text);
  const hash = sha256(normalised);
  // Already there (the same paste twice): only its lifetime is renewed.
  await redis.set(keyOf(prefix, pastePiece(destination, hash)), normalised, "EX", ttlSeconds);
  return hash;
}

/** The paste stored under `hash` for the requester of `destination`, or null when it expired or never was. */
export async function loadPaste(redis: Redis, prefix: string, destination: Destination, hash: string): Promise<string | null> {
  // Jobs accepted before pastes were kept per requester find theirs under the shared key: an
  // upgrade never loses accepted work. Those keys expire with the retention they were given.
  return (await redis.get(keyOf(prefix, pastePiece(destination, hash)))) ?? (await redis.get(keyOf(prefix, "paste", hash)));
}

/**
 * Finished summaries in Redis, kept for the retention period: the result store the pipeline checks
 * first. Scoped to the request's owner (its server, or the member for a private request or a DM),
 * and every result used is listed as the requester's, so that `/forget` finds it.
 */
export function redisSummaryStore(redis: Redis, prefix: string, ttlSeconds: number, destination: Destination): SummaryStore {
  const piece = (key: string): string => `summary:${resultScope(destination)}:${key}`;
  const mine = (key: string): Promise<void> => recordOwnership(redis, prefix, ownerOf(destination), [piece(key)], ttlSeconds);
  return {
    async get(key) {
      const raw = await redis.get(keyOf(prefix, piece(key)));
      if (raw === null) return undefined;
      const parsed = SummarySchema.safeParse(JSON.parse(raw));
      if (!parsed.success) return undefined;
      await mine(key);
      return parsed.data;
    },
    async set(key, summary) {
      await mine(key);
      await redis.set(keyOf(prefix, piece(key)), JSON.stringify(summary), "EX", ttlSeconds);
    },
  };
}
