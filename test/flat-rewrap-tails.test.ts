import { describe, expect, it } from "vitest";
import { flat, depthOf } from "./support/flat-paste.js";

describe("flattened re-wrap tails", () => {
  it("reads a shallower paragraph below quoted blank lines at its own depth when its second line could be no re-wrap tail", () => {
    // `> > > > My view` is two quoted blank lines and Ann's answer at depth 1; its short second line
    // (`> more about…`) is no tail a re-wrap pushed out of a depth-2 line: joined, the two would be
    // far wider than one line.
    const text = flat([
      "On Mon, 3 Mar 2025, Ann Lee wrote:",
      "> On Sun, 2 Mar 2025, Bob Stone wrote:",
      "> > The cache is flushed on every single write, which is why we all see the",
      "> > slowdown in the benchmark numbers you posted, or so I think.",
      "> >",
      ">",
      "> My view is that the flush is not the problem here (as your numbers show), and",
      "> more about the lock taken around it.",
      ">",
      "> The lock was added in the last release and nobody has measured it since then.",
      "",
      "Thanks,",
      "Carl",
    ]);
    expect(depthOf(text, "My view is")).toBe(1);
    expect(depthOf(text, "more about the lock")).toBe(1);
    expect(depthOf(text, "slowdown in the")).toBe(2);
  });
});
