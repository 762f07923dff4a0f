/** One line of a message body with its quote prefix taken apart. */
export interface QuotedLine {
  /** Number of `>` markers in the prefix. */
  depth: number;
  /** The line without its quote prefix. */
  text: string;
}

// `>` markers with optional spaces between them; `|` and `:` prefixes are too ambiguous in prose.
const PREFIX = /^[ \t]*((?:>[ \t]?)+)/;

/** Splits a line into quote depth and text (prefix `> > `, compact `>> `, irregular spacing). */
export function splitQuotePrefix(line: string): QuotedLine {
  const m = PREFIX.exec(line);
  if (m === null) return { depth: 0, text: line };
  const prefix = m[1] ?? "";
  let depth = 0;
  for (const ch of prefix) if (ch === ">") depth++;
  return { depth, text: line.slice(m[0].length) };
}

/** True for lines with no words (blank or whitespace only). */
export const isBlank = (text: string): boolean => !NON_SPACE.test(text);
const NON_SPACE = /\S/u;

/** Sentence-final punctuation, optionally followed by closing quotes or brackets. */
export const ENDS_SENTENCE = /[.?!:;)\]"'”’]\s*$/u;
