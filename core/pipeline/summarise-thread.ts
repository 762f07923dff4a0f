import type { ChatModel } from "../model/chat.js";
import { summariseExtractive } from "../summary/extractive.js";
import type { Summary } from "../summary/model.js";
import type { Thread } from "../thread/model.js";
import { summaryKey, type SummaryStore } from "./cache.js";
import { planInProcess, type Planner } from "./plan.js";
import { loadPrompt } from "./prompts.js";
import { summariseWithModel, type PipelineOptions } from "./summarise.js";

/** What a summary may use: a model (none means offline), a store of finished summaries, and what makes its plans (in-process unless given). */
export interface SummaryDeps {
  chat: ChatModel | undefined;
  store: SummaryStore | undefined;
  planner?: Planner;
  /** Told when a finished summary could not be kept; the summary is returned all the same. */
  onStoreError?: (err: unknown) => void;
}

/**
 * A thread's summary, whoever asks (CLI, worker): extractive without a model; with one, from the
 * store when the same thread, prompts and model were summarised before (no model call), else from
 * the model pipeline, then stored.
 */
export async function summariseThread(thread: Thread, deps: SummaryDeps, options: PipelineOptions): Promise<Summary> {
  const { chat, store, planner = planInProcess } = deps;
  if (chat === undefined) return summariseExtractive(thread);
  // The full-budget plan gives the key its chunk budget, and is the model pipeline's first plan.
  const first = await planner(thread, options, 1);
  const key = summaryKey(thread, {
    model: chat.model,
    provider: chat.provider,
    promptVersions: (["single", "map", "reduce"] as const).map((p) => loadPrompt(p).version),
    chunkBudget: first.chunkBudget,
  });
  const stored = await store?.get(key);
  if (stored !== undefined) return { ...stored, provenance: { ...stored.provenance, cached: true } };
  const summary = await summariseWithModel(thread, chat, options, (t, o, scale) => (scale === 1 ? Promise.resolve(first) : planner(t, o, scale)));
  // A summary with a missing part is not kept: asking again may fill the gap.
  // A summary already paid for is never lost to a store that cannot keep it (a full disk, Redis gone).
  if (summary.provenance.missing.length === 0) await store?.set(key, summary).catch((err: unknown) => deps.onStoreError?.(err));
  return summary;
}
