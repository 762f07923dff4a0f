import type { FlatCosts } from "./flat-costs.js";
import { defaultLineModel, isHeaderLine, mayOpenHeader, type LineModel } from "./line-model.js";
import { appleAttribution } from "./attribution.js";
import { endsOnColon, quotedLine, type LabelledLine } from "./lines.js";
import { splitProse } from "./prose-lines.js";
import { isSnip } from "./boilerplate.js";
import { compactDepths, MarkerRuns, NO_SHAPE, SPACED_AT_COMPACT_DEPTH, type Decomposition } from "./marker-runs.js";
import { continuedLayout, continuesLine, endedParagraph, greetingCost, replyEvidence, splits, TO_UNQUOTED, unquotedContext, type Split } from "./line-ends.js";
import { writerClosingAt } from "./writer-closing.js";
import { layoutsOf } from "./paste-layouts.js";
import { FlatPieces } from "./flat-pieces.js";
import { Trace } from "./beam-trace.js";
import { bestPredecessors, type Step } from "./best-predecessors.js";
import { StateSlots } from "./state-slots.js";
import { NO_BLANKS, prune, replace, stateAt, type State } from "./beam-states.js";
import { bitOf, silentCost } from "./quote-debts.js";
import { FRAGMENT_LENGTH } from "./repair.js";
import { signsAsFirstQuoted } from "./quoted-closing.js";
import { reconstruct } from "./rebuild-lines.js";

/*
 * A paste that lost its newlines keeps its quote markers inline: `wrote: > > On Tue ... wrote: > > > If`.
 * Each run of markers between two stretches of words hides one or more line breaks: some quoted
 * blank lines, then the prefix of the next line. The words after a run are one quoted line, possibly
 * followed by unquoted (depth 0) lines, which leave no trace. We recover the most likely line structure
 * with a beam search over the runs. Each candidate is scored by how mail is written: transitions between
 * lines as counted in real mail (`line-model.ts`: blank lines at paragraph ends, depth changing after an
 * attribution, wrapped sentences going on in lowercase...), prefixes written the same way from line to
 * line, and lines no longer than the paste's own wrap width.
 */

const NO_SPLITS: Split[] = [];
// A piece after a run at least this long (two wrapped lines' worth) may be reply text below the run's
// quoted blank lines with no answer word opening it. In the dev-A bodies a quoted blank line is followed
// by the reply 275 times in 7234, but 170 in 346 where the stretch up to the next quoted line is this long
// and the line before the blank ended a sentence: the rest, a quoted line with reply glued after it, read
// as one, put the reply's first sentence in the quote (dev flat +129 words, check lists +180; 100: +67/+108,
// 120: +58/+149, 200: +92/+161 at cost 1).
const LONG_REPLY = 150;
/** Whether a piece's last character ends a sentence, so that a quoted paragraph may close there. */
const endsQuotedSentence = (c: string): boolean => c !== "" && ".?!".includes(c);
/**
 * What speaks against reading a long piece whole as reply text below a quoted blank line, in nats:
 * its first sentence ends within `wrap` characters and an answer word opens the next (`> It is not
 * mainline. Ah, yes, it is from…`), so the piece more likely opens with the quote's last line, the
 * answer glued after it. Priced as the answer word after a lone `>` is (`replyEvidence`).
 */
export function answerAfterFirstLine(words: readonly string[], wrap: number, costs: FlatCosts): number {
  let length = -1;
  for (let s = 0; s < words.length - 1; s++) {
    const word = words[s] ?? "";
    length += word.length + 1;
    if (length > wrap) return 0;
    if (endsQuotedSentence(word.charAt(word.length - 1))) return replyEvidence([words[s + 1] ?? ""], costs);
  }
  return 0;
}
// The band and opening of the one option at depth 0, unquoted text.
const UNQUOTED_BAND = new Int32Array(1);

// A word opening on two dashes or more: a signature delimiter, a patch's separator line (`--`, `---`),
// a mail client's separator (`-----Original Message-----`).
const DASH_RUN = /^-{2,}/u;
// A list item's bullet, a word of its own (`- reg`).
const LIST_DASH = /^[-*]$/u;

/** Whether piece `j` opens with the bullet that opened the piece before it: the next item of one list. */
const nextListItem = (pieces: FlatPieces, j: number): boolean => LIST_DASH.test(pieces.firstWord(j)) && pieces.firstWord(j - 1) === pieces.firstWord(j);
// A capitalised name led by a dash, alone (`-Ann`): a sign-off.
const DASHED_SIGN_OFF = /^-\p{Lu}\p{Ll}+$/u;
// Real prefixes are not this deep: a bare run this long is an arrow (`>>>>>>>>>>>>>>>>>>`) in text.
const ARROW = 16;

// A comparison's operands: what ends the one before the `>` and opens the one after it, or a shell
// redirect's path (`echo H > /sys/...`): read as a prefix, each quoted command line was cut in two and
// its path given a shallower depth (dev flat +23 words, check lists +14). Module constants: a pattern
// literal in a function body makes a new RegExp object each time it runs.
const ENDS_OPERAND = /[\w)\]]$/u;
const OPENS_OPERAND = /^[\d(/-]/u;

/**
 * Whether a lone `>` token between two words may be text: an arrow, a comparison in code
 * (`count) > 1`) or a redirect (`echo 1 > /dev/null`). Only the last character of the word before
 * and the first of the word after matter.
 */
function mayBeText(before: string, count: number, after: string): boolean {
  return count >= ARROW || (ENDS_OPERAND.test(before) && OPENS_OPERAND.test(after));
}

/**
 * Recovers the lines of one physical line that is really a flattened message; null when the line
 * does not look flattened (too short, or no marker runs inside the text). Callers send only lines
 * that may be flattened: long ones, or (`wholeMessage`) any line of a paste that has almost no newlines.
 */
export function unflatten(line: string, model: LineModel = defaultLineModel, wholeMessage = false, markerRuns: MarkerRuns = new MarkerRuns()): LabelledLine[] | null {
  if (line.length < 40 || !line.includes(" ")) return null;
  // Without a `>` there is no marker run, and only a whole message is read without one: a long
  // line of a multiline paste (an unwrapped paragraph) is ruled out before its words are gathered.
  if (!wholeMessage && !line.includes(">")) return null;
  const pieces = new FlatPieces(line);
  const { runs, bare } = pieces;
  if (runs.length === 0) {
    // A whole message that lost its newlines still has headers, a sign-off or a signature worth
    // separating; a long line inside a multiline message is just an unwrapped paragraph.
    if (!wholeMessage) return null;
    const lines = splitProse(line.trim().split(/\s+/u));
    return lines.length > 1 ? lines.map((text) => quotedLine(0, text)) : null;
  }
  // A signature delimiter or a patch's `---` after the `>` (`> Ann > -- > Ann Lee`, `Thanks, Bo > --- > file.c | 2 +-`)
  // opens a quoted line of its own: no comparison has a run of dashes after it (`> -----Original Message-----`).
  // Between two pieces led by the same bullet (`> - compatible > - reg`) it opens the list's next item.
  // A name led by its dash after it (`Regards, Bo > -Ann > ___`) is a quoted sign-off, not a negative
  // operand or a flag: read as text, it signed the writer's words as theirs (dev-A flat +24 words, dev-B 0).
  // A snip marker before it (`[...] > 1. add a check`) stood on a line of its own, as no operand does:
  // read as a comparison, the quote after it went on as reply text (dev-A/B/C flat +6/+28/+56 words).
  for (let r = 0; r < runs.length; r++) bare[r] &&= mayBeText(pieces.lastChar(r), runs[r]?.[0] ?? 0, pieces.firstChar(r + 1)) && !isSnip(pieces.lastWord(r)) && !DASH_RUN.test(pieces.firstWord(r + 1)) && !DASHED_SIGN_OFF.test(pieces.firstWord(r + 1)) && !nextListItem(pieces, r + 1);
  // A short line is read only as a whole message: a few lines of prose with a `>` in them are not
  // quotes, but a short reply that lost its newlines is (`Yes. Ann wrote: > Merge it?`, and CJK text
  // says in 100 characters what English says in 300).
  if (line.length < 120 && !wholeMessage) return null;
  // One inline run is enough when an attribution-like colon introduces it (`a écrit : > text`), and in a
  // whole message that lost its newlines any run is (`> quoted question? My answer...`).
  const { inline, introduced } = pieces;
  if (inline < 2 && !(inline === 1 && introduced) && !wholeMessage) return null;
  return reconstruct(pieces, search(pieces, model, markerRuns));
}

/**
 * Whether the line after `run` may carry on the line before it at the same depth: `run` is that
 * line's prefix alone, written as the previous run ends (`>> > text` then `> more`).
 */
function samePrefix(previous: readonly number[], run: readonly number[]): boolean {
  if (previous === run) return true;
  const offset = previous.length - run.length;
  if (offset < 0) return false;
  for (let i = 0; i < run.length; i++) if (previous[offset + i] !== run[i]) return false;
  return true;
}

/**
 * Whether a piece opens with a header field (its first words decide). Asked of every piece: the first
 * word's opening rules most out, as `isHeaderLine` would, before the words are joined.
 */
const opensWithHeader = (words: readonly string[]): boolean => mayOpenHeader(words[0] ?? "") && isHeaderLine(words.slice(0, 3).join(" "));

/** The cheapest reading of the line's pieces, one state a row (see `Trace.best`). */
function search(pieces: FlatPieces, model: LineModel, tables: MarkerRuns): Trace {
  const { runs, bare } = pieces;
  const layouts = innerLayouts(pieces);
  let words = pieces.words(0);
  let header = opensWithHeader(words);
  const head = words.join(" ");
  const ctx0 = model.contextId({ depth: 0, text: head === "" ? "." : head });
  let prevStates: State[] = [
    { lastDepth: 0, ctx: ctx0, depth: 0, split: words.length, blanks: [], shape: NO_SHAPE, fragmentOf: -1, literal: false, owed: 0, spoke: 0, cost: 0, back: -1 },
  ];
  const trace = new Trace(pieces.length);
  trace.push(prevStates);
  const slots = new StateSlots();
  // The best predecessor's cost and index per length band, for the reading being scored.
  const bestCost = new Float64Array(3);
  const bestBack = new Int32Array(3);
  const step: Step = { model, markerRuns: tables, allReply: false, runOnCost: 0, repeatsRun: false, evidence: 0, afterApple: false, greets: 0, lengthBefore: 0, fragmentLength: 0, bestCost, bestBack };
  // A long paste makes millions of states: each step writes over the objects of the step two before
  // (`previous` holds those of the step before, which it reads), and lists the ones it keeps in an
  // array kept for the search. Nothing of a step is read past the next one: `trace` holds what
  // backtracking needs.
  let next: State[] = [];
  let previous: State[] = [];
  let kept: State[] = [];
  // The bands of the quoted splits, each with its opening, in the order first met.
  const quotedBand = new Int32Array(3);
  const quotedOpening = new Int32Array(3);
  const unquotedOption: Split = { split: 0, band: 0, opening: 0, full: false, fragment: false, ctx: 0, quotedCtx: -1, cost: 0 };
  const unquotedOptions = [unquotedOption];
  // Equal runs of one line are one array (FlatPieces): their readings are found without naming the run.
  let readingsOf = new Map<readonly number[], Decomposition[]>();
  let markerRuns = tables;
  const compact = compactDepths(runs, (r) => pieces.joinedLength(r + 1));
  // Asked here of the last piece rather than when the loop reaches it: code first run at the end
  // has no type feedback, and the optimised search was thrown away there and compiled again.
  const lastWords = pieces.words(pieces.length - 1);
  const closingAt = writerClosingAt(lastWords);
  // Closing words that name the writer the first quote level is from are that quote's sign-off
  // (`Agreed. On …, Ana Lee <…> wrote: > Shall we merge it? > Ana`), not the writer's own.
  const quotedCloses = closingAt < lastWords.length && signsAsFirstQuoted(pieces, lastWords.slice(closingAt));
  const closingReply = !nextListItem(pieces, pieces.length - 1) && closingAt === 0 && !quotedCloses;
  for (let j = 1; j < pieces.length; j++) {
    // A header field's continuation line is as unwrapped as the field.
    const afterHeader = header;
    words = pieces.words(j);
    header = opensWithHeader(words);
    const pasteLayout = layouts.each[j - 1] ?? layouts.paste;
    const same = j > 1 && samePrefix(runs[j - 2] ?? [], runs[j - 1] ?? []);
    const continues = same && continuesLine(pieces.joinedLength(j - 1), pieces.lastChar(j - 1), words[0] ?? "");
    const layout = same ? continuedLayout(pasteLayout, pieces.joinedLength(j - 1), pieces.lastChar(j - 1), words[0] ?? "") : pasteLayout;
    // Whether the line before this run ended a paragraph: what makes a run-on unlikely.
    const before = j === 1 ? layout : (layouts.each[j - 2] ?? layouts.paste);
    const runOnCost = before.sentenceSplitsOnly ? model.costs.unwrappedRunOn : j > 1 && endedParagraph(pieces.joinedLength(j - 1), pieces.lastChar(j - 1), words[0] ?? "", before) ? model.costs.wrappedRunOn : 0;
    const quoted = splits(words, layout, model, j === pieces.length - 1 && !quotedCloses, afterHeader, header, continues);
    // A run read as a quoted blank line alone leaves the piece unquoted: where all the paste's last
    // piece is the writer's closing words (`> } > regards, dan`), which no quote ends with, or where
    // the piece after a lone `>` opens as an answer to the quote (`> ... > Ah, thanks, missed that.`).
    // The line model prices that blank-then-reply as it is in multiline mail, where a reply rarely
    // follows a quoted blank line; the answer is priced against reading the piece as quoted.
    // A dash-led last piece after one led by the same dash (`> - compatible > - reg`) is the quoted
    // list's next item, not a sign-off (`-Dana`).
    const last = j === pieces.length - 1;
    const allReply = last && closingReply;
    // After any run, not a lone `>` only: an answer after a quoted blank line one level up (`> > Does it
    // matter? > > Yes, ...`) pays it on the reading that keeps the question's depth (dev flat +86 words, check lists +70).
    const evidence = replyEvidence(words, model.costs);
    const greets = greetingCost(words, model.costs);
    // The paste's first quoted line, read only where it ends on a colon, as an attribution does.
    const afterApple = j === 2 && /[:：]$/u.test(pieces.lastChar(j - 1)) && appleAttribution(pieces.joined(j - 1, pieces.wordCount(j - 1)));
    // A long piece after a quote's sentence end may be reply text below the run's blank lines too, priced
    // by the line model against the quoted line the reply would otherwise open after. An answer opening the
    // piece's second sentence, its first fitting one line, shows that line is the quote's last (dev flat
    // +51 words on the study lists, +46 on the check lists, other→content unchanged; a greeting there
    // too: no change; a question ending that line, at QUESTION_INSIDE: +14 and -6 more).
    const blankReply = allReply || evidence > 0 ? 0 : pieces.joinedLength(j) >= LONG_REPLY && endsQuotedSentence(pieces.lastChar(j - 1)) ? model.costs.longReply + answerAfterFirstLine(words, layout.wrap, model.costs) : Infinity;
    const replyAllowed = blankReply < Infinity;
    // The whole piece as unquoted text: after such a run, or after a `>` read as text.
    let unquoted = NO_SPLITS;
    if (replyAllowed || bare[j - 1] === true) {
      unquotedOption.ctx = unquotedContext(model, words, header);
      unquoted = unquotedOptions;
    }
    // Read on every piece, not only at a depth 0 reading: see `closingReply`.
    const unquotedBands = unquoted.length;
    // The transition's cost depends on the next line's length band (its opening is the same for all
    // options), so the best predecessor is found per band, for the first option of each.
    let quotedBands = 0;
    for (const option of quoted) {
      let known = false;
      for (let b = 0; b < quotedBands; b++) known ||= quotedBand[b] === option.band;
      if (known) continue;
      quotedBand[quotedBands] = option.band;
      quotedOpening[quotedBands++] = option.opening;
    }
    // States by key, and where each sits in `next` (in the order first met, as a Map would keep them).
    let count = 0;
    slots.clear();
    const run = runs[j - 1] ?? [];
    // Equal runs of one line are one array (FlatPieces).
    step.repeatsRun = j > 1 && runs[j - 2] === run;
    step.allReply = allReply;
    step.runOnCost = runOnCost;
    step.evidence = evidence;
    step.afterApple = afterApple;
    step.greets = greets;
    // Only a wrapped line's tail tells its width: not one its client left long (a whole paragraph), nor an
    // attribution's (`wrote:`), whose name and address run as long as they are.
    step.lengthBefore = !before.sentenceSplitsOnly && pieces.joinedLength(j - 1) <= before.wrap && !endsOnColon(words[words.length - 1] ?? "") ? pieces.joinedLength(j - 1) : -1;
    step.fragmentLength = Math.min(pieces.joinedLength(j), FRAGMENT_LENGTH);
    let readings = readingsOf.get(run);
    if (readings === undefined) {
      readings = markerRuns.decompositions(run);
      readingsOf.set(run, readings);
    }
    for (const dec of readings) {
      const { depth } = dec;
      if (depth === 0 && !replyAllowed) continue;
      const shape = dec.lastShape;
      // At depth 0 the one option is unquoted text: band 0, no opening.
      const options = depth === 0 ? unquoted : quoted;
      const bands = depth === 0 ? unquotedBands : quotedBands;
      const bandOf = depth === 0 ? UNQUOTED_BAND : quotedBand;
      const openingOf = depth === 0 ? UNQUOTED_BAND : quotedOpening;
      // A run of more tokens than a line has levels reads deeper than the flags go: read past their
      // end, the optimised search was thrown away and compiled again.
      const spacedCost = !dec.lastCompact && depth < compact.length && compact[depth] === 1 ? SPACED_AT_COMPACT_DEPTH : 0;
      bestPredecessors(step, prevStates, dec, spacedCost, bands, bandOf, openingOf);
      for (let o = 0; o < options.length; o++) {
        const option = options[o];
        if (option === undefined) break;
        // States that end alike behave alike from here on: keep the cheapest of each.
        const lastDepth = option.full ? depth : 0;
        const back = bestBack[option.band] ?? -1;
        // A chain of fragments (a line re-wrapped at several quote levels) keeps the depth it was cut from.
        const prev = back < 0 ? undefined : prevStates[back];
        const before = prev === undefined ? 0 : prev.fragmentOf >= 0 ? prev.fragmentOf : prev.lastDepth;
        const fragmentOf = option.fragment && dec.blanks.length === 0 && before > depth ? before : -1;
        // A quoted line speaks for its depth's writer; an attribution owes their words unless they spoke before it.
        let owed = prev === undefined ? 0 : prev.owed;
        let spoke = prev === undefined ? 0 : prev.spoke;
        if (depth > 0) {
          const bit = bitOf(depth);
          if (!option.full || !model.isAttribution(option.ctx)) {
            spoke |= bit;
            owed &= ~bit;
          } else if ((spoke & bit) === 0) owed |= bit;
        }
        // The paste's end leaves the writers still owed silent.
        const closes = last ? silentCost(owed) : 0;
        // A small integer key (depths, shape and context ids are small) keeps the map fast: past 2^30
        // it would be a float. Fragments are rare, so one bit tells them apart.
        const ctx = model.atDepth(option.ctx, lastDepth);
        const key = ((((Math.min(lastDepth, 255) << 12) | (shape & 4095)) << 8) | (ctx & 255)) * 2 + (fragmentOf < 0 ? 0 : 1);
        const cost = (bestCost[option.band] ?? Infinity) + option.cost + deepExit(model, option, depth) + closes + (depth === 0 ? blankReply : 0);
        const slot = slots.get(key);
        const seen = slot < 0 ? undefined : next[slot];
        if (seen !== undefined && seen.cost <= cost) continue;
        if (seen === undefined) slots.add(key, count);
        // Unquoted text keeps the last quoted prefix: quoting resumes in the same client's style.
        replace(seen ?? stateAt(next, count++), lastDepth, ctx, option.split, depth, dec.blanks, shape, fragmentOf, false, owed, spoke, cost, back);
      }
    }
    // A lone `>` may be text (`if (x > 1)`, `=> >>>>>>` arrows): the line before goes on through it.
    if (bare[j - 1] === true) {
      for (let k = 0; k < prevStates.length; k++) {
        const prev = prevStates[k];
        if (prev === undefined) continue;
        for (const option of prev.lastDepth === 0 ? unquoted : quoted) {
          const lastDepth = option.full ? prev.lastDepth : 0;
          // The paste's end leaves the writers still owed silent.
          const closes = last ? silentCost(prev.owed) : 0;
          const cost = prev.cost + model.costs.literalMarker + option.cost + closes;
          const ctx = model.atDepth(option.ctx, lastDepth);
          const key = (((Math.min(lastDepth, 255) << 12) | (prev.shape & 4095)) << 8) | (ctx & 255);
          const slot = slots.get(key * 2);
          const seen = slot < 0 ? undefined : next[slot];
          if (seen !== undefined && seen.cost <= cost) continue;
          if (seen === undefined) slots.add(key * 2, count);
          replace(seen ?? stateAt(next, count++), lastDepth, ctx, option.split, prev.lastDepth, NO_BLANKS, prev.shape, -1, true, prev.owed, prev.spoke, cost, k);
        }
      }
    }
    // The kept states go in the array that held the step before's, which no step reads again.
    const spare = prevStates;
    prevStates = prune(next, count, kept);
    kept = spare;
    [next, previous] = [previous, next];
    trace.push(prevStates);
    // Many distinct long runs fill the tables; only the kept states' shapes matter from here on.
    if (markerRuns.full) {
      const fresh = new MarkerRuns();
      for (const s of prevStates) s.shape = markerRuns.carry(s.shape, fresh);
      markerRuns = fresh;
      step.markerRuns = fresh;
      readingsOf = new Map();
    }
  }
  // Pruning sorts the states: the first is the cheapest.
  return trace.best(0);
}

/**
 * The paste's wrap layouts from its inner pieces' lengths (the first and last may be cut short). A
 * function of its own: a loop this long is optimised on its own, and inside the search that code
 * knew nothing of what follows the loop and was thrown away.
 */
function innerLayouts(pieces: FlatPieces): ReturnType<typeof layoutsOf> {
  const inner: number[] = [];
  for (let j = 1; j < pieces.length - 1; j++) inner.push(pieces.joinedLength(j));
  return layoutsOf(inner);
}

/**
 * What leaving a quoted line at `depth` for unquoted text costs beyond what `option.cost` holds: the
 * split priced the move as from depth 1.
 */
function deepExit(model: LineModel, option: Split, depth: number): number {
  if (depth < 2 || option.quotedCtx < 0) return 0;
  return model.costOf(model.atDepth(option.quotedCtx, depth), TO_UNQUOTED) - model.costOf(option.quotedCtx, TO_UNQUOTED);
}
