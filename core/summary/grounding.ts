import type { Thread } from "../thread/model.js";
import type { Summary } from "./model.js";

/**
 * Text compared for grounding: case, punctuation, quote markers and whitespace do not count, so a
 * quote survives re-wrapping and a model's tidying of quotes and dashes, but not changed words.
 */
export function normaliseForMatch(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * Each speaker's own content (role `content`, written by them), normalised once: per speaker, the
 * distinct segments as ` segment ` joined by newlines. Normalised text holds only letters, digits
 * and spaces, so a quote found in the joined text is found in one segment, never across two.
 */
export type OwnWords = ReadonlyMap<string, string>;

/** Builds the {@link OwnWords} of a thread: once per thread, however many summaries it checks. */
export function ownWords(thread: Thread): OwnWords {
  const segments = new Map<string, Set<string>>();
  for (const seg of thread.segments) {
    if (seg.role !== "content" || seg.speaker === null) continue;
    const list = segments.get(seg.speaker);
    // Each distinct text is normalised once: a paste can repeat one line 500k times.
    if (list === undefined) segments.set(seg.speaker, new Set([seg.text]));
    else list.add(seg.text);
  }
  return new Map([...segments].map(([speaker, texts]) => [speaker, Array.from(texts, (text) => ` ${normaliseForMatch(text)} `).join("\n")]));
}

/** Whether `quote` is the speaker's own words: found whole, at word boundaries, in one of their segments. */
export function isOwnWords(own: OwnWords, speaker: string, quote: string): boolean {
  const needle = normaliseForMatch(quote);
  if (needle === "") return false;
  return own.get(speaker)?.includes(` ${needle} `) ?? false;
}

/**
 * Keeps only what the speakers wrote: evidence quotes not found in the claimant's own content are
 * removed, a position left with no evidence is dropped, and the count of dropped positions is added
 * to the provenance. Contention sides and `replies_to` naming no parsed speaker are removed too.
 * `own` is the thread's {@link ownWords}, built here unless the caller checks several summaries.
 */
export function groundSummary(summary: Summary, thread: Thread, own: OwnWords = ownWords(thread)): Summary {
  const known = new Set(thread.speakers.map((s) => s.id));
  let dropped = 0;
  const speakers = summary.speakers.map((s) => {
    const positions = s.positions.flatMap((p) => {
      const evidence = p.evidence.filter((q) => isOwnWords(own, s.id, q));
      if (evidence.length === 0) {
        dropped++;
        return [];
      }
      return [{ ...p, evidence, replies_to: p.replies_to !== null && known.has(p.replies_to) && p.replies_to !== s.id ? p.replies_to : null }];
    });
    // A stance with nothing behind it would be an unchecked claim about the speaker.
    return { ...s, positions, stance: positions.length === 0 ? "" : s.stance };
  });
  const contentions = summary.contentions
    .map((c) => ({ ...c, sides: c.sides.filter((side) => known.has(side.speaker)) }))
    .filter((c) => c.sides.length > 0);
  return { ...summary, speakers, contentions, provenance: { ...summary.provenance, dropped_claims: summary.provenance.dropped_claims + dropped } };
}
