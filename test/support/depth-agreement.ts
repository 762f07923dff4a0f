import type { Thread } from "../../core/thread/model.js";

/** Each word of the thread (quote markers dropped) with the depth the parser gave it. */
export function wordDepths(thread: Thread): { word: string; depth: number }[] {
  return thread.segments.flatMap((s) =>
    s.text
      .split(/\s+/u)
      .map((w) => w.replace(/^>+/u, ""))
      .filter((w) => w !== "")
      .map((word) => ({ word, depth: s.depth })),
  );
}

/** How many words two parses of the same text (e.g. multiline and flattened) put at the same depth. */
export function depthAgreement(expected: Thread, actual: Thread): { agree: number; total: number; sameWords: boolean } {
  const a = wordDepths(expected);
  const b = wordDepths(actual);
  const agree = a.filter((w, i) => b[i]?.word === w.word && b[i]?.depth === w.depth).length;
  return { agree, total: a.length, sameWords: a.length === b.length && a.every((w, i) => b[i]?.word === w.word) };
}
