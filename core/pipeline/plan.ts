import { createHash } from "node:crypto";
import { chunkThread } from "../chunk/chunker.js";
import type { Chunk } from "../chunk/model.js";
import { tokenizerFor, type Tokenizer } from "../chunk/tokenizer.js";
import { contextWindow, costUsd } from "../model/models.js";
import type { Speaker, Thread } from "../thread/model.js";
import { loadPrompt, render, type Prompt } from "./prompts.js";
import { PlanError } from "./plan-error.js";

/** What the pipeline needs to know about the model and the limits it runs under. */
export interface PlanOptions {
  model: string;
  /** The model's context window when the project cannot know it (local servers). */
  contextTokens: number | undefined;
  /** Upper bound on a chunk, whatever the context window: long inputs blur a model's attention. */
  chunkTokens: number;
}

/** One model call the summary will take. */
export interface PlannedCall {
  stage: "single" | "map" | "reduce";
  inputTokens: number;
  /** Estimated: output is not known before the call. */
  outputTokens: number;
}

export interface SummaryPlan {
  model: string;
  contextTokens: number;
  /** False when the window is a guess: a model the project does not know, with no setting. */
  contextKnown: boolean;
  /** Largest chunk of thread text per call, after the prompt, the output reserve and a margin. */
  chunkBudget: number;
  chunks: Chunk[];
  calls: PlannedCall[];
  /** Dependent stages: 1 for one call, 2 for map then reduce. */
  rounds: 1 | 2;
  threadTokens: number;
  costUsd: number | null;
}

/**
 * Makes a thread's plan at a fraction of its chunk budget: {@link planSummary} in-process, or the same
 * on a thread of its own in the worker, where chunking a big thread must not hold up the event loop.
 */
export type Planner = (thread: Thread, options: PlanOptions, budgetScale: number) => Promise<SummaryPlan>;

/** A context window for models the project does not know and nobody configured: small and safe. */
export const UNKNOWN_CONTEXT = 16_384;
const MAX_OUTPUT_RESERVE = 16_384;
const MIN_CHUNK_BUDGET = 256;


/** Speaker ids and names as the prompts list them: `s1 = Daniel Vetter, s2 = Jason Gunthorpe`. */
export function speakerTable(speakers: readonly Speaker[]): string {
  return speakers.map((s) => `${s.id} = ${s.name}`).join(", ");
}

/**
 * The delimiter around thread text in a prompt, derived from the text: a thread cannot contain the
 * hash of itself, so it cannot close the data block early and speak as the prompt.
 */
export function boundaryFor(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/** Tokens of a prompt with its thread text left empty: what every call spends besides the thread. */
function overhead(prompt: Prompt, thread: Thread, tokenizer: Tokenizer): number {
  const vars = { speakers: speakerTable(thread.speakers), boundary: "0".repeat(16), thread: "", part: "10 of 10", partials: "", missing: "" };
  return tokenizer.countTokens(prompt.system) + tokenizer.countTokens(render(prompt.user, vars));
}

/** The token budget of a thread's calls: the context window, less the prompt, the output reserve and a margin. */
export function budgetFor(
  thread: Thread,
  options: PlanOptions,
  budgetScale = 1,
): { contextTokens: number; reserve: number; promptTokens: number; chunkBudget: number } {
  const tokenizer = tokenizerFor(options.model);
  const contextTokens = options.contextTokens ?? contextWindow(options.model) ?? UNKNOWN_CONTEXT;
  const reserve = Math.min(MAX_OUTPUT_RESERVE, Math.floor(contextTokens / 4));
  const margin = Math.max(256, Math.floor(contextTokens * 0.05));
  const promptTokens = Math.max(overhead(loadPrompt("single"), thread, tokenizer), overhead(loadPrompt("map"), thread, tokenizer));
  const room = contextTokens - promptTokens - reserve - margin;
  const chunkBudget = Math.floor(Math.min(options.chunkTokens, room) * budgetScale);
  if (chunkBudget < MIN_CHUNK_BUDGET) {
    throw new PlanError(`${options.model}'s context window (${contextTokens} tokens) leaves no room for thread text: set STANDPOINT_CONTEXT_TOKENS or --context-tokens to the model's real window`);
  }
  return { contextTokens, reserve, promptTokens, chunkBudget };
}

/** A rough output estimate: a summary grows with its input, up to the reserve. */
const estimateOutput = (inputTokens: number, reserve: number): number => Math.min(reserve, 300 + Math.round(inputTokens * 0.08));

/**
 * Plans the model calls for a thread: one call when it fits the chunk budget, else one map call per
 * chunk and one reduce. The budget is the context window minus the prompt, the output reserve and a
 * margin, counted with the model's tokenizer, and at most `chunkTokens`.
 */
export function planSummary(thread: Thread, options: PlanOptions, budgetScale = 1): SummaryPlan {
  const tokenizer = tokenizerFor(options.model);
  const { contextTokens, reserve, promptTokens, chunkBudget } = budgetFor(thread, options, budgetScale);
  const chunks = chunkThread(thread, { maxTokens: chunkBudget, tokenizer });
  const threadTokens = chunks.reduce((n, c) => n + c.tokens, 0);
  let calls: PlannedCall[];
  if (chunks.length <= 1) {
    const inputTokens = promptTokens + threadTokens;
    calls = [{ stage: "single", inputTokens, outputTokens: estimateOutput(inputTokens, reserve) }];
  } else {
    const maps = chunks.map((c): PlannedCall => {
      const inputTokens = promptTokens + c.tokens;
      return { stage: "map", inputTokens, outputTokens: estimateOutput(inputTokens, reserve) };
    });
    const reduceInput = overhead(loadPrompt("reduce"), thread, tokenizer) + maps.reduce((n, m) => n + m.outputTokens, 0);
    calls = [...maps, { stage: "reduce", inputTokens: reduceInput, outputTokens: estimateOutput(reduceInput, reserve) }];
  }
  const cost = costUsd(
    options.model,
    calls.reduce((n, c) => n + c.inputTokens, 0),
    calls.reduce((n, c) => n + c.outputTokens, 0),
  );
  const contextKnown = options.contextTokens !== undefined || contextWindow(options.model) !== undefined;
  return { model: options.model, contextTokens, contextKnown, chunkBudget, chunks, calls, rounds: chunks.length <= 1 ? 1 : 2, threadTokens, costUsd: cost };
}

/** {@link planSummary} as a {@link Planner}. */
export const planInProcess: Planner = (thread, options, budgetScale) => Promise.resolve().then(() => planSummary(thread, options, budgetScale));
