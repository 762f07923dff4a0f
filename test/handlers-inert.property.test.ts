import { ChatInputCommandInteraction, Client, GatewayIntentBits } from "discord.js";
import fc from "fast-check";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleInteraction, type BotDeps } from "../bot/dispatch.js";
import { DigestControl } from "../core/queue/digests.js";
import { Submitter } from "../core/queue/submit.js";
import { startFakeDiscord, type FakeDiscord } from "./support/fake-discord.js";
import { TEST_GUILD } from "./support/fake-gateway.js";
import { slashCommand, type RawOption } from "./support/interactions.js";
import { liveConstructs, liveInMessage, type Marks } from "./support/live-markdown.js";
import { messy, named } from "./support/markdown-text.js";
import { deleteKeys } from "./support/redis.js";

/*
 * Issue 12, for the bot's replies to its commands: what a user typed into a command (a digest's
 * time, cron pattern or time zone) or named a file they attached is shown back to them inert,
 * whatever it is, and so is whatever a library made of it (BullMQ's word on a cron pattern quotes
 * the pattern). The real handlers and dispatcher, on interactions built from raw payloads;
 * discord.js's REST client against the fake Discord; digests in the real Redis. Every request body
 * the fake recorded is read with the independent checker of test/support/live-markdown.ts.
 */

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `sptest-handlers-inert-${process.pid}-${Date.now().toString(36)}`;
const APP = "111111111111111111";
const TOKEN = "MTExMTExMTExMTExMTExMTEx.GabcDe.abcdefghijklmnopqrstuvwxyz0123";
const MAX_BYTES = 1000;
const MANAGE_GUILD = String(1n << 5n);

let fake: FakeDiscord;
let client: Client;
let digests: DigestControl;
let deps: BotDeps;
beforeAll(async () => {
  fake = await startFakeDiscord();
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.api, retries: 0 } });
  client.rest.setToken(TOKEN);
  digests = new DigestControl({ url: REDIS_URL, prefix: PREFIX });
  const submitter = new Submitter({ redis: { url: REDIS_URL, prefix: PREFIX }, retentionSeconds: 600, attempts: 1, retryDelayMs: 100, quotas: { threadsPerHour: 100, tokensPerDay: 1e9 } });
  // An attachment's bytes: not UTF-8, so that reading it fails and names the file.
  deps = { submitter, maxBytes: MAX_BYTES, log: pino({ level: "silent" }), fetcher: async () => new Response(new Uint8Array([0xff, 0xfe, 0xfd])), trustedUrl: () => true, digests };
});
afterAll(async () => {
  await client.destroy();
  await deps.submitter.close();
  await digests.close();
  await fake.close();
  await deleteKeys(REDIS_URL, PREFIX);
});

/** A slash command from the test guild's member, who may manage it, as discord.js builds it from the gateway's payload. */
function command(name: string, options: RawOption[], resolved?: Record<string, unknown>): ChatInputCommandInteraction {
  const data = slashCommand(APP, name, options, resolved);
  (data.member as { permissions: string }).permissions = MANAGE_GUILD;
  // The constructor is internal to discord.js, which builds interactions from gateway payloads the same way.
  return new (ChatInputCommandInteraction as unknown as new (c: Client, d: unknown) => ChatInputCommandInteraction)(client, data);
}

/** Runs one command through the dispatcher and returns the request bodies the fake recorded for it. */
async function run(ix: ChatInputCommandInteraction): Promise<unknown[]> {
  const from = fake.requests.length;
  await handleInteraction(ix, deps);
  return fake.requests.slice(from).flatMap((r) => (r.body === null ? [] : [r.body]));
}

// The digest channel's mention, which the handler's own sentences name after these words.
const CHANNEL_MENTION = `<#${TEST_GUILD.channelId}>`;
const NAMING_THE_CHANNEL = ["Digests of the threads summarised here will be posted in ", "Digests go to "];

/** The handlers' own construct in a reply: the digest channel's mention, in the sentence that names it and nowhere else. */
const replyMarks: Marks = (line, index) => {
  const lead = NAMING_THE_CHANNEL.find((words) => line.startsWith(`${words}${CHANNEL_MENTION}`));
  return index === 0 && lead !== undefined ? new Set([lead.length]) : new Set();
};

/** Every live construct in the replies to one command. */
const live = (bodies: unknown[]): string[] => bodies.flatMap((b) => liveInMessage(b, replyMarks).map((f) => `${f} in ${JSON.stringify(b)}`));

// A cron field: one BullMQ takes, or anything at all without whitespace (so the pattern keeps its five fields).
const cronField = fc.oneof(fc.constantFrom("*", "0", "9", "*/5", "1-5", "1,2", "MON", "?", "L", "1#2"), messy.map((s) => s.replace(/\s+/gu, "") || "x"));
// Often a time and a zone that work, so that the confirmation and `show` quote them too.
const zone = fc.oneof({ weight: 2, arbitrary: fc.constantFrom("UTC", "Europe/Berlin") }, { weight: 1, arbitrary: messy });
const clock = fc.oneof(fc.constantFrom(null, "08:15"), messy);

describe("the handlers' own construct, and only it, is exempt", () => {
  it("exempts the digest channel's mention in the sentence that names it", () => {
    expect(liveConstructs(`Digests go to ${CHANNEL_MENTION}, daily 09:00 (UTC).`, replyMarks)).toEqual([]);
    expect(liveConstructs(`Digests go to ${CHANNEL_MENTION}, <#1>`, replyMarks)).toEqual(['mention "<#1>"']);
    expect(liveConstructs(`x ${CHANNEL_MENTION}`, replyMarks)).toEqual(['mention "<#2222"']);
  });
});

describe("what a user typed is shown back inert", () => {
  it("/digest set and show: the time, the cron pattern, the time zone, and a refusal that quotes them", async () => {
    let confirmed = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ schedule: fc.constantFrom("daily", "weekly"), time: clock, timezone: zone }),
          fc.record({ schedule: fc.constant("cron"), time: fc.array(cronField, { minLength: 5, maxLength: 6 }).map((f) => f.join(" ")), timezone: zone }),
        ),
        async ({ schedule, time, timezone }) => {
          const options: RawOption[] = [{ name: "channel", type: 7, value: TEST_GUILD.channelId }, { name: "schedule", type: 3, value: schedule }];
          if (time !== null) options.push({ name: "time", type: 3, value: time });
          options.push({ name: "timezone", type: 3, value: timezone });
          const resolved = { channels: { [TEST_GUILD.channelId]: { id: TEST_GUILD.channelId, type: 0, name: "general", permissions: "0" } } };
          const bodies = await run(command("digest", [{ name: "set", type: 1, options }], resolved));
          bodies.push(...(await run(command("digest", [{ name: "show", type: 1 }]))));
          await digests.off(TEST_GUILD.id);
          expect(bodies.length).toBeGreaterThan(1);
          expect(live(bodies)).toEqual([]);
          if (JSON.stringify(bodies).includes("Digests go to")) confirmed++;
        },
      ),
      // A pattern and a zone that are taken, whatever the random runs draw.
      { numRuns: 50, examples: [[{ schedule: "cron", time: "*/5 9 * * 1-5", timezone: "Europe/Berlin" }]] },
    );
    // Some settings were taken, and shown back: not only refusals were read.
    expect(confirmed).toBeGreaterThan(0);
  });

  it("/summarise with a file: the file's name, in every refusal that names it", async () => {
    await fc.assert(
      fc.asyncProperty(named, fc.constantFrom("not text", "too big", "not UTF-8"), fc.boolean(), async (filename, problem, hidden) => {
        const id = "800000000000000001";
        const attachment = {
          id,
          filename,
          size: problem === "too big" ? MAX_BYTES + 1 : 3,
          url: "https://cdn.discordapp.com/attachments/1/2/file",
          proxy_url: "https://media.discordapp.net/x",
          content_type: problem === "not text" ? "image/png" : "text/plain",
        };
        const bodies = await run(command("summarise", [{ name: "file", type: 11, value: id }, { name: "private", type: 5, value: hidden }], { attachments: { [id]: attachment } }));
        expect(bodies.some((b) => JSON.stringify(b).includes("“"))).toBe(true);
        expect(live(bodies)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
