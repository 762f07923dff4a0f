import { describe, expect, it } from "vitest";
import { readRawMail } from "../core/readers/mail/raw-mail.js";
import { readMail } from "../core/readers/mail/read-mail.js";
import { summariseExtractive } from "../core/summary/extractive.js";

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
