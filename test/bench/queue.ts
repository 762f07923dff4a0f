import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { Queue, Worker, type Job } from "bullmq";
import { QUEUES } from "../../core/queue/contracts.js";
import { Submitter } from "../../core/queue/submit.js";
import { honestSummary, startFakeOpenAi } from "../support/fake-openai.js";
import { deleteKeys } from "../support/redis.js";

/**
 * Threads through the Redis queue to 1, 2 and 4 worker processes, against the fake model answering
 * after a fixed latency. Per run: throughput, and per job the time a worker spent beyond the model's
 * latency (p50/p99); next to it, a bare BullMQ no-op job measured in the same run.
 */
export const description = "summarise jobs through Redis to 1/2/4 worker processes vs a bare BullMQ no-op job";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "../..");
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;

const cleanup = (prefix: string): Promise<void> => deleteKeys(REDIS_URL, prefix);

/** Waits until nothing is waiting, delayed or running; then the jobs with the given ids, as finished. */
async function drained(queue: Queue, ids: Iterable<string>): Promise<Job[]> {
  const pending = async (): Promise<number> => {
    const counts = await queue.getJobCounts("waiting", "active", "delayed", "prioritized");
    return Object.values(counts).reduce((a, b) => a + b, 0);
  };
  while ((await pending()) > 0) await new Promise((r) => setTimeout(r, 100));
  const jobs = await Promise.all([...ids].map((id) => queue.getJob(id)));
  return jobs.filter((j): j is Job => j !== undefined && j.finishedOn !== undefined);
}

/** The bare baseline: no-op jobs through one in-process BullMQ worker. */
async function noop(jobs: number): Promise<{ perSecond: number; p50: number; p99: number }> {
  const prefix = `spbench-noop-${process.pid}`;
  const queue = new Queue("noop", { connection: { url: REDIS_URL }, prefix });
  const worker = new Worker("noop", async () => undefined, { connection: { url: REDIS_URL, maxRetriesPerRequest: null }, prefix, concurrency: 4 });
  try {
    const t0 = performance.now();
    const added = await queue.addBulk(Array.from({ length: jobs }, (_, i) => ({ name: "noop", data: { i }, opts: { removeOnComplete: false } })));
    const done = await drained(queue, added.map((j) => j.id ?? ""));
    const wall = (performance.now() - t0) / 1000;
    const spans = done.map((j) => (j.finishedOn ?? 0) - (j.processedOn ?? 0)).sort((a, b) => a - b);
    return { perSecond: jobs / wall, p50: percentile(spans, 0.5), p99: percentile(spans, 0.99) };
  } finally {
    await worker.close();
    await queue.close();
    await cleanup(prefix);
  }
}

export async function run(args: string[]): Promise<void> {
  const opt = (name: string, fallback: number): number => Number(args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
  const jobs = opt("jobs", 1000);
  const latency = opt("latency", 100);
  const concurrency = opt("concurrency", 4);
  const example = readFileSync(path.join(root, "examples/lkml-accel-flattened.txt"), "utf8");
  const fake = await startFakeOpenAi((body) => ({ kind: "json", content: honestSummary(body), delayMs: latency }));
  console.log(`queue bench: ${jobs} threads, fake model latency ${latency} ms, ${concurrency} jobs per worker, Redis ${new URL(REDIS_URL).host}`);
  console.log(`${"run".padEnd(18)} ${"jobs/s".padStart(8)} ${"ideal jobs/s".padStart(12)} ${"overhead p50".padStart(12)} ${"p99".padStart(8)}`);
  const base = await noop(jobs);
  console.log(`${"bare BullMQ no-op".padEnd(18)} ${base.perSecond.toFixed(1).padStart(8)} ${"-".padStart(12)} ${`${base.p50} ms`.padStart(12)} ${`${base.p99} ms`.padStart(8)}`);
  try {
    for (const workers of [1, 2, 4]) {
      const prefix = `spbench-${process.pid}-${workers}`;
      const children: ChildProcess[] = [];
      for (let w = 0; w < workers; w++) {
        children.push(
          spawn(process.execPath, ["--import", "tsx", path.join(root, "worker/main.ts")], {
            cwd: root,
            stdio: "ignore",
            env: { ...process.env, REDIS_URL, STANDPOINT_REDIS_PREFIX: prefix, OPENAI_API_KEY: "sk-bench", OPENAI_BASE_URL: fake.baseURL, STANDPOINT_WORKER_CONCURRENCY: String(concurrency), LOG_LEVEL: "silent" },
          }),
        );
      }
      const submitter = new Submitter({ redis: { url: REDIS_URL, prefix }, retentionSeconds: 3600, attempts: 3, retryDelayMs: 1000, quotas: { threadsPerHour: 1e9, tokensPerDay: 1e12 } });
      const queue = new Queue(QUEUES.summarise, { connection: { url: REDIS_URL }, prefix });
      try {
        // Distinct threads, so that none is served from the result store.
        const submit = async (from: number, count: number): Promise<Set<string>> => {
          const ids = new Set<string>();
          for (let i = from; i < from + count; i++) ids.add((await submitter.submit(`${example}\n\nThread ${i} of the queue bench.`, { model: null, destination: { kind: "cli" } })).jobId);
          return ids;
        };
        // Warm-up: every worker compiles and loads its tokenizer on its first jobs; those are not timed.
        const warm = workers * concurrency * 3;
        await drained(queue, await submit(-warm, warm));
        const t0 = performance.now();
        const done = await drained(queue, await submit(0, jobs));
        const wall = (performance.now() - t0) / 1000;
        const overheads = done.map((j) => (j.finishedOn ?? 0) - (j.processedOn ?? 0) - latency).sort((a, b) => a - b);
        const ideal = (workers * concurrency * 1000) / latency;
        console.log(
          `${`${workers} worker(s)`.padEnd(18)} ${(jobs / wall).toFixed(1).padStart(8)} ${ideal.toFixed(1).padStart(12)} ${`${percentile(overheads, 0.5)} ms`.padStart(12)} ${`${percentile(overheads, 0.99)} ms`.padStart(8)}`,
        );
      } finally {
        for (const child of children) child.kill("SIGTERM");
        await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once("exit", r)))));
        await submitter.close();
        await queue.close();
        await cleanup(prefix);
      }
    }
    console.log("target: overhead p99 under 20 ms per job; throughput grows with workers until the model's rate limit bounds it");
  } finally {
    await fake.close();
  }
}
