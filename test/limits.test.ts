import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { deleteKeys } from "./support/redis.js";
import { chargeQuota, QuotaError, take } from "../core/queue/limits.js";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `sptest-limits-${process.pid}-${Date.now().toString(36)}`;
const redis = new Redis(REDIS_URL);
const HOUR = 3_600_000;

afterAll(async () => {
  redis.disconnect();
  await deleteKeys(REDIS_URL, PREFIX);
});

describe("limits in Redis", () => {
  it("allows up to the limit in a window, then refuses until the window ends, taking nothing on refusal", async () => {
    const now = Date.UTC(2026, 10, 25, 10, 30, 15);
    const calls = { name: "calls", limit: 3, windowMs: 60_000 };
    const tokens = { name: "tokens", limit: 1000, windowMs: 60_000 };
    expect(await take(redis, PREFIX, [{ subject: "model", window: calls, amount: 2 }], now)).toBeNull();
    // Tokens fit, calls do not: neither is taken.
    expect(await take(redis, PREFIX, [{ subject: "model", window: tokens, amount: 500 }, { subject: "model", window: calls, amount: 2 }], now)).toEqual(new Date(Date.UTC(2026, 10, 25, 10, 31, 0)));
    expect(await take(redis, PREFIX, [{ subject: "model", window: tokens, amount: 1000 }, { subject: "model", window: calls, amount: 1 }], now)).toBeNull();
    // The next minute is a new window.
    expect(await take(redis, PREFIX, [{ subject: "model", window: calls, amount: 3 }], now + 60_000)).toBeNull();
  });

  it("refuses a user over the threads-per-hour quota, saying when to try again", async () => {
    const quotas = { threadsPerHour: 2, tokensPerDay: 1_000_000 };
    const now = Date.UTC(2026, 10, 25, 10, 5);
    await chargeQuota(redis, PREFIX, quotas, { user: "u1", guild: null }, 100, now);
    await chargeQuota(redis, PREFIX, quotas, { user: "u1", guild: null }, 100, now);
    const err = await chargeQuota(redis, PREFIX, quotas, { user: "u1", guild: null }, 100, now).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QuotaError);
    expect((err as QuotaError).retryAt).toEqual(new Date(Math.ceil(now / HOUR) * HOUR));
    expect((err as QuotaError).message).toMatch(/try again after 2026-11-25T11:00:00Z/u);
  });

  it("charges a guild's token quota across its users, and a refusal costs the user nothing", async () => {
    const quotas = { threadsPerHour: 10, tokensPerDay: 1000 };
    const now = Date.UTC(2026, 10, 25, 12);
    await chargeQuota(redis, PREFIX, quotas, { user: "a", guild: "g" }, 800, now);
    await expect(chargeQuota(redis, PREFIX, quotas, { user: "b", guild: "g" }, 300, now)).rejects.toBeInstanceOf(QuotaError);
    // User b was not charged for the refused thread: 10 more threads of 0 tokens fit in b's hour.
    for (let i = 0; i < 10; i++) await chargeQuota(redis, PREFIX, quotas, { user: "b", guild: null }, 0, now);
  });
});
