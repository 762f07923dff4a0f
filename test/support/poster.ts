import { readFileSync } from "node:fs";
import { renderSummaryForDiscord } from "../../bot/render.js";
import type { Delivery } from "../../core/queue/contracts.js";
import { readMail } from "../../core/readers/mail/read-mail.js";
import { summariseExtractive } from "../../core/summary/extractive.js";
import type { Summary } from "../../core/summary/model.js";
import type { FakeMessage } from "./fake-discord.js";

/* Deliveries and what to look for in the fake Discord, for the poster's tests. */

export const APP = "111111111111111111";
export const TOKEN = "MTExMTExMTExMTExMTExMTEx.GabcDe.abcdefghijklmnopqrstuvwxyz0123";
export const CHANNEL = "222222222222222222";
export const USER = "333333333333333333";
/** The requester's DM channel, as the fake Discord names it. */
export const DM = `${USER}0`;
/** The poster's clock, and interactions alive or expired at it. */
export const NOW = 1_000_000;
export const LIVE = { expiresAt: NOW + 14 * 60_000 };
export const EXPIRED = { expiresAt: NOW - 1 };

/** The example thread's summary: two speakers, one message. */
export const summary = summariseExtractive(readMail(readFileSync(new URL("../../examples/lkml-accel-flattened.txt", import.meta.url), "utf8")));

/** A summary too long for one message, whose embeds are cut (so the full text is attached); `word` fills the claims. */
export const longSummary = (speakers: number, word = "y"): Summary => ({
  ...summary,
  speakers: Array.from({ length: speakers }, (_, i) => ({ id: `s${i + 1}`, name: `Speaker ${i + 1}`, stance: "x".repeat(300), positions: [{ claim: `${word} `.repeat(1500), evidence: ["z ".repeat(400)], replies_to: null }] })),
});

type DiscordDestination = Extract<Delivery["destination"], { kind: "discord" }>;
let serial = 0;

/** A delivery to the channel, of a job of its own (what is recorded in Redis is per job). */
export const delivery = (over: Partial<DiscordDestination> = {}, outcome: Delivery["outcome"] = { kind: "summary", summary }): Delivery => ({
  version: 1,
  job: `sum-${process.pid}-${serial++}`,
  destination: { kind: "discord", guild: "444444444444444444", channel: CHANNEL, user: USER, interaction: null, private: false, ...over },
  outcome,
});

/** How many messages a summary takes. */
export const messageCount = (s: Summary, job: string): number => renderSummaryForDiscord(s, job).messages.length;

/** The `i/n` part markers of a job's messages, in order. */
export function parts(messages: readonly FakeMessage[], job: string): string[] {
  const marker = `ref ${job} · `;
  return messages.flatMap((m) => {
    const at = m.content.indexOf(marker);
    return at === -1 ? [] : [m.content.slice(at + marker.length).split("\n")[0] ?? ""];
  });
}

/** `1/n` to `n/n`. */
export const allParts = (n: number): string[] => Array.from({ length: n }, (_, i) => `${i + 1}/${n}`);
