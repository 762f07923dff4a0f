import fc from "fast-check";
import type { DigestThread } from "../../core/queue/contracts.js";
import type { Summary } from "../../core/summary/model.js";

/*
 * Generators of thread and model text for the inertness properties: text biased toward everything
 * Discord's Markdown treats specially, mixed with arbitrary unicode, and summaries and digest
 * threads made of it.
 */

const pieces = [
  "[a](https://x)", "[verify your account here](https://evil.example/login)", "](", "[", "]", "(", ")",
  "https://", "http://a.bc", "steam://run", "ftp://h", "<https://x.y>", "<x:/y>", ":", "/",
  "<@123>", "<@!123>", "<#1>", "<@&1>", "</a:1>", "<t:1>", "<t:1:R>", "<:e:1>", "<a:e:1>", "<id:home>", "<", "@", "@everyone", "@here", "@Everyone",
  "#", "# ", "## ", "### ", "-# ", ">", "> ", ">>> ", "- ", "* ", "+ ", "1. ", "12.", "*", "**", "_", "__", "~", "~~", "|", "||", "`", "```",
  "\\", "\\\\", "\\*", "\n", "\n\n", "\r\n", " ", "  ", "\t", "\u00a0", "\u2028", "…", "é", "😀", "\u202e", "a", "word",
];

/** Markdown-heavy text, possibly empty, possibly several lines. */
export const messy: fc.Arbitrary<string> = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pieces) }, { weight: 1, arbitrary: fc.string({ maxLength: 6, unit: "grapheme" }) }), { maxLength: 14 })
  .map((parts) => parts.join(""));

/** messy, never empty (a name, a claim, a failure's reason). */
export const named: fc.Arbitrary<string> = messy.map((s) => s || "n");

const ids = ["s1", "s2", "s3"];

/** A model summary whose every text is messy; speakers may answer ids that exist or not. */
export const summaryArb: fc.Arbitrary<Summary> = fc.record({
  version: fc.constant(1 as const),
  topic: messy,
  speakers: fc.array(
    fc.record({
      id: fc.constantFrom(...ids),
      name: named,
      stance: messy,
      positions: fc.array(fc.record({ claim: named, evidence: fc.array(named, { minLength: 1, maxLength: 3 }), replies_to: fc.option(fc.constantFrom(...ids, "unknown-id"), { nil: null }) }), { maxLength: 4 }),
    }),
    { maxLength: 4 },
  ),
  agreements: fc.array(messy, { maxLength: 4 }),
  contentions: fc.array(fc.record({ point: named, sides: fc.array(fc.record({ speaker: fc.constantFrom(...ids, "unknown-id"), position: named }), { minLength: 1, maxLength: 3 }) }), { maxLength: 4 }),
  open_questions: fc.array(messy, { maxLength: 4 }),
  provenance: fc.boolean().map((cached) => ({ mode: "model" as const, model: "gpt-5-mini", provider: "api.openai.com", prompt_version: "single-1", calls: 1, prompt_tokens: 1, completion_tokens: 1, dropped_claims: 0, missing: [], cached })),
});

/** One thread of a digest, its topic, stances and contention all messy. */
export const threadArb: fc.Arbitrary<DigestThread> = fc.record({
  job: fc.constant("sum-1"),
  at: fc.constant(1_700_000_000_000),
  topic: messy,
  stances: fc.array(fc.record({ name: named, stance: messy }), { maxLength: 4 }),
  contention: fc.option(fc.record({ point: named, sides: fc.array(fc.record({ name: named, position: messy }), { maxLength: 3 }) }), { nil: null }),
});
