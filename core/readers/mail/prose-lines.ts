import { CLOCK, parseAttribution } from "./attribution.js";
import { attributionByEvidence } from "./attribution-evidence.js";
import { footerHits, isClosing, isRule, SIGN_LEAD, signOffName } from "./boilerplate.js";
import { FIELD_WORD, FROM_WORD } from "./header-block.js";

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

// Header blocks: a `From:` field with at least one more field close behind it.
const MAX_FIELD_WORDS = 30;
// Words that open a sentence rather than continue a subject line.
const SENTENCE_OPENER =
  /^(?:I|I'm|I've|I'd|We|We're|You|Your|He|She|They|It|It's|This|That|These|Those|The|There|Here|Should|Could|Would|Can|Will|Is|Are|Was|Do|Does|Did|Have|Has|What|Why|How|When|Where|Who|Please|Hi|Hello|Hey|Dear|Thanks|Thank|Sorry|Yes|No|Ok|OK|Attached|Just|So|But|And|As|If|Bonjour|Salut|Merci|Hallo|Danke|Hola|Ciao)[,!]?$/u;
const SUBJECT = /^(?:Subject|Objet|Betreff|Asunto|Oggetto|Onderwerp|Ämne|Temat|Тема|Aihe):?$/iu;
const SUBJECT_WORDS = 14;
const SEPARATOR_WORDS = /^-{2,}\s*(?:Original|Forwarded|Ursprüngliche|Message|Mensaje|Messaggio)[^-]*-{2,}$|^_{10,}$/iu;

interface HeaderBlock {
  start: number;
  end: number;
  lines: string[];
}

/** A header field name at `i`: `From:` as one word, or `Envoyé` `:` as two. Returns its length in words. */
function fieldAt(words: readonly string[], i: number): number {
  const w = words[i] ?? "";
  if (FIELD_WORD.test(w)) return 1;
  return words[i + 1] === ":" && FIELD_WORD.test(`${w}:`) ? 2 : 0;
}

/** Finds pasted header blocks; each field becomes a line, the subject ending at its first sentence end. */
function headerBlocks(words: readonly string[]): HeaderBlock[] {
  const blocks: HeaderBlock[] = [];
  for (let i = 0; i < words.length; i++) {
    const fromLen = fieldAt(words, i);
    if (fromLen === 0 || !FROM_WORD.test(fromLen === 1 ? (words[i] ?? "") : `${words[i] ?? ""}:`)) continue;
    // Field starts: each next field name within reach of the previous one; the subject comes last.
    const starts = [i];
    for (let j = i + fromLen; j < words.length && j - (starts[starts.length - 1] ?? i) <= MAX_FIELD_WORDS; j++) {
      if (fieldAt(words, j) === 0) continue;
      starts.push(j);
      if (SUBJECT.test(words[j] ?? "")) break;
    }
    if (starts.length < 2) continue;
    const last = starts[starts.length - 1] ?? i;
    let end = last + fieldAt(words, last);
    const limit = Math.min(words.length, end + SUBJECT_WORDS);
    // The subject runs to its first sentence end, or up to the word that opens the body's first sentence.
    // A capital after a lowercase word (`Supplier contract Prices went up`) also starts the body.
    const subjectStart = end;
    const opensBody = (k: number): boolean =>
      k > subjectStart + 1 && (SENTENCE_OPENER.test(words[k] ?? "") || (/^\p{Lu}\p{Ll}/u.test(words[k] ?? "") && /^[\p{Ll}'’-]+$/u.test(words[k - 1] ?? "")));
    while (end < limit && !/[.?!]$/u.test(words[end] ?? "") && !opensBody(end)) end++;
    if (!opensBody(end)) end = Math.min(words.length, end + 1);
    // An Outlook separator just before the fields (`-----Original Message-----`) belongs to the block.
    let start = i;
    for (let k = Math.max(0, i - 3); k < i; k++) {
      if (SEPARATOR_WORDS.test(words.slice(k, i).join(" "))) {
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

/** Splits one stretch of prose at a trailing attribution, a signature and a sign-off. */
function splitTail(words: readonly string[]): string[] {
  if (words.length === 0) return [];
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
    if (ENDS_ON_COLON.test(words[k] ?? "")) afterColon = k + 1;
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
  if (k + 1 >= words.length || !ENDS_ON_COLON.test(word)) return -1;
  const window = words.slice(Math.max(from, k + 1 - MAX_ATTRIBUTION_WORDS), k + 1);
  // Both are asked of what the attribution holds below; most windows have neither, and parsing is dear.
  if (!window.some((w) => LEAD.test(w)) || !window.some((w) => CLOCK.test(w) || w.includes("@"))) return -1;
  const start = attributionStart(window);
  const at = k + 1 - window.length + start;
  if (start === window.length || !(LEAD.test(words[at] ?? "") || DASHES.test(words[at] ?? ""))) return -1;
  return window.slice(start).some((w) => CLOCK.test(w) || w.includes("@")) ? at : -1;
}

const TRAILER_WORD = /^[\p{Lu}][\p{L}-]*-by:$/u;
// A trailer's name and address: `Ann Lee <ann@example.org>` or a few words more.
const MAX_TRAILER_WORDS = 8;

/** Where a trailer that opens at `k` ends (after its `<address>`), if one opens there. */
function trailerEnd(words: readonly string[], k: number): number | undefined {
  if (!TRAILER_WORD.test(words[k] ?? "")) return undefined;
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
  if (!last.endsWith(":") && !last.endsWith("：")) return words.length;
  let best = words.length;
  let bestLead = false;
  for (let k = words.length - 1; k >= Math.max(0, words.length - MAX_ATTRIBUTION_WORDS); k--) {
    const tok = words[k] ?? "";
    const before = words[k - 1];
    // An address closing (`<ann@example.org>`) ends a trailer or signature line as a full stop ends a sentence.
    const boundary = before === undefined || /[.?!:;)"'>]$|^--$/u.test(before) || signOffName(before) !== null;
    // Scripts without case (`在 2024/1/9, Name 写道:`) open an attribution with any letter.
    if (!/^[\p{Lu}\p{Lo}\p{N}*"]/u.test(tok)) continue;
    const lead = LEAD.test(tok);
    // Flat text lost the line break before an attribution, so the word before it ends no sentence
    // (`in a moment On Thu, 2025-11-13 at 17:03, Ann Lee wrote:`): a lead word the pattern reads
    // whole from opens one wherever it stands. Without it the cut fell inside the date, after the
    // first comma that looks like a sign-off (`Thu,`, `AM,`), and neither part read as an attribution.
    if (!boundary && !lead) continue;
    const text = words.slice(k).join(" ");
    const parsed = parseAttribution(text);
    // A shape no pattern knows (`在 <date>, Name 写道:`) is read by its evidence, from a lead word only.
    const found = parsed ?? (lead && boundary ? attributionByEvidence(text, []) : null);
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

const DASHES = /^-{3,}$/u;
const ENDS_ON_COLON = /[:：]$/u;

// What a word ending a clause ends with: a sign-off may follow it on the same line of flattened text.
const ENDS_CLAUSE = /[.?!,:;)]$/u;

/** Splits off `-- ` signatures and trailing sign-offs (`Thanks, Jason`, `-Daniel`) as lines of their own. */
function splitSignature(words: readonly string[]): string[] {
  const dash = dashSignatureAt(words);
  // The name, the dash and what the writer keeps under it each stood on a line of their own.
  if (dash > 0) return [...splitSignOff(words.slice(0, dash)), "", words[dash] ?? "", words.slice(dash + 1).join(" ")];
  const early = earlySignatureStart(words);
  const cuts = early < 0 ? signatureCuts(words) : [early, ...footerCut(words, early)];
  const first = cuts[0] ?? words.length;
  // Only above a short block is a `--` a signature's delimiter, with a name right above it.
  const delimited = first < words.length && words.length - first - 1 <= MAX_SIGNATURE_WORDS;
  const name = first > 1 && loneName(words, first, delimited) ? first - 1 : first;
  const lines = splitSignOff(words.slice(0, name));
  // The name stood apart from the text above it.
  if (name < first) lines.push("", words[name] ?? "");
  // Each block under a delimiter is a signature of its own (a writer's name, then a list footer):
  // the body names the writer from the first line of the block its delimiter opens.
  cuts.forEach((cut, k) => {
    lines.push("", "-- ");
    const block = words.slice(cut + 1, cuts[k + 1] ?? words.length);
    if (block.length > 0) for (const line of splitSignOff(block)) if (line !== "") lines.push(line);
  });
  return lines;
}

// A name in lowercase signing alone (`sage`, `julia`): one word of letters.
const LOWERCASE_NAME = /^\p{Ll}[\p{L}-]{1,14}$/u;

/**
 * Whether the word before `end` is a name signing alone, where `splitSignOff` sees none: capitalised
 * right above a signature delimiter, even after code or a link that ends no sentence (`} Pavel --
 * <url>`); or in lowercase after a finished sentence (`move to nautilus. sage`), as no sentence is.
 */
function loneName(words: readonly string[], end: number, delimited: boolean): boolean {
  const word = words[end - 1] ?? "";
  const before = words[end - 2] ?? "";
  if (LOWERCASE_NAME.test(word)) return /[.!?]$/u.test(before) && !isClosing(word);
  return delimited && !ENDS_CLAUSE.test(before) && /^\p{Lu}/u.test(word) && signOffName(word) !== null;
}

// A signature's block (name, address, a title) is a few words; a longer one under an earlier `--`
// means that `--` was a dash in the text.
const MAX_SIGNATURE_WORDS = 12;

/**
 * Where the signature delimiters (`--`) of a stretch are: the last one, and each earlier one whose
 * block up to the next is as short as a signature (`-- Jan Kara <jack@suse.com> -- List mailing list`).
 * A `--` between a word that ends no sentence and a lowercase one is a dash in prose (`again -- so`).
 */
function signatureCuts(words: readonly string[]): number[] {
  const cuts: number[] = [];
  for (let k = words.length - 1; k >= 0; k--) {
    if (words[k] !== "--" || isProseDash(words, k)) continue;
    const next = cuts[cuts.length - 1];
    if (next !== undefined && next - k - 1 > MAX_SIGNATURE_WORDS) break;
    cuts.push(k);
  }
  return cuts.reverse();
}

const isProseDash = (words: readonly string[], k: number): boolean =>
  k > 0 && !/[.?!:;,)>"']$/u.test(words[k - 1] ?? "") && /^\p{Ll}/u.test(words[k + 1] ?? "");

/**
 * Where a signature begins that holds dashes of its own (`-- Ann Lee -- There's more to life --
 * ann@example.org`): the first `--`, before the last, that stands after a finished sentence or a
 * sign-off and before a full name; -1 when there is none.
 */
function earlySignatureStart(words: readonly string[]): number {
  const last = words.lastIndexOf("--");
  for (let k = words.indexOf("--"); k >= 0 && k < last; k = words.indexOf("--", k + 1)) {
    const before = words[k - 1];
    // A full name (two capitalised words): a single one may be a heading between dashes (`-- Later --`).
    const opensName = /^\p{Lu}/u.test(words[k + 1] ?? "") && /^\p{Lu}/u.test(words[k + 2] ?? "");
    if (opensName && (before === undefined || /[.?!,]$/u.test(before) || signOffName(before) !== null)) return k;
  }
  return -1;
}

// A company's registration block under a name: an address, a number, a few words more.
const MAX_DASHED_WORDS = 24;

/**
 * Where a lone dash under a name opens what a writer keeps below it (`works now. David - Registered
 * Address Lakeside, … No: 1397386 (Wales)`), as a client's own delimiter (`-` on its own line); -1
 * for none. The name follows a finished sentence and the dash is the stretch's last, with no sentence
 * after it: a dash before one addresses the name (`Done. Bob - can you test it?`).
 */
function dashSignatureAt(words: readonly string[]): number {
  const k = words.findLastIndex((w) => LONE_DASH.test(w));
  // Under a `--` the dash is the signature's own (`-- Ann B. Lee - she/her`).
  if (k < 2 || words.length - k - 1 > MAX_DASHED_WORDS || words.length - k < 2 || words.includes("--")) return -1;
  const name = words[k - 1] ?? "";
  if (!NAME.test(name) || signOffName(name) === null || !SENTENCE_END.test(words[k - 2] ?? "")) return -1;
  return words.slice(k + 1).some((w) => /[.?!]$/u.test(w)) ? -1 : k;
}

const LONE_DASH = /^[-–—]$/u;

/** The last `--` after a signature's own when a list footer follows it (`-- List mailing list <url>`). */
function footerCut(words: readonly string[], start: number): number[] {
  const last = words.lastIndexOf("--");
  return last > start && footerHits(words.slice(last + 1).join(" ")) > 0 ? [last] : [];
}

/** Splits off sign-offs: each with more text under it, then one ending the words. */
function splitSignOff(words: readonly string[]): string[] {
  const lines: string[] = [];
  let from = 0;
  for (let inner = innerSignOff(words, from); inner !== undefined; inner = innerSignOff(words, from)) {
    const [c, end] = inner;
    // The name stood apart from the text around it, as a blank line shows.
    for (const line of [words.slice(from, c).join(" "), words.slice(c, end).join(" ")]) if (line !== "") lines.push(line);
    lines.push("", words[end] ?? "", "");
    from = end + 1;
  }
  for (const line of splitFinalSignOff(words.slice(from))) lines.push(line);
  return lines;
}

function splitFinalSignOff(words: readonly string[]): string[] {
  // `Regards, Sarah Connor Procurement Lead`: a closing phrase, then a name and title to the end.
  for (let c = Math.max(0, words.length - MAX_SIGN_OFF_WORDS); c < words.length - 1; c++) {
    const prev = words[c - 1];
    if (prev !== undefined && !/[.?!]$/u.test(prev)) continue;
    const end = findClosingEnd(words, c);
    if (end !== undefined && end < words.length) return [words.slice(0, c).join(" "), words.slice(c, end).join(" "), words.slice(end).join(" ")].filter((l) => l !== "");
  }
  for (let k = Math.max(0, words.length - 4); k < words.length; k++) {
    const tail = words.slice(k).join(" ");
    const prev = words[k - 1];
    const closingAt = findClosing(words, k);
    // A name under a closing without its comma (`proposal? Regards ///jon`) signs as one under `Regards,`
    // does; opening the text, the same words greet (`Thanks Andy, on Monday...`).
    const afterClosing = closingAt !== undefined && closingAt > 0 && ENDS_CLAUSE.test(words[closingAt - 1] ?? "");
    // A header field's value names its sender, not the writer signing (`From: Ann Lee`).
    if (prev !== undefined && !afterClosing && ((!ENDS_CLAUSE.test(prev) && !isLink(prev)) || FIELD_WORD.test(prev))) continue;
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
// What no sentence goes on with: a footnote's mark, a heading (`Footnotes:`).
const UNSPOKEN = /^\[\d+\]$|^\p{Lu}\p{Ll}+:$/u;
// A sentence's last word (not a list's number: `1.`), a closing bracket or quote after it.
const SENTENCE_END = /\p{L}[.?!]+["'’”)]*$/u;
// A first name signing alone: `Nadav`, `Jean-Luc` (not `I'll`).
const NAME = /^\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?$/u;

/**
 * The first sign-off after `from` with more text under it (a postscript, footnotes, a list), after a
 * finished sentence: a closing phrase and one name (`works now. Thanks, Nadav [1] https://…`) with no
 * capitalised word after it, which may be the rest of the name or a title (`Regards, Sarah Connor`),
 * and the name ending no clause of its own (`Thanks, Alex. You raise…` thanks a reader); or a name
 * signing alone before what no sentence goes on with (`Rasmus Footnotes:`, `julia drivers/file.c:`).
 * Returns where the sign-off starts and the name's index; one scan, as the caller resumes after it.
 */
function innerSignOff(words: readonly string[], from: number): [number, number] | undefined {
  for (let c = from + 1; c < words.length - 1; c++) {
    if (!SENTENCE_END.test(words[c - 1] ?? "")) continue;
    const end = /,$/u.test(words[c] ?? "") || /,$/u.test(words[c + 1] ?? "") ? findClosingEnd(words, c) : undefined;
    if (end !== undefined && end < words.length - 1) {
      const name = words[end] ?? "";
      if (NAME.test(name) && !/^\p{Lu}\p{L}/u.test(words[end + 1] ?? "") && signOffName(name) !== null) return [c, end];
    }
    // A capitalised word may open a sentence about a path (`Patching fs/file.c`); a lowercase one opens none.
    const name = words[c] ?? "";
    const next = words[c + 1] ?? "";
    if (LOWERCASE_NAME.test(name) ? (UNSPOKEN.test(next) || next.includes("/")) && !isClosing(name) : UNSPOKEN.test(next) && NAME.test(name) && signOffName(name) !== null) return [c, c];
  }
  return undefined;
}

// A word that opens a sign-off with a dash, a tilde or slashes before the name.
const DASH_LED = /^(?:[-~]|\/{1,3})\p{L}/u;

// A link stands at the end of its line, as a finished sentence does (`see https://… Thanks, Jo`).
const isLink = (word: string): boolean => word.includes("://");

/** Where a closing phrase that starts at `c` ends (one to three words: `Best regards,`), if one does. */
function findClosingEnd(words: readonly string[], c: number): number | undefined {
  for (let end = c + 1; end <= Math.min(words.length, c + 3); end++) {
    if (/,$/u.test(words[end - 1] ?? "") && isClosing(words.slice(c, end).join(" "))) return end;
  }
  return undefined;
}

/** A closing phrase (`Thanks,`, `Best regards,`) ending right before index `k`. */
function findClosing(words: readonly string[], k: number): number | undefined {
  for (let start = Math.max(0, k - 3); start < k; start++) {
    if (isClosing(words.slice(start, k).join(" "))) return start;
  }
  return undefined;
}
