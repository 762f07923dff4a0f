import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { deleteKeys } from "./support/redis.js";
import { QUEUES, type Delivery } from "../core/queue/contracts.js";
import { consumeDeliveries, deliverOnce, type Ledger, type Poster } from "../core/queue/deliveries.js";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `sptest-deliver-${process.pid}-${Date.now().toString(36)}`;
const redis = new Redis(REDIS_URL);

afterAll(async () => {
  redis.disconnect();
  await deleteKeys(REDIS_URL, PREFIX);
});

const delivery = (job: string): Delivery => ({
  version: 1,
  job,
  destination: { kind: "discord", guild: "g", channel: "c", user: "u", interaction: null, private: false },
  outcome: { kind: "failed", reason: "the model server is down" },
});

/**
 * A poster of `n` messages into `sent`, keeping the ledger as the contract asks, that dies (throws)
 * just before message `dieAt` or, with `after`, just after sending it.
 */
function poster(sent: string[], n: number, dieAt = -1, after = false): Poster & { ledgers: Omit<Ledger, "posting" | "posted">[] } {
  const ledgers: Omit<Ledger, "posting" | "posted">[] = [];
  return {
    ledgers,
    async post(d, ledger) {
      ledgers.push({ next: ledger.next, route: ledger.route, interrupted: ledger.interrupted });
      let i = ledger.next;
      // Found in place: the message in flight went out.
      if (ledger.interrupted && sent.includes(`${d.job}#${i}`)) await ledger.posted(i++);
      for (; i < n; i++) {
        await ledger.posting(i, `route-${i}`);
        if (i === dieAt && !after) throw new Error("died before sending");
        sent.push(`${d.job}#${i}`);
        if (i === dieAt) throw new Error("died after sending");
        await ledger.posted(i);
      }
    },
  };
}

describe("delivery posting (real Redis)", () => {
  it("posts a delivery once, however often it is handed over", async () => {
    const sent: string[] = [];
    expect(await deliverOnce(redis, PREFIX, 60, delivery("a"), poster(sent, 2), "q-a")).toBe("posted");
    expect(await deliverOnce(redis, PREFIX, 60, delivery("a"), poster(sent, 2), "q-a")).toBe("skipped");
    expect(sent).toEqual(["a#0", "a#1"]);
  });

  it("does not post again what the previous version recorded as posted", async () => {
    const sent: string[] = [];
    await redis.set(`${PREFIX}:delivered:old`, "posted", "EX", 60);
    expect(await deliverOnce(redis, PREFIX, 60, delivery("old"), poster(sent, 2), "q-old")).toBe("skipped");
    expect(sent).toEqual([]);
  });

  it("resumes a post that died mid-way from the first message not known to be out", async () => {
    const sent: string[] = [];
    const first = poster(sent, 4, 2);
    await expect(deliverOnce(redis, PREFIX, 60, delivery("b"), first, "q-b")).rejects.toThrow(/before sending/u);
    const second = poster(sent, 4);
    expect(await deliverOnce(redis, PREFIX, 60, delivery("b"), second, "q-b")).toBe("posted");
    // Where the last message went, and that it may be out, are handed to the retry.
    expect(second.ledgers).toEqual([{ next: 2, route: "route-2", interrupted: true }]);
    expect(sent).toEqual(["b#0", "b#1", "b#2", "b#3"]);

    await expect(deliverOnce(redis, PREFIX, 60, delivery("c"), poster(sent, 4, 1, true), "q-c")).rejects.toThrow(/after sending/u);
    expect(await deliverOnce(redis, PREFIX, 60, delivery("c"), poster(sent, 4), "q-c")).toBe("posted");
    expect(sent.filter((s) => s.startsWith("c#"))).toEqual(["c#0", "c#1", "c#2", "c#3"]);
  });

  it("keeps what it records no longer than the retention given", async () => {
    await deliverOnce(redis, PREFIX, 60, delivery("d"), poster([], 1), "q-d");
    const ttl = await redis.ttl(`${PREFIX}:delivery:d`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  it("consumes the delivery queue and posts each delivery once", async () => {
    const sent: string[] = [];
    const queue = new Queue(QUEUES.deliveries, { connection: { url: REDIS_URL }, prefix: PREFIX });
    const consumer = consumeDeliveries({ url: REDIS_URL, prefix: PREFIX }, 60, poster(sent, 1));
    try {
      // The same delivery queued twice under two queue ids (a worker that ran a job twice).
      await queue.add("deliver", delivery("e"), { jobId: "deliver-e-1" });
      await queue.add("deliver", delivery("e"), { jobId: "deliver-e-2" });
      await queue.add("deliver", delivery("f"), { jobId: "deliver-f" });
      const end = Date.now() + 10_000;
      while ((await queue.getCompletedCount()) < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      expect(sent.sort()).toEqual(["e#0", "f#0"]);
    } finally {
      await consumer.close();
      await queue.close();
    }
  }, 20_000);
});
