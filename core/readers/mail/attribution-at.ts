import type { Mention } from "../../thread/speakers.js";
import { calls, collapseSpaces } from "../../thread/names.js";
import { signsAs } from "../../thread/short-names.js";
import { APPLE_ATTRIBUTION, appleAttribution, danglingAttribution, parseAttribution, undecorated, type Attribution } from "./attribution.js";
import { attributionByEvidence } from "./attribution-evidence.js";
import { greetingName } from "./greetings.js";
import { isClosing, isSnip, signOffName } from "./boilerplate.js";
import { isBlank, isSpaceCode, type QuotedLine } from "./lines.js";
import { INDENTED } from "./sign-offs.js";

/*
 * Where an attribution stands in a body: the window of one to three lines above a quote that holds
 * one (wrapped, raised by GroupWise, or known only by what it holds), and one cut short. body.ts
 * asks these of every line, so each rejects most lines by a character or two before any pattern.
 */

/**
 * An attribution spanning one to three lines at one depth (clients wrap long ones).
 * `endsAttribution[i]` is 1 when line i ends the way an attribution does.
 */
export function matchAttributionAt(
  lines: readonly QuotedLine[],
  endsAttribution: Uint8Array,
  start: number,
  known: readonly Mention[],
): { end: number; who: Attribution; sameDepth: boolean; apple: boolean; indentedBelow: boolean; depth: number; nextDepth: number } | null {
  const first = lines[start];
  if (first === undefined) return null;
  // The first line of the window that ends like an attribution is the only one worth parsing at;
  // most windows have none.
  const stop = Math.min(lines.length, start + 3);
  let end = start;
  while (end < stop && endsAttribution[end] !== 1) end++;
  if (end === stop) return null;
  // GroupWise opens its wrapped attribution with `>>> ` (`>>> Name <addr> schrieb am <date> in` /
  // `Nachricht <id>:`): the first line reads deeper than the rest, which hold the true depth.
  const depth = end > start ? Math.min(first.depth, lines[start + 1]?.depth ?? first.depth) : first.depth;
  const raised = depth < first.depth;
  for (let j = start; j <= end; j++) {
    const line = lines[j];
    if (line === undefined || (line.depth !== depth && j > start) || isBlank(line.text)) return null;
    // A wrapped attribution never breaks after a finished sentence: that line was prose. A wrap inside
    // an address (`<ann.lee@example.` / `co` / `m> wrote:`) ends on the address's own full stop.
    if (j < end && endsWithStop(line.text) && !OPEN_ADDRESS.test(line.text.trimEnd())) return null;
    // Nor does one open on a closing (`Best,`): that is the sign-off of the text above it.
    if (j === start && j < end && isClosing(line.text)) return null;
  }
  // Nor on a name under a closing (`Thank you,` / `Ann` / `Bo Lee <bo@…> 於 … 寫道：`) when the rest
  // names someone in full: the name signs the text above (with prose-lines.ts, dev-A flat +27 words, dev-B +1).
  if (end > start && isClosing(previousText(lines, start)) && signOffName(first.text) !== null && restNamesInFull(lines, start + 1, end)) return null;
  // A snip marker right under an attribution (`[skip]`) stands for quoted text cut there: what follows it says whether a quote is introduced.
  const next = nextWords(lines, end + 1, depth);
  const introducesQuote = next !== undefined && next.depth > depth;
  // A wrapped attribution must introduce a quote; joining prose lines onto one would not.
  if (end > start && !introducesQuote) return null;
  // Most attributions take one line: no need to gather and join.
  const joined = withoutTrailingSnip(
    end === start
      ? first.text.trim()
      : joinWrapped(lines.slice(start, end + 1).map((l) => l.text.trim())),
  );
  const found = withEvidence(parseAttribution(joined), joined, introducesQuote && (end === start || raised), known);
  if (found === null || (raised && found.email === null)) return null;
  // A weak shape (`Name <addr>:`) counts only when a deeper quote follows it.
  if (found.strength === "weak" && !introducesQuote) return null;
  // A wrapped attribution must still read as one naming someone.
  if (end > start && found.name === null && !DATED_OPENING.test(joined)) return null;
  // Other clients write the same words above a deeper quote, the usual way.
  const appleShaped = first.depth > 0 && appleAttribution(joined);
  // Apple quoting Apple: the deeper attribution right below stands inside its quote, naming its own
  // depth, so this one does not name that depth either but its own. So too where it opens its quote
  // with nothing above naming that depth: the message it names opened on a deeper quote of its own.
  const apple = appleShaped && (!introducesQuote || appleInsideBelow(lines, end + 1, depth) || opensUnnamedQuote(lines, endsAttribution, start, end, depth));
  // Text that greets the person the attribution names (`schrieb Paul Menzel:` / `Hi Paul,`) answers them: it is not theirs.
  // Asked last: most attributions stand above a deeper quote, where the greeting does not matter.
  const sameDepth =
    apple ||
    (next !== undefined && next.depth === depth && parseAttribution(next.text) === null && !(found.name !== null && greets(next.text, found.name, found.email)) && !introducesAttributedQuote(lines, endsAttribution, end + 1, depth));
  const indentedBelow = next !== undefined && INDENTED.test(next.text);
  return { end: end + 1, who: found, sameDepth, apple, indentedBelow, depth, nextDepth: next?.depth ?? 0 };
}

// Patterns live at module level: a literal in a function body makes a new RegExp each time it runs,
// and the ones below run on every line (or every attribution).
// The leads a wrapped attribution naming nobody may still open with.
const DATED_OPENING = /^(?:On|Le|Am|El|Il|Em|At|Op)\s/u;

// The verb of an attribution wrapped onto a line of its own (`> > wrote:`).
const LONE_VERB = /^\s*(?:wrote|writes|said)\s?:?\s*$/iu;
// A line ending on a DMARC list's `via`, and the list's name with the verb wrapped below it.
const TRAILING_VIA = / via\s*$/u;
const LIST_VERB = /^\s*[\w.-]+ (?:wrote|writes|said)\s?:?\s*$/iu;

/**
 * An attribution cut short ({@link danglingAttribution}) at `start`, with the lone `wrote:` its
 * client wrapped below it after a blank line, when there is one (after a trailing `via`, the list's
 * name and `wrote:`, which must be there).
 */
export function matchDanglingAt(lines: readonly QuotedLine[], start: number): { end: number; who: Attribution; introducesQuote: boolean } | null {
  const first = lines[start];
  if (first === undefined || !opensDangling(first.text)) return null;
  // Wrapped after a DMARC list's `via` (`… Jan Novak via` / blank / `some-list wrote:`): the list's name went below with
  // the verb. On the dev lists it names 91 quoted words per paste once given to the list or the wrong level, none wrongly.
  const via = TRAILING_VIA.exec(first.text);
  const found = danglingAttribution(via === null ? first.text : first.text.slice(0, via.index));
  if (found === null) return null;
  let end = start + 1;
  let next = start + 1;
  while (next < lines.length && lines[next]?.depth === first.depth && isBlank(lines[next]?.text ?? "")) next++;
  const verb = lines[next];
  if (verb !== undefined && verb.depth === first.depth && (via === null ? LONE_VERB : LIST_VERB).test(verb.text)) end = next + 1;
  // Cut after `via`, the line is an attribution only with the list's name and verb below it.
  else if (via !== null) return null;
  const after = nextWords(lines, end, first.depth);
  return { end, who: found, introducesQuote: after !== undefined && after.depth > first.depth };
}

// The first letters of the leads danglingAttribution knows, after any blanks.
const DANGLING_OPENING = /^\s*[OLAEI]/u;
/** Whether two letters (by code) are a lead danglingAttribution knows: On Le Am El Il Em Op. */
function isDanglingLead(first: number, second: number): boolean {
  if (first === 0x4f) return second === 0x6e || second === 0x70;
  if (first === 0x45) return second === 0x6c || second === 0x6d;
  return (first === 0x4c && second === 0x65) || (first === 0x41 && second === 0x6d) || (first === 0x49 && second === 0x6c);
}
/** Whether a line may open a dangling attribution: checked on every line, so its first character decides most. */
function opensDangling(text: string): boolean {
  const c = text.charCodeAt(0);
  // O L A E I open one, as the first letter of its lead (On Le Am El Il Em Op) with a blank after it;
  // any other printable ASCII character cannot (blanks and others go to the pattern).
  if (c === 0x4f || c === 0x4c || c === 0x41 || c === 0x45 || c === 0x49) return text.length > 2 && isSpaceCode(text.charCodeAt(2)) && isDanglingLead(c, text.charCodeAt(1));
  if (c > 0x20 && c < 0x7f) return false;
  return DANGLING_OPENING.test(text);
}

/**
 * Whether `text` opens by greeting the one named `name` (with address `email`): by their given name,
 * the whole name, or a short form of it they would sign with (`Hi Boris,` under Borislav's
 * attribution). Not by initials: a greeting of one or two letters is too weak to move a writer.
 */
function greets(text: string, name: string, email: string | null): boolean {
  const greeted = greetingName(text);
  if (greeted === null) return false;
  return calls(greeted, name) || (greeted.length >= MIN_GREETED && signsAs(greeted, name, email === null ? [] : [email]));
}

// The fewest letters a short form of a name greeted must have (`Jess`, `Boris`; not `D` or `SJ`).
const MIN_GREETED = 3;

const RECENT_MENTIONS = 64;

/**
 * Where a line stands directly above a deeper quote, what it holds can make it an attribution no
 * pattern knows, or name the writer a pattern found no name for (`Name <addr> schrieb am ...`).
 * Not in an ordinary wrapped window: it may have swallowed the sign-off above (`Maria` / `On ... wrote:`).
 */
function withEvidence(found: Attribution | null, joined: string, oneLineAboveQuote: boolean, known: readonly Mention[]): Attribution | null {
  if (!oneLineAboveQuote || (found !== null && found.name !== null)) return found;
  // The people named most recently are the ones a quote answers; a bounded look-back keeps a paste
  // with thousands of attributions linear.
  const names: string[] = [];
  for (let k = known.length - 1; k >= 0 && k >= known.length - RECENT_MENTIONS; k--) for (const name of known[k]?.names ?? []) names.push(name);
  const byEvidence = attributionByEvidence(joined, names);
  if (byEvidence === null || found === null) return byEvidence ?? found;
  // The pattern's verdict on the line stands; the evidence only adds the name it missed.
  // An address the pattern did not see (a Message-ID in `In message <id> you wrote:`) is not taken.
  if (found.email === null) return byEvidence.name === null ? found : { ...found, name: byEvidence.name };
  return found.email === byEvidence.email ? { ...found, name: byEvidence.name } : found;
}

// Only the last character is tested: a `$`-anchored pattern would be tried at every position of the line.
const endsWithStop = (text: string): boolean => STOP.test(text.trimEnd().slice(-1));
// Any script's sentence end (`了解しました。` above `2024年3月2日(土) 15:10 Name <addr>:` is prose).
const STOP = /[.?!]|\p{Sentence_Terminal}/u;

/** Whether a line ends the way an attribution does: on a colon or on `wrote`/`writes`. */
export function endsLikeAttribution(text: string): boolean {
  // Asked of every line: its end is found by character codes, with no trimmed copy (`end` is where
  // trimEnd would cut the line).
  let end = text.length;
  while (end > 0 && isSpaceCode(text.charCodeAt(end - 1))) end--;
  if (end === 0) return false;
  // A snip marker reflowed onto the attribution's line (`… wrote: <snip>`) is no part of its ending.
  const last = text.charCodeAt(end - 1);
  if ((last === CLOSE_ANGLE || last === CLOSE_BRACKET) && TRAILING_SNIP.test(text)) return true;
  // Dashes drawn after the verb (`… wrote ----`) are no part of the line's ending.
  if (end >= 2 && text.charCodeAt(end - 1) === DASH && text.charCodeAt(end - 2) === DASH) {
    const t = undecorated(text.trim());
    return t.length > 0 && endsOnColonOrVerb(t, t.length);
  }
  if (last === CLOSE_PAREN) return QUOTING_STAMPED.test(text);
  return endsOnColonOrVerb(text, end);
}
// alot's attribution ends on the time it quotes, in brackets: `Quoting Ann Lee (2019-11-08 05:42:33)`.
const QUOTING_STAMPED = /^\s*Quoting \S.* \([^()]*\d:\d\d[^()]*\)\s*$/u;
const CLOSE_PAREN = 0x29;

/** Whether `text.slice(0, end)` (not empty) ends on a colon or on `wrote`/`writes`. */
function endsOnColonOrVerb(text: string, end: number): boolean {
  const last = text.charCodeAt(end - 1);
  if (last === COLON || last === FULLWIDTH_COLON) return true;
  // The verb test only for lines ending in its last letter (`ſ` folds to `s` case-insensitively).
  // Asked of every line: `…te` (wrote) or `…es` (writes) is read from the codes before the pattern.
  if (end < 5) return false;
  const before = text.charCodeAt(end - 2) | 0x20;
  const verbEnd = ((last | 0x20) === 0x65 && before === 0x74) || ((last === 0x17f || (last | 0x20) === 0x73) && before === 0x65);
  return verbEnd && ENDS_ON_VERB.test(text.slice(Math.max(0, end - 7), end));
}
const DASH = 0x2d;
const COLON = 0x3a;
const CLOSE_ANGLE = 0x3e;
const CLOSE_BRACKET = 0x5d;
// A snip marker after an attribution's colon: a format=flowed client joined the line cutting the
// quote onto the attribution above it (`On …, Name wrote: <snip>`).
const TRAILING_SNIP = /:\s+(?:<\s*snip\s*>|\[\s*(?:\.{3}|…|snip(?:ped)?)\s*\])\s*$/iu;

/** `text` without a snip marker after its colon ({@link TRAILING_SNIP}): the attribution the client joined it onto. */
function withoutTrailingSnip(text: string): string {
  const last = text.charCodeAt(text.length - 1);
  if (last !== CLOSE_ANGLE && last !== CLOSE_BRACKET) return text;
  const m = TRAILING_SNIP.exec(text);
  return m === null ? text : text.slice(0, m.index + 1);
}
const FULLWIDTH_COLON = 0xff1a;
const ENDS_ON_VERB = /\b(?:wrote|writes)$/iu;

// A wrap inside an address (`<ann.lee@example.co` / `m> wrote:`): the line ends in an open `<…` with
// no space in it, and the next opens on the rest of it up to `>`, or, wrapped twice, is one more piece
// of it (`<ann.lee@example.` / `co` / `m> wrote:`).
const OPEN_ADDRESS = /<[^\s<>]+$/u;
const ADDRESS_REST = /^[^\s<>]+>/u;
const ADDRESS_PIECE = /^[^\s<>]+$/u;

/**
 * The lines of a wrapped attribution as one: joined with a space, but without one where the wrap cut
 * an address (see {@link OPEN_ADDRESS}), which read with a space would be another, shorter address
 * (`ann.lee@example.co`), a second person beside the one the rest of the thread names.
 */
function joinWrapped(texts: readonly string[]): string {
  let joined = texts[0] ?? "";
  for (let k = 1; k < texts.length; k++) {
    const text = texts[k] ?? "";
    // Only a line above the last may be a piece: the last holds the verb (`<ann@example.org` / `wrote:`).
    const rest = ADDRESS_REST.test(text) || (k < texts.length - 1 && ADDRESS_PIECE.test(text));
    joined += OPEN_ADDRESS.test(joined) && rest ? text : ` ${text}`;
  }
  return joined;
}

/**
 * Whether the next line with words from `from` is an Apple attribution one deeper than `depth`
 * whose own quote follows at its depth (inside the quote, as Apple writes it), not deeper.
 */
function appleInsideBelow(lines: readonly QuotedLine[], from: number, depth: number): boolean {
  let j = from;
  while (j < lines.length && isBlank(lines[j]?.text ?? "")) j++;
  const below = lines[j];
  if (below === undefined || below.depth !== depth + 1 || !APPLE_ATTRIBUTION.test(collapseSpaces(below.text).trim())) return false;
  return nextWords(lines, j + 1, below.depth)?.depth === below.depth;
}

/**
 * Whether the attribution at lines [start, end] opens its quote at `depth` unnamed: the line with
 * words above it is shallower (or there is none) and does not end as an attribution would (which
 * would name this depth), and the line with words below it is no attribution (a stack of them,
 * each above its quote).
 */
function opensUnnamedQuote(lines: readonly QuotedLine[], endsAttribution: Uint8Array, start: number, end: number, depth: number): boolean {
  let above = start - 1;
  while (above >= 0 && isBlank(lines[above]?.text ?? "")) above--;
  if (above >= 0 && ((lines[above]?.depth ?? 0) >= depth || endsAttribution[above] === 1)) return false;
  let below = end + 1;
  while (below < lines.length && isBlank(lines[below]?.text ?? "")) below++;
  return below < lines.length && endsAttribution[below] !== 1;
}

/**
 * Whether the text at `depth` from `from` on runs into a quote one level deeper that opens with an
 * attribution of its own: the reply's opening words (`TLDR: ...`) written between the attribution
 * and the quote it introduced, whose message opened by naming whom it answered. A quote that lost
 * its markers would carry that message's attribution at the attribution's own depth instead.
 */
function introducesAttributedQuote(lines: readonly QuotedLine[], endsAttribution: Uint8Array, from: number, depth: number): boolean {
  for (let j = from; j < lines.length && j < from + OPENING_WORDS; j++) {
    const line = lines[j];
    if (line === undefined || isBlank(line.text)) continue;
    if (line.depth === depth) {
      if (endsAttribution[j] === 1) return false;
      continue;
    }
    return line.depth === depth + 1 && endsAttribution[j] === 1;
  }
  return false;
}

// How many lines of a reply's opening words an attribution may stand above before its quote.
const OPENING_WORDS = 20;

/** The next line with words that is no snip marker at `depth` or deeper (a shallower one ends the quote). */
function nextWords(lines: readonly QuotedLine[], from: number, depth: number): QuotedLine | undefined {
  for (let j = from; j < lines.length; j++) {
    const line = lines[j];
    if (line !== undefined && !isBlank(line.text) && (line.depth < depth || !isSnip(line.text))) return line;
  }
  return undefined;
}

/** The text of the last line with words above `index` ("" for none). */
function previousText(lines: readonly QuotedLine[], index: number): string {
  for (let j = index - 1; j >= 0; j--) {
    const text = lines[j]?.text ?? "";
    if (!isBlank(text)) return text;
  }
  return "";
}

/** Whether the lines from `from` to `end` read as an attribution naming someone in two words or more. */
function restNamesInFull(lines: readonly QuotedLine[], from: number, end: number): boolean {
  const rest = joinWrapped(lines.slice(from, end + 1).map((l) => l.text.trim()));
  return parseAttribution(rest)?.name?.includes(" ") ?? false;
}
