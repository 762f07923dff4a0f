import { readFileSync } from "node:fs";
import { REST } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { COMMANDS } from "../bot/commands.js";
import { discordPoster } from "../bot/poster.js";
import { registerCommands } from "../bot/register.js";
import type { Delivery } from "../core/queue/contracts.js";
import { readMail } from "../core/readers/mail/read-mail.js";
import { summariseExtractive } from "../core/summary/extractive.js";
import type { Summary } from "../core/summary/model.js";
import { startFakeDiscord, type FakeDiscord } from "./support/fake-discord.js";

const APP = "111111111111111111";
const TOKEN = "MTExMTExMTExMTExMTExMTEx.GabcDe.abcdefghijklmnopqrstuvwxyz0123";
const CHANNEL = "222222222222222222";
const USER = "333333333333333333";
const summary = summariseExtractive(readMail(readFileSync(new URL("../examples/lkml-accel-flattened.txt", import.meta.url), "utf8")));

let discord: FakeDiscord | undefined;
afterEach(async () => {
  await discord?.close();
  discord = undefined;
});

async function setup(): Promise<{ rest: REST; fake: FakeDiscord }> {
  discord = await startFakeDiscord();
  // discord.js's own REST client, pointed at the fake; no retries, so a failure shows at once.
  return { rest: new REST({ api: discord.api, retries: 0 }).setToken(TOKEN), fake: discord };
}

const delivery = (over: Partial<Extract<Delivery["destination"], { kind: "discord" }>> = {}, outcome: Delivery["outcome"] = { kind: "summary", summary }): Delivery => ({
  version: 1,
  job: "sum-abc",
  destination: { kind: "discord", guild: "444444444444444444", channel: CHANNEL, user: USER, interaction: null, private: false, ...over },
  outcome,
});

describe("bot REST calls against a fake Discord", () => {
  it("registers the commands to the development guild", async () => {
    const { fake } = await setup();
    const count = await registerCommands({ token: TOKEN, applicationId: APP, guildId: "555555555555555555", apiUrl: fake.api });
    expect(count).toBe(COMMANDS.length);
    const [put] = fake.requests;
    expect(put).toMatchObject({ method: "PUT", path: `/applications/${APP}/guilds/555555555555555555/commands`, authorization: `Bot ${TOKEN}` });
    expect(put?.body).toEqual(JSON.parse(JSON.stringify(COMMANDS)));
  });

  it("answers in the interaction while its token lasts, one embed per speaker, mentioning nobody", async () => {
    const { rest, fake } = await setup();
    const poster = discordPoster(rest, APP, () => 1_000_000);
    await poster.post(delivery({ interaction: { token: "tok-1", expiresAt: 1_000_000 + 14 * 60_000 } }));
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`PATCH /webhooks/${APP}/tok-1/messages/@original`]);
    const body = fake.requests[0]?.body as { embeds: { title: string }[]; allowed_mentions: unknown };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds.map((e) => e.title)).toEqual([expect.stringMatching(/^Topic: /u), "Daniel Vetter", "Jason Gunthorpe"]);
  });

  it("posts to the channel once the token expired, and finds the post again by its ref", async () => {
    const { rest, fake } = await setup();
    const poster = discordPoster(rest, APP, () => 2_000_000);
    const late = delivery({ interaction: { token: "tok-2", expiresAt: 1_000_000 } });
    await poster.post(late);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /channels/${CHANNEL}/messages`]);
    expect(await poster.wasPosted?.(late)).toBe(true);
    expect(await poster.wasPosted?.({ ...late, job: "sum-other" })).toBe(false);
  });

  it("sends a private answer whose token expired to the requester's DMs, never to the channel", async () => {
    const { rest, fake } = await setup();
    await discordPoster(rest, APP, () => 2_000_000).post(delivery({ private: true, interaction: { token: "tok-3", expiresAt: 0 } }));
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["POST /users/@me/channels", `POST /channels/${USER}0/messages`]);
    expect(fake.channels.get(CHANNEL)).toBeUndefined();
  });

  it("says plainly and privately why a job failed: in place of the reply, or by DM once it expired", async () => {
    const { rest, fake } = await setup();
    const failed = { kind: "failed", reason: "Standpoint could not summarise this thread: the model server is down" } as const;
    await discordPoster(rest, APP, () => 1_000_000).post(delivery({ interaction: { token: "tok-4", expiresAt: 1_000_000 + 60_000 } }, failed));
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE /webhooks/${APP}/tok-4/messages/@original`, `POST /webhooks/${APP}/tok-4`]);
    expect(fake.requests[1]?.body).toMatchObject({ flags: 64, content: expect.stringMatching(/^⚠️ Standpoint could not summarise this thread: the model server is down\n-# ref sum-abc$/u) });
    await discordPoster(rest, APP, () => 9_000_000).post(delivery({ interaction: { token: "tok-4", expiresAt: 1_000_000 } }, failed));
    expect(fake.requests.slice(2).map((r) => `${r.method} ${r.path}`)).toEqual(["POST /users/@me/channels", `POST /channels/${USER}0/messages`]);
    expect(fake.channels.get(CHANNEL)).toBeUndefined();
  });

  it("splits a long summary over several messages and attaches the full text", async () => {
    const { rest, fake } = await setup();
    const long: Summary = {
      ...summary,
      speakers: Array.from({ length: 14 }, (_, i) => ({ id: `s${i + 1}`, name: `Speaker ${i + 1}`, stance: "x".repeat(300), positions: [{ claim: "y ".repeat(1500), evidence: ["z ".repeat(400)], replies_to: null }] })),
    };
    await discordPoster(rest, APP).post(delivery({}, { kind: "summary", summary: long }));
    expect(fake.requests.length).toBeGreaterThan(2);
    expect(fake.requests.at(-1)?.files).toEqual(["summary.md"]);
    for (const r of fake.requests) expect((r.body as { embeds: unknown[] }).embeds.length).toBeLessThanOrEqual(10);
  });
});
