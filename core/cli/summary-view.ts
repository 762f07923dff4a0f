import { normaliseForMatch } from "../summary/grounding.js";
import type { SummaryPlan } from "../pipeline/plan.js";
import type { Summary } from "../summary/model.js";
import { speakerColours, type Colours } from "./colours.js";

/**
 * Renders a summary for a person at a terminal: the topic, then per speaker their stance and
 * positions with the quoted evidence, then where they agree and disagree and what stays open.
 */
export function renderSummary(summary: Summary, pc: Colours): string {
  const colourOf = speakerColours(summary.speakers.map((s) => s.id), pc);
  const nameOf = new Map(summary.speakers.map((s) => [s.id, s.name]));
  const who = (id: string): string => (colourOf.get(id) ?? pc.white)(nameOf.get(id) ?? id);
  const p = summary.provenance;
  const out: string[] = [pc.bold(`Topic: ${summary.topic || "(none found)"}`)];
  out.push(
    pc.dim(
      p.mode === "extractive"
        ? "Extractive summary: each speaker's own sentences, picked without a model (set OPENAI_API_KEY for a written one)."
        : `Written by ${p.model} (${p.provider}), prompt ${p.prompt_version}; ${p.calls} call(s), ${p.prompt_tokens} prompt + ${p.completion_tokens} completion tokens.`,
    ),
  );
  if (p.dropped_claims > 0) out.push(pc.dim(`${p.dropped_claims} claim(s) left out: their quotes are not in the speaker's own words.`));
  for (const missing of p.missing) out.push(pc.yellow(`Not covered: ${missing}`));
  for (const s of summary.speakers) {
    out.push("", pc.bold(who(s.id)));
    out.push(s.stance === "" ? pc.dim("  (nothing this speaker wrote could be verified)") : `  ${s.stance}`);
    for (const pos of s.positions) {
      const answering = pos.replies_to === null ? "" : pc.dim(` (answering ${nameOf.get(pos.replies_to) ?? pos.replies_to})`);
      const [only, ...more] = pos.evidence;
      // An extractive claim is its own quote: print the words once.
      if (only !== undefined && more.length === 0 && normaliseForMatch(only).includes(normaliseForMatch(pos.claim))) {
        out.push(`  • “${only}”${answering}`);
        continue;
      }
      out.push(`  • ${pos.claim}${answering}`);
      for (const quote of pos.evidence) out.push(pc.dim(`      “${quote}”`));
    }
  }
  if (summary.contentions.length > 0) {
    out.push("", pc.bold("Where they disagree"));
    for (const c of summary.contentions) {
      out.push(`  • ${c.point}`);
      for (const side of c.sides) out.push(`      ${who(side.speaker)}: ${side.position}`);
    }
  }
  if (summary.agreements.length > 0) out.push("", pc.bold("Where they agree"), summary.agreements.map((a) => `  • ${a}`).join("\n"));
  if (summary.open_questions.length > 0) out.push("", pc.bold("Open questions"), summary.open_questions.map((q) => `  • ${q}`).join("\n"));
  return out.join("\n");
}

/** The plan of a `--dry-run`: the calls a summary would take, their tokens and estimated cost. */
export function renderPlan(plan: SummaryPlan, pc: Colours): string {
  const input = plan.calls.reduce((n, c) => n + c.inputTokens, 0);
  const output = plan.calls.reduce((n, c) => n + c.outputTokens, 0);
  const stages = plan.rounds === 1 ? "one call" : `${plan.calls.length - 1} map call(s), then one reduce`;
  return [
    pc.bold(`Plan for ${plan.model}`) +
      pc.dim(` (context ${plan.contextTokens} tokens${plan.contextKnown ? "" : ", assumed: set --context-tokens to the model's window"}, chunk budget ${plan.chunkBudget})`),
    `  ${plan.calls.length} call(s) in ${plan.rounds} round(s): ${stages}`,
    `  thread: ${plan.threadTokens} tokens in ${plan.chunks.length} chunk(s)`,
    `  input tokens per call: ${plan.calls.map((c) => c.inputTokens).join(", ")} (total ${input})`,
    `  estimated output tokens: ${output}`,
    `  estimated cost: ${plan.costUsd === null ? "unknown for this model" : `$${plan.costUsd.toFixed(4)}`}`,
  ].join("\n");
}
