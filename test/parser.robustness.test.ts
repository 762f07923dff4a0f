import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readMail } from "../core/readers/mail/read-mail.js";
import { markerFreeWords, wordDepths } from "./support/depth-agreement.js";

// Mail-ish noise: words, quote markers, attribution and signature fragments, odd whitespace.
const token = fc.oneof(
  fc.constantFrom(">", ">>", "> >", "wrote:", "On", "Tue,", "--", "-Daniel", "Thanks,", "From:", "Subject:", "[...]", "<a@b.c>", "\n", "\n\n", "\t", "\r\n"),
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.stringMatching(/^[A-Za-z]{1,10}[.,?:]?$/),
);
const mailish = fc.array(token, { maxLength: 300 }).map((t) => t.join(" "));

describe("readMail on arbitrary input", () => {
  it("never throws and keeps every word, once, in order", () => {
    fc.assert(
      fc.property(mailish, (text) => {
        const thread = readMail(text);
        expect(wordDepths(thread).map((w) => w.word)).toEqual(markerFreeWords(text));
        for (const seg of thread.segments) expect(seg.speaker === null || thread.speakers.some((s) => s.id === seg.speaker)).toBe(true);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it("handles pathological lines (a long run of markers, one huge word) without stalling", () => {
    const markers = `${"> ".repeat(5000)}text`;
    const blob = "x".repeat(200_000);
    // Runs of thousands of markers inside a flattened paste: the search must not go quadratic.
    const inline = `Hello there, On Tue Bob wrote: ${"> ".repeat(20000)}text and more words ${"> ".repeat(20000)} end`;
    for (const text of [markers, blob, `${blob} > ${blob}`, "> ".repeat(20000), inline]) {
      expect(() => readMail(text)).not.toThrow();
    }
  });
});
