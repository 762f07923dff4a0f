import { isGreeting } from "./greetings.js";
import type { FlatCosts } from "./flat-costs.js";
import { contextKeyOf, isHeaderLine, outcomeCode, type LineModel } from "./line-model.js";
import { isRule, isSignOff, isSnip, isTrailerTag, MAX_TRAILER_WORDS } from "./boilerplate.js";
import { writerClosingAt } from "./writer-closing.js";
import { FRAGMENT_LENGTH } from "./repair.js";
import { isCodeLabel } from "./lines.js";
import type { Layout } from "./paste-layouts.js";
import { isHonorific } from "../../thread/names.js";

/*
 * Where the quoted line after a run of markers ends, in a paste that lost its newlines: the whole
 * stretch of words up to the next run, or early, with unquoted reply text after it. Each ending is
 * scored by the paste's own line lengths and by what lines look like where they end and begin.
 */

// How long a header field's line may run before it counts as long.
const HEADER_WRAP = 200;

/** The move from a quoted line to unquoted text. */
export const TO_UNQUOTED = outcomeCode(1, [], 0, 0, 0);

/** One way to end the quoted line after a run; the same for every depth the run may give it. */
export interface Split {
  split: number;
  band: 0 | 1 | 2;
  /** How the quoted line opens (`openingOf`; the same for every split of a piece). */
  opening: 0 | 1 | 3;
  /** True when the whole piece is the quoted line; false when unquoted text follows it. */
  full: boolean;
  /** Whether the whole piece is short and lowercase, as the tail of a re-wrapped line is. */
  fragment: boolean;
  /** Line model id of the piece's last line. */
  ctx: number;
  /** Line model id of the quoted line, whose move to unquoted text `cost` holds as if at depth 1 (`toUnquoted`). */
  quotedCtx: number;
  cost: number;
}

const LOWERCASE_OPENING = /^\p{Ll}/u;
const STARTS_LINE = /^[\p{Lu}\p{N}"'([<*-]/u;

/** Whether a word could open a line of its own (`STARTS_LINE`), deciding ASCII without the pattern. */
function startsLine(word: string): boolean {
  const c = word.charCodeAt(0);
  if (c >= 0x80 || Number.isNaN(c)) return STARTS_LINE.test(word);
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || LINE_OPENERS.includes(word.charAt(0));
}
const LINE_OPENERS = `"'([<*-`;

// lines.ts' `endsSentence` for a single word (no spaces): a test of its last character's code, asked of
// most words of a paste (a short array scanned, rather than a one-character string hashed into a set).
const SENTENCE_ENDS = new Set([...".?!:;)]\"'”’"]);
const SENTENCE_END_CODES = [...SENTENCE_ENDS].map((c) => c.charCodeAt(0));
const endsSentence = (word: string): boolean => SENTENCE_END_CODES.includes(word.charCodeAt(word.length - 1));
const MAX_SENTENCE_SPLITS = 40;
// A capital and a full stop alone: a name's initial.
const INITIAL = /^\p{Lu}\.$/u;

// A line ending mid-sentence this long was broken by its client's wrapping; a shorter one may be code or a list item.
const WRAPPED_LINE = 60;

/** Whether a stretch opening with `firstWord` goes on with a sentence the long stretch before it broke off. */
export const continuesLine = (previousLength: number, previousLast: string, firstWord: string): boolean =>
  previousLength >= WRAPPED_LINE && !SENTENCE_ENDS.has(previousLast) && LOWERCASE_OPENING.test(firstWord);

/**
 * The layout of a stretch that goes on with the sentence the stretch before it broke off, after the
 * same marker run (`> ...behaviour of old_addr > and addr, and times. FWIW, I tried...`). Its client
 * broke the line before because this line's first word did not fit, so this line is no longer than
 * that one plus the word: words past that width are reply text glued to the end of the quote, even
 * in a paste whose other quotes are whole paragraphs.
 */
export function continuedLayout(layout: Layout, previousLength: number, previousLast: string, firstWord: string): Layout {
  if (!continuesLine(previousLength, previousLast, firstWord)) return layout;
  const wrap = previousLength + 1 + firstWord.length;
  return wrap < layout.wrap ? { wrap, sentenceSplitsOnly: layout.sentenceSplitsOnly } : layout;
}

// Room a wrapped line leaves at its end, at least: a client may wrap a few columns short of the width.
const WRAP_SLACK = 4;
// A sentence ends a line with a full stop, a question or an exclamation (a colon may open a deeper quote).
const SENTENCE_STOP = /[.?!]$/u;

/**
 * Whether a wrapped quoted line (`previousLength` characters, ending in `previousLast`) broke before
 * a new sentence whose first word would have fit on it: its client wraps only where the next word does
 * not fit, so its writer ended the paragraph there, and the next line is more likely the reply's, or
 * a shallower quote's after a blank line, than the same quote going on.
 */
export function endedParagraph(previousLength: number, previousLast: string, firstWord: string, layout: Layout): boolean {
  if (layout.sentenceSplitsOnly || !SENTENCE_STOP.test(previousLast) || !startsLine(firstWord)) return false;
  return previousLength + 1 + firstWord.length <= layout.wrap - WRAP_SLACK;
}

/**
 * Whether a word after a line broken mid-sentence more likely goes on with that line than opens a
 * reply: a word glued to one or two dashes (`--jobs=1`, `-EINVAL`, `-Wall`), as an option, a negative value or a
 * removed diff line is. A reply opens with a bullet's lone `-` or a capital, and a quote that runs on
 * past the wrap width (a command line, a log line) is cut there by the search, not by its writer.
 */
const goesOnMidSentence = (word: string): boolean => word.charCodeAt(0) === 0x2d && OPTION.test(word);
// One or two dashes glued to a letter or digit; a longer run (`-----Open up`) is drawn, a rule or a banner.
const OPTION = /^--?[\p{L}\p{N}]/u;


// A sign-off name opening a piece (`David`, `Ann Lee`) is at most this many words.
const MAX_SIGN_OFF_NAME = 2;
// Words that open an answer: after a sentence end they start the reply far more often than they go
// on with the quoted text (for the first fifteen, in real replies about nine times in ten, against one
// in eight for any word).
// Thanks and assent open answers as `yes` does (`Thanks for the cleanup.`, `Right, the stub is missing.`):
// on the dev lists +299 flattened words (`thanks` alone +201), held-out +648; `no` lost 32 dev words
// (`No one …` quoted), and a third batch (`sorry`, `applied`, `nice` and the like) only 56: not taken.
const ANSWERS = new Set(["yes", "yeah", "yep", "sure", "ok", "okay", "ack", "agreed", "ah", "oh", "hmm", "hm", "well", "hi", "hello", "thanks", "thank", "right", "correct", "indeed", "true", "good", "great", "done", "fixed", "nope", "nack"]);
const LONGEST_ANSWER = [...ANSWERS].reduce((n, w) => Math.max(n, w.length), 0);

/** Whether `word` opens an answer (`Yes,`, `OK.`): a capitalised answer word, its punctuation dropped. */
function opensAnswer(word: string): boolean {
  if (!startsLine(word)) return false;
  let end = word.length;
  while (end > 0 && ",.!:;".includes(word.charAt(end - 1))) end--;
  // Lowercasing never shortens a word: a longer one is no answer word, and needs no copy made.
  return end <= LONGEST_ANSWER && ANSWERS.has(word.slice(0, end).toLowerCase());
}

/**
 * What the opening of a piece after a lone `>` says for reply text below a quoted blank line rather
 * than one more quoted line, in nats (0 for nothing): an answer word (`Ah, thanks`) answers the quote,
 * at the price a quoted line pays for running on into one. (A capital after a question, priced
 * likewise, gained on the dev lists but read mutt's quoted lines after a question as reply.)
 */
export function replyEvidence(words: readonly string[], costs: FlatCosts): number {
  return opensAnswer(words[0] ?? "") ? costs.answerInside : 0;
}


/**
 * What a piece opening with a greeting (`Hi Ann,`) pays for being read as a quoted line that goes on
 * at the depth of the quoted text before it, not after an attribution: a greeting opens a message, so
 * it more likely opens the shallower quote that the blank lines before it went back to.
 */
export function greetingCost(words: readonly string[], costs: FlatCosts): number {
  return isGreeting(words.slice(0, 3).join(" ")) ? costs.greetingGoesOn : 0;
}

// What a sign-off opens with (`Ann`, `~ann`, `-ann`): a module constant, as a pattern literal in a
// function body makes a new RegExp object each time it runs (here, for every piece of a paste).
const SIGN_OFF_OPENING = /^[\p{Lu}~-]/u;

/**
 * Where the quoted line after a run ends: the whole piece, or early with unquoted text after it. Early
 * endings all leave the same context behind (how the unquoted text ends), so only the cheapest one of
 * each length band is kept: the others lead to the same states at a higher cost. `continues`: the
 * piece goes on with the sentence the piece before broke off (`continuesLine`).
 */
export function splits(words: readonly string[], layout: Layout, model: LineModel, last: boolean, afterHeader: boolean, opensWithHeader: boolean, continues = false): Split[] {
  // `openingOf` the first words: their header-ness is known, and the first word holds no space.
  const opening = opensWithHeader ? 3 : LOWERCASE_OPENING.test(words[0] ?? "") ? 1 : 0;
  const c = model.costs;
  if (words.length === 0) return [{ split: 0, band: 0, opening, full: true, fragment: false, ctx: model.contextId({ depth: 1, text: "" }), quotedCtx: -1, cost: 0 }];
  // The cheapest early split of each band, listed in the order the bands were first seen, whichever
  // split replaces one: ties in the search go the same way.
  const early: Split[] = [];
  let whole: Split | undefined;
  // In the paste's last piece, where the writer's own closing words start: a quoted line holding them costs.
  const closingAt = last ? writerClosingAt(words) : words.length;
  const tailCtx = unquotedContext(model, words, opensWithHeader);
  // A piece ending in an attribution, cut mid-sentence, leaves the attribution's start quoted and its
  // end (`Butt wrote:`) as the reply's: one line cannot be both.
  // A snip marker after its colon (`wrote: ...`) stood for the quote it introduced: still its ending.
  const snippedAttribution = endsOnSnippedAttribution(model, words, opensWithHeader);
  const cutsAttribution = snippedAttribution || model.isAttribution(tailCtx);
  const toUnquoted = TO_UNQUOTED;
  // Reply text read after an early end runs to the next marker run. Broken off mid-sentence there, it is
  // more likely the rest of a quoted line its client left longer than the paste's wrap width.
  const openEnd = !last && !endsSentence(words[words.length - 1] ?? "");
  // The quoted line is words[0..s) joined by spaces; only its length and last word are tracked, since
  // building every prefix would make long pieces quadratic.
  let length = -1;
  let sentences = 0;
  let headerLine = false;
  // Whether the line so far runs on past a rule (`____` and more words): a rule is a line of its own.
  let pastRule = false;
  // Whether the line runs on past a sentence end into an answer word, or past a question into a new
  // sentence: the reply more likely starts there.
  let pastAnswer = false;
  let pastQuestion = false;
  // Whether the line finishes the sentence the line before broke off and runs on past its full stop
  // (a question has its own cost, which lets a line ask two questions together).
  let pastStop = false;
  // Words still to go of a trailer the line has opened, at most: none once its `<address>` closes it.
  let trailerLeft = 0;
  // Where a trailer the piece opens with ends (0 until it does).
  let leadTrailerEnd = 0;
  const opensWithTrailer = isTrailerTag(words[0] ?? "");
  for (let s = 1; s <= words.length; s++) {
    const word = words[s - 1] ?? "";
    length += word.length + 1;
    if (s > 2 && !pastRule && isRule(words[s - 2] ?? "")) pastRule = true;
    // A quoted sign-off name opening the piece (`> > David Yeah, I…`) stood on a line of its own: an
    // answer word after it opens the reply as one after a sentence does (dev flat +287 words, other→content
    // unchanged). Taken as a sentence end for every split as well, it lost 262 flat words (cgroups, open-iscsi).
    // Whether the words before this one are a sign-off name alone (`David`) is asked last, only of an
    // answer word: asked of every piece's first words, it took ~7% of a flattened paste's parse.
    if (s > 1 && !pastAnswer && (endsSentence(words[s - 2] ?? "") ? opensAnswer(word) : s - 1 <= MAX_SIGN_OFF_NAME && opensAnswer(word) && isSignOff(words.slice(0, s - 1).join(" ")))) pastAnswer = true;
    if (continues && s > 1 && !pastStop && (words[s - 2] ?? "").endsWith(".") && startsLine(word)) pastStop = true;
    if (s > 1 && !pastQuestion && (words[s - 2] ?? "").endsWith("?") && startsLine(word)) pastQuestion = true;
    // Whether the line is a header field shows in its first words: test those, then keep the answer.
    // A field name shorter than three words matches the first three too, so most pieces need no test.
    if (s <= 3) headerLine = opensWithHeader && (s === 3 || isHeaderLine(words.slice(0, s).join(" ")));
    // Outlook writes header fields (`Cc: <twenty addresses>`) unwrapped, whatever the body's width.
    const wrap = headerLine || afterHeader ? HEADER_WRAP : layout.wrap;
    // Past twice the wrap width only the whole piece is still worth scoring (a paragraph its writer's
    // client left unwrapped): the words in between are counted, not tried as line ends.
    if (length > wrap * 2 && s > 1 && s < words.length) continue;
    const ctx = quotedContext(model, words, s, word, length, headerLine);
    const long = (s > 1 && length > wrap ? c.longStep + (length - wrap) * c.longSlope : 0) + (pastRule ? c.ruleInside : 0) + (pastAnswer ? c.answerInside : 0) + (pastQuestion && !word.endsWith("?") ? c.questionInside : 0) + (pastStop ? c.continuedStopInside : 0);
    const band = bandOfLength(length);
    if (s === words.length) {
      // The paste's last words signing off are the author's, not the end of a quote: a quoted line
      // carrying them costs more than any ordinary way back out of the quote.
      const signs = s > closingAt ? c.lastSignOff : 0;
      // A snip marker (`[...]`) stands on a line of its own, between two quoted stretches.
      // After an attribution's colon it is the reply's, where the quote it introduced was cut.
      const snip = s > 1 && isSnip(word) ? c.snipCut + (snippedAttribution ? c.attributionCut : 0) : 0;
      const fragment = length <= FRAGMENT_LENGTH && (opening === 1 || !endsSentence(word));
      // A trailer the piece opens with, closed by its `<address>`, is a line of its own: words after it
      // carry no marker, so they are the reply's (`> Signed-off-by: Ann <ann@example.org> Hi Ann, ...`).
      const pastTrailer = leadTrailerEnd > 0 && (words[leadTrailerEnd - 1] ?? "").endsWith(">") ? c.trailerRunOn : 0;
      whole = { split: s, band, opening, full: true, fragment, ctx, quotedCtx: -1, cost: long + signs + snip + pastTrailer };
      continue;
    }
    // A trailer (`Reviewed-by: Ann Lee <ann@example.org>`) is a line of its own: the reply cannot open
    // inside it, and after a quoted one opening the piece it opens right where the trailer ends.
    if (isTrailerTag(word)) trailerLeft = MAX_TRAILER_WORDS;
    else if (trailerLeft > 0) trailerLeft = word.endsWith(">") ? 0 : trailerLeft - 1;
    if (trailerLeft > 0 || (leadTrailerEnd > 0 && s > leadTrailerEnd)) continue;
    if (leadTrailerEnd === 0 && opensWithTrailer) leadTrailerEnd = s;
    const next = words[s] ?? "";
    // A title before a capital (`Dr. Ann Lee wrote:`) is part of a name, which no line end splits: cut
    // there, the quoted attribution lost its name and the reply opened on the rest of it.
    if (isHonorific(word) && startsLine(next)) continue;
    // Words hold no spaces, so the line ends a sentence exactly when its last word does; a name's
    // initial (`H.` of `H. Peter Anvin wrote:`) ends none, so the attribution it opens stays whole.
    const ends = endsSentence(word) && !INITIAL.test(word);
    // A rule (`____`) stands on a line of its own: list footers and signatures start there.
    const ruleNext = isRule(next);
    // The writer's closing words at the paste's end open a line however the quote above them ends (`<addr> best, sam`).
    // Counted and compared for every split, the outcome tested after: first reached in an unwrapped
    // paste's piece, the comparison and the count threw the optimised splits away (compiled again).
    const closes = s === closingAt;
    const sentenceOnly = layout.sentenceSplitsOnly && !ruleNext && !closes;
    sentences += sentenceOnly && ends ? 1 : 0;
    const tooMany = sentences > MAX_SENTENCE_SPLITS;
    if (sentenceOnly && (!ends || tooMany)) continue;
    let cost = long + model.costOf(ctx, toUnquoted) + (s > closingAt ? c.lastSignOff : 0) + (cutsAttribution && !ends ? c.attributionCut : 0) + (isCodeLabel(word) ? c.codeLabelCut : 0);
    // A trailer the piece opens with ended its line at its address: what follows is no quoted line's tail.
    if (openEnd && s !== leadTrailerEnd) cost += c.openReply;
    // Closing words in lowercase (`thanks, ada`) open a line as a capital does.
    if (!startsLine(next) && !ruleNext && !closes) cost += c.lowercaseStart;
    else if (!ends && !closes && goesOnMidSentence(next)) cost += c.lowercaseStart;
    // What follows depends only on how the unquoted text ends, the same wherever it began. The costs
    // below only add, so a split already beaten in its band needs no more tests.
    let seen: Split | undefined;
    for (const e of early) if (e.band === band) seen = e;
    if (seen !== undefined && cost >= seen.cost) continue;
    // A reply that is nothing but a sign-off is rare: more likely the quote ran on to the sign-off.
    if (words.length - s <= 4 && SIGN_OFF_OPENING.test(next) && isSignOff(words.slice(s).join(" "))) cost += c.signOffOnlyReply;
    if (seen === undefined) early.push({ split: s, band, opening, full: false, fragment: false, ctx: tailCtx, quotedCtx: ctx, cost });
    else if (cost < seen.cost) {
      // Not yet handed out: changed in place rather than made anew.
      seen.split = s;
      seen.quotedCtx = ctx;
      seen.cost = cost;
    }
  }
  if (whole !== undefined) early.push(whole);
  return early;
}

/**
 * The line model id of unquoted text ending a piece: its last 40 words, as `contextId` would key
 * them. Only a colon at the end makes the whole text matter (it may be an attribution); otherwise
 * the key depends on the last word's last character and on whether the window opens with a header field.
 */
export function unquotedContext(model: LineModel, words: readonly string[], opensWithHeader: boolean): number {
  const n = words.length;
  const last = words[n - 1] ?? "";
  // The window's first three words, read where the window is not the whole piece.
  const header = n <= 40 ? opensWithHeader : isHeaderLine(words.slice(n - 40, n - 37).join(" "));
  if (last.endsWith(":")) return model.contextIdOfKey(contextKeyOf((n > 40 ? words.slice(-40) : words).join(" "), header, true));
  // A full-width colon's word may be an attribution's end on its own: looked up, not kept.
  if (last === "" || last.endsWith("：")) return model.contextIdOfKey(contextKeyOf(last, header, true));
  const key = plainKey(model, last, header, UNQUOTED_LENGTH);
  let id = plainId(key);
  if (id < 0) {
    id = model.contextIdOfKey(contextKeyOf(last, header, true));
    keepPlainId(key, id);
  }
  return id;
}

/** Whether a piece ends in an attribution and a snip marker after it (`… Ann Lee wrote: ...`). */
function endsOnSnippedAttribution(model: LineModel, words: readonly string[], opensWithHeader: boolean): boolean {
  const n = words.length;
  return n > 1 && (words[n - 2] ?? "").endsWith(":") && isSnip(words[n - 1] ?? "") && model.isAttribution(unquotedContext(model, words.slice(0, -1), opensWithHeader));
}

/** `bandOf` of a line from its length (the words of a piece hold no spaces to trim). */
const bandOfLength = (n: number): 0 | 1 | 2 => (n < 45 ? 0 : n < 62 ? 1 : 2);

// Context ids of lines that do not end in a colon, for the model last asked about. Such a line can be
// no attribution, so its context (`contextKeyOf`) depends only on its last character, whether it is a
// header field and its length band (unknown, UNQUOTED_LENGTH, for unquoted text): few keys, asked for
// once per word of the paste. Lines ending in ASCII (nearly all) are looked up in an array, -1 until
// asked; the rest in a map.
let plainModel: LineModel | undefined;
const UNQUOTED_LENGTH = 3;
const ASCII_KEYS = 128 * 2 * 4;
const plainAscii = new Int32Array(ASCII_KEYS).fill(-1);
let plainIds = new Map<number, number>();

/** The key of a line's context in the tables above, emptied first when `model` is not the one they hold. */
function plainKey(model: LineModel, word: string, headerLine: boolean, length: number): number {
  if (model !== plainModel) {
    plainModel = model;
    plainAscii.fill(-1);
    plainIds = new Map();
  }
  return (word.charCodeAt(word.length - 1) * 2 + (headerLine ? 1 : 0)) * 4 + length;
}

const plainId = (key: number): number => (key < ASCII_KEYS ? (plainAscii[key] ?? -1) : (plainIds.get(key) ?? -1));

function keepPlainId(key: number, id: number): void {
  if (key < ASCII_KEYS) plainAscii[key] = id;
  else plainIds.set(key, id);
}

/** The line model id of the quoted line `words[0..s)`, `length` characters long and ending in `word`. */
function quotedContext(model: LineModel, words: readonly string[], s: number, word: string, length: number, headerLine: boolean): number {
  if (word.endsWith(":")) return model.contextIdOfKey(contextKeyOf(words.slice(0, s).join(" "), headerLine, false));
  const key = plainKey(model, word, headerLine, bandOfLength(length));
  let id = plainId(key);
  if (id < 0) {
    id = model.contextIdOfKey(contextKeyOf(words.slice(0, s).join(" "), headerLine, false));
    keepPlainId(key, id);
  }
  return id;
}
