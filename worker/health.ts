import { createServer, type Server } from "node:http";
import type { Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Summary } from "../core/summary/model.js";

/** The worker's metrics, in one registry of its own. */
export class WorkerMetrics {
  readonly registry = new Registry();
  private readonly duration = new Histogram({ name: "standpoint_job_duration_seconds", help: "Summarise job run time", labelNames: ["outcome"], buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300], registers: [this.registry] });
  private readonly calls = new Counter({ name: "standpoint_model_calls_total", help: "Model calls made by summarise jobs", registers: [this.registry] });
  private readonly tokens = new Counter({ name: "standpoint_model_tokens_total", help: "Model tokens used", labelNames: ["kind"], registers: [this.registry] });
  private readonly dropped = new Counter({ name: "standpoint_dropped_claims_total", help: "Claims dropped because their quotes are not the speaker's own words", registers: [this.registry] });
  private readonly cached = new Counter({ name: "standpoint_cached_summaries_total", help: "Summaries served from the result store", registers: [this.registry] });
  private readonly timeouts = new Counter({ name: "standpoint_job_timeouts_total", help: "Summarise jobs failed for running past STANDPOINT_JOB_TIMEOUT_MS", registers: [this.registry] });

  constructor(queue: Queue) {
    collectDefaultMetrics({ register: this.registry });
    // Registered with the registry on creation; read at scrape time through `collect`.
    new Gauge({
      name: "standpoint_jobs",
      help: "Summarise jobs by state",
      labelNames: ["state"],
      registers: [this.registry],
      // Read from Redis at scrape time: the queue's state, whichever worker changed it.
      async collect() {
        const counts = await queue.getJobCounts("waiting", "active", "delayed", "completed", "failed", "prioritized");
        for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
      },
    });
  }

  /** Records a finished job. */
  finished(seconds: number, summary: Summary): void {
    this.duration.observe({ outcome: "completed" }, seconds);
    const p = summary.provenance;
    if (p.cached) this.cached.inc();
    else {
      this.calls.inc(p.calls);
      this.tokens.inc({ kind: "prompt" }, p.prompt_tokens);
      this.tokens.inc({ kind: "completion" }, p.completion_tokens);
    }
    this.dropped.inc(p.dropped_claims);
  }

  /** Records a failed attempt; `timedOut` when its CPU work ran past the job budget. */
  failed(seconds: number, timedOut: boolean): void {
    this.duration.observe({ outcome: "failed" }, seconds);
    if (timedOut) this.timeouts.inc();
  }
}

/**
 * `/healthz` (200 when Redis answers and the worker runs, else 503) and `/metrics` (Prometheus text)
 * on `port`; 0 picks a free one. Rejects when the port cannot be had (EADDRINUSE: another worker
 * on this host has it).
 */
export async function startHealthServer(port: number, redis: Redis, worker: Worker, metrics: WorkerMetrics): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      if (req.url === "/healthz") {
        const redisOk = await redis.ping().then(
          (r) => r === "PONG",
          () => false,
        );
        const ok = redisOk && worker.isRunning();
        res.writeHead(ok ? 200 : 503, { "content-type": "application/json" }).end(JSON.stringify({ redis: redisOk, worker: worker.isRunning() }));
        return;
      }
      if (req.url === "/metrics") {
        res.writeHead(200, { "content-type": metrics.registry.contentType }).end(await metrics.registry.metrics());
        return;
      }
      res.writeHead(404).end();
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "0.0.0.0", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}
