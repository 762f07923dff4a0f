import { describe, expect, it } from "vitest";
import { chunkThread } from "../core/chunk/chunker.js";
import type { Tokenizer } from "../core/chunk/tokenizer.js";
import { normalisePaste } from "../core/queue/store.js";
import { readThread } from "../core/readers/read-thread.js";
import { summariseExtractive } from "../core/summary/extractive.js";
import { SummarySchema } from "../core/summary/model.js";
import type { Thread } from "../core/thread/model.js";
import { markerFreeWords, wordDepths } from "./support/depth-agreement.js";

/*
 * Long lines made of the attack strings regexp/no-super-linear-* reports (see eslint.config.js),
 * each where the pattern it attacks runs. No time is asserted: each case takes well under a second,
 * while with one super-linear pattern back a 128 KB line takes from a minute (failed by vitest's
 * timeout) to hours (a run that visibly hangs). Speed itself is the hostile bench's to measure.
 */

const KB = 1024;
const LONG = 128 * KB;

/** `unit` repeated to exactly `length` characters. */
const run = (unit: string, length = LONG): string => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

// A header block around a field value: the `From:` line needs one more field to be a header.
const fromField = (value: string): string => `From: ${value}\nSubject: hi\n\nThe body of the message.\n`;
const toField = (value: string): string => `From: Ann Lee <ann@example.org>\nTo: ${value}\nSubject: hi\n\nThe body.\n`;

const CASES: [string, string][] = [
  // The cubic one: a Lotus `Name/Org@Domain` cut tried from every `/`, each `@` splitting the rest.
  ["a From: value of /@ (16 KB)", fromField(`${run("/@", 16 * KB)} x`)],
  ["a From: value of /@", fromField(`${run("/@")} x`)],
  ["a From: value of a@", fromField(`${run("a@")} x`)],
  ["a From: value of @", fromField(`x${run("@")} x`)],
  ["a From: value of commas", fromField(`x${run(",")}x`)],
  ["a From: value of bracketed address starts", fromField(`${run("<a@")} x`)],
  ["a From: value of quote marks", fromField(`x${run("'")}x`)],
  ["a To: value of blanks", toField(`${run(" \t")}x`)],
  ["a Lotus From: line of blanks", `Ann Lee${run(" ")}on 09/08/2000 12:05 PMx\nSubject: hi\n\nThe body.\n`],
  ["a forwarded-by rule of dashes", `----- Forwarded by ${run("-")}x\nFrom: a@b.org\nSubject: hi\n\nThe body.\n`],
  ["a subject of blanks", `-----Original Message-----\nFrom: a@b.org\nSubject:${run(" \t")}x\n\nThe body.\n`],
  ["prose with a blank run", `Some text${run(" \t")} more text!`],
  ["prose with blank lines", `Some text.${run(" \n")}more text`],
  ["prose with blank lines and tabs", `Some text${run("\t\n\n")}more text`],
  ["prose with closing quotes after a full stop", `Done.${run('"')}x and more`],
  ["prose with closing apostrophes", `Done.${run("’")} x`],
  ["prose with opening brackets", `x${run("[")} x`],
  ["prose with angle brackets", `x${run("<")} x`],
  ["prose with parentheses", `x${run("(")} x`],
  ["prose with addresses", `x${run("a@")} x`],
  ["prose with commas", `x${run(", ")}x`],
  ["prose with hidden addresses", `x${run("a at ")}b`],
  ["a closing of blanks", `Thanks${run(" \t")} x`],
  ["a closing of commas", `Thanks${run(",")}x`],
  ["a sign-off of commas", `Thanks,${run(", ")} Jason!`],
  ["a sign-off of dashes", `Thanks${run(" -")} Jason!`],
  ["an attribution of blanks", `On Mon, Jason${run(" ")} wrote:`],
  ["an attribution of brackets", `* ${run("[")} wrote:`],
  ["an attribution of addresses", `x ${run("a@")}> wrote:\n> quoted text`],
  ["a quoted line of blanks", `Hello.\n\n> quoted${run(" \t")}x\n\nReply text.`],
  ["a snip marker of dashes", `${run("-")} snip x`],
  // Flattened text: every colon after a lead word could end an attribution that began 40 words back,
  // which cost 2.7 s for 64 KB; at 2 MB a return of it fails by vitest's timeout.
  ["flat lead words and colons (2 MB)", run("On a: ", 2048 * KB)],
  ["flat dated clauses ending on colons (2 MB)", run("On Thursday at 10:02 we met: ", 2048 * KB)],
];

// Raw messages (.eml): the header goes to mailparser, after the `From:` value is searched for a hidden address.
const RAW_CASES: [string, string][] = [
  ["a raw mail From: of one long word", `From: ${run("x")} y\nTo: b@c.org\nSubject: s\nDate: Mon, 1 Jan 2001 00:00:00 +0000\nMessage-ID: <1@c.org>\n\nThe body.\n`],
  ["a raw mail From: of names via a list", `From: ${run("Ann ")}via list <l@c.org>\nTo: b@c.org\nSubject: s\nDate: Mon, 1 Jan 2001 00:00:00 +0000\nMessage-ID: <1@c.org>\n\nThe body.\n`],
];

// Characters over four: the chunker's own splitting is under test here, not the BPE tokenizer's cost.
const quarter = (text: string): number => Math.ceil(text.length / 4);
const tokenizer: Tokenizer = {
  encoding: "o200k_base",
  countTokens: quarter,
  countTokensAsync: (text) => Promise.resolve(quarter(text)),
  seamTokens: (before, after) => quarter(before + after) - quarter(before) - quarter(after),
};

const nonBlank = (text: string): string => text.replace(/\s/gu, "");
const contentText = (thread: Thread): string =>
  thread.segments
    .filter((s) => s.role === "content")
    .map((s) => s.text)
    .join("");

describe("hostile long lines", () => {
  it.each(CASES)("%s: parsed with every word kept", async (_, text) => {
    const thread = await readThread(text);
    expect(wordDepths(thread).map((w) => w.word)).toEqual(markerFreeWords(text));
  });

  it.each(RAW_CASES)("%s: parsed with the body kept", async (_, text) => {
    const thread = await readThread(text);
    expect(wordDepths(thread).map((w) => w.word)).toEqual(["The", "body."]);
    // A name is shown in every chunk header and embed: a header's megabytes are not all name.
    for (const s of thread.speakers) expect(s.name.length).toBeLessThanOrEqual(81);
  });

  it.each([...CASES, ...RAW_CASES])("%s: chunked and summarised", async (_, text) => {
    const thread = await readThread(text);
    const chunks = chunkThread(thread, { maxTokens: 2000, tokenizer });
    // Every character of the content reaches a chunk, once (cut at paragraphs, sentences or words).
    const sent = chunks.flatMap((c) => c.parts.filter((p) => p.kind === "content").map((p) => p.text)).join("");
    expect(nonBlank(sent)).toBe(nonBlank(contentText(thread)));
    expect(SummarySchema.safeParse(summariseExtractive(thread)).success).toBe(true);
  });

  it.each(CASES)("%s: stored as a paste", (_, text) => {
    expect(nonBlank(normalisePaste(text))).toBe(nonBlank(text));
  });
});
