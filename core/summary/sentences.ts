import type { Thread } from "../thread/model.js";
import { normaliseForMatch } from "./grounding.js";

/** One sentence of a speaker's own content, with where it stands in the thread. */
export interface Sentence {
  speaker: string;
  /** The sentence as written, whitespace collapsed (grounding ignores whitespace). */
  text: string;
  /** The turn it belongs to, and the speaker that turn answers (null when it answers nobody). */
  turn: number;
  repliesTo: string | null;
  /** Position of the sentence within its paragraph (0 = opens it). */
  inParagraph: number;
  /** Order of first appearance in the thread. */
  order: number;
}

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });
const PARAGRAPH = /\n[ \t]*\n/u;
/**
 * The characters after which the segmenter can break a sentence (Unicode's sentence terminators,
 * the full stops and paragraph separators); text with none of them before its last character is
 * one sentence, and asking the segmenter costs far more than this test (a paste of 500k one-line
 * segments spent seconds there).
 */
const MAY_BREAK = /[\p{Sentence_Terminal}.\u2024\uFE52\uFF0E\n\r\u0085\u2028\u2029]/u;

/** Sentences of a paragraph, whitespace collapsed. Wrapped lines are joined first. */
export function sentencesOf(paragraph: string): string[] {
  const flat = paragraph.replace(/\s+/gu, " ").trim();
  if (flat === "") return [];
  if (!MAY_BREAK.test(flat.slice(0, -1))) return [flat];
  return [...segmenter.segment(flat)].map((s) => s.segment.trim()).filter((s) => s !== "");
}

/**
 * Every speaker's own sentences, each once: text quoted again later (the same sentence at depth 1
 * in one message and depth 2 in the next) is the speaker's words once, where it first appears.
 */
export function speakerSentences(thread: Thread): Sentence[] {
  const turnOf: number[] = [];
  for (const turn of thread.turns) for (let i = turn.segments[0]; i < turn.segments[1]; i++) turnOf[i] = turn.id;
  const seen = new Set<string>();
  const out: Sentence[] = [];
  for (const [index, seg] of thread.segments.entries()) {
    if (seg.role !== "content" || seg.speaker === null) continue;
    const turnId = turnOf[index] ?? -1;
    const answeredId = thread.turns[turnId]?.replies_to ?? null;
    const repliesTo = answeredId === null ? null : (thread.turns[answeredId]?.speaker ?? null);
    for (const paragraph of seg.text.split(PARAGRAPH)) {
      for (const [inParagraph, text] of sentencesOf(paragraph).entries()) {
        const key = `${seg.speaker}\u0000${normaliseForMatch(text)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ speaker: seg.speaker, text, turn: turnId, repliesTo, inParagraph, order: out.length });
      }
    }
  }
  return out;
}

/** The content of the segments `[start, end)`, as written, paragraphs apart. */
export function turnText(thread: Thread, [start, end]: readonly [number, number]): string {
  return thread.segments
    .slice(start, end)
    .filter((s) => s.role === "content")
    .map((s) => s.text)
    .join("\n\n");
}
