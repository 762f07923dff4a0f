import type { EvidenceLine } from "./author-evidence.js";

// A run of words (a name, a weekday and month, `wrote`): one word, whatever it spells.
const WORDS = /\p{L}+(?:[\s.'’-]+\p{L}+)*/gu;
const DIGITS = /\p{N}+/gu;
const SPACES = /\s+/u;

/**
 * The shape of an attribution line as its writer's mail client wrote it: its words, numbers and
 * address reduced to placeholders, its punctuation kept (`On Mon, May 1, 2023 at 1:21 AM Ann
 * <ann@…> wrote:` and `On 2/12/20 8:53 AM, Bo wrote:` differ; two lines of one client agree).
 */
export function clientShape(text: string): string {
  // An address, bracketed or not, is one placeholder: who is named varies, the client's way of writing it does not.
  const words = text.trim().split(SPACES).map((token) => (token.includes("@") ? "@" : token));
  return words.join(" ").replace(WORDS, "a").replace(DIGITS, "9");
}

/**
 * The client shape of the first attribution at each depth of message `message` and those below it
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
    shapes[depth] ??= clientShape(text);
  }
  return shapes;
}
