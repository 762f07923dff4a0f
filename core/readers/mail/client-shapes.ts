import type { EvidenceLine } from "./author-evidence.js";

/* The shape of an attribution line: what the writer's mail client puts in it, the names left out. A
   client writes every attribution of its user the same way, so two levels whose attributions differ in
   shape were written with two clients: most likely by two people. */

// A numeric time zone (`+0200`, `-0700`): the quoted sender's, not the client's.
const ZONE = /[+-]\d{4}\b/gu;
const DIGITS = /\d+/gu;
// `11:04:52AM`: a 12-hour clock's half of the day, which is the time's, not the client's.
const HALF_DAY = /0[AP]M/gu;
const ADDRESS = /<[^<>]*>/gu;

/**
 * The client's part of an attribution (its lines joined when it wraps), or null when it does not end on
 * a colon (nothing to compare): the first word (`On`, `Am`, `Le` all read as one capitalised word), and
 * the date and time with every number as `0` (`0/0/0 0:0,` against `0, 0 at 0:0:0`) and `at`. Names
 * and addresses change with whom it quotes, and some writers vary their verb (`wrote:`, `opined:`).
 */
export function attributionShape(text: string): string | null {
  // A bare address (`ann@example.org writes:`, a client that had no name) is whom it quotes, as a name is.
  const words = text.replace(ADDRESS, " ").replace(ZONE, "Z").replace(DIGITS, "0").replace(HALF_DAY, "0").split(/\s+/u).filter((w) => w !== "" && !w.includes("@"));
  const first = words[0];
  if (words.length < 2 || first === undefined || words.at(-1)?.endsWith(":") !== true) return null;
  const dated = words.slice(1, -1).filter((w) => w === "at" || /\d/u.test(w));
  return [first.replace(/^\p{Lu}\p{Ll}*/u, "N"), ...dated].join(" ");
}

/** Whether a shape holds a date or time: where clients differ (`Ann Lee wrote:`, with none, is anyone's). */
export const isDated = (shape: string): boolean => /\d/u.test(shape);

/**
 * The shape (see attributionShape) of the first attribution at each depth of message `message` and those below it
 * (read one deeper per message, as author-evidence reads a chain), joining the lines of one that
 * wrapped. The attribution at a depth stands in that depth's writer's text: their client wrote it.
 */
export function attributionShapes(lines: readonly EvidenceLine[], start: number, end: number, message: number): (string | undefined)[] {
  const shapes: (string | undefined)[] = [];
  for (let i = start; i < end; i++) {
    const line = lines[i];
    if (line?.role !== "attribution") continue;
    const depth = line.depth + line.message - message;
    let text = line.text;
    while (lines[i + 1]?.role === "attribution" && lines[i + 1]?.depth === line.depth && !/:\s*$/u.test(lines[i]?.text ?? "")) text += ` ${lines[++i]?.text ?? ""}`;
    shapes[depth] ??= attributionShape(text) ?? undefined;
  }
  return shapes;
}
