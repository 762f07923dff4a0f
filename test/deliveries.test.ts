import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { deleteKeys } from "./support/redis.js";
import { QUEUES, type Delivery } from "../core/queue/contracts.js";
import { consumeDeliveries, deliverOnce } from "../core/queue/deliveries.js";

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

describe("delivery posting (real Redis)", () => {
  it("posts a delivery once, however often it is handed over", async () => {
    const posted: string[] = [];
    const poster = { post: async (d: Delivery) => void posted.push(d.job) };
    expect(await deliverOnce(redis, PREFIX, 60, delivery("a"), poster)).toBe("posted");
    expect(await deliverOnce(redis, PREFIX, 60, delivery("a"), poster)).toBe("skipped");
    expect(posted).toEqual(["a"]);
  });

  it("does not post again after an attempt died mid-post, unless the bot finds the post missing", async () => {
    const posted: string[] = [];
    const crashing = {
      post: async (d: Delivery) => {
        posted.push(d.job);
        throw new Error("connection reset after sending");
      },
    };
    await expect(deliverOnce(redis, PREFIX, 60, delivery("b"), crashing)).rejects.toThrow(/connection reset/u);
    expect(await deliverOnce(redis, PREFIX, 60, delivery("b"), { post: async (d) => void posted.push(d.job) })).toBe("skipped");
    expect(posted).toEqual(["b"]);

    await expect(deliverOnce(redis, PREFIX, 60, delivery("c"), crashing)).rejects.toThrow();
    const checked = { post: async (d: Delivery) => void posted.push(`${d.job} again`), wasPosted: async () => false };
    expect(await deliverOnce(redis, PREFIX, 60, delivery("c"), checked)).toBe("posted");
    expect(posted).toEqual(["b", "c", "c again"]);
  });

  it("consumes the delivery queue and posts each delivery once", async () => {
    const posted: string[] = [];
    const queue = new Queue(QUEUES.deliveries, { connection: { url: REDIS_URL }, prefix: PREFIX });
    const consumer = consumeDeliveries({ url: REDIS_URL, prefix: PREFIX }, 60, { post: async (d) => void posted.push(d.job) });
    try {
      // The same delivery queued twice under two queue ids (a worker that ran a job twice).
      await queue.add("deliver", delivery("d"), { jobId: "deliver-d-1" });
      await queue.add("deliver", delivery("d"), { jobId: "deliver-d-2" });
      await queue.add("deliver", delivery("e"), { jobId: "deliver-e" });
      const end = Date.now() + 10_000;
      while ((await queue.getCompletedCount()) < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      expect(posted.sort()).toEqual(["d", "e"]);
    } finally {
      await consumer.close();
      await queue.close();
    }
  }, 20_000);
});
