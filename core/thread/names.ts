/** Helpers for people's names and addresses as mail clients write them. */

const ADDRESS_CHAR = String.raw`[\p{L}\p{N}._%+'-]`;
const EMAIL = String.raw`${ADDRESS_CHAR}+@[\p{L}\p{N}.-]*[\p{L}\p{N}]+`;
// The first match always starts where a run of address characters starts: the lookbehind spares
// the engine trying every position inside a word.
const FIRST_EMAIL = new RegExp(`(?<!${ADDRESS_CHAR})${EMAIL}`, "u");

// Archives hide addresses from harvesters: `jgg at nvidia.com`, `jgg (at) nvidia.com`, `jgg [at] nvidia.com`.
const OBFUSCATED = /([\p{L}\p{N}._%+'-]+) (?:at|\(at\)|\[at\]) ([\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,})(?![\p{L}\p{N}])/gu;

/** Writes hidden addresses (`name at host.org`) as addresses again. */
export function revealEmails(text: string): string {
  return text.includes(" at ") || text.includes("(at)") || text.includes("[at]") ? text.replace(OBFUSCATED, "$1@$2") : text;
}

/** The first e-mail address in a string (also a hidden one, `name at host.org`), lowercased, or null. */
export function findEmail(raw: string): string | null {
  const text = revealEmails(raw);
  // Most text has no address; the pattern is slow to rule that out on its own.
  if (!text.includes("@")) return null;
  const m = FIRST_EMAIL.exec(text);
  if (m === null) return null;
  const email = m[0].toLowerCase();
  // List robots' addresses name no person; keeping them would merge everyone who posted through the list.
  return /^[^@]*(?:-(?:bounces|owner|request|admin)|^(?:no-?reply|mailer-daemon|postmaster))(?:\+[^@]*)?@/u.test(email) ? null : email;
}

/** Removes addresses and bracketed address parts: `<a@b>`, `[mailto:a@b]`, `(a@b)`, bare `a@b`. */
export function stripEmails(text: string): string {
  let out = revealEmails(text);
  // Each replacement runs only when its pattern can match: names are stripped on every attribution.
  if (out.includes("@")) out = out.replace(BRACKETED_EMAIL, " ");
  if (out.includes("@")) out = out.replace(EMAILS, " ");
  // Wrapping can cut an address from its brackets: `Name <` / `addr>`.
  if (out.includes("<") || out.includes(">")) out = out.replace(/[<>]/gu, " ");
  return collapseSpaces(out).trim();
}

const BRACKETED_EMAIL = /[<[(]\s*(?:mailto:)?[^<>[\]()\s]*@[^<>[\]()]*[>\])]/giu;
const EMAILS = new RegExp(EMAIL, "gu");
// Whitespace other than a single space: only then does collapsing change anything.
const UNCOLLAPSED = /[^\S ]| {2}/u;

/** Every run of whitespace as one space (the text itself when there is nothing to collapse). */
export function collapseSpaces(text: string): string {
  return UNCOLLAPSED.test(text) ? text.replace(/\s+/gu, " ") : text;
}

// Words that never begin or make up a person's name: pronouns and function words.
const NOT_NAME = new Set(
  "i me my we us our you your he him his she her it its they them their this that these those the a an and or but as if so to of in on at for with from by is are was were be been has have had do does did not no yes there here what which who when where why how all any some also just then than very too can will would should could may might must shall thanks thank regards cheers best hi hello dear ok okay sure well sorry agreed right".split(
    " ",
  ),
);
const QUOTES = /["“”'`]/u;
// Whitespace or punctuation at either end, which cleanName trims.
const EDGE_PUNCTUATION = /^[\s,;:*-]|[\s,;:*-]$/u;
const PARTICLES = new Set("van von der den de da di du le la del della dos das bin ibn al el ter ten zu y".split(" "));

/**
 * Cleans a candidate display name and says whether it can be a person's name.
 * Accepts `Jason Gunthorpe`, `Dr. David Alan Gilbert`, `Saleem, Shiraz` (returned as `Shiraz Saleem`),
 * handles like `jgg`; rejects phrases such as `I think he`.
 */
export function cleanName(raw: string): string | null {
  // Each replacement runs only when it can change something: this runs on every attribution and sign-off.
  let name = QUOTES.test(raw) ? raw.replace(/["“”'`]+/gu, " ") : raw;
  name = collapseSpaces(name);
  if (EDGE_PUNCTUATION.test(name)) name = name.replace(/^[\s,;:*-]+|[\s,;:*-]+$/gu, "");
  name = name.trim();
  // A URL (`://`, `www.`, any `/`) or an address is no name.
  if (name === "" || name.length > 60 || name.includes("/") || name.includes("www.") || name.includes("@")) return null;
  const inverted = name.includes(", ") ? /^([\p{L}'-]+(?: [\p{L}'-]+)?), ([\p{L}'.-]+(?: [\p{L}'.-]+){0,2})$/u.exec(name) : null;
  if (inverted !== null) name = `${inverted[2]} ${inverted[1]}`;
  if (name.includes(",")) return null;
  const words = name.split(" ");
  if (words.length > 6 || !/\p{L}/u.test(name)) return null;
  let lowerWords = 0;
  for (const w of words) {
    const folded = w.toLowerCase();
    if (NOT_NAME.has(folded.includes(".") ? folded.replace(/[.]/gu, "") : folded)) return null;
    if (startsLowercase(w) && !PARTICLES.has(w)) lowerWords++;
  }
  // Names are capitalised, apart from particles (`van`, `de`) and all-lowercase handles (`jgg`).
  if (lowerWords > 0 && lowerWords < words.length) return null;
  return name;
}

function startsLowercase(word: string): boolean {
  // ASCII letters decided without the Unicode pattern.
  const first = word.charCodeAt(0);
  if (first >= 0x61 && first <= 0x7a) return true;
  if (first >= 0x41 && first <= 0x5a) return false;
  return /^\p{Ll}/u.test(word);
}

const keys = new Map<string, string>();

/** Lowercase, transliterated, accent-free, whitespace-collapsed form used to compare names (memoised: names repeat). */
export function nameKey(name: string): string {
  let key = keys.get(name);
  if (key === undefined) {
    key = name
      .toLowerCase()
      // The spellings people use without the letter: `König`/`Koenig`, `Håkon`/`Haakon`, `Søren`/`Soeren`.
      .replace(/[äæ]/gu, "ae")
      .replace(/[öø]/gu, "oe")
      .replace(/ü/gu, "ue")
      .replace(/å/gu, "aa")
      .replace(/ß/gu, "ss")
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .replace(/[^\p{L}\p{N} ]+/gu, " ")
      .replace(/\s+/gu, " ")
      .trim();
    // Bounded so that a long-running worker does not keep every name it ever saw.
    if (keys.size > 50_000) keys.clear();
    keys.set(name, key);
  }
  return key;
}

/** A display name for an address that came without one: its local part, e.g. `jgg`. */
export function nameFromEmail(email: string): string {
  return email.split("@")[0] ?? email;
}
