import { describe, expect, it } from "vitest";
import { readRawMail } from "../core/readers/mail/raw-mail.js";
import { readMail } from "../core/readers/mail/read-mail.js";
import { summariseExtractive } from "../core/summary/extractive.js";
import type { Thread } from "../core/thread/model.js";
import { markerFreeWords } from "./support/depth-agreement.js";
import { BASELINES } from "./support/hostile.js";

// Inputs under the 2 MB limit whose lines, turns or mentions outnumber what a call takes as arguments
// (about 120k): each once overflowed the stack where an array was spread into a call.
describe("inputs with more pieces than a call takes arguments", () => {
  it("reads one flattened line that recovers 128k quoted lines", () => {
    const thread = readMail("> a ".repeat(128_000));
    expect(thread.segments.map((s) => s.text.split(/\s+/u).filter((w) => w === "a").length).reduce((a, b) => a + b, 0)).toBe(128_000);
  });

  it("summarises 130k turns", () => {
    const thread = readMail("a.\n> b.\n".repeat(65_000));
    expect(thread.turns.length).toBe(130_000);
    expect(summariseExtractive(thread).speakers.length).toBeGreaterThan(0);
  });

  it("reads a raw message whose body holds 130k attributions", async () => {
    const body = Array.from({ length: 130_000 }, (_, i) => `P${i} wrote:\n> x\n`).join("");
    const thread = await readRawMail(`From: A <a@x.org>\nMessage-ID: <1@x.org>\nMIME-Version: 1.0\nSubject: re\n\n${body}`);
    expect(thread.speakers.some((s) => s.name === "P129999")).toBe(true);
  });
});

/**
 * Where `actual` (the parse's words, segment by segment) stops following `expected`, or undefined
 * when it holds every word once and in order; words are compared as they come, since a 20 MB paste
 * is millions of them.
 */
function firstLoss(thread: Thread, expected: readonly string[]): string | undefined {
  let i = 0;
  for (const [s, seg] of thread.segments.entries()) {
    for (const word of markerFreeWords(seg.text)) {
      if (expected[i] !== word) return `segment ${s}, word ${i}: got ${JSON.stringify(word)}, expected ${JSON.stringify(expected[i])}`;
      i++;
    }
  }
  return i === expected.length ? undefined : `the parse ends at word ${i} of ${expected.length}`;
}

// No timing or memory here (that is `npm run bench -- parse`): the largest pastes the limit can be
// raised to go through whole. A case may take a minute on a loaded machine.
describe("pastes of 20 MB", () => {
  const bytes = 20_000_000;
  it.each([BASELINES.multiline, BASELINES.flat].map((g) => [g.name, g] as const))("%s keeps every word once, in order", (_name, gen) => {
    const text = gen.make(bytes);
    expect(firstLoss(readMail(text), markerFreeWords(text))).toBeUndefined();
  }, 600_000);
});
