import type { Mention } from "../../thread/speakers.js";
import { nameKey } from "../../thread/names.js";
import { signsAs, withinOneEdit } from "../../thread/short-names.js";
import { agree, type Candidate } from "./patch-trailers.js";

/**
 * Completing a writer the body names by a short sign-off (`--D`, `Dan C.`) from a fuller name the
 * paste gives them elsewhere: their own review trailer, or the turns of the thread.
 */

/**
 * Completes a writer known only by a short sign-off (`--D`, `Thanks, SJ`) from the one review trailer
 * of their own text whose person the sign-off is a short form of (`Reviewed-by: Darrick J. Wong <…>`),
 * or, beside a patch they send, from its last `Signed-off-by:` (`Alex` sending a patch signed off by
 * Alejandro Colomar).
 */
export function completeFromReview(writer: Mention, reviews: readonly Candidate[]): void {
  const fitting = reviews.filter((r) => writer.names.some((n) => signsAs(n, r.name, r.email === null ? [] : [r.email])));
  const [first] = fitting;
  if (first === undefined || fitting.some((r) => !agree(r, first))) return;
  if (first.name !== null && !writer.names.includes(first.name)) writer.names.push(first.name);
  if (first.email !== null && !writer.emails.includes(first.email)) writer.emails.push(first.email);
}

/**
 * Completes a writer known only by what they signed (no address) from the turns: the one quoted two
 * levels down, when the sign-off fits them (by their address, or that of their patch's `Signed-off-by:`
 * when the paste gives them none): a short form (`Dan C.` between Dan Cross and Dan Carpenter) or
 * their name misspelt (`Mairt Berg` for Marit Berg). On the dev lists the nickname and the misspelling
 * make 22 completions the rules before did not, each a name that reads as the person's own (`Jake`),
 * +121 body-only and +117 flattened words on dev-A, +36 header words on dev-B, none lost; any one word
 * opening with the name's letter also completed 6 writers signing a name of their own (`Mauro` with
 * the turns at Michal), so a nickname must be spelt from the name's letters.
 */
export function completeFromTurns(writer: Mention, next: Mention | undefined, twice: Mention | undefined, signedOff: string | null): void {
  if (writer.emails.length > 0 || next === undefined || twice === undefined || !isNamed(next) || samePerson(next, twice)) return;
  const name = twice.names[0] ?? null;
  const emails = twice.emails.length > 0 || signedOff === null ? twice.emails : [signedOff];
  const short = signedShort(writer);
  if (!writer.names.some((n) => (short ? shortFor(n, name, emails) : misspelt(n, name)))) return;
  if (name !== null) writer.names.push(name);
  const email = emails[0];
  if (email !== undefined) writer.emails.push(email);
}

/**
 * Whether a sign-off is a short form of the name of the one the turns make the writer: see `signsAs`,
 * the given name and the family name's initial (`Dan C.`), or one word made of the name's letters in
 * their order, the first kept (`Jeri` for James Irving, a handle `tgl` for Tom Gale, `Ann` for the
 * address ann.k@…): a nickname no rule spells, which the turns make the likelier reading. A name of
 * its own that the turns' one does not spell (`Maria` for Mark Ames) is someone else.
 */
function shortFor(signed: string, name: string | null, emails: readonly string[]): boolean {
  const [given, initial, more] = nameKey(signed).split(" ");
  if (given === undefined || given === "") return false;
  if (initial === undefined) return signsAs(signed, name, emails) || givenLast(given, name) || [name === null ? "" : nameKey(name), ...emails.map((e) => (e.split("@")[0] ?? "").toLowerCase())].some((w) => spelledFrom(given, w.replaceAll(" ", "")));
  const words = name === null ? [] : nameKey(name).split(" ");
  return more === undefined && initial.length === 1 && words.length >= 2 && words[0] === given && words.at(-1)?.charAt(0) === initial;
}

/**
 * Whether a one-word sign-off is the last of a two-word name: a name written family name first
 * (`Sui Jingfeng` signing `Jingfeng`, `LENAIN Simon` signing `Simon`), which the short-name keys read
 * as a family name no one signs with. Read only here, where the turns already make the writer that person:
 * on the dev lists +642 body-only and +642 flattened words on dev-A (three replies of one writer), +96
 * body-only on dev-B, none lost.
 */
function givenLast(given: string, name: string | null): boolean {
  const words = name === null ? [] : nameKey(name).split(" ");
  return words.length === 2 && words[1] === given;
}

/** Whether `word`'s letters are `from`'s in their order (some skipped), the first the same. */
function spelledFrom(word: string, from: string): boolean {
  if (word.charAt(0) !== from.charAt(0)) return false;
  let at = 0;
  for (const letter of word) {
    at = from.indexOf(letter, at) + 1;
    if (at === 0) return false;
  }
  return true;
}

/**
 * Whether a name of several words is another misspelt: the same number of words, the same family
 * name, and given names a letter added, dropped, changed or two swapped apart (`Mairt Berg` for
 * Marit Berg; `Marit Brg` is someone else).
 */
function misspelt(signed: string, name: string | null): boolean {
  if (name === null) return false;
  const a = nameKey(signed).split(" ");
  const b = nameKey(name).split(" ");
  if (a.length < 2 || a.length !== b.length || a.at(-1) !== b.at(-1) || a[0] === b[0]) return false;
  return a.slice(0, -1).every((w, i) => oneTypo(w, b[i] ?? ""));
}

/** Whether two words of four letters or more are equal, or one letter added, dropped, changed, or two neighbours swapped apart. */
function oneTypo(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.min(a.length, b.length) < 4) return false;
  if (withinOneEdit(a, b)) return true;
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a.charAt(i) === b.charAt(i)) i++;
  return a.charAt(i) === b.charAt(i + 1) && a.charAt(i + 1) === b.charAt(i) && a.slice(i + 2) === b.slice(i + 2);
}

/** Whether a writer is known only by short names and no address: a one-word sign-off, perhaps, or a given name and an initial. */
const signedShort = (m: Mention): boolean => m.emails.length === 0 && m.names.every((n) => !n.trim().includes(" ") || /^\S+ \S\.?$/u.test(n.trim()));

/** Whether a mention names someone: by a name or an address. */
export const isNamed = (m: Mention): boolean => m.names.length > 0 || m.emails.length > 0;

/** Whether two mentions are one person: a shared address, or names that agree. */
export function samePerson(a: Mention, b: Mention): boolean {
  if (a === b) return true;
  if (a.emails.some((e) => b.emails.includes(e))) return true;
  return a.names.some((x) => b.names.some((y) => agree({ name: x, email: null }, { name: y, email: null })));
}
