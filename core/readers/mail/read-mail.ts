import type { Thread } from "../../thread/model.js";
import { THREAD_MODEL_VERSION } from "../../thread/model.js";
import { buildTurns } from "../../thread/turns.js";

/** Parses pasted mail text (one or more messages, multiline or flattened) into a thread. */
export function readMail(text: string): Thread {
  // Placeholder until the body parser lands: the whole text as one unknown speaker's content.
  const segments = [{ speaker: "s1", depth: 0, role: "content" as const, text, message: 0 }];
  return {
    version: THREAD_MODEL_VERSION,
    source: "mail",
    speakers: [{ id: "s1", name: "unknown (author)", email: null, aliases: [], known: false }],
    segments,
    turns: buildTurns(segments),
  };
}
