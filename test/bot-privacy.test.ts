import { REST } from "discord.js";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { discordPoster } from "../bot/poster.js";
import type { Delivery } from "../core/queue/contracts.js";
import { deliverOnce } from "../core/queue/deliveries.js";
import { startFakeDiscord, type FakeDiscord } from "./support/fake-discord.js";
import { APP, CHANNEL, delivery, DM, EXPIRED, LIVE, longSummary, NOW, TOKEN, USER } from "./support/poster.js";
import { deleteKeys } from "./support/redis.js";

/*
 * Private means private: over every route the poster takes (the live reply, an expired token, a
 * reply gone before or mid-way, a failure, a post that died and was resumed), what a private
 * request gets never reaches a guild channel or a message anyone but its requester can see. Why a
 * request failed is private too, whoever asked.
 */

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `sptest-privacy-${process.pid}-${Date.now().toString(36)}`;
const redis = new Redis(REDIS_URL);
afterAll(async () => {
  redis.disconnect();
  await deleteKeys(REDIS_URL, PREFIX);
});

// Words that appear in the private content only: in the embeds, the attached file, the failure text.
const SECRET = "classified";
const privateSummary = (tok: string, expiry: { expiresAt: number }): Delivery => delivery({ private: true, interaction: { token: tok, ...expiry } }, { kind: "summary", summary: longSummary(4, SECRET) });
const failure = (tok: string, expiry: { expiresAt: number }, hidden: boolean): Delivery => delivery({ private: hidden, interaction: { token: tok, ...expiry } }, { kind: "failed", reason: `the ${SECRET} model refused` });

interface Scenario {
  name: string;
  delivery(tok: string): Delivery;
  /** Sets the fake Discord up; `true` when the first attempt is expected to fail (the queue then retries). */
  arrange(fake: FakeDiscord, tok: string): boolean;
  /** The poster's clock, given the fake (time may pass once something was posted). */
  now?(fake: FakeDiscord): number;
}

const defer = (ephemeral: boolean) => (fake: FakeDiscord, tok: string): false => {
  fake.defer(tok, { channel: CHANNEL, user: USER, ephemeral });
  return false;
};
const nthFollowUp = (tok: string, n: number): ((r: { method: string; path: string }) => boolean) => {
  let seen = 0;
  return (r) => r.method === "POST" && r.path === `/webhooks/${APP}/${tok}` && seen++ === n;
};

const SCENARIOS: Scenario[] = [
  { name: "a summary in the live reply", delivery: (t) => privateSummary(t, LIVE), arrange: defer(true) },
  { name: "a summary whose token expired", delivery: (t) => privateSummary(t, EXPIRED), arrange: defer(true) },
  { name: "a summary whose token expires mid-way", delivery: (t) => privateSummary(t, LIVE), arrange: defer(true), now: (f) => (f.requests.some((r) => r.method === "PATCH") ? LIVE.expiresAt + 1 : NOW) },
  { name: "a summary whose reply was deleted", delivery: (t) => privateSummary(t, LIVE), arrange: (f, t) => (defer(true)(f, t), f.deleteReply(t), false) },
  { name: "a summary whose token is refused", delivery: (t) => privateSummary(t, LIVE), arrange: (f, t) => (defer(true)(f, t), f.invalidate(t), false) },
  { name: "a summary whose token is refused mid-way", delivery: (t) => privateSummary(t, LIVE), arrange: (f, t) => (defer(true)(f, t), f.fault(nthFollowUp(t, 1), { status: 401, code: 50027 }), false) },
  { name: "a summary whose post died after a follow-up went out", delivery: (t) => privateSummary(t, LIVE), arrange: (f, t) => (defer(true)(f, t), f.fault(nthFollowUp(t, 1), "cut-after"), true) },
  { name: "a summary whose post died before a follow-up went out", delivery: (t) => privateSummary(t, LIVE), arrange: (f, t) => (defer(true)(f, t), f.fault(nthFollowUp(t, 0), "cut-before"), true) },
  { name: "a summary whose DM died mid-way", delivery: (t) => privateSummary(t, EXPIRED), arrange: (f, t) => (defer(true)(f, t), f.fault(nthPost(DM, 1), "cut-after"), true) },
  { name: "a summary whose follow-up met a server error", delivery: (t) => privateSummary(t, LIVE), arrange: (f, t) => (defer(true)(f, t), f.fault(nthFollowUp(t, 0), { status: 503, code: 0 }), true) },
  { name: "a private failure in the live reply", delivery: (t) => failure(t, LIVE, true), arrange: defer(true) },
  { name: "a private failure whose reply was deleted", delivery: (t) => failure(t, LIVE, true), arrange: (f, t) => (defer(true)(f, t), f.deleteReply(t), false) },
  { name: "a private failure whose token expired", delivery: (t) => failure(t, EXPIRED, true), arrange: defer(true) },
  { name: "a public request's failure in the live reply", delivery: (t) => failure(t, LIVE, false), arrange: defer(false) },
  { name: "a public request's failure whose token is refused", delivery: (t) => failure(t, LIVE, false), arrange: (f, t) => (defer(false)(f, t), f.invalidate(t), false) },
  { name: "a public request's failure whose token expired", delivery: (t) => failure(t, EXPIRED, false), arrange: defer(false) },
];

function nthPost(channel: string, n: number): (r: { method: string; path: string }) => boolean {
  let seen = 0;
  return (r) => r.method === "POST" && r.path === `/channels/${channel}/messages` && seen++ === n;
}

/** Every request that carried private content somewhere anyone but the requester could see it. */
function leaks(fake: FakeDiscord, d: Delivery, tok: string): string[] {
  const secret = (text: string): boolean => text.includes(SECRET) || text.includes(`ref ${d.job}`);
  const out: string[] = [];
  for (const r of fake.requests) {
    if (!secret(r.raw)) continue;
    const where = `${r.method} ${r.path}`;
    const channel = /^\/channels\/(\d+)\/messages$/u.exec(r.path)?.[1];
    if (channel !== undefined && channel !== DM) out.push(`to a guild channel: ${where}`);
    else if (r.method === "POST" && r.path === `/webhooks/${APP}/${tok}` && (((r.body as { flags?: number }).flags ?? 0) & 64) !== 64) out.push(`in a follow-up everyone sees: ${where}`);
    else if (r.method === "PATCH" && ((fake.original(tok)?.flags ?? 0) & 64) !== 64) out.push(`in a reply everyone sees: ${where}`);
  }
  for (const m of fake.messages) if (!m.deleted && secret(`${m.content}${JSON.stringify(m.embeds)}`) && m.seenBy !== USER) out.push(`a message seen by ${m.seenBy} in ${m.channel_id}`);
  return out;
}

describe("a private answer reaches its requester alone", () => {
  it.each(SCENARIOS)("$name", async (scenario) => {
    const fake = await startFakeDiscord();
    try {
      const rest = new REST({ api: fake.api, retries: 0 }).setToken(TOKEN);
      const tok = `tok-${scenario.name.replaceAll(" ", "-")}`;
      const d = scenario.delivery(tok);
      const fails = scenario.arrange(fake, tok);
      const attempt = (): Promise<unknown> => deliverOnce(redis, PREFIX, 600, d, discordPoster(rest, APP, () => scenario.now?.(fake) ?? NOW), `deliver-${d.job}`);
      if (fails) await expect(attempt()).rejects.toThrow();
      expect(await attempt()).toBe("posted");
      // It did reach the requester.
      expect(fake.messages.some((m) => !m.deleted && m.seenBy === USER && `${m.content}${JSON.stringify(m.embeds)}`.includes(`ref ${d.job}`))).toBe(true);
      expect(leaks(fake, d, tok)).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});
