import type { Mention } from "../../thread/speakers.js";
import type { QuotedLine } from "./lines.js";

/*
 * Names a signature holds that the paste gives elsewhere: where a flattened signature's name stands
 * when its lines ran together and its first names no one.
 */

/**
 * A full name the paste gives elsewhere (an attribution's) in the first words of a signature whose
 * first line names no one: a flattened signature's lines run together (`-- A motto. Ann Lee ***
 * http://…`), so its name stands inside a line, not at its start (dev-A flat +29 words, dev-B +27).
 */
export function mentionedIn(lines: readonly QuotedLine[], from: number, end: number, known: FullNames): string | null {
  const words: string[] = [];
  for (let j = from; j < end && words.length < MAX_SIGNATURE_WORDS; j++) for (const w of (lines[j]?.text ?? "").split(/\s+/u, MAX_SIGNATURE_WORDS)) if (w !== "") words.push(w);
  for (let i = 0; i < Math.min(words.length, MAX_SIGNATURE_WORDS); i++) {
    for (let size = 2; size <= MAX_NAME_WORDS; size++) {
      const name = words.slice(i, i + size).join(" ");
      if (known.has(name)) return name;
    }
  }
  return null;
}
// How many words of a signature are searched for a name given elsewhere, and how many words a name has at most.
const MAX_SIGNATURE_WORDS = 40;
const MAX_NAME_WORDS = 4;

/**
 * The full names (of two words or more) of the mentions made so far, as they were made: each mention
 * is read once, when the set is next asked, as a paste of many attributions and signatures would
 * otherwise have every signature read every mention.
 */
export class FullNames {
  private readonly names = new Set<string>();
  private read = 0;
  constructor(private readonly mentions: readonly Mention[]) {}
  /** Whether a mention made so far goes by `name` (of two words or more). */
  has(name: string): boolean {
    for (; this.read < this.mentions.length; this.read++) for (const n of this.mentions[this.read]?.names ?? []) if (n.includes(" ")) this.names.add(n);
    return this.names.has(name);
  }
}
