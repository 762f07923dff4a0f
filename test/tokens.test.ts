import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import * as cl100k from "gpt-tokenizer/encoding/cl100k_base";
import * as o200k from "gpt-tokenizer/encoding/o200k_base";
import { describe, expect, it } from "vitest";
import { EXACT_RUN_BYTES, MAX_RUN_BYTES, tokenPieces } from "../core/chunk/token-pieces.js";
import { tokenizerFor } from "../core/chunk/tokenizer.js";

/*
 * Token counting in pieces against gpt-tokenizer counting the whole text at once: equal on
 * ordinary text, within a token or so per forced cut on long runs.
 */

const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };
const encodings = [
  { name: "o200k_base", tokenizer: tokenizerFor("gpt-4o"), exact: (t: string) => o200k.countTokens(t, PLAIN_TEXT) },
  { name: "cl100k_base", tokenizer: tokenizerFor("gpt-4"), exact: (t: string) => cl100k.countTokens(t, PLAIN_TEXT) },
] as const;

const root = new URL("..", import.meta.url).pathname;
const corpus = readdirSync(join(root, "test/fixtures/corpus"))
  .filter((f) => f.endsWith(".txt"))
  .map((f) => readFileSync(join(root, "test/fixtures/corpus", f), "utf8"));

/** Characters of every class the pre-tokenizers tell apart, and sequences they treat specially. */
const SYMBOLS = ["a", "b", "Z", "Q", "é", "e\u0301", "'", "s", "t", "1", "2", "9", ".", ",", "/", "@", "+", "=", "-", "<|endoftext|>",
  "中", "文", "😀", "🎉", "\u0301", "ß", "İ", "Ä", "ｱ", "ـ", "١", "\u00a0", "\u3000", " ", "\t", "\n", "\r\n"];
const WORD_SYMBOLS = SYMBOLS.filter((s) => !/\s/u.test(s));

/** Mail-like text: words of up to 16 symbols, each followed by whitespace that starts with a space or tab. */
const ordinaryText = fc
  .array(
    fc.tuple(
      fc.array(fc.constantFrom(...WORD_SYMBOLS), { minLength: 1, maxLength: 16 }),
      fc.constantFrom(" ", "\t", "  ", " \n", " \n\n", "\t\r\n  ", "\n", ".\n\n"),
    ),
    { maxLength: 300 },
  )
  .map((words) => words.map(([w, sep]) => w.join("") + sep).join(""));

/** Anything: runs of one symbol up to 600 long mixed with single symbols. */
const anyText = fc
  .array(fc.tuple(fc.constantFrom(...SYMBOLS), fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 600 }))), { maxLength: 40 })
  .map((runs) => runs.map(([s, n]) => s.repeat(n)).join(""));

describe("token counting in pieces", () => {
  it("counts every corpus file and the example exactly as the encoder does", () => {
    const example = readFileSync(join(root, "examples/lkml-accel-flattened.txt"), "utf8");
    for (const { tokenizer, exact } of encodings) {
      for (const text of [...corpus, example]) expect(tokenizer.countTokens(text)).toBe(exact(text));
    }
  });

  it("is exact on text whose runs between spaces are short", () => {
    fc.assert(
      fc.property(ordinaryText, (text) => {
        expect([...tokenPieces(text)].filter((p) => p.forced)).toEqual([]);
        for (const { tokenizer, exact } of encodings) expect(tokenizer.countTokens(text)).toBe(exact(text));
      }),
      { numRuns: 300 },
    );
  });

  it("on any text, is over by at most 4 and under by at most 1 token per forced cut", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const pieces = [...tokenPieces(text)];
        expect(pieces.map((p) => p.text).join("")).toBe(text);
        const forced = pieces.filter((p) => p.forced).length;
        for (const { tokenizer, exact } of encodings) {
          const diff = tokenizer.countTokens(text) - exact(text);
          expect(diff).toBeGreaterThanOrEqual(-forced);
          expect(diff).toBeLessThanOrEqual(4 * forced);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("never cuts right after a whitespace run, whose last character the encoders give to what follows", () => {
    // Found by the property above: 63 no-break spaces then `+` were cut before the `+` and counted 2 under.
    for (const space of ["\u00a0", "\u3000", " ", "\t"]) {
      for (const after of ["+", "a", "1", "中"]) {
        const text = space.repeat(63) + after;
        const pieces = [...tokenPieces(text)];
        // Where each forced piece ends: never where the run does.
        const ends = pieces.map((p, k) => ({ forced: p.forced, end: pieces.slice(0, k + 1).reduce((n, q) => n + q.text.length, 0) }));
        expect(ends.filter((e) => e.forced).map((e) => e.end)).not.toContain(text.length - after.length);
        const forced = pieces.filter((p) => p.forced).length;
        for (const { tokenizer, exact } of encodings) expect(tokenizer.countTokens(text) - exact(text)).toBeGreaterThanOrEqual(-forced);
      }
    }
  });

  it("cuts long runs without spaces into pieces of bounded size", () => {
    // Runs with no pre-token boundary inside: every piece is cut from the run itself.
    const runs = ["a".repeat(200_000), "/@".repeat(100_000), " ".repeat(200_000), "中".repeat(70_000), "😀".repeat(50_000)];
    for (const text of [...runs, randomBytes(150_000).toString("base64")]) {
      const pieces = [...tokenPieces(text)];
      expect(pieces.map((p) => p.text).join("")).toBe(text);
      expect(pieces.length).toBeGreaterThan(50);
      const limit = runs.includes(text) ? MAX_RUN_BYTES : 2048 * 3 + MAX_RUN_BYTES;
      for (const piece of pieces) expect(Buffer.byteLength(piece.text)).toBeLessThanOrEqual(limit);
    }
  });

  it("cuts a long run in the same places whichever offset the count starts from", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz"), { minLength: 4_000, maxLength: 6_000 }), fc.nat(2_000), (letters, skip) => {
        const run = letters.join("");
        const ends = (text: string, offset: number): number[] => {
          const out: number[] = [];
          let at = offset;
          for (const piece of tokenPieces(text)) out.push((at += piece.text.length));
          return out;
        };
        const whole = new Set(ends(run, 0));
        const tail = ends(run.slice(skip), skip);
        // Once a cut of the tail meets one of the whole run's, the two counts are in the same state
        // and every later cut is shared; the hash makes them meet within a few cuts, not by chance.
        const met = tail.findIndex((end) => whole.has(end));
        expect(met).toBeGreaterThanOrEqual(0);
        expect(tail.slice(met).every((end) => whole.has(end))).toBe(true);
        expect((tail[met] ?? Number.POSITIVE_INFINITY) - skip).toBeLessThan(4_000);
      }),
      { numRuns: 200, seed: 1 },
    );
  });

  it("counts text joined at any point as its halves' counts plus the seam's", () => {
    const halves = fc.tuple(fc.oneof(ordinaryText, anyText), fc.oneof(ordinaryText, anyText));
    fc.assert(
      fc.property(halves, ([before, after]) => {
        for (const { tokenizer } of encodings) {
          const seam = tokenizer.seamTokens(before, after);
          expect(tokenizer.countTokens(before + after)).toBe(tokenizer.countTokens(before) + tokenizer.countTokens(after) + seam);
        }
      }),
      { numRuns: 300 },
    );
    // The chunker's seams: a header line before text, a blank line before a header.
    for (const { tokenizer, exact } of encodings) {
      expect(tokenizer.seamTokens("[Ann, depth 0]\n", "Yes.")).toBe(0);
      expect(tokenizer.seamTokens("Yes.\n\n", "[Bob, depth 1]\n")).toBe(0);
      expect(tokenizer.seamTokens("Yes.", "\n\n")).toBe(exact("Yes.\n\n") - exact("Yes.") - exact("\n\n"));
    }
  });

  it("counts a run past its first 64 KiB by its bytes, an upper bound, and the run before it in pieces", () => {
    const letters = Array.from(randomBytes(300_000), (b) => String.fromCharCode(97 + (b % 26))).join("");
    for (const { tokenizer } of encodings) {
      const tokens = tokenizer.countTokens(letters);
      expect(tokens).toBeLessThanOrEqual(Buffer.byteLength(letters));
      // Random letters are about two per token: bytes past the first 64 KiB count one each.
      const first = tokenizer.countTokens(letters.slice(0, EXACT_RUN_BYTES));
      expect(first).toBeLessThan(0.7 * EXACT_RUN_BYTES);
      expect(tokens - first).toBeGreaterThanOrEqual(letters.length - EXACT_RUN_BYTES - MAX_RUN_BYTES);
    }
    expect([...tokenPieces(letters.slice(0, EXACT_RUN_BYTES))].some((p) => p.bound)).toBe(false);
    // A boundary starts a new run: the same letters in lines of 60 KB are counted in pieces, none bound.
    const lines = `${letters.slice(0, 60_000)}\n${letters.slice(60_000, 120_000)}`;
    expect([...tokenPieces(lines)].some((p) => p.bound)).toBe(false);
  });

  it("counts asynchronously to the same total, letting the event loop turn between slices", async () => {
    const paste = "x".repeat(1_500_000) + randomBytes(200_000).toString("base64");
    const tokenizer = tokenizerFor("gpt-4o");
    let turns = 0;
    let counting = true;
    const tick = (): void => {
      turns++;
      if (counting) setImmediate(tick);
    };
    setImmediate(tick);
    const tokens = await tokenizer.countTokensAsync(paste);
    counting = false;
    expect(tokens).toBe(tokenizer.countTokens(paste));
    expect(turns).toBeGreaterThan(1);
  });
});
