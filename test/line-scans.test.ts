import { describe, expect, it } from "vitest";
import { isRule, isSignatureDelimiter, signOffName } from "../core/readers/mail/boilerplate.js";
import { isLoneSeparator } from "../core/readers/mail/header-block.js";
import { firstNonSpace, trimmedLength } from "../core/readers/mail/lines.js";
import { mergeMentions, mention } from "../core/thread/speakers.js";

// The per-line checks read lines by character codes before (or instead of) a pattern, for speed: they
// must say what the patterns they stand for say, on every kind of line, blank and indented ones too.
const SAMPLES = [
  "",
  " ",
  "\t",
  "\u00a0\u3000",
  "--",
  "-- ",
  "--\t",
  "--  ",
  " -- ",
  "\t--",
  "---",
  "-- -",
  "- -",
  "___",
  "  =====  ",
  "*** ",
  "~~~x",
  "-- >8 --",
  "-----Original Message-----",
  "  ----- Forwarded message -----  ",
  "Begin forwarded message:",
  "________________________________",
  "_______",
  "Plain prose, nothing more.",
  "   indented code();",
  "—Ann",
  "—",
  "  — ",
  "— Ann",
  "– Ann",
  "–",
  "/ann",
  "~ Ann",
  "Ann",
];

describe("per-line scans", () => {
  it("read signature delimiters, rules and separators as their patterns do", () => {
    for (const text of SAMPLES) {
      expect(isSignatureDelimiter(text), JSON.stringify(text)).toBe(/^(?:--|—)[ \t]?$/u.test(text.trimStart()));
      expect(isRule(text), JSON.stringify(text)).toBe(/^\s*(?:[-_=*~]{3,}|-- ?-+)\s*$/u.test(text));
    }
    expect(SAMPLES.filter(isLoneSeparator)).toEqual(["-----Original Message-----", "  ----- Forwarded message -----  ", "Begin forwarded message:"]);
  });

  it("measure a line's blanks as trim does", () => {
    for (const text of SAMPLES) {
      expect(trimmedLength(text), JSON.stringify(text)).toBe(text.trim().length);
      expect(firstNonSpace(text), JSON.stringify(text)).toBe(text.length - text.trimStart().length);
    }
  });

  it("read a dash-led sign-off by its first character", () => {
    expect(["—Ann", "– Ann", "/ann", "~ Ann", "-Ann", "Ann"].map(signOffName)).toEqual(["Ann", "Ann", "ann", "Ann", "Ann", "Ann"]);
  });

  it("read no sentence's last word as part of a sign-off's name, and a name signed twice as one", () => {
    // Flattened, the word that ends the writer's last sentence runs on into the name under it.
    expect(["Phew. Ottilie", "DONE. Ottilie", "Ottilie Ottilie", "J. Ottilie", "Ottilie Brandt"].map(signOffName)).toEqual([null, null, "Ottilie", "J. Ottilie", "Ottilie Brandt"]);
  });

  it("merge a full name written in either order, and one written twice over, into one speaker", () => {
    const { speakers } = mergeMentions([mention("Ada Byron", null, ""), mention("Byron Ada", null, ""), mention("Ada Ada", null, ""), mention("Ada", null, "")]);
    expect(speakers.map((s) => s.name)).toEqual(["Ada Byron", "Ada Ada"]);
  });
});
