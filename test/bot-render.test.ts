import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { embedChars, inert, LIMITS, renderDigestForDiscord, renderFailure, renderSummaryForDiscord } from "../bot/render.js";
import type { Summary } from "../core/summary/model.js";

const text = (max: number) => fc.string({ maxLength: max, unit: "grapheme-ascii" });
const ids = ["s1", "s2", "s3"];

const summaryArb: fc.Arbitrary<Summary> = fc.record({
  version: fc.constant(1 as const),
  topic: text(400),
  speakers: fc.array(
    fc.record({
      id: fc.constantFrom(...ids),
      name: text(300).map((n) => n || "x"),
      stance: text(600),
      positions: fc.array(fc.record({ claim: text(800).map((c) => c || "c"), evidence: fc.array(text(900).map((q) => q || "q"), { minLength: 1, maxLength: 4 }), replies_to: fc.option(fc.constantFrom(...ids), { nil: null }) }), { maxLength: 12 }),
    }),
    { maxLength: 30 },
  ),
  agreements: fc.array(text(400), { maxLength: 10 }),
  contentions: fc.array(fc.record({ point: text(400).map((p) => p || "p"), sides: fc.array(fc.record({ speaker: fc.constantFrom(...ids), position: text(900).map((p) => p || "p") }), { minLength: 1, maxLength: 4 }) }), { maxLength: 40 }),
  open_questions: fc.array(text(400), { maxLength: 10 }),
  provenance: fc.constant({ mode: "model" as const, model: "gpt-5-mini", provider: "api.openai.com", prompt_version: "single-1", calls: 1, prompt_tokens: 1, completion_tokens: 1, dropped_claims: 0, missing: [], cached: false }),
});

describe("summary as Discord embeds", () => {
  it("stays within every Discord limit, whatever the summary", () => {
    fc.assert(
      fc.property(summaryArb, (summary) => {
        const { messages, markdown } = renderSummaryForDiscord(summary, "sum-abc");
        expect(messages.length).toBeGreaterThan(0);
        for (const m of messages) {
          expect(m.embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
          expect(m.embeds.reduce((n, e) => n + embedChars(e), 0)).toBeLessThanOrEqual(LIMITS.charsPerMessage);
          for (const e of m.embeds) {
            expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
            expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
            expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.footer);
            expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fields);
            for (const f of e.fields ?? []) {
              expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
              expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
            }
          }
        }
        // One embed per speaker, plus the topic.
        expect(messages.flatMap((m) => m.embeds)).toHaveLength(summary.speakers.length + 1);
        if (markdown !== null) expect(markdown).toContain(summary.speakers[0]?.name ?? "#");
      }),
      { numRuns: 150 },
    );
  });

  it("leaves no working masked link or formatting from thread text", () => {
    const summary: Summary = {
      version: 1,
      topic: "**Bold** topic",
      speakers: [{ id: "s1", name: "Eve", stance: "[click here](https://evil.example) for the *real* answer", positions: [{ claim: "c", evidence: ["# heading\n@everyone look"], replies_to: null }] }],
      agreements: [],
      contentions: [],
      open_questions: [],
      provenance: { mode: "extractive", model: "extractive", provider: "local", prompt_version: "extractive-1", calls: 0, prompt_tokens: 0, completion_tokens: 0, dropped_claims: 0, missing: [], cached: false },
    };
    const [message] = renderSummaryForDiscord(summary, "ref").messages;
    const all = JSON.stringify(message);
    expect(all).not.toMatch(/(?<!\\\\)\[click here(?<!\\\\)\]\(/u);
    expect(message?.embeds[0]?.title).toBe("Topic: \\*\\*Bold\\*\\* topic");
    expect(message?.embeds[1]?.description).toContain("\\*real\\*");
  });
});

const provenance: Summary["provenance"] = { mode: "model", model: "gpt-5-mini", provider: "api.openai.com", prompt_version: "single-1", calls: 1, prompt_tokens: 1, completion_tokens: 1, dropped_claims: 0, missing: [], cached: false };
const oneSpeaker = (name: string, topic = "t"): Summary => ({
  version: 1,
  topic,
  speakers: [{ id: "s1", name, stance: "s", positions: [] }],
  agreements: [],
  contentions: [],
  open_questions: [],
  provenance,
});

describe("thread and model text made inert (the reported cases)", () => {
  it("neutralises every masked link on a line, not only the first", () => {
    expect(inert("[a](https://x.example) then [verify your account here](https://evil.example/login)")).toBe(
      "\\[a](https\\://x.example) then \\[verify your account here](https\\://evil.example/login)",
    );
  });

  it("breaks bare links of any scheme", () => {
    expect(inert("see https://evil.example and steam://run/1")).toBe("see https\\://evil.example and steam\\://run/1");
  });

  it("escapes subtext, block quotes and list markers at the start of every line", () => {
    expect(inert("-# small print")).toBe("\\-# small print");
    expect(inert("fine\n>>> everything after is quoted")).toBe("fine\n\\>>> everything after is quoted");
    expect(inert("a\n> quoted\n  - item\n12. numbered\n+ plus\n## heading")).toBe("a\n\\> quoted\n  \\- item\n12\\. numbered\n\\+ plus\n\\## heading");
  });

  it("escapes mentions, emoji, timestamps and command links", () => {
    expect(inert("<@1> <@!2> <@&3> <#4> </cmd:5> <t:6:R> <:e:7> <a:e:8> @everyone @here")).toBe(
      "\\<@1> \\<@!2> \\<@&3> \\<#4> \\</cmd:5> \\<t:6:R> \\<:e:7> \\<a:e:8> \\@everyone \\@here",
    );
  });

  it("leaves plain prose as it was", () => {
    const prose = "Hello, world. It's 5 o'clock (roughly); 3 > 2 and a-b = c! Größe 😀 #1 fan";
    expect(inert(prose)).toBe(prose);
  });

  it("keeps newlines out of titles and field names", () => {
    const summary = { ...oneSpeaker("Eve\n# big\n\nname", "topic\n>>> quoted\r\nmore"), contentions: [{ point: "a\n-# b", sides: [{ speaker: "s1", position: "p" }] }] };
    const embeds = renderSummaryForDiscord(summary, "ref").messages.flatMap((m) => m.embeds);
    // Once on one line, `>>>`, `#` and `-#` no longer start a line and need no escape.
    expect(embeds.map((e) => e.title)).toEqual(["Topic: topic >>> quoted more", "Eve # big name"]);
    expect(embeds[0]?.fields?.[0]?.name).toBe("Disagree: a -# b");
    const digest = renderDigestForDiscord({ from: 0, to: 0, threads: [{ job: "j", at: 0, topic: "x\ny", stances: [], contention: null }] }, "ref");
    expect(digest[0]?.embeds[0]?.fields?.[0]?.name).toBe("x y");
  });

  it("never cuts an escape in half, which would leave a backslash escaping the ellipsis", () => {
    const [topic, speaker] = renderSummaryForDiscord(oneSpeaker(`${"a".repeat(LIMITS.title - 2)}**`), "ref").messages.flatMap((m) => m.embeds);
    expect(topic?.title).toBe("Topic: t");
    expect(speaker?.title).toBe(`${"a".repeat(LIMITS.title - 2)}…`);
  });

  it("never cuts a quote down to its `>`: the cut goes before the quote's line", () => {
    // The cut falls at the space of `> “` (the last word boundary), or, with no word boundary late
    // enough, at the limit just after the `>`; either way `>…` or `> …` would be left, a quote
    // marker with nothing of the quote.
    for (const claim of ["c".repeat(3000), "c".repeat(LIMITS.description - 10)]) {
      const summary: Summary = { ...oneSpeaker("Eve"), speakers: [{ id: "s1", name: "Eve", stance: "s", positions: [{ claim, evidence: ["q".repeat(2000)], replies_to: null }] }] };
      const speaker = renderSummaryForDiscord(summary, "ref").messages.flatMap((m) => m.embeds)[1];
      expect(speaker?.description).toBe(`*s*\n\n• ${claim}…`);
    }
  });

  it("tells no one that the answer came from the result store", () => {
    const [topic] = renderSummaryForDiscord({ ...oneSpeaker("Eve"), provenance: { ...provenance, cached: true } }, "sum-1").messages.flatMap((m) => m.embeds);
    expect(topic?.footer?.text).toBe("gpt-5-mini · ref sum-1");
  });
});

describe("digest as Discord embeds", () => {
  it("pages many threads within every limit", () => {
    const threads = Array.from({ length: 80 }, (_, i) => ({
      job: `sum-${i}`,
      at: 1_700_000_000_000 + i,
      topic: `Thread ${i} ${"t".repeat(300)}`,
      stances: [
        { name: "Ann", stance: "a".repeat(700) },
        { name: "Bob", stance: "b".repeat(700) },
      ],
      contention: { point: "p".repeat(200), sides: [{ name: "Ann", position: "x" }, { name: "Bob", position: "y" }] },
    }));
    const messages = renderDigestForDiscord({ from: 1_700_000_000_000, to: 1_700_086_400_000, threads }, "digest-g-1");
    expect(messages.flatMap((m) => m.embeds.flatMap((e) => e.fields ?? []))).toHaveLength(80);
    for (const m of messages) {
      expect(m.embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
      expect(m.embeds.reduce((n, e) => n + embedChars(e), 0)).toBeLessThanOrEqual(LIMITS.charsPerMessage);
      for (const e of m.embeds) {
        expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fields);
        for (const f of e.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
      }
    }
    expect(messages[0]?.embeds[0]?.title).toBe("Digest: 80 thread(s), 2023-11-14 to 2023-11-15");
  });
});

describe("a failure as a message", () => {
  it("fits any reason within Discord's content limit, inert", () => {
    const text = renderFailure(`[click](https://x) ${"word ".repeat(2000)}`);
    expect(text.length).toBeLessThanOrEqual(LIMITS.content - 200 + 3);
    expect(text).toMatch(/^⚠️ \\\[click\]\(https\\:\/\/x\) word .*…$/u);
  });
});
