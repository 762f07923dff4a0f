import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isOwnWords, normaliseForMatch, ownWords } from "../core/summary/grounding.js";
import { sentencesOf } from "../core/summary/sentences.js";
import type { Segment, Thread } from "../core/thread/model.js";

// Seeded so a failure reproduces on every machine; change the seed to explore new cases.
const SEED = 20240611;

/** The segmenter given the whole paragraph at once: what `sentencesOf` cuts into pieces and windows. */
const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });
function wholeParagraph(paragraph: string): string[] {
  const flat = paragraph.replace(/\s+/gu, " ").trim();
  if (flat === "") return [];
  return [...segmenter.segment(flat)].map((s) => s.segment.trim()).filter((s) => s !== "");
}

// Words, abbreviations, numbers, terminators (ASCII and others), closing marks, spaces, line and
// paragraph separators, combining marks: the pieces that decide where sentences end.
const TOKENS = ["a", "b", "B", "Zed", "hello", "World", "e.g.", "Mr.", "U.S.", "3", "3.5", "١", ".", "!", "?", "?!", "...", ")", "(", '"', "'", "’", "”", "«", "»", "[", "]", "{", "}", " ", " ", "  ", "\n", "\u0085", "。", "؟", "।", "\u2024", "\uff0e", "É", "é", "Σ", "ς", "\u0301", "\u00ad", ",", ";", "-"];
// No capitals and `!`/`?` never followed by a word: text without a place the pieces can be cut at,
// so long paragraphs are segmented a window at a time.
const UNCUT = ["a", "hello", "e.g.", "3", "3.5", ".", "! (", "? [", "...", ")", '"', "’", " ", " ", "  ", "\u0085", "。", "é", "ς", "\u0301", ",", "-"];

// Long enough to be cut into pieces (512 characters) and windows (over 1024).
const paragraph = (tokens: readonly string[]): fc.Arbitrary<string> => fc.array(fc.constantFrom(...tokens), { minLength: 0, maxLength: 2000, size: "max" }).map((t) => t.join(""));

describe("sentencesOf", () => {
  it("finds the sentences the segmenter finds in the whole paragraph", () => {
    fc.assert(
      fc.property(paragraph(TOKENS), (text) => {
        expect(sentencesOf(text)).toEqual(wholeParagraph(text));
      }),
      { seed: SEED, numRuns: 200, endOnFailure: true },
    );
  });

  it("finds them too in long text segmented a window at a time", () => {
    fc.assert(
      fc.property(paragraph(UNCUT), (text) => {
        expect(sentencesOf(text)).toEqual(wholeParagraph(text));
      }),
      { seed: SEED, numRuns: 200, endOnFailure: true },
    );
  });
});

describe("ownWords", () => {
  const words = ["we", "should", "keep", "the", "old", "path", "No", "it", "breaks", "users"];
  const segmentArb = fc.record({
    speaker: fc.constantFrom("s1", "s2", null),
    role: fc.constantFrom("content", "content", "signature") as fc.Arbitrary<Segment["role"]>,
    text: fc.array(fc.constantFrom(...words, ",", ".", "\n"), { maxLength: 8 }).map((w) => w.join(" ")),
  });
  const threadArb = fc.array(segmentArb, { maxLength: 12 }).map(
    (segs): Thread => ({
      version: 1,
      source: "test",
      speakers: [],
      segments: segs.map((s) => ({ ...s, depth: 0, message: 0 })),
      turns: [],
    }),
  );
  const quoteArb = fc.array(fc.constantFrom(...words, "WE", "—", "\n"), { minLength: 1, maxLength: 5 }).map((w) => w.join(" "));

  it("grounds a quote exactly when one of the speaker's own segments holds it at word boundaries", () => {
    fc.assert(
      fc.property(threadArb, fc.constantFrom("s1", "s2", "s3"), quoteArb, (thread, speaker, quote) => {
        const needle = ` ${normaliseForMatch(quote)} `;
        const expected =
          needle.trim() !== "" && thread.segments.some((s) => s.role === "content" && s.speaker === speaker && ` ${normaliseForMatch(s.text)} `.includes(needle));
        expect(isOwnWords(ownWords(thread), speaker, quote)).toBe(expected);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});
