import type { Segment, Turn } from "./model.js";

const sameTurn = (a: Segment, b: Segment): boolean =>
  a.speaker === b.speaker && a.depth === b.depth && a.message === b.message;

/**
 * Groups segments into turns: maximal runs written by one speaker at one depth of one message.
 * Attribution lines belong to nobody, so they join the quote they introduce (the next run);
 * footers and other ownerless trailers join the run before them. A turn answers the nearest
 * deeper turn above it (interleaved replies), else the first deeper turn below it (top-posting),
 * else, at the top level, the message below its own (see answeredMessage).
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
  // Each message's first two top-level writers' first turns: what a reply above that message answers
  // (the first, or the second when the first is the reply's own writer), found once per message.
  const openers = new Map<number, Turn[]>();
  for (const turn of turns) {
    if (turn.depth !== 0 || turn.speaker === null) continue;
    const found = openers.get(turn.message) ?? [];
    if (found.length < 2 && found.every((t) => t.speaker !== turn.speaker)) found.push(turn);
    openers.set(turn.message, found);
  }
  for (const turn of turns) if (turn.replies_to === null && turn.depth === 0) turn.replies_to = answeredMessage(turns, turn, openers.get(turn.message + 1) ?? []);
  return turns;
}

/**
 * The turn a message's top-level text answers when nothing inside the message does: the next message
 * is the one it quoted (an Outlook chain: the reader starts a message at each header block below a
 * writer's text, the older message it answered), so its first top-level turn by someone else. Not
 * when that turn answers this writer (a paste of messages in the order sent, each quoting the one
 * before): then the next message answers this one, not the other way round.
 */
function answeredMessage(turns: readonly Turn[], turn: Turn, openers: readonly Turn[]): number | null {
  const next = openers.find((t) => t.speaker !== turn.speaker && t.id > turn.id);
  if (next === undefined) return null;
  const answered = next.replies_to === null ? undefined : turns[next.replies_to];
  return answered !== undefined && answered.speaker === turn.speaker ? null : next.id;
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
