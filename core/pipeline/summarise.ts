import pLimit from "p-limit";
import { z } from "zod";
import type { Chunk } from "../chunk/model.js";
import type { ChatModel, StructuredRequest } from "../model/chat.js";
import { ModelError } from "../model/errors.js";
import type { Thread } from "../thread/model.js";
import { groundSummary, ownWords, type OwnWords } from "../summary/grounding.js";
import { SUMMARY_VERSION, type Summary } from "../summary/model.js";
import { ModelSummarySchema, modelSummaryJsonSchema, type ModelSummary } from "./model-output.js";
import { boundaryFor, planInProcess, speakerTable, type PlanOptions, type Planner, type SummaryPlan } from "./plan.js";
import { loadPrompt, render, type Prompt } from "./prompts.js";

/*
 * The summary pipeline, top-down: plan the calls (one when the thread fits the chunk budget, else
 * map over chunks then reduce), run them with bounded concurrency, check every evidence quote
 * against the speaker's own words, and say what is missing when a part failed for good.
 */

export interface PipelineOptions extends PlanOptions {
  /** Map calls in flight at once. */
  concurrency: number;
  /** Called as calls finish: `done` of `total`. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Called with the plan just before its model calls (not for a summary the store already has): the
   * worker charges the global model rate here, and may throw to put the job back.
   */
  beforeCalls?: (plan: SummaryPlan) => Promise<void>;
}

/** Halvings of the chunk budget tried when the server says a request is over its context window. */
const CONTEXT_RETRIES = 2;

/**
 * Summarises a thread with a model. A context-length refusal re-plans with smaller chunks; a map
 * call that fails for good leaves its part out and names it in `provenance.missing`; every speaker
 * with content appears in the result, even one whose claims were all dropped. `planner` makes the
 * plans (in-process unless given).
 */
export async function summariseWithModel(thread: Thread, chat: ChatModel, options: PipelineOptions, planner: Planner = planInProcess): Promise<Summary> {
  let checks: Checks | undefined;
  for (let attempt = 0; ; attempt++) {
    const plan = await planner(thread, options, 0.5 ** attempt);
    await options.beforeCalls?.(plan);
    // Built after the first plan, so a job put back by `beforeCalls` has not paid for it.
    checks ??= checksOf(thread);
    try {
      return await run(thread, chat, plan, options, checks);
    } catch (err) {
      if (!(err instanceof ModelError && err.kind === "context_length") || attempt >= CONTEXT_RETRIES) throw err;
    }
  }
}

/**
 * What every model answer of a thread is checked against, worked out once per thread: each call's
 * check then costs what its quotes cost, not a pass over the whole thread (a 2 MB paste makes tens
 * of calls).
 */
interface Checks {
  own: OwnWords;
  /** Speakers with some non-blank content: each is listed in every summary. */
  withContent: ReadonlySet<string>;
}

function checksOf(thread: Thread): Checks {
  const withContent = new Set<string>();
  for (const g of thread.segments) if (g.role === "content" && g.speaker !== null && g.text.trim() !== "") withContent.add(g.speaker);
  return { own: ownWords(thread), withContent };
}

interface Usage {
  calls: number;
  promptTokens: number;
  completionTokens: number;
}

async function run(thread: Thread, chat: ChatModel, plan: SummaryPlan, options: PipelineOptions, checks: Checks): Promise<Summary> {
  const usage: Usage = { calls: 0, promptTokens: 0, completionTokens: 0 };
  const total = plan.calls.length;
  const ask = async (prompt: Prompt, vars: Record<string, string>, chunk?: Chunk): Promise<ModelSummary> => {
    const done = await chat.complete(request(thread, prompt, vars, chunk));
    usage.calls += done.calls;
    usage.promptTokens += done.promptTokens;
    usage.completionTokens += done.completionTokens;
    options.onProgress?.(Math.min(usage.calls, total), total);
    return done.value;
  };

  if (plan.chunks.length <= 1) {
    const single = loadPrompt("single");
    const text = plan.chunks[0]?.text ?? "";
    const out = await ask(single, { thread: text, boundary: boundaryFor(text) });
    return toSummary(thread, checks, out, chat, single.version, usage, []);
  }

  const map = loadPrompt("map");
  const limit = pLimit(options.concurrency);
  const parts = await Promise.all(
    plan.chunks.map((chunk, i) =>
      limit(async (): Promise<PartResult> => {
        try {
          const out = await ask(map, { thread: chunk.text, boundary: boundaryFor(chunk.text), part: `${i + 1} of ${plan.chunks.length}` }, chunk);
          // Checked before the reduce sees them: a quote the speaker did not write is gone at once.
          return { chunk, summary: toSummary(thread, checks, out, chat, map.version, usage, []) };
        } catch (err) {
          // Errors that every other call would hit too end the run; others cost only this part.
          if (err instanceof ModelError && (err.kind === "auth" || err.kind === "context_length" || err.kind === "rate_limited")) throw err;
          return { chunk, error: err instanceof Error ? err.message : String(err) };
        }
      }),
    ),
  );
  const missing = parts.flatMap((p) => ("error" in p ? [`${describePart(p.chunk, plan.chunks.length)}: ${p.error}`] : []));
  const summaries = parts.flatMap((p) => ("summary" in p ? [{ part: p.chunk.index + 1, summary: p.summary }] : []));
  if (summaries.length === 0) throw new ModelError("unavailable", `every part of the thread failed: ${missing[0] ?? "no parts"}`);

  const reduce = loadPrompt("reduce");
  const partials = JSON.stringify(
    summaries.map(({ part, summary }) => ({
      part,
      topic: summary.topic,
      speakers: summary.speakers.filter((s) => s.positions.length > 0),
      agreements: summary.agreements,
      contentions: summary.contentions,
      open_questions: summary.open_questions,
    })),
  );
  const note = missing.length === 0 ? "" : `Parts missing (their model calls failed): ${missing.map((m) => m.split(":")[0]).join("; ")}.\n`;
  const out = await ask(reduce, { partials, boundary: boundaryFor(partials), missing: note });
  return toSummary(thread, checks, out, chat, `${map.version}+${reduce.version}`, usage, missing);
}

/** A map call's outcome: the part's checked summary, or why it failed for good. */
type PartResult = { chunk: Chunk; summary: Summary } | { chunk: Chunk; error: string };

function describePart(chunk: Chunk, count: number): string {
  const first = chunk.turns[0];
  const last = chunk.turns[chunk.turns.length - 1];
  return `part ${chunk.index + 1} of ${count} (turns ${first ?? "?"}–${last ?? "?"})`;
}

/**
 * The structured request for one prompt: speaker ids limited to the parsed speakers, and for a map
 * call to those with words in its part (a long thread may have a hundred; a part, a few).
 */
function request(thread: Thread, prompt: Prompt, vars: Record<string, string>, chunk?: Chunk): StructuredRequest<ModelSummary> {
  const present = chunk === undefined ? undefined : new Set(chunk.parts.map((p) => p.speaker));
  const speakers = present === undefined ? thread.speakers : thread.speakers.filter((s) => present.has(s.id));
  const all = { speakers: speakerTable(speakers), boundary: "", thread: "", part: "", partials: "", missing: "", ...vars };
  return {
    system: render(prompt.system, all),
    user: render(prompt.user, all),
    schemaName: "thread_summary",
    jsonSchema: modelSummaryJsonSchema(speakers.map((s) => s.id)),
    parse(json) {
      const parsed = ModelSummarySchema.safeParse(json);
      if (!parsed.success) throw new Error(z.prettifyError(parsed.error));
      return parsed.data;
    },
  };
}

/**
 * The model's answer as the summary contract: names from the parser, entries for invented speakers
 * dropped (and counted), every speaker with content present, every quote checked.
 */
function toSummary(thread: Thread, checks: Checks, out: ModelSummary, chat: ChatModel, promptVersion: string, usage: Usage, missing: string[]): Summary {
  const known = new Set(thread.speakers.map((s) => s.id));
  let dropped = 0;
  const said = new Map<string, { stance: string; positions: ModelSummary["speakers"][number]["positions"] }>();
  for (const s of out.speakers) {
    if (!known.has(s.id)) {
      dropped += Math.max(1, s.positions.length);
      continue;
    }
    const entry = said.get(s.id);
    if (entry === undefined) said.set(s.id, { stance: s.stance, positions: [...s.positions] });
    else for (const p of s.positions) entry.positions.push(p);
  }
  const summary: Summary = {
    version: SUMMARY_VERSION,
    topic: out.topic,
    speakers: thread.speakers
      .filter((s) => checks.withContent.has(s.id))
      .map((s) => ({ id: s.id, name: s.name, stance: said.get(s.id)?.stance ?? "", positions: said.get(s.id)?.positions ?? [] })),
    agreements: out.agreements,
    contentions: out.contentions,
    open_questions: out.open_questions,
    provenance: {
      mode: "model",
      model: chat.model,
      provider: chat.provider,
      prompt_version: promptVersion,
      calls: usage.calls,
      prompt_tokens: usage.promptTokens,
      completion_tokens: usage.completionTokens,
      dropped_claims: dropped,
      missing,
      cached: false,
    },
  };
  return groundSummary(summary, thread, checks.own);
}
