import { isDateWord } from "./dates.js";
import { blankSpans, cleanName, collapseSpaces, findEmail, stripEmails } from "../../thread/names.js";

/** Who an attribution line says wrote the quote below it. */
export interface Attribution {
  name: string | null;
  email: string | null;
  /** `strong`: a reply verb (wrote, schrieb, a écrit...); `weak`: only the shape (`Name <addr>:`). */
  strength: "strong" | "weak";
}

// The patterns below run on a line whose whitespace is collapsed to single spaces and trimmed (see
// parseAttribution), so a literal space stands for any whitespace and nothing trails the final colon:
// written that way, no two quantifiers can trade characters and backtrack against each other.

// Verbs that follow the writer's name ("Name wrote:"), across the languages seen in list archives.
const VERB_AFTER_NAME =
  / (?:wrote|writes|said|says|has written|a écrit|a ecrit|escribió|escribio|ha scritto|scrisse|escreveu|kirjoitti|napisał\(a\)|napisał|napisala|napisal|pisze|skrev|skriver|schreef|írta|написал\(а\)|написал|написала|пишет|yazdı|έγραψε|wrote the following|napsal\(a\)|napsal|napsala)(?![\p{L}\p{N}])(?: (?:on|at|le|am|el|il) .*| ?:?)$/iu;
// Forms where the name follows the verb ("Am <date> schrieb Name:", "Quoting Name:").
// alot (a notmuch client) writes no colon, the time in brackets: `Quoting Ann Lee (2019-11-08 05:42:33)`.
const VERB_BEFORE_NAME = /(?:^| )(?:schrieb|schreef|skrev) (.+?) ?:$|^(?:Quoting|Citando|Citation de|Zitat von) (.+?)(?: ?:| \([^()]*\d:\d\d[^()]*\))$/iu;
// `Name <addr> hat am <date> geschrieben:` (German webmail), `Name <addr> 于<date>写道：` (Chinese),
// `<date>, Name <addr>님이 작성:` (Korean). The Chinese name (simplified or traditional) runs up to the first `于` or `於`, the Korean one
// starts after the last comma.
const GERMAN_WEBMAIL = /^(.+?) hat am .+ geschrieben ?:$/iu;
const CHINESE = /^(.(?:(?! ?[于於]).)*) ?[于於].*[写寫]道 ?[:：]$/u;
const KOREAN = /^(?:.*, ?)?([^,]+?,?) ?님이 ?작성 ?[:：]$/u;
/**
 * Apple Mail's Chinese attribution, `2024年3月5日 15:10，Name <addr> 写道：`: the date first, a full-width
 * comma, then the name. Apple writes it inside the quote, at the depth of the text it names.
 */
const APPLE_CHINESE = /^\d{4}年\d{1,2}月\d{1,2}日 ?\d{1,2}:\d{2} ?，/u;
// Apple Mail's attribution, which it writes inside the quote it introduces. Fastmail writes the same
// words with a weekday first (`On Fri, Jun 6, 2025, at …`), above the quote as other clients do.
export const APPLE_ATTRIBUTION = /^On (?!(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,).+, at \d{1,2}[:.]\d{2}(?:\s?[AP]M)?, .+ wrote:$/iu;

/** Apple Mail's Japanese attribution, `2020/08/06 1:38、Name <addr>のメール:`: the date, an ideographic comma, the name. */
const APPLE_JAPANESE = /^\d{4}\/\d{1,2}\/\d{1,2} ?\d{1,2}:\d{2}、(.+?) ?のメール ?[:：]$/u;

/** Whether an attribution line is shaped as Apple Mail writes it (English, Chinese or Japanese), inside the quote it introduces. */
export const appleAttribution = (text: string): boolean => APPLE_ATTRIBUTION.test(text) || APPLE_CHINESE.test(text) || APPLE_JAPANESE.test(text);

// The name after the date's full-width comma, up to the verb.
const APPLE_CHINESE_NAME = /^(.+?) ?[写寫]道 ?[:：]$/u;
const IN_MESSAGE = /^In (?:message|article|reply to) <?[^ >]+>?,? (.+?) (?:wrote|writes|said) ?:?$/iu;
// A bracketed part after the name (`* Name [date] wrote:`) is removed with the other brackets by `who`.
const STAR = /^\* (.+?) ?(?:wrote|writes)? ?:$/iu;
// The reply verbs an attribution may end on without a colon (`Name wrote`).
const ENDS_WITH_VERB = /\b(?:wrote|writes|a écrit)$/iu;
// `2021年9月14日(火) 4:23 Name <addr>:` and other date-led lines ending in an address; the address
// has no brackets and its first `@` splits it, so the name is everything before its opening bracket.
const ENDS_WITH_ADDRESS = /^(.*?)[<([] ?(?:mailto:)?[^<>()[\]\s@]+@[^<>()[\]\s]+ ?[>)\]] ?:$/u;

// Leading words that open a dated attribution in various languages, and date/time tokens after them.
// Longer leads first: `Il giorno` must not stop at `Il`.
const LEAD = /^(?:Il giorno|W dniu|On|Le|Am|El|Il|Em|At|Op|Den|Dne|В|Quoting|Citando|Zitat von)(?=[\s,])\s*/iu;
// Numbers, times (a meridiem may be one letter: `11:13P`), zones and CJK dates; the words of dates (months, weekdays, `um`, `de`) come from
// Intl for every locale (see dates.ts).
const DATE_NUMBER =
  /^(?:the|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?|\d{1,4}(?:st|nd|rd|th)?|\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{1,4})?\.?|\d{1,2}:\d{2}(?::\d{2})?(?:[ap]\.?m\.?|[ap])?(?:[+-]\d{4})?|[ap]\.?m\.?|[+-]\d{4}|[+-]\d{2}|\(?(?:utc|gmt)[+-]\d{1,2}(?::?\d{2})?\)?|\(?(?:utc|gmt|cet|cest|est|edt|pst|pdt|cst|cdt|mst|mdt|bst|ist|jst|eet|eest|aest|aedt|msk)\)?|\d{4}年\d{1,2}月\d{1,2}日(?:\([^)]*\))?|\d{1,2}月\d{1,2}日(?:\([^)]*\))?)$/iu;
/**
 * Whether a word belongs to a date: a number, time or zone, a date word, a date's parts joined by
 * hyphens, numbers among them (`16-Nov-2020`), or a date word run into a time (`上午5:49`, the CJK meridiem).
 */
function isDateToken(tok: string): boolean {
  if (DATE_NUMBER.test(tok) || isDateWord(tok)) return true;
  // Only with a number among the parts: `May-Lin` is a name.
  const parts = tok.includes("-") && DIGIT.test(tok) ? tok.split("-") : null;
  if (parts !== null && parts.length > 1 && parts.every((p) => p !== "" && (DATE_NUMBER.test(p) || isDateWord(p)))) return true;
  const run = WORD_THEN_TIME.exec(tok);
  return run !== null && isDateWord(run[1] ?? "");
}
const WORD_THEN_TIME = /^(\p{L}+)\d{1,2}:\d{2}(?::\d{2})?$/u;

// Words that belong to a time: after it, nothing else of the date comes before the name.
const TIME_WORD = /^(?:[ap]\.?m|at|um|à|a|las|de|del|alle|ore|klo|kl|às|o|om|v|в|г|h|uhr|hrs)$/iu;

// Other zone abbreviations (and UTC, the one not ending in T), only in capitals so that names ending
// in `t` are not taken for one.
const TIME_ZONE = /^\(?(?:[A-Z]{2,4}T|UTC)\)?$/u;
// An initial (`H.`): after a date it opens the name, though a lone `h` may be a time word (`14 h 30`).
const INITIAL = /^\p{Lu}\.$/u;

// Tested on each word of a date: module constants, as a literal in the loop would make a RegExp per word.
const LETTERS = /^\p{L}+$/u;
const CAPITALISED = /^\p{Lu}\p{Ll}+$/u;
// A time, a year or a whole numeric date: what completes a date.
const TIME_OR_YEAR = /^\d{1,2}[:.]\d{2}|^\d{4}$|^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$/u;

/** Removes a leading `On <date>,` (or `Le <date>,`, `Am <date> um <time>`) from an attribution's name part. */
function stripLeadingDate(text: string): string {
  const lead = LEAD.exec(text);
  const hadLead = lead !== null;
  // The pattern is anchored at the start: removing its match is slicing it off.
  const tokens = splitWords(lead === null ? text : text.slice(lead[0].length));
  let i = 0;
  // Past the time or the year, only time words (`PM`, `UTC`, `at`) go on: `4:23 PM Sam Smith` and
  // `2021, Ma Jun` are names, however much `Sam` and `Ma` look like days.
  let timed = false;
  // A date names a weekday and a month at most: a third capitalised date word with more words after
  // it (`On Tue 3 Mar Julio Perez`) opens the name.
  let titled = 0;
  while (i < tokens.length) {
    const word = tokens[i] ?? "";
    // `24.`, `nov.`, `ter.,`: a date's own punctuation.
    const tok = trimDatePunctuation(word);
    if (tok !== "" && !isDateToken(tok) && !TIME_ZONE.test(tok)) break;
    if (timed && INITIAL.test(word)) break;
    if (timed && LETTERS.test(tok) && !TIME_WORD.test(tok) && !TIME_ZONE.test(tok)) break;
    if (CAPITALISED.test(tok) && ++titled > 2 && i + 1 < tokens.length) break;
    // A whole numeric date (`3/6/2020`) is as complete as a year: `Don Smith` after it is a name.
    if (TIME_OR_YEAR.test(tok)) timed = true;
    i++;
  }
  // `On Thu 15-08-19 15:26:22, Jan Kara`, `On Tuesday, Marc Smith`: a month-like word (in some
  // locale, or the leading part of one) right after the date's closing comma, with more name after
  // it, is a name.
  const prev = tokens[i - 2] ?? "";
  if (i >= 2 && CAPITALISED.test(tokens[i - 1] ?? "") && prev.endsWith(",") && i < tokens.length) i--;
  // Without an `On`/`Le` lead, only strip when a date really was there (avoid eating `May Li`, `Ma Su`).
  if (!hadLead && (i < 2 || !tokens.slice(0, i).some((t) => /\d/u.test(t)))) return text;
  return tokens.slice(i).join(" ");
}

// Whitespace splitting without a regex when the words are already single-spaced (the usual case).
const splitWords = (text: string): string[] => (collapseSpaces(text) === text ? text.split(" ") : text.split(/\s+/u));

const DATE_TRAILERS = ",.\"”’";

/** A word without the commas, full stops and closing quotes at its end, nor the brackets round a date (`On (03/09/19 16:26),`). */
function trimDatePunctuation(word: string): string {
  let end = word.length;
  // A stray closing quote after the time zone (`+0100”,`) is punctuation too.
  while (end > 0 && DATE_TRAILERS.includes(word[end - 1] ?? "")) end--;
  const opens = word[0] === "(";
  const closes = end > 0 && word[end - 1] === ")" && !word.slice(1, end - 1).includes("(");
  // A bracket on one side only; a word bracketed on both (`(UTC)`) or closing its own (`14日(火)`) is the date patterns' to read.
  if (opens === closes) return word.slice(0, end);
  return opens ? word.slice(1, end) : word.slice(0, end - 1);
}

/** Where the `[...]` of a text are; scanned, as a pattern would rescan the rest from every unclosed `[`. */
function* bracketSpans(text: string): Generator<[number, number]> {
  for (let open = text.indexOf("["); open >= 0; ) {
    const close = text.indexOf("]", open + 1);
    // With no `]` left, no later `[` closes either.
    if (close < 0) return;
    yield [open, close + 1];
    open = text.indexOf("[", close + 1);
  }
}

/** How many spaces a text has, counting no further than `limit` (cheaper than splitting it into words). */
function spaceCount(text: string, limit: number): number {
  let n = 0;
  for (let at = text.indexOf(" "); at >= 0 && n < limit; at = text.indexOf(" ", at + 1)) n++;
  return n;
}

// Lists that rewrite senders for DMARC show `Name via list-name`: the list is not part of the name.
// A wrapped attribution may break the list's name at its hyphen (`via some-` / `list wrote:`); some
// lists add their host's name (`Name via austin-group-l at The Open Group`).
const VIA_LIST = / via [^ -]+(?:-[^ -]*)*(?: at(?: [^ ]+){1,4}| [^ -]+)?$/u;
// The pattern is tried from every position of the line: only a line holding ` via ` is worth it.
const withoutList = (text: string): string => (text.includes(" via ") ? text.replace(VIA_LIST, "") : text);

/**
 * The German webmail, Chinese, Korean or Apple's Japanese form, tested only when the line ends on its verb: the
 * patterns scan the whole line, and nearly every line ending in a colon is none of them.
 */
function localisedAttribution(text: string): RegExpExecArray | null {
  // The endings exclude one another, so at most one pattern is worth running.
  const tail = text.slice(-16);
  if (/geschrieben ?:$/iu.test(tail)) return GERMAN_WEBMAIL.exec(text);
  if (/[写寫]道 ?[:：]$/u.test(tail)) return APPLE_CHINESE.test(text) ? APPLE_CHINESE_NAME.exec(text.slice(text.indexOf("，") + 1)) : CHINESE.exec(text);
  if (/작성 ?[:：]$/u.test(tail)) return KOREAN.exec(text);
  if (/のメール ?[:：]$/u.test(tail)) return APPLE_JAPANESE.exec(text);
  return null;
}

const DIGIT = /\d/u;

function who(nameSource: string, email: string | null, strength: Attribution["strength"]): Attribution {
  // Emacs supercite writes `"Nick" == Full Name <addr> writes:`: the full name follows the `==`.
  const named = nameSource.includes(" == ") ? nameSource.slice(nameSource.lastIndexOf(" == ") + 4) : nameSource;
  const emailless = stripEmails(named);
  const stripped = withoutList(emailless);
  const unbracketed = stripped.includes("[") ? blankSpans(stripped, bracketSpans(stripped)) : stripped;
  const undated = stripLeadingDate(unbracketed);
  // A list's DMARC rewrite (`Rowland penny via samba-technical`) keeps the display name as its owner
  // typed it, however capitalised; what a reply verb follows after a date (`On <date>, Will Deacon
  // wrote:`) stands where a name does, so its capitalised small words are a name's.
  const rewritten = stripped !== emailless;
  const capitalised = rewritten || (strength === "strong" && undated !== unbracketed);
  // Between a date with numbers in it and a reply verb, even lowercase small words are a name's
  // (`On 7/26/19 4:38 PM, will schmidt wrote:`); a weekday alone may open prose (`On Monday, as jgg wrote:`).
  const slot = capitalised && strength === "strong" && DIGIT.test(unbracketed) && !DIGIT.test(undated);
  const name = cleanName(undated, { capitalised, slot, anyCase: rewritten, address: email });
  return { name, email, strength };
}

/**
 * The text between the dashes some clients draw round an attribution (Zoho's
 * `---- On <date> Name <addr> wrote ----`); other text as it is. Scanned, not matched: a pattern
 * would try every split of a long run of dashes.
 */
export function undecorated(text: string): string {
  let start = 0;
  while (text[start] === "-") start++;
  let end = text.length;
  while (end > start && text[end - 1] === "-") end--;
  return start >= 2 && text.length - end >= 2 ? text.slice(start, end).trim() : text;
}

/**
 * Recognises an attribution line (possibly several wrapped lines joined with spaces) and
 * extracts the quoted writer. Returns null for anything that is not one.
 */
export function parseAttribution(line: string): Attribution | null {
  // The line model, the flat readings and the attribution windows ask about one line several times:
  // within one paste each text is parsed once (see `startPaste`). Only lines an attribution could be
  // are kept: a long one (a flattened message) is read as it comes.
  if (line.length > PARSED_LENGTH) return parseUncached(line);
  const cached = parsed.get(line);
  if (cached !== undefined) return cached === null ? null : { ...cached };
  // Bounded, so a paste of millions of distinct lines holds no more than a few thousand results.
  if (parsed.size >= PARSED_LIMIT) parsed.clear();
  const found = parseUncached(line);
  parsed.set(line, found);
  return found === null ? null : { ...found };
}

const parsed = new Map<string, Attribution | null>();

/**
 * Forgets the attribution lines parsed so far: called as each paste is read, so that no paste's text
 * outlives its reading in memory and one paste is never read faster for lines an earlier one held.
 */
export function startPaste(): void {
  parsed.clear();
}
const PARSED_LIMIT = 4096;
const PARSED_LENGTH = 512;

function parseUncached(line: string): Attribution | null {
  const text = undecorated(collapseSpaces(line).trim());
  if (text.length < 6 || text.length > 260 || !(text.endsWith(":") || text.endsWith("：") || ENDS_WITH_VERB.test(text) || (text.endsWith(")") && text.startsWith("Quoting ")))) return null;
  // The address is looked up only once a pattern matched: most lines ending in a colon are prose.
  const localised = localisedAttribution(text);
  if (localised !== null) return who(localised[1] ?? "", findEmail(text), "strong");

  const inMessage = /^in /iu.test(text) ? IN_MESSAGE.exec(text) : null;
  if (inMessage !== null) {
    // The bracketed id is a Message-ID, not the writer's address.
    const subject = inMessage[1] ?? "";
    return /^you$/iu.test(subject) ? { name: null, email: null, strength: "strong" } : who(subject, findEmail(subject), "strong");
  }
  // KMail's German `Am <date> schrieben Sie:` (you wrote) names the reader, whom the text does not name.
  if (text.endsWith("schrieben Sie:") && /^Am /u.test(text)) return { name: null, email: null, strength: "strong" };
  const star = text.startsWith("* ") ? STAR.exec(text) : null;
  if (star !== null) return who(star[1] ?? "", findEmail(text), /(?:wrote|writes) ?:$/iu.test(text) ? "strong" : "weak");

  const before = VERB_BEFORE_NAME.exec(text);
  if (before !== null) {
    const found = who(before[1] ?? before[2] ?? "", findEmail(text), "strong");
    // `Quoting from the commit message:` quotes a text, not a person: with no one named it is prose.
    return before[2] !== undefined && found.name === null && found.email === null ? null : found;
  }

  const after = VERB_AFTER_NAME.exec(text);
  if (after !== null) {
    const head = text.slice(0, after.index);
    if (spaceCount(head, 16) >= 16) return null;
    // `On <date>, Name wrote:`; a name part that is really a sentence ("As I wrote:") is no attribution.
    const found = who(head, findEmail(text), "strong");
    if (found.name === null && found.email === null && !/^(?:on|le|am|el|il|at)\b/iu.test(head)) return null;
    return found;
  }
  const addressed = ENDS_WITH_ADDRESS.exec(text);
  if (addressed !== null) return who(addressed[1] ?? "", findEmail(text), "weak");
  return null;
}

/** A time of day (`9:19`, `14:33:21`): what makes a line opening on `On <weekday>, <date>` a dated lead rather than prose. */
export const CLOCK = /\d{1,2}:\d{2}/u;
const DATED_LEAD = /^(?:On|Le|Am|El|Il|Em|Op) \S/u;
// The words a name may be made of: capitalised, or an initial, or an address in brackets.
const NAME_WORD = /^[\p{Lu}<"'(]/u;

/**
 * The first line of an attribution whose end the replier cut away with the text it introduced
 * (`> On Fri, May 17, 2019 at 9:19 AM Jane Doe`, `> On Mon, 04 Sep 2023 14:33:21 +0200`): a dated
 * lead with a time, then nothing or a name of a few words, no verb and no colon. Null for anything
 * else, and for prose (`On Monday at 10:30 we met`), whose words after the date are not a name.
 */
export function danglingAttribution(line: string): Attribution | null {
  const text = collapseSpaces(line).trim();
  if (text.length > 160 || !DATED_LEAD.test(text) || !CLOCK.test(text) || /[.?!:;]$/u.test(text)) return null;
  const rest = stripLeadingDate(withoutList(stripEmails(text)).trim()).replace(/,$/u, "");
  const words = rest === "" ? [] : rest.split(" ");
  if (words.length > 4 || !words.every((w) => NAME_WORD.test(w))) return null;
  return who(text, findEmail(text), "weak");
}
