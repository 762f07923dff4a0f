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
  /** The quoted text the turn answers, as written (null when it answers nobody). */
  answered: string | null;
  /** Position of the sentence within its paragraph (0 = opens it). */
  inParagraph: number;
  /** Order of first appearance in the thread. */
  order: number;
}

const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });
const PARAGRAPH = /\n[ \t]*\n/u;

/** Sentences of a paragraph, whitespace collapsed. Wrapped lines are joined first. */
export function sentencesOf(paragraph: string): string[] {
  const flat = paragraph.replace(/\s+/gu, " ").trim();
  if (flat === "") return [];
  return [...segmenter.segment(flat)].map((s) => s.segment.trim()).filter((s) => s !== "");
}

/**
 * Every speaker's own sentences, each once: text quoted again later (the same sentence at depth 1
 * in one message and depth 2 in the next) is the speaker's words once, where it first appears.
 */
export function speakerSentences(thread: Thread): Sentence[] {
  const turnOf = new Map<number, number>();
  for (const turn of thread.turns) for (let i = turn.segments[0]; i < turn.segments[1]; i++) turnOf.set(i, turn.id);
  const seen = new Set<string>();
  const out: Sentence[] = [];
  // Each answered turn's text is joined once, however many segments of the reply ask for it.
  const answeredText = new Map<number, string>();
  thread.segments.forEach((seg, index) => {
    if (seg.role !== "content" || seg.speaker === null) return;
    const turnId = turnOf.get(index) ?? -1;
    const turn = thread.turns[turnId];
    const answeredId = turn?.replies_to ?? null;
    const answeredTurn = answeredId === null ? undefined : thread.turns[answeredId];
    let answered: string | null = null;
    if (answeredId !== null && answeredTurn !== undefined) {
      answered = answeredText.get(answeredId) ?? turnText(thread, answeredTurn.segments);
      answeredText.set(answeredId, answered);
    }
    for (const paragraph of seg.text.split(PARAGRAPH)) {
      sentencesOf(paragraph).forEach((text, inParagraph) => {
        const key = `${seg.speaker ?? ""}\u0000${normaliseForMatch(text)}`;
        if (seen.has(key)) return;
        seen.add(key);
        out.push({ speaker: seg.speaker ?? "", text, turn: turnId, repliesTo: answeredTurn?.speaker ?? null, answered, inParagraph, order: out.length });
      });
    }
  });
  return out;
}

function turnText(thread: Thread, [start, end]: readonly [number, number]): string {
  return thread.segments
    .slice(start, end)
    .filter((s) => s.role === "content")
    .map((s) => s.text)
    .join("\n\n");
}
