import { describe, expect, it } from "vitest";
import { layoutOf, splits, type Split } from "../core/readers/mail/line-ends.js";
import { defaultLineModel } from "../core/readers/mail/line-model.js";

/** The cost of ending the quoted line after the piece's first `at` words, with reply text after them. */
function costOfEndingAt(piece: string, at: number): number | undefined {
  const options: Split[] = splits(piece.split(" "), layoutOf([]), defaultLineModel, false, false, false);
  return options.find((o) => !o.full && o.split === at)?.cost;
}

describe("flattened pastes: where a quoted line ends before the reply", () => {
  it("makes a quoted line ending mid-name, before the rest of an attribution, cost more than the same end before prose", () => {
    // `> > On Wed, ... Lena` quoted, then `Voss wrote:` as the reply's own attribution: one line cannot be both.
    const opening = "On Wed, May 11, 2022 at 07:13:52PM -0700, Lena";
    const at = opening.split(" ").length;
    const cut = costOfEndingAt(`${opening} Voss wrote:`, at);
    const prose = costOfEndingAt(`${opening} Voss said so.`, at);
    expect(cut).toBeDefined();
    expect(prose).toBeDefined();
    expect(cut ?? 0).toBeGreaterThan((prose ?? 0) + 2);
  });

  it("leaves a quote ending at a sentence end free to be followed by the reply's attribution", () => {
    const opening = "The timer keeps running while the board sleeps.";
    const at = opening.split(" ").length;
    const attribution = costOfEndingAt(`${opening} On Wed, May 11, 2022, Lena Voss wrote:`, at);
    const prose = costOfEndingAt(`${opening} On Wed, May 11, 2022, Lena Voss said so.`, at);
    expect(attribution).toBeDefined();
    expect(attribution).toBeCloseTo(prose ?? 0, 6);
  });

  it("makes a quoted trailer that runs on past its address into more words cost more than ending at the address", () => {
    // `> Signed-off-by: Ann Lee <ann@example.org> Hi Ann, ...`: the words after the address carry no marker.
    const piece = "Signed-off-by: Ann Lee <ann@example.org> Hi Ann, one comment inline. Thanks, Bo".split(" ");
    const options = splits(piece, layoutOf([]), defaultLineModel, false, false, false);
    const atAddress = options.find((o) => !o.full && o.split === 4)?.cost;
    const whole = options.find((o) => o.full)?.cost;
    expect(atAddress).toBeDefined();
    expect(whole ?? 0).toBeGreaterThan(atAddress ?? Infinity);
  });
});
