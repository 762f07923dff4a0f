import type { Speaker, Thread } from "../../../core/thread/model.js";
import { nameKey } from "../../../core/thread/names.js";
import { alignWords, threadWords } from "../../support/score.js";
import type { GoldWord } from "./gold.js";
import type { Person } from "./load.js";

/** Word counts of one scored paste; rates are taken over sums of these. */
export interface Tally {
  /** Gold content words. */
  content: number;
  /** Gold content words the parser labelled content and gave to the gold speaker. */
  correct: number;
  /** Gold not-content words (attribution, header, signature, footer). */
  other: number;
  /** Gold not-content words the parser labelled content. */
  otherAsContent: number;
}

export const emptyTally = (): Tally => ({ content: 0, correct: 0, other: 0, otherAsContent: 0 });

/** Adds `b` into `a`. */
export function addTally(a: Tally, b: Tally): void {
  a.content += b.content;
  a.correct += b.correct;
  a.other += b.other;
  a.otherAsContent += b.otherAsContent;
}

/**
 * Whether the parser's speaker is the gold person: the same address (case-insensitive), or the
 * same normalised display name (or alias; see `goldNames`). A name is enough even when the addresses differ: people
 * write from several addresses, and an attribution line names the one it was sent from, which need
 * not be the `From:` of the message we have. Placeholders (`unknown`) never match.
 */
export function sameSpeaker(speaker: Speaker | null, gold: Person): boolean {
  if (speaker === null || !speaker.known) return false;
  if (speaker.email !== null && gold.email !== null && speaker.email.toLowerCase() === gold.email.toLowerCase()) return true;
  if (gold.name === null) return false;
  const wanted = goldNames(gold.name);
  return [speaker.name, ...speaker.aliases].some((n) => wanted.has(nameKey(n)));
}

/**
 * The spellings of a `From:` name a parser may fairly give: the name, `Last, First` turned round,
 * and the given name alone, which is all a sign-off (`Thanks, Jan`) says of a pasted body's author.
 */
function goldNames(name: string): Set<string> {
  const comma = /^([^,]+),\s*([^,]+)$/u.exec(name);
  const full = nameKey(comma === null ? name : `${comma[2] ?? ""} ${comma[1] ?? ""}`);
  const given = full.split(" ")[0] ?? "";
  return new Set([nameKey(name), full, given].filter((n) => n !== ""));
}

/**
 * Scores a parse against the gold of the same text: the two word sequences are aligned (longest
 * common subsequence), and each gold word is judged by the parser word it aligns with. A gold
 * content word the parser lost counts as wrong.
 */
export function scoreParse(thread: Thread, gold: readonly GoldWord[]): Tally {
  const out = threadWords(thread);
  const pairs = alignWords(
    gold.map((g) => g.word),
    out.map((w) => w.word),
  );
  const parsed = new Map(pairs);
  const tally = emptyTally();
  gold.forEach((g, i) => {
    if (g.label === null) return;
    const got = out[parsed.get(i) ?? -1];
    if (g.label.kind === "content") {
      tally.content++;
      if (got !== undefined && sameSpeaker(got.speaker, g.label.speaker)) tally.correct++;
    } else {
      tally.other++;
      if (got?.role === "content") tally.otherAsContent++;
    }
  });
  return tally;
}
