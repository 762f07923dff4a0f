import { isClosing, isRule, isSignOff, isTrailerTag, MAX_TRAILER_WORDS } from "./boilerplate.js";
import { endsSentence } from "./lines.js";

/*
 * Where the writer's own closing words start in the last piece of a paste that lost its newlines:
 * the flat reader (`line-ends.ts`, `unflatten.ts`) reads no quote into them.
 */

// A signature under its `--` is a few words: a name, an address, a title.
const MAX_SIGNATURE_WORDS = 12;
// A closing and a name (`Best regards, Jan Kara`) are at most this many words.
const MAX_CLOSING_WORDS = 5;
const NAME_WORD = /^\p{L}[\p{L}.'-]*$/u;

/**
 * Where the writer's closing words start in the paste's last piece (`words.length` for none): a
 * signature delimiter with a few words under it, a sign-off (`-Dana`, `Thanks, Jan`), or a closing
 * and a name in any case (`regards, dan carpenter`), before a list footer's rule if one follows; or
 * the reviewer's tags right above those or that rule (`closingTrailers`).
 */
export function writerClosingAt(words: readonly string[]): number {
  let end = words.length;
  for (let k = 1; k < words.length; k++) {
    if (isRule(words[k] ?? "")) {
      end = k;
      break;
    }
  }
  const closing = signOffAt(words, end);
  const trailers = closingTrailers(words, closing < words.length ? closing : end);
  // A trailer opening the piece above the writer's sign-off may be the quote's last line as well, the
  // writer's words all below it (`> Reviewed-by: Ann <ann@…> Thanks, Bo`): dev-A flat 4 words.
  return trailers !== undefined && (trailers > 0 || closing === words.length) ? trailers : closing;
}

/** Where a signature or a sign-off before `end` starts (`words.length` for none): see `writerClosingAt`. */
function signOffAt(words: readonly string[], end: number): number {
  for (let k = Math.max(1, end - MAX_SIGNATURE_WORDS - 1); k < end; k++) if (words[k] === "--") return k;
  for (let k = Math.max(0, end - MAX_CLOSING_WORDS); k < end; k++) {
    const prev = words[k - 1] ?? "";
    const word = words[k] ?? "";
    // The last two words sign off wherever they stand; a longer tail only after a finished clause.
    if (end - k > 2 && k > 0 && !endsSentence(prev) && !prev.endsWith(",") && !word.startsWith("-")) continue;
    if (isSignOff(words.slice(k, end).join(" ")) || closingAndName(words, k, end)) return k;
  }
  // A delimiter opening the piece with words after it: a quoted signature's lines each had their own
  // marker, so those words stood on unmarked lines, the writer's (`> Mike. > -- Ann Lee <ann@…>`).
  // Asked last: a sign-off under it (`-- Regards, Ann`) already shows where the writer's words start.
  // So does a closing right under it, however long the company's block below (`-- Regards, Ann Lee
  // Example GmbH, Register … Directors: …`): a quoted closing would have had its own marker (dev-A flat
  // other→content -17 words, dev-C flat +57 words and -32, dev-B 0).
  return words[0] === "--" && ((end > 1 && end <= MAX_SIGNATURE_WORDS + 1) || commaClosingAt(words, 1)) ? 0 : words.length;
}

/** Whether a closing ending in its comma (`Regards,`, `Best regards,`) opens at `k`. */
function commaClosingAt(words: readonly string[], k: number): boolean {
  for (let c = k + 1; c <= Math.min(words.length - 1, k + 3); c++) if ((words[c - 1] ?? "").endsWith(",") && isClosing(words.slice(k, c).join(" "))) return true;
  return false;
}

/**
 * Where the trailers ending at `end` start, if any do: a reviewer's tag under the quote they answer
 * (`> --- Reviewed-by: Ann Lee <ann@example.org>`, `> Looks good. Acked-by: Bo <bo@example.org> Bo`)
 * is the writer's. A patch's own trailers stand above its `---` and diff, so a quote rarely ends on
 * one alone. Of several opening the piece, each on a line of its own, only the first had the marker:
 * it is the quote's last line, the rest the writer's (`> Signed-off-by: Ann <ann@…> Acked-by: Bo <bo@…>`).
 * Dev flat words A/B/C +8/+59/+78, other→content unchanged; a tag counted only after the writer's
 * words +4/-/+41; every tag opening the piece counted, the quoted one too, -14 on dev-A.
 */
function closingTrailers(words: readonly string[], end: number): number | undefined {
  let start = end;
  let second = end;
  while (start > 0 && (words[start - 1] ?? "").endsWith(">")) {
    const first = Math.max(0, start - MAX_TRAILER_WORDS);
    let tag = start - 1;
    while (tag >= first && !isTrailerTag(words[tag] ?? "")) tag--;
    if (tag < first) break;
    second = start;
    start = tag;
  }
  if (start === 0 && second < end) start = second;
  return start < end ? start : undefined;
}

/** Whether `words[k..end)` is a closing ending in a comma, then one to three words of a name in any case. */
function closingAndName(words: readonly string[], k: number, end: number): boolean {
  for (let c = k + 1; c <= Math.min(end - 1, k + 3); c++) {
    if (!(words[c - 1] ?? "").endsWith(",") || !isClosing(words.slice(k, c).join(" "))) continue;
    return end - c <= 3 && words.slice(c, end).every((w) => NAME_WORD.test(w));
  }
  return false;
}
