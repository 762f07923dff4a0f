import type { Thread } from "../../core/thread/model.js";

/** The words of a text with quote markers dropped: what a parse's segments must cover, in order. */
export function markerFreeWords(text: string): string[] {
  return text
    .split(/\s+/u)
    .map((w) => w.replace(/^>+/u, ""))
    .filter((w) => w !== "");
}

/** Each word of the thread (quote markers dropped) with the depth the parser gave it. */
export function wordDepths(thread: Thread): { word: string; depth: number }[] {
  return thread.segments.flatMap((s) => markerFreeWords(s.text).map((word) => ({ word, depth: s.depth })));
}

/** How many words two parses of the same text (e.g. multiline and flattened) put at the same depth. */
export function depthAgreement(expected: Thread, actual: Thread): { agree: number; total: number; sameWords: boolean } {
  const a = wordDepths(expected);
  const b = wordDepths(actual);
  const agree = a.filter((w, i) => b[i]?.word === w.word && b[i]?.depth === w.depth).length;
  return { agree, total: a.length, sameWords: a.length === b.length && a.every((w, i) => b[i]?.word === w.word) };
}
