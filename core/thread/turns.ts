import type { Segment, Turn } from "./model.js";

const sameTurn = (a: Segment, b: Segment): boolean =>
  a.speaker === b.speaker && a.depth === b.depth && a.message === b.message;

/**
 * Groups segments into turns: maximal runs written by one speaker at one depth of one message.
 * Attribution lines belong to nobody, so they join the quote they introduce (the next run);
 * footers and other ownerless trailers join the run before them. A turn answers the nearest
 * deeper turn above it (interleaved replies), else the first deeper turn below it (top-posting).
 */
export function buildTurns(segments: readonly Segment[]): Turn[] {
  const turns: Turn[] = [];
  let start = 0;
  let owner: Segment | undefined;
  const close = (end: number): void => {
    if (end <= start) return;
    const first = owner ?? segments[start];
    if (first === undefined) return;
    turns.push({
      id: turns.length,
      speaker: first.speaker,
      depth: first.depth,
      message: first.message,
      replies_to: null,
      segments: [start, end],
    });
    start = end;
    owner = undefined;
  };
  // An indexed loop: a callback per segment costs a call each, on a paste of millions of words.
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (seg === undefined) break;
    if (seg.speaker === null) {
      // An attribution opens the next turn; any other ownerless text trails the current one.
      if (seg.role === "attribution" && owner !== undefined) close(i);
      continue;
    }
    if (owner !== undefined && !sameTurn(owner, seg)) close(i);
    owner ??= seg;
  }
  close(segments.length);

  for (const turn of turns) turn.replies_to = answeredTurn(turns, turn);
  return turns;
}

function answeredTurn(turns: readonly Turn[], turn: Turn): number | null {
  for (let j = turn.id - 1; j >= 0; j--) {
    const prev = turns[j];
    if (prev === undefined) break;
    if (prev.message !== turn.message || prev.depth <= turn.depth) break;
    if (prev.speaker !== null && prev.speaker !== turn.speaker) return prev.id;
  }
  for (let j = turn.id + 1; j < turns.length; j++) {
    const next = turns[j];
    if (next === undefined || next.message !== turn.message || next.depth <= turn.depth) break;
    if (next.depth === turn.depth + 1 && next.speaker !== turn.speaker) return next.id;
  }
  return null;
}
