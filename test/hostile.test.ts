import { describe, expect, it } from "vitest";
import { chunkThread } from "../core/chunk/chunker.js";
import { tokenizerFor } from "../core/chunk/tokenizer.js";
import { readThread } from "../core/readers/read-thread.js";
import { summariseExtractive } from "../core/summary/extractive.js";
import type { Thread } from "../core/thread/model.js";
import { markerFreeWords, wordDepths } from "./support/depth-agreement.js";
import { ALL_GENERATORS, type HostileGenerator } from "./support/hostile.js";

// No timing here: speed is `npm run bench -- hostile`. This file says every hostile shape goes
// through the parser, the chunker and the offline summary without throwing and without losing text.

const SIZE = 64 * 1024;
// Small enough that a 64 KiB text is cut into several chunks, so cutting at paragraphs, sentences,
// words and characters all meet the hostile shapes.
const MAX_TOKENS = 2_000;
const tokenizer = tokenizerFor("gpt-5-mini");
// Not a speed limit (that is the bench's): on a loaded machine a case must fail on what it loses,
// not on the default 60 s.
const CASE_TIMEOUT_MS = 300_000;

/**
 * The first index where two sequences (words, or characters) differ, with a little context, or
 * undefined when equal: a readable failure where a diff of 64 KiB would not be.
 */
function firstDifference(actual: readonly string[], expected: readonly string[]): string | undefined {
  const n = Math.max(actual.length, expected.length);
  for (let i = 0; i < n; i++) {
    if (actual[i] !== expected[i]) {
      const around = (xs: readonly string[]): string => JSON.stringify(xs.slice(Math.max(0, i - 3), i + 4));
      return `item ${i} of ${expected.length}: got ${around(actual)}, expected ${around(expected)}`;
    }
  }
  return undefined;
}

/** Where `sub` stops being an in-order selection of `words`, or undefined when it is one. */
function notSubsequence(sub: readonly string[], words: readonly string[]): string | undefined {
  let j = 0;
  for (const [i, w] of sub.entries()) {
    while (j < words.length && words[j] !== w) j++;
    if (j === words.length) return `word ${i} ${JSON.stringify(w)} of the parse is not in the input after the words before it`;
    j++;
  }
  return undefined;
}

const visible = (text: string): string => text.replace(/\s+/gu, "");

/** Content text of the thread, whitespace dropped: what the chunks must carry, in order. */
const contentText = (thread: Thread): string =>
  thread.segments
    .filter((s) => s.role === "content")
    .map((s) => visible(s.text))
    .join("");

describe("hostile generators", () => {
  it("give exactly the size asked for, the same text for the same seed", () => {
    for (const gen of ALL_GENERATORS) {
      for (const bytes of [1, 100, 4_097, SIZE]) {
        const text = gen.make(bytes);
        expect(Buffer.byteLength(text, "utf8"), gen.name).toBe(bytes);
        expect(gen.make(bytes), gen.name).toBe(text);
      }
    }
  });
});

/** Parses, chunks and summarises `gen`'s text of `bytes`, checking that nothing is lost on the way. */
async function expectIntact(gen: HostileGenerator, bytes: number): Promise<void> {
  const text = gen.make(bytes);
  const thread = await readThread(text);
  const words = wordDepths(thread).map((w) => w.word);
  // The raw-mail reader drops header fields, so there the parse need only keep the input's order.
  const lost = gen.raw ? notSubsequence(words, markerFreeWords(text)) : firstDifference(words, markerFreeWords(text));
  expect(lost).toBeUndefined();

  const chunks = chunkThread(thread, { maxTokens: MAX_TOKENS, tokenizer });
  for (const chunk of chunks) expect(chunk.tokens).toBeLessThanOrEqual(MAX_TOKENS);
  const carried = chunks.map((c) => c.parts.map((p) => visible(p.text)).join("")).join("");
  expect(firstDifference([...carried], [...contentText(thread)])).toBeUndefined();

  const summary = summariseExtractive(thread);
  const ids = new Set(thread.speakers.map((s) => s.id));
  for (const speaker of summary.speakers) expect(ids.has(speaker.id)).toBe(true);
}

/** The case as a test: parsed, chunked and summarised with no text lost. */
function intactCase(gen: HostileGenerator, bytes: number): void {
  it("is parsed, chunked and summarised without losing text", () => expectIntact(gen, bytes), CASE_TIMEOUT_MS);
}

describe.each(ALL_GENERATORS.map((g) => [g.name, g] as const))("hostile input %s at 64 KiB", (_name, gen) => {
  intactCase(gen, SIZE);
});

/**
 * Shapes at the size where they used to break: a count of lines or turns, not bytes, overflowed the
 * stack when spread into one call; one long line exhausted the summary's memory. Cheap shapes only,
 * so the file stays quick.
 */
const AT_SIZE: readonly { name: string; bytes: number }[] = [
  { name: "quote-alternation", bytes: 512 * 1024 },
  { name: "line-words", bytes: 1024 * 1024 },
  { name: "signoffs-flat", bytes: 1024 * 1024 },
];

describe.each(AT_SIZE.map((c) => [c.name, c.bytes / 1024, c] as const))("hostile input %s at %i KiB", (name, _kib, c) => {
  const gen = ALL_GENERATORS.find((g) => g.name === name);
  if (gen === undefined) throw new Error(`no hostile generator ${name}`);
  intactCase(gen, c.bytes);
});
