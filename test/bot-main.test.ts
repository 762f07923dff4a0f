import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

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
