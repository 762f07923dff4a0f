import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { jsonPieces, writeJsonLine } from "../core/cli/json-out.js";
import { readMail } from "../core/readers/mail/read-mail.js";

const thread = readMail("Hi Bo,\n\nOn Mon, Ann Lee <ann@example.org> wrote:\n> Ship it on \"Friday\"?\n\nYes, ship it.\n\nThanks,\nBo\n");

describe("JSON written in pieces", () => {
  it("is JSON.stringify's text, arrays one element a piece", () => {
    const pieces = [...jsonPieces(thread)];
    expect(pieces.join("")).toBe(JSON.stringify(thread));
    expect(pieces).toContain(`${JSON.stringify(thread.segments[0])}`);
  });

  it("leaves out and writes null where JSON.stringify does", () => {
    const odd = { a: undefined, b: [1, undefined, () => 0, "x"], c: () => 0, d: { e: undefined, f: 2 }, g: [] };
    expect([...jsonPieces(odd)].join("")).toBe(JSON.stringify(odd));
  });

  it("writes one line in batches to a stream that asks it to wait", async () => {
    // A stream whose buffer fills at once: every batch waits for the reader.
    const out = new PassThrough({ highWaterMark: 1 });
    const chunks: string[] = [];
    out.on("data", (c: Buffer) => chunks.push(c.toString("utf8")));
    const big = { segments: Array.from({ length: 60_000 }, (_, i) => ({ text: `line ${i} of the thread` })) };
    await writeJsonLine(out, big);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join("")).toBe(`${JSON.stringify(big)}\n`);
  });
});
