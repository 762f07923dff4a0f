import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Config } from "../core/config/env.js";
import { openAiChatModel, type ChatModel } from "../core/model/chat.js";
import { ModelError } from "../core/model/errors.js";
import { summariseThread } from "../core/pipeline/summarise-thread.js";
import type { SummaryPlan } from "../core/pipeline/plan.js";
import { take, type Charge } from "../core/queue/limits.js";
import { QUEUE_CONTRACT_VERSION, SummariseJobSchema, type Progress, type SummariseJob, type SummariseResult } from "../core/queue/contracts.js";
import { loadPaste, redisSummaryStore } from "../core/queue/store.js";
import { jobCompute, type CpuPool } from "./cpu.js";
import { DeadlineError, TaskError } from "./thread-pool.js";

/** What a job needs besides its payload: settings, Redis, and one model client per model name. */
export interface JobContext {
  config: Config;
  redis: Redis;
  log: Logger;
  worker: () => Worker;
  /** Threads for the job's CPU work (reading, planning, offline summaries). */
  cpu: CpuPool;
}

/** A job whose CPU work ran past `STANDPOINT_JOB_TIMEOUT_MS`: failed for good, since the same paste would again. */
export class JobTimeoutError extends UnrecoverableError {
  constructor(budgetMs: number) {
    const limit = budgetMs < 1000 ? `${budgetMs} ms` : `${Math.round(budgetMs / 100) / 10} s`;
    super(`reading the thread took longer than the ${limit} allowed; a shorter part of it may go through`);
  }
}

/** A job whose paste is no longer stored: failed for good, and the user is told to paste it again. */
export class PasteExpiredError extends UnrecoverableError {
  constructor() {
    super("the pasted thread is no longer stored (it expired); paste it again");
  }
}

/**
 * A job's CPU work failing: over its budget, or throwing on this paste (it would again on every
 * retry, so the job fails at once).
 */
function cpuFailure(err: unknown, budgetMs: number): unknown {
  if (err instanceof DeadlineError) return new JobTimeoutError(budgetMs);
  if (err instanceof TaskError) return new UnrecoverableError(err.message);
  return err;
}

const chats = new Map<string, ChatModel>();

function chatFor(config: Config, model: string): ChatModel | undefined {
  const { apiKey, baseURL, timeoutMs } = config.openai;
  if (apiKey === undefined) return undefined;
  let chat = chats.get(model);
  if (chat === undefined) {
    // No SDK retries in the worker: the queue is the one retry layer for model calls (attempts with
    // exponential backoff and jitter; 429 pauses the queue), so a retry never hides in a job.
    chat = openAiChatModel({ model, apiKey, baseURL, timeoutMs, maxRetries: 0 });
    chats.set(model, chat);
  }
  return chat;
}

const MINUTE = 60_000;

/**
 * Charges a job's planned model calls and tokens to the global per-minute rate shared by every
 * worker; over it, the queue pauses until the minute is over and the job goes back unharmed.
 */
async function holdModelRate(ctx: JobContext, plan: SummaryPlan): Promise<void> {
  const { requestsPerMinute, tokensPerMinute } = ctx.config.modelRate;
  const charges: Charge[] = [];
  if (requestsPerMinute !== undefined) charges.push({ subject: "model", window: { name: "calls", limit: requestsPerMinute, windowMs: MINUTE }, amount: Math.min(plan.calls.length, requestsPerMinute) });
  if (tokensPerMinute !== undefined) {
    const tokens = plan.calls.reduce((n, c) => n + c.inputTokens + c.outputTokens, 0);
    charges.push({ subject: "model", window: { name: "tokens", limit: tokensPerMinute, windowMs: MINUTE }, amount: Math.min(tokens, tokensPerMinute) });
  }
  const retryAt = await take(ctx.redis, ctx.config.redis.prefix, charges);
  if (retryAt === null) return;
  await ctx.worker().rateLimit(Math.max(1, retryAt.getTime() - Date.now()));
  throw Worker.RateLimitError();
}

/**
 * Runs one summarise job: validates its payload (a bad one fails at once, never retried), reads the
 * stored paste, and summarises it, from the result store when the same thread was summarised before.
 */
export async function summariseJob(job: Job, ctx: JobContext): Promise<{ request: SummariseJob; result: SummariseResult }> {
  const payload = SummariseJobSchema.safeParse(job.data);
  if (!payload.success) throw new UnrecoverableError(`invalid summarise job payload: ${payload.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const { config, redis } = ctx;
  const text = await loadPaste(redis, config.redis.prefix, payload.data.destination, payload.data.paste);
  if (text === null) throw new PasteExpiredError();
  const { jobTimeoutMs } = config.worker;
  const cpu = jobCompute(ctx.cpu, jobTimeoutMs);
  const model = payload.data.model ?? config.model;
  const chat = chatFor(config, model);
  const { requestsPerMinute, tokensPerMinute } = config.modelRate;
  const limited = requestsPerMinute !== undefined || tokensPerMinute !== undefined;
  try {
    // Without a model the whole job is CPU work: one task on a thread, answering only the summary.
    if (chat === undefined) return { request: payload.data, result: { version: QUEUE_CONTRACT_VERSION, summary: await cpu.offline(text) } };
    const thread = await cpu.read(text);
    const report = (done: number, total: number): void => {
      const progress: Progress = { version: QUEUE_CONTRACT_VERSION, speakers: thread.speakers.length, done, total };
      // Progress is a courtesy to the user: failing to report it must not fail the job.
      job.updateProgress(progress).catch((err: unknown) => ctx.log.debug({ job: job.id, err: String(err) }, "progress not reported"));
    };
    report(0, 0);
    const options = {
      model,
      contextTokens: config.contextTokens,
      chunkTokens: config.chunkTokens,
      concurrency: config.mapConcurrency,
      onProgress: report,
      // Charged against the plan the pipeline makes anyway, and only when the model will be called.
      ...(limited ? { beforeCalls: (plan: SummaryPlan) => holdModelRate(ctx, plan) } : {}),
    };
    const summary = await summariseThread(thread, { chat, store: redisSummaryStore(redis, config.redis.prefix, config.retentionSeconds, payload.data.destination), planner: cpu.plan, onStoreError: (err) => ctx.log.warn({ job: job.id, err: err instanceof Error ? err.message : String(err) }, "result not kept in the store; delivered all the same") }, options);
    return { request: payload.data, result: { version: QUEUE_CONTRACT_VERSION, summary } };
  } catch (err) {
    if (!(err instanceof ModelError)) throw cpuFailure(err, jobTimeoutMs);
    if (err.kind === "rate_limited") {
      // The provider's own pause, for every worker on this queue; the attempt is given back.
      await ctx.worker().rateLimit(err.retryAfterMs ?? 60_000);
      throw Worker.RateLimitError();
    }
    // A refused key, an unknown model or an answer that cannot be repaired will not succeed on retry.
    // The ModelError goes with it as its cause: its kind decides what the user is told.
    if (err.kind !== "unavailable") throw Object.assign(new UnrecoverableError(err.message), { cause: err });
    // 5xx, timeouts, dropped connections: the queue retries with backoff, up to the job's attempts.
    throw err;
  }
}
