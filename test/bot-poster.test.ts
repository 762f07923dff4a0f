import { Queue, Worker } from "bullmq";
import { REST } from "discord.js";
import fc from "fast-check";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { COMMANDS } from "../bot/commands.js";
import { discordPoster } from "../bot/poster.js";
import { ProgressRelay } from "../bot/progress.js";
import { registerCommands } from "../bot/register.js";
import { QUEUES, type Delivery } from "../core/queue/contracts.js";
import { consumeDeliveries, deliverOnce } from "../core/queue/deliveries.js";
import { startFakeDiscord, type Fault, type FakeDiscord, type RecordedRequest } from "./support/fake-discord.js";
import { allParts, APP, CHANNEL, delivery, DM, EXPIRED, LIVE, longSummary, messageCount, NOW, parts, TOKEN, USER } from "./support/poster.js";
import { deleteKeys } from "./support/redis.js";

/*
 * The poster on discord.js's real REST client against a fake Discord over HTTP, each delivery
 * through `deliverOnce` and the real Redis, which records how far a post got.
 */

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `sptest-poster-${process.pid}-${Date.now().toString(36)}`;
const redis = new Redis(REDIS_URL);

let discord: FakeDiscord | undefined;
afterEach(async () => {
  await discord?.close();
  discord = undefined;
});
afterAll(async () => {
  redis.disconnect();
  await deleteKeys(REDIS_URL, PREFIX);
});

async function setup(): Promise<{ rest: REST; fake: FakeDiscord }> {
  discord = await startFakeDiscord();
  // discord.js's own REST client, pointed at the fake; no retries, so a failure shows at once.
  return { rest: new REST({ api: discord.api, retries: 0 }).setToken(TOKEN), fake: discord };
}

/** One attempt of the delivery queue's consumer at posting `d`. */
const attempt = (rest: REST, d: Delivery, now: () => number = () => NOW, beforePost?: (d: Delivery) => Promise<void>): Promise<"posted" | "skipped"> =>
  deliverOnce(redis, PREFIX, 600, d, discordPoster(rest, APP, now, beforePost), `deliver-${d.job}`);

const routes = (f: FakeDiscord): string[] => f.requests.map((r) => `${r.method} ${r.path}`);

describe("the poster's routes", () => {
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
    const d = delivery({ interaction: { token: "tok-1", ...LIVE } });
    fake.defer("tok-1", { channel: CHANNEL, user: USER, ephemeral: false });
    expect(await attempt(rest, d)).toBe("posted");
    expect(routes(fake)).toEqual([`PATCH /webhooks/${APP}/tok-1/messages/@original`]);
    const body = fake.requests[0]?.body as { embeds: { title: string }[]; allowed_mentions: unknown };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds.map((e) => e.title)).toEqual([expect.stringMatching(/^Topic: /u), "Daniel Vetter", "Jason Gunthorpe"]);
    expect(fake.channel(CHANNEL)).toEqual([expect.objectContaining({ seenBy: "everyone", embeds: body.embeds })]);
    // Handed over again (the queue delivers at least once): nothing more is sent.
    expect(await attempt(rest, d)).toBe("skipped");
    expect(fake.requests).toHaveLength(1);
  });

  it("replaces the progress text with the result: a finished answer shows no 'summarising…'", async () => {
    const { rest, fake } = await setup();
    const relay = new ProgressRelay({ url: REDIS_URL, prefix: PREFIX }, rest, APP);
    const queue = new Queue(QUEUES.summarise, { connection: { url: REDIS_URL }, prefix: PREFIX });
    let worker: Worker | undefined;
    try {
      await relay.ready();
      const job = await queue.add("summarise", {});
      fake.defer("tok-p", { channel: CHANNEL, user: USER, ephemeral: false });
      relay.track(job.id ?? "", "tok-p", Date.now() + 60_000);
      // A worker that reports progress as the real one does.
      worker = new Worker(QUEUES.summarise, async (j) => j.updateProgress({ version: 1, speakers: 3, done: 0, total: 0 }), { connection: { url: REDIS_URL }, prefix: PREFIX });
      const end = Date.now() + 10_000;
      while (fake.original("tok-p")?.content !== "Parsed 3 speakers; summarising…" && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      expect(fake.original("tok-p")?.content).toBe("Parsed 3 speakers; summarising…");
      const d = { ...delivery({ interaction: { token: "tok-p", expiresAt: Date.now() + 60_000 } }), job: job.id ?? "" };
      await attempt(rest, d, Date.now, (x) => relay.finish(x.job));
      const reply = fake.original("tok-p");
      expect(reply?.content).not.toMatch(/summarising/u);
      expect(reply?.embeds.map((e) => e.title)).toEqual([expect.stringMatching(/^Topic: /u), "Daniel Vetter", "Jason Gunthorpe"]);
    } finally {
      await worker?.close();
      await queue.close();
      await relay.close();
    }
  });

  it("posts to the channel once the token expired, saying who asked in one plain line", async () => {
    const { rest, fake } = await setup();
    const d = delivery({ interaction: { token: "tok-2", ...EXPIRED } });
    await attempt(rest, d);
    expect(routes(fake)).toEqual([`POST /channels/${CHANNEL}/messages`]);
    const [posted] = fake.channel(CHANNEL);
    expect(posted?.content).toBe(`Summary requested by <@${USER}>`);
    expect(posted?.embeds.at(0)?.footer?.text).toContain(`ref ${d.job}`);
  });

  it("sends a private answer whose token expired to the requester's DMs, never to the channel", async () => {
    const { rest, fake } = await setup();
    await attempt(rest, delivery({ private: true, interaction: { token: "tok-3", ...EXPIRED } }));
    expect(routes(fake)).toEqual(["POST /users/@me/channels", `POST /channels/${DM}/messages`]);
    expect(fake.channel(DM)).toEqual([expect.objectContaining({ seenBy: USER })]);
    expect(fake.channel(CHANNEL)).toEqual([]);
  });

  it("splits a long summary over several messages, each marked with its part, and attaches the full text to the last", async () => {
    const { rest, fake } = await setup();
    const long = longSummary(5);
    const d = delivery({ interaction: { token: "tok-5", ...LIVE } }, { kind: "summary", summary: long });
    fake.defer("tok-5", { channel: CHANNEL, user: USER, ephemeral: false });
    await attempt(rest, d);
    const n = messageCount(long, d.job);
    expect(n).toBeGreaterThan(2);
    expect(routes(fake)).toEqual([`PATCH /webhooks/${APP}/tok-5/messages/@original`, ...Array.from({ length: n - 1 }, () => `POST /webhooks/${APP}/tok-5`)]);
    expect(parts(fake.channel(CHANNEL), d.job)).toEqual(allParts(n));
    expect(fake.requests.map((r) => r.files)).toEqual([...Array.from({ length: n - 1 }, () => []), ["summary.md"]]);
    for (const r of fake.requests) expect((r.body as { embeds: unknown[] }).embeds.length).toBeLessThanOrEqual(10);
  });

  it("keeps every message of a private answer ephemeral, the attachment too", async () => {
    const { rest, fake } = await setup();
    const d = delivery({ private: true, interaction: { token: "tok-6", ...LIVE } }, { kind: "summary", summary: longSummary(5) });
    fake.defer("tok-6", { channel: CHANNEL, user: USER, ephemeral: true });
    await attempt(rest, d);
    const followUps = fake.requests.filter((r) => r.method === "POST");
    expect(followUps.length).toBeGreaterThan(1);
    for (const r of followUps) expect((r.body as { flags?: number }).flags).toBe(64);
    expect(followUps.at(-1)?.files).toEqual(["summary.md"]);
    const shown = fake.messages.filter((m) => m.content.includes(`ref ${d.job}`));
    expect(shown).toHaveLength(followUps.length + 1);
    for (const m of shown) expect(m.seenBy).toBe(USER);
    expect(fake.channel(CHANNEL)).toEqual([]);
  });
});

describe("failures, told to the requester alone", () => {
  const failed = { kind: "failed", reason: "Standpoint could not summarise this thread: the model server is down" } as const;
  const text = /^⚠️ Standpoint could not summarise this thread: the model server is down\n-# ref sum-[\d-]+$/u;

  it("takes back a public reply and tells the reason in an ephemeral follow-up; by DM once the token expired", async () => {
    const { rest, fake } = await setup();
    fake.defer("tok-4", { channel: CHANNEL, user: USER, ephemeral: false });
    await attempt(rest, delivery({ interaction: { token: "tok-4", ...LIVE } }, failed));
    expect(routes(fake)).toEqual([`DELETE /webhooks/${APP}/tok-4/messages/@original`, `POST /webhooks/${APP}/tok-4`]);
    expect(fake.requests[1]?.body).toMatchObject({ flags: 64, content: expect.stringMatching(text) });
    expect(fake.messages.filter((m) => !m.deleted).map((m) => m.seenBy)).toEqual([USER]);
    await attempt(rest, delivery({ interaction: { token: "tok-4", ...EXPIRED } }, failed));
    expect(routes(fake).slice(2)).toEqual(["POST /users/@me/channels", `POST /channels/${DM}/messages`]);
    expect(fake.channel(CHANNEL)).toEqual([]);
  });

  it("turns a private request's own 'thinking…' reply into the failure, leaving nothing loading", async () => {
    const { rest, fake } = await setup();
    fake.defer("tok-7", { channel: CHANNEL, user: USER, ephemeral: true });
    await attempt(rest, delivery({ private: true, interaction: { token: "tok-7", ...LIVE } }, failed));
    expect(routes(fake)).toEqual([`PATCH /webhooks/${APP}/tok-7/messages/@original`]);
    expect(fake.original("tok-7")).toMatchObject({ flags: 64, seenBy: USER, deleted: false, content: expect.stringMatching(text) });
  });
});

describe("a reply that is gone", () => {
  it("posts to the channel at once when the reply was deleted (10008), saying who asked", async () => {
    const { rest, fake } = await setup();
    const d = delivery({ interaction: { token: "tok-8", ...LIVE } }, { kind: "summary", summary: longSummary(3) });
    fake.defer("tok-8", { channel: CHANNEL, user: USER, ephemeral: false });
    fake.deleteReply("tok-8");
    expect(await attempt(rest, d)).toBe("posted");
    const n = messageCount(longSummary(3), d.job);
    expect(routes(fake)).toEqual([`PATCH /webhooks/${APP}/tok-8/messages/@original`, ...Array.from({ length: n }, () => `POST /channels/${CHANNEL}/messages`)]);
    const posted = fake.channel(CHANNEL);
    expect(parts(posted, d.job)).toEqual(allParts(n));
    expect(posted[0]?.content.split("\n")[0]).toBe(`Summary requested by <@${USER}>`);
    expect(posted.at(-1)?.files).toEqual(["summary.md"]);
  });

  it("sends a private answer to the DMs at once when the token is refused (50027)", async () => {
    const { rest, fake } = await setup();
    fake.defer("tok-9", { channel: CHANNEL, user: USER, ephemeral: true });
    fake.invalidate("tok-9");
    expect(await attempt(rest, delivery({ private: true, interaction: { token: "tok-9", ...LIVE } }))).toBe("posted");
    expect(routes(fake)).toEqual([`PATCH /webhooks/${APP}/tok-9/messages/@original`, "POST /users/@me/channels", `POST /channels/${DM}/messages`]);
    expect(fake.channel(DM)).toEqual([expect.objectContaining({ seenBy: USER, content: `Summary requested by <@${USER}>` })]);
  });

  it("goes on in the channel from the message the token was refused at, each message once", async () => {
    const { rest, fake } = await setup();
    const d = delivery({ interaction: { token: "tok-10", ...LIVE } }, { kind: "summary", summary: longSummary(4) });
    fake.defer("tok-10", { channel: CHANNEL, user: USER, ephemeral: false });
    let followUps = 0;
    fake.fault((r) => r.method === "POST" && r.path === `/webhooks/${APP}/tok-10` && followUps++ === 1, { status: 401, code: 50027 });
    await attempt(rest, d);
    const n = messageCount(longSummary(4), d.job);
    expect(parts(fake.channel(CHANNEL), d.job)).toEqual(allParts(n));
    expect(fake.channel(CHANNEL)[2]?.content.split("\n")[0]).toBe(`Summary requested by <@${USER}>`);
  });

  it("still fails on other errors, so that the queue retries, and the retry resumes", async () => {
    const { rest, fake } = await setup();
    const d = delivery({ interaction: { token: "tok-11", ...LIVE } }, { kind: "summary", summary: longSummary(3) });
    fake.defer("tok-11", { channel: CHANNEL, user: USER, ephemeral: false });
    // A server error, then a network error: neither says the reply is gone.
    fake.fault((r) => r.method === "POST", { status: 500, code: 0 });
    await expect(attempt(rest, d)).rejects.toThrow();
    fake.fault((r) => r.method === "POST", "cut-before");
    await expect(attempt(rest, d)).rejects.toThrow();
    expect(await attempt(rest, d)).toBe("posted");
    expect(parts(fake.channel(CHANNEL), d.job)).toEqual(allParts(messageCount(longSummary(3), d.job)));
  });
});

describe("a post interrupted mid-way", () => {
  type Route = "channel" | "dm" | "interaction" | "ephemeral";
  const isPost = (route: Route, tok: string) => (r: RecordedRequest): boolean =>
    route === "channel" ? r.path === `/channels/${CHANNEL}/messages` && r.method === "POST" : route === "dm" ? r.path === `/channels/${DM}/messages` && r.method === "POST" : r.path.startsWith(`/webhooks/${APP}/${tok}`);

  it("resumes from the first message not known to be out: each appears once, in order (an ephemeral one may repeat, to its requester alone)", async () => {
    const long = longSummary(4);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<Route>("channel", "dm", "interaction", "ephemeral"), fc.nat(), fc.constantFrom<Fault>("cut-before", "cut-after", { status: 502, code: 0 }), async (route, at, fault) => {
        const { rest, fake } = await setup();
        try {
          // A fake Discord of its own per run: the same token each time.
          const tok = "tok-crash";
          const live = route === "interaction" || route === "ephemeral";
          const d = delivery({ private: route === "dm" || route === "ephemeral", interaction: { token: tok, ...(live ? LIVE : EXPIRED) } }, { kind: "summary", summary: long });
          const n = messageCount(long, d.job);
          const k = at % n;
          fake.defer(tok, { channel: CHANNEL, user: USER, ephemeral: route === "dm" || route === "ephemeral" });
          let seen = 0;
          fake.fault((r) => isPost(route, tok)(r) && seen++ === k, fault);
          // The first consumer dies at message k; the second (the queue's retry) resumes.
          await expect(attempt(rest, d)).rejects.toThrow();
          expect(await attempt(rest, d)).toBe("posted");
          const shown = route === "channel" || route === "interaction" ? fake.channel(CHANNEL) : fake.messages.filter((m) => !m.deleted && m.seenBy === USER);
          const got = parts(shown, d.job);
          if (route === "ephemeral" && fault === "cut-after" && k > 0) {
            // An ephemeral follow-up cannot be looked up: the one in flight is sent again.
            expect(got).toEqual([...allParts(n).slice(0, k + 1), ...allParts(n).slice(k)]);
          } else {
            expect(got).toEqual(allParts(n));
          }
          if (route === "dm" || route === "ephemeral") expect(fake.channel(CHANNEL)).toEqual([]);
        } finally {
          await fake.close();
          discord = undefined;
        }
      }),
      { numRuns: 40 },
    );
  });

  it("counts only its own messages as out: a member who types the next part's marker does not make it skip that part", async () => {
    const { rest, fake } = await setup();
    const d = delivery({ interaction: { token: "tok-said", ...EXPIRED } }, { kind: "summary", summary: longSummary(4) });
    const n = messageCount(longSummary(4), d.job);
    let posts = 0;
    // The second message never reaches Discord; meanwhile a member writes its marker.
    fake.fault((r) => r.method === "POST" && r.path === `/channels/${CHANNEL}/messages` && posts++ === 1, "cut-before");
    await expect(attempt(rest, d)).rejects.toThrow();
    fake.say(CHANNEL, "999999999999999999", `-# ref ${d.job} · 2/${n}`);
    expect(await attempt(rest, d)).toBe("posted");
    expect(parts(fake.channel(CHANNEL).filter((m) => m.author.bot), d.job)).toEqual(allParts(n));
  });

  it("is resumed by the delivery queue's own retry", async () => {
    const { rest, fake } = await setup();
    const d = delivery({ interaction: { token: "tok-q", ...EXPIRED } }, { kind: "summary", summary: longSummary(4) });
    let posts = 0;
    fake.fault((r) => r.method === "POST" && posts++ === 2, "cut-after");
    const queue = new Queue(QUEUES.deliveries, { connection: { url: REDIS_URL }, prefix: PREFIX });
    const consumer = consumeDeliveries({ url: REDIS_URL, prefix: PREFIX }, 600, discordPoster(rest, APP, () => NOW));
    try {
      const job = await queue.add("deliver", d, { jobId: `deliver-${d.job}`, attempts: 3, backoff: { type: "fixed", delay: 100 } });
      const end = Date.now() + 15_000;
      while (!(await job.isCompleted()) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      expect(await job.isCompleted()).toBe(true);
      expect(parts(fake.channel(CHANNEL), d.job)).toEqual(allParts(messageCount(longSummary(4), d.job)));
    } finally {
      await consumer.close();
      await queue.close();
    }
  }, 30_000);
});
