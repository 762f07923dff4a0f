import type { Speaker, Thread } from "../../core/thread/model.js";

/** The speaker of the first content segment at a depth of a parsed thread. */
export function speakerAt(thread: Thread, depth: number): Speaker | undefined {
  const seg = thread.segments.find((s) => s.depth === depth && s.role === "content");
  return thread.speakers.find((s) => s.id === seg?.speaker);
}

/** The speaker of the first top-level content segment: the paste's author as the parser reads it. */
export const topSpeaker = (thread: Thread): Speaker | undefined => speakerAt(thread, 0);
