import type { Mention } from "../../thread/speakers.js";
import { cleanName, findEmail, givenName, stripEmails } from "../../thread/names.js";
import { signsAs } from "../../thread/short-names.js";
import { isGreeting } from "./greetings.js";
import { CASELESS_NAME, isClosing, NOT_SIGNOFF, SIGN_LEAD, signOffName, TRAILING_REMARK } from "./boilerplate.js";
import { endsSentence, isBlank, trimmedLength, type LabelledLine } from "./lines.js";

/**
 * Signatures and sign-offs: what the lines that close a writer's text say of the writer. The body
 * reader labels the lines first; these mark the closing ones as signature and name their writer.
 */

/**
 * The name on a signature's first line (`Jan Kara <jack@suse.com>`), else a sign-off form, else the
 * leading `First Last` of a line that runs on into a title (`Daniel Vetter Software Engineer, Intel`,
 * as signatures read once their newlines are lost), marked as a guess (a sign-off outweighs it) when
 * the line runs on as a sentence or an address.
 */
export function signatureName(text: string): { name: string; guessed: boolean } | null {
  // A line laid out in columns (`Tim Rice<tabs>Multitalents`) holds the name in its first: read
  // whole, the company joined the name (on the dev lists, 61 body-only words given to a name no one has).
  // A picture drawn down the signature's left edge (`.''`.  Ann Marie Lee`, a distribution's logo) is
  // no part of the name beside it, which the picture leaves alone on its line: read whole, up to four
  // words (dev-A body +81 words, 2 replies whose sign-off gave only a middle name).
  const art = LEADING_ART.exec(text.trim());
  const beside = art === null ? null : text.trim().slice(art[0].length);
  if (beside !== null && DRAWN_BESIDE.test(beside)) return { name: beside, guessed: false };
  // Flattened, the picture's rows and the lines beside them alternate (`.''`. Ann Marie Lee : :' :
  // Developer`): the name is what stands between its first two rows. Read as a line that runs on, only
  // its first two words were (dev-A flat +76 words, 2 replies signed with the middle name; dev-B and dev-C 0).
  const between = art === null ? DRAWN_BETWEEN.exec(text.trim()) : null;
  if (between !== null) return { name: between[1] ?? "", guessed: false };
  const column = text.trim().split(COLUMN_GAP)[0] ?? "";
  // A personal site alone on the line (`ann-lee.org`, `<https://www.ann-lee.org/>`) spells its owner's
  // name in its host, word by word: a guess, as a company's site reads the same. Read whole, the host
  // was taken for a name (`ann-lee.org`); on the dev lists it names 2 body-only writers (225 words).
  const site = PERSONAL_SITE.exec(column);
  if (site !== null) return { name: (site[1] ?? "").split("-").map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(" "), guessed: true };
  // A link after a name (`Boris. https://…`, two lines of a flattened signature run together) is no
  // part of it; after a link's label (`(english) http://…`) there is no name to read. On the dev
  // lists, 212 flattened words of 2 replies named; the label's check keeps 849 body-only words right.
  const unlinked = column.replace(TRAILING_LINK, "");
  const line = stripEmails(OPENS_LETTER.test(unlinked) ? unlinked : column);
  // A version under a patch's delimiter (`-- ` / `2.39.5`) or a number is nobody's name.
  if (OPENS_NUMBER.test(line)) return null;
  // Code, an address or a postcode (`NULL && (void)`, `London SW6`) is not a name either.
  const plain = !NOT_IN_NAMES.test(line);
  const words = line.split(/\s+/u);
  // A closing before the name (`Mfg Markus Lind`, its own line before the newlines were lost) is no part of it.
  const closed = words.length > 1 && isClosing(words[0] ?? "");
  const signed = closed ? signOffName(line) : null;
  // A name and a company's acronym after it (`Ann Lee ACME`: two lines of a flattened signature run
  // together) is the name alone (dev-C flat +131 words).
  const named = words.length === 3 && ACRONYM.test(words[2] ?? "") && !ACRONYM.test(words[1] ?? "") ? words.slice(0, 2).join(" ") : line;
  const whole = signed ?? (plain ? cleanName(words.length <= 3 ? named : "") : null) ?? (HAS_DIGIT.test(line) ? null : signOffName(line));
  if (whole !== null) return { name: whole, guessed: false };
  // A closing and a comma before a name that runs on into a title (`Sincerely, Ann Lee Senior
  // Engineer, ACME Labs`, a signature's lines run together): the name is read after the closing.
  if (closed && (words[0] ?? "").endsWith(",")) {
    // A name and a stop after the closing, then more of the signature (`Regards, Ann. Good practice
    // for mail: …`, its lines run together): the stop ends the name, whatever follows (dev-A flat +43 words, dev-B 0).
    const stopped = words.length > 2 ? NAME_AND_STOP.exec(words[1] ?? "") : null;
    return stopped === null ? signatureName(words.slice(1).join(" ")) : { name: stopped[1] ?? "", guessed: false };
  }
  const lead = LEADING_NAME.exec(line);
  // `RMK's Patch system: …` is a possessive, not a given name.
  const name = lead === null || /'s /u.test(lead[1] ?? "") ? null : cleanName(withFamilyName(lead[1] ?? "", line, text));
  // A name read off the start of a line that runs on into a sentence (`ACME INDIA, on behalf of Acme
  // Center, Inc. is a member`) or an address (digits: `SUSE Software Solutions Germany GmbH,
  // Frankenstraße 146`) is only a guess: a company's name opens such lines as well as a person's, and a
  // sign-off above the delimiter (`Thanks,` / `Sai`) says who signed better. On the dev lists the
  // company's name took 3 body-only replies (some 200 words) that their `Thanks,` / name named. A
  // title and company after the name (`Jan Kara SUSE Labs, CR`) is no sentence: the name stands.
  // So is one opening on a word in capitals (`ACME Software Solutions GmbH`): a company's, as a
  // person's name seldom is.
  return name === null ? null : { name, guessed: HAS_DIGIT.test(line) || RUNS_ON_AS_PROSE.test(line) || CAPITALS_WORD.test(line) };
}

// Module constants: a `\p{…}` literal in a function body is compiled into a `new RegExp` call on
// every run once the TypeScript is transformed.
const OPENS_NUMBER = /^\p{N}/u;
// Punctuation and symbols and then a gap, opening a line: drawn, not written.
const LEADING_ART = /^[^\p{L}\p{N}\s]+\s{2,}/u;
// Two to four capitalised words, all of the line.
const DRAWN_BESIDE = /^\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+){1,3}$/u;
// Two to four capitalised words between two rows of a picture, each punctuation and symbols alone.
const DRAWN_BETWEEN = /^[^\p{L}\p{N}\s]+ (\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+){1,3}) [^\p{L}\p{N}\s]+(?:\s|$)/u;
// A first word of two capitals or more.
const CAPITALS_WORD = /^\p{Lu}{2,}\s/u;
// What parts a signature line's columns: a tab, a run of three spaces or more, or a slash or bar
// between spaces (`Dana / dkl`, `Dana Kell | Acme`): what follows the name is a handle or a company
// (dev: body and flat +65 words each, 2 replies signed `Name / handle`).
const COLUMN_GAP = /\t|\s{3,}|\s[/|]\s/u;
// A site's address alone (`ann-lee.org`, `<https://www.ann-lee.org/>`) whose host is two or three words of letters joined by hyphens.
const PERSONAL_SITE = /^<?(?:https?:\/\/)?(?:www\.)?(\p{L}{2,}(?:-\p{L}{2,}){1,2})\.\p{L}{2,}\/?>?$/u;
// Two lowercase words in a row: a sentence's, not a title's or a company's (`on behalf`, `is a member`).
const RUNS_ON_AS_PROSE = /(?:^|\s)\p{Ll}+\s+\p{Ll}+(?=\s|$)/u;
// A link (`https://…`, `www.…`) ending a line after other words.
const TRAILING_LINK = /(?<=\S)\s+(?:\S*:\/\/|www\.)\S*$/u;
// `First Last` (with a middle initial) opening a line that runs on.
const LEADING_NAME = /^(\p{Lu}[\p{L}'-]+(?: \p{Lu}\.)? \p{Lu}[\p{L}'-]+)(?=[\s,]|$)/u;
// A third capitalised word after a leading `First Last`, before a number, a bracket or an address.
const THIRD_NAME = /^\s+(\p{Lu}[\p{L}'-]+)(?=\s+[^\p{L}\s])/u;
const NOT_LETTER = /[^\p{L}]/gu;
// A link or an address: where a name is spelt as one word.
const ADDRESS_LIKE = /[@/]/u;

/**
 * A leading name with the capitalised word after it when the line's link or address spells the
 * three together (`Ann Marie Lund (+47) 555 http://annmarielund.example`): a family name, where a
 * word the links leave out is as often a company (`Tim Lee Widgets (707) 555 tim@widgets.example`).
 * Dev: flat +428 words, no name made wrong.
 */
function withFamilyName(lead: string, line: string, text: string): string {
  const third = THIRD_NAME.exec(line.slice(lead.length))?.[1];
  if (third === undefined) return lead;
  const letters = (words: string): string => words.toLowerCase().replace(NOT_LETTER, "");
  const spelt = letters(`${lead}${third}`);
  return text.split(/\s+/u).some((w) => ADDRESS_LIKE.test(w) && letters(w).includes(spelt)) ? `${lead} ${third}` : lead;
}

// A word of capitals alone, an acronym (`ACME`, `SUSE`).
const ACRONYM = /^\p{Lu}{2,}$/u;

// One capitalised name and a full stop (`Ann.`).
const NAME_AND_STOP = /^(\p{Lu}\p{Ll}+)\.$/u;

// Characters no name on a signature's first line holds (its address is stripped before).
const NOT_IN_NAMES = /[^\p{L}\p{M}\s'.,()-]/u;

/** Adds what a signature or sign-off says about its writer, unless it contradicts what is known. */
export function addIdentity(owner: Mention, name: string | null, email: string | null): void {
  const known = owner.names[0];
  // A name that contradicts the attribution belongs to someone else's quoted signature: leave it.
  // Not a short form of the other name (`Alex` and `Alejandro Colomar`, `Adrian` and `John Paul Adrian
  // Glaubitz`): a writer signs with it above the signature that spells their name in full.
  if (name !== null && known !== undefined && givenName(known).toLowerCase() !== givenName(name).toLowerCase() && !shortForm(known, name)) return;
  // An address alone (`Dipl. Ing. X | e-mail: x@y.org`) names an unnamed writer; a named one keeps
  // only the addresses that come with a name agreeing with theirs.
  if (name === null && (email === null || owner.names.length > 0 || owner.emails.length > 0)) return;
  if (name !== null && !owner.names.includes(name)) owner.names.push(name);
  if (email !== null && !owner.emails.includes(email)) owner.emails.push(email);
}


/**
 * Adds a name guessed from a signature block (see `signatureName`) like `addIdentity`, except over a
 * writer known only by lowercase handles (`-slow` above `-- ` / `Ann Lee, Acme Team https://…`): a
 * handle is no name to contradict, and the signature's full name goes first. On the dev lists the
 * handle named flattened replies whose signature spelt the name: dev-A flat +29 words, dev-B flat
 * +22, headers and body-only unchanged, no other→content.
 */
export function addGuessedIdentity(owner: Mention, name: string | null, email: string | null): void {
  const handles = owner.names.length > 0 && owner.names.every((n) => LOWERCASE_HANDLE.test(n));
  if (name === null || !handles || !name.includes(" ") || owner.emails.length > 0) {
    addIdentity(owner, name, email);
    return;
  }
  owner.names.unshift(name);
  if (email !== null) owner.emails.push(email);
}

// One lowercase word a writer signs with in place of a name (`slow`, `tglx`).
const LOWERCASE_HANDLE = /^\p{Ll}[\p{Ll}\p{N}-]{1,14}$/u;

/** Whether one of two names is one word that the other, of several words, signs as (see `signsAs`). */
function shortForm(a: string, b: string): boolean {
  const [short, full] = a.includes(" ") ? [b, a] : [a, b];
  return !short.includes(" ") && full.includes(" ") && signsAs(short, full, []);
}

/**
 * Sign-offs at the end of a run of one writer's lines (`Thanks,` / `Jason`, `-Daniel`) are
 * signature, not content; their name also names the writer when nothing else did.
 */
export function markSignOffs(lines: LabelledLine[]): void {
  const signed: Signed[] = [];
  // Walk backwards so the next line with words is known without searching ahead (linear time).
  let next: LabelledLine | undefined;
  // The writers whose words were met further down: a run of anyone else's is their last.
  const wroteLater = new Set<Mention | null>();
  for (let end = lines.length - 1; end >= 0; end--) {
    const line = lines[end];
    if (line === undefined || isBlank(line.text)) continue;
    const after = next;
    next = line;
    if (line.role !== "content") continue;
    const last = !wroteLater.has(line.owner);
    wroteLater.add(line.owner);
    const endsRun = after === undefined || after.depth !== line.depth || after.role !== "content" || after.owner !== line.owner;
    if (!endsRun) {
      markSignOffAbove(lines, end, after, signed);
      continue;
    }
    if (markClosingBlock(lines, end, signed)) continue;
    // A call sign or handle under the name (`Roland` / `oe1rsa`) ends the run: the line above is the sign-off.
    const above = lines[end - 1];
    const handle = isHandle(line.text) && above !== undefined && above.role === "content" && above.depth === line.depth && above.owner === line.owner && !isBlank(above.text);
    // The end of the writer's last run (above their signature block, a quote's tail or nothing), when
    // nothing named them yet: a name's place (where a signature names them, `Queued.` is a sentence).
    const unnamedEnd = last && !handle && line.owner?.names.length === 0;
    if (markSignOff(lines, handle ? end - 1 : end, signed, unnamedEnd) && handle) line.role = "signature";
  }
  // One writer's run signed by two people with different given names is two people's text (a chain
  // whose quoted messages lost their markers): naming either would be a guess. A name under a closing
  // (`Thanks,` / `Jonathan`) outweighs a lone word read as a name (`Built-in` after a sentence): when
  // the closings name one person, the lone words are not counted against them.
  const givenNames = new Map<Mention, Set<string>>();
  const closedNames = new Map<Mention, Set<string>>();
  for (const { owner, name, closed } of signed) {
    if (name === null) continue;
    for (const [names, counts] of [[givenNames, true], [closedNames, closed]] as const) {
      if (!counts) continue;
      const here = names.get(owner) ?? new Set<string>();
      here.add(givenName(name).toLowerCase());
      names.set(owner, here);
    }
  }
  for (const { owner, name, email, closed } of signed) {
    const byClosing = closedNames.get(owner)?.size ?? 0;
    if (byClosing === 1 ? closed : byClosing === 0 && (givenNames.get(owner)?.size ?? 0) <= 1) addIdentity(owner, name, email);
  }
}

/** What a sign-off says of its writer, gathered before any of it names them. */
export interface Signed {
  owner: Mention;
  name: string | null;
  email: string | null;
  /** Whether the name stands under or after a closing (`Thanks,` / `Jan`, `Regards, Jan`, `-Jan`), not alone. */
  closed: boolean;
}

/** Marks the line at `index`, the last of its writer's run, as a sign-off if it is one (naming its writer); returns whether it was. */
function markSignOff(lines: LabelledLine[], index: number, signed: Signed[], unnamedEnd = false): boolean {
  const line = lines[index];
  if (line === undefined) return false;
  const name = signOffName(line.text) ?? lowercaseSignOff(lines, index);
  const closing = isClosing(line.text);
  if (name === null && !closing) return false;
  const before = previousWords(lines, index);
  // `Hi Paul,` / `thanks for the review.`: thanks under a greeting open the message, they do not close it.
  if (name === null && before !== undefined && isGreeting(before.text)) return false;
  if (name !== null && !closing) {
    const trimmed = line.text.trim();
    const bare = trimmed.replace(SIGN_LEAD, "").replace(/[,.]$/u, "").replace(TRAILING_REMARK, "");
    const withClosing = bare !== name || (before !== undefined && closesLine(before, line));
    // `Thanks Andy` opening a message (nothing but an attribution or header above) thanks Andy: a
    // sign-off comes after words.
    const opensTurn = before === undefined || before.role === "attribution" || before.role === "header";
    if (opensTurn && bare !== name && OPENS_LETTER.test(line.text)) return false;
    // A lone name ends a reply only after a finished sentence or a blank line, and only a short one.
    // A line ending on a comma after a word right above the name closes the letter, in whatever words
    // (`I hope you have a great day,` / `Joshua`): a sentence wrapped there does not end the writer's
    // text. Not above capitals alone (`SUSE Labs,` / `CR`, a signature's line broken at its comma once
    // its newlines were lost): an abbreviation as likely as a name. Dev: body +261 words, flat +367.
    const commaClosed = WORD_AND_COMMA.test(before?.text ?? "") && HAS_LOWERCASE.test(name);
    const apart = before !== undefined && (endsSentence(before.text) || isBlank(lines[index - 1]?.text ?? "") || DASH_LINE.test(before.text) || commaClosed);
    // A final period is a sentence's, unless it ends an initial (`- Dan C.`), or one name with a stop
    // ends the unnamed writer's last run under a paragraph of theirs (`Ann.` / `-- ` / `ACME GmbH`, or
    // above the quote's tail they left): a one-word answer stands under the quote it answers.
    const stopped = unnamedEnd && NAME_AND_STOP.test(trimmed) && before?.owner === line.owner && before.depth === line.depth;
    // Nor is it after a dash-led initial or short handle (`--b.`, `-K.`): no sentence is three letters
    // behind a dash (dev: body +474 words, flat +388; any name so led, `-Dan.`, gained nothing more).
    const dashedShort = SIGN_LEAD.test(trimmed) && bare.length <= MAX_DASHED_SHORT;
    const sentence = /\.$/u.test(trimmed) && !INITIAL_AT_END.test(trimmed) && !stopped && !dashedShort;
    if (!withClosing && (!apart || name.split(" ").length > 2 || sentence)) return false;
  }
  line.role = "signature";
  if (before !== undefined && before.role === "content" && (closesLine(before, line) || DASH_LINE.test(before.text))) before.role = "signature";
  if (name !== null && line.owner !== null) signed.push({ owner: line.owner, name, email: null, closed: closing || underClosing(line, name, before) });
  return true;
}

/**
 * Whether the name a line signs with comes with a closing: on the line (`Regards, Jan`), a dash or
 * slashes leading it (`-Jan`, `///jan`), or a closing right above it (`Thanks,` / `Jan`).
 */
function underClosing(line: LabelledLine, name: string, before: LabelledLine | undefined): boolean {
  const text = line.text.trim();
  const bare = text.replace(SIGN_LEAD, "").replace(/[,.]$/u, "").replace(TRAILING_REMARK, "");
  return bare !== name || SIGN_LEAD.test(text) || (before !== undefined && closesLine(before, line));
}

/** A call sign or handle alone on a line (`oe1rsa`, `KI6ZHD`): letters and digits, both. */
function isHandle(text: string): boolean {
  // Asked at the end of every writer's run, mostly of sentences: a handle is 3 to 10 characters (up
  // to 20 code units), so only a line of that length is trimmed and tried.
  const length = trimmedLength(text);
  if (length < 3 || length > 20) return false;
  const t = text.trim();
  return HANDLE.test(t) && HAS_DIGIT.test(t) && HAS_LETTER.test(t);
}
// Asked at the end of every writer's run: made once, as a pattern in the function would be made on each call.
const HANDLE = /^[\p{L}\p{N}]{3,10}$/u;
const HAS_DIGIT = /\p{N}/u;
const HAS_LETTER = /\p{L}/u;

// A dash alone above a name (`—` / `Lee`): a signature delimiter in a client's own style.
const DASH_LINE = /^\s*[-—–]{1,2}\s*$/u;

const INITIAL_AT_END = /\s\p{Lu}\.$/u;
// The longest a dash-led initial or handle signing with a full stop runs (`--b.`, `-jgg.`).
const MAX_DASHED_SHORT = 3;
const WORD_AND_COMMA = /\p{L},\s*$/u;
const HAS_LOWERCASE = /\p{Ll}/u;
const OPENS_LETTER = /^\s*\p{L}/u;

/**
 * A sign-off the writer's own words go on after: `Rasmus` or `Regards,` / `Martin` standing apart,
 * then what people put under their name (a postscript, footnotes, a patch, a list of results, a
 * title and company). Only a paragraph of one name after a finished sentence or a closing counts,
 * and only when what follows it does not open as prose: a lone `Perhaps` before more sentences is
 * the writer thinking aloud, not signing.
 */
function markSignOffAbove(lines: LabelledLine[], end: number, after: LabelledLine | undefined, signed: Signed[]): void {
  const line = lines[end];
  if (line === undefined || after === undefined || !isBlank(lines[end + 1]?.text ?? "") || opensProse(after.text)) return;
  const before = previousWords(lines, end);
  if (before === undefined || before.depth !== line.depth || before.owner !== line.owner || before.role !== "content") return;
  const closed = closesLine(before, line);
  if (!closed && (!isBlank(lines[end - 1]?.text ?? "") || !FINISHED_SENTENCE.test(before.text))) return;
  const text = line.text.trim();
  // `Jon,` opens a paragraph that addresses Jon; `Absolutely.` is a sentence, but not one name with a
  // stop under a closing (`Thanks,` / `Ann.` above a postscript).
  if (text.endsWith(",") || (text.endsWith(".") && !INITIAL_AT_END.test(text) && !(closed && NAME_AND_STOP.test(text)))) return;
  const name = signOffName(text) ?? lowercaseSignOff(lines, end);
  if (name === null || name.split(" ").length > 2) return;
  line.role = "signature";
  if (closed) before.role = "signature";
  if (line.owner !== null) signed.push({ owner: line.owner, name, email: null, closed: closed || underClosing(line, name, before) });
}

// Only a sentence's own end: not a colon announcing what follows, nor code's `;` or `)`.
const FINISHED_SENTENCE = /[.!?]["')\]]?\s*$/u;
// A capitalised word then a lowercase one, four words or more: a sentence, not a title (`Senior
// Engineer`), a company, a postscript label (`PS:`) or a path.
const PROSE_OPENING = /^\s*\p{Lu}\p{Ll}*[ \t](?:I\b|\p{Ll})\S*[ \t]\S+[ \t]\S/u;
// Indented code or an example the word above introduces (`Perhaps` / `    x = 0;`), not what goes under a name.
export const INDENTED = /^(?:\t| {2})/u;
const opensProse = (text: string): boolean => PROSE_OPENING.test(text) || INDENTED.test(text);

/**
 * A lowercase name signing alone (`julia`, `sage`): one word of letters after a finished sentence
 * and a blank line, or under a closing; or a name in a script without case (`张强`) under a closing.
 * A bare lowercase word is otherwise prose, so the sentence above must end on `.`, `!` or `?` (not
 * `:` announcing a command, nor code).
 */
function lowercaseSignOff(lines: readonly LabelledLine[], index: number): string | null {
  // A lowercase name is 2 to 15 characters (up to 30 code units): longer lines are not trimmed and tried.
  const length = trimmedLength(lines[index]?.text ?? "");
  if (length < 2 || length > 30) return null;
  const text = lines[index]?.text.trim() ?? "";
  // A name in a script without case (`张强`) signs alone only under a closing: any short line has its shape.
  const caseless = CASELESS_NAME.test(text);
  if (!(caseless || LOWERCASE_WORD.test(text)) || isClosing(text) || NOT_SIGNOFF.has(text)) return null;
  const before = previousWords(lines, index);
  const line = lines[index];
  if (before === undefined || line === undefined || before.depth !== line.depth) return null;
  if (!closingShaped(before.text) && (caseless || !isBlank(lines[index - 1]?.text ?? "") || !FINISHED_SENTENCE.test(before.text))) return null;
  return cleanName(text);
}
// One lowercase word of letters (`julia`, `sage`), the shape of a lowercase name signing alone.
const LOWERCASE_WORD = /^\p{Ll}[\p{L}-]{1,14}$/u;
// Up to three words and a comma on their own line: the shape of a closing, known phrase or not (`ATB,`, `CU,`).
const CLOSING_SHAPE = /^\p{L}+(?: (?:\p{L}+|&|\p{N}+)){0,2},$/u;
// Thanks for something, in a few words and a comma (`Thanks for helping out,`, `Thank you for your time,`):
// a closing however it goes on, when a name stands under it.
const THANKS_SHAPE = /^(?:many )?(?:thanks|thank you) (?:for|again for|so much for)(?: [\p{L}'-]+){1,4},$/iu;

/** A closing phrase, or a line in its shape (`ATB,`, `peace & happiness,`, `vy 73,`, `Thanks for helping out,`). */
export function closingShaped(text: string): boolean {
  if (isClosing(text)) return true;
  // Both shapes end on a comma: asked of the line above every run's end, most are ruled out by it before the patterns.
  const t = text.trim();
  // CJK text ends its closing on a full-width comma (`谢谢，`).
  if (t.endsWith("，")) return CLOSING_SHAPE.test(`${t.slice(0, -1)},`) && !isGreeting(text);
  return t.endsWith(",") && (CLOSING_SHAPE.test(t) || THANKS_SHAPE.test(t)) && !isGreeting(text);
}

/** Whether `before` is the closing that `line` (a name ending its writer's run) signs under: a known closing phrase, or one in its shape right above it. */
function closesLine(before: LabelledLine, line: LabelledLine): boolean {
  if (before.depth !== line.depth || before.owner !== line.owner) return false;
  return closingShaped(before.text);
}

/**
 * `Regards,` / `Sarah Connor` / `Procurement Lead`: a closing phrase followed by a few short lines
 * (name, title, company) to the end of the writer's run is all signature. Returns whether it was one.
 */
function markClosingBlock(lines: LabelledLine[], end: number, signed: Signed[]): boolean {
  const last = lines[end];
  if (last === undefined) return false;
  let size = 0;
  for (let j = end; j >= 0 && size < MAX_SIGN_OFF_LINES; j--) {
    const l = lines[j];
    if (l === undefined || isBlank(l.text)) continue;
    if (l.depth !== last.depth || l.owner !== last.owner || l.role !== "content") return false;
    size++;
    if (size >= 2 && isClosing(l.text)) {
      // Gathered only now: most runs end without a closing block.
      const block = lines.slice(j, end + 1).filter((x) => !isBlank(x.text));
      // A dash line between the closing and the name (`Best regards` / `---` / `Ann Lee`) is the
      // writer's own delimiter: the name stands under it.
      const [, nameLine, ...rest] = block.filter((x, k) => k === 0 || !DASHES_ALONE.test(x.text));
      if (![nameLine, ...rest].every((x) => x !== undefined && isShortSignatureLine(x.text))) return false;
      for (const x of block) x.role = "signature";
      const name = nameLine === undefined ? null : (signatureName(nameLine.text)?.name ?? null);
      if (last.owner !== null) signed.push({ owner: last.owner, name, email: nameLine === undefined ? null : findEmail(nameLine.text), closed: true });
      return true;
    }
  }
  return false;
}

const MAX_SIGN_OFF_LINES = 5;
// One to three dashes alone on a line.
const DASHES_ALONE = /^\s*[-—–]{1,3}\s*$/u;
// A line under a closing may end on an abbreviation's period (`Acme Inc.`, `Widgets Ltd.`): a short
// capitalised word, not a sentence's end.
const ABBREVIATION_END = /(?:^|\s)\p{Lu}\p{L}{0,3}\.$/u;
const isShortSignatureLine = (text: string): boolean => {
  const t = text.trim();
  return t.split(/\s+/u).length <= 6 && (!/[.?!:]$/u.test(t) || ABBREVIATION_END.test(t));
};

function previousWords(lines: readonly LabelledLine[], index: number): LabelledLine | undefined {
  for (let j = index - 1; j >= 0; j--) {
    const l = lines[j];
    if (l !== undefined && !isBlank(l.text)) return l;
  }
  return undefined;
}
