import { describe, expect, it } from "vitest";
import { EVIDENCE_WEIGHTS, type EvidenceDecision } from "../core/readers/mail/evidence-weights.js";
import { FLAT_COSTS } from "../core/readers/mail/flat-costs.js";
import { defaultLineModel, type LineModel } from "../core/readers/mail/line-model.js";
import { readMail } from "../core/readers/mail/read-mail.js";
import { unflatten } from "../core/readers/mail/unflatten.js";
import { topSpeaker } from "./support/speaker-at.js";

// Two people taking turns: the top writer signs nothing, and the one quoted two levels down is the
// only evidence of who they are (the turns). Both attributions are Mutt's, which many write with.
const TURNS = [
  "On Tue, Mar 04, 2025 at 10:12:30AM +0100, Pat Quill wrote:",
  "> On Mon, Mar 03, 2025 at 09:41:02PM +0100, Ines Varga wrote:",
  "> > Frob the widget before the gadget.",
  ">",
  "> Why before? The gadget holds the lock.",
  "",
  "Because the widget's flush needs it first.",
].join("\n");

describe("the evidence weights a parse is given", () => {
  it("names the top writer from the turns with the weights as they are, and tells who reads each decision", () => {
    const decisions: EvidenceDecision[] = [];
    const thread = readMail(TURNS, { evidence: { onDecision: (d) => decisions.push(d) } });
    expect(topSpeaker(thread)?.name).toBe("Ines Varga");
    const top = decisions.find((d) => d.depth === 0 && d.message === 0);
    expect(top?.candidates).toEqual([{ name: "Ines Varga", email: null, counts: { alternation: 1 } }]);
  });

  it("leaves the top writer unknown when the turns weigh nothing, or less than the least a writer needs", () => {
    expect(topSpeaker(readMail(TURNS, { evidence: { weights: { ...EVIDENCE_WEIGHTS, alternation: 0 } } }))?.known).toBe(false);
    expect(topSpeaker(readMail(TURNS, { evidence: { weights: { ...EVIDENCE_WEIGHTS, least: EVIDENCE_WEIGHTS.alternation } } }))?.known).toBe(false);
  });
});

describe("the flattened-paste costs a line model carries", () => {
  it("keeps the counts and what was computed from them, and only the costs change", () => {
    const cheap = defaultLineModel.withCosts({ ...FLAT_COSTS, answerInside: 0 });
    expect(defaultLineModel.costs).toBe(FLAT_COSTS);
    expect(cheap.costs.answerInside).toBe(0);
    const ctx = defaultLineModel.contextId({ depth: 1, text: "Why before?" });
    expect(cheap.contextId({ depth: 1, text: "Why before?" })).toBe(ctx);
    expect(cheap.costOf(ctx, 0)).toBe(defaultLineModel.costOf(ctx, 0));
  });

  it("reads a flattened paste by the costs it is given", () => {
    // A quoted line running on past its full stop into an answer word: with the cost of running on
    // into an answer, the answer is the reply's; free, the quote may swallow it.
    const paste = "Pat Quill wrote: > The gadget holds the lock, so the widget waits. Yes, and that is the bug: the widget's flush needs it first, so it waits forever.";
    const depth = (model: LineModel): number | undefined => unflatten(paste, model, true)?.find((l) => l.text.includes("Yes, and"))?.depth;
    expect(depth(defaultLineModel)).toBe(0);
    expect(depth(defaultLineModel.withCosts({ ...FLAT_COSTS, answerInside: 0, longStep: 0, longSlope: 0 }))).toBe(1);
  });
});
