import type { Redis } from "ioredis";
import { keyOf } from "./redis.js";

/*
 * Counters in Redis shared by every process: per-user and per-guild quotas, checked before a job is
 * queued, and the global model rate (calls and tokens per minute), checked before a job calls the model.
 * Each is a fixed window: a counter keyed by the window's start that expires with it.
 */

// Adds to a counter unless that would pass the limit; answers the new value, or -1 when refused.
const TAKE = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local amount = tonumber(ARGV[1])
if current + amount > tonumber(ARGV[2]) then return -1 end
local after = redis.call('INCRBY', KEYS[1], amount)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return after
`;

/** One limit: at most `limit` units per window of `windowMs`. */
export interface Window {
  name: string;
  limit: number;
  windowMs: number;
}

/** What one counter is charged: `amount` units of `window`, for `subject` (a user, a guild, the model). */
export interface Charge {
  subject: string;
  window: Window;
  amount: number;
}

/** Takes every charge, all or none; null when allowed, else when the first full window ends. */
export async function take(redis: Redis, prefix: string, charges: readonly Charge[], now = Date.now()): Promise<Date | null> {
  const taken: { key: string; amount: number }[] = [];
  for (const { subject, window, amount } of charges) {
    if (amount <= 0) continue;
    const start = Math.floor(now / window.windowMs) * window.windowMs;
    const key = keyOf(prefix, "limit", window.name, subject, String(start));
    const result = (await redis.eval(TAKE, 1, key, amount, window.limit, window.windowMs)) as number;
    if (result < 0) {
      // Refused: give back what the other windows already took, so a refusal costs nothing.
      for (const t of taken) await redis.decrby(t.key, t.amount);
      return new Date(start + window.windowMs);
    }
    taken.push({ key, amount });
  }
  return null;
}

/** Quotas per user and per guild. */
export interface Quotas {
  threadsPerHour: number;
  tokensPerDay: number;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Over a user's or a guild's quota: nothing was queued; `retryAt` says when a new window opens. */
export class QuotaError extends Error {
  override name = "QuotaError";
  constructor(
    message: string,
    readonly retryAt: Date,
  ) {
    super(message);
  }
}

/** Counts one thread of `tokens` tokens against the user's and the guild's quotas, or refuses it. */
export async function chargeQuota(redis: Redis, prefix: string, quotas: Quotas, who: { user: string; guild: string | null }, tokens: number, now = Date.now()): Promise<void> {
  const charges = (scope: "user" | "guild", subject: string): Charge[] => [
    { subject, window: { name: `${scope}-threads`, limit: quotas.threadsPerHour, windowMs: HOUR }, amount: 1 },
    { subject, window: { name: `${scope}-tokens`, limit: quotas.tokensPerDay, windowMs: DAY }, amount: tokens },
  ];
  const retryAt = await take(redis, prefix, [...charges("user", who.user), ...(who.guild === null ? [] : charges("guild", who.guild))], now);
  if (retryAt !== null) throw new QuotaError(`Summary quota reached; try again after ${retryAt.toISOString().replace(/\.\d+Z$/u, "Z")}.`, retryAt);
}
