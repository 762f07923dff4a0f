import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { labelBody } from "../core/readers/mail/body.js";
import { endsOnColon, endsSentence, quotedLineAt, splitQuotePrefix } from "../core/readers/mail/lines.js";

/** Each line of `text` read in place, as toQuotedLines reads a paste. */
function inPlace(text: string): { depth: number; text: string }[] {
  const out: { depth: number; text: string }[] = [];
  for (let start = 0; start <= text.length; ) {
    const found = text.indexOf("\n", start);
    const end = found < 0 ? text.length : found;
    const { depth, text: rest } = quotedLineAt(text, start, end);
    out.push({ depth, text: rest });
    start = end + 1;
  }
  return out;
}

/** Each line of `text` split off first, then read. */
function split(text: string): { depth: number; text: string }[] {
  return text.split("\n").map((l) => {
    const { depth, text: rest } = splitQuotePrefix(l);
    return { depth, text: rest };
  });
}

describe("lines read in place", () => {
  it("give the depth and text that splitting the paste into lines gives", () => {
    const paste = ["On Mon, Ann Lee <ann@example.org> wrote:", "> > the queue drains", ">>\tfirst", " > indented", ">", "", "plain > not a prefix", ""].join("\n");
    expect(inPlace(paste)).toEqual(split(paste));
    expect(inPlace(paste)[1]).toEqual({ depth: 2, text: "the queue drains" });
  });

  it("agree with splitting on any text of markers, blanks and words", () => {
    const text = fc.array(fc.constantFrom(">", " ", "\t", "\n", "a", "b c"), { maxLength: 40 }).map((parts) => parts.join(""));
    const agrees = fc.property(text, (t) => {
      expect(inPlace(t)).toEqual(split(t));
    });
    fc.assert(agrees, { seed: 20261205, numRuns: 300 });
  });
});

describe("labelBody", () => {
  it("labels the lines it is given rather than copies of them", () => {
    const lines = ["On Mon, Ann Lee <ann@example.org> wrote:", "> The queue never drains.", "", "It does after the patch."].map(splitQuotePrefix);
    const { lines: labelled } = labelBody(lines);
    expect(labelled).toHaveLength(lines.length);
    labelled.forEach((line, i) => expect(line).toBe(lines[i]));
    expect(labelled.map((l) => l.role)).toEqual(["attribution", "content", "content", "content"]);
    expect(labelled[1]?.owner?.names).toEqual(["Ann Lee"]);
  });

  it("reads a word's closing colon as the pattern it stands for does", () => {
    const pattern = /[:：]$/u;
    for (const word of ["", ":", "wrote:", "写道：", "a:b", "note", "x: ", "：）", "😀:"]) expect(endsOnColon(word), word).toBe(pattern.test(word));
  });

  it("reads a line's sentence end as the pattern it stands for does", () => {
    const pattern = /[.?!:;)\]"'”’]\s*$/u;
    for (const text of ["", "  ", "done.", "done. \t", "why?\u00a0", "so:", "(b)", "[c] ", 'said "no"', "it’s", "see “this”", "cut after", "a, ", "x\u2028", "😀", "a-"]) expect(endsSentence(text), JSON.stringify(text)).toBe(pattern.test(text));
  });
});
