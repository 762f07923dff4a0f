import { describe, expect, it } from "vitest";
import { countTransitions, LineModel } from "../core/readers/mail/line-model.js";

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
});
