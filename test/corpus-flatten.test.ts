import { describe, expect, it } from "vitest";
import { readMail } from "../core/readers/mail/read-mail.js";
import { depthAgreement, markerFreeWords, wordDepths } from "./support/depth-agreement.js";
import { corpusBodies } from "./tools/corpus.js";

/** Joins a message's lines with spaces, as a web archive that loses newlines does. */
const flatten = (text: string): string => text.split("\n").join(" ");

// The goal: flattening a corpus file and parsing it gives the multiline parse's depth for
// at least 97% of the words. The figure is printed; falling under the goal fails the build.
const FLOOR = 0.97;

describe("segments cover the input", () => {
  it("keeps every word of every corpus file exactly once, in order, multiline and flattened", () => {
    for (const { file, text } of corpusBodies()) {
      for (const input of [text, flatten(text)]) {
        const words = wordDepths(readMail(input)).map((w) => w.word);
        expect(words, file).toEqual(markerFreeWords(input));
      }
    }
  });
});

describe("flattened pastes keep their quote depths", () => {
  it("agrees with the multiline parse on the words of every corpus file", () => {
    let agree = 0;
    let total = 0;
    const perFile: string[] = [];
    for (const { file, text } of corpusBodies()) {
      const result = depthAgreement(readMail(text), readMail(flatten(text)));
      expect(result.sameWords, `${file}: the flattened parse keeps every word, in order`).toBe(true);
      agree += result.agree;
      total += result.total;
      perFile.push(`${((100 * result.agree) / Math.max(1, result.total)).toFixed(1).padStart(5)}% ${file}`);
    }
    const rate = agree / total;
    console.log(`flattened depth agreement: ${(100 * rate).toFixed(2)}% of ${total} words; lowest files:\n  ${perFile.sort().slice(0, 6).join("\n  ")}`);
    expect(rate).toBeGreaterThanOrEqual(FLOOR);
  });
});
