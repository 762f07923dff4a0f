import { describe, expect, it } from "vitest";
import { splitQuotePrefix } from "../core/readers/mail/lines.js";
import { endsCutLine, repairRewrapped } from "../core/readers/mail/repair.js";

const depthsOf = (text: string): number[] => repairRewrapped(text.split("\n").map(splitQuotePrefix)).map((l) => l.depth);

describe("re-wrapped quote fragments", () => {
  it("puts a fragment that lost its markers back into its quote", () => {
    const text = ["> > The single sharded worker collection is only needed if you were", "using", "> > CloudSolrStream to send the initial expression."].join("\n");
    expect(depthsOf(text)).toEqual([2, 2, 2]);
  });

  it("repairs a chain of fragments left by re-wrapping at several quote levels", () => {
    const text = [
      "> > > > In that scenario the /export handler would indeed continue",
      "to send",
      "> data.",
      "> > I",
      "> > > > think we can consider this an anti-pattern for the handler.",
    ].join("\n");
    expect(depthsOf(text)).toEqual([4, 4, 4, 4, 4]);
  });

  it("repairs the staircase a line leaves when every level of a deep quote re-wrapped it", () => {
    const text = [
      "> > > > > > until it encounters a broken pipe exception.",
      "This exception",
      "> is",
      "> > > trapped",
      "> > > > > > rather than logged as it is not",
      "considered an",
      "> exception",
      "> > > > > > if the client disconnects early.",
    ].join("\n");
    expect(depthsOf(text)).toEqual([6, 6, 6, 6, 6, 6, 6, 6]);
  });

  it("puts back a paragraph whose re-wrapped lines all kept one marker too few", () => {
    const text = [
      "> > Could you run the failing case once more with the \"verbose\"",
      "> option turned on, and send me the log it writes to the scratch",
      "> directory of the build? That would show where it stalls.",
      "> > ",
      "> Here it is.",
    ].join("\n");
    expect(depthsOf(text)).toEqual([2, 2, 2, 2, 1]);
  });

  it("keeps an interleaved reply that opens a fresh sentence", () => {
    const text = ["> > Have you tried clang-format? It formats the whole file for you.", "> Yes, and I prefer the old style.", "> > Fair enough."].join("\n");
    expect(depthsOf(text)).toEqual([2, 1, 2]);
  });

  it("does not pull a long reply line into the quote above it", () => {
    const text = ["> > so the check can go away once the callers are converted", "and that is exactly what the next patch in this series does, so no.", "> > Thanks."].join("\n");
    expect(depthsOf(text)).toEqual([2, 0, 2]);
  });

  it("reads a line's sentence end as the pattern it stands for does", () => {
    const pattern = /(?:[.?!:;)\]]|[.?!][)"'”’])\s*$/u;
    const ends = ["", " ", "done.", "done. ", "done.\u00a0\t", "why?", "so:", "a;", "(b)", "[c]", 'said "no."', 'said "no".', "it’s ok!’", "see “this.”", 'the "blame"', "x”", ".)", "’", "?”  \u2003", "cut after", "a, ", "\u2028"];
    for (const text of ends) expect(endsCutLine(text), JSON.stringify(text)).toBe(pattern.test(text));
  });
});
