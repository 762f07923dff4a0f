import { describe, expect, it } from "vitest";
import { bandOf, contextKey, countTransitions, LineModel, openingOf, outcomeCode } from "../core/readers/mail/line-model.js";

// Invented replies: long quoted paragraphs at depth 1, and short depth-2 quotes each left through a
// quoted blank line for the depth-1 answer under them.
const deepThenBlank = [
  "> On Sun, Bo Chen wrote:",
  ">> The probe path takes the lock twice.",
  ">",
  "> Right, and remove has the same problem.",
  "",
  "Fixed in v2.",
].join("\n");
const paragraph = [
  "> The handler never clears the status register.",
  "> It fires again as soon as it returns.",
  "> Nothing else in the driver clears it.",
  "> The barrier is missing as well.",
  "> A v3 will move the clear into the handler.",
  "",
  "Yes please.",
].join("\n");

describe("line model depth", () => {
  it("reads a blank quoted line after a depth-2 line as leaving it, however often depth-1 lines go on", () => {
    // As many transitions as a real corpus holds: a depth-aware context outweighs the pooled one only with many.
    const counts = countTransitions([deepThenBlank, paragraph, paragraph]);
    const model = new LineModel(Object.fromEntries(Object.entries(counts).map(([k, n]) => [k, n * 20000])));
    const prev = { depth: 2, text: "The probe path takes the lock twice." };
    const next = "Right, and remove has the same problem.";
    expect(model.cost(prev, [1], 1, next)).toBeLessThan(model.cost(prev, [], 2, next));
  });

  it("prices a transition the same by ids and codes as by text, two blank lines' places included", () => {
    const model = new LineModel({ "-Es|q2 - lo,hi Lu": 3, "AmM|q0 +1 Mu": 5, "-Es|q0 = Lu": 7 });
    const prev = { depth: 3, text: "The probe path takes the lock." };
    const next = "Then the remove path does the same thing again.";
    for (const [blanks, d] of [[[1, 3], 1], [[2], 2], [[], 3], [[3, 3, 2], 2]] as const) {
      const id = model.contextIdOfKey(contextKey(prev));
      expect(model.costOf(id, outcomeCode(prev.depth, blanks, d, bandOf(next), openingOf(next)))).toBe(model.cost(prev, blanks, d, next));
    }
    expect(model.isAttribution(model.contextId({ depth: 1, text: "On Sun, Bo Chen wrote:" }))).toBe(true);
    expect(model.isAttribution(model.contextId({ depth: 1, text: "The probe path takes the lock." }))).toBe(false);
  });
});
