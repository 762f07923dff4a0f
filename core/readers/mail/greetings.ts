import type { Mention } from "../../thread/speakers.js";
import { cleanName, givenName } from "../../thread/names.js";
import { isClosing } from "./boilerplate.js";
import { isBlank } from "./lines.js";

// `Hi Jan,`, `Hello Jan Kara!`, `Dear Jan:`: a greeting word, then one or two capitalised words and punctuation.
const GREETING_WORDS = String.raw`[Hh]i|[Hh]ello|[Hh]ey|[Dd]ear|[Hh]allo|[Hh]ej|[Mm]oin|[Ss]alut|[Bb]onjour|[Cc]iao|[Hh]ola|[Oo]l[aá]|[Gg]ood (?:morning|afternoon|evening)|[Mm]orning`;
const NAME = String.raw`\p{Lu}[\p{L}'-]*(?: \p{Lu}[\p{L}'-]*)?`;
// The comma may come after the greeting word instead, with no blank after it (`Hi,Jason`).
const GREETING = new RegExp(String.raw`^\s*(?:${GREETING_WORDS})(?:[ \t]+(${NAME})[ \t]*[,!:]|[ \t]*[,，][ \t]*(${NAME})[ \t]*(?:[,!:.]|$))`, "u");
// `Hi Andrew and Ninad,`, `Hello Jan, Paul:`: a greeting to two or three people.
const GREETING_MANY = new RegExp(String.raw`^\s*(?:${GREETING_WORDS})[ \t]+(${NAME}(?:(?:,[ \t]*|[ \t]+(?:and|&)[ \t]+)${NAME}){1,2})[ \t]*[,!:]`, "u");
const NAMES_APART = /,|[ \t](?:and|&)[ \t]/u;
// A greeting word opening a line, whoever it greets (`Hi all,`, `Hello,`, `Dear maintainers,`).
const OPENS_WITH_GREETING = new RegExp(String.raw`^\s*(?:${GREETING_WORDS})(?![\p{L}\p{N}])`, "u");

/**
 * Whom a writer's text opens by calling: the names a greeting calls, and whether it is a name
 * called out within a line (`Sure John, …`, `Bart, thanks …`), which names nobody the paste does
 * not name elsewhere: many a line opens with a capitalised word and a comma.
 */
export interface Called {
  names: string[];
  loose: boolean;
}

/**
 * Whom a writer's first two lines (at one depth, `theirs` holding their indexes) call, if they open
 * with a greeting or a name called out alone (`Tim,` above a blank line: on the dev lists 122
 * body-only words named, none wrongly), else a name called out opening their first line. Read
 * through the indexes: the writer's lines are not gathered for two of them.
 */
export function firstGreeting(lines: readonly { text: string }[], theirs: readonly number[]): Called | null {
  for (let k = 0; k < theirs.length && k < 2; k++) {
    const line = lines[theirs[k] ?? -1];
    const names = line === undefined ? [] : greetingNames(line.text);
    if (names.length > 0) return { names, loose: false };
  }
  const first = theirs[0] ?? -1;
  const opening = lines[first];
  if (opening === undefined || isClosing(opening.text) || isGreeting(opening.text)) return null;
  // `Tim,` alone above a blank line, opening the writer's text: a name called out, as a greeting is.
  const called = VOCATIVE.exec(opening.text);
  const alone = called === null || !isBlank(lines[first + 1]?.text ?? "") ? null : cleanName(called[1] ?? "");
  if (alone !== null) return { names: [alone], loose: false };
  const inLine = CALLED_IN_LINE.exec(opening.text);
  const name = inLine === null ? null : cleanName(inLine[1] ?? "");
  return name === null ? null : { names: [name], loose: true };
}

/**
 * The one name a writer's lines (`theirs` holding their indexes) call out with an at sign (`@Andrew,
 * any guidance here?`), as chat and review tools write it: whom the writer asks to answer. Null when
 * they call none, or more than one.
 */
export function atCalled(lines: readonly { text: string }[], theirs: readonly number[]): Called | null {
  let found: string | null = null;
  for (const k of theirs) {
    const text = lines[k]?.text ?? "";
    if (!text.includes("@")) continue;
    for (const m of text.matchAll(AT_NAME)) {
      const name = cleanName(m[1] ?? "");
      if (name === null) continue;
      if (found !== null && found !== name) return null;
      found = name;
    }
  }
  return found === null ? null : { names: [found], loose: false };
}

// `@Andrew,` opening a line or after a space (not an address's `@`), then a comma, colon or space.
const AT_NAME = /(?:^|\s)@(\p{Lu}\p{Ll}[\p{L}'-]*)(?=[,:\s])/gu;

const VOCATIVE = /^\s*(\p{Lu}\p{Ll}[\p{L}'-]*),\s*$/u;
// A name and a comma opening a line, after at most one word (`Sure John, I will…`, `Bart, thanks…`).
const CALLED_IN_LINE = /^\s*(?:\p{L}+[ \t]+)?(\p{Lu}\p{Ll}[\p{L}'-]*),[ \t]+\S/u;

/** The names a line's opening greeting calls (`Hi Paul,`, `Hi Andrew and Ninad,`); none when it opens with none. */
function greetingNames(text: string): string[] {
  const many = GREETING_MANY.exec(text);
  if (many === null) {
    const one = greetingName(text);
    return one === null ? [] : [one];
  }
  return (many[1] ?? "").split(NAMES_APART).flatMap((n) => cleanName(n) ?? []);
}

/**
 * The one person a greeting or a called-out name points at, given the paste's people by given name
 * (lower case) and `elsewhere`, the writers of the other levels: of several names, the one no other
 * level's writer answers to; a loose name only when the paste names that one person elsewhere.
 * Null when that leaves no one or more than one (unknown beats wrong).
 */
export function calledPerson(called: Called, byGivenName: ReadonlyMap<string, readonly Mention[]>, elsewhere: readonly Mention[]): { name: string; person: Mention | undefined } | null {
  const taken = (name: string): boolean => elsewhere.some((m) => m.names.some((n) => givenName(n).toLowerCase() === givenName(name).toLowerCase()));
  const left = called.names.length === 1 ? called.names : called.names.filter((n) => !taken(n));
  const [name] = left;
  if (name === undefined || left.length > 1) return null;
  const named = byGivenName.get(givenName(name).toLowerCase()) ?? [];
  const person = named.length === 1 ? named[0] : undefined;
  if (person === undefined && called.loose) return null;
  return { name: person?.names[0] ?? name, person };
}

/** The name a line greets when it opens with a greeting (`Hi Paul,`, `Hello Mirela Stan`); null otherwise. */
export function greetingName(text: string): string | null {
  const found = GREETING.exec(text);
  return found === null ? null : cleanName(found[1] ?? found[2] ?? "");
}

/**
 * Whether a line opens with a greeting (`Hi Paul,`, `Hello all,`): in the shape of a closing, but the
 * words that open a message, never a sign-off. A known closing (`Ciao,`) stays one.
 */
export function isGreeting(text: string): boolean {
  return OPENS_WITH_GREETING.test(text) && !isClosing(text);
}
