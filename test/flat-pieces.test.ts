import { describe, expect, it } from "vitest";
import { isTrailerTag } from "../core/readers/mail/boilerplate.js";
import { Trace } from "../core/readers/mail/beam-trace.js";
import { FlatPieces } from "../core/readers/mail/flat-pieces.js";
import { isSpaceCode } from "../core/readers/mail/lines.js";
import { splitProse } from "../core/readers/mail/prose-lines.js";

/** The stretches of words between marker runs, cut as words (the way unflatten once held them). */
function stretchesBySplit(line: string): { pieces: string[][]; runs: number[][] } {
  const pieces: string[][] = [[]];
  const runs: number[][] = [];
  for (const tok of line.trim().split(/\s+/u)) {
    const glued = /^(>+)([^>].*)$/u.exec(tok);
    if (glued === null && !/^>+$/u.test(tok)) {
      pieces[pieces.length - 1]?.push(tok);
      continue;
    }
    const count = (glued?.[1] ?? tok).length;
    if (pieces[pieces.length - 1]?.length === 0 && runs.length > 0) runs[runs.length - 1]?.push(count);
    else {
      runs.push([count]);
      pieces.push([]);
    }
    if (glued !== null) pieces[pieces.length - 1]?.push(glued[2] ?? "");
  }
  return { pieces, runs };
}

describe("a flattened line's stretches held as offsets", () => {
  it("cuts words where \\s does, for every UTF-16 code unit", () => {
    for (let c = 0; c <= 0xffff; c++) expect(isSpaceCode(c), c.toString(16)).toBe(/\s/u.test(String.fromCharCode(c)));
  });

  it.each([
    "Hi all, Ann Other wrote: > > On Mon Bo wrote: > > > the plan is fine > > agreed >> yes",
    ">> leading run then words > x >>glued word >>> >>also\u00a0glued\ttabbed \u3000 wide space end",
    "  padded  start: >   >>   > spaced runs  >x > y > ",
    "no runs at all, just one long unwrapped paragraph of words",
    // Spaces alone part the words (found by indexOf), some of them doubled.
    "spaces  only here: >  > x or  >=20  >>>  y  z ",
  ])("gives the same words and runs as splitting the line: %s", (line) => {
    const pieces = new FlatPieces(line);
    const expected = stretchesBySplit(line);
    expect(Array.from({ length: pieces.length }, (_, j) => pieces.words(j))).toEqual(expected.pieces);
    expect(pieces.runs).toEqual(expected.runs);
    // Joined with single spaces, as the layout measures stretches (-1 for none).
    const joined = (words: readonly string[]): number => words.reduce((n, w) => n + w.length + 1, -1);
    for (let j = 0; j < pieces.length; j++) expect(pieces.joinedLength(j), `stretch ${j}`).toBe(joined(expected.pieces[j] ?? []));
  });

  it("shares equal runs: a paste repeats the same few thousands of times", () => {
    const pieces = new FlatPieces("a > b > c >> d > > e > > f");
    expect(pieces.runs.map((r) => [...r])).toEqual([[1], [1], [2], [1, 1], [1, 1]]);
    expect(pieces.runs[0]).toBe(pieces.runs[1]);
    expect(pieces.runs[3]).toBe(pieces.runs[4]);
  });

  it("shares equal runs too deep or too long for a numeric key, and tells them from short ones", () => {
    const deep = ">".repeat(40);
    const long = Array.from({ length: 7 }, () => ">").join(" ");
    const pieces = new FlatPieces(`a ${deep} b ${deep} c ${long} d ${long} e >> f > > g`);
    expect(pieces.runs.map((r) => r.length)).toEqual([1, 1, 7, 7, 1, 2]);
    expect(pieces.runs[0]).toBe(pieces.runs[1]);
    expect(pieces.runs[2]).toBe(pieces.runs[3]);
    expect(pieces.runs[4]).not.toBe(pieces.runs[5]);
  });
});

describe("the beam's backtracking trace", () => {
  it("walks back through rows of any size, keeping each state's blank lines", () => {
    // Sized for a single row: the rows below outgrow its arrays many times over.
    const trace = new Trace(1);
    const blanks = [1, 1];
    // Enough states to outgrow the first arrays.
    const rows = 3000;
    for (let j = 0; j < rows; j++) {
      const states = Array.from({ length: 1 + (j % 4) }, (_, k) => ({ depth: k, split: j, back: j === 0 ? -1 : 0, blanks: k === 1 ? blanks : [], literal: k === 2 }));
      trace.push(states);
    }
    const path = trace.path(1);
    expect(path.length).toBe(rows);
    const last = path.at(-1) ?? -1;
    expect([trace.depth(last), trace.split(last), trace.literal(last)]).toEqual([1, rows - 1, false]);
    expect(trace.blanks(last)).toBe(blanks);
    expect(path.slice(0, -1).every((at) => trace.depth(at) === 0 && trace.blanks(at).length === 0)).toBe(true);
  });

  it("walks back across its blocks of states, as a paste that is one long line fills many", () => {
    // A long line's trace: more states than one block holds, sized for all its rows at once.
    const rows = 40_000;
    const trace = new Trace(rows);
    const blanks = [2];
    for (let j = 0; j < rows; j++) {
      // The last state of each row comes from the last of the row before.
      const n = 1 + (j % 3);
      const states = Array.from({ length: n }, (_, k) => ({ depth: k === n - 1 ? 1 + (j % 5) : 0, split: j, back: j === 0 ? -1 : (j - 1) % 3, blanks: k === n - 1 && j % 7 === 0 ? blanks : [], literal: k === n - 1 && j % 2 === 1 }));
      trace.push(states);
    }
    const path = trace.path((rows - 1) % 3);
    expect(path.length).toBe(rows);
    path.forEach((at, j) => {
      expect([trace.depth(at), trace.split(at), trace.literal(at), trace.blanks(at).length]).toEqual([1 + (j % 5), j, j % 2 === 1, j % 7 === 0 ? 1 : 0]);
    });
  });
});

describe("words ruled out by their last character before a pattern", () => {
  it("still finds a trailer's tag, and only a capitalised one ending in -by:", () => {
    expect(["Reviewed-by:", "Tested-by:", "reviewed-by:", "Reviewed-by", "Standby:", "-by:"].map(isTrailerTag)).toEqual([true, true, false, false, false, false]);
  });

  it("still cuts header fields and a sign-off out of flattened prose", () => {
    const split = (text: string): string[] => splitProse(text.split(" "));
    expect(split("the build is green now. Thanks, Mira Kovac P.S. the logs are attached")).toEqual(["the build is green now.", "Thanks,", "Mira Kovac P.S. the logs are attached"]);
    expect(split("see below. From: Mira Kovac <mira@example.net> Sent: Monday To: Ola Berg Subject: build logs Hello Ola, the logs are attached.")).toEqual([
      "see below.",
      "From: Mira Kovac <mira@example.net>",
      "Sent: Monday",
      "To: Ola Berg",
      "Subject: build logs",
      "",
      "Hello Ola, the logs are attached.",
    ]);
  });
});

describe("a sign-off run on into a patch in flattened prose", () => {
  it("cuts a closing without its comma and a name out when a diffstat follows, not prose", () => {
    const split = (text: string): string[] => splitProse(text.split(" "));
    expect(split("Rebased as asked. Kind regards Mira lib/queue/drain.c | 12 ++++---- 1 file changed")).toEqual([
      "Rebased as asked.",
      "Kind regards",
      "",
      "Mira",
      "",
      "lib/queue/drain.c | 12 ++++---- 1 file changed",
    ]);
    // A sentence after the name keeps it in the text (`Thanks Mira for the logs`).
    expect(split("Rebased as asked. Thanks Mira for the logs in lib/queue.")).toEqual(["Rebased as asked. Thanks Mira for the logs in lib/queue."]);
  });

  it("splits a capitalised dash-led name off after code, not a lowercase flag or handle", () => {
    const split = (text: string): string[] => splitProse(text.split(" "));
    expect(split("See the check on REG_CTRL_LOCK -Mira")).toEqual(["See the check on REG_CTRL_LOCK", "", "-Mira"]);
    expect(split("Build it again with gcc -fanalyzer")).toEqual(["Build it again with gcc -fanalyzer"]);
  });
});
