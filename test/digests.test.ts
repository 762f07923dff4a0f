import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { QUEUES, type Delivery } from "../core/queue/contracts.js";
import { cronFor, DigestControl, digestThread, noteForDigest, runDigest } from "../core/queue/digests.js";
import type { Summary } from "../core/summary/model.js";
import { deleteKeys } from "./support/redis.js";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `sptest-digest-${process.pid}-${Date.now().toString(36)}`;
const root = new URL("..", import.meta.url).pathname;
const redis = new Redis(REDIS_URL);

afterAll(async () => {
  redis.disconnect();
  await deleteKeys(REDIS_URL, PREFIX);
});

/** Where a public request in `guild` was answered. */
const inGuild = (guild: string) => ({ kind: "discord", guild, channel: "c0", user: "u0", interaction: null, private: false }) as const;

const summary = (topic: string): Summary => ({
  version: 1,
  topic,
  speakers: [
    { id: "s1", name: "Ann", stance: "keep the old interface", positions: [] },
    { id: "s2", name: "Bob", stance: "drop it", positions: [] },
  ],
  agreements: [],
  contentions: [{ point: "whether to keep it", sides: [{ speaker: "s1", position: "keep" }, { speaker: "s2", position: "drop" }] }],
  open_questions: [],
  provenance: { mode: "extractive", model: "extractive", provider: "local", prompt_version: "extractive-1", calls: 0, prompt_tokens: 0, completion_tokens: 0, dropped_claims: 0, missing: [], cached: false },
});

describe("digest schedules", () => {
  it("turns daily, weekly and cron choices into patterns, refusing what it cannot read", () => {
    expect(cronFor("daily", null)).toEqual({ pattern: "0 9 * * *", label: "daily 09:00" });
    expect(cronFor("weekly", "18:30")).toEqual({ pattern: "30 18 * * 1", label: "weekly 18:30" });
    expect(cronFor("cron", "0 9 * * 1-5").pattern).toBe("0 9 * * 1-5");
    expect(() => cronFor("daily", "25:00")).toThrow(/HH:MM/u);
    expect(() => cronFor("cron", null)).toThrow(/cron pattern/u);
  });

  it("gathers the threads of the period into one digest, and none for an empty period", async () => {
    const control = new DigestControl({ url: REDIS_URL, prefix: PREFIX });
    try {
      await control.set("g1", { channel: "c1", pattern: "0 9 * * *", timezone: "UTC", label: "daily 09:00" }, 1000);
      await noteForDigest(redis, PREFIX, inGuild("g1"), digestThread("sum-1", summary("Keep the old interface?"), 2000), 3600);
      await noteForDigest(redis, PREFIX, inGuild("g2"), digestThread("sum-2", summary("Another server's thread"), 2000), 3600);
      const digest = await runDigest(redis, PREFIX, "g1", 3000);
      expect(digest?.destination).toMatchObject({ kind: "discord", channel: "c1", guild: "g1" });
      expect(digest?.outcome).toMatchObject({ kind: "digest", from: 1000, to: 3000, threads: [{ job: "sum-1", topic: "Keep the old interface?", contention: { sides: [{ name: "Ann" }, { name: "Bob" }] } }] });
      expect(await runDigest(redis, PREFIX, "g1", 4000)).toBeNull();
      // Setting it again keeps one scheduler.
      await control.set("g1", { channel: "c2", pattern: "0 10 * * *", timezone: "Europe/Berlin", label: "daily 10:00" });
      const queue = new Queue(QUEUES.digests, { connection: { url: REDIS_URL }, prefix: PREFIX });
      expect(await queue.getJobSchedulersCount()).toBe(1);
      await queue.close();
      expect(await control.off("g1")).toBe(true);
      expect(await control.show("g1")).toBeNull();
    } finally {
      await control.close();
    }
  });

  it("posts one digest per period with news from a scheduler on a short cron, run by a worker process", async () => {
    const control = new DigestControl({ url: REDIS_URL, prefix: PREFIX });
    let worker: ChildProcess | undefined;
    const deliveries = new Queue(QUEUES.deliveries, { connection: { url: REDIS_URL }, prefix: PREFIX });
    try {
      await noteForDigest(redis, PREFIX, inGuild("g3"), digestThread("sum-3", summary("A thread of this period"), Date.now() + 500), 3600);
      // Every two seconds, with seconds: the scheduler fires several times during the test.
      await control.set("g3", { channel: "c3", pattern: "*/2 * * * * *", timezone: "UTC", label: "test" }, Date.now() - 1000);
      worker = spawn(process.execPath, ["--import", "tsx", join(root, "worker/main.ts")], { cwd: root, stdio: "ignore", env: { ...process.env, REDIS_URL, STANDPOINT_REDIS_PREFIX: PREFIX, LOG_LEVEL: "silent", OPENAI_API_KEY: "" } });
      await new Promise((r) => setTimeout(r, 8000));
      const posted = (await deliveries.getJobs(["waiting", "delayed", "active", "completed"])).map((j) => j.data as Delivery).filter((d) => d.outcome.kind === "digest" && d.destination.kind === "discord" && d.destination.guild === "g3");
      expect(posted).toHaveLength(1);
      expect(posted[0]?.outcome).toMatchObject({ kind: "digest", threads: [{ job: "sum-3" }] });
    } finally {
      worker?.kill("SIGTERM");
      await control.off("g3");
      await control.close();
      await deliveries.close();
    }
  }, 30_000);
});

describe("digest notes and the retention", () => {
  it("lets each note go at its own age, not when a newer one arrives", async () => {
    const control = new DigestControl({ url: REDIS_URL, prefix: PREFIX });
    try {
      await control.set("g-age", { channel: "c-age", pattern: "0 0 1 1 *", timezone: "UTC", label: "yearly" }, Date.now() - 1000);
      await noteForDigest(redis, PREFIX, inGuild("g-age"), digestThread("sum-old", summary("An older thread"), Date.now()), 2);
      await new Promise((r) => setTimeout(r, 1500));
      await noteForDigest(redis, PREFIX, inGuild("g-age"), digestThread("sum-new", summary("A newer thread"), Date.now()), 2);
      // Past the older note's retention, within the newer one's.
      await new Promise((r) => setTimeout(r, 1000));
      const digest = await runDigest(redis, PREFIX, "g-age");
      expect(digest?.outcome).toMatchObject({ kind: "digest", threads: [{ job: "sum-new" }] });
      expect(JSON.stringify(await redis.keys(`${PREFIX}:digest:g-age:*`))).not.toContain("sum-old");
    } finally {
      await control.off("g-age");
      await control.close();
    }
  }, 20_000);
});

describe("private requests and digests", () => {
  it("never puts a private request's content in the server's digest", async () => {
    const { Submitter } = await import("../core/queue/submit.js");
    const submitter = new Submitter({ redis: { url: REDIS_URL, prefix: PREFIX }, retentionSeconds: 600, attempts: 1, retryDelayMs: 100, quotas: { threadsPerHour: 100, tokensPerDay: 1e9 } });
    const control = new DigestControl({ url: REDIS_URL, prefix: PREFIX });
    // Offline: the extractive summary quotes each speaker, so a thread's words show in its digest line.
    const worker = spawn(process.execPath, ["--import", "tsx", join(root, "worker/main.ts")], { cwd: root, stdio: "ignore", env: { ...process.env, REDIS_URL, STANDPOINT_REDIS_PREFIX: PREFIX, LOG_LEVEL: "silent", OPENAI_API_KEY: "" } });
    const thread = (word: string): string => `On Mon, Ann Archer wrote:\n> We should paint the shed ${word}, because it hides rust.\n\nBob Baker replied:\nNo, the shed must stay ${word}-free; grey matches the fence.\n`;
    const guild = "g-private";
    const where = { kind: "discord", guild, channel: "c-private", interaction: null } as const;
    try {
      await control.set(guild, { channel: "c-digest", pattern: "0 0 1 1 *", timezone: "UTC", label: "yearly" }, Date.now() - 1000);
      const open = await submitter.submit(thread("Publicvermilion"), { model: null, destination: { ...where, user: "u-open", private: false } });
      const hidden = await submitter.submit(thread("Secretcobalt"), { model: null, destination: { ...where, user: "u-hidden", private: true } });
      await submitter.waitFor(open.jobId, 20_000);
      await submitter.waitFor(hidden.jobId, 20_000);
      const digest = await runDigest(redis, PREFIX, guild);
      expect(JSON.stringify(digest)).toContain("Publicvermilion");
      expect(JSON.stringify(digest)).not.toContain("Secretcobalt");
    } finally {
      worker.kill("SIGTERM");
      await control.off(guild);
      await control.close();
      await submitter.close();
    }
  }, 40_000);
});
