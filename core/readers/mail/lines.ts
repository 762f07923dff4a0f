/** One line of a message body with its quote prefix taken apart. */
export interface QuotedLine {
  /** Number of `>` markers in the prefix. */
  depth: number;
  /** The line without its quote prefix. */
  text: string;
}

/**
 * Splits a line into quote depth and text (prefix `> > `, compact `>> `, irregular spacing): blanks,
 * then `>` markers each followed by at most one space or tab. `|` and `:` prefixes are too ambiguous in prose.
 */
export function splitQuotePrefix(line: string): QuotedLine {
  // Scanned by hand rather than with a pattern: this runs on every line, and a match would allocate.
  // Indices stay within the line: reading past its end would make the optimised code bail out.
  const n = line.length;
  let i = 0;
  while (i < n && isSpaceOrTab(line.charCodeAt(i))) i++;
  let depth = 0;
  while (i < n && line.charCodeAt(i) === GT) {
    depth++;
    i++;
    if (i < n && isSpaceOrTab(line.charCodeAt(i))) i++;
  }
  return depth === 0 ? { depth: 0, text: line } : { depth, text: line.slice(i) };
}

const GT = 0x3e;
const isSpaceOrTab = (code: number): boolean => code === 0x20 || code === 0x09;

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

/** Sentence-final punctuation, optionally followed by closing quotes or brackets. */
export const ENDS_SENTENCE = /[.?!:;)\]"'”’]\s*$/u;
