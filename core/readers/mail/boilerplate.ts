import { cleanName } from "../../thread/names.js";
import { firstNonSpace, opensOnDash, trimmedLength } from "./lines.js";

/** The `-- ` line that starts a signature (RFC 3676), also without its trailing space or typeset as `—`. */
export function isSignatureDelimiter(text: string): boolean {
  // Read by character codes: this is asked of nearly every line, and a pattern (with the trimmed copy
  // it needs) allocates on each call.
  // Indices stay within the text: reading past its end would make the optimised code bail out.
  const i = firstNonSpace(text);
  // Autocorrect (Apple Mail's among others) turns the typed `--` into one em dash (`— `): 15 of the
  // set's raw messages sign under one (dev body +354 words, none lost).
  if (text.charCodeAt(i) === EM_DASH) return text.length - i === 1 || (text.length - i === 2 && (text.charCodeAt(i + 1) === 0x20 || text.charCodeAt(i + 1) === 0x09));
  const rest = text.length - i - 2;
  if (rest < 0 || rest > 1 || text.charCodeAt(i) !== DASH || text.charCodeAt(i + 1) !== DASH) return false;
  const last = rest === 0 ? 0x20 : text.charCodeAt(i + 2);
  return last === 0x20 || last === 0x09;
}

const DASH = 0x2d;
const EM_DASH = 0x2014;

/**
 * Whether a line starts with a printable ASCII character other than those given (the blanks before a
 * marker do not count): a cheap way to rule a line out before a pattern anchored at its start.
 */
export function startsWithOtherThan(text: string, allowed: string): boolean {
  if (text.length === 0) return false;
  const first = text.charAt(0);
  return first > " " && first <= "~" && !allowed.includes(first);
}

// Tested on the trimmed line, so that no blank run at either end is matched twice.
const SNIP =
  /^(?:\[\s*(?:\.{2,}|…|snip(?:ped)?|cut|trimmed|deleted|removed|skip(?:ped)?|\.\.\. ?snip ?\.\.\.)[^\]]{0,40}\]|<\s*(?:snip(?:ped)?|\.{2,}|…|cut)\s*>|\(\s*(?:snip(?:ped)?|\.{2,}|…)\s*\)|-*\s*(?:snip|8<|>8|✂)\s*-*.{0,30}|\.{3,}|…|\[\.{3}\]|\[?\s*\d+ lines? (?:snipped|deleted|removed)\s*\]?)$/iu;

// ASCII characters a snip marker can start with (`[...]`, `<snip>`, `(snip)`, `-- 8< --`, `...`, `20 lines snipped`).
const SNIP_STARTS = "[<(-sS8>.0123456789";

/** Snip markers a replier leaves where quoted text was cut: `[...]`, `<snip>`, `-- 8< --`. */
export function isSnip(text: string): boolean {
  if (startsWithOtherThan(text, SNIP_STARTS)) return false;
  // A marker opening on a letter is `snip` itself (`snip`, `Snipped`): sentences on `s` are ruled out
  // by their next letters, before the trimmed copy and the pattern.
  const c = text.charCodeAt(0) | 0x20;
  if (c === 0x73 && (text.length < 4 || (text.charCodeAt(1) | 0x20) !== 0x6e || (text.charCodeAt(2) | 0x20) !== 0x69 || (text.charCodeAt(3) | 0x20) !== 0x70)) return false;
  const trimmed = text.trim();
  return trimmed !== "" && SNIP.test(trimmed);
}

// Each alternative opens on a literal letter, so the letters that may open a closing are read off the list.
const THANKS_TAIL = String.raw`(?: (?:again|a lot|in advance|for (?:the|your) \w+))?`;
const CLOSING_ALTERNATIVES = [
  `thanks${THANKS_TAIL}`,
  `many thanks${THANKS_TAIL}`,
  `big thanks${THANKS_TAIL}`,
  `a lot of thanks${THANKS_TAIL}`,
  "thanks (?:and|&) (?:best |kind )?regards", "with (?:best |kind |warm )?regards", "with respect",
  "thank you(?: (?:very much|again))?", "thx", "tia", "ty", "regards", "best regards", "kind regards",
  "warm regards", "best wishes", "best", "br", "bye", "cheers", "greetings", "sincerely",
  "yours(?: sincerely| truly)?", "all the best", "take care", "ciao", "cordialement", "bien à vous",
  "merci(?: beaucoup)?", String.raw`a\+`, "amicalement", "gru(?:ß|ss)", "grüße", "viele grüße", "beste grüße",
  "mit freundlichen grüßen", "liebe grüße", "lg", "mfg", "vg", "saludos", "un saludo", "saluti",
  "cordiali saluti", "groeten", "met vriendelijke groet", "hälsningar", "mvh", "pozdrawiam", "с уважением",
  "спасибо",
  // Scripts without case close with a phrase and a full-width comma (`谢谢，` / `张强`).
  "谢谢(?:您|你)?", "多谢", "感谢", "此致(?:敬礼)?", "敬礼", "祝好", "よろしくお願い(?:します|いたします|致します)", "감사합니다",
];
const CLOSING_PHRASES = CLOSING_ALTERNATIVES.join("|");
// Tested on the trimmed text, so that no blank run at either end is matched twice. Two closings in
// two languages may stand joined by a slash (`Regards/Gruss,`), as one: under a signature's delimiter
// the name is read from the first line that is no closing, and on the dev lists `Regards/Gruss,` and
// `Bye, Name` hid the name of 3 body-only replies' writers (218 words, none lost elsewhere).
const CLOSING = new RegExp(String.raw`^(?:${CLOSING_PHRASES})(?:\/(?:${CLOSING_PHRASES}))?\s*[,.!，。！-]*$`, "iu");
// Text that starts with a closing phrase, whatever follows it.
const OPENS_WITH_CLOSING = new RegExp(`^(?:${CLOSING_PHRASES})`, "iu");

/** Closing phrases that open a sign-off: `Thanks,`, `Best regards,`, `Viele Grüße`. */
export const isClosing = (text: string): boolean => mayOpenClosing(text.charCodeAt(firstNonSpace(text))) && CLOSING.test(text.trim());

// The ASCII letters a closing phrase opens with, one bit each from `a`.
const CLOSING_LEADS = CLOSING_ALTERNATIVES.reduce((bits, phrase) => {
  const c = phrase.charCodeAt(0) | 0x20;
  return c >= 0x61 && c <= 0x7a ? bits | (1 << (c - 0x61)) : bits;
}, 0);
/**
 * Whether a character may open a closing phrase, asked of every line that ends a writer's run before
 * the trimmed copy and the pattern: any other ASCII character cannot. Other characters go to the
 * pattern (`с уважением`, and the Kelvin sign and long s, which fold to `k` and `s` under the `iu` flags).
 */
function mayOpenClosing(code: number): boolean {
  if (code >= 0x80) return true;
  const letter = code | 0x20;
  return ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) && ((CLOSING_LEADS >> (letter - 0x61)) & 1) === 1;
}

// `Thanks, Jason`, `BR/Tuong`: a closing, then a name of up to three words. The closing ends on a character that
// cannot separate, so each run of separators is tried once.
const INLINE_SIGNOFF = /^(.*?[^,，\s/])[,，\s/]+(?:-+\s*)?([\p{Lu}][\p{L}'.-]*(?: [\p{Lu}][\p{L}'.-]*){0,2}|\p{Lo}{2,4})$/u;
// The same with the longest closing and a one-word name.
const LONGEST_CLOSING = /^(.*[^,，\s/])[,，\s/]+(?:-+\s*)?([\p{Lu}][\p{L}'.-]*|\p{Lo}{2,4})$/u;

/** Short words that end a reply without being anybody's name (`ok`, `ack`, `ping`), review verdicts among them (`Thanks, LGTM.`). */
export const NOT_SIGNOFF: ReadonlySet<string> = new Set(
  "applied done fixed removed added changed updated dropped agreed ack nak nack acked yes no nope yep yeah indeed exactly right correct true false ok okay sure thanks nice great good fine makes sense why what how ping bump oops same lgtm wfm agree reviewed tested works".split(
    " ",
  ),
);

/** Whether a text opens on what leads a name signing alone (`/^[-–—~/]/u`), read from its first code. */
function isDashLed(text: string): boolean {
  const c = text.length > 0 ? text.charCodeAt(0) : 0;
  return c === DASH || c === 0x2013 || c === 0x2014 || c === 0x7e || c === 0x2f;
}
// signOffName's patterns, made once: a `\p{…}` literal in a function body is compiled into a
// `new RegExp` call on every run once the TypeScript is transformed, and this runs on every line
// that ends a writer's run.
const OPENS_UPPERCASE = /^\p{Lu}/u;
// A name of two to four characters of a script without case (Han, Hangul, kana).
export const CASELESS_NAME = /^\p{Lo}{2,4}$/u;
const HAS_NUMBER = /\p{N}/u;
const NAME_WORD = /^[\p{L}][\p{L}'.-]*$/u;
const SENTENCE_WORD = /^\p{L}{3,}\.$/u;
const QUOTED_NICKNAME = /^(\p{Lu}[\p{L}'-]+) "[^"]{1,40}" (\p{Lu}[\p{L}'-]+)$/u;
// A lead with a name after it (`-Dan`, `~ Ann`), a line's prose ending, and the gaps between words.
const DASHED_NAME = /^(?:[-–—~]{1,2}|\/{1,3})\s?\S/u;
const PROSE_END = /[!?:;]$/u;
const SPACES = /\s+/u;
/** A remark in parentheses ending a sign-off line, after the name (`Jack (only 66)`). */
export const TRAILING_REMARK = /(?<=\S)\s+\([^()]{1,30}\)$/u;
/** What leads a name signing alone (`-`, `— `, `~`, `///`), to be taken off it. */
export const SIGN_LEAD = /^(?:[-–—~]{1,2}|\/{1,3})\s?/u;

// The longest a sign-off's name runs, closing and lead cut.
const MAX_SIGNOFF = 40;

/**
 * The name in a sign-off line: `-Daniel`, `- Dan`, `Jason`, `Thanks, Jason`, `Cheers -- Mike`.
 * Null when the line is not one. Lines ending in sentence punctuation are prose, not a name.
 */
export function signOffName(text: string): string | null {
  // Asked of the last line of every writer's run, most of them prose: a line too long to be a name once
  // its lead (at most 4 characters) and final comma or full stop are cut, with no inline closing,
  // remark or nickname to cut more, is ruled out before its trimmed copy and the patterns below.
  if (trimmedLength(text) > MAX_SIGNOFF + 5 && !mayOpenClosing(text.charCodeAt(firstNonSpace(text))) && !text.includes(")") && !text.includes('"')) return null;
  let t = text.trim();
  // Only a line that opens with a closing phrase can sign inline; testing that first spares most lines the split.
  let inline = mayOpenClosing(t.charCodeAt(0)) && OPENS_WITH_CLOSING.test(t) ? INLINE_SIGNOFF.exec(t) : null;
  // The shortest reading names the most (`Thanks, Ann Lee`); where its opening is no closing, the
  // closing may be two words and the name one (`Viele Grüße Sabine`).
  if (inline !== null && !isClosing(inline[1] ?? "")) inline = LONGEST_CLOSING.exec(t);
  const closedInline = inline !== null && isClosing(inline[1] ?? "");
  if (closedInline) t = inline?.[2] ?? "";
  // `-Dan`, `— Dan`, `~ Dan`, `/Dan`, `///jon`: a dash (of any length), tilde or slashes lead the name.
  const dashLed = isDashLed(t);
  const dashed = dashLed && DASHED_NAME.test(t);
  if (dashLed) t = t.replace(SIGN_LEAD, "");
  if (t.endsWith(",") || t.endsWith(".")) t = t.slice(0, -1);
  // A remark in parentheses after the name (`Jack (only 66)`, `Ann (from my phone)`) is no part of it
  // (dev: body and flat +170 words each, one reply's writer unknown before).
  if (t.endsWith(")")) t = t.replace(TRAILING_REMARK, "");
  // A nickname in quotes between the given and the family name (`Linus "no more clicks" Torvalds`) is
  // a joke, not a name's part (dev: body +57 words, one reply).
  if (t.includes('"')) t = t.replace(QUOTED_NICKNAME, "$1 $2");
  // Long lines are prose (checked before the costlier tests below).
  if (t.length === 0 || t.length > MAX_SIGNOFF || PROSE_END.test(t)) return null;
  // Only a dash lets a lowercase handle sign (`-jgg`); a bare lowercase word is prose.
  // A name in a script without case signs only after a closing on its line (`谢谢， 张强`): alone, it may be any word.
  if (!dashed && !OPENS_UPPERCASE.test(t) && !(closedInline && CASELESS_NAME.test(t))) return null;
  const words = t.split(SPACES);
  // A call sign or handle after the name (`Thomas dl9sau`, `Jan xk7abc`) is no part of it: names hold no digits.
  if (words.length > 1 && HAS_NUMBER.test(words[words.length - 1] ?? "")) {
    words.pop();
    t = words.join(" ");
  }
  if (words.length > 3) return null;
  if (words.some((w) => NOT_SIGNOFF.has(w.toLowerCase()))) return null;
  // A word of three letters or more and a full stop ends a sentence before the name (`Uff. Marcelo`,
  // `PLATFORM. Lukas`, run together once the newlines are lost); initials and titles are shorter.
  for (let i = 0; i < words.length - 1; i++) if (SENTENCE_WORD.test(words[i] ?? "")) return null;
  // A name signed twice (`David` above a signature's `David`, run together) is one name.
  if (words.length === 2 && words[0] === words[1]) t = words[0] ?? t;
  // Every word a word of letters: `NULL && (void)` is code, `Lee [李]` carries more than a name.
  if (!words.every((w) => NAME_WORD.test(w))) return null;
  // A closing alone (`Thx.`) signs without a name.
  if (isClosing(t)) return null;
  return cleanName(t);
}

// Stock phrases in one group per first letter: at each position the engine rules a whole group out
// at once instead of trying every phrase. Phrases with different first letters never match at the
// same position, so only the order within a group matters (the first phrase that matches wins).
const FOOTER = new RegExp(
  [
    "unsubscribe",
    String.raw`mailing list|mailto:[\w.-]+-(?:request|leave|unsubscribe)|messages sorted by|mirroring instructions|mbox\.gz`,
    String.raw`listinfo|list archive|lists?\.[a-z0-9-]+\.[a-z]{2,}|legally protected`,
    String.raw`\/mailman\/`,
    "you received this (?:message|email)|you are currently subscribed",
    "google groups|get outlook for",
    "to post to this group|this e-?mail (?:message )?(?:and any|is)|to (?:stop|leave|change)|thread overview",
    "confidential",
    "intended (?:solely )?(?:for the )?(?:use of the )?(?:individual|recipient|addressee)",
    // A web archive's links between messages (Mailman's pipermail; public-inbox, as lore.kernel.org runs
    // it: `^ permalink raw reply [flat|nested]`, `next prev parent reply other threads`), above and below a
    // message copied from its page.
    String.raw`privileged|previous message \(by (?:thread|date)\)|permalink|prev parent reply|public inbox`,
    "raw reply",
    // public-inbox's thread tree: `3+ messages in thread`, `0 siblings, 1 reply`, and a row for each
    // message (`2021-04-13  9:06 \` Ann Lee`), each row another hit, so a long tree is as dense as a short one.
    String.raw`\d+\+? messages? in thread|\d+ siblings?, \d+ repl(?:y|ies)|\d{4}-\d\d-\d\d +\d{1,2}:\d\d +\x60`,
    String.raw`\[(?:this message|flat\|nested)\]`,
    "atom feed",
    "disclaimer|do not (?:click|open)",
    "e-?mail transmission",
    String.raw`notify the sender|next message \(by (?:thread|date)\)`,
    "sender immediately|strictly prohibited|sent from my (?:iphone|ipad|android|mobile|blackberry|samsung|galaxy)|sent via|sent using",
    "virus",
    // Banners a company's mail gateway puts above mail from outside (`CAUTION: This email originated…`).
    "originated (?:from )?outside|other threads",
  ]
    .map((group) => `(?:${group})`)
    .join("|"),
  "giu",
);

/**
 * How strongly a paragraph reads as a list footer, disclaimer or client advertisement: how many
 * different stock phrases it holds. A footer is dense in different ones; the same phrase again and
 * again (`privileged` in a patch list, `lists.example.org` down a `Cc:` list) is a writer's subject.
 */
export function footerHits(paragraph: string): number {
  const found = paragraph.match(FOOTER);
  if (found === null) return 0;
  return found.length === 1 ? 1 : new Set(found.map((f) => f.toLowerCase())).size;
}

const TRAILER_TAG = /^[\p{Lu}][\p{L}-]*-by:$/u;

/**
 * Whether a word is a patch trailer's tag (`Reviewed-by:`), which stands on one line with the name it
 * gives. Asked of every word of a flattened paste: the ending rules nearly all out before the pattern.
 */
export const isTrailerTag = (word: string): boolean => word.endsWith("-by:") && TRAILER_TAG.test(word);

/** A trailer's name and address after its tag (`Ann Lee <ann@example.org>`) are at most this many words. */
export const MAX_TRAILER_WORDS = 7;

/** Whether a text is a closing (`Best regards,`) or a sign-off's name (`-Dana`, `Thanks, Jan`). */
export const isSignOff = (text: string): boolean => isClosing(text) || signOffName(text) !== null;

/** Separator lines that often open a footer: `____`, `-----`, `=====`, `***`. */
export function isRule(text: string): boolean {
  // Only a line whose words open on a rule character is worth the pattern: blank and indented lines
  // (a patch's) are asked too, and each call of a pattern allocates.
  const i = firstNonSpace(text);
  const c = i < text.length ? text.charCodeAt(i) : 0;
  if (c !== DASH && c !== 0x5f && c !== 0x3d && c !== 0x2a && c !== 0x7e) return false;
  return RULE.test(text);
}
const RULE = /^\s*(?:[-_=*~]{3,}|-- ?-+)\s*$/u;

// OpenPGP's armor lines (RFC 4880): `-----BEGIN PGP SIGNED MESSAGE-----`, `-----BEGIN PGP SIGNATURE-----`.
const PGP_ARMOR = /^\s*-----(BEGIN|END) PGP (SIGNED MESSAGE|SIGNATURE)-----\s*$/u;
// How far a signature block may run looking for its END line (a signature is a few lines of base64).
const PGP_REACH = 40;

/**
 * An inline OpenPGP block starting at `start` at one quote depth: the `BEGIN PGP SIGNED MESSAGE` line
 * with the `Hash:` lines under it (a header over the writer's text), or a signature from its BEGIN
 * line to its END line. Neither holds anyone's words. Null when no such block starts there.
 */
export function pgpArmorAt(lines: readonly { depth: number; text: string }[], start: number): { end: number; role: "header" | "signature" } | null {
  const first = lines[start];
  // Asked of every line: only one whose words open on a dash is worth the pattern (indented lines, a
  // patch's context, went to it when ruled out by the first character alone).
  if (first === undefined || !opensOnDash(first.text)) return null;
  const armor = PGP_ARMOR.exec(first.text);
  if (armor === null || armor[1] === "END") return null;
  const within = (k: number): boolean => lines[k]?.depth === first.depth;
  if (armor[2] === "SIGNED MESSAGE") {
    let end = start + 1;
    while (within(end) && /^\s*Hash:\s*\S+\s*$/iu.test(lines[end]?.text ?? "")) end++;
    return { end, role: "header" };
  }
  for (let k = start + 1; k < lines.length && k - start <= PGP_REACH && within(k); k++) {
    if (PGP_ARMOR.exec(lines[k]?.text ?? "")?.[1] === "END") return { end: k + 1, role: "signature" };
  }
  return null;
}
