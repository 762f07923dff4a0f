/** Helpers for people's names and addresses as mail clients write them. */

const EMAIL = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}.-]*[\p{L}\p{N}]+/u;

/** The first e-mail address in a string, lowercased, or null. */
export function findEmail(text: string): string | null {
  const m = EMAIL.exec(text);
  if (m === null) return null;
  const email = m[0].toLowerCase();
  // List robots' addresses name no person; keeping them would merge everyone who posted through the list.
  return /^[^@]*(?:-(?:bounces|owner|request|admin)|^(?:no-?reply|mailer-daemon|postmaster))(?:\+[^@]*)?@/u.test(email) ? null : email;
}

/** Removes addresses and bracketed address parts: `<a@b>`, `[mailto:a@b]`, `(a@b)`, bare `a@b`. */
export function stripEmails(text: string): string {
  return text
    .replace(/[<[(]\s*(?:mailto:)?[^<>[\]()\s]*@[^<>[\]()]*[>\])]/giu, " ")
    .replace(new RegExp(EMAIL.source, "gu"), " ")
    // Wrapping can cut an address from its brackets: `Name <` / `addr>`.
    .replace(/[<>]/gu, " ")
    .replace(/\s+/gu, " ")
    .trim();
}

// Words that never begin or make up a person's name: pronouns and function words.
const NOT_NAME = new Set(
  "i me my we us our you your he him his she her it its they them their this that these those the a an and or but as if so to of in on at for with from by is are was were be been has have had do does did not no yes there here what which who when where why how all any some also just then than very too can will would should could may might must shall thanks thank regards cheers best hi hello dear ok okay sure well sorry agreed right".split(
    " ",
  ),
);
const PARTICLES = new Set("van von der den de da di du le la del della dos das bin ibn al el ter ten zu y".split(" "));

/**
 * Cleans a candidate display name and says whether it can be a person's name.
 * Accepts `Jason Gunthorpe`, `Dr. David Alan Gilbert`, `Saleem, Shiraz` (returned as `Shiraz Saleem`),
 * handles like `jgg`; rejects phrases such as `I think he`.
 */
export function cleanName(raw: string): string | null {
  let name = raw
    .replace(/["“”'`]+/gu, " ")
    .replace(/\s+/gu, " ")
    .replace(/^[\s,;:*-]+|[\s,;:*-]+$/gu, "")
    .trim();
  if (name === "" || name.length > 60 || /:\/\/|www\.|\/|@/u.test(name)) return null;
  const inverted = /^([\p{L}'-]+(?: [\p{L}'-]+)?), ([\p{L}'.-]+(?: [\p{L}'.-]+){0,2})$/u.exec(name);
  if (inverted !== null) name = `${inverted[2]} ${inverted[1]}`;
  if (name.includes(",")) return null;
  const words = name.split(" ");
  if (words.length > 6 || !/\p{L}/u.test(name)) return null;
  for (const w of words) {
    if (NOT_NAME.has(w.toLowerCase().replace(/[.]/gu, ""))) return null;
  }
  // Names are capitalised, apart from particles (`van`, `de`) and all-lowercase handles (`jgg`).
  const lowerWords = words.filter((w) => /^\p{Ll}/u.test(w) && !PARTICLES.has(w));
  if (lowerWords.length > 0 && lowerWords.length < words.length) return null;
  return name;
}

const keys = new Map<string, string>();

/** Lowercase, accent-free, whitespace-collapsed form used to compare names (memoised: names repeat). */
export function nameKey(name: string): string {
  let key = keys.get(name);
  if (key === undefined) {
    key = name
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
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
