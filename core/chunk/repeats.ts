import type { Thread } from "../thread/model.js";
import type { ChunkPart, PartKind } from "./model.js";

/*
 * Which paragraphs are new: content the first time, context when repeated (the same paragraph
 * quoted again in a later message, or a quote of text an earlier part already carried).
 */

export const PARAGRAPH_BREAK = /\n(?:[ \t]*\n)+/g;
// A blank run after sentence punctuation, or one holding a line break. Each is tried only where a blank
// run starts (looking back over the closing marks only from there), so that a long run of quote marks
// or blanks is not rescanned from each of its characters.
export const SENTENCE_BREAK = /(?=\s)(?<!\s)(?:(?<=[.!?…]['"’”)\]]*)\s+|[^\S\n]*\n\s*)/gu;
export const WORD_BREAK = /\s+/g;
/** Paragraphs of one part are joined the way a blank line separates them in mail. */
const PARAGRAPH_JOIN = "\n\n";

/** Sentences and lines shorter than this are too common to prove a quote repeats anything. */
const MIN_PIECE_WORDS = 4;
/** Earlier paragraphs remembered per sentence or line; bounds the work for stock phrases. */
const MAX_CANDIDATES = 4;

function paragraphs(text: string): string[] {
  return text
    .split(PARAGRAPH_BREAK)
    .map((p) => p.replace(/^(?:[ \t]*\n)+/, "").trimEnd())
    .filter((p) => p.trim() !== "");
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Normalised sentences and lines of a paragraph. A trimmed quote keeps whole sentences when
 * cut at sentence ends and whole lines when cut at line ends, so one of them matches the
 * paragraph it was cut from.
 */
function pieceKeys(paragraph: string): Set<string> {
  const keys = new Set<string>();
  for (const piece of [...paragraph.split(SENTENCE_BREAK), ...paragraph.split("\n")]) {
    const key = normalise(piece);
    if (key.split(" ").length >= MIN_PIECE_WORDS) keys.add(key);
  }
  return keys;
}

/** Remembers paragraphs in thread order to tell first appearances from repeats. */
class Repeats {
  private readonly first = new Map<string, { speaker: string | null; depth: number }>();
  /** Normalised content paragraphs, space-padded so containment respects word edges. */
  private readonly content: string[] = [];
  private readonly byPiece = new Map<string, number[]>();

  kindOf(paragraph: string, speaker: string | null, depth: number): PartKind {
    const norm = normalise(paragraph);
    if (norm === "") return "content";
    const earlier = this.first.get(norm);
    if (earlier !== undefined) {
      // Two people may both write "Agreed."; a repeat is a quote, or the same words pasted again.
      const repeat = depth > 0 || earlier.depth > 0 || (speaker !== null && speaker === earlier.speaker);
      return repeat ? "context" : "content";
    }
    this.first.set(norm, { speaker, depth });
    const keys = pieceKeys(paragraph);
    if (depth > 0 && this.contained(` ${norm} `, keys)) return "context";
    const id = this.content.push(` ${norm} `) - 1;
    for (const key of keys) {
      const ids = this.byPiece.get(key);
      if (ids === undefined) this.byPiece.set(key, [id]);
      else if (ids.length < MAX_CANDIDATES) ids.push(id);
    }
    return "content";
  }

  private contained(padded: string, keys: Set<string>): boolean {
    const tried = new Set<number>();
    for (const key of keys) {
      for (const id of this.byPiece.get(key) ?? []) {
        if (tried.has(id)) continue;
        tried.add(id);
        if (this.content[id]?.includes(padded)) return true;
      }
    }
    return false;
  }
}

/** The sendable parts of every turn, by turn position; consecutive paragraphs of one kind share a part. */
export function turnParts(thread: Thread): ChunkPart[][] {
  const repeats = new Repeats();
  return thread.turns.map((turn) => {
    const parts: ChunkPart[] = [];
    const [start, end] = turn.segments;
    for (const segment of thread.segments.slice(start, end)) {
      if (segment.role !== "content") continue;
      for (const paragraph of paragraphs(segment.text)) {
        const kind = repeats.kindOf(paragraph, turn.speaker, turn.depth);
        const last = parts.at(-1);
        if (last?.kind === kind) last.text += PARAGRAPH_JOIN + paragraph;
        else parts.push({ turn: turn.id, speaker: turn.speaker, depth: turn.depth, kind, text: paragraph });
      }
    }
    return parts;
  });
}
