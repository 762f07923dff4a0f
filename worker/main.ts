import { Queue, UnrecoverableError, Worker, type Job } from "bullmq";
import { ConfigError, loadConfig, type Config } from "../core/config/env.js";
import { createLogger } from "../core/log.js";
import { QUEUE_CONTRACT_VERSION, QUEUES, SummariseJobSchema, type Delivery, type Destination, type SummariseResult } from "../core/queue/contracts.js";
import { reportRedisState, workerConnection } from "../core/queue/redis.js";
import { JobTimeoutError, summariseJob } from "./summarise-job.js";
import { modelErrorOf, userReason } from "./failure.js";
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

/** The worker's exit codes, for operators and process managers (the README lists them). */
const WORKER_EXIT = { failed: 1, settings: 2, healthPortUnavailable: 5 } as const;

/** How long a stop may take beyond the grace period: with Redis unreachable, closing would wait forever. */
const STOP_MARGIN_MS = 10_000;

function start(config: Config): void {
  const log = createLogger("worker", config.logLevel);
  reportRedisState(log);
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
    // The details are the operators': the kind, the status and a message that names no address.
    const model = modelErrorOf(err);
    log.warn({ job: job.id, attempt: job.attemptsMade, final, kind: model?.kind, status: model?.status, reason: err.message }, "summarise job failed");
    // A payload too broken to parse has nowhere to deliver to.
    const request = SummariseJobSchema.safeParse(job.data);
    if (final && request.success) {
      void deliver(job, request.data.destination, { kind: "failed", reason: `Standpoint could not summarise this thread: ${userReason(err)}` }).catch((e: unknown) => log.error({ job: job.id, err: e }, "could not queue the failure delivery"));
    }
  });
  worker.on("error", (err) => log.error({ err: err.message }, "worker error"));
  // What the retention says must go, and BullMQ would keep, goes here.
  const sweeps = startRetentionSweeps(redis, prefix, config.retentionSeconds, (err) => log.warn({ err: err instanceof Error ? err.message : String(err) }, "retention sweep failed"));
  log.info({ concurrency: config.worker.concurrency, prefix, model: config.model, offline: config.openai.apiKey === undefined }, "worker started");
  // An empty key (an unset variable passed through) must not quietly turn every summary extractive.
  if (config.openai.apiKey === undefined) log.warn("OPENAI_API_KEY is not set: this worker writes offline (extractive) summaries, without a model");

  let stopping = false;
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => {
      log.error({ deadlineMs: config.worker.shutdownGraceMs + STOP_MARGIN_MS }, "stopping took too long (is Redis reachable?); exiting");
      process.exit(code === 0 ? WORKER_EXIT.failed : code);
    }, config.worker.shutdownGraceMs + STOP_MARGIN_MS).unref();
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
    process.exit(code);
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (!stopping) log.info({ signal, graceMs: config.worker.shutdownGraceMs }, "stopping: no new jobs, finishing active ones");
      void stop(0);
    });
  }

  const { healthPort } = config.worker;
  const health = (healthPort === undefined ? Promise.resolve(undefined) : startHealthServer(healthPort, redis, worker, metrics)).then(
    (server) => {
      if (server !== undefined) log.info({ address: server.address() }, "health and metrics endpoint listening");
      return server;
    },
    (err: unknown) => {
      const code = (err as { code?: unknown }).code;
      const why = code === "EADDRINUSE" ? "another process (another worker on this host?) has it" : String(code);
      log.fatal({ port: healthPort, reason: code, exitCode: WORKER_EXIT.healthPortUnavailable }, `cannot serve /healthz on port ${healthPort}: ${why}; set STANDPOINT_HEALTH_PORT to a free port, or unset it`);
      void stop(WORKER_EXIT.healthPortUnavailable);
      return undefined;
    },
  );
}

try {
  start(loadConfig());
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`standpoint worker: ${err.message}\n`);
  process.exitCode = WORKER_EXIT.settings;
}
