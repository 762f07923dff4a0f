import { readFileSync } from "node:fs";
import { Queue } from "bullmq";
import { afterEach, describe, expect, it } from "vitest";
import { QUEUES } from "../core/queue/contracts.js";
import type { RecordedRequest } from "./support/fake-discord.js";
import { slashCommand } from "./support/interactions.js";
import { startStack, type Stack } from "./support/stack.js";
import { until } from "./support/wait.js";

/*
 * End to end: the real bot process logs in to a fake Discord (REST and gateway), real worker
 * processes summarise offline, and everything goes through a real Redis. Commands arrive as
 * INTERACTION_CREATE over the gateway; what users see is what the fake Discord was asked to show.
 */

const example = readFileSync(new URL("../examples/lkml-accel-flattened.txt", import.meta.url), "utf8");

let stack: Stack | undefined;

afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

/** The edits of an interaction's first reply ("@original"). */
const originalEdits = (s: Stack, token: string): RecordedRequest[] => s.discord.requests.filter((r) => r.method === "PATCH" && r.path === `/webhooks/${s.applicationId}/${token}/messages/@original`);
const hasEmbeds = (r: RecordedRequest): boolean => Array.isArray((r.body as { embeds?: unknown } | null)?.embeds);
const titles = (r: RecordedRequest): string[] => ((r.body as { embeds: { title?: string }[] }).embeds).map((e) => e.title ?? "");

describe("end to end over the gateway: bot and worker processes, real Redis, fake Discord", () => {
  it("answers /summarise: defers at once, then edits the reply into the summary of both speakers", async () => {
    stack = await startStack({ workers: 1 });
    const s = stack;
    const ix = slashCommand(s.applicationId, "summarise", [{ name: "text", type: 3, value: example }]);
    s.interact(ix);
    const callback = await s.waitForRequest((r) => r.method === "POST" && r.path === `/interactions/${ix.id}/${ix.token}/callback`, "the interaction's callback");
    expect(callback.body).toMatchObject({ type: 5 });
    const result = await s.waitForRequest((r) => originalEdits(s, ix.token).includes(r) && hasEmbeds(r), "the result in the reply");
    expect(titles(result)).toEqual(expect.arrayContaining(["Daniel Vetter", "Jason Gunthorpe"]));
    expect(result.body).toMatchObject({ allowed_mentions: { parse: [] } });
    expect(result.authorization).toBeUndefined();
  });

  it("posts a delivery queued while the bot was killed (SIGKILL) exactly once, after it is back", async () => {
    stack = await startStack({ workers: 0 });
    const s = stack;
    const ix = slashCommand(s.applicationId, "summarise", [{ name: "text", type: 3, value: `${example}\n\nWhile the bot was down.` }]);
    s.interact(ix);
    await s.waitForRequest((r) => originalEdits(s, ix.token).includes(r), "the 'Summarising…' reply");
    expect(await s.bot.stop("SIGKILL")).toMatchObject({ signal: "SIGKILL" });
    // The job runs and its delivery waits in the queue, with no bot to take it.
    s.startWorker();
    const deliveries = new Queue(QUEUES.deliveries, { connection: { url: s.redisUrl }, prefix: s.prefix });
    try {
      await until(async () => (await deliveries.getJobCounts("waiting")).waiting === 1, "the delivery to be queued");
      expect(originalEdits(s, ix.token).filter(hasEmbeds)).toHaveLength(0);
      await s.startBot();
      const result = await s.waitForRequest((r) => originalEdits(s, ix.token).includes(r) && hasEmbeds(r), "the result after the restart");
      expect(titles(result)).toEqual(expect.arrayContaining(["Daniel Vetter", "Jason Gunthorpe"]));
      await until(async () => (await deliveries.getJobCounts("completed")).completed === 1, "the delivery to complete");
      expect(originalEdits(s, ix.token).filter(hasEmbeds)).toHaveLength(1);
      // Nor did a copy go to the channel.
      expect(s.discord.requests.filter((r) => r.path.startsWith("/channels/") && r.method === "POST")).toHaveLength(0);
    } finally {
      await deliveries.close();
    }
  });

  it("stops on SIGTERM: closes its gateway connection cleanly and exits 0", async () => {
    stack = await startStack({ workers: 0 });
    const session = stack.gateway.sessions.at(-1);
    expect(session?.identified).toBe(true);
    expect(await stack.bot.stop("SIGTERM")).toEqual({ code: 0, signal: null });
    // 1000 is the client's own close; a connection dropped by a dead process reads 1006.
    expect((await until(() => session?.closed, "the gateway connection to close")).code).toBe(1000);
  });

  it("keeps its gateway connection alive with heartbeats the gateway acknowledges", async () => {
    stack = await startStack({ workers: 0 });
    const session = stack.gateway.sessions.at(-1);
    await until(() => (session?.heartbeats ?? 0) >= 2, "two heartbeats");
    // Acknowledged ones: a missed acknowledgement would have made the bot drop the connection.
    expect(session?.closed).toBeNull();
    expect(stack.gateway.sessions).toHaveLength(1);
  });

  it("exits with an error on a token the gateway refuses (4004), never printing the token", async () => {
    const wrong = "MjIyMjIyMjIyMjIyMjIyMjIy.GzyxWv.refusedrefusedrefusedrefused00";
    stack = await startStack({ workers: 0, bot: false, env: { DISCORD_TOKEN: wrong } });
    await expect(stack.startBot()).rejects.toThrow(/the bot exited/u);
    expect(stack.gateway.sessions.map((g) => g.closed?.code)).toEqual([4004]);
    expect((await stack.bot.exited()).code).not.toBe(0);
    expect(`${stack.bot.stdout}${stack.bot.stderr}`).not.toContain(wrong);
  });
});
