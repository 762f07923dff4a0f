import { scoredWords } from "../../support/score.js";
import type { GoldWord } from "./gold.js";
import type { Message } from "./load.js";

/** The ways a user pastes a reply: with the archive's header block, body only, or with its newlines lost. */
export const RENDERINGS = ["headers", "body", "flat"] as const;
export type Rendering = (typeof RENDERINGS)[number];

/**
 * A reply as a user pastes it, with the gold of every word of the paste: the body's gold, after the
 * header block's words (not content) when there is one.
 */
export function render(reply: Message, gold: readonly GoldWord[], rendering: Rendering): { text: string; gold: GoldWord[] } {
  if (rendering === "body") return { text: reply.body, gold: [...gold] };
  if (rendering === "flat") return { text: reply.body.split(/\s+/u).filter((w) => w !== "").join(" "), gold: [...gold] };
  const block = `From: ${reply.fromText}\nDate: ${reply.dateText}\nSubject: ${reply.subject}\n`;
  const header: GoldWord[] = scoredWords(block).map((word) => ({ word, label: { kind: "other" } }));
  return { text: `${block}\n${reply.body}`, gold: header.concat(gold) };
}
