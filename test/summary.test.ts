import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readMail } from "../core/readers/mail/read-mail.js";
import { summariseExtractive, positionScore } from "../core/summary/extractive.js";
import { groundSummary, isOwnWords, ownWords } from "../core/summary/grounding.js";
import { SummarySchema, type Summary } from "../core/summary/model.js";
import { corpusBodies } from "./tools/corpus.js";

const example = readMail(readFileSync(new URL("../examples/lkml-accel-flattened.txt", import.meta.url), "utf8"));
const idOf = (name: string): string => example.speakers.find((s) => s.name === name)?.id ?? "";

describe("extractive summary", () => {
  const summary = summariseExtractive(example);

  it("follows the summary schema and names exactly the parsed speakers", () => {
    expect(SummarySchema.parse(summary)).toEqual(summary);
    expect(summary.speakers.map((s) => s.name).sort()).toEqual(["Daniel Vetter", "Jason Gunthorpe"]);
    expect(summary.provenance).toMatchObject({ mode: "extractive", calls: 0, dropped_claims: 0 });
  });

  it("backs every position with the speaker's own words and gives each a stance", () => {
    const own = ownWords(example);
    for (const s of summary.speakers) {
      expect(s.positions.length).toBeGreaterThan(0);
      expect(s.stance).not.toBe("");
      for (const p of s.positions) for (const q of p.evidence) expect(isOwnWords(own, s.id, q), `${s.name}: ${q}`).toBe(true);
    }
  });

  it("finds the disagreement: Jason answers Daniel's claim that closed hardware should not get a driver", () => {
    const [contention] = summary.contentions;
    expect(contention?.sides.map((s) => s.speaker)).toEqual([idOf("Daniel Vetter"), idOf("Jason Gunthorpe")]);
    expect(contention?.sides[1]?.position).toMatch(/I don't think this is true/u);
  });

  it("never quotes one speaker's words as another's across the corpus", () => {
    for (const { file, text } of corpusBodies()) {
      const thread = readMail(text);
      const s = summariseExtractive(thread);
      const own = ownWords(thread);
      expect(s.provenance.dropped_claims, file).toBe(0);
      for (const sp of s.speakers) for (const p of sp.positions) for (const q of p.evidence) expect(isOwnWords(own, sp.id, q), `${file} ${sp.name}: ${q}`).toBe(true);
      // Every speaker with content is in the summary.
      const withContent = new Set(thread.segments.filter((g) => g.role === "content" && g.speaker !== null && g.text.trim() !== "").map((g) => g.speaker));
      expect(new Set(s.speakers.map((sp) => sp.id)), file).toEqual(withContent);
    }
  });

  it("ranks stated positions above greetings, sign-offs and code", () => {
    const score = (text: string): number => positionScore({ text, inParagraph: 1, repliesTo: null });
    const stance = score("I think we should keep the old interface, because removing it breaks every existing user.");
    expect(stance).toBeGreaterThan(score("Thanks for the quick review, much appreciated."));
    expect(stance).toBeGreaterThan(score("if (atomic_dec_return(&ep->re_receiving) > 0) complete(&ep->re_done);"));
    expect(stance).toBeGreaterThan(score("The patch was posted last week."));
  });
});

describe("grounding", () => {
  const daniel = idOf("Daniel Vetter");
  const jason = idOf("Jason Gunthorpe");
  const base = (positions: Summary["speakers"][number]["positions"], speaker = daniel): Summary => ({
    version: 1,
    topic: "t",
    speakers: [{ id: speaker, name: "x", stance: "a stance", positions }],
    agreements: [],
    contentions: [{ point: "p", sides: [{ speaker: "s99", position: "invented" }] }],
    open_questions: [],
    provenance: { mode: "model", model: "m", provider: "p", prompt_version: "v", calls: 1, prompt_tokens: 1, completion_tokens: 1, dropped_claims: 0, missing: [], cached: false },
  });

  it("keeps a quote despite case, curly quotes, dashes and re-wrapping", () => {
    const quote = "I really don’t   see the point\nin merging such a driver";
    const grounded = groundSummary(base([{ claim: "c", evidence: [quote], replies_to: jason }]), example);
    expect(grounded.speakers[0]?.positions).toHaveLength(1);
    expect(grounded.provenance.dropped_claims).toBe(0);
  });

  it("drops a fabricated quote, a quote of someone else's words and a partial word, and counts them", () => {
    const grounded = groundSummary(
      base([
        { claim: "made up", evidence: ["nvidia should open-source everything tomorrow"], replies_to: null },
        // Jason wrote this: it is not Daniel's own content, even where Daniel's message quotes it.
        { claim: "someone else's", evidence: ["I think only HW that has open specs, like say NVMe, can really be properly community oriented"], replies_to: null },
        { claim: "partial word", evidence: ["open our their hw spec"], replies_to: null },
      ]),
      example,
    );
    expect(grounded.speakers[0]?.positions).toEqual([]);
    expect(grounded.speakers[0]?.stance).toBe("");
    expect(grounded.provenance.dropped_claims).toBe(3);
  });

  it("keeps the verified quotes of a claim and drops sides and replies naming no parsed speaker", () => {
    const grounded = groundSummary(base([{ claim: "mixed", evidence: ["so be it", "a sentence nobody wrote"], replies_to: "s42" }]), example);
    expect(grounded.speakers[0]?.positions).toEqual([{ claim: "mixed", evidence: ["so be it"], replies_to: null }]);
    expect(grounded.contentions).toEqual([]);
  });
});
