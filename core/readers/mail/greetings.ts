import { cleanName } from "../../thread/names.js";
import { isClosing } from "./boilerplate.js";
import { isBlank } from "./lines.js";

// `Hi Jan,`, `Hello Jan Kara!`, `Dear Jan:`: a greeting word, then one or two capitalised words and punctuation.
const GREETING_WORDS = String.raw`[Hh]i|[Hh]ello|[Hh]ey|[Dd]ear|[Hh]allo|[Hh]ej|[Mm]oin|[Ss]alut|[Bb]onjour|[Cc]iao|[Hh]ola|[Oo]l[aá]|[Gg]ood (?:morning|afternoon|evening)|[Mm]orning`;
const GREETING = new RegExp(String.raw`^\s*(?:${GREETING_WORDS})[ \t]+(\p{Lu}[\p{L}'-]*(?: \p{Lu}[\p{L}'-]*)?)[ \t]*[,!:]`, "u");
// A greeting word opening a line, whoever it greets (`Hi all,`, `Hello,`, `Dear maintainers,`).
const OPENS_WITH_GREETING = new RegExp(String.raw`^\s*(?:${GREETING_WORDS})(?![\p{L}\p{N}])`, "u");

/**
 * The name a writer's first two lines (at one depth, `theirs` holding their indexes) greet, if they
 * open with a greeting or a name called out alone (`Tim,` above a blank line: on the dev lists 122
 * body-only words named, none wrongly). Read through the indexes: the writer's lines are not gathered for two of them.
 */
export function firstGreeting(lines: readonly { text: string }[], theirs: readonly number[]): string | null {
  for (let k = 0; k < theirs.length && k < 2; k++) {
    const line = lines[theirs[k] ?? -1];
    const name = line === undefined ? null : greetingName(line.text);
    if (name !== null) return name;
  }
  const first = theirs[0] ?? -1;
  const opening = lines[first];
  // `Tim,` alone above a blank line, opening the writer's text: a name called out, as a greeting is.
  const called = opening === undefined ? null : VOCATIVE.exec(opening.text);
  if (called === null || opening === undefined || !isBlank(lines[first + 1]?.text ?? "") || isClosing(opening.text) || isGreeting(opening.text)) return null;
  return cleanName(called[1] ?? "");
}

const VOCATIVE = /^\s*(\p{Lu}\p{Ll}[\p{L}'-]*),\s*$/u;

/** The name a line greets when it opens with a greeting (`Hi Paul,`, `Hello Mirela Stan`); null otherwise. */
export function greetingName(text: string): string | null {
  const found = GREETING.exec(text);
  return found === null ? null : cleanName(found[1] ?? "");
}

/**
 * Whether a line opens with a greeting (`Hi Paul,`, `Hello all,`): in the shape of a closing, but the
 * words that open a message, never a sign-off. A known closing (`Ciao,`) stays one.
 */
export function isGreeting(text: string): boolean {
  return OPENS_WITH_GREETING.test(text) && !isClosing(text);
}
