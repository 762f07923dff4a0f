import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readMail } from "../core/readers/mail/read-mail.js";
import type { Thread } from "../core/thread/model.js";

const dir = new URL("./fixtures/corpus/", import.meta.url);
const files = readdirSync(dir).filter((f) => /^\d{3}-.*\.txt$/u.test(f));

/** Each word of the thread (quote markers dropped) with the depth the parser gave it. */
function wordDepths(thread: Thread): { word: string; depth: number }[] {
  return thread.segments.flatMap((s) =>
    s.text
      .split(/\s+/u)
      .map((w) => w.replace(/^>+/u, ""))
      .filter((w) => w !== "")
      .map((word) => ({ word, depth: s.depth })),
  );
}

/** Joins a message's lines with spaces, as a web archive that loses newlines does. */
const flatten = (text: string): string => text.split("\n").join(" ");

describe("flattened pastes keep their quote depths", () => {
  it("agrees with the multiline parse on at least 97% of words across the corpus", () => {
    let agree = 0;
    let total = 0;
    const worst: string[] = [];
    for (const file of files) {
      const text = readFileSync(new URL(file, dir), "utf8");
      const multi = wordDepths(readMail(text));
      const flat = wordDepths(readMail(flatten(text)));
      expect(flat.map((w) => w.word), `${file}: same words in the same order`).toEqual(multi.map((w) => w.word));
      const same = multi.filter((w, i) => flat[i]?.depth === w.depth).length;
      agree += same;
      total += multi.length;
      worst.push(`${((100 * same) / Math.max(1, multi.length)).toFixed(1).padStart(5)}% ${file}`);
    }
    const rate = agree / total;
    console.log(`flattened depth agreement: ${(100 * rate).toFixed(2)}% of ${total} words; lowest files:\n  ${worst.sort().slice(0, 8).join("\n  ")}`);
    expect(rate).toBeGreaterThanOrEqual(0.97);
  });
});
