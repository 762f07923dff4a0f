import { CLOCK, parseAttribution } from "./attribution.js";
import { attributionByEvidence } from "./attribution-evidence.js";
import { footerHits, isClosing, isRule, isTrailerTag, signOffName } from "./boilerplate.js";
import { FIELD_WORD, FROM_WORD, isSeparator } from "./header-block.js";
import { splitSignature } from "./prose-signatures.js";
import { isDateWord } from "./dates.js";
import { endsOnColon } from "./lines.js";

/*
 * Unquoted text in a flattened paste has no markers to show where its lines were. The structure
 * that matters downstream is the attribution line before a quote, the signature delimiter and
 * the sign-off; everything else may stay one long line.
 */

const LEAD = /^(?:On|Le|Am|El|Il|Em|At|Op|Den|W|Quoting|In|在|\*|\d{4}年)$/u;
const MAX_ATTRIBUTION_WORDS = 40;

/**
 * Splits the words of unquoted flattened text into lines at message headers (a pasted chain of
 * messages, an Outlook `-----Original Message-----` block), attributions, signatures and sign-offs.
 */
export function splitProse(words: readonly string[]): string[] {
  const lines: string[] = [];
  let from = 0;
  const blocks = headerBlocks(words);
  blocks.forEach((block, b) => {
    for (const line of splitTail(words.slice(from, block.start))) lines.push(line);
    for (const line of block.lines) lines.push(line);
    from = block.end;
    // A mail gateway's banner (`CAUTION: This email originated from outside…`) stood as a paragraph
    // of its own under the headers; run on into the text below, it hid in a paragraph too long to be a footer.
    const banner = bannerEnd(words, from, blocks[b + 1]?.start ?? words.length);
    if (banner > from) lines.push(words.slice(from, banner).join(" "), "");
    from = banner;
  });
  for (const line of splitTail(words.slice(from))) lines.push(line);
  return lines;
}

// The most words a separator above a header block runs to (Gmail's `---------- Forwarded message ---------`).
const SEPARATOR_WORDS = 4;
// Header blocks: a `From:` field with at least one more field close behind it.
const MAX_FIELD_WORDS = 30;
// Words that open a sentence rather than continue a subject line.
const SENTENCE_OPENER =
  /^(?:I|I'm|I've|I'd|We|We're|You|Your|He|She|They|It|It's|This|That|These|Those|The|There|Here|Should|Could|Would|Can|Will|Is|Are|Was|Do|Does|Did|Have|Has|What|Why|How|When|Where|Who|Please|Hi|Hello|Hey|Dear|Thanks|Thank|Sorry|Yes|No|Ok|OK|Attached|Just|So|But|And|As|If|Bonjour|Salut|Merci|Hallo|Danke|Hola|Ciao)[,!]?$/u;
const SUBJECT = /^(?:Subject|Objet|Betreff|Asunto|Oggetto|Onderwerp|Ämne|Temat|Тема|Aihe):?$/iu;
const SUBJECT_WORDS = 14;

interface HeaderBlock {
  start: number;
  end: number;
  lines: string[];
}

/** A header field name at `i`: `From:` as one word, or `Envoyé` `:` as two. Returns its length in words. */
function fieldAt(words: readonly string[], i: number): number {
  const w = words[i] ?? "";
  // A field name ends on its colon: asked of every word of a flattened paste's prose, the last
  // character rules most out before the pattern.
  const last = w.charAt(w.length - 1);
  if ((last === ":" || last === "：") && FIELD_WORD.test(w)) return 1;
  return words[i + 1] === ":" && FIELD_WORD.test(`${w}:`) ? 2 : 0;
}

/** The field name at `i` as one word (`Envoyé` `:` read as `Envoyé:`). */
const fieldName = (words: readonly string[], i: number): string => (fieldAt(words, i) === 1 ? (words[i] ?? "") : `${words[i] ?? ""}:`);

/** Whether a word closes one entry of a recipient list: a `;` after a name or an address. */
const endsListEntry = (w: string): boolean => w.endsWith(";") || w.includes("@");

/** Finds pasted header blocks; each field becomes a line, the subject ending at its first sentence end. */
function headerBlocks(words: readonly string[]): HeaderBlock[] {
  const blocks: HeaderBlock[] = [];
  for (let i = 0; i < words.length; i++) {
    const fromLen = fieldAt(words, i);
    if (fromLen === 0 || !FROM_WORD.test(fieldName(words, i))) continue;
    // Field starts: each next field name within reach of the previous one.
    const starts = [i];
    let subject = -1;
    // Reach runs from the last field name or list entry's end: a recipient list (`To: Ann Lee; Bo
    // Wu; ...`, `Cc: ann@example.org; ...`) runs to a hundred names and more before the subject
    // (dev-A flat +166 words, o2c -37; dev-B unchanged).
    let reach = i;
    for (let j = i + fromLen; j < words.length && j - reach <= MAX_FIELD_WORDS; j++) {
      if (endsListEntry(words[j] ?? "")) reach = j;
      if (fieldAt(words, j) === 0) continue;
      // A subject may hold any words: past it, only a field within a subject's reach of the last goes on the
      // block (a web archive's page lists `Date:`, `Message-ID:`, `In-Reply-To:` under the subject).
      // A sender there opens the next message's header (an answered message's, quoted below the subject).
      if (subject >= 0 && (j - (starts[starts.length - 1] ?? j) > SUBJECT_WORDS || FROM_WORD.test(fieldName(words, j)))) break;
      // A one-letter label (Italian Outlook's `A:`) stands above the subject in every client's block: past
      // it, it is prose (`Option A: both at once.`).
      if (subject >= 0 && fieldName(words, j).length <= 2) continue;
      starts.push(j);
      reach = j;
      if (SUBJECT.test(words[j] ?? "")) subject = j;
    }
    if (starts.length < 2) continue;
    const last = starts[starts.length - 1] ?? i;
    let end = last + fieldAt(words, last);
    const limit = Math.min(words.length, end + SUBJECT_WORDS);
    const closed = SUBJECT.test(words[last] ?? "") ? -1 : closedValueEnd(words, end, limit);
    if (closed > 0) end = closed;
    else {
    // The subject runs to its first sentence end, or up to the word that opens the body's first sentence.
    // A capital after a lowercase word (`Supplier contract Prices went up`) also starts the body.
    const subjectStart = end;
    // So does one of the people the fields name, called by their given name (`Raj,`), as replies open.
    const called = calledNames(words, i, subjectStart);
    const opensBody = (k: number): boolean =>
      k > subjectStart + 1 && (SENTENCE_OPENER.test(words[k] ?? "") || (/^\p{Lu}\p{Ll}/u.test(words[k] ?? "") && /^[\p{Ll}'’-]+$/u.test(words[k - 1] ?? "")) || called.has(words[k] ?? ""));
      while (end < limit && !/[.?!]$/u.test(words[end] ?? "") && !opensBody(end)) end++;
      if (!opensBody(end)) end = Math.min(words.length, end + 1);
    }
    // An Outlook separator just before the fields (`-----Original Message-----`) belongs to the block.
    let start = i;
    for (let k = Math.max(0, i - SEPARATOR_WORDS); k < i; k++) {
      if (isSeparator(words.slice(k, i).join(" "))) {
        start = k;
        break;
      }
    }
    const fieldLines = starts.map((s, k) => words.slice(s, k + 1 < starts.length ? starts[k + 1] : end).join(" "));
    // Headers end with a blank line, as they did before the newlines were lost.
    blocks.push({ start, end, lines: [...(start < i ? [words.slice(start, i).join(" ")] : []), ...fieldLines, ""] });
    i = end - 1;
  }
  return blocks;
}

/**
 * The given names of the people the fields from word `from` to `to` name (the capitalised word opening
 * a field's value or a list entry: `To: Raj Patel <…>; Platform Team`), each with the comma a reply
 * calling them by name opens with (`Raj,`).
 */
function calledNames(words: readonly string[], from: number, to: number): Set<string> {
  const names = new Set<string>();
  for (let k = from + 1; k < to; k++) {
    const word = words[k] ?? "";
    if (GIVEN_NAME.test(word) && OPENS_ENTRY.test(words[k - 1] ?? "")) names.add(`${word},`);
  }
  return names;
}
const GIVEN_NAME = /^\p{Lu}\p{Ll}+$/u;
// What ends the word before a field's value or a list's next entry: the label's colon, `;`, an address.
const OPENS_ENTRY = /[:：;>]$/u;

// The end of a date (its zone) or of a message id (`<…>`), and a page's note after it (`[thread overview]`, `(raw)`).
const CLOSES_VALUE = /(?:>|^[+-]\d{4}|^(?:UTC|GMT))$/u;
const NOTE_OPENS = /^[[(]/u;
const NOTE_CLOSES = /[\])]$/u;

/**
 * Where the value of a last field that is a date or message ids (not a subject) ends, from `start`
 * (-1 where no word within `limit` closes one): after its zone or its last `<id>`, and a bracketed note
 * the page put after it. A subject's words are anyone's, so its end is guessed from how the body opens.
 */
function closedValueEnd(words: readonly string[], start: number, limit: number): number {
  let end = -1;
  for (let k = start; k < limit; k++) {
    if (!CLOSES_VALUE.test(words[k] ?? "")) {
      if (end > 0) break;
      continue;
    }
    end = k + 1;
  }
  if (end < 0) return -1;
  if (NOTE_OPENS.test(words[end] ?? "")) {
    for (let k = end; k < Math.min(words.length, end + 3); k++) {
      if (NOTE_CLOSES.test(words[k] ?? "")) return k + 1;
    }
  }
  return end;
}

// A gateway's banner is a sentence or three.
const MAX_BANNER_WORDS = 60;

/**
 * Where a banner that opens at `from` ends (`from` for none): the shortest run of whole sentences
 * holding two stock phrases, as a footer paragraph does, and no more of them than the window holds.
 */
function bannerEnd(words: readonly string[], from: number, limit: number): number {
  const end = Math.min(limit, from + MAX_BANNER_WORDS);
  const all = footerHits(words.slice(from, end).join(" "));
  if (all < 2) return from;
  for (let k = from; k < end; k++) {
    if (/[.?!]$/u.test(words[k] ?? "") && footerHits(words.slice(from, k + 1).join(" ")) === all) return k + 1 < limit ? k + 1 : from;
  }
  return from;
}

// How far back from a stretch's end a footer is looked for: a list's footer, or a web archive's links
// and thread tree under a message copied from its page.
const MAX_FOOTER_WORDS = 200;

/**
 * Where a footer that ends the stretch opens (`words.length` for none): the shortest tail holding every
 * stock phrase of the stretch's last words, two at least, with the marks it opens on
 * (`^ permalink raw reply [flat|nested] 3+ messages in thread` under a message copied from a
 * public-inbox page). Flattened, the footer ran on from the writer's last words (`Bob ^ permalink …`),
 * and neither the sign-off nor the footer stood alone.
 */
function footerStart(words: readonly string[]): number {
  const from = Math.max(0, words.length - MAX_FOOTER_WORDS);
  const hitsFrom = (k: number): number => footerHits(words.slice(k).join(" "));
  const all = hitsFrom(from);
  if (all < 2) return words.length;
  // The hits only fall as the tail shortens: the last start that keeps them all, by halving.
  let lo = from;
  let hi = words.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (hitsFrom(mid) === all) lo = mid;
    else hi = mid - 1;
  }
  // Only a footer that opens on its marks is cut off: a tail cut at its first stock phrase alone
  // would leave the words before it that are the footer's too (`Linux-foo mailing list`).
  const phrase = lo;
  while (lo > from && !LETTER.test(words[lo - 1] ?? "")) lo--;
  return lo < phrase ? lo : words.length;
}

const LETTER = /\p{L}/u;

/** Splits one stretch of prose at a trailing attribution, a signature and a sign-off, and a footer under them. */
function splitTail(words: readonly string[]): string[] {
  if (words.length === 0) return [];
  const footer = footerStart(words);
  if (footer > 0 && footer < words.length) return [...splitTail(words.slice(0, footer)), "", words.slice(footer).join(" ")];
  // A rule (`____`, `-----`) stood on a line of its own: list footers, disclaimers and a patch's
  // diffstat follow one. Each stood apart from the paragraph above it, as a blank line shows; what
  // follows a rule may still end in a signature or an attribution (a patch, then `-- Thanks Ann`).
  const lines: string[] = [];
  let from = 0;
  // An attribution holds no word ending on a colon before its last: one inside a stretch opens
  // after the previous such word, so each word is read for one at most once (a paste of `On a:`
  // repeated would otherwise have every colon parse the 40 words before it again).
  let afterColon = 0;
  for (let k = 1; k < words.length; k++) {
    const floor = afterColon;
    if (endsOnColon(words[k] ?? "")) afterColon = k + 1;
    if (isRule(words[k] ?? "") && !opensAttribution(words, k)) {
      for (const line of splitStretch(words.slice(from, k))) lines.push(line);
      lines.push("", words[k] ?? "");
      from = k + 1;
      continue;
    }
    // A patch's trailers (`Signed-off-by: Name <addr>`) stood one a line: each names a person only there.
    const end = trailerEnd(words, k);
    if (end !== undefined) {
      for (const line of splitStretch(words.slice(from, k))) lines.push(line);
      lines.push(words.slice(k, end).join(" "));
      from = end;
      k = end - 1;
      continue;
    }
    // An attribution above a quote its client left unmarked (`... wrote: Thanks, Jon. I've ...`, as
    // Yahoo and Outlook write) stood between blank lines, the text it introduces below it.
    const start = innerAttributionStart(words, Math.max(from, floor), k);
    if (start < 0) continue;
    for (const line of splitStretch(words.slice(from, start))) lines.push(line);
    lines.push("", words.slice(start, k + 1).join(" "), "");
    from = k + 1;
  }
  for (const line of splitStretch(words.slice(from))) lines.push(line);
  // No blank line opens the stretch: the caller knows what stood before it.
  while (lines[0] === "") lines.shift();
  return lines;
}

/** Whether the dashes at `k` are drawn before the attribution that ends the stretch (`----- On <date>, Ann wrote:`). */
const opensAttribution = (words: readonly string[], k: number): boolean =>
  words.length - k <= MAX_ATTRIBUTION_WORDS && DASHES.test(words[k] ?? "") && attributionStart(words.slice(k)) === 0;

/**
 * Where an attribution ending at `k`, with more words after it, opens (-1 for none): only at a lead
 * word and with a time or an address in it, as text that goes on past a colon is far more often
 * prose (`as follows: ...`, `Quoting Wikipedia, : ...`).
 */
function innerAttributionStart(words: readonly string[], from: number, k: number): number {
  const word = words[k] ?? "";
  if (k + 1 >= words.length || !endsOnColon(word)) return -1;
  const window = words.slice(Math.max(from, k + 1 - MAX_ATTRIBUTION_WORDS), k + 1);
  // Both are asked of what the attribution holds below; most windows have neither, and parsing is dear.
  if (!window.some((w) => LEAD.test(w)) || !window.some((w) => CLOCK.test(w) || w.includes("@"))) return -1;
  const start = attributionStart(window);
  const at = k + 1 - window.length + start;
  if (start === window.length || !(LEAD.test(words[at] ?? "") || DASHES.test(words[at] ?? ""))) return -1;
  return window.slice(start).some((w) => CLOCK.test(w) || w.includes("@")) ? at : -1;
}

// A trailer's name and address: `Ann Lee <ann@example.org>` or a few words more.
const MAX_TRAILER_WORDS = 8;

/** Where a trailer that opens at `k` ends (after its `<address>`), if one opens there. */
function trailerEnd(words: readonly string[], k: number): number | undefined {
  if (!isTrailerTag(words[k] ?? "")) return undefined;
  for (let end = k + 2; end <= Math.min(words.length, k + MAX_TRAILER_WORDS); end++) {
    if ((words[end - 1] ?? "").endsWith(">")) return end;
  }
  return undefined;
}

/** Splits one stretch of prose without rules at a trailing attribution, a signature and a sign-off. */
function splitStretch(words: readonly string[]): string[] {
  const attribution = attributionStart(words);
  const body = words.slice(0, attribution);
  const lines = splitSignature(body);
  if (attribution < words.length) lines.push(words.slice(attribution).join(" "));
  return lines;
}

/** Index where a trailing attribution (`On <date>, Name <addr> wrote:`) begins, or `words.length`. */
function attributionStart(words: readonly string[]): number {
  const last = words[words.length - 1] ?? "";
  // alot's attribution ends on the time in brackets (`Quoting Ann Lee (2019-11-08 05:42:33)`).
  const alot = last.endsWith(")") && words.lastIndexOf("Quoting") >= words.length - MAX_ATTRIBUTION_WORDS;
  if (!last.endsWith(":") && !last.endsWith("：") && !alot) return words.length;
  let best = words.length;
  let bestLead = false;
  // The reading from word k on, grown one word to the left per step: joining every tail anew would
  // build the last words forty times over.
  let text = "";
  for (let k = words.length - 1; k >= Math.max(0, words.length - MAX_ATTRIBUTION_WORDS); k--) {
    const tok = words[k] ?? "";
    text = k === words.length - 1 ? tok : `${tok} ${text}`;
    // A date opens one as a lead word does, in lowercase too (`пт, 1 мар. 2024 г. в 15:10, Name <addr>:`).
    const dateLead = opensDate(tok, words[k + 1] ?? "");
    // Scripts without case (`在 2024/1/9, Name 写道:`) open an attribution with any letter.
    if (!OPENS_ATTRIBUTION_WORD.test(tok) && !dateLead) continue;
    const before = words[k - 1];
    // An address closing (`<ann@example.org>`) ends a trailer or signature line as a full stop ends a sentence.
    // Asked only of a word that may open one: the sign-off test is dear.
    const boundary = before === undefined || ENDS_CLAUSE.test(before) || signOffName(before) !== null;
    const lead = LEAD.test(tok) || dateLead;
    // Flat text lost the line break before an attribution, so the word before it ends no sentence
    // (`in a moment On Thu, 2025-11-13 at 17:03, Ann Lee wrote:`): a lead word the pattern reads
    // whole from opens one wherever it stands. Without it the cut fell inside the date, after the
    // first comma that looks like a sign-off (`Thu,`, `AM,`), and neither part read as an attribution.
    if (!boundary && !lead) continue;
    // A name right after a closing (`Thank you, Ann Bo Lee <bo@…> 於 … 寫道：`) signs the text above
    // when the attribution after it still names someone in full: a reading from it names someone as
    // well. Where only one word would be left (`Thanks, Bo Lee1 <bo@…> 於 …`), the name is the
    // attribution's (with the matching rule in attribution-at.ts, dev-A flat +27 words, dev-B +1).
    if (!lead && afterClosing(words, k) && fullName(text.slice(tok.length + 1))) continue;
    const parsed = parseAttribution(text);
    // A shape no pattern knows (`在 <date>, Name 写道:`) is read by its evidence, from a lead word only.
    // A dated one may follow words that end no sentence as a lead word does: in scripts without
    // spaces the reply's last words end in a name or a closing (`谢谢， 张强 在 2024/03/02 15:10, 陈静 写道:`).
    const found = parsed ?? (lead && (boundary || CLOCK.test(text)) ? attributionByEvidence(text, []) : null);
    // A dated lead with a time is an attribution even where the name defeats the parser (`Ann B. Lee`).
    const dated = lead && parsed !== null && CLOCK.test(text);
    if (found === null || (found.name === null && found.email === null && !dated)) continue;
    // An address alone names the writer only in a short reading or one that opens like an attribution.
    if (found.name === null && k < words.length - 3 && !lead) continue;
    // The longest reading that still names someone, preferring one that opens like an attribution.
    if (lead || !bestLead) {
      best = k;
      bestLead = lead;
    }
  }
  // The dashes some clients draw before an attribution (`----- On 13 Nov, 2020, Ann wrote:`) are its own.
  return bestLead && best > 0 && DASHES.test(words[best - 1] ?? "") ? best - 1 : best;
}

/** Whether an attribution reads from `text` with a name of two words or more. */
const fullName = (text: string): boolean => parseAttribution(text)?.name?.includes(" ") ?? false;

/** Whether a closing phrase and its comma (`Thanks,`, `Thank you,`) end right before word `k`. */
function afterClosing(words: readonly string[], k: number): boolean {
  if (!(words[k - 1] ?? "").endsWith(",")) return false;
  for (let start = Math.max(0, k - 3); start < k; start++) if (isClosing(words.slice(start, k).join(" "))) return true;
  return false;
}

const DASHES = /^-{3,}$/u;

/**
 * Whether a word opens a date as an attribution's opening one does in many locales: year first
 * (`2024年3月2日(土)`, `2024년`, `2024/03/02`), or a weekday or month name with its comma before the
 * day (`пт, 1 мар. 2024 г. в 15:10`, `ven., 1 mars`).
 */
function opensDate(word: string, next: string): boolean {
  if (YEAR_FIRST.test(word)) return true;
  return word.endsWith(",") && DIGIT_FIRST.test(next) && NAME_LETTERS.test(word) && isDateWord(word.slice(0, -1));
}
const YEAR_FIRST = /^(?:19|20)\d\d(?:[年년]|[/.-]\d)/u;
const DIGIT_FIRST = /^\d/u;
const NAME_LETTERS = /^\p{L}{2,}\.?,$/u;
const OPENS_ATTRIBUTION_WORD = /^[\p{Lu}\p{Lo}\p{N}*"]/u;
// Any script's sentence end counts (`好的。 在 2023/06/13 20:25, 李明 写道:`), and the full-width colon,
// semicolon and parenthesis CJK text writes.
const ENDS_CLAUSE = /(?:[.?!:;)"'>：；）]|\p{Sentence_Terminal})$|^--$/u;
