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

/**
 * Places where the segmenter breaks whatever text comes before or after: a terminator, closing
 * marks, at most one space, then a letter that no rule of Unicode's sentence breaking (UAX #29)
 * joins to it (after a full stop, only a capital: `e.g. this` is one sentence). No rule looks
 * across such a place, so the text on either side can be segmented on its own.
 */
const SURE_BREAK = /(?:\.(?:[([{)\]}"'‘’“”«»]+ ?| )(?=\p{Lu})|[!?][([{)\]}"'‘’“”«»]* ?(?=[\p{Lu}\p{Ll}0-9]))/gu;
/**
 * Text the segmenter is given at once. It copies its whole input for every sentence it returns, so
 * its cost is the input's length times its sentences: a 1 MB line of sentences ran out of memory.
 */
const PIECE = 512;

/** Sentences of a paragraph, whitespace collapsed. Wrapped lines are joined first. */
export function sentencesOf(paragraph: string): string[] {
  const flat = paragraph.replace(/\s+/gu, " ").trim();
  if (flat === "") return [];
  if (!MAY_BREAK.test(flat.slice(0, -1))) return [flat];
  return piecesOf(flat).flatMap((piece) => segmentPiece(piece));
}

/** The text cut at sure breaks into pieces of about {@link PIECE} characters or more. */
function piecesOf(flat: string): string[] {
  if (flat.length <= PIECE) return [flat];
  const pieces: string[] = [];
  let start = 0;
  for (const cut of flat.matchAll(SURE_BREAK)) {
    const end = cut.index + cut[0].length;
    if (end - start < PIECE) continue;
    pieces.push(flat.slice(start, end));
    start = end;
  }
  pieces.push(flat.slice(start));
  return pieces;
}

/**
 * The sentences of one piece. A long piece without sure breaks (crafted, not written) goes to the
 * segmenter a window at a time, keeping the sentences that end before the window's last letter or
 * terminator: a sentence end is decided by what follows it up to the next of those (UAX #29's
 * lookahead stops there), so one the window shows there is one in the whole piece.
 */
function segmentPiece(piece: string): string[] {
  const out: string[] = [];
  let start = 0;
  let size = PIECE;
  while (piece.length - start > 2 * PIECE) {
    const window = piece.slice(start, start + size);
    const settled = lastStop(window);
    let next = 0;
    for (const s of segmenter.segment(window)) {
      const end = s.index + s.segment.length;
      if (end > settled) break;
      out.push(s.segment);
      next = end;
    }
    if (next === 0) {
      if (start + size >= piece.length) break;
      // One sentence longer than the window: a wider one finds its end.
      size *= 2;
      continue;
    }
    start += next;
    size = PIECE;
  }
  for (const s of segmenter.segment(piece.slice(start))) out.push(s.segment);
  return out.map((s) => s.trim()).filter((s) => s !== "");
}

/** Index of the last ASCII letter or terminator (`.`, `!`, `?`) in `text`, or -1. */
function lastStop(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) if (/[A-Za-z.!?]/u.test(text.charAt(i))) return i;
  return -1;
}

/**
 * Every speaker's own sentences, each once: text quoted again later (the same sentence at depth 1
 * in one message and depth 2 in the next) is the speaker's words once, where it first appears.
 */
export function speakerSentences(thread: Thread): Sentence[] {
  const turnOf: number[] = [];
  for (const turn of thread.turns) for (let i = turn.segments[0]; i < turn.segments[1]; i++) turnOf[i] = turn.id;
  const seen = new Set<string>();
  // A segment a speaker wrote before in the same words has only sentences already seen: it is
  // skipped whole (a paste can repeat one line 500k times).
  const seenSegments = new Set<string>();
  const out: Sentence[] = [];
  for (const [index, seg] of thread.segments.entries()) {
    if (seg.role !== "content" || seg.speaker === null) continue;
    const segmentKey = `${seg.speaker}\u0000${seg.text}`;
    if (seenSegments.has(segmentKey)) continue;
    seenSegments.add(segmentKey);
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
