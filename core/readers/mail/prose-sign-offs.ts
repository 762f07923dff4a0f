import { isClosing, NOT_SIGNOFF, SIGN_LEAD, signOffName } from "./boilerplate.js";
import { closingShaped } from "./sign-offs.js";
import { FIELD_WORD } from "./header-block.js";

/*
 * Sign-offs in flattened prose (`Thanks, Jason`, `-Daniel`, `Regards, Sarah Connor Procurement Lead`):
 * where a writer's closing and name start, each split back onto lines of their own. The signature
 * around them (a `--` and its block) is prose-signatures.ts's.
 */

// What a word ending a clause ends with: a sign-off may follow it on the same line of flattened text.
// Any script's sentence end counts, and the full-width comma (`补充一下。 谢谢， 张强`).
export const ENDS_CLAUSE = /(?:[.?!,:;)，：；）]|\p{Sentence_Terminal})$/u;

// An emoji ends a line as a finished sentence does (`so you try 😂 Rowland`): a name after it signs
// (dev: flat +10 words, other→content unchanged).
const ENDS_ON_EMOJI = /\p{Extended_Pictographic}$/u;

export const LONE_DASH = /^[-–—]$/u;

// A name in lowercase signing alone (`sage`, `julia`): one word of letters.
export const LOWERCASE_NAME = /^\p{Ll}[\p{L}-]{1,14}$/u;

// A company's registration block under a name: an address, a number, a few words more.
export const MAX_DASHED_WORDS = 24;

/** Splits off sign-offs: each with more text under it, then one ending the words. */
export function splitSignOff(words: readonly string[]): string[] {
  const lines: string[] = [];
  let from = 0;
  for (let inner = innerSignOff(words, from); inner !== undefined; inner = innerSignOff(words, from)) {
    const [c, end, size] = inner;
    // The name stood apart from the text around it, as a blank line shows.
    for (const line of [words.slice(from, c).join(" "), words.slice(c, end).join(" ")]) if (line !== "") lines.push(line);
    lines.push("", words.slice(end, end + size).join(" "), "");
    from = end + size;
  }
  for (const line of splitFinalSignOff(words.slice(from))) lines.push(line);
  return lines;
}

export function splitFinalSignOff(words: readonly string[]): string[] {
  const [shaped, signer] = shapedClosingAt(words);
  if (shaped > 0) return [words.slice(0, shaped).join(" "), words.slice(shaped, signer).join(" "), words.slice(signer).join(" ")];
  // `Regards, Sarah Connor Procurement Lead`: a closing phrase, then a name and title to the end.
  for (let c = Math.max(0, words.length - MAX_SIGN_OFF_WORDS); c < words.length - 1; c++) {
    const prev = words[c - 1];
    if (prev !== undefined && !/[.?!]$/u.test(prev)) continue;
    const end = findClosingEnd(words, c);
    if (end !== undefined && end < words.length) return [words.slice(0, c).join(" "), words.slice(c, end).join(" "), words.slice(end).join(" ")].filter((l) => l !== "");
  }
  const held = heldUnderClosing(words);
  if (held !== undefined) return held;
  for (let k = Math.max(0, words.length - 4); k < words.length; k++) {
    const tail = words.slice(k).join(" ");
    const prev = words[k - 1];
    const closingAt = findClosing(words, k);
    // A name under a closing without its comma (`proposal? Regards ///jon`) signs as one under `Regards,`
    // does; opening the text, the same words greet (`Thanks Andy, on Monday...`).
    // After code or a log line (`really_probe+0x150/0x2c0 Thanks Ann`) it does too: such a line is no
    // sentence going on into a closing (dev: flat +279 words, other→content unchanged).
    const before = closingAt === undefined ? "" : (words[closingAt - 1] ?? "");
    // A capitalised closing and one name ending the words (`see the log Thanks Ann`) sign whatever ends
    // the line above: such a closing opens a line, and nothing is left after the name to address (with
    // the separator fixes in unflatten.ts and prose-lines.ts: dev-A flat +7 words, dev-B +188, other→content -9).
    const afterClosing =
      closingAt !== undefined && closingAt > 0 && (ENDS_CLAUSE.test(before) || CODE_WORD.test(before) || (k === words.length - 1 && k - closingAt === 1 && OPENS_CAPITAL.test(words[closingAt] ?? "")));
    // A lone dash before one last name (`Mobility - Eric`) leads a sign-off as `-Eric` does, whatever
    // ends the word before it (dev: flat +73 words, other→content unchanged).
    // A capitalised name led by its dash (`FEAT_CTL -Tony`) signs after code as well, ending the words
    // (dev: flat +176 words, other→content unchanged); a lowercase one may be a handle or a flag (`-slow`).
    // So does one led by slashes after a list item (`- set the state /Esben`: dev-A flat +55 words, dev-B 0).
    const dashed = (k === words.length - 2 && LONE_DASH.test(words[k] ?? "")) || (k === words.length - 1 && DASHED_NAME.test(words[k] ?? ""));
    // One name ending the words after code (`+= foo_core.o Ann`) stood on a line of its own under a
    // line that nothing runs on from (dev-A flat +155 words, dev-B 0; other→content unchanged).
    const underLine = k === words.length - 1 && prev !== undefined && CODE_WORD.test(prev);
    // A header field's value names its sender, not the writer signing (`From: Ann Lee`).
    if (prev !== undefined && !afterClosing && !dashed && !underLine && ((!ENDS_CLAUSE.test(prev) && !isLink(prev) && !ENDS_ON_EMOJI.test(prev)) || FIELD_WORD.test(prev))) continue;
    // A dash or slashes open a sign-off (`-Dana`, `///jon`): one further in means the sign-off starts later (`Indeed. -Dana`).
    if (words.slice(k + 1).some((w) => DASH_LED.test(w))) continue;
    if (signOffName(tail) !== null || isClosing(tail)) {
      const start = closingAt ?? k;
      const text = words.slice(0, start).join(" ");
      if (closingAt !== undefined) return [text, words.slice(closingAt, k).join(" "), tail].filter((l) => l !== "");
      // A name signing alone stood apart from the text above it, as a blank line shows: after a link
      // or code (`https://… /Jarkko`) nothing else tells it from the end of a sentence. After a comma
      // it ends a list (`Directors: Li Peng, Ann Lee`); capitals alone (`MK1 1PT, UK`) an address.
      const apart = prev !== undefined && (SIGN_LEAD.test(tail) || (!prev.endsWith(",") && /\p{Ll}/u.test(tail)));
      return text === "" ? [tail] : apart ? [text, "", tail] : [text, tail];
    }
  }
  return words.length === 0 ? [] : [words.join(" ")];
}

const MAX_SIGN_OFF_WORDS = 9;

/**
 * `re-try. Kind Regards Jane Doe Staff Engineer jane@example.com Example, Inc.`: a closing without its
 * comma after a finished sentence, a full name, then a title, an address or a company to the end,
 * each once a line of its own. The name is set apart from what stood under it, so that it signs
 * under the closing (dev: flat +203 words, other→content unchanged); undefined when the words do not end so.
 */
function heldUnderClosing(words: readonly string[]): string[] | undefined {
  for (let c = Math.max(1, words.length - MAX_HELD_UNDER - 5); c < words.length - 3; c++) {
    if (!/[.?!]$/u.test(words[c - 1] ?? "")) continue;
    for (let end = c + 1; end <= c + 3 && end + 2 < words.length; end++) {
      const closing = words.slice(c, end).join(" ");
      if (closing.endsWith(",") || !isClosing(closing)) continue;
      const name = words.slice(end, end + 2);
      const rest = words.slice(end + 2);
      if (!name.every((w) => FULL_NAME_WORD.test(w)) || signOffName(name.join(" ")) === null) continue;
      if (rest.length > MAX_HELD_UNDER || !OPENS_HELD_BLOCK.test(rest[0] ?? "")) continue;
      return [words.slice(0, c).join(" "), closing, name.join(" "), "", rest.join(" ")];
    }
  }
  return undefined;
}
// What stands under such a name: a title, an address and a company (`Staff Engineer jane@… Example, Inc.`).
const MAX_HELD_UNDER = 9;
const FULL_NAME_WORD = /^\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?$/u;
// A title or company opens capitalised; an address may come first.
const OPENS_HELD_BLOCK = /^\p{Lu}|@/u;

/**
 * Where a name signs alone above what a writer keeps under it without a delimiter, a company's
 * name, register and directors (`the next version. Piotr ACME GmbH, HRB 123 Managing Director: Jo
 * Bloggs`); -1 for none. The name follows the last finished sentence, and the block under it ends
 * none and is written in capitals and numbers as such a block is: prose runs on in lowercase words.
 */
export function heldBlockAt(words: readonly string[]): number {
  // Only the last MAX_DASHED_WORDS + 2 words can hold the sentence end (the block under the name is no
  // longer): searched through the whole stretch, the pattern took ~3% of a flattened paste's parse.
  let k = 0;
  for (let i = words.length - 1; i >= Math.max(0, words.length - MAX_DASHED_WORDS - 2); i--) {
    if (!SENTENCE_END.test(words[i] ?? "")) continue;
    k = i + 1;
    break;
  }
  const block = words.slice(k + 1);
  if (k < 1 || block.length < MIN_HELD_WORDS || block.length > MAX_DASHED_WORDS || !/^\p{Lu}/u.test(block[0] ?? "")) return -1;
  if (!NAME.test(words[k] ?? "") || signOffName(words[k] ?? "") === null) return -1;
  return block.filter((w) => /^\p{Ll}/u.test(w)).length * LOWERCASE_SHARE <= block.length ? k : -1;
}

// A company's block holds a name and a place or number at least; of its words, at most one in
// this many opens in lowercase (`am`, `unter`), where prose has most.
const MIN_HELD_WORDS = 3;
const LOWERCASE_SHARE = 5;

/**
 * Where a closing in a writer's own words opens (`works now. peace & happiness, martin`, `ATB, Ann
 * Lee`): one to three words and a comma in the shape of a closing, after a finished sentence, with
 * one name, or a full name, after it ending the words; and where that name starts. -1 for none. Known
 * phrases are found with the rest of the sign-offs.
 */
function shapedClosingAt(words: readonly string[]): [number, number] {
  const last = words[words.length - 1] ?? "";
  // A full name (dev: flat +25 words, other→content unchanged), else one name alone.
  const full = NAME.test(words[words.length - 2] ?? "") && NAME.test(last) && signOffName(words.slice(-2).join(" ")) !== null;
  const signer = words.length - (full ? 2 : 1);
  if (!full && (!(LOWERCASE_NAME.test(last) || NAME.test(last)) || NOT_SIGNOFF.has(last.toLowerCase()))) return [-1, signer];
  for (let c = Math.max(1, signer - 3); c < signer; c++) {
    if (!SENTENCE_END.test(words[c - 1] ?? "")) continue;
    const closing = words.slice(c, signer).join(" ");
    if (!isClosing(closing) && closingShaped(closing)) return [c, signer];
  }
  return [-1, signer];
}
// What no sentence goes on with: a footnote's mark, a heading (`Footnotes:`).
const UNSPOKEN = /^\[\d+\]$|^\p{Lu}\p{Ll}+:$/u;
// A sentence's last word (not a list's number: `1.`), a closing bracket or quote after it. A
// bracket may close before the stop as well (`calls dev_flush(). Best regards Ann [1] …`): dev flat +408 words.
export const SENTENCE_END = /[\p{L})][.?!]+["'’”)]*$/u;
// A first name signing alone: `Nadav`, `Jean-Luc` (not `I'll`).
export const NAME = /^\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?$/u;

/**
 * The first sign-off after `from` with more text under it (a postscript, footnotes, a list), after a
 * finished sentence: a closing phrase and one name (`works now. Thanks, Nadav [1] https://…`) with no
 * capitalised word after it, which may be the rest of the name or a title (`Regards, Sarah Connor`),
 * and the name ending no clause of its own (`Thanks, Alex. You raise…` thanks a reader); or a name
 * signing alone before what no sentence goes on with (`Rasmus Footnotes:`, `julia drivers/file.c:`).
 * Returns where the sign-off starts, the name's index and its length in words; one scan, as the caller
 * resumes after it.
 */
function innerSignOff(words: readonly string[], from: number): [number, number, number] | undefined {
  for (let c = from; c < words.length - 1; c++) {
    // The words' first opens a line as a finished sentence's next word does (`-- Robert [1] https://…`,
    // a quote's end before `Thomas [0] https://…`) (dev: flat +456 words, mean 0.9113 -> 0.9124, one other→content).
    const closes = c === from || (mayEndSentence(words[c - 1] ?? "") && CLAUSE_END.test(words[c - 1] ?? ""));
    const end = closes && (/,$/u.test(words[c] ?? "") || /,$/u.test(words[c + 1] ?? "")) ? findClosingEnd(words, c) : undefined;
    if (end !== undefined && end < words.length - 1) {
      const after = words[end + 1] ?? "";
      const postscript = POSTSCRIPT.test(after);
      // A postscript's mark (`Regards, Martin PS: ...`) is no rest of the name; before one the name may
      // end on its full stop (`Thanks, Chris. PS: v2 follows`), which before any other word ends a
      // sentence thanking a reader (`Thanks, Alex. You raise…`). Dev-C flat +1509 words (one reply whose
      // writer was named nowhere else), dev-A and dev-B 0, other→content unchanged.
      const word = words[end] ?? "";
      const name = postscript && word.endsWith(".") ? word.slice(0, -1) : word;
      if (NAME.test(name) && (!/^\p{Lu}\p{L}/u.test(after) || postscript) && signOffName(name) !== null) return [c, end, 1];
      // A full name with a patch's diffstat run on under it (`Thanks, Ann Lee fs/file.c | 4 --`): the
      // capitalised word after the name is the rest of it, as nothing but a file's line follows.
      if (NAME.test(name) && NAME.test(after) && words[end + 3] === "|" && signOffName(`${name} ${after}`) !== null) return [c, end, 2];
    }
    if (!closes || (c > from && !SENTENCE_END.test(words[c - 1] ?? ""))) continue;
    // A closing without its comma signs when no prose follows the name (`here it is. Best regards Uwe
    // drivers/hwmon/fan.c | 4 +-`): a patch's diffstat or a path ran on into it.
    const bare = bareClosingEnd(words, c);
    const signer = words[bare ?? c] ?? "";
    if (bare !== undefined && NAME.test(signer) && notProse(words[bare + 1] ?? "") && signOffName(signer) !== null) return [c, bare, 1];
    // A capitalised word may open a sentence about a path (`Patching fs/file.c`); a lowercase one opens none.
    // A name led by its tilde or dash (`~Alexey [1] https://…`) signs before a footnote as a bare one does.
    const name = (words[c] ?? "").replace(DASH_LEAD, "");
    const next = words[c + 1] ?? "";
    // A postscript's mark after a capitalised name (`formatting). Dave PS Is …`) opens no sentence about
    // it either (dev-A flat +184 words, dev-B 0).
    if (LOWERCASE_NAME.test(name) ? (UNSPOKEN.test(next) || next.includes("/")) && !isClosing(name) : (UNSPOKEN.test(next) || POSTSCRIPT.test(next)) && NAME.test(name) && signOffName(name) !== null) return [c, c, 1];
  }
  return undefined;
}

// `PS:`, `P.S.`, `PPS`: what opens a postscript under a sign-off.
const POSTSCRIPT = /^P\.?P?\.?S\.?:?$/iu;
// Any word ending a sentence, a number's included (`0.`), or a bracket (`(see above).`).
const CLAUSE_END = /[\p{L}\p{N})][.?!]+["'’”)]*$/u;
// The characters either pattern above may end a word on. Both are asked of every word of the
// prose in a flattened paste, and unanchored they try every position of the word: the last
// character rules most words out first.
const SENTENCE_LAST = new Set([...".?!\"'’”)"]);
const mayEndSentence = (word: string): boolean => SENTENCE_LAST.has(word.charAt(word.length - 1));

// A word that opens a sign-off with a dash, a tilde or slashes before the name.
const DASH_LED = /^(?:[-~]|\/{1,3})\p{L}/u;
// The dash, tilde or slashes a `DASH_LED` word opens with.
const DASH_LEAD = /^(?:[-~]|\/{1,3})(?=\p{L})/u;
// A dash or slashes, then a capitalised name: `-Tony`, `/Esben`.
const DASHED_NAME = /^(?:-|\/{1,3})\p{Lu}\p{Ll}/u;

// A closing that opens its line is capitalised (`Thanks`); mid-sentence it is not (`thanks`).
const OPENS_CAPITAL = /^\p{Lu}/u;

// A word of code or a log (`foo_bar()`, `0x2c0`, `a->b;`): its line ends no sentence, yet nothing runs on from it.
const CODE_WORD = /[_{}();=+[\]]|\d$/u;

// A link stands at the end of its line, as a finished sentence does (`see https://… Thanks, Jo`).
export const isLink = (word: string): boolean => word.includes("://");

/** Where a closing phrase that starts at `c` ends (one to three words: `Best regards,`), if one does. */
function findClosingEnd(words: readonly string[], c: number): number | undefined {
  for (let end = c + 1; end <= Math.min(words.length, c + 3); end++) {
    if (/,$/u.test(words[end - 1] ?? "") && isClosing(words.slice(c, end).join(" "))) return end;
  }
  return undefined;
}

/** Where the longest closing phrase without its comma (`Best regards`, not `Best`) that opens at `c` ends. */
function bareClosingEnd(words: readonly string[], c: number): number | undefined {
  for (let end = Math.min(words.length, c + 2); end > c; end--) {
    if (!(words[end - 1] ?? "").endsWith(",") && isClosing(words.slice(c, end).join(" "))) return end;
  }
  return undefined;
}

// A path, a table's bar or a label: what no sentence after a name opens with.
const notProse = (word: string): boolean => word.includes("/") || word === "|" || UNSPOKEN.test(word);

// The longest closing phrase in words: `Many thanks for your help`. Three (`Thanks for the review
// Mark` read as no closing) left such writers unnamed: dev-A flat +17 words, dev-B and dev-C 0.
const MAX_CLOSING_WORDS = 5;

/** A closing phrase (`Thanks,`, `Best regards,`, `Thanks for the review`) ending right before index `k`. */
function findClosing(words: readonly string[], k: number): number | undefined {
  for (let start = Math.max(0, k - MAX_CLOSING_WORDS); start < k; start++) {
    if (isClosing(words.slice(start, k).join(" "))) return start;
  }
  return undefined;
}
