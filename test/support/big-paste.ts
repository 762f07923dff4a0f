import { corpusBodies } from "../tools/corpus.js";
import { flatten } from "./thread-generator.js";

/**
 * Real mail of about `bytes`: the corpus bodies pasted one after another, each flattened onto one
 * line when asked (the slower kind to read, as web archives give it).
 */
export function bigPaste(bytes: number, flattened = false): string {
  const bodies = corpusBodies().map((b) => (flattened ? flatten(b.text) : b.text));
  const parts: string[] = [];
  for (let size = 0, i = 0; size < bytes; i++) {
    const body = bodies[i % bodies.length] ?? "";
    parts.push(body);
    size += body.length + 2;
  }
  return parts.join("\n\n");
}
