import { Buffer } from "node:buffer";
import type { Role } from "../../thread/model.js";
import type { Mention } from "../../thread/speakers.js";

/** One line of a message body with its quote prefix taken apart. */
export interface QuotedLine {
  /** Number of `>` markers in the prefix. */
  depth: number;
  /** The line without its quote prefix. */
  text: string;
}

/** A body line with what it is and who wrote it. */
export interface LabelledLine extends QuotedLine {
  role: Role;
  /** The mention naming the writer; null for lines that belong to nobody (attributions, footers). */
  owner: Mention | null;
  /** Which message of a pasted chain the line belongs to (a new one starts at each top-level header block). */
  message: number;
}

/**
 * A line as the reader makes it, with room for the labels that labelBody fills in (content by nobody
 * until then): each line is one object from splitting to the thread, not a quoted line copied into a
 * labelled one. Every line object is made here, so all have one shape.
 */
export function quotedLine(depth: number, text: string): LabelledLine {
  return { depth, text, role: "content", owner: null, message: 0 };
}

/**
 * Splits a line into quote depth and text (prefix `> > `, compact `>> `, irregular spacing): blanks,
 * then `>` markers each followed by at most one space or tab. `|` and `:` prefixes are too ambiguous in prose.
 */
export function splitQuotePrefix(line: string): LabelledLine {
  return quotedLineAt(line, 0, line.length);
}

/**
 * {@link splitQuotePrefix} of the line `text.slice(start, end)`, read in place: a paste is not split
 * into line strings first, so each line's text is cut from it once rather than twice.
 */
export function quotedLineAt(text: string, start: number, end: number): LabelledLine {
  // Scanned by hand rather than with a pattern: this runs on every line, and a match would allocate.
  // Indices stay within the line: reading past its end would make the optimised code bail out.
  let i = start;
  while (i < end && isSpaceOrTab(text.charCodeAt(i))) i++;
  let depth = 0;
  while (i < end && text.charCodeAt(i) === GT) {
    depth++;
    i++;
    if (i < end && isSpaceOrTab(text.charCodeAt(i))) i++;
  }
  return quotedLine(depth, text.slice(depth === 0 ? start : i, end));
}

const GT = 0x3e;
const isSpaceOrTab = (code: number): boolean => code === 0x20 || code === 0x09;

/**
 * `text` stored one byte a character where it can be. V8 keeps a string cut or joined from a paste
 * that holds any character past U+00FF two bytes a character, however plain the piece itself: the
 * texts of a parse of such a paste took twice their characters (10 MB of the 10 MB one-line parse's
 * segments). Decoded again, a text of Latin-1 characters only is stored one byte a character; one
 * with wider characters (or a lone surrogate, which the round trip would not keep) is left as it is.
 */
export function narrowed(text: string): string {
  // Latin-1 bytes rather than UTF-8 (each character one byte, copied, not encoded), and a pattern
  // without the u flag (a code unit past U+00FF is found as fast, surrogates included, without the
  // code-point decoding): together a third of what the UTF-8 round trip and `/u` test cost.
  return WIDE.test(text) ? text : Buffer.from(text, "latin1").toString("latin1");
}
const WIDE = /[^\0-\xff]/;

/** True for lines with no words (blank or whitespace only). */
export function isBlank(text: string): boolean {
  // Most lines are empty or start with a printable ASCII character after a few blanks (indented
  // code, a quote's text): scanned by hand, the regex only for the rest (other whitespace, non-ASCII).
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x20 || code === 0x09) continue;
    return code > 32 && code < 127 ? false : !NON_SPACE.test(text);
  }
  return true;
}
const NON_SPACE = /\S/u;

/**
 * Whether a UTF-16 code unit is whitespace as `\s` reads it (ECMAScript WhiteSpace and
 * LineTerminator): scans by character code cut and trim lines exactly where `\s` patterns would.
 */
export function isSpaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Where the first character that is no whitespace (`\s`) stands; the text's length when there is none. */
export function firstNonSpace(text: string): number {
  let i = 0;
  while (i < text.length && isSpaceCode(text.charCodeAt(i))) i++;
  return i;
}

/**
 * Whether the text's words open on a hyphen-minus (after any whitespace): a cheap first test for the
 * dashed lines (signature delimiters, separators, armour) whose patterns are asked of every line.
 */
export function opensOnDash(text: string): boolean {
  return text.charCodeAt(firstNonSpace(text)) === 0x2d;
}

/**
 * `text.trim().length`, without the trimmed copy: lines are ruled out by their length before a
 * pattern is tried (each call of a pattern allocates).
 */
export function trimmedLength(text: string): number {
  const start = firstNonSpace(text);
  let end = text.length;
  while (end > start && isSpaceCode(text.charCodeAt(end - 1))) end--;
  return end - start;
}

/** Where the last character that is no whitespace (`\s`) stands; -1 when there is none. */
export function lastNonSpace(text: string): number {
  let e = text.length - 1;
  while (e >= 0 && isSpaceCode(text.charCodeAt(e))) e--;
  return e;
}

/**
 * Whether a line ends on sentence-final punctuation or a closing quote or bracket (`.?!:;)]"'”’`),
 * before any trailing whitespace. Read from the end: the pattern it stands for,
 * `[.?!:;)\]"'”’]\s*$`, was tried from every position of every line the segmenter priced.
 */
export function endsSentence(text: string): boolean {
  const e = lastNonSpace(text);
  return e >= 0 && SENTENCE_END.includes(text.charCodeAt(e));
}
const SENTENCE_END = [0x2e, 0x3f, 0x21, 0x3a, 0x3b, 0x29, 0x5d, 0x22, 0x27, 0x201d, 0x2019];

/**
 * Whether a word ends on a colon, ASCII or full-width (`wrote:`, `写道：`): `/[:：]$/u` without the
 * pattern, which is tried from every position of the word and was asked of every word of a paste
 * that lost its newlines (about 0.9% of a one-line parse).
 */
export function endsOnColon(word: string): boolean {
  const last = word.charCodeAt(word.length - 1);
  return last === 0x3a || last === 0xff1a;
}

// A colon after a path, a line number, a bracket, a call or an identifier, unlike a prose word's (`tree:`).
const CODE_LABEL_MARK = /[/_[\]()]|\d:/u;

/**
 * Whether a word is a log or build line's label (`core.c:118:9:`, `make[2]:`, `dev_init:`). Its
 * message follows on the same line, so a quoted line ending right after it was more likely cut than ended.
 */
export function isCodeLabel(word: string): boolean {
  return word.length > 2 && word.endsWith(":") && CODE_LABEL_MARK.test(word);
}
