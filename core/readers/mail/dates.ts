/**
 * The words dates and times are written with, in every locale Node's ICU knows: month and weekday
 * names, AM/PM markers and the connecting words of a formatted date (`um`, `de`, `às`, `klo`, `年`).
 * Taken from `Intl` rather than kept by hand, so an attribution in a language nobody listed still
 * has its date recognised.
 */

let words: ReadonlySet<string> | undefined;

// Strings of two letters are all the ISO 639-1 language codes; ICU says which it has data for.
// Other scripts of a language are tried as well (Traditional Chinese writes weekdays as `週五`); ICU
// accepts any script by falling back, so only those it resolves to as asked are kept (see build).
function locales(): string[] {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  const codes: string[] = [];
  for (const a of letters) for (const b of letters) codes.push(a + b);
  const base = Intl.DateTimeFormat.supportedLocalesOf(codes);
  // Some codes come back as a language with its script already (`sh`): those get no other script.
  const scripts = base.filter((l) => !l.includes("-")).flatMap((l) => ["Hant", "Latn", "Cyrl"].map((s) => `${l}-${s}`));
  return base.concat(scripts);
}

/** Lower case, without a date's own trailing full stop (`Mo.`, `févr.`). */
export function dateKey(word: string): string {
  const lower = word.toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

function addPieces(set: Set<string>, text: string): void {
  for (const piece of text.split(/[\s,.:/()\-،]+/u)) if (/\p{L}/u.test(piece)) set.add(dateKey(piece));
}

function build(): Set<string> {
  const set = new Set<string>();
  // The 15th of each month of 2021 falls on every weekday; odd months in the morning, even ones after noon.
  const dates = Array.from({ length: 12 }, (_, m) => new Date(Date.UTC(2021, m, 15, m % 2 === 0 ? 4 : 16, 20)));
  const styles: Intl.DateTimeFormatOptions[] = [
    { weekday: "long", month: "long", day: "numeric", hour: "numeric", hour12: true },
    { weekday: "short", month: "short", day: "numeric", hour: "numeric", hour12: true },
    // The locale's own full form brings its connecting words (`um`, `às`, `klo`, `年`).
    { dateStyle: "full", timeStyle: "short" },
  ];
  for (const locale of locales()) {
    for (const style of styles) {
      const format = new Intl.DateTimeFormat(locale, { ...style, timeZone: "UTC" });
      if (format.resolvedOptions().locale !== locale) break;
      for (const date of dates) for (const part of format.formatToParts(date)) if (part.type !== "day" && part.type !== "hour" && part.type !== "minute" && part.type !== "year") addPieces(set, part.value);
    }
  }
  // Abbreviations longer than ICU's own (`Tues`, `Thurs`, `Sept`) are leading parts of the full name.
  for (const word of [...set]) for (let n = 4; n < word.length; n++) set.add(word.slice(0, n));
  return set;
}

/** Whether a word (any case, with or without its trailing full stop) is a month, weekday, AM/PM or date connector. */
export function isDateWord(word: string): boolean {
  words ??= build();
  return words.has(dateKey(word));
}
