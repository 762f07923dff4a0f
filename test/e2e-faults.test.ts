import { readFileSync } from "node:fs";
import { Queue } from "bullmq";
import { afterEach, describe, expect, it } from "vitest";
import { QUEUES } from "../core/queue/contracts.js";
import type { FakeMessage, RecordedRequest } from "./support/fake-discord.js";
import { TEST_GUILD } from "./support/fake-gateway.js";
import { honestSummary, type Script } from "./support/fake-openai.js";
import { freePort } from "./support/processes.js";
import { PERMISSIONS, slashCommand, withPermissions, type RawOption } from "./support/interactions.js";
import { allParts, parts } from "./support/poster.js";
import { startStack, type Stack } from "./support/stack.js";
import { renderThread, type ThreadSpec } from "./support/thread-generator.js";
import { until } from "./support/wait.js";

/*
 * End to end through the real processes, where things go wrong: a private answer of several
 * messages in a guild with digests, a reply the user deleted, progress replaced by the result,
 * Redis out of reach, and the bot killed in the middle of a post. What users see is what the fake
 * Discord shows them; what must stay private is searched for in every request it received.
 */

const example = readFileSync(new URL("../examples/lkml-accel-flattened.txt", import.meta.url), "utf8");
const USER = TEST_GUILD.member.id;
const CHANNEL = TEST_GUILD.channelId;
const DM = `${USER}0`;

let stack: Stack | undefined;

afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

// Twelve speakers, each named only here, each a message quoting all the earlier ones; the last five
// ask long questions, more than the "Open questions" field holds, so the full text is attached too.
const FIRST = ["Alice", "Bruno", "Chen", "Dana", "Elif", "Farid", "Greta", "Hiroshi", "Ingrid", "Jonas", "Kavya", "Lars"];
const LAST = ["Abbott", "Brandt", "Castro", "Dumont", "Eriksen", "Fischer", "Garcia", "Horvath", "Ivanova", "Jensen", "Kowalski", "Lindqvist"];

/** A thread of twelve speakers whose every sentence carries `word`; under Discord's 6000 characters of a text option. */
function twelveSpeakers(word: string): string {
  const people = FIRST.map((first, i) => {
    const last = LAST[i] ?? "";
    return { first, last, name: `${first} ${last}`, email: `${first.toLowerCase()}@example.org` };
  });
  const question = (i: number): string =>
    ` Would the ${word} committee really accept plan ${i + 1} when the ${word} ledger still shows the migration from the old ${word} warehouse running three weeks late, and nobody has checked whether the ${word} auditors signed off on it?`;
  const spec: ThreadSpec = {
    people,
    messages: people.map((_, i) => ({
      author: i,
      paragraphs: [`I think the ${word} plan number ${i + 1} should ship because it keeps the ${word} budget small.${i >= 6 ? question(i) : ""}`],
      date: new Date(Date.UTC(2024, 0, 1, 9, i)),
      layout: "bottom",
      placement: [],
      attribution: "gmail",
      quoteStyle: "spaced",
    })),
    signOff: "Thanks,",
    signature: null,
    wrapAttribution: false,
  };
  return renderThread(spec).text;
}

const summarise = (s: Stack, text: string, hidden = false): ReturnType<typeof slashCommand> =>
  slashCommand(s.applicationId, "summarise", [{ name: "text", type: 3, value: text }, ...(hidden ? [{ name: "private", type: 5, value: true }] : [])]);
const asManager = (s: Stack, name: string, options: RawOption[], resolved?: Record<string, unknown>): ReturnType<typeof slashCommand> =>
  withPermissions(slashCommand(s.applicationId, name, options, resolved), PERMISSIONS.manageGuild);

/** What a message shows: its text and its embeds. */
const shown = (m: FakeMessage): string => `${m.content}\n${JSON.stringify(m.embeds)}`;
const webhook = (s: Stack, token: string): string => `/webhooks/${s.applicationId}/${token}`;
const flagsOf = (r: RecordedRequest): number => (r.body as { flags?: number; data?: { flags?: number } } | null)?.flags ?? (r.body as { data?: { flags?: number } } | null)?.data?.flags ?? 0;
const EPHEMERAL = 64;

/** The job of an answer, from the `ref <job>` its first message carries. */
const jobOf = (m: FakeMessage | undefined): string | undefined => /ref (\S+)/u.exec(m === undefined ? "" : shown(m))?.[1];

/** Waits until the interaction's reply shows a result (embeds), and returns the reply. */
async function answered(s: Stack, token: string, what: string, timeoutMs = 30_000): Promise<FakeMessage> {
  return until(() => {
    const reply = s.discord.original(token);
    return reply !== undefined && reply.embeds.length > 0 ? reply : undefined;
  }, what, timeoutMs).catch((err: unknown) => {
    throw new Error(`${String(err)}\n${s.logs()}`);
  });
}

/** A queue of the stack's, closed after `use`. */
async function withQueue<T>(s: Stack, name: string, use: (q: Queue) => Promise<T>): Promise<T> {
  const queue = new Queue(name, { connection: { url: s.redisUrl }, prefix: s.prefix });
  try {
    return await use(queue);
  } finally {
    await queue.close();
  }
}

describe("end to end, where things go wrong", () => {
  it("keeps a private answer of several messages to its requester: not in any channel, not in the digest", async () => {
    stack = await startStack({ workers: 1 });
    const s = stack;
    const SECRET = "quokka";
    // The last speaker signs with a first name only: the other surnames are in the thread.
    const words = [SECRET, ...LAST.slice(0, -1)];

    const set = asManager(s, "digest", [{ name: "set", type: 1, options: [{ name: "channel", type: 7, value: CHANNEL }, { name: "schedule", type: 3, value: "daily" }] }], {
      channels: { [CHANNEL]: { id: CHANNEL, type: 0, name: "general", guild_id: TEST_GUILD.id, permissions: "0" } },
    });
    s.interact(set);
    const setAnswer = await s.waitForRequest((r) => r.path === `/interactions/${set.id}/${set.token}/callback`, "the answer to /digest set");
    expect(JSON.stringify(setAnswer.body)).toContain("will be posted in");

    const hidden = summarise(s, twelveSpeakers(SECRET), true);
    const open = summarise(s, example);
    // Both at once, the bot's first requests: the second must wait for the connection the first opens, not be refused.
    s.interact(hidden);
    s.interact(open);
    // The last part carries the attachment: once it is out, the whole answer is.
    await s.waitForRequest((r) => r.path === webhook(s, hidden.token) && r.files.includes("summary.md"), "the private answer's attachment");
    const job = jobOf(await answered(s, hidden.token, "the private answer"));
    expect(job).toBeDefined();
    await answered(s, open.token, "the public answer");

    // Every message of the private answer, attachment and all, reached the requester alone.
    const own = s.discord.messages.filter((m) => !m.deleted && shown(m).includes(`ref ${job ?? ""}`));
    const n = Number(/· 1\/(\d+)/u.exec(shown(own[0] as FakeMessage))?.[1]);
    expect(n).toBeGreaterThan(1);
    expect(parts(own, job ?? "")).toEqual(allParts(n));
    expect(own.map((m) => [m.seenBy, m.flags & EPHEMERAL])).toEqual(own.map(() => [USER, EPHEMERAL]));
    expect(own.at(-1)?.files).toEqual(["summary.md"]);

    // Noted for the digest before the job completes: the digest may run once both have.
    await withQueue(s, QUEUES.summarise, (q) => until(async () => (await q.getJobCounts("completed")).completed === 2, "both summaries to complete"));
    const now = asManager(s, "digest", [{ name: "now", type: 1 }]);
    s.interact(now);
    const digest = await s.waitForRequest((r) => r.method === "POST" && r.path === `/channels/${CHANNEL}/messages` && r.raw.includes("Digest: "), "the digest");
    expect(digest.raw).toContain("Daniel Vetter");

    const secret = (text: string): boolean => text.includes(`ref ${job ?? ""}`) || words.some((w) => text.includes(w));
    const leaks: string[] = [];
    for (const r of s.discord.requests) {
      if (!secret(r.raw)) continue;
      const where = `${r.method} ${r.path}`;
      if (r.path.startsWith("/channels/") && !r.path.startsWith(`/channels/${DM}/`)) leaks.push(`to a guild channel: ${where}`);
      else if (!r.path.startsWith(webhook(s, hidden.token)) && !r.path.startsWith(`/interactions/${hidden.id}/`)) leaks.push(`outside the private interaction: ${where}`);
      else if (r.method === "POST" && r.path === webhook(s, hidden.token) && (flagsOf(r) & EPHEMERAL) === 0) leaks.push(`in a follow-up everyone sees: ${where}`);
    }
    for (const m of s.discord.messages) if (!m.deleted && secret(shown(m)) && m.seenBy !== USER) leaks.push(`a message seen by ${m.seenBy} in ${m.channel_id}`);
    expect(leaks).toEqual([]);
  });

  it.each([
    { name: "a public request's", hidden: false, where: CHANNEL, seenBy: "everyone" },
    { name: "a private request's", hidden: true, where: DM, seenBy: USER },
  ])("posts $name result once where its requester sees it when they deleted the reply, saying who asked", async ({ hidden, where, seenBy }) => {
    stack = await startStack({ workers: 0 });
    const s = stack;
    const ix = summarise(s, example, hidden);
    s.interact(ix);
    await s.waitForRequest((r) => r.method === "PATCH" && r.path === `${webhook(s, ix.token)}/messages/@original`, "the 'Summarising…' reply");
    s.discord.deleteReply(ix.token);
    s.startWorker();
    await s.waitForRequest((r) => r.method === "POST" && r.path === `/channels/${where}/messages`, "the result posted anew");
    await withQueue(s, QUEUES.deliveries, (q) => until(async () => (await q.getJobCounts("completed")).completed === 1, "the delivery to complete"));

    const posted = s.discord.messages.filter((m) => !m.deleted && m.embeds.length > 0);
    expect(posted.map((m) => [m.channel_id, m.seenBy])).toEqual([[where, seenBy]]);
    expect(posted[0]?.content.split("\n")[0]).toBe(`Summary requested by <@${USER}>`);
    expect(posted[0]?.embeds.map((e) => e.title)).toEqual(expect.arrayContaining(["Daniel Vetter", "Jason Gunthorpe"]));
    if (hidden) expect(s.discord.requests.filter((r) => r.path === `/channels/${CHANNEL}/messages` && r.method === "POST")).toEqual([]);
  });

  it.each([{ hidden: false }, { hidden: true }])("replaces the progress shown with the result (private: $hidden)", async ({ hidden }) => {
    // The model answers late, so that the worker's progress is shown in the reply first.
    const slow: Script = (body) => ({ kind: "json", content: honestSummary(body), delayMs: 1500 });
    stack = await startStack({ workers: 1, model: slow });
    const s = stack;
    const ix = summarise(s, example, hidden);
    s.interact(ix);
    const edits = (): RecordedRequest[] => s.discord.requests.filter((r) => r.method === "PATCH" && r.path === `${webhook(s, ix.token)}/messages/@original`);
    await until(() => edits().some((r) => r.raw.includes("speakers; summarising")), "the progress in the reply");
    const reply = await answered(s, ix.token, "the result");
    await withQueue(s, QUEUES.deliveries, (q) => until(async () => (await q.getJobCounts("completed")).completed === 1, "the delivery to complete"));
    expect(reply.content).not.toMatch(/summarising/iu);
    expect(reply.embeds.map((e) => e.title)).toEqual(expect.arrayContaining(["Daniel Vetter", "Jason Gunthorpe"]));
    // No progress edit came after the result.
    const last = edits().at(-1);
    expect(last?.raw).not.toMatch(/summarising/iu);
  });

  /** A stack whose bot has Redis out of reach, once it answered /digest show, /summarise and /forget; with the answers. */
  async function askWithRedisDown(): Promise<{ s: Stack; port: number; answers: RecordedRequest[] }> {
    const port = await freePort();
    stack = await startStack({ workers: 0, env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
    const s = stack;
    const answers: RecordedRequest[] = [];
    for (const ix of [asManager(s, "digest", [{ name: "show", type: 1 }]), summarise(s, example), slashCommand(s.applicationId, "forget", [])]) {
      s.interact(ix);
      // The callback itself when it is the answer, else a follow-up.
      const answer = (r: RecordedRequest): boolean => r.method === "POST" && ((r.path === `/interactions/${ix.id}/${ix.token}/callback` && (r.body as { type?: number }).type === 4) || r.path === webhook(s, ix.token));
      answers.push(await s.waitForRequest(answer, `an answer to /${String((ix.data as { name: string }).name)}`, 15_000));
    }
    return { s, port, answers };
  }

  it("answers /digest show, /summarise and /forget privately while Redis is out of reach", async () => {
    const { s, port, answers } = await askWithRedisDown();
    for (const answer of answers) {
      expect(flagsOf(answer) & EPHEMERAL).toBe(EPHEMERAL);
      expect(answer.raw).toContain("unavailable right now");
      expect(answer.raw).not.toMatch(new RegExp(`127\\.0\\.0\\.1|:${port}\\b`, "u"));
    }
    // Seen by nobody else: the public "thinking…" reply of /summarise was taken back.
    expect(s.discord.messages.filter((m) => !m.deleted && m.seenBy !== USER && m.content !== "")).toEqual([]);
  });

  it("logs Redis out of reach in a few lines, none a raw stack", async () => {
    const { s } = await askWithRedisDown();
    // Long enough for a few reconnect attempts: one line each would be too many.
    await new Promise((r) => setTimeout(r, 2000));
    const lines = `${s.bot.stdout}${s.bot.stderr}`.split("\n");
    const redis = lines.filter((l) => /redis|ECONNREFUSED|127\.0\.0\.1:\d+/iu.test(l));
    expect(redis.length, redis.join("\n")).toBeLessThanOrEqual(5);
    expect(lines.filter((l) => /^\s+at |\\n\s+at /u.test(l))).toEqual([]);
  });

  it("posts every message of a public answer exactly once, in order, when the bot was killed while sending the second", async () => {
    // Long claims: a dozen speakers' embeds fill several messages.
    const verbose: Script = (body) => {
      const summary = honestSummary(body) as { speakers: { positions: { claim: string }[] }[] };
      for (const sp of summary.speakers) for (const p of sp.positions) p.claim = `${p.claim} ${"and that matters for the plan ".repeat(40)}`;
      return { kind: "json", content: summary };
    };
    stack = await startStack({ workers: 1, model: verbose });
    const s = stack;
    const ix = summarise(s, twelveSpeakers("wombat"));
    let hit = false;
    // The second message is stored, the connection cut, and the bot killed then and there.
    s.discord.fault((r) => {
      if (hit || r.method !== "POST" || r.path !== webhook(s, ix.token)) return false;
      hit = true;
      void s.bot.stop("SIGKILL");
      return true;
    }, "cut-after");
    s.interact(ix);
    await until(() => hit, "the second message to be sent", 30_000);
    await s.restartBot();
    const job = jobOf(s.discord.original(ix.token));
    expect(job).toBeDefined();
    const n = Number(/· 1\/(\d+)/u.exec(s.discord.original(ix.token)?.content ?? "")?.[1]);
    expect(n).toBeGreaterThan(2);
    await until(() => parts(s.discord.channel(CHANNEL), job ?? "").length >= n, "every part in the channel", 20_000).catch((err: unknown) => {
      throw new Error(`${String(err)}: ${parts(s.discord.channel(CHANNEL), job ?? "").join(", ")}\n${s.logs()}`);
    });
    await withQueue(s, QUEUES.deliveries, (q) => until(async () => (await q.getJobCounts("completed")).completed === 1, "the delivery to complete"));
    expect(parts(s.discord.channel(CHANNEL), job ?? "")).toEqual(allParts(n));
    expect(s.discord.messages.filter((m) => shown(m).includes(`ref ${job ?? ""}`)).every((m) => !m.deleted)).toBe(true);
  });
});
