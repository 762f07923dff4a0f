import { describe, expect, it } from "vitest";
import { FLAT_COSTS } from "../core/readers/mail/flat-costs.js";
import { greetingCost } from "../core/readers/mail/line-ends.js";
import { flat, depthOf } from "./support/flat-paste.js";

describe("flattened quotes opening on an attribution or a greeting", () => {
  it("keeps the text under an Apple Mail attribution that opens the quote at that attribution's depth", () => {
    // Apple writes `On <date>, at <time>, Name wrote:` inside the quote: `> >` after it is a quoted
    // blank line and the next line at depth 1, not a line one deeper.
    const text = flat([
      "> On 12 Mar 2024, at 10:15, Ola Berg <ola@example.org> wrote:",
      ">",
      "> On Mon, Mar 11, 2024 at 9:02 AM Tim Lee <tim@example.org> wrote:",
      ">",
      ">> Why does the driver poll the status register instead of waiting for the interrupt?",
      ">",
      "> Polling was a workaround for the first revision of the board; the interrupt works now.",
      "Then the workaround can go in the next cleanup. I will send a patch.",
    ]);
    expect(depthOf(text, "Tim Lee")).toBe(1);
    expect(depthOf(text, "Polling was")).toBe(1);
  });

  it("prices a quoted line opening with a greeting above one going on in the quoted text", () => {
    // `> > … kernel. > > > > Hi Tim, > > Bringing this up…`: the greeting opens the depth-1 writer's
    // text, below the deeper quote's blank lines, rather than going on in that quote.
    const cost = (line: string): number => greetingCost(line.split(" "), FLAT_COSTS);
    expect(cost("Hi Tim,")).toBeGreaterThan(0);
    expect(cost("Hello all, here is the second version.")).toBeGreaterThan(0);
    expect(cost("Then the tool can refuse to run.")).toBe(0);
    expect(cost("Thanks, Tim")).toBe(0);
  });
});
