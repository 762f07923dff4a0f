import { Queue, UnrecoverableError, Worker, type Job } from "bullmq";
import { ConfigError, loadConfig, type Config } from "../core/config/env.js";
import { createLogger } from "../core/log.js";
import { QUEUE_CONTRACT_VERSION, QUEUES, SummariseJobSchema, type Delivery, type Destination, type SummariseResult } from "../core/queue/contracts.js";
import { workerConnection } from "../core/queue/redis.js";
import { JobTimeoutError, summariseJob } from "./summarise-job.js";
import { cpuPool } from "./cpu.js";
import { DigestJobSchema, digestThread, noteForDigest, runDigest } from "../core/queue/digests.js";
import { queueDelivery } from "../core/queue/outbox.js";
import { startRetentionSweeps } from "../core/queue/retention.js";
import { startHealthServer, WorkerMetrics } from "./health.js";

/*
 * The worker process: takes summarise jobs from Redis, runs the pipeline, queues the delivery for
 * the bot, and stops cleanly on SIGTERM/SIGINT (no new jobs; active ones finish within the grace
 * period; connections closed; exit 0).
 */

function start(config: Config): void {
  const log = createLogger("worker", config.logLevel);
  const { prefix } = config.redis;
  // One blocking connection for the worker, one for our own keys and the delivery queue.
  const redis = workerConnection(config.redis);
  const deliveries = new Queue(QUEUES.deliveries, { connection: redis, prefix });
  const deliver = async (job: Job, destination: Destination, outcome: Delivery["outcome"]): Promise<void> => {
    if (destination.kind !== "discord" || job.id === undefined) return;
    await queueDelivery(deliveries, redis, prefix, config.retentionSeconds, { version: QUEUE_CONTRACT_VERSION, job: job.id, destination, outcome });
  };

  // A thread per job running at once: reading and planning a big paste never block the event loop,
  // which keeps renewing job locks and answering /healthz meanwhile.
  const cpu = cpuPool(config.worker.concurrency);
  // The processor reaches the worker (to pause it on a 429) only once the worker exists.
  const ctx = { config, redis, log, worker: (): Worker => worker, cpu };
  const worker = new Worker(
    QUEUES.summarise,
    async (job: Job): Promise<SummariseResult> => {
      const { request, result } = await summariseJob(job, ctx);
      const { destination } = request;
      await deliver(job, destination, { kind: "summary", summary: result.summary });
      // Noted for the guild's next digest (a digest lists what was summarised in the period; never a private request).
      if (job.id !== undefined) await noteForDigest(redis, prefix, destination, digestThread(job.id, result.summary, Date.now()), config.retentionSeconds);
      return result;
    },
    { connection: workerConnection(config.redis), prefix, concurrency: config.worker.concurrency, lockDuration: config.worker.lockMs, stalledInterval: config.worker.lockMs, maxStalledCount: 2 },
  );
  const metrics = new WorkerMetrics(new Queue(QUEUES.summarise, { connection: redis, prefix }));
  const seconds = (job: Job): number => ((job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now())) / 1000;
  // Digest jobs, run by each guild's scheduler or by `/digest now`: one delivery per period with news.
  const digests = new Worker(
    QUEUES.digests,
    async (job: Job) => {
      const payload = DigestJobSchema.safeParse(job.data);
      if (!payload.success) throw new UnrecoverableError("invalid digest job payload");
      const delivery = await runDigest(redis, prefix, payload.data.guild);
      if (delivery !== null) await queueDelivery(deliveries, redis, prefix, config.retentionSeconds, delivery);
      return { posted: delivery !== null };
    },
    { connection: workerConnection(config.redis), prefix, concurrency: 1 },
  );
  digests.on("error", (err) => log.error({ err: err.message }, "digest worker error"));
  worker.on("completed", (job, result: SummariseResult) => {
    metrics.finished(seconds(job), result.summary);
    log.info({ job: job.id, seconds: seconds(job), calls: result.summary.provenance.calls, cached: result.summary.provenance.cached }, "summarised");
  });
  worker.on("failed", (job, err) => {
    if (job === undefined) return;
    metrics.failed(seconds(job), err instanceof JobTimeoutError);
    const final = err instanceof UnrecoverableError || err.name === "UnrecoverableError" || job.attemptsMade >= (job.opts.attempts ?? 1);
    log.warn({ job: job.id, attempt: job.attemptsMade, final, reason: err.message }, "summarise job failed");
    // A payload too broken to parse has nowhere to deliver to.
    const request = SummariseJobSchema.safeParse(job.data);
    if (final && request.success) {
      void deliver(job, request.data.destination, { kind: "failed", reason: `Standpoint could not summarise this thread: ${err.message}` }).catch((e: unknown) => log.error({ job: job.id, err: e }, "could not queue the failure delivery"));
    }
  });
  worker.on("error", (err) => log.error({ err: err.message }, "worker error"));
  redis.on("error", (err) => log.warn({ err: err.message }, "redis connection error; reconnecting"));
  // What the retention says must go, and BullMQ would keep, goes here.
  const sweeps = startRetentionSweeps(redis, prefix, config.retentionSeconds, (err) => log.warn({ err: err instanceof Error ? err.message : String(err) }, "retention sweep failed"));
  const health = config.worker.healthPort === undefined ? undefined : startHealthServer(config.worker.healthPort, redis, worker, metrics);
  void health?.then((server) => log.info({ address: server.address() }, "health and metrics endpoint listening"));
  log.info({ concurrency: config.worker.concurrency, prefix, model: config.model, offline: config.openai.apiKey === undefined }, "worker started");

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, graceMs: config.worker.shutdownGraceMs }, "stopping: no new jobs, finishing active ones");
    const grace = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), config.worker.shutdownGraceMs).unref());
    // Jobs still running when the grace period ends are left to stall: another worker picks them up.
    const finished = (await Promise.race([Promise.all([worker.close(), digests.close()]), grace])) !== "timeout";
    if (!finished) await Promise.all([worker.close(true), digests.close(true)]);
    // Idle threads end here; a thread still busy ends with the process, so its job stalls rather than fails.
    if (finished) await cpu.close();
    sweeps.stop();
    await deliveries.close();
    (await health)?.close();
    redis.disconnect();
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

try {
  start(loadConfig());
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`standpoint worker: ${err.message}\n`);
  process.exitCode = 2;
}
