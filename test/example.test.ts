import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readMail } from "../core/readers/mail/read-mail.js";
import { GoldFileSchema, scoreAgainstGold } from "./support/score.js";

const example = readFileSync(new URL("../examples/lkml-accel-flattened.txt", import.meta.url), "utf8");
const expected = readFileSync(new URL("../examples/lkml-accel-flattened.expected.txt", import.meta.url), "utf8");

const squash = (s: string): string => s.replace(/\s+/gu, " ").trim();

/** The expected file is a list of `[role | depth d | speaker]` headers, each followed by its text. */
function expectedSegments(): { role: string; depth: number; speaker: string; text: string }[] {
  return expected
    .split(/^(?=\[\w+ \| depth \d+ \| [^\]]*\]$)/mu)
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const [head = "", ...rest] = block.split("\n");
      const m = /^\[(\w+) \| depth (\d+) \| ([^\]]*)\]$/u.exec(head);
      if (m === null) throw new Error(`bad expected header: ${head}`);
      return { role: m[1] ?? "", depth: Number(m[2]), speaker: m[3] ?? "", text: squash(rest.join(" ")) };
    });
}

describe("the flattened LKML example", () => {
  const thread = readMail(example);
  const nameOf = new Map(thread.speakers.map((s) => [s.id, s.name]));

  it("has exactly the two speakers, Daniel Vetter and Jason Gunthorpe", () => {
    expect(thread.speakers.map((s) => s.name).sort()).toEqual(["Daniel Vetter", "Jason Gunthorpe"]);
  });

  it("parses to exactly the expected attribution", () => {
    const got = thread.segments.map((s) => ({
      role: s.role,
      depth: s.depth,
      speaker: s.speaker === null ? "-" : (nameOf.get(s.speaker) ?? "?"),
      text: squash(s.text),
    }));
    expect(got).toEqual(expectedSegments());
  });

  it("matches the word-level gold labels: every content word to the right speaker, no boilerplate as content", () => {
    const gold = GoldFileSchema.parse(JSON.parse(readFileSync(new URL("../examples/lkml-accel-flattened.gold.json", import.meta.url), "utf8")));
    const score = scoreAgainstGold(thread, gold);
    expect(score.exactWords).toBe(true);
    expect(score.contentAccuracy).toBe(1);
    expect(score.leaks).toBe(0);
    expect(score.depthAgreement).toBe(1);
  });
});
