import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MarkerRuns, MAX_BLANK_LINES, MAX_LINE_DEPTH } from "../core/readers/mail/marker-runs.js";

const total = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
// Runs up to the longest read line by line, of tokens `>` to `>>>>`, mostly bare `>` as in long runs.
const runArb = fc.array(fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 4 }) }), { minLength: 1, maxLength: 96 });

describe("marker-run readings", () => {
  it("account for every marker, always include the whole run as one prefix, and stay within what real mail shows", () => {
    fc.assert(
      fc.property(runArb, (run) => {
        const readings = new MarkerRuns().decompositions(run);
        expect(readings.some((r) => r.blanks.length === 0 && r.depth === total(run))).toBe(true);
        for (const r of readings) {
          expect(total(r.blanks) + r.depth).toBe(total(run));
          expect(r.shapes).toHaveLength(r.blanks.length + 1);
          expect(r.blanks.length).toBeLessThanOrEqual(MAX_BLANK_LINES);
          if (r.blanks.length > 0) expect(r.depth).toBeLessThanOrEqual(MAX_LINE_DEPTH);
          // A lone blank line may stand for several of differing depths; pairs and paddings may not.
          if (r.blanks.length > 1) for (const b of r.blanks) expect(b).toBeLessThanOrEqual(MAX_LINE_DEPTH);
          // The reading's own prefixes fit one another: only the one before the run can break them.
          expect(new MarkerRuns().shapeCost(-1, r)).toBe(r.innerCost);
        }
      }),
    );
  });

  it("reads a run the same way on tables that already hold more shapes than the fit table keeps", () => {
    const worn = new MarkerRuns();
    // Two hundred distinct prefixes (`>` then up to three tokens of 2-4 markers) fill the first 128 shape ids.
    for (let a = 2; a <= 4; a++) for (let b = 2; b <= 4; b++) for (let c = 1; c <= 20; c++) worn.decompositions([1, a, b, c % 4 + 1, c]);
    const run = [1, 1, 2, 1];
    const plain = (m: MarkerRuns): unknown[] => m.decompositions(run).map((r) => ({ blanks: r.blanks, firstBlank: r.firstBlank, depth: r.depth, innerCost: r.innerCost }));
    expect(plain(worn)).toEqual(plain(new MarkerRuns()));
    for (const r of worn.decompositions(run)) expect(r.firstBlank).toBe(r.blanks[0] ?? 0);
    // The shapes of the worn tables are past the kept ones, and still fit as a fresh table's do.
    const last = worn.decompositions(run).at(-1);
    expect(last === undefined ? -1 : worn.shapeCost(last.firstShape, last)).toBe(last?.innerCost);
  });

  it("reads twenty padded blank lines at depth 4, then a line at depth 4", () => {
    const run = Array<number>(84).fill(1);
    const readings = new MarkerRuns().decompositions(run);
    expect(readings.some((r) => r.depth === 4 && r.blanks.length === 20 && r.blanks.every((b) => b === 4))).toBe(true);
  });

  it("leaves out readings whose blank lines' prefixes the next line breaks", () => {
    // `> >` then `>>> >`: a blank line at depth 2 before a line at depth 4 written another way.
    const readings = new MarkerRuns().decompositions([1, 1, 3, 1]);
    expect(readings.some((r) => r.blanks.length === 1 && r.blanks[0] === 2 && r.depth === 4)).toBe(false);
    // `>>` `>> >`: the next line extends the blank line's prefix.
    expect(new MarkerRuns().decompositions([2, 2, 1]).some((r) => r.blanks.length === 1 && r.blanks[0] === 2 && r.depth === 3)).toBe(true);
  });
});
