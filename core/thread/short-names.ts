/**
 * Short names people sign with: `--D`, `SJ`, a mistyped given name, a middle name they go by, a
 * word of their address. Each
 * rule is written as keys: a person is indexed under the keys their name and addresses give, a
 * sign-off looks up the keys it gives, and the two meet on a shared key. The same keys serve one
 * comparison (`signsAs`) and the lookup among every person of a paste (`ShortNameIndex`).
 */
import { nameKey } from "./names.js";

// A single letter is the given name's first letter (`--D` for Darrick); two to four letters are
// initials (`SJ`, `djw`); four letters or more may be the given name mistyped or spelt another way
// (`Mikukas` for Mikulas), the first letter kept: `Dana` is not `Lana`.
const MAX_INITIALS = 4;
const MIN_VARIANT = 4;
// Three letters or more opening the given name are a short form of it (`Jess` for Jessica, `Steve` for Steven),
// and so are they with one letter put after them, as pet names are made (`Andy` for Andrew, `Feri` for Ferenc).
const MIN_PREFIX = 3;
// Four letters or more opening a longer family name, alone or with a letter put after them as pet names
// are made, are a nickname made of it (`metze` for Metzmacher),
// read only when nothing of the given name fits: `Chris` is far likelier Christopher than Christensen.
const MIN_FAMILY = 4;
// A middle name of three letters or more is one people go by (`Adrian` for John Paul Adrian Glaubitz,
// `Bruce` for J. Bruce Fields); the family name is not a name one signs with.
const MIN_MIDDLE = 3;

// Capitals inside a word mark the parts of a given name written as one (`SeongJae` → `SJ`).
const CAPITALS = /\p{Lu}/gu;
const LOCAL_WORDS = /[^\p{L}]+/u;
const NICKNAME = /\((\p{Lu}\p{Ll}{2,})\)$/u;

/** The keys a person is found under: given-name letter, initials, address words, given-name spellings and openings, middle names. */
export function personKeys(name: string | null, emails: readonly string[]): string[] {
  const keys = new Set<string>();
  if (name !== null) {
    // A one-word comment after the name is a name the person goes by (`Yunxiang Li (Teddy)`), read as a middle name is.
    const comment = NICKNAME.exec(name.trimEnd());
    if (comment !== null) keys.add(`m:${nameKey(comment[1] ?? "")}`);
    const words = nameKey(comment === null ? name : name.slice(0, comment.index)).split(" ").filter((w) => w !== "");
    const given = words[0];
    if (given !== undefined) {
      keys.add(`a:${given.charAt(0)}`);
      // A given name written as its initial (`L. van Belle`, `L.P.H. van Belle`): any given name with that letter.
      if (given.length === 1 && words.length >= 2) keys.add(`g:${given}`);
      if (words.length >= 2) {
        keys.add(`i:${words.map((w) => w.charAt(0)).join("")}`);
        keys.add(`i:${given.charAt(0)}${words[words.length - 1]?.charAt(0) ?? ""}`);
      }
      const capitals = (name.match(CAPITALS) ?? []).join("").toLowerCase();
      if (capitals.length >= 2) keys.add(`i:${capitals}`);
      const givenCapitals = (name.trim().split(/\s+/u)[0]?.match(CAPITALS) ?? []).join("").toLowerCase();
      if (givenCapitals.length >= 2) keys.add(`i:${givenCapitals}`);
      for (const g of givenSpellings(name, given)) {
        if (g.length >= MIN_VARIANT) for (const v of spellings(g)) keys.add(`v:${v}`);
        for (let end = MIN_PREFIX; end < g.length; end++) keys.add(`p:${g.slice(0, end)}`);
        if (g !== given && g.length >= MIN_PREFIX) keys.add(`p:${g}`);
      }
      for (const middle of words.slice(1, -1)) if (middle.length >= MIN_MIDDLE) keys.add(`m:${middle}`);
      const family = words.length >= 2 ? (words[words.length - 1] ?? "") : "";
      for (let end = MIN_FAMILY; end < family.length; end++) keys.add(`f:${family.slice(0, end)}`);
    }
  }
  for (const e of emails) {
    for (const w of (e.split("@")[0] ?? "").toLowerCase().split(LOCAL_WORDS)) if (w.length >= 2) keys.add(`l:${w}`);
  }
  return [...keys];
}

/** Whether a key is a family name's opening, read only when no key of the given name fits (see MIN_FAMILY). */
export const isFamilyKey = (key: string): boolean => key.startsWith("f:");

/** The keys a one-word sign-off looks a person up under; none for a name of several words. */
export function signOffKeys(signed: string): string[] {
  const s = nameKey(signed);
  if (s === "" || s.includes(" ")) return [];
  const keys: string[] = [];
  if (s.length === 1) keys.push(`a:${s}`);
  if (s.length >= 2 && s.length <= MAX_INITIALS) keys.push(`i:${s}`);
  if (s.length >= 2) keys.push(`l:${s}`);
  if (s.length >= MIN_VARIANT) for (const v of spellings(s)) keys.push(`v:${v}`);
  if (s.length >= MIN_PREFIX) keys.push(`p:${s}`, `g:${s.charAt(0)}`);
  if (s.length > MIN_PREFIX) keys.push(`p:${s.slice(0, -1)}`);
  if (s.length >= MIN_MIDDLE) keys.push(`m:${s}`);
  if (s.length >= MIN_FAMILY) keys.push(`f:${s}`);
  if (s.length > MIN_FAMILY) keys.push(`f:${s.slice(0, -1)}`);
  return keys;
}

/**
 * Whether a key both sides share says the sign-off is the name: every key but a spelling one
 * does; two words sharing a spelling with a letter cut may still be two edits apart (`abcd` and
 * `bacd`), so those are compared, and a family name's opening with a letter put after it may be
 * the family name itself, which is none.
 */
export function keyHolds(key: string, signed: string, name: string | null): boolean {
  // The family name whole, a letter cut from its end, is still no name one signs with.
  if (isFamilyKey(key)) return name === null || nameKey(name).split(" ").at(-1) !== nameKey(signed);
  if (!key.startsWith("v:")) return true;
  if (name === null) return false;
  const s = nameKey(signed);
  return givenSpellings(name, nameKey(name).split(" ")[0] ?? "").some((given) => withinOneEdit(s, given));
}

/**
 * A given name's keys: its first word, and a given name written in parts (`Si-Wei`, `Jean-Marc`) also
 * as the one word people sign with (`Siwei`).
 */
function givenSpellings(name: string, given: string): string[] {
  const whole = nameKey(name.trim().split(/\s+/u)[0] ?? "").replaceAll(" ", "");
  return whole === given || whole === "" ? [given] : [given, whole];
}

/**
 * Whether a one-word sign-off (`D`, `SJ`, `Mikukas`, `Slava`) is how the person called `name`, with
 * addresses `emails`, signs: their given name's first letter, their initials, their given name
 * give or take a letter (four letters or more, the first the same), its first three letters or more
 * (`Jess`), a middle name (`Adrian`), or a word of an address's local part.
 */
export function signsAs(signed: string, name: string | null, emails: readonly string[]): boolean {
  const theirs = new Set(personKeys(name, emails));
  return signOffKeys(signed).some((k) => theirs.has(k) && keyHolds(k, signed, name));
}

/** A word and the words it gives with one letter cut (from the second on: the first is kept). */
function spellings(word: string): string[] {
  const out = [word];
  for (let cut = 1; cut < word.length; cut++) out.push(word.slice(0, cut) + word.slice(cut + 1));
  return out;
}

/** Whether two words are at most one letter added, dropped or changed apart, the first letter the same. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.charAt(0) !== b.charAt(0) || Math.abs(a.length - b.length) > 1) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short.charAt(i) === long.charAt(i)) i++;
  // Past the first difference the rest agrees, one letter of the longer skipped (or changed, same lengths).
  return short.slice(i + (short.length === long.length ? 1 : 0)) === long.slice(i + 1);
}
