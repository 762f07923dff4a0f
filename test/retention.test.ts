import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { Client, GatewayIntentBits, REST } from "discord.js";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { discordPoster } from "../bot/poster.js";
import type { Destination } from "../core/queue/contracts.js";
import { consumeDeliveries } from "../core/queue/deliveries.js";
import { DigestControl } from "../core/queue/digests.js";
import { sweepRetention } from "../core/queue/retention.js";
import { Submitter } from "../core/queue/submit.js";
import { startFakeDiscord } from "./support/fake-discord.js";
import { startFakeOpenAi } from "./support/fake-openai.js";
import { freePort } from "./support/processes.js";
import { deleteKeys } from "./support/redis.js";
import { dumpKeys, holding } from "./support/redis-dump.js";

/*
 * STANDPOINT_RESULT_RETENTION_DAYS really deletes: real flows (the bot's submissions, a worker
 * process, deliveries posted to a fake Discord, a digest) with a retention of three seconds, then
 * the sweep, then every key under the prefix read back.
 */

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `sptest-retention-${process.pid}-${Date.now().toString(36)}`;
const root = new URL("..", import.meta.url).pathname;
const APP = "111111111111111111";
// 0.00007 days is 6.05 s, which the configuration rounds to 6: long enough for a busy machine's
// worker to take the three jobs before their pastes expire.
const RETENTION_DAYS = "0.00007";
const RETENTION_SECONDS = 6;
const GUILD = "444444444444444401";
const DIGEST_CHANNEL = "222222222222222201";

afterAll(() => deleteKeys(REDIS_URL, PREFIX));

/** A thread whose words (and so its summary's stances) carry `word`. */
const thread = (word: string): string =>
  `On Mon, Jan 1, 2024 at 9:00 AM Ann Archer <ann@example.org> wrote:\n> We should paint the shed ${word} today. It hides the rust.\n\n${word} is a poor choice for the shed. Grey matches the fence.\n\n--\nBob Baker\n`;

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * What may stay past the retention, and why: the queues' own bookkeeping (ids, metadata, markers,
 * event streams holding only events younger than the retention), a server's digest schedule (its
 * settings and BullMQ's scheduler with its next run, holding the server and channel ids, which
 * `/digest off` removes), and the quota counters (a count under a digest of the member's or
 * server's id, gone when their hour or day is over).
 */
const MAY_STAY = [
  /:(?:summarise|deliveries|digests):(?:meta|id|events|stalled-check|marker)$/u,
  /:digests:(?:repeat|delayed)$/u,
  new RegExp(`:digests:repeat:digest-${GUILD}(?::\\d+)?$`, "u"),
  new RegExp(`:digest:${GUILD}:settings$`, "u"),
  /:limit:(?:user|guild)-(?:threads|tokens):[0-9a-f]{32}:\d+$/u,
];

describe("retention (STANDPOINT_RESULT_RETENTION_DAYS)", () => {
  it("leaves no paste, summary, stance, token or user id anywhere in Redis once it has passed", async () => {
    const settings = { url: REDIS_URL, prefix: PREFIX };
    const model = await startFakeOpenAi();
    const discord = await startFakeDiscord();
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.api, retries: 0 } });
    const rest: REST = client.rest.setToken("MTExMTExMTExMTExMTExMTEx.GabcDe.abcdefghijklmnopqrstuvwxyz0123");
    const healthPort = await freePort();
    const worker: ChildProcess = spawn(process.execPath, ["--import", "tsx", join(root, "worker/main.ts")], {
      cwd: root,
      stdio: "ignore",
      env: { ...process.env, REDIS_URL, STANDPOINT_REDIS_PREFIX: PREFIX, OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: model.baseURL, STANDPOINT_RESULT_RETENTION_DAYS: RETENTION_DAYS, STANDPOINT_HEALTH_PORT: String(healthPort), LOG_LEVEL: "silent" },
    });
    const submitter = new Submitter({ redis: settings, retentionSeconds: RETENTION_SECONDS, attempts: 1, retryDelayMs: 100, quotas: { threadsPerHour: 100, tokensPerDay: 1e9 } });
    const digests = new DigestControl(settings);
    const consumer = consumeDeliveries(settings, RETENTION_SECONDS, discordPoster(rest, APP, Date.now));
    const redis = new Redis(REDIS_URL);
    const interaction = (token: string): { token: string; expiresAt: number } => ({ token, expiresAt: Date.now() + 15 * 60_000 });
    const open: Destination = { kind: "discord", guild: GUILD, channel: "222222222222222222", user: "u-ret-open", interaction: interaction("tok-ret-open"), private: false };
    const hidden: Destination = { kind: "discord", guild: GUILD, channel: "222222222222222222", user: "u-ret-hidden", interaction: interaction("tok-ret-hidden"), private: true };
    const needles = ["Openword", "Hiddenword", "Cliword", "u-ret-open", "u-ret-hidden", "tok-ret-open", "tok-ret-hidden"];
    try {
      // The pastes live only as long as the retention: the worker must be taking jobs before they are queued.
      await until(() => fetch(`http://127.0.0.1:${healthPort}/healthz`).then((r) => r.status === 200, () => false), 60_000);
      await digests.set(GUILD, { channel: DIGEST_CHANNEL, pattern: "0 0 1 1 *", timezone: "UTC", label: "yearly" }, Date.now() - 1000);
      const jobs = [
        await submitter.submit(thread("Openword"), { model: null, destination: open }),
        await submitter.submit(thread("Hiddenword"), { model: null, destination: hidden }),
        await submitter.submit(thread("Cliword"), { model: null, destination: { kind: "cli" } }),
      ];
      for (const { jobId } of jobs) await submitter.waitFor(jobId, 20_000);
      // Both Discord results posted into their interactions' replies.
      const posted = (token: string): boolean => discord.requests.some((r) => r.method === "PATCH" && r.path.includes(`/${token}/`));
      await until(() => posted("tok-ret-open") && posted("tok-ret-hidden"));
      // The digest (the public thread only) posted in its channel.
      await until(async () => (await redis.exists(`${PREFIX}:digest:${GUILD}:note:${jobs[0]?.jobId ?? ""}`)) === 1);
      await digests.now(GUILD);
      await until(() => discord.channel(DIGEST_CHANNEL).length > 0);
      const before = holding(await dumpKeys(REDIS_URL, PREFIX), needles);
      expect(before.length).toBeGreaterThan(0);

      await new Promise((r) => setTimeout(r, (RETENTION_SECONDS + 1) * 1000));
      await sweepRetention(redis, PREFIX, RETENTION_SECONDS);
      const dump = await dumpKeys(REDIS_URL, PREFIX);
      expect(holding(dump, needles)).toEqual([]);
      expect([...dump.keys()].filter((key) => !MAY_STAY.some((p) => p.test(key)))).toEqual([]);
      // Event streams keep only what happened within the retention, and none of it is a result.
      for (const [key, content] of dump) if (key.endsWith(":events")) expect(content).not.toMatch(/returnvalue[^\]]*speakers/u);
    } finally {
      worker.kill("SIGTERM");
      await consumer.close();
      await digests.off(GUILD);
      await digests.close();
      await submitter.close();
      redis.disconnect();
      await client.destroy();
      await discord.close();
      await model.close();
    }
  }, 60_000);
});
