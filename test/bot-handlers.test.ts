import { readFileSync } from "node:fs";
import { Queue } from "bullmq";
import { ChatInputCommandInteraction, Client, GatewayIntentBits, MessageContextMenuCommandInteraction } from "discord.js";
import { pino } from "pino";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { handleInteraction } from "../bot/dispatch.js";
import { QUEUES, SummariseJobSchema, type Delivery } from "../core/queue/contracts.js";
import { DigestControl } from "../core/queue/digests.js";
import { Forgetter } from "../core/queue/forget.js";
import { Submitter } from "../core/queue/submit.js";
import { startFakeDiscord, type FakeDiscord } from "./support/fake-discord.js";
import { deleteKeys } from "./support/redis.js";
import { dumpKeys, holding } from "./support/redis-dump.js";

/*
 * The bot's real handlers on interactions built from raw Discord payloads; discord.js's REST client
 * talks to a fake Discord over HTTP, and jobs go to the real Redis.
 */

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `sptest-bot-${process.pid}-${Date.now().toString(36)}`;
const APP = "111111111111111111";
const TOKEN = "MTExMTExMTExMTExMTExMTEx.GabcDe.abcdefghijklmnopqrstuvwxyz0123";
const example = readFileSync(new URL("../examples/lkml-accel-flattened.txt", import.meta.url), "utf8");
const log = pino({ level: "silent" });

let fake: FakeDiscord | undefined;
let client: Client | undefined;
let submitter: Submitter | undefined;
let serial = 0;

afterEach(async () => {
  await client?.destroy();
  await submitter?.close();
  await fake?.close();
});

afterAll(() => deleteKeys(REDIS_URL, PREFIX));

async function setup(prefix = PREFIX): Promise<{ client: Client; fake: FakeDiscord; deps: Parameters<typeof handleInteraction>[1] }> {
  fake = await startFakeDiscord();
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.api, retries: 0 } });
  client.rest.setToken(TOKEN);
  submitter = new Submitter({ redis: { url: REDIS_URL, prefix }, retentionSeconds: 600, attempts: 1, retryDelayMs: 100, quotas: { threadsPerHour: 100, tokensPerDay: 1e9 } });
  return { client, fake, deps: { submitter, maxBytes: 2_000_000, log, fetcher: async () => new Response(example), trustedUrl: () => true } };
}

/** A raw interaction as Discord sends it. */
function raw(data: Record<string, unknown>, type = 2): Record<string, unknown> {
  serial++;
  return {
    // A snowflake of now: Discord's epoch is 2015, the time sits above bit 22.
    id: String(((BigInt(Date.now()) - 1420070400000n) << 22n) + BigInt(serial)),
    application_id: APP,
    type,
    token: `tok-${serial}`,
    version: 1,
    guild_id: "444444444444444444",
    channel_id: "222222222222222222",
    channel: { id: "222222222222222222", type: 0 },
    locale: "en-US",
    app_permissions: "0",
    entitlements: [],
    authorizing_integration_owners: {},
    context: 0,
    member: { user: { id: "333333333333333333", username: "ann", discriminator: "0", global_name: "Ann", avatar: null }, roles: [], permissions: "0", joined_at: "2024-01-01T00:00:00.000Z", deaf: false, mute: false, flags: 0 },
    data,
  };
}

// The constructors are internal to discord.js, which builds interactions from gateway payloads the same way.
const chatInput = (c: Client, options: unknown[], resolved?: unknown): ChatInputCommandInteraction =>
  new (ChatInputCommandInteraction as unknown as new (c: Client, d: unknown) => ChatInputCommandInteraction)(c, raw({ id: "700000000000000001", name: "summarise", type: 1, options, ...(resolved === undefined ? {} : { resolved }) }));

/** Members of the guild: two without permissions, one who can manage the server. */
const ANN = { id: "333333333333333333", permissions: "0" };
const BOB = { id: "555555555555555555", permissions: "0" };
const ADMIN = { id: "666666666666666666", permissions: String(1n << 5n) };
const CHANNELS = { channels: { "222222222222222222": { id: "222222222222222222", type: 0, name: "general", permissions: "0" } } };

/** A slash command `name` with `options`, from `who`. */
function command(c: Client, name: string, options: unknown[], who: { id: string; permissions: string }, resolved?: unknown): ChatInputCommandInteraction {
  const data = raw({ id: "700000000000000009", name, type: 1, options, ...(resolved === undefined ? {} : { resolved }) });
  data.member = { ...(data.member as object), user: { id: who.id, username: `member${who.id.slice(0, 3)}`, discriminator: "0", global_name: null, avatar: null }, permissions: who.permissions };
  return new (ChatInputCommandInteraction as unknown as new (c: Client, d: unknown) => ChatInputCommandInteraction)(c, data);
}

/** `work`, or a failure saying no answer came: the deadline only keeps a hung command from hanging the test. */
async function answered(work: Promise<void>, ms = 10_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  try {
    await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

const calls = (f: FakeDiscord): string[] => f.requests.map((r) => `${r.method} ${r.path.replace(/tok-\d+/u, "<token>").replace(/\/interactions\/\d+\//u, "/interactions/<id>/")}`);

describe("bot command handlers", () => {
  it("defers, queues the pasted thread with the interaction to answer, then says it is working on it", async () => {
    const { client: c, fake: f, deps } = await setup();
    const ix = chatInput(c, [{ name: "text", type: 3, value: example }]);
    await handleInteraction(ix, deps);
    expect(calls(f)).toEqual(["POST /interactions/<id>/<token>/callback", `PATCH /webhooks/${APP}/<token>/messages/@original`]);
    expect((f.requests[0]?.body as { type: number }).type).toBe(5);
    expect(f.requests[1]?.body).toMatchObject({ content: expect.stringMatching(/^Summarising/u), allowed_mentions: { parse: [] } });
    const queue = new Queue(QUEUES.summarise, { connection: { url: REDIS_URL }, prefix: PREFIX });
    try {
      const [job] = await queue.getJobs(["waiting"]);
      const payload = SummariseJobSchema.parse(job?.data);
      expect(payload.destination).toMatchObject({ kind: "discord", channel: "222222222222222222", user: "333333333333333333", private: false, interaction: { token: ix.token, expiresAt: ix.createdTimestamp + 15 * 60_000 } });
    } finally {
      await queue.close();
    }
  });

  it("reads an attached thread, answering privately when asked", async () => {
    const { client: c, fake: f, deps } = await setup();
    const attachment = { id: "800000000000000001", filename: "message.txt", size: example.length, url: "https://cdn.discordapp.com/attachments/1/2/message.txt", proxy_url: "https://media.discordapp.net/x", content_type: "text/plain; charset=utf-8" };
    const ix = chatInput(c, [{ name: "file", type: 11, value: attachment.id }, { name: "private", type: 5, value: true }], { attachments: { [attachment.id]: attachment } });
    await handleInteraction(ix, deps);
    expect((f.requests[0]?.body as { type: number; data?: { flags?: number } }).data?.flags).toBe(64);
    expect(calls(f)).toHaveLength(2);
  });

  it("tells the user privately, in one reply, when both or neither of text and file are given", async () => {
    const { client: c, fake: f, deps } = await setup();
    await handleInteraction(chatInput(c, []), deps);
    expect(calls(f)).toEqual(["POST /interactions/<id>/<token>/callback"]);
    expect(f.requests[0]?.body).toMatchObject({ type: 4, data: { flags: 64, content: expect.stringMatching(/either as `text` or as a `file`/u), allowed_mentions: { parse: [] } } });
  });

  it("takes back a public 'thinking' reply and explains privately when the attachment is not text", async () => {
    const { client: c, fake: f, deps } = await setup();
    const attachment = { id: "800000000000000002", filename: "cat.png", size: 10, url: "https://cdn.discordapp.com/attachments/1/2/cat.png", proxy_url: "https://media.discordapp.net/y", content_type: "image/png" };
    await handleInteraction(chatInput(c, [{ name: "file", type: 11, value: attachment.id }], { attachments: { [attachment.id]: attachment } }), deps);
    expect(calls(f)).toEqual(["POST /interactions/<id>/<token>/callback", `DELETE /webhooks/${APP}/<token>/messages/@original`, `POST /webhooks/${APP}/<token>`]);
    expect(f.requests[2]?.body).toMatchObject({ flags: 64, content: expect.stringMatching(/not a text file/u) });
  });

  it("turns a private request's own 'thinking…' reply into the explanation, leaving nothing loading", async () => {
    const { client: c, fake: f, deps } = await setup();
    const attachment = { id: "800000000000000003", filename: "cat.png", size: 10, url: "https://cdn.discordapp.com/attachments/1/2/cat.png", proxy_url: "https://media.discordapp.net/z", content_type: "image/png" };
    const ix = chatInput(c, [{ name: "file", type: 11, value: attachment.id }, { name: "private", type: 5, value: true }], { attachments: { [attachment.id]: attachment } });
    await handleInteraction(ix, deps);
    expect(calls(f)).toEqual(["POST /interactions/<id>/<token>/callback", `PATCH /webhooks/${APP}/<token>/messages/@original`]);
    expect(f.original(ix.token)).toMatchObject({ flags: 64, deleted: false, content: expect.stringMatching(/not a text file/u) });
  });

  it("summarises a message from its context menu: its text and text attachments", async () => {
    const { client: c, fake: f, deps } = await setup();
    const message = { id: "600000000000000001", channel_id: "222222222222222222", content: "On Mon, Ann wrote:\n> keep it\n\nNo, drop it.", attachments: [], embeds: [], author: { id: "333333333333333333", username: "ann", discriminator: "0", avatar: null }, timestamp: "2024-01-01T00:00:00.000Z", edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [], pinned: false, type: 0 };
    const ix = new (MessageContextMenuCommandInteraction as unknown as new (c: Client, d: unknown) => MessageContextMenuCommandInteraction)(c, raw({ id: "700000000000000002", name: "Summarise thread", type: 3, target_id: message.id, resolved: { messages: { [message.id]: message } } }));
    await handleInteraction(ix, deps);
    expect(calls(f)).toEqual(["POST /interactions/<id>/<token>/callback", `PATCH /webhooks/${APP}/<token>/messages/@original`]);
  });
});

describe("/digest", () => {
  const digestCommand = (c: Client, permissions: string, sub: unknown): ChatInputCommandInteraction => {
    const data = raw({ id: "700000000000000003", name: "digest", type: 1, options: [sub], resolved: { channels: { "222222222222222222": { id: "222222222222222222", type: 0, name: "general", permissions: "0" } } } });
    (data.member as { permissions: string }).permissions = permissions;
    return new (ChatInputCommandInteraction as unknown as new (c: Client, d: unknown) => ChatInputCommandInteraction)(c, data);
  };

  it("refuses members who cannot manage the server, and sets a schedule for those who can", async () => {
    const { client: c, fake: f, deps } = await setup();
    const digests = new DigestControl({ url: REDIS_URL, prefix: PREFIX });
    try {
      const set = { name: "set", type: 1, options: [{ name: "channel", type: 7, value: "222222222222222222" }, { name: "schedule", type: 3, value: "daily" }, { name: "time", type: 3, value: "08:15" }, { name: "timezone", type: 3, value: "Europe/Berlin" }] };
      await handleInteraction(digestCommand(c, "0", set), { ...deps, digests });
      expect(f.requests[0]?.body).toMatchObject({ type: 4, data: { flags: 64, content: expect.stringMatching(/Only members who can manage this server/u) } });
      await handleInteraction(digestCommand(c, String(1n << 5n), set), { ...deps, digests });
      expect(f.requests[1]?.body).toMatchObject({ type: 4, data: { flags: 64, content: expect.stringMatching(/posted in <#222222222222222222>, daily 08:15 \(Europe\/Berlin\)/u) } });
      expect(await digests.show("444444444444444444")).toMatchObject({ pattern: "15 8 * * *", timezone: "Europe/Berlin" });
      await digests.off("444444444444444444");
    } finally {
      await digests.close();
    }
  });
});

describe("with Redis down", () => {
  it("answers /digest show, set and now and /forget at once, privately, saying Standpoint is unavailable", async () => {
    const { client: c, fake: f, deps } = await setup();
    // A port nothing listens on: every connection is refused.
    const down = { url: "redis://127.0.0.1:1", prefix: PREFIX };
    const digests = new DigestControl(down);
    const forgetter = new Forgetter(down);
    const set = { name: "set", type: 1, options: [{ name: "channel", type: 7, value: "222222222222222222" }, { name: "schedule", type: 3, value: "daily" }] };
    // The bot's log, kept: it may say Redis is out of reach, never where Redis runs.
    const logged: string[] = [];
    const log = pino({ level: "info" }, { write: (line: string) => void logged.push(line) });
    const downDeps = { ...deps, log, digests, forgetter };
    try {
      for (const sub of [{ name: "show", type: 1 }, set, { name: "now", type: 1 }]) await answered(handleInteraction(command(c, "digest", [sub], ADMIN, CHANNELS), downDeps));
      await answered(handleInteraction(command(c, "forget", [], ANN), downDeps));
      await answered(handleInteraction(command(c, "forget", [{ name: "scope", type: 3, value: "server" }], ADMIN), downDeps));
      expect(logged.length).toBeGreaterThan(0);
      expect(logged.join("")).not.toMatch(/127\.0\.0\.1|:1\b/u);
      expect(f.requests).toHaveLength(5);
      for (const r of f.requests) {
        expect(r.body).toMatchObject({ type: 4, data: { flags: 64, content: expect.stringMatching(/unavailable/u) } });
        // Where Redis runs is not the member's business.
        expect(JSON.stringify(r.body)).not.toMatch(/127\.0\.0\.1|6379|:1\b/u);
      }
    } finally {
      await digests.close();
      await forgetter.close();
    }
  }, 60_000);
});

describe("/forget: fake Discord, real Redis, a worker process, fake model", () => {
  const FORGET_PREFIX = `${PREFIX}-forget`;
  afterAll(() => deleteKeys(REDIS_URL, FORGET_PREFIX));

  /** A thread whose words (and so its summary's stances) carry `word`. */
  const thread = (word: string): string =>
    `On Mon, Jan 1, 2024 at 9:00 AM Ann Archer <ann@example.org> wrote:\n> We should paint the shed ${word} today. It hides the rust.\n\n${word} is a poor choice for the shed. Grey matches the fence.\n\n--\nBob Baker\n`;

  it("is registered with Discord, open to every member, its server-wide scope a choice", async () => {
    const { COMMANDS, FORGET } = await import("../bot/commands.js");
    const forget = COMMANDS.find((c) => c.name === FORGET);
    expect(forget).toMatchObject({ type: 1, options: [{ name: "scope", type: 3, required: false, choices: [{ value: "me" }, { value: "server" }] }] });
    expect(forget).not.toHaveProperty("default_member_permissions");
  });

  it("removes a member's pastes, results, notes, jobs and deliveries and leaves another's; Manage Server removes the server's", async () => {
    const { spawn } = await import("node:child_process");
    const { startFakeOpenAi } = await import("./support/fake-openai.js");
    const { consumeDeliveries } = await import("../core/queue/deliveries.js");
    const { discordPoster } = await import("../bot/poster.js");
    const { client: c, fake: f, deps: base } = await setup(FORGET_PREFIX);
    const settings = { url: REDIS_URL, prefix: FORGET_PREFIX };
    const model = await startFakeOpenAi();
    const root = new URL("..", import.meta.url).pathname;
    const worker = spawn(process.execPath, ["--import", "tsx", `${root}worker/main.ts`], {
      cwd: root,
      stdio: "ignore",
      env: { ...process.env, REDIS_URL, STANDPOINT_REDIS_PREFIX: FORGET_PREFIX, OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: model.baseURL, LOG_LEVEL: "silent" },
    });
    const digests = new DigestControl(settings);
    const forgetter = new Forgetter(settings);
    const deps = { ...base, digests, forgetter };
    const consumer = consumeDeliveries(settings, 600, discordPoster(c.rest, APP, Date.now));
    const summarise = new Queue(QUEUES.summarise, { connection: { url: REDIS_URL }, prefix: FORGET_PREFIX });
    const deliveries = new Queue(QUEUES.deliveries, { connection: { url: REDIS_URL }, prefix: FORGET_PREFIX });
    const until = async (check: () => Promise<boolean>): Promise<void> => {
      const end = Date.now() + 30_000;
      while (!(await check())) {
        if (Date.now() > end) throw new Error("timed out waiting");
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const lastReply = (ix: ChatInputCommandInteraction): string => {
      const mine = f.requests.filter((r) => r.path.includes(`/${ix.token}`));
      const body = mine.at(-1)?.body as { content?: string; data?: { content?: string } } | undefined;
      return body?.content ?? body?.data?.content ?? "";
    };
    try {
      await handleInteraction(command(c, "digest", [{ name: "set", type: 1, options: [{ name: "channel", type: 7, value: "222222222222222222" }, { name: "schedule", type: 3, value: "cron" }, { name: "time", type: 3, value: "0 0 1 1 *" }] }], ADMIN, CHANNELS), deps);
      const asks = [
        command(c, "summarise", [{ name: "text", type: 3, value: thread("Annpublicword") }], ANN),
        command(c, "summarise", [{ name: "text", type: 3, value: thread("Annprivateword") }, { name: "private", type: 5, value: true }], ANN),
        command(c, "summarise", [{ name: "text", type: 3, value: thread("Bobpublicword") }], BOB),
      ];
      for (const ix of asks) await handleInteraction(ix, deps);
      // Every request summarised, noted and its result posted.
      await until(async () => (await summarise.getCompletedCount()) === 3);
      await until(async () => asks.every((ix) => f.requests.some((r) => r.method === "PATCH" && r.path.includes(`/${ix.token}/`) && Array.isArray((r.body as { embeds?: unknown }).embeds))));
      // A digest waits to be posted (no one consumes it now): its lines are the public threads.
      await consumer.close();
      await handleInteraction(command(c, "digest", [{ name: "now", type: 1 }], ADMIN), deps);
      const digest = async (): Promise<Delivery | undefined> => (await deliveries.getJobs(["waiting"])).map((j) => j.data as Delivery).find((d) => d.outcome.kind === "digest");
      await until(async () => (await digest()) !== undefined);
      expect(JSON.stringify(await digest())).toMatch(/Annpublicword[\s\S]*Bobpublicword|Bobpublicword[\s\S]*Annpublicword/u);

      const ann = { words: ["Annpublicword", "Annprivateword"], id: ANN.id, tokens: asks.slice(0, 2).map((ix) => ix.token) };
      const bob = { words: ["Bobpublicword"], id: BOB.id, tokens: [asks[2]?.token ?? ""] };
      const needles = (who: typeof ann): string[] => [...who.words, who.id, ...who.tokens];
      expect(holding(await dumpKeys(REDIS_URL, FORGET_PREFIX), needles(ann)).length).toBeGreaterThan(0);

      const annForgets = command(c, "forget", [], ANN);
      await handleInteraction(annForgets, deps);
      expect(f.requests.find((r) => r.path.includes(`/${annForgets.token}/callback`))?.body).toMatchObject({ type: 5, data: { flags: 64 } });
      expect(lastReply(annForgets)).toMatch(/^Removed of yours: 2 requests, 2 pastes, 2 summaries, 2 digest notes, 2 deliveries\./u);
      let dump = await dumpKeys(REDIS_URL, FORGET_PREFIX);
      expect(holding(dump, needles(ann))).toEqual([]);
      // Bob's paste, result, note, delivery and digest line are all still there.
      expect(holding(dump, bob.words).map((h) => h.replace(/^\S+:(paste|summary|digest|deliveries|summarise)\b.*$/u, "$1")).sort()).toEqual(expect.arrayContaining(["deliveries", "digest", "paste", "summarise", "summary"]));
      const left = (await digest())?.outcome;
      expect(left?.kind === "digest" ? left.threads.map((t) => t.stances[0]?.stance) : []).toEqual([expect.stringMatching(/Bobpublicword/u)]);

      // Only a member who can manage the server makes it forget everyone's.
      const bobTries = command(c, "forget", [{ name: "scope", type: 3, value: "server" }], BOB);
      await handleInteraction(bobTries, deps);
      expect(f.requests.find((r) => r.path.includes(`/${bobTries.token}/callback`))?.body).toMatchObject({ type: 4, data: { flags: 64, content: expect.stringMatching(/^Only members who can manage this server/u) } });
      expect(holding(await dumpKeys(REDIS_URL, FORGET_PREFIX), bob.words).length).toBeGreaterThan(0);

      const adminForgets = command(c, "forget", [{ name: "scope", type: 3, value: "server" }], ADMIN);
      await handleInteraction(adminForgets, deps);
      expect(lastReply(adminForgets)).toMatch(/^Removed for this server: 1 request, 1 paste, 1 summary, 1 digest note, 2 deliveries\./u);
      dump = await dumpKeys(REDIS_URL, FORGET_PREFIX);
      expect(holding(dump, [...needles(ann), ...needles(bob)])).toEqual([]);
      // What stays: the queues' own keys, the digest settings, the quota counters (named by a digest).
      expect([...dump.keys()].filter((k) => !/:(?:summarise|deliveries|digests):|:digest:444444444444444444:settings$|:limit:/u.test(k))).toEqual([]);
    } finally {
      worker.kill("SIGTERM");
      await consumer.close();
      await summarise.close();
      await deliveries.close();
      await digests.close();
      await forgetter.close();
      await model.close();
    }
  }, 90_000);
});

describe("end to end: fake Discord, real Redis, a worker process, fake model", () => {
  it("answers /summarise of the example with one reply holding an embed per speaker", async () => {
    const { spawn } = await import("node:child_process");
    const { startFakeOpenAi } = await import("./support/fake-openai.js");
    const { consumeDeliveries } = await import("../core/queue/deliveries.js");
    const { discordPoster } = await import("../bot/poster.js");
    const { ProgressRelay } = await import("../bot/progress.js");
    const { honestSummary } = await import("./support/fake-openai.js");
    const { client: c, fake: f, deps } = await setup();
    // A model slow enough that progress shows before the result.
    const model = await startFakeOpenAi((body) => ({ kind: "json", content: honestSummary(body), delayMs: 1000 }));
    const root = new URL("..", import.meta.url).pathname;
    const worker = spawn(process.execPath, ["--import", "tsx", `${root}worker/main.ts`], {
      cwd: root,
      stdio: "ignore",
      env: { ...process.env, REDIS_URL, STANDPOINT_REDIS_PREFIX: PREFIX, OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: model.baseURL, LOG_LEVEL: "silent" },
    });
    const relay = new ProgressRelay({ url: REDIS_URL, prefix: PREFIX }, c.rest, APP);
    await relay.ready();
    const consumer = consumeDeliveries({ url: REDIS_URL, prefix: PREFIX }, 600, discordPoster(c.rest, APP, Date.now, (d) => relay.finish(d.job)));
    try {
      const ix = chatInput(c, [{ name: "text", type: 3, value: `${example}\n\nEnd to end.` }]);
      await handleInteraction(ix, { ...deps, progress: relay });
      // Only this interaction's requests count: the earlier tests' jobs are answered here too.
      const edits = (): typeof f.requests => f.requests.filter((r) => r.method === "PATCH" && r.path.includes(`/${ix.token}/`));
      const end = Date.now() + 30_000;
      const done = (): boolean => edits().some((r) => Array.isArray((r.body as { embeds?: unknown }).embeds));
      while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      // "Summarising…", then progress while the model works, then the result, last.
      const contents = edits().map((r) => (r.body as { content?: string }).content ?? "");
      expect(contents[0]).toMatch(/^Summarising/u);
      expect(contents.some((t) => /^Parsed 2 speakers; summarising/u.test(t))).toBe(true);
      const result = edits().at(-1)?.body as { embeds: { title: string }[]; allowed_mentions: unknown };
      expect(result.embeds.map((e) => e.title).slice(1)).toEqual(["Daniel Vetter", "Jason Gunthorpe"]);
      expect(result.allowed_mentions).toEqual({ parse: [] });
      // Exactly one result: nothing else was posted for this request.
      await new Promise((r) => setTimeout(r, 500));
      expect(edits().at(-1)?.body).toBe(result);
      expect(edits().filter((r) => Array.isArray((r.body as { embeds?: unknown }).embeds))).toHaveLength(1);
    } finally {
      worker.kill("SIGTERM");
      await consumer.close();
      await relay.close();
      await model.close();
    }
  }, 60_000);
});
