import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Queue, QueueEvents, type Job } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { QUEUES, type Destination } from "../core/queue/contracts.js";
import { savePaste } from "../core/queue/store.js";
import { QueueUnavailableError } from "../core/queue/errors.js";
import { Submitter } from "../core/queue/submit.js";
import { bigPaste } from "./support/big-paste.js";
import { tokenizerFor } from "../core/chunk/tokenizer.js";
import { startFakeOpenAi, honestSummary, type FakeOpenAi } from "./support/fake-openai.js";
import { deleteKeys } from "./support/redis.js";
import { standpointAsync } from "./support/cli.js";
import { freePort } from "./support/processes.js";

/*
 * The queue against a real Redis (REDIS_URL; .ci/run starts one when none answers). Every key is
 * under a prefix of this run's own, removed at the end. Workers run as child processes, so that
 * SIGKILL and SIGTERM are real.
 */

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `sptest-${process.pid}-${Date.now().toString(36)}`;
const root = new URL("..", import.meta.url).pathname;
const example = readFileSync(join(root, "examples/lkml-accel-flattened.txt"), "utf8");
const settings = { redis: { url: REDIS_URL, prefix: PREFIX }, retentionSeconds: 3600, attempts: 3, retryDelayMs: 100, quotas: { threadsPerHour: 100, tokensPerDay: 10_000_000 } };
const discord = { kind: "discord", guild: "g1", channel: "c1", user: "u1", interaction: null, private: false } as const;

// How long a test waits for a job: a bound against hangs, not a speed check. A worker child started
// under tsx on a busy two-core machine can take well over 20 s to start and finish its first job.
const JOB_WAIT = 60_000;

const workers: ChildProcess[] = [];
let fake: FakeOpenAi | undefined;
let submitter: Submitter | undefined;

function startWorker(env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "worker/main.ts")], {
    cwd: root,
    env: {
      ...process.env,
      REDIS_URL,
      STANDPOINT_REDIS_PREFIX: PREFIX,
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: fake?.baseURL ?? "",
      STANDPOINT_JOB_LOCK_MS: "1000",
      STANDPOINT_SHUTDOWN_GRACE_MS: "10000",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  workers.push(child);
  return child;
}

const exited = (child: ChildProcess): Promise<number | null> => new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))));

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

afterEach(async () => {
  for (const w of workers.splice(0)) if (w.exitCode === null) w.kill("SIGKILL");
  await submitter?.close();
  submitter = undefined;
  await fake?.close();
  fake = undefined;
});

afterAll(() => deleteKeys(REDIS_URL, PREFIX));

describe("summarise queue on a real Redis", () => {
  it("runs a submitted paste through a worker; the same paste again is the same job and costs no model call", async () => {
    fake = await startFakeOpenAi();
    startWorker();
    submitter = new Submitter(settings);
    const { jobId } = await submitter.submit(example, { model: null, destination: { kind: "cli" } });
    expect(jobId).toMatch(/^sum-[0-9a-f]{40}$/u);
    const result = await submitter.waitFor(jobId, JOB_WAIT);
    expect(result.summary.provenance.mode).toBe("model");
    expect(result.summary.speakers.map((s) => s.name).sort()).toEqual(["Daniel Vetter", "Jason Gunthorpe"]);
    // Re-pasted with other line ends and trailing blanks: the same thread.
    const again = await submitter.submit(`${example.replace(/\n/gu, "\r\n")}  \n\n`, { model: null, destination: { kind: "cli" } });
    expect(again.jobId).toBe(jobId);
    expect((await submitter.waitFor(again.jobId, JOB_WAIT)).summary.speakers).toEqual(result.summary.speakers);
    expect(fake.requests).toHaveLength(1);
  }, JOB_WAIT + 30_000);

  it("keeps results per server: another member there is answered from the store; another server, or a private request, is not", async () => {
    fake = await startFakeOpenAi();
    startWorker();
    const scoped = (submitter = new Submitter(settings));
    const paste = `${example}\n\nScoped results.`;
    const cached = async (destination: Destination): Promise<boolean> => {
      const { jobId } = await scoped.submit(paste, { model: null, destination });
      return (await scoped.waitFor(jobId, JOB_WAIT)).summary.provenance.cached;
    };
    expect(await cached({ ...discord, guild: "g-scope-1", user: "ann" })).toBe(false);
    expect(await cached({ ...discord, guild: "g-scope-1", user: "bob" })).toBe(true);
    // Neither got, nor could time, the first server's result.
    expect(await cached({ ...discord, guild: "g-scope-2", user: "cyd" })).toBe(false);
    expect(await cached({ ...discord, guild: "g-scope-1", user: "ann", private: true })).toBe(false);
    expect(await cached({ ...discord, guild: null, user: "ann" })).toBe(true);
    expect(fake.requests).toHaveLength(3);
  }, JOB_WAIT + 30_000);

  it("fails a job whose payload is invalid at once, without retries", async () => {
    fake = await startFakeOpenAi();
    startWorker();
    const queue = new Queue(QUEUES.summarise, { connection: { url: REDIS_URL }, prefix: PREFIX });
    const events = new QueueEvents(QUEUES.summarise, { connection: { url: REDIS_URL }, prefix: PREFIX });
    try {
      const job = await queue.add("summarise", { version: 1, paste: "not-a-hash" }, { jobId: "bad-payload", attempts: 5, backoff: { type: "fixed", delay: 10 } });
      await expect(job.waitUntilFinished(events, JOB_WAIT)).rejects.toThrow(/invalid summarise job payload/u);
      const failed = await queue.getJob("bad-payload");
      expect(failed?.attemptsMade).toBe(1);
    } finally {
      await events.close();
      await queue.close();
    }
  }, JOB_WAIT + 30_000);

  it("gives a job a worker was killed in (SIGKILL) to another worker, and delivers exactly one result", async () => {
    fake = await startFakeOpenAi((body) => ({ kind: "json", content: honestSummary(body), delayMs: 1500 }));
    const first = startWorker();
    submitter = new Submitter(settings);
    const { jobId } = await submitter.submit(example, { model: null, destination: discord });
    await until(() => (fake?.requests.length ?? 0) >= 1);
    first.kill("SIGKILL");
    await exited(first);
    startWorker();
    const result = await submitter.waitFor(jobId, 30_000);
    expect(result.summary.speakers).toHaveLength(2);
    const deliveries = new Queue(QUEUES.deliveries, { connection: { url: REDIS_URL }, prefix: PREFIX });
    try {
      const queued = await deliveries.getJobs(["waiting", "active", "completed", "delayed"]);
      expect(queued.filter((d) => (d.data as { job?: string }).job === jobId)).toHaveLength(1);
      expect((await deliveries.getJob(`deliver-${jobId}`))?.data).toMatchObject({ job: jobId, outcome: { kind: "summary" } });
    } finally {
      await deliveries.close();
    }
  }, JOB_WAIT + 30_000);

  it("stops on SIGTERM: finishes the active job, then exits 0", async () => {
    fake = await startFakeOpenAi((body) => ({ kind: "json", content: honestSummary(body), delayMs: 1500 }));
    const worker = startWorker();
    submitter = new Submitter(settings);
    const { jobId } = await submitter.submit(`${example}\n\nOne more line, so that this is a job of its own.`, { model: null, destination: { kind: "cli" } });
    await until(() => (fake?.requests.length ?? 0) >= 1);
    worker.kill("SIGTERM");
    const result = await submitter.waitFor(jobId, JOB_WAIT);
    expect(result.summary.provenance.mode).toBe("model");
    expect(await exited(worker)).toBe(0);
  }, JOB_WAIT + 30_000);

  it("retries 5xx with backoff until it succeeds; a 429 pauses the queue without using an attempt", async () => {
    fake = await startFakeOpenAi((body, call) =>
      call === 0
        ? { kind: "error", status: 429, message: "slow down", headers: { "retry-after-ms": "300" } }
        : call < 3
          ? { kind: "error", status: 502, message: "bad gateway" }
          : { kind: "json", content: honestSummary(body) },
    );
    startWorker();
    submitter = new Submitter(settings);
    const { jobId } = await submitter.submit(`${example}\n\nRetried.`, { model: null, destination: { kind: "cli" } });
    const result = await submitter.waitFor(jobId, 30_000);
    expect(result.summary.provenance.mode).toBe("model");
    expect(fake.requests).toHaveLength(4);
    const queue = new Queue(QUEUES.summarise, { connection: { url: REDIS_URL }, prefix: PREFIX });
    try {
      // Two 502s used two attempts; the 429 used none.
      expect((await queue.getJob(jobId))?.attemptsMade).toBe(3);
    } finally {
      await queue.close();
    }
  }, JOB_WAIT + 30_000);

  it("fails at once on an error a retry cannot fix, and delivers the reason in plain words", async () => {
    fake = await startFakeOpenAi(() => ({ kind: "error", status: 404, message: "The model `gpt-9` does not exist" }));
    startWorker();
    submitter = new Submitter(settings);
    const { jobId } = await submitter.submit(`${example}\n\nFails.`, { model: "gpt-9", destination: discord });
    await expect(submitter.waitFor(jobId, JOB_WAIT)).rejects.toThrow(/does not know the model "gpt-9"/u);
    expect(fake.requests).toHaveLength(1);
    const deliveries = new Queue(QUEUES.deliveries, { connection: { url: REDIS_URL }, prefix: PREFIX });
    try {
      await until(async () => (await deliveries.getJob(`deliver-${jobId}`)) !== undefined);
      expect((await deliveries.getJob(`deliver-${jobId}`))?.data).toMatchObject({ outcome: { kind: "failed", reason: expect.stringMatching(/could not summarise this thread: the model refused the request/u) } });
    } finally {
      await deliveries.close();
    }
  }, JOB_WAIT + 30_000);

  it("serves /healthz and Prometheus /metrics with jobs, model calls and tokens", async () => {
    fake = await startFakeOpenAi();
    const port = await freePort();
    startWorker({ STANDPOINT_HEALTH_PORT: String(port) });
    const get = async (path: string): Promise<{ status: number; body: string }> => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      return { status: res.status, body: await res.text() };
    };
    await until(() => get("/healthz").then((r) => r.status === 200, () => false));
    expect(JSON.parse((await get("/healthz")).body)).toEqual({ redis: true, worker: true });
    submitter = new Submitter(settings);
    const { jobId } = await submitter.submit(`${example}\n\nMeasured.`, { model: null, destination: { kind: "cli" } });
    await submitter.waitFor(jobId, JOB_WAIT);
    await until(async () => /standpoint_model_calls_total 1\b/u.test((await get("/metrics")).body));
    const metrics = (await get("/metrics")).body;
    expect(metrics).toMatch(/standpoint_model_tokens_total\{kind="prompt"\} [1-9]/u);
    expect(metrics).toMatch(/standpoint_jobs\{state="completed"\} [1-9]/u);
    expect(metrics).toMatch(/standpoint_job_duration_seconds_count\{outcome="completed"\} 1/u);
  }, JOB_WAIT + 30_000);

  it("refuses a user over quota before anything is queued", async () => {
    submitter = new Submitter({ ...settings, quotas: { threadsPerHour: 1, tokensPerDay: 1_000_000 } });
    const who = { ...discord, user: `quota-${Date.now()}`, guild: `quota-guild-${Date.now()}` };
    await submitter.submit(`${example}\n\nFirst.`, { model: null, destination: who });
    const queue = new Queue(QUEUES.summarise, { connection: { url: REDIS_URL }, prefix: PREFIX });
    try {
      const before = await queue.count();
      await expect(submitter.submit(`${example}\n\nSecond.`, { model: null, destination: who })).rejects.toThrow(/quota reached; try again after/u);
      expect(await queue.count()).toBe(before);
    } finally {
      await queue.close();
    }
  });

  it("charges a 2 MB paste without spaces its exact token count, and the event loop keeps turning meanwhile", async () => {
    submitter = new Submitter(settings);
    const who = { ...discord, user: `blob-${Date.now()}`, guild: `blob-guild-${Date.now()}` };
    const paste = "x".repeat(1_800_000) + randomBytes(150_000).toString("base64");
    const tokens = tokenizerFor("").countTokens(paste);
    const redis = new Redis(REDIS_URL);
    try {
      const counters = (): Promise<string[]> => redis.keys(`${PREFIX}:limit:user-tokens:*`);
      const before = new Set(await counters());
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      await submitter.submit(paste, { model: null, destination: who });
      delay.disable();
      // Counting this paste in one go took minutes before; in slices, no turn of the loop waits long.
      expect(delay.max / 1e6).toBeLessThan(200);
      const added = (await counters()).filter((k) => !before.has(k));
      expect(added).toHaveLength(1);
      expect(Number(await redis.get(added[0] ?? ""))).toBe(tokens);
      // The counter outlives a short retention: it names a digest of the member, not the member.
      expect(added[0]).not.toContain(who.user);
    } finally {
      redis.disconnect();
    }
  }, JOB_WAIT + 30_000);

  it("logs structured lines without secrets", async () => {
    fake = await startFakeOpenAi();
    const worker = startWorker({ LOG_LEVEL: "info", OPENAI_API_KEY: "sk-very-secret-key" });
    let stderr = "";
    worker.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    submitter = new Submitter(settings);
    const { jobId } = await submitter.submit(`${example}\n\nLogged.`, { model: null, destination: { kind: "cli" } });
    await submitter.waitFor(jobId, JOB_WAIT);
    await until(() => stderr.includes('"msg":"summarised"'));
    const lines = stderr.trim().split("\n").map((l) => JSON.parse(l) as { msg: string });
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(["worker started", "summarised"]));
    expect(stderr).not.toContain("sk-very-secret-key");
  }, JOB_WAIT + 30_000);

  it("refuses to start with bad settings, naming each one in one line", async () => {
    const worker = startWorker({ STANDPOINT_WORKER_CONCURRENCY: "lots", REDIS_URL: "not a url" });
    let stderr = "";
    worker.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    expect(await exited(worker)).toBe(2);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/STANDPOINT_WORKER_CONCURRENCY/u);
    expect(stderr).toMatch(/REDIS_URL/u);
  });

  it("refuses a submission at once when Redis cannot be reached", async () => {
    const down = new Submitter({ ...settings, redis: { url: "redis://127.0.0.1:1", prefix: PREFIX } });
    const t0 = Date.now();
    await expect(down.submit(example, { model: null, destination: { kind: "cli" } })).rejects.toBeInstanceOf(QueueUnavailableError);
    expect(Date.now() - t0).toBeLessThan(5000);
    await down.close();
  });
});

describe("standpoint summarise --queue", () => {
  it("submits through Redis, waits for the worker and prints the same output as without --queue", async () => {
    fake = await startFakeOpenAi();
    startWorker();
    const { code, stdout, stderr } = await standpointAsync(["summarise", "--queue", "--json", join(root, "examples/lkml-accel-flattened.txt")], { REDIS_URL, STANDPOINT_REDIS_PREFIX: PREFIX });
    expect(code, stderr).toBe(0);
    const summary = JSON.parse(stdout) as { provenance: { mode: string }; speakers: unknown[] };
    expect(summary.provenance.mode).toBe("model");
    expect(summary.speakers).toHaveLength(2);
  }, JOB_WAIT + 30_000);
});

describe("the job budget (STANDPOINT_JOB_TIMEOUT_MS)", () => {
  // A queue of their own: jobs left by the tests above (their workers killed mid-job) must not be
  // taken, and timed out, by these tests' workers.
  const BUDGET_PREFIX = `${PREFIX}-budget`;
  afterAll(() => deleteKeys(REDIS_URL, BUDGET_PREFIX));
  let queue: Queue | undefined;
  let events: QueueEvents | undefined;
  afterEach(async () => {
    await events?.close();
    await queue?.close();
    events = undefined;
    queue = undefined;
  });

  /** Stores a paste and queues its job as the bot does, minus the quota count (not what these tests are about). */
  async function enqueue(text: string, jobId: string, destination: typeof discord | { kind: "cli" }): Promise<Job> {
    const redis = new Redis(REDIS_URL);
    try {
      const paste = await savePaste(redis, BUDGET_PREFIX, destination, text, 3600);
      queue ??= new Queue(QUEUES.summarise, { connection: { url: REDIS_URL }, prefix: BUDGET_PREFIX });
      return await queue.add("summarise", { version: 1, paste, model: null, destination }, { jobId, attempts: 3, backoff: { type: "fixed", delay: 10 } });
    } finally {
      redis.disconnect();
    }
  }

  async function healthy(port: number): Promise<void> {
    await until(() => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false), 30_000);
  }

  it("fails a paste that takes longer than the budget to read once, for good, and tells the user why", async () => {
    fake = await startFakeOpenAi();
    const port = await freePort();
    // A long lock: this test is about the budget, not locks (the next test's subject), and a 1 s lock
    // can lapse on a loaded machine.
    startWorker({ STANDPOINT_REDIS_PREFIX: BUDGET_PREFIX, STANDPOINT_JOB_TIMEOUT_MS: "50", STANDPOINT_JOB_LOCK_MS: "30000", STANDPOINT_HEALTH_PORT: String(port) });
    await healthy(port);
    events = new QueueEvents(QUEUES.summarise, { connection: { url: REDIS_URL }, prefix: BUDGET_PREFIX });
    const job = await enqueue(bigPaste(3_000_000), "over-budget", discord);
    await expect(job.waitUntilFinished(events, 30_000)).rejects.toThrow(/^reading the thread took longer than the 50 ms allowed/u);
    const failed = await queue?.getJob("over-budget");
    expect(failed?.attemptsMade).toBe(1);
    expect(await failed?.getState()).toBe("failed");
    expect(fake.requests).toHaveLength(0);
    const deliveries = new Queue(QUEUES.deliveries, { connection: { url: REDIS_URL }, prefix: BUDGET_PREFIX });
    try {
      await until(async () => (await deliveries.getJob("deliver-over-budget")) !== undefined, 30_000);
      expect((await deliveries.getJob("deliver-over-budget"))?.data).toMatchObject({ outcome: { kind: "failed", reason: expect.stringMatching(/could not summarise this thread: reading the thread took longer than the 50 ms allowed/u) } });
    } finally {
      await deliveries.close();
    }
    const timeouts = async (): Promise<number> => Number(/^standpoint_job_timeouts_total (\d+)$/mu.exec(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text())?.[1]);
    await until(async () => (await timeouts()) > 0, 30_000);
    expect(await timeouts()).toBe(1);
  }, JOB_WAIT + 30_000);

  it("keeps answering /healthz and runs the next job while a big paste is read on a thread", async () => {
    const port = await freePort();
    // Offline: the big paste's time is all reading and the extractive summary, both on threads.
    startWorker({ STANDPOINT_REDIS_PREFIX: BUDGET_PREFIX, OPENAI_API_KEY: "", STANDPOINT_WORKER_CONCURRENCY: "2", STANDPOINT_HEALTH_PORT: String(port) });
    await healthy(port);
    events = new QueueEvents(QUEUES.summarise, { connection: { url: REDIS_URL }, prefix: BUDGET_PREFIX });
    // Seconds of reading (flattened mail is the slower kind): longer than the lock lasts unrenewed.
    const big = await enqueue(bigPaste(10_000_000, true), "big-paste", { kind: "cli" });
    await until(async () => (await big.getState()) === "active");
    const small = await enqueue(`${example}\n\nSubmitted while a big paste is read.`, "small-paste", { kind: "cli" });
    // Every poll must be answered; the time limit per poll only keeps a blocked endpoint from hanging the test.
    const polls: { status: number | string; duringBigJob: boolean }[] = [];
    let finished = false;
    const polling = (async () => {
      while (!finished) {
        const status = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
          (r) => r.status,
          (e: unknown) => String(e),
        );
        polls.push({ status, duringBigJob: (await big.getState()) === "active" });
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      await Promise.all([big.waitUntilFinished(events, 90_000), small.waitUntilFinished(events, 90_000)]);
    } finally {
      finished = true;
      await polling;
    }
    expect(polls.filter((p) => p.status !== 200)).toEqual([]);
    expect(polls.some((p) => p.duringBigJob)).toBe(true);
    const [bigDone, smallDone] = await Promise.all([queue?.getJob("big-paste"), queue?.getJob("small-paste")]);
    expect(smallDone?.finishedOn).toBeLessThan(bigDone?.finishedOn ?? 0);
    // Its lock was renewed throughout: run once, never taken for stalled.
    expect(bigDone?.attemptsMade).toBe(1);
    expect(bigDone?.stalledCounter).toBe(0);
  }, 120_000);
});

// Needs its own redis-server to restart; machines without the binary (only a Redis service) skip it.
const hasRedisServer = spawnSync("redis-server", ["--version"]).status === 0;

describe.skipIf(!hasRedisServer)("a Redis restart (AOF persistence)", () => {
  it("loses no accepted job, and the worker reconnects and resumes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "standpoint-redis-"));
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const startRedis = async (): Promise<ChildProcess> => {
      // The settings the README asks of a production Redis: nothing evicted, every write in the AOF.
      const server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--maxmemory-policy", "noeviction"], { stdio: "ignore" });
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on("error", () => undefined);
      await until(() => probe.connect().then(() => probe.ping().then(() => true), () => false), 10_000);
      probe.disconnect();
      return server;
    };
    let server = await startRedis();
    fake = await startFakeOpenAi();
    const local = { ...settings, redis: { url, prefix: PREFIX } };
    try {
      const restart = async (): Promise<void> => {
        server.kill("SIGTERM");
        await exited(server);
        server = await startRedis();
      };
      submitter = new Submitter(local);
      // Accepted while no worker runs; Redis goes down and comes back before anyone takes it.
      const { jobId } = await submitter.submit(`${example}\n\nAcross a restart.`, { model: null, destination: { kind: "cli" } });
      await submitter.close();
      await restart();
      const worker = startWorker({ REDIS_URL: url });
      submitter = new Submitter(local);
      expect((await submitter.waitFor(jobId, 30_000)).summary.provenance.mode).toBe("model");
      await submitter.close();
      // The worker lives through a second outage and takes new work after it.
      await restart();
      submitter = new Submitter(local);
      const next = await submitter.submit(`${example}\n\nAfter the restart.`, { model: null, destination: { kind: "cli" } });
      expect((await submitter.waitFor(next.jobId, 30_000)).summary.speakers).toHaveLength(2);
      expect(worker.exitCode).toBeNull();
    } finally {
      server.kill("SIGKILL");
    }
  }, JOB_WAIT + 30_000);
});
