import type { Mention } from "../../thread/speakers.js";
import { nameKey } from "../../thread/names.js";
import { signsAs } from "../../thread/short-names.js";
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
 * Completes a writer known by a short sign-off that fits several people (`Dan C.` between Dan Cross and Dan
 * Carpenter) from the turns: the one quoted two levels down, when it fits them (by their address, or that
 * of their patch's `Signed-off-by:` when the paste gives them none).
 */
export function completeFromTurns(writer: Mention, next: Mention | undefined, twice: Mention | undefined, signedOff: string | null): void {
  if (!signedShort(writer) || next === undefined || twice === undefined || !isNamed(next) || samePerson(next, twice)) return;
  const name = twice.names[0];
  const emails = twice.emails.length > 0 || signedOff === null ? twice.emails : [signedOff];
  if (name === undefined || !writer.names.some((n) => shortFor(n, name, emails))) return;
  writer.names.push(name);
  const email = emails[0];
  if (email !== undefined) writer.emails.push(email);
}

/** Whether a sign-off is a short form of a person's name: see `signsAs`, or the given name and the family name's initial (`Dan C.`). */
function shortFor(signed: string, name: string, emails: readonly string[]): boolean {
  const [given, initial, more] = nameKey(signed).split(" ");
  if (initial === undefined) return signsAs(signed, name, emails);
  const words = nameKey(name).split(" ");
  return more === undefined && initial.length === 1 && words.length >= 2 && words[0] === given && words.at(-1)?.charAt(0) === initial;
}

/** Whether a writer is known only by short names and no address: a one-word sign-off, perhaps, or a given name and an initial. */
export const signedShort = (m: Mention): boolean => m.emails.length === 0 && m.names.every((n) => !n.trim().includes(" ") || /^\S+ \S\.?$/u.test(n.trim()));

/** Whether a mention names someone: by a name or an address. */
export const isNamed = (m: Mention): boolean => m.names.length > 0 || m.emails.length > 0;

/** Whether two mentions are one person: a shared address, or names that agree. */
export function samePerson(a: Mention, b: Mention): boolean {
  if (a === b) return true;
  if (a.emails.some((e) => b.emails.includes(e))) return true;
  return a.names.some((x) => b.names.some((y) => agree({ name: x, email: null }, { name: y, email: null })));
}
