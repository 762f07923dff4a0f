import { parseAttribution } from "./attribution.js";
import { attributionByEvidence } from "./attribution-evidence.js";
import { signOffName } from "./boilerplate.js";
import type { FlatPieces } from "./flat-pieces.js";
import { endsOnColon } from "./lines.js";
import { splitProse } from "./prose-lines.js";

/*
 * Whose closing words end a flattened paste: the flat reader's search (unflatten.ts) reads them as
 * the writer's own unless they sign as the writer of the first quote level.
 */

/**
 * Whether the closing words ending the paste sign as the writer of the first quote level: the name
 * they give is a word of the name (or opens the address) in the first attribution that a single `>`
 * follows. A deeper attribution may name the writer themselves (a quote of their own earlier words).
 */
export function signsAsFirstQuoted(pieces: FlatPieces, closing: readonly string[]): boolean {
  const name = signOffName(closing.join(" "));
  if (name === null) return false;
  const given = name.split(" ")[0]?.toLowerCase() ?? "";
  for (let j = 0; j + 1 < pieces.length; j++) {
    const run = pieces.runs[j] ?? [];
    if (pieces.wordCount(j) === 0 || !endsOnColon(pieces.lastChar(j)) || run.length !== 1 || run[0] !== 1) continue;
    const words = pieces.words(j);
    // The attribution is the last line of the words before the run, as the prose reader cuts them.
    const text = splitProse(words.slice(-MAX_ATTRIBUTION_WORDS)).at(-1) ?? "";
    const who = parseAttribution(text) ?? attributionByEvidence(text, []);
    if (who === null) continue;
    return (who.name ?? "").toLowerCase().split(" ").includes(given) || (who.email ?? "").toLowerCase().startsWith(given);
  }
  return false;
}
// An attribution's words, at most (as prose-lines.ts reads them).
const MAX_ATTRIBUTION_WORDS = 40;
