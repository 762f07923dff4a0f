import { DATE_WORDS } from "./date-words.js";

/**
 * The words dates and times are written with, in every locale Node's ICU knows: month and weekday
 * names, AM/PM markers and the connecting words of a formatted date (`um`, `de`, `às`, `klo`, `年`).
 * Taken from `Intl` rather than kept by hand, so an attribution in a language nobody listed still
 * has its date recognised; taken once by test/tools/list-date-words.ts, not at run time (ICU keeps
 * every locale's data it loads for the life of the process: some 40 MB, and over a second).
 */

let words: ReadonlySet<string> | undefined;

/** Lower case, without a date's own trailing full stop (`Mo.`, `févr.`). */
export function dateKey(word: string): string {
  const lower = word.toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

/** Whether a word (any case, with or without its trailing full stop) is a month, weekday, AM/PM or date connector. */
export function isDateWord(word: string): boolean {
  words ??= new Set(DATE_WORDS.split("\n"));
  return words.has(dateKey(word));
}
