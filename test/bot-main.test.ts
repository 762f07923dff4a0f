import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { startFakeDiscord } from "./support/fake-discord.js";
import { freePort, killStarted, logLines, startNode } from "./support/processes.js";
import { deleteKeys } from "./support/redis.js";

const root = new URL("..", import.meta.url).pathname;
const bot = (env: Record<string, string>) => {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("DISCORD_")));
  return spawnSync(process.execPath, ["--import", "tsx", join(root, "bot/main.ts")], { cwd: root, env: { ...inherited, ...env }, encoding: "utf8", timeout: 20_000 });
};

describe("the bot's entry point", () => {
  it("refuses to start without a token, naming the settings in one line", () => {
    const { status, stderr } = bot({});
    expect(status).toBe(2);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/DISCORD_TOKEN, DISCORD_APPLICATION_ID must be set/u);
  });

  it("rejects a malformed token without printing it", () => {
    const { status, stderr } = bot({ DISCORD_TOKEN: "not-a-token-secret", DISCORD_APPLICATION_ID: "111111111111111111" });
    expect(status).toBe(2);
    expect(stderr).toMatch(/DISCORD_TOKEN: not a Discord bot token/u);
    expect(stderr).not.toContain("not-a-token-secret");
  });
});

describe("the bot's login", () => {
  const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const PREFIX = `sptest-bot-main-${process.pid}`;
  // Valid in shape; Discord (the fake) refuses it as it refuses a reset or revoked token.
  const token = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GaBcDe.abcdefghijklmnopqrstuvwxyz0123";
  const env = (api: string) => ({ REDIS_URL, STANDPOINT_REDIS_PREFIX: PREFIX, LOG_LEVEL: "info", DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: "111111111111111111", DISCORD_API_URL: api });
  afterEach(() => killStarted());
  afterAll(() => deleteKeys(REDIS_URL, PREFIX));

  it("says in one line that Discord refused the token, and exits 3 (not a crash to restart)", async () => {
    const discord = await startFakeDiscord();
    try {
      const bot = startNode("bot/main.ts", env(discord.api));
      expect(await bot.exited).toBe(3);
      const { json, other } = logLines(bot.stderr());
      expect(other).toEqual([]);
      expect(json).toEqual([expect.objectContaining({ level: 60, msg: expect.stringMatching(/^Discord refused the bot token \(401\).*DISCORD_TOKEN/u) })]);
      expect(bot.stderr()).not.toContain(token.split(".")[2]);
      expect(discord.requests.some((r) => r.path === "/gateway/bot")).toBe(true);
    } finally {
      await discord.close();
    }
  }, 30_000);

  it("retries a Discord it cannot reach (no route, no DNS) with backoff, then says so in one line and exits 4", async () => {
    const unreachable = [`http://127.0.0.1:${await freePort()}/api`, "http://standpoint-test.invalid/api"];
    const bots = unreachable.map((api) => startNode("bot/main.ts", env(api)));
    const codes = await Promise.all(bots.map((b) => b.exited));
    expect(codes).toEqual([4, 4]);
    for (const bot of bots) {
      const { json, other } = logLines(bot.stderr());
      expect(other).toEqual([]);
      expect(json.map((l) => l.msg)).toEqual([expect.stringMatching(/^cannot reach Discord; retrying/u), expect.stringMatching(/^cannot reach Discord \((ECONNREFUSED|ENOTFOUND|EAI_AGAIN)\) after 5 attempts/u)]);
      // It waited between attempts rather than giving up at once (a DNS not up yet at boot).
      expect((json[1]?.time as number) - (json[0]?.time as number)).toBeGreaterThanOrEqual(10_000);
    }
  }, 60_000);
});
