import type { Speaker, Thread } from "../../../core/thread/model.js";
import { nameKey } from "../../../core/thread/names.js";
import { alignWords, threadWords } from "../../support/score.js";
import type { GoldWord } from "./gold.js";
import type { Person } from "./load.js";

/** Word counts of one scored paste; rates are taken over sums of these. */
export interface Tally {
  /** Gold content words. */
  content: number;
  /** Gold content words the parser labelled content and gave to the gold speaker. */
  correct: number;
  /** Gold not-content words (attribution, header, signature, footer). */
  other: number;
  /** Gold not-content words the parser labelled content. */
  otherAsContent: number;
  /** Gold content words whose author the paste names nowhere, so that `unknown` is the right answer. */
  unnamed: number;
  /** Wrong gold content words, by kind: not content in the parse (or lost), `unknown` for an author the paste names, another person. */
  lost: number;
  unknown: number;
  misnamed: number;
  /** Gold content words the reply's author wrote (the rest are quoted). */
  own: number;
  /** Of the wrong ones, the words the reply's author wrote. */
  ownWrong: number;
}

export const emptyTally = (): Tally => ({ content: 0, correct: 0, other: 0, otherAsContent: 0, unnamed: 0, lost: 0, unknown: 0, misnamed: 0, own: 0, ownWrong: 0 });

/** Adds `b` into `a`. */
export function addTally(a: Tally, b: Tally): void {
  for (const key of Object.keys(a) as (keyof Tally)[]) a[key] += b[key];
}

/**
 * Whether the parser's speaker is the gold person: the same address (case-insensitive), or the
 * same normalised display name (or alias; see `goldNames`), middle initials dropped on either side
 * (`From: Joseph Myers` signs `Joseph S. Myers`). A name is enough even when the addresses differ: people
 * write from several addresses, and an attribution line names the one it was sent from, which need
 * not be the `From:` of the message we have. Placeholders (`unknown`) never match.
 */
export function sameSpeaker(speaker: Speaker | null, gold: Person): boolean {
  if (speaker === null || !speaker.known) return false;
  if (speaker.email !== null && gold.email !== null && speaker.email.toLowerCase() === gold.email.toLowerCase()) return true;
  const { wanted, givens } = personNames(gold);
  return [speaker.name, ...speaker.aliases].some((n) => {
    const key = nameKey(n);
    return wanted.has(key) || wanted.has(withoutMiddleInitials(key)) || givens.some((given) => shortOf(key, given));
  });
}

/**
 * Every name a person may fairly be given, from their `From:` name and each alias the set shows them
 * using (see aliases.ts): the full spellings and given names of each (see `goldNames`), and the
 * aliases too short to find as words (`M.`, `-R`, `js`) as written.
 */
function personNames(person: Person): { wanted: Set<string>; full: Set<string>; givens: string[]; exact: string[] } {
  let names = namesOf.get(person);
  if (names === undefined) {
    const all = [person.name, ...(person.aliases ?? [])].filter((n): n is string => n !== null);
    const wanted = new Set<string>();
    const full = new Set<string>();
    const givens = new Set<string>();
    for (const name of all) {
      const spellings = goldSpellings(name);
      for (const key of goldNames(name, spellings)) wanted.add(key);
      for (const key of spellings.full) full.add(key);
      for (const given of spellings.givens) givens.add(given);
    }
    const exact = (person.aliases ?? []).filter((a) => nameKey(a).length < SHORTEST_WORD_NAME);
    names = { wanted, full, givens: [...givens], exact };
    namesOf.set(person, names);
  }
  return names;
}

const namesOf = new WeakMap<Person, ReturnType<typeof personNames>>();
/** Names shorter than this (initials: `a`, `pk`) would be found inside any text, so a paste names them only as written. */
const SHORTEST_WORD_NAME = 3;

/**
 * Whether `key` is a short form of the given name `given`: one word of three letters or more that the
 * given name starts with (`Steve` for Steven, `Jess` for Jessica), as people sign. A month's or
 * weekday's abbreviation (`Mar`, `Sat`) is a date, not a name.
 */
function shortOf(key: string, given: string): boolean {
  return key.length >= 3 && key.length < given.length && !key.includes(" ") && given.startsWith(key) && !DATE_WORDS.has(key);
}

const DATE_WORDS = new Set(
  Array.from({ length: 12 }, (_, m) => [
    new Date(Date.UTC(2024, m, 1)).toLocaleString("en", { month: "short", timeZone: "UTC" }),
    new Date(Date.UTC(2024, 0, m + 1)).toLocaleString("en", { weekday: "short", timeZone: "UTC" }),
  ]).flat().map(nameKey),
);

/** A name key without one-letter middle words: `joseph s myers` → `joseph myers`. */
function withoutMiddleInitials(key: string): string {
  const words = key.split(" ");
  return words.length > 2 ? [words[0], ...words.slice(1, -1).filter((w) => w.length > 1), words.at(-1)].join(" ") : key;
}

/**
 * The spellings of a `From:` name a parser may fairly give: the name, `Last, First` turned round,
 * each also without a trailing comment (`Michael Kerrisk (man-pages)`), a generational suffix
 * (`Chuck Lever III` signs `Chuck Lever`) or a directory's number (`Nitin Joshi1`), without middle
 * initials (`Joseph S. Myers` signs `Joseph Myers`) or a leading one (`H. Nikolaus Schaller` signs
 * `Nikolaus Schaller`) or middle names (`Henrique de Moraes Holschuh`
 * signs `Henrique Holschuh`), and the given name alone, which is all a sign-off (`Thanks, Jan`)
 * says of a pasted body's author, or a one-word nickname the name carries (`Li, Yunxiang (Teddy)`).
 */
function goldNames(name: string, { full, givens }: ReturnType<typeof goldSpellings>): Set<string> {
  // A one-word capitalised comment is the name the person goes by (`Li, Yunxiang (Teddy)` signs `Teddy`).
  const nickname = GONE_BY.exec(name)?.[1];
  return new Set([...full, ...givens, nickname === undefined ? "" : nameKey(nickname)].filter((n) => n !== ""));
}

const GONE_BY = /\((\p{Lu}\p{Ll}{2,})\)$/u;

/**
 * A `From:` name's full spellings (see `goldNames`) and its given name, as keys: the first word, also
 * written as one word when it has parts (`Si-Wei` signs `Siwei`), and past a leading initial the name
 * the person goes by (`H. Nikolaus Schaller` signs `Nikolaus`).
 */
function goldSpellings(name: string): { full: Set<string>; givens: string[] } {
  const full = new Set<string>();
  let given = "";
  const plain = name.replace(TRAILING_COMMENT, "");
  for (const written of new Set([name, plain, plain.replace(SUFFIX, "")])) {
    const comma = LAST_FIRST.exec(written);
    const turned = nameKey(comma === null ? written : `${comma[2] ?? ""} ${comma[1] ?? ""}`);
    given = turned.split(" ")[0] ?? "";
    for (const key of [nameKey(written), turned]) {
      full.add(key);
      full.add(withoutMiddleInitials(key));
      const words = key.split(" ");
      if (words.length > 2) full.add(`${words[0]} ${words.at(-1)}`);
      // Past a leading initial, the name the person goes by in full (`H. Nikolaus Schaller` signs
      // `Nikolaus Schaller`), as the given name alone already counts.
      if (words.length > 2 && words[0]?.length === 1) full.add(words.slice(1).join(" "));
    }
  }
  full.delete("");
  const comma = LAST_FIRST.exec(plain);
  const words = (comma === null ? plain : (comma[2] ?? "")).trim().split(/\s+/u);
  const givens = new Set([given, nameKey(words[0] ?? "").replaceAll(" ", "")]);
  // `H. Nikolaus Schaller`, `Schaller, H. Nikolaus`: an initial, then the name, then the family name.
  if (words.length + (comma === null ? 0 : 1) >= 3 && INITIAL.test(words[0] ?? "")) givens.add(nameKey(words[1] ?? ""));
  givens.delete("");
  return { full, givens: [...givens] };
}

const INITIAL = /^\p{L}\.?$/u;
// `Schaller, H. Nikolaus`: family name, comma, given names.
const LAST_FIRST = /^([^,]+),\s*([^,]+)$/u;
const TRAILING_COMMENT = /\s*\([^()]*\)\s*$/u;
/** What follows a family name without being part of it: `Jr.`, `III`, or a number a directory appended. */
const SUFFIX = /(?:,?\s+(?:Jr|Sr)\.?|\s+(?:II|III|IV)|(?<=\p{L})\d+)\s*$/u;

/**
 * Whether a paste names `person` anywhere: their address, their name (`Last, First` turned round
 * too), or their given name alone or a short form of it (see `shortOf`) written as a name,
 * capitalised (`Thanks, Will`; `will` in prose names nobody). A paste that names its author nowhere cannot be attributed, and there the right
 * answer is `unknown`: unknown beats wrong.
 */
export function namedIn(paste: string, person: Person): boolean {
  if (person.email !== null && paste.toLowerCase().includes(person.email.toLowerCase())) return true;
  const { full, givens, exact } = personNames(person);
  const text = ` ${nameKey(paste)} `;
  if ([...full].some((n) => n.length >= SHORTEST_WORD_NAME - 1 && !exact.some((e) => nameKey(e) === n) && text.includes(` ${n} `))) return true;
  const tokens = paste.split(/\s+/u);
  if (exact.some((alias) => tokens.includes(alias))) return true;
  const named = givens.filter((g) => g.length >= 2);
  if (named.length === 0) return false;
  return paste.split(NOT_NAME).some((w) => CAPITALISED.test(w) && named.some((given) => nameKey(w) === given || shortOf(nameKey(w), given)));
}

const NOT_NAME = /[^\p{L}\p{M}]+/u;
const CAPITALISED = /^\p{Lu}/u;

/**
 * Scores a parse of `paste` against the gold of the same text: the two word sequences are aligned
 * (longest common subsequence), and each gold word is judged by the parser word it aligns with. A
 * gold content word the parser lost counts as wrong; one whose author the paste never names is
 * right when the parser gives it to a placeholder (`unknown`).
 */
export function scoreParse(thread: Thread, gold: readonly GoldWord[], paste: string, author?: Person): Tally {
  const out = threadWords(thread);
  const pairs = alignWords(
    gold.map((g) => g.word),
    out.map((w) => w.word),
  );
  const parsed = new Map(pairs);
  const tally = emptyTally();
  const named = new Map<Person, boolean>();
  gold.forEach((g, i) => {
    if (g.label === null) return;
    const got = out[parsed.get(i) ?? -1];
    if (g.label.kind === "content") {
      const person = g.label.speaker;
      let nameable = named.get(person);
      if (nameable === undefined) named.set(person, (nameable = namedIn(paste, person)));
      tally.content++;
      if (person === author) tally.own++;
      if (!nameable) tally.unnamed++;
      const speaker = got?.speaker ?? null;
      if (sameSpeaker(speaker, person) || (!nameable && speaker !== null && !speaker.known)) {
        tally.correct++;
        return;
      }
      if (speaker === null) tally.lost++;
      else if (!speaker.known) tally.unknown++;
      else tally.misnamed++;
      if (person === author) tally.ownWrong++;
    } else {
      tally.other++;
      if (got?.role === "content") tally.otherAsContent++;
    }
  });
  return tally;
}

const who = (p: { name: string | null; email: string | null } | null): string => (p === null ? "-" : (p.name ?? p.email ?? "?"));

/**
 * A parse beside its gold, for reading errors: runs of consecutive words that agree on the gold
 * label, the parser's speaker and role, and the verdict, one run a line (`✗` wrong, `·` unscored).
 */
export function explainParse(thread: Thread, gold: readonly GoldWord[], paste: string): string {
  const out = threadWords(thread);
  const parsed = new Map(alignWords(
    gold.map((g) => g.word),
    out.map((w) => w.word),
  ));
  const lines: string[] = [];
  let key = "";
  let words: string[] = [];
  const flush = (): void => {
    if (words.length > 0) lines.push(`${key} | ${words.join(" ")}`);
    words = [];
  };
  gold.forEach((g, i) => {
    const got = out[parsed.get(i) ?? -1];
    const parse = got === undefined ? "lost" : `${got.speaker === null ? "-" : got.speaker.known ? who(got.speaker) : "unknown"} ${got.role} d${got.depth}`;
    let mark = "·";
    let label = "unscored";
    if (g.label?.kind === "other") {
      label = "other";
      mark = got?.role === "content" ? "✗" : "✓";
    } else if (g.label?.kind === "content") {
      label = who(g.label.speaker);
      mark = got !== undefined && (sameSpeaker(got.speaker, g.label.speaker) || (!namedIn(paste, g.label.speaker) && got.speaker !== null && !got.speaker.known)) ? "✓" : "✗";
    }
    const next = `${mark} gold=${label} got=${parse}`;
    if (next !== key) flush();
    key = next;
    words.push(g.word);
  });
  flush();
  return lines.join("\n");
}
