import { connect, createServer, type Server, type Socket } from "node:net";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { deleteKeys } from "./support/redis.js";
import { alive, descendants, freePort, killStarted, logLines, start, startNode } from "./support/processes.js";

/*
 * The worker and the bot as a process manager runs them: started through the documented commands,
 * signalled, run with Redis away, on a busy port. Real processes against the real Redis.
 */

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `sptest-processes-${process.pid}`;
const TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GaBcDe.abcdefghijklmnopqrstuvwxyz0123";
const base = { REDIS_URL, STANDPOINT_REDIS_PREFIX: PREFIX, LOG_LEVEL: "info", OPENAI_API_KEY: "sk-test" };

let orphans: number[] = [];
const proxies: Server[] = [];

afterEach(async () => {
  killStarted(orphans);
  orphans = [];
  await Promise.all(proxies.splice(0).map((p) => new Promise((resolve) => p.close(resolve))));
});
afterAll(() => deleteKeys(REDIS_URL, PREFIX));

/** A TCP proxy to the test Redis on `port`: Redis "comes back" when it starts listening. */
async function redisProxy(port: number): Promise<void> {
  const target = new URL(REDIS_URL);
  const sockets: Socket[] = [];
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 6379), target.hostname);
    sockets.push(client, upstream);
    client.pipe(upstream).pipe(client);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  });
  const close = server.close.bind(server);
  // Closing the proxy ends its connections too, or the worker would hold it open.
  server.close = (cb) => {
    for (const s of sockets) s.destroy();
    return close(cb);
  };
  proxies.push(server);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
}

describe("the documented commands under a process manager", () => {
  it("npm run worker: SIGTERM to npm stops the worker cleanly, exit 0, and leaves no process behind", async () => {
    const npm = start("npm", ["run", "-s", "worker"], base);
    await npm.waitFor(/"msg":"worker started"/u);
    const tree = descendants(npm.child.pid ?? 0);
    orphans = tree;
    expect(tree.length).toBeGreaterThan(0);
    npm.child.kill("SIGTERM");
    expect(await npm.exited).toBe(0);
    expect(npm.stderr()).toMatch(/"msg":"stopped"/u);
    // Every process npm started has ended with it (none reparented and still running).
    await new Promise((r) => setTimeout(r, 200));
    expect(tree.filter(alive)).toEqual([]);
  }, 40_000);

  it("npm run bot: SIGTERM to npm stops the bot cleanly (here while it waits for Discord), exit 0, nothing left", async () => {
    const npm = start("npm", ["run", "-s", "bot"], { ...base, DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: "111111111111111111", DISCORD_API_URL: `http://127.0.0.1:${await freePort()}/api` });
    await npm.waitFor(/cannot reach Discord; retrying/u);
    const tree = descendants(npm.child.pid ?? 0);
    orphans = tree;
    npm.child.kill("SIGTERM");
    expect(await npm.exited).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(tree.filter(alive)).toEqual([]);
  }, 40_000);
});

describe("Redis away", () => {
  it("the worker logs one line when Redis goes and one when it is back, whatever its connections do meanwhile", async () => {
    const port = await freePort();
    const worker = startNode("worker/main.ts", { ...base, REDIS_URL: `redis://127.0.0.1:${port}` });
    await worker.waitFor(/redis unreachable/u);
    // Seconds of reconnect attempts by every connection (before: dozens of lines a second).
    await new Promise((r) => setTimeout(r, 4000));
    await redisProxy(port);
    await worker.waitFor(/redis reachable again/u, 30_000);
    await new Promise((r) => setTimeout(r, 1000));
    const { json, other } = logLines(worker.stderr());
    expect(other).toEqual([]);
    expect(json.filter((l) => /redis/iu.test(l.msg)).map((l) => l.msg)).toEqual(["redis unreachable; reconnecting", "redis reachable again"]);
    // Nothing else complained about the outage either.
    expect(json.filter((l) => l.level >= 40).map((l) => l.msg)).toEqual(["redis unreachable; reconnecting"]);
    expect(json.find((l) => l.msg.startsWith("redis unreachable"))).toMatchObject({ reason: "ECONNREFUSED" });
    // Not the address, in any form (a bare port number may turn up inside a timestamp).
    expect(worker.stderr()).not.toMatch(new RegExp(`127\\.0\\.0\\.1|localhost|:${port}\\b`, "u"));
  }, 60_000);

  it("the bot logs one line for a Redis that stays away, and no raw ioredis output", async () => {
    const port = await freePort();
    const bot = startNode("bot/main.ts", { ...base, REDIS_URL: `redis://127.0.0.1:${port}`, DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: "111111111111111111", DISCORD_API_URL: `http://127.0.0.1:${await freePort()}/api` });
    await bot.waitFor(/redis unreachable/u);
    await new Promise((r) => setTimeout(r, 5000));
    const { json, other } = logLines(bot.stderr());
    expect(other).toEqual([]);
    expect(json.filter((l) => /redis/iu.test(l.msg)).map((l) => l.msg)).toEqual(["redis unreachable; reconnecting"]);
  }, 40_000);
});

describe("the worker's start", () => {
  it("a second worker on a health port already taken says so in one line and exits 5; the first keeps serving", async () => {
    const port = String(await freePort());
    const first = startNode("worker/main.ts", { ...base, STANDPOINT_HEALTH_PORT: port });
    await first.waitFor(/health and metrics endpoint listening/u);
    const second = startNode("worker/main.ts", { ...base, STANDPOINT_HEALTH_PORT: port });
    expect(await second.exited).toBe(5);
    const { json, other } = logLines(second.stderr());
    expect(other).toEqual([]);
    const problems = json.filter((l) => l.level >= 40);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ reason: "EADDRINUSE", msg: expect.stringMatching(new RegExp(`port ${port}.*STANDPOINT_HEALTH_PORT`, "u")) });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  }, 40_000);

  it("a worker without OPENAI_API_KEY says loudly that its summaries are offline; with a key it does not", async () => {
    const offline = startNode("worker/main.ts", { ...base, LOG_LEVEL: "warn", OPENAI_API_KEY: "" });
    await offline.waitFor(/OPENAI_API_KEY/u);
    expect(logLines(offline.stderr()).json.filter((l) => l.msg.includes("OPENAI_API_KEY"))).toEqual([expect.objectContaining({ level: 40, msg: expect.stringMatching(/not set.*offline/u) })]);
    const online = startNode("worker/main.ts", { ...base });
    await online.waitFor(/"msg":"worker started"/u);
    await new Promise((r) => setTimeout(r, 500));
    expect(online.stderr()).not.toContain("OPENAI_API_KEY");
  }, 40_000);
});
