import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inert, inertLine, renderDigestForDiscord, renderSummaryForDiscord } from "../bot/render.js";
import type { Summary } from "../core/summary/model.js";
import { embedTexts, liveConstructs, shown, templateMarks } from "./support/live-markdown.js";
import { messy, summaryArb, threadArb } from "./support/markdown-text.js";

// The checker and the generators live in test/support, shared with the poster's property.

describe("the checker itself", () => {
  it("sees the live constructs Discord would render, and not escaped ones", () => {
    expect(liveConstructs("[a](https://x) and [b](https://y)")).toEqual(expect.arrayContaining(['masked link "[a]("', 'masked link "[b]("', 'autolink "https://x) a"']));
    expect(liveConstructs("\\[a](https\\://x)")).toEqual([]);
    expect(liveConstructs("x\n-# small")).toEqual(['line-start marker "-# s"']);
    expect(liveConstructs(">>> q")).toEqual(['line-start marker ">>> "']);
    expect(liveConstructs("a <@1> @here \\<#2> \\@everyone")).toEqual(['mention "<@1> @"', 'mass mention "@here \\\\<#"']);
    expect(liveConstructs("ends\\…")).toEqual(["backslash escaping the ellipsis at 4"]);
    expect(liveConstructs("**Eve:** *hi*", templateMarks)).toEqual(["emphasis * at 9", "emphasis * at 12"]);
    expect(liveConstructs("*stance \\* here*\n> “q”\n• c", templateMarks)).toEqual([]);
  });
});

describe("thread and model text is inert everywhere it is shown", () => {
  it("inert() and inertLine() leave nothing live, anywhere in a line, and show the text unchanged", () => {
    fc.assert(
      fc.property(messy, fc.constantFrom("", "• ", "**Eve:** ", "> “", "Topic: "), (text, prefix) => {
        const multi = inert(text);
        const single = inertLine(text);
        // Wherever the template places it, at a line start or after its own prefix.
        expect(liveConstructs(multi)).toEqual([]);
        expect(liveConstructs(single)).toEqual([]);
        expect(liveConstructs(`${prefix}${single}`, templateMarks)).toEqual([]);
        expect(shown(multi)).toBe(text);
        expect(shown(single)).toBe(text.replace(/\s+/gu, " ").trim());
        expect(single).not.toMatch(/[\n\r\u2028\u2029]/u);
      }),
      { numRuns: 3000 },
    );
  });

  it("a summary renders no live construct from its text, in any title, description, field or footer", () => {
    fc.assert(
      fc.property(summaryArb, (summary) => {
        const embeds = renderSummaryForDiscord(summary, "sum-abc").messages.flatMap((m) => m.embeds);
        for (const { text, singleLine } of embedTexts(embeds)) {
          expect(liveConstructs(text, templateMarks), text).toEqual([]);
          if (singleLine) expect(text).not.toMatch(/[\n\r\u2028\u2029]/u);
          if (singleLine) expect(text.trim()).not.toBe("");
        }
        // Footers show Markdown literally: nothing of the thread or the model goes there, and
        // nothing says whether another request's result was reused.
        expect(embeds.flatMap((e) => (e.footer === undefined ? [] : [e.footer.text]))).toEqual(["gpt-5-mini · ref sum-abc"]);
      }),
      { numRuns: 500 },
    );
  });

  it("a digest renders no live construct from its threads", () => {
    fc.assert(
      fc.property(fc.array(threadArb, { minLength: 1, maxLength: 6 }), (threads) => {
        const embeds = renderDigestForDiscord({ from: 1_700_000_000_000, to: 1_700_086_400_000, threads }, "digest-g-1").flatMap((m) => m.embeds);
        for (const { text, singleLine } of embedTexts(embeds)) {
          expect(liveConstructs(text, templateMarks), text).toEqual([]);
          if (singleLine) expect(text).not.toMatch(/[\n\r\u2028\u2029]/u);
          if (singleLine) expect(text.trim()).not.toBe("");
        }
        for (const e of embeds) expect(e.footer?.text).toBe("ref digest-g-1");
      }),
      { numRuns: 500 },
    );
  });

  it("a cut never splits an escape, at whatever length the cut falls", () => {
    fc.assert(
      // Spaces are rare, so the cut mostly falls where the limit does, not at a word boundary.
      fc.property(fc.array(fc.oneof({ weight: 1, arbitrary: fc.constant(" ") }, { weight: 30, arbitrary: fc.constantFrom("a", "*", "\\", "[", "<@1>", "😀") }), { minLength: 200, maxLength: 400 }), (bits) => {
        const text = bits.join("");
        const summary: Summary = {
          version: 1,
          topic: text,
          speakers: [{ id: "s1", name: text, stance: text.repeat(12), positions: [] }],
          agreements: [text.repeat(4)],
          contentions: [{ point: text, sides: [{ speaker: "s1", position: text.repeat(4) }] }],
          open_questions: [],
          provenance: { mode: "extractive", model: "extractive", provider: "local", prompt_version: "extractive-1", calls: 0, prompt_tokens: 0, completion_tokens: 0, dropped_claims: 0, missing: [], cached: false },
        };
        const embeds = renderSummaryForDiscord(summary, "r").messages.flatMap((m) => m.embeds);
        for (const { text: part } of embedTexts(embeds)) {
          expect(liveConstructs(part, templateMarks), part).toEqual([]);
          // No lone surrogate either (with the u flag only a lone one matches): half an emoji is not text.
          expect(part).not.toMatch(/[\uD800-\uDFFF]/u);
        }
      }),
      { numRuns: 300 },
    );
  });
});
