import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import type { Destination } from "../core/queue/contracts.js";
import { loadPaste, savePaste } from "../core/queue/store.js";
import { deleteKeys } from "./support/redis.js";

/* The paste store against a real Redis, under a prefix of its own. */

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `sptest-paste-${process.pid}-${Date.now().toString(36)}`;

afterAll(() => deleteKeys(REDIS_URL, PREFIX));

describe("paste store", () => {
  it("finds a paste stored before pastes were kept per requester, so jobs accepted before an upgrade still run", async () => {
    const redis = new Redis(REDIS_URL);
    try {
      const destination: Destination = { kind: "discord", guild: "1", channel: "2", user: "3", interaction: null, private: false };
      await redis.set(`${PREFIX}:paste:${"a".repeat(64)}`, "the old paste", "EX", 60);
      expect(await loadPaste(redis, PREFIX, destination, "a".repeat(64))).toBe("the old paste");
      const hash = await savePaste(redis, PREFIX, destination, "a new paste", 60);
      expect(await loadPaste(redis, PREFIX, destination, hash)).toBe("a new paste");
    } finally {
      redis.disconnect();
    }
  });
});
