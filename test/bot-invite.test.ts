import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { PermissionsBitField } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { BOT_PERMISSIONS, inviteUrl } from "../bot/invite.js";
import { startFakeDiscord, type FakeDiscord } from "./support/fake-discord.js";
import { TOKEN } from "./support/poster.js";
import { root } from "./support/processes.js";

/*
 * The invite the README describes is the one the bot needs: the permissions it names are exactly
 * BOT_PERMISSIONS, and `npm run register` prints a link that asks for them.
 */

const APP = "123456789012345678";
/** `ViewChannel` as the README writes it: `View Channel`. */
const spelt = (flag: string): string => flag.replace(/(?<=[a-z])(?=[A-Z])/gu, " ");

let discord: FakeDiscord | undefined;
afterEach(async () => {
  await discord?.close();
  discord = undefined;
});

describe("the bot's invite", () => {
  it("is described in the README with exactly the permissions the bot asks for", () => {
    const readme = readFileSync(`${root}README.md`, "utf8").replace(/\s+/gu, " ");
    const sentence = /Invite it with the scopes `([^`]+)` and the permissions ([^(]+?) \(/u.exec(readme);
    expect(sentence, "the README's invite step").not.toBeNull();
    const named = (sentence?.[2] ?? "").split(/, | and /u).map((p) => p.trim());
    expect(new Set(named)).toEqual(new Set(Object.keys(BOT_PERMISSIONS).map(spelt)));
    expect(sentence?.[1]).toBe("bot applications.commands");
  });

  it("asks for those scopes and permissions and nothing else", () => {
    const url = new URL(inviteUrl(APP));
    expect(url.origin + url.pathname).toBe("https://discord.com/oauth2/authorize");
    expect(url.searchParams.get("client_id")).toBe(APP);
    expect(url.searchParams.get("scope")).toBe("bot applications.commands");
    const granted = new PermissionsBitField(BigInt(url.searchParams.get("permissions") ?? "0"));
    expect(new Set(granted.toArray())).toEqual(new Set(Object.keys(BOT_PERMISSIONS)));
  });

  it("is printed by npm run register after the commands are deployed", async () => {
    discord = await startFakeDiscord();
    const env = { ...process.env, DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DISCORD_GUILD_ID: "555555555555555555", DISCORD_API_URL: discord.api };
    const { stdout } = await promisify(execFile)("npm", ["run", "-s", "register"], { cwd: root, env });
    expect(stdout).toContain(`invite the bot with ${inviteUrl(APP)}`);
    expect(discord.requests.map((r) => r.method)).toEqual(["PUT"]);
  });
});
