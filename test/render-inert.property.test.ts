import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inert, inertLine, renderDigestForDiscord, renderSummaryForDiscord } from "../bot/render.js";
import type { DigestThread } from "../core/queue/contracts.js";
import type { Summary } from "../core/summary/model.js";

// An independent reading of Discord's Markdown, written from its rules rather than from bot/render.ts:
// `\` followed by any character that is not a letter, digit or whitespace shows that character
// literally (simple-markdown's escape rule); everything else below is what Discord would turn
// into a link, a mention or formatting. It over-approximates (a lone `_` or `*` counts as live)
// so that anything it passes is certainly inert.

const escapable = (c: string | undefined): boolean => c !== undefined && !/[0-9A-Za-z\s]/u.test(c);
const isSpace = (c: string): boolean => c !== "\n" && /\s/u.test(c);

/** Positions of a line's characters that the template itself styles with (its `**Name:**`, `*stance*`, `> “evidence”`). */
function templateMarks(line: string): Set<number> {
  const marks = new Set<number>();
  if (line.startsWith("> “")) marks.add(0);
  if (line.startsWith("*Contention:*")) return new Set([0, 12]);
  if (line.startsWith("**")) {
    marks.add(0).add(1);
    for (let i = 2; i < line.length; i++) {
      if (line[i] === "\\") i++;
      else if (line.startsWith(":**", i)) return marks.add(i + 1).add(i + 2);
    }
    return marks;
  }
  if (line.startsWith("*")) {
    marks.add(0);
    // The closing star, when the cut left it, is the last character and not itself escaped.
    let end = -1;
    for (let i = 1; i < line.length; i++) {
      if (line[i] === "\\") i++;
      else if (i === line.length - 1 && line[i] === "*") end = i;
    }
    if (end > 0) marks.add(end);
  }
  return marks;
}

/**
 * Every construct in `text` that Discord would render live, as short descriptions. `template`
 * exempts the template's own markers (see templateMarks); inert() output is checked without it.
 */
function liveConstructs(text: string, template = false): string[] {
  const found: string[] = [];
  let lineStart = true;
  let marks = template ? templateMarks(text.split("\n", 1)[0] ?? "") : new Set<number>();
  let lineOffset = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "\n") {
      lineStart = true;
      lineOffset = i + 1;
      marks = template ? templateMarks(text.slice(lineOffset).split("\n", 1)[0] ?? "") : new Set<number>();
      continue;
    }
    if (lineStart && isSpace(c)) continue;
    const atLineStart = lineStart;
    lineStart = false;
    if (c === "\\") {
      const next = text[i + 1];
      if (next === "…") found.push(`backslash escaping the ellipsis at ${i}`);
      else if (!escapable(next) || next === undefined || next.charCodeAt(0) > 0x7e) found.push(`stray backslash at ${i}`);
      i++;
      continue;
    }
    const ours = marks.has(i - lineOffset);
    const rest = text.slice(i);
    if (atLineStart && !ours) {
      if (/^(?:#|-|\+|>|\*)/u.test(rest)) found.push(`line-start marker ${JSON.stringify(rest.slice(0, 4))}`);
      if (/^\d+\./u.test(rest)) found.push(`numbered list ${JSON.stringify(rest.slice(0, 6))}`);
    }
    if (c === "[") {
      // A masked link: an unescaped `](` later on, escapes honoured.
      for (let j = i + 1; j < text.length; j++) {
        if (text[j] === "\\") j++;
        else if (text[j] === "]" && text[j + 1] === "(") {
          found.push(`masked link ${JSON.stringify(text.slice(i, j + 2))}`);
          break;
        }
      }
    }
    if (/^\w+:\/\//u.test(rest) && !/\w/u.test(text[i - 1] ?? "")) found.push(`autolink ${JSON.stringify(rest.slice(0, 12))}`);
    if (c === "<" && /^<(?:[@#/:]|\w+:)/u.test(rest)) found.push(`mention ${JSON.stringify(rest.slice(0, 6))}`);
    if (/^@(?:everyone|here)/iu.test(rest)) found.push(`mass mention ${JSON.stringify(rest.slice(0, 9))}`);
    if (c === "*" && !ours) found.push(`emphasis * at ${i}`);
    if (c === "_" || c === "`") found.push(`${c} at ${i}`);
    if ((c === "~" || c === "|") && text[i + 1] === c) found.push(`${c}${c} at ${i}`);
  }
  return found;
}

/** What Discord shows for escaped text: each escape replaced by the character it escapes. */
const shown = (text: string): string => text.replace(/\\([^0-9A-Za-z\s])/gu, "$1");

// Text biased toward everything Markdown-significant, mixed with arbitrary unicode.
const pieces = [
  "[a](https://x)", "[verify your account here](https://evil.example/login)", "](", "[", "]", "(", ")",
  "https://", "http://a.bc", "steam://run", "ftp://h", "<https://x.y>", "<x:/y>", ":", "/",
  "<@123>", "<@!123>", "<#1>", "<@&1>", "</a:1>", "<t:1>", "<t:1:R>", "<:e:1>", "<a:e:1>", "<id:home>", "<", "@", "@everyone", "@here", "@Everyone",
  "#", "# ", "## ", "### ", "-# ", ">", "> ", ">>> ", "- ", "* ", "+ ", "1. ", "12.", "*", "**", "_", "__", "~", "~~", "|", "||", "`", "```",
  "\\", "\\\\", "\\*", "\n", "\n\n", "\r\n", " ", "  ", "\t", "\u00a0", "\u2028", "…", "é", "😀", "\u202e", "a", "word",
];
const messy = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pieces) }, { weight: 1, arbitrary: fc.string({ maxLength: 6, unit: "grapheme" }) }), { maxLength: 14 })
  .map((parts) => parts.join(""));
const named = messy.map((s) => s || "n");

const ids = ["s1", "s2", "s3"];
const summaryArb: fc.Arbitrary<Summary> = fc.record({
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
const threadArb: fc.Arbitrary<DigestThread> = fc.record({
  job: fc.constant("sum-1"),
  at: fc.constant(1_700_000_000_000),
  topic: messy,
  stances: fc.array(fc.record({ name: named, stance: messy }), { maxLength: 4 }),
  contention: fc.option(fc.record({ point: named, sides: fc.array(fc.record({ name: named, position: messy }), { maxLength: 3 }) }), { nil: null }),
});

/** Every part of an embed that shows text, marked single-line where Discord shows one line. */
function parts(embeds: readonly { title?: string; description?: string; fields?: { name: string; value: string }[]; footer?: { text: string } }[]) {
  const out: { text: string; singleLine: boolean }[] = [];
  for (const e of embeds) {
    if (e.title !== undefined) out.push({ text: e.title, singleLine: true });
    if (e.description !== undefined) out.push({ text: e.description, singleLine: false });
    for (const f of e.fields ?? []) out.push({ text: f.name, singleLine: true }, { text: f.value, singleLine: false });
  }
  return out;
}

describe("the checker itself", () => {
  it("sees the live constructs Discord would render, and not escaped ones", () => {
    expect(liveConstructs("[a](https://x) and [b](https://y)")).toEqual(expect.arrayContaining(['masked link "[a]("', 'masked link "[b]("', 'autolink "https://x) a"']));
    expect(liveConstructs("\\[a](https\\://x)")).toEqual([]);
    expect(liveConstructs("x\n-# small")).toEqual(['line-start marker "-# s"']);
    expect(liveConstructs(">>> q")).toEqual(['line-start marker ">>> "']);
    expect(liveConstructs("a <@1> @here \\<#2> \\@everyone")).toEqual(['mention "<@1> @"', 'mass mention "@here \\\\<#"']);
    expect(liveConstructs("ends\\…")).toEqual(["backslash escaping the ellipsis at 4"]);
    expect(liveConstructs("**Eve:** *hi*", true)).toEqual(["emphasis * at 9", "emphasis * at 12"]);
    expect(liveConstructs("*stance \\* here*\n> “q”\n• c", true)).toEqual([]);
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
        expect(liveConstructs(`${prefix}${single}`, true)).toEqual([]);
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
        for (const { text, singleLine } of parts(embeds)) {
          expect(liveConstructs(text, true), text).toEqual([]);
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
        for (const { text, singleLine } of parts(embeds)) {
          expect(liveConstructs(text, true), text).toEqual([]);
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
        for (const { text: part } of parts(embeds)) {
          expect(liveConstructs(part, true), part).toEqual([]);
          // No lone surrogate either (with the u flag only a lone one matches): half an emoji is not text.
          expect(part).not.toMatch(/[\uD800-\uDFFF]/u);
        }
      }),
      { numRuns: 300 },
    );
  });
});
