import { REST } from "discord.js";
import fc from "fast-check";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discordPoster } from "../bot/poster.js";
import type { Delivery } from "../core/queue/contracts.js";
import { deliverOnce } from "../core/queue/deliveries.js";
import type { Summary } from "../core/summary/model.js";
import { startFakeDiscord, type FakeDiscord } from "./support/fake-discord.js";
import { liveConstructs, liveInMessage, type Marks } from "./support/live-markdown.js";
import { named, summaryArb, threadArb } from "./support/markdown-text.js";
import { APP, CHANNEL, delivery, EXPIRED, LIVE, NOW, TOKEN, USER } from "./support/poster.js";
import { deleteKeys } from "./support/redis.js";
import { watchdog, type Watchdog } from "./support/watchdog.js";

/*
 * Issue 12: for arbitrary thread and model text, every message the bot posts has no live link,
 * mention, heading, subtext or block quote that came from that text. Summaries, failures (the
 * reason a worker sends) and digests go through the real poster, discord.js's real REST client and
 * the fake Discord, along every route the poster takes; every request body the fake recorded is
 * read with the independent checker of test/support/live-markdown.ts. What the poster itself adds
 * (the requester's mention on the first message in a channel or DM, the `-# ref …` part line) is
 * exempted where it stands and in its exact shape.
 */

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `sptest-poster-inert-${process.pid}-${Date.now().toString(36)}`;
const redis = new Redis(REDIS_URL);

/*
 * Time. A run posts at most 15 requests or so to the local fake and renders and reads up to 50 kB
 * of text: 5 ms on average alone, 70 ms at most in 1200 runs; the 40 runs take under a second. A
 * run past RUN_MS has hung: fast-check fails it and reports its input and seed. The whole property,
 * shrinking included (a thousand runs and more, tens of seconds on a loaded machine), has
 * ASSERT_MS: past it fast-check stops and reports what it has (the smallest failing input so far;
 * without a failure, that the runs were interrupted, a failure too), before vitest's TEST_MS would
 * end the test with neither. A run stuck in synchronous code stops all those timers; the watchdog,
 * on a thread of its own, names its input after WATCHDOG_MS.
 */
const RUN_MS = 5_000;
const ASSERT_MS = 30_000;
const TEST_MS = 40_000;
const WATCHDOG_MS = 2 * RUN_MS;

// One fake Discord for every run: each run has a job and a token of its own, and reads only its own requests.
let fake: FakeDiscord;
let rest: REST;
let dog: Watchdog;
beforeAll(async () => {
  fake = await startFakeDiscord();
  // Without Discord's global limit of 50 requests a second, which the fake does not have: it only
  // adds sleeps (up to a second before a run's request), and these multiply when fast-check
  // shrinks a failure, each step a run of its own.
  rest = new REST({ api: fake.api, retries: 0, globalRequestsPerSecond: Number.POSITIVE_INFINITY }).setToken(TOKEN);
  dog = watchdog("poster-inert", WATCHDOG_MS);
});
afterAll(async () => {
  await dog.stop();
  await fake.close();
  redis.disconnect();
  await deleteKeys(REDIS_URL, PREFIX);
});

/**
 * The poster's own constructs in a message's content: `Summary requested by <@requester>` as the
 * first line, and `-# ref <job>` (a failure, or a lone message) or `-# ref <job> · i/n` (a part) as
 * the last. Nothing else is exempt, and these only in exactly that shape and place.
 */
const posterMarks = (job: string): Marks => (line, index, lines) => {
  if (index === 0 && line === `Summary requested by <@${USER}>`) return new Set([line.indexOf("<")]);
  const ref = `-# ref ${job}`;
  const part = line.startsWith(`${ref} · `) && /^\d+\/\d+$/u.test(line.slice(ref.length + 3));
  if (index === lines.length - 1 && (line === ref || part)) return new Set([0]);
  return new Set();
};

/** Where the answer goes: the live reply, or one of the ways out of it the poster takes. */
type Route = "live" | "expired" | "deleted" | "refused" | "refused-mid-way";
const ROUTES: Route[] = ["live", "expired", "deleted", "refused", "refused-mid-way"];

/**
 * A summary made to take several messages when `split` (eleven speakers or more: with the topic's,
 * more embeds than one message holds), its stances `stretch` times longer (cut, so the full text is
 * attached).
 */
function bulk(s: Summary, split: boolean, stretch: number): Summary {
  const speakers = s.speakers.length > 0 ? s.speakers : [{ id: "s1", name: s.topic || "n", stance: s.topic, positions: [] }];
  const times = split ? Math.ceil(11 / speakers.length) : 1;
  return { ...s, speakers: Array.from({ length: times }, () => speakers.map((sp) => ({ ...sp, stance: Array.from({ length: stretch }, () => sp.stance).join(" ") }))).flat() };
}

const outcomeArb: fc.Arbitrary<Delivery["outcome"]> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({ summary: summaryArb, split: fc.boolean(), stretch: fc.constantFrom(1, 60) }).map(({ summary, split, stretch }) => ({ kind: "summary" as const, summary: bulk(summary, split, stretch) })),
  },
  { weight: 1, arbitrary: named.map((reason) => ({ kind: "failed" as const, reason })) },
  { weight: 1, arbitrary: fc.array(threadArb, { minLength: 1, maxLength: 30 }).map((threads) => ({ kind: "digest" as const, from: 1_700_000_000_000, to: 1_700_086_400_000, threads })) },
);

let serial = 0;

/** Posts `outcome` along `route` and returns the request bodies the fake recorded for it. */
async function post(outcome: Delivery["outcome"], route: Route, hidden: boolean): Promise<{ job: string; bodies: unknown[] }> {
  const tok = `tok-inert-${serial++}`;
  // A digest is the scheduler's: no interaction, no requester, the guild's digest channel.
  const d = outcome.kind === "digest" ? delivery({ user: "", interaction: null, private: false }, outcome) : delivery({ private: hidden, interaction: { token: tok, ...(route === "expired" ? EXPIRED : LIVE) } }, outcome);
  if (outcome.kind !== "digest") {
    fake.defer(tok, { channel: CHANNEL, user: USER, ephemeral: hidden });
    if (route === "deleted") fake.deleteReply(tok);
    if (route === "refused") fake.invalidate(tok);
    // The first follow-up's token is refused: the rest goes to the channel or the DMs.
    if (route === "refused-mid-way") fake.fault((r) => r.method === "POST" && r.path === `/webhooks/${APP}/${tok}`, { status: 401, code: 50027 });
  }
  const from = fake.requests.length;
  expect(await deliverOnce(redis, PREFIX, 600, d, discordPoster(rest, APP, () => NOW), `deliver-${d.job}`)).toBe("posted");
  return { job: d.job, bodies: fake.requests.slice(from).flatMap((r) => (r.body === null ? [] : [r.body])) };
}

describe("the poster's own constructs, and only they, are exempt", () => {
  it("exempts the requester's mention and the part line where the poster puts them, in their exact shape", () => {
    const marks = posterMarks("sum-1");
    expect(liveConstructs(`Summary requested by <@${USER}>\n-# ref sum-1 · 2/3`, marks)).toEqual([]);
    expect(liveConstructs("⚠️ why\n-# ref sum-1", marks)).toEqual([]);
    // Elsewhere, or in another shape, they are what anyone's text would be.
    expect(liveConstructs(`x\nSummary requested by <@${USER}>`, marks)).toEqual(['mention "<@3333"']);
    expect(liveConstructs(`Summary requested by <@${USER}> <@1>`, marks)).toEqual(['mention "<@3333"', 'mention "<@1>"']);
    expect(liveConstructs("-# ref sum-1\nx", marks)).toEqual(['line-start marker "-# r"']);
    expect(liveConstructs("x\n-# ref sum-2", marks)).toEqual(['line-start marker "-# r"']);
    expect(liveConstructs("x\n-# ref sum-1 · 2/3 [a](https://x)", marks)).toEqual(['line-start marker "-# r"', 'masked link "[a]("', 'autolink "https://x)"']);
  });
});

describe("everything the poster sends from thread and model text is inert", () => {
  it("in every request, along every route: content, titles, descriptions, fields and footers", { timeout: TEST_MS }, async () => {
    const seen = { parts: 0, requestedBy: 0, failures: 0, digests: 0 };
    // fast-check's own choice of seed, made here so that the watchdog can name it.
    const seed = Date.now() ^ (Math.random() * 0x1_0000_0000);
    await fc.assert(
      fc.asyncProperty(outcomeArb, fc.constantFrom(...ROUTES), fc.boolean(), async (outcome, route, hidden) => {
        dog.start(`seed ${seed}, input ${fc.stringify([outcome, route, hidden])}`);
        try {
          const { job, bodies } = await post(outcome, route, hidden);
          expect(bodies.length).toBeGreaterThan(0);
          for (const body of bodies) expect(liveInMessage(body, posterMarks(job)), JSON.stringify(body)).toEqual([]);
          const contents = bodies.map((b) => (b as { content?: unknown }).content).filter((c): c is string => typeof c === "string");
          if (contents.some((c) => c.includes(`ref ${job} · `))) seen.parts++;
          if (contents.some((c) => c.startsWith("Summary requested by"))) seen.requestedBy++;
          if (outcome.kind === "failed") seen.failures++;
          if (outcome.kind === "digest") seen.digests++;
        } finally {
          dog.done();
        }
      }),
      { numRuns: 40, seed, timeout: RUN_MS, interruptAfterTimeLimit: ASSERT_MS, markInterruptAsFailure: true },
    );
    // The runs did reach the poster's own lines, not only lone messages.
    expect(seen.parts).toBeGreaterThan(0);
    expect(seen.requestedBy).toBeGreaterThan(0);
    expect(seen.failures).toBeGreaterThan(0);
    expect(seen.digests).toBeGreaterThan(0);
  });
});
