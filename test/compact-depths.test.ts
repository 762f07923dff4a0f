import { describe, expect, it } from "vitest";
import { compactDepths } from "../core/readers/mail/marker-runs.js";
import { unflatten } from "../core/readers/mail/unflatten.js";
import { flat } from "./support/flat-paste.js";

describe("compact quote depths", () => {
  it("flags a depth written as one token before a line of text and the same token again more often than spaced", () => {
    const long = (): number => 40;
    expect([...compactDepths([[2], [2, 2], [3], [1, 1]], long).slice(0, 4)]).toEqual([0, 0, 1, 0]);
    expect(compactDepths([[2], [2]], () => 3)[2]).toBe(0);
    // Spaced showings of a depth outvote a shift's `>>` between them.
    expect(compactDepths([[1, 1], [1, 1], [2], [2], [1, 1], [1, 1]], long)[2]).toBe(0);
  });

  it("reads spaced markers as quoted blank lines where the paste writes the deeper depth compact", () => {
    const lines = unflatten(
      flat([
        "Thanks, the second version works here as well.",
        "> Am 02.03.2021 um 10:12 schrieb Ola Berg:",
        ">",
        ">",
        "> Hello,",
        ">",
        "> On Mon, 1 Mar 2021 Ivo wrote:",
        ">",
        ">> The queue is flushed twice when the link goes down, and the second",
        ">> flush frees buffers that the first one already handed back to",
        ">> the pool, so the driver oopses on the next send.",
        ">",
        "> Right, the second flush should check the state first.",
      ]),
      undefined,
      true,
    );
    const depthOf = (start: string): number | undefined => lines?.find((l) => l.text.startsWith(start))?.depth;
    expect(depthOf("Hello,")).toBe(1);
    expect(depthOf("On Mon")).toBe(1);
    expect(depthOf("The queue")).toBe(2);
  });
});
