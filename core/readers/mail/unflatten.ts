import type { QuotedLine } from "./lines.js";

/** Placeholder: recovers the lines of a flattened paste; null when the line is an ordinary line. */
export function unflatten(_line: string): QuotedLine[] | null {
  return null;
}
