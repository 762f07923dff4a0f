/*
 * The words of a flattened line between its runs of inline quote markers, held as offsets into the
 * line rather than as word strings: a 20 MB paste is millions of words, and holding each as a string
 * for the whole search (then its pieces as arrays) took several times the paste in memory. A piece's
 * words are cut from the line when the search reaches it, and again when its lines are rebuilt.
 */

import { isSpaceCode } from "./lines.js";

const GT = 0x3e;
const COLON = 0x3a;
const SPACE = 0x20;
const FIELDS = 4;
// Whitespace other than the space (what `\s` and `isSpaceCode` take besides it).
const OTHER_SPACE = /[^\S ]/u;

// `>=` before a number is an operator in text (`>=30%`), unless all that follows is one
// quoted-printable escape left in the paste (`>=20`, a prefix and an encoded space); so is `>=`
// standing alone (`if x >= 3`): no quoted line is a lone `=`.
const OPERATOR = /^=\d/u;
const QP_ESCAPE = /^=[\dA-F]{2}$/u;
const isOperator = (rest: string): boolean => rest === "=" || (OPERATOR.test(rest) && !QP_ESCAPE.test(rest));

/**
 * A key for a run's marker counts: a number for the short runs of a few markers a token that make
 * up nearly all of them (no string built and hashed for each of a paste's runs), else the counts spelt out.
 */
function runKey(run: readonly number[]): number | string {
  let key = 1;
  for (const count of run) {
    if (count >= 32 || key >= 2 ** 25) return run.join(",");
    key = key * 32 + count;
  }
  return key;
}

/**
 * The stretches of words of one line and the marker runs between them. A token starting with `>` is
 * a run (`>>`) or a run glued to a word (`>>text`, the word opening the next stretch); stretch `j`
 * follows run `j - 1`. Runs are shared between equal ones (`[1]`, `[1, 1]` recur thousands of times).
 */
export class FlatPieces {
  /** Marker counts of each run's tokens (`> >>` is `[1, 2]`). */
  readonly runs: (readonly number[])[] = [];
  /** Whether each run is one bare `>` token after some words, which might be text rather than a prefix. */
  readonly bare: boolean[] = [];
  /** How many runs follow words (rather than another run or the line's start). */
  inline = 0;
  /** Whether one of those words ends in a colon, as an attribution introducing a quote does. */
  introduced = false;
  // Per stretch, FIELDS numbers: where its first word starts and its last word ends, its word count
  // and characters. One typed array sized once for the most stretches the line can hold (a run opens
  // each but the first, and only a token led by `>` opens a run): four arrays grown push by push left
  // their outgrown copies to the next full collection, 16 MB of the 10 MB one-line paste's peak.
  private readonly stretches: Int32Array;
  private size = 0;
  // Whether the line's only whitespace is the space: words then end where `indexOf` finds one.
  private readonly spacesOnly: boolean;

  constructor(readonly line: string) {
    let bound = 1;
    for (let at = line.indexOf(">"); at >= 0; at = line.indexOf(">", at + 1)) if (at === 0 || isSpaceCode(line.charCodeAt(at - 1))) bound++;
    this.stretches = new Int32Array(bound * FIELDS);
    this.spacesOnly = !OTHER_SPACE.test(line);
    const shared = new Map<number | string, readonly number[]>();
    let open: number[] | undefined;
    // The stretch being read is kept in locals and stored once it ends: a long paste is millions
    // of words, and updating the arrays word by word took most of the time spent here. The loop
    // adds each word itself: locals a closure writes to live in a context object, not in registers.
    let first = 0;
    let last = 0;
    let count = 0;
    let chars = 0;
    const n = line.length;
    let i = 0;
    for (;;) {
      i = this.wordStart(i, n);
      if (i >= n) break;
      const start = i;
      i = this.wordEnd(i, n);
      let m = start;
      if (line.charCodeAt(start) === GT) {
        while (m < i && line.charCodeAt(m) === GT) m++;
        if (m === i || !isOperator(line.slice(m, i))) {
          if (count === 0 && open !== undefined) {
            open.push(m - start);
            this.bare[this.bare.length - 1] = false;
          } else {
            if (count > 0) {
              this.inline++;
              this.introduced ||= line.charCodeAt(last - 1) === COLON;
            }
            this.close(shared, open);
            open = [m - start];
            this.runs.push(open);
            this.bare.push(m === i && count > 0);
            this.store(first, last, count, chars);
            first = last = count = chars = 0;
          }
          // The words of the next stretch follow: the run is complete once one of them is seen.
          if (m === i) continue;
          this.close(shared, open);
          open = undefined;
        } else m = start;
      }
      if (count === 0) first = m;
      last = i;
      count++;
      chars += i - m;
    }
    this.close(shared, open);
    this.store(first, last, count, chars);
  }

  /** Makes the run just read the last one's, shared with an equal run read before it. */
  private close(shared: Map<number | string, readonly number[]>, open: number[] | undefined): void {
    if (open === undefined) return;
    const key = runKey(open);
    const seen = shared.get(key);
    if (seen === undefined) shared.set(key, open);
    this.runs[this.runs.length - 1] = seen ?? open;
  }

  /** Where the word at or after `i` starts (`n` for none). */
  private wordStart(i: number, n: number): number {
    const { line } = this;
    let at = i;
    if (this.spacesOnly) while (at < n && line.charCodeAt(at) === SPACE) at++;
    else while (at < n && isSpaceCode(line.charCodeAt(at))) at++;
    return at;
  }

  /** Where the word that starts at `i` ends. */
  private wordEnd(i: number, n: number): number {
    const { line } = this;
    if (this.spacesOnly) {
      // Found natively, which is several times faster than a scan character by character.
      const space = line.indexOf(" ", i);
      return space < 0 || space > n ? n : space;
    }
    let at = i;
    while (at < n && !isSpaceCode(line.charCodeAt(at))) at++;
    return at;
  }

  private store(first: number, last: number, count: number, chars: number): void {
    const at = this.size++ * FIELDS;
    const { stretches } = this;
    stretches[at] = first;
    stretches[at + 1] = last;
    stretches[at + 2] = count;
    stretches[at + 3] = chars;
  }

  /** How many stretches: one more than there are runs. */
  get length(): number {
    return this.size;
  }

  // Stretch `j`'s fields: 0 past the last one (the array's spare room is zeros), as the arrays they replaced read.
  private start(j: number): number {
    return this.stretches[j * FIELDS] ?? 0;
  }

  private end(j: number): number {
    return this.stretches[j * FIELDS + 1] ?? 0;
  }

  private charCount(j: number): number {
    return this.stretches[j * FIELDS + 3] ?? 0;
  }

  /**
   * The words of stretch `j`, cut from the line now (no word holds whitespace), where
   * `split(/\s+/u)` of the stretch would cut them: a scan is cheaper than the pattern, and this is
   * done twice for every stretch of the paste.
   */
  words(j: number): string[] {
    const out: string[] = [];
    if (this.wordCount(j) === 0) return out;
    const { line } = this;
    const end = this.end(j);
    // The stretch opens and closes on a word: every scan for a word's end starts on one.
    for (let i = this.start(j); i < end; ) {
      const wordEnd = this.wordEnd(i, end);
      out.push(line.slice(i, wordEnd));
      i = this.wordStart(wordEnd, end);
    }
    return out;
  }

  /** How many words stretch `j` holds. */
  wordCount(j: number): number {
    return this.stretches[j * FIELDS + 2] ?? 0;
  }

  /**
   * The first `count` words of stretch `j` joined with single spaces, as `words(j).slice(0, count)`
   * would join: cut from the line in one piece where single spaces part them, as in most pastes.
   */
  joined(j: number, count: number): string {
    const words = this.wordCount(j);
    if (count <= 0 || words === 0) return "";
    const { line } = this;
    const start = this.start(j);
    const end = this.end(j);
    // Where each gap between words is one character, they are all spaces when the stretch holds one
    // space fewer than it has words; the one after word `count` ends the cut.
    let spaces = 0;
    let cut = end;
    if (end - start === this.joinedLength(j)) for (let i = line.indexOf(" ", start); i >= 0 && i < end; i = line.indexOf(" ", i + 1)) if (++spaces === count) cut = i;
    return spaces === words - 1 ? line.slice(start, cut) : this.words(j).slice(0, count).join(" ");
  }

  /** The length of stretch `j` as its words joined with single spaces (-1 for none). */
  joinedLength(j: number): number {
    return this.charCount(j) + this.wordCount(j) - 1;
  }

  /** The first word of stretch `j`, "" when it has none. */
  firstWord(j: number): string {
    if (this.wordCount(j) === 0) return "";
    const start = this.start(j);
    return this.line.slice(start, this.wordEnd(start, this.line.length));
  }

  /** The last word of stretch `j`, "" when it has none. */
  lastWord(j: number): string {
    if (this.wordCount(j) === 0) return "";
    const start = this.start(j);
    const end = this.end(j);
    let at = end;
    while (at > start && !isSpaceCode(this.line.charCodeAt(at - 1))) at--;
    return this.line.slice(at, end);
  }

  /** The first character of stretch `j` and the last, "" when it has no words. */
  firstChar(j: number): string {
    return this.wordCount(j) === 0 ? "" : this.line.charAt(this.start(j));
  }

  lastChar(j: number): string {
    return this.wordCount(j) === 0 ? "" : this.line.charAt(this.end(j) - 1);
  }
}
