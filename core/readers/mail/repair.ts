import { endsSentence, isBlank, lastNonSpace, quotedLine, type LabelledLine, type QuotedLine } from "./lines.js";

/**
 * Puts back the depth of quoted lines that a client's re-wrapping pushed out of their quote:
 * `>>> a long quoted line that was` + `wrapped` + `>>> next line` (the middle line lost its markers,
 * or kept fewer). A short fragment between two lines of the same deeper quote, continuing the
 * sentence of a long line, is a continuation; a fresh sentence is an interleaved reply and stays.
 */
export function repairRewrapped(lines: readonly LabelledLine[]): LabelledLine[] {
  // Lines are shared with the input until repaired (few are): a repaired line is a new object.
  const out = lines.slice();
  repairStaircases(out);
  // The long line that the current run of repaired fragments was cut from: quoting at several
  // levels re-wraps a line several times, leaving a chain of fragments (`to send` / `> > data.`).
  let anchor: QuotedLine | undefined;
  for (let i = 1; i < out.length; i++) {
    const prev = out[i - 1];
    const cur = out[i];
    if (prev === undefined || cur === undefined) continue;
    if (prev === lines[i - 1]) anchor = prev;
    if (cur.depth >= prev.depth || isBlank(cur.text) || isBlank(prev.text)) continue;
    const text = cur.text.trim();
    let score = 0;
    if (!endsCutLine(prev.text)) score += 1;
    if (OPENS_LOWERCASE.test(text)) score += 1;
    if (text.length <= FRAGMENT_LENGTH) score += 1;
    const long = anchor ?? prev;
    if (long.text.length + 2 * long.depth >= 60) score += 1;
    if (resumesAt(out, i + 1, prev.depth)) score += 1;
    // Inside a chain of fragments a short line is one more piece of the same cut line.
    if (prev !== lines[i - 1] && text.length <= FRAGMENT_LENGTH) score += 1;
    // A split attribution (`On <date>, Name <addr>` + `wrote:`) always rejoins its first half.
    const attributionTail = ATTRIBUTION_TAIL.test(text) || OPENS_ON_TIME.test(text);
    if (attributionTail && !endsSentence(prev.text)) score += 3;
    if (score >= 4) out[i] = quotedLine(prev.depth, cur.text);
  }
  return out;
}

/**
 * Whether a line ends as a sentence does, before any trailing whitespace (`\s`): on `.?!:;)]`, or on a
 * closing quote or bracket right after a stop. A closing quote ends a sentence only after its stop
 * (`said "no."`); a line cut after `the "blame"` goes on. Read from the end by hand: the pattern
 * `(?:[.?!:;)\]]|[.?!][)"'”’])\s*$` it stands for was tried at every position of the line, 2.7% of a
 * multiline parse.
 */
export function endsCutLine(text: string): boolean {
  const e = lastNonSpace(text);
  if (e < 0) return false;
  const last = text.charCodeAt(e);
  if (STOPS.includes(last) || last === 0x3a || last === 0x3b || last === 0x29 || last === 0x5d) return true;
  return CLOSERS.includes(last) && e > 0 && STOPS.includes(text.charCodeAt(e - 1));
}
// `.?!`, and what may close a sentence after one: `)"'”’`.
const STOPS = [0x2e, 0x3f, 0x21];
const CLOSERS = [0x29, 0x22, 0x27, 0x201d, 0x2019];
// Module constants: a pattern written in the loop would be a new object each time round. A line
// going on a sentence opens in lowercase, on a digit or a bracket.
const OPENS_LOWERCASE = /^[\p{Ll}\d(]/u;
// The second half of a split attribution: its verb (after the address, when that was cut too), or its time.
const ATTRIBUTION_TAIL = /^(?:\S[^\s@]*@\S+\s+)?(?:wrote|writes|a écrit|schrieb)\b.*:\s*$/iu;
const OPENS_ON_TIME = /^\d{1,2}:\d{2}/u;

// How many more fragments a chain may hold before the quote it fell out of resumes.
const MAX_CHAIN = 6;
/** Re-wrap fragments are at most this long: a few words pushed onto a line of their own. */
export const FRAGMENT_LENGTH = 30;

/**
 * A line re-wrapped at every level of a deep quote leaves a staircase between two lines of its
 * quote: `>>>> ... exception.` `This exception` `> is` `>>> trapped` `>>>> rather than logged`.
 * Two or more short lines whose depths climb back towards the quote they sit in belong to it.
 */
function repairStaircases(out: LabelledLine[]): void {
  for (let i = 1; i < out.length; i++) {
    const depth = out[i - 1]?.depth ?? 0;
    if (depth === 0 || isBlank(out[i - 1]?.text ?? "")) continue;
    let j = i;
    for (; j < out.length && j - i <= MAX_CHAIN; j++) {
      const line = out[j];
      if (line === undefined || line.depth >= depth || isBlank(line.text) || line.text.trim().length > FRAGMENT_LENGTH) break;
      if (j > i && line.depth < (out[j - 1]?.depth ?? 0)) break;
    }
    const end = out[j];
    if (j - i < 2 || end === undefined || end.depth !== depth || isBlank(end.text)) continue;
    for (let k = i; k < j; k++) out[k] = quotedLine(depth, out[k]?.text ?? "");
    i = j;
  }
}

/**
 * Whether the quote at `depth` goes on at `from`, past at most a few more shallower lines: a long line
 * re-wrapped into several (each one marker short) leaves full-length pieces, not only short ones.
 */
function resumesAt(lines: readonly QuotedLine[], from: number, depth: number): boolean {
  for (let j = from; j < lines.length && j <= from + MAX_CHAIN; j++) {
    const line = lines[j];
    if (line === undefined) return false;
    if (line.depth === depth) return true;
    if (line.depth > depth || isBlank(line.text)) return false;
  }
  return false;
}
