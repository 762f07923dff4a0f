import type { Config } from "../config/env.js";
import { loadInput } from "../input/load.js";
import { openAiChatModel } from "../model/chat.js";
import { fileSummaryStore } from "../pipeline/cache.js";
import { planSummary } from "../pipeline/plan.js";
import { summariseThread } from "../pipeline/summarise-thread.js";
import { readThread } from "../readers/read-thread.js";
import type { Summary } from "../summary/model.js";
import type { Colours } from "./colours.js";
import { progressOnStderr } from "./progress.js";
import { renderPlan, renderSummary } from "./summary-view.js";
import { summariseViaQueue } from "./via-queue.js";

/** The options of `standpoint summarise`. */
export interface SummariseOptions {
  queue?: boolean;
  timeout: number;
  json?: boolean;
  dryRun?: boolean;
  model: string;
  contextTokens: number | undefined;
  cache: boolean;
  maxBytes: number;
}

const render = (summary: Summary, json: boolean, pc: Colours): string => (json ? `${JSON.stringify(summary)}\n` : `${renderSummary(summary, pc)}\n`);

/**
 * `standpoint summarise <file>`: through the queue to a worker (`--queue`), the plan alone
 * (`--dry-run`), or here, with the model when a key is set and the extractive summary without.
 */
export async function runSummarise(config: Config, file: string, opts: SummariseOptions, pc: Colours): Promise<void> {
  const text = await loadInput(file, opts.maxBytes);
  if (opts.queue === true && opts.dryRun !== true) {
    const summary = await summariseViaQueue(config, text, opts.model, opts.timeout, (line) => process.stderr.write(`standpoint: ${line}\n`));
    process.stdout.write(render(summary, opts.json === true, pc));
    return;
  }
  const thread = await readThread(text);
  const options = { model: opts.model, contextTokens: opts.contextTokens, chunkTokens: config.chunkTokens, concurrency: config.mapConcurrency };
  if (opts.dryRun === true) {
    const plan = planSummary(thread, options);
    process.stdout.write(opts.json === true ? `${JSON.stringify({ ...plan, chunks: plan.chunks.length })}\n` : `${renderPlan(plan, pc)}\n`);
    return;
  }
  const { apiKey, baseURL, timeoutMs } = config.openai;
  // The CLI's one retry layer for model calls is the SDK's (see ChatSettings.maxRetries).
  const chat = apiKey === undefined ? undefined : openAiChatModel({ model: opts.model, apiKey, baseURL, timeoutMs, maxRetries: 3 });
  const store = config.cache.enabled && opts.cache ? fileSummaryStore(config.cache.dir) : undefined;
  const progress = progressOnStderr();
  try {
    const keepFailed = (err: unknown): void => void process.stderr.write(`standpoint: the summary could not be kept in ${config.cache.dir} (${err instanceof Error ? err.message : String(err)}); it is printed all the same\n`);
    const summary = await summariseThread(thread, { chat, store, onStoreError: keepFailed }, { ...options, onProgress: progress.update });
    process.stdout.write(render(summary, opts.json === true, pc));
  } finally {
    progress.done();
  }
}
