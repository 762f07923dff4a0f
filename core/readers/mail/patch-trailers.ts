import { cleanName, findEmail, nameKey, stripEmails } from "../../thread/names.js";
import type { EvidenceLine } from "./author-evidence.js";
import type { EvidenceKind } from "./evidence-weights.js";
import { isBlank } from "./lines.js";

/* The people a patch's trailers name (`Signed-off-by:`, `Reviewed-by:` and the like), as evidence of who
   wrote a level of a body: the writer's own trailers, and those of a patch pasted below their words. */

/** One person the evidence points at, and by which kind of evidence (see evidence-weights.ts). */
export interface Candidate {
  name: string | null;
  email: string | null;
  kind: EvidenceKind;
}

// `Reported-by: Name <addr>` standing alone under an unfinished line that asks for it (`If you fix
// the issue, kindly add following tag`) is a report asking to be credited, its writer's own name (a
// test robot's report, quoted or not). In a patch or a reply it names someone else, among the other
// trailers or under a finished sentence. On the dev lists every such request (5 unquoted replies,
// 12 quoted) is its writer's; the 40-odd other unquoted `Reported-by:` lines are not.

// `Reviewed-by: Name <addr>` and the like, at the start of a line. `Nacked-by:` is a reviewer's word
// as much as `Acked-by:` is: the one refusing the patch writes it in their own text.
const TRAILER = /^\s*(Reviewed|Acked|Nacked|Tested|Signed-off)-by:\s*(\S.*)$/iu;
// The trailers and the fields patches give beside them, at the start of a line.
const ANY_TRAILER = /^\s*(?:[\w-]+-by|Fixes|Link|Closes|Cc):/iu;
// The test robot's newer reports set the tags they ask for off with a bar (`| Reported-by: …`, `| Closes: …`):
// read as the bare tag, body-only pastes gained 250 words on the dev lists and 183 on the held-out ones.
const REPORTED = /^(?:\|\s*)?Reported-by:\s*(\S.*)$/iu;
// The four spaces (or tab) git indents a shown commit's message with.
const GIT_LOG_INDENT = /^(?: {4}|\t)/u;
// `Author: Name <addr>` as git prints a commit.
const COMMIT_AUTHOR = /^Author:\s+(\S.*)$/u;

/**
 * The trailers of a writer's own lines at a depth: the last `Signed-off-by:` (of a shown commit, only
 * when it is the commit's author's), at the top level the reviews (`Reviewed-by:`, `Acked-by:`, `Nacked-by:`,
 * `Tested-by:`) that name the writer of the text they stand in, and at any depth a report's request
 * to be credited (see REPORT_REQUEST).
 */
export function ownTrailers(own: readonly EvidenceLine[], depth: number, rows?: readonly number[]): { signedOff: Candidate | null; reviews: Candidate[] } {
  let signedOff: Candidate | null = null;
  const reviews: Candidate[] = [];
  const reporter = requestedCredit(own, rows);
  if (reporter !== null) reviews.push(reporter);
  // The `Author:` of a commit as `git show` prints it, above its indented message.
  let commitAuthor: { name: string | null; email: string | null } | null = null;
  for (const line of own) {
    const author = line.text.startsWith("Author:") ? COMMIT_AUTHOR.exec(line.text) : null;
    if (author !== null) commitAuthor = personIn(author[1] ?? "");
    const trailer = line.text.includes("-by:") ? TRAILER.exec(line.text) : null;
    const who = trailer === null ? null : personIn(trailer[2] ?? "");
    if (trailer === null || who === null) continue;
    const signs = (trailer[1] ?? "").toLowerCase() === "signed-off";
    if (GIT_LOG_INDENT.test(line.text)) {
      // A shown commit's trailers are that commit's. Its last Signed-off-by names the writer only when
      // it is the commit's author (their own commit, not yet applied); once applied, it names the maintainer.
      if (signs) signedOff = commitAuthor !== null && agree(who, commitAuthor) ? { ...who, kind: "signedOff" } : null;
      continue;
    }
    if (signs) signedOff = { ...who, kind: "signedOff" };
    // Reviews quoted with a patch are other people's; only the newest text's are its writer's.
    else if (depth === 0) reviews.push({ ...who, kind: "review" });
  }
  return { signedOff, reviews };
}

/**
 * The one person a writer's lines ask to be credited as reporter: an unindented `Reported-by:` line (or
 * one set off with a bar, `| Reported-by:`) right under a line of theirs that ends unfinished (no
 * period: it introduces the tag), with no other trailer just above or below it. Null when there is
 * none, or more than one. `rows` (each own line's index in the body) tells whether that line is right
 * above: a report pasted under a blank line after the writer's last words (`needs … to signal
 * failure`, then syzbot's report) asks nothing (dev body +298 words).
 */
function requestedCredit(own: readonly EvidenceLine[], rows?: readonly number[]): Candidate | null {
  let found: Candidate | null = null;
  for (let i = 1; i < own.length; i++) {
    const text = own[i]?.text ?? "";
    const reported = text.startsWith("R") || text.startsWith("r") || text.startsWith("|") ? REPORTED.exec(text) : null;
    if (reported === null) continue;
    const before = own[i - 1]?.text.trimEnd() ?? "";
    const above = rows === undefined || rows[i - 1] === (rows[i] ?? 0) - 1;
    if (!above || before.endsWith(".") || ANY_TRAILER.test(before) || ANY_TRAILER.test(own[i + 1]?.text ?? "")) continue;
    const who = personIn(reported[1] ?? "");
    if (who === null || (found !== null && !agree(found, who))) return null;
    found = { ...who, kind: "reportRequest" };
  }
  return found;
}

/**
 * The sender of a patch pasted right below a writer's own words (`I did the below:` then `From: Ann
 * Lee <…>` / `Subject: …`, the header `git format-patch` writes, and the patch signed off by Ann):
 * the writer sends their own patch under their words, so its author is the writer. The header must
 * be a patch's (a `From:` and a `Subject:`, no `To:` or `Sent:`, which a forwarded message has) and
 * unquoted, with nothing but blank lines between it and the writer's last line; and the patch's last
 * `Signed-off-by:` must be the header's `From:`, else it was someone else's patch passed on.
 */
// The fields of a forwarded message's header that a patch's header has not.
const FORWARDED_FIELD = /^(?:To|Sent):/iu;

export function patchBelow(lines: readonly EvidenceLine[], last: number, end: number): Candidate | null {
  let i = last + 1;
  while (i < end && isBlank(lines[i]?.text ?? "")) i++;
  const message = lines[i]?.message;
  if (message === undefined || message === lines[last]?.message) return null;
  let from: { name: string | null; email: string | null } | null = null;
  let subject = false;
  for (; i < end && lines[i]?.role === "header" && lines[i]?.depth === 0; i++) {
    const text = lines[i]?.text ?? "";
    if (FORWARDED_FIELD.test(text)) return null;
    if (text.startsWith("From:")) from = personIn(text.slice(5));
    subject ||= text.startsWith("Subject:");
  }
  if (from === null || !subject) return null;
  const patch: EvidenceLine[] = [];
  for (; i < end && lines[i]?.message === message; i++) if (lines[i]?.depth === 0) patch.push(lines[i] as EvidenceLine);
  const { signedOff } = ownTrailers(patch, 0);
  return signedOff !== null && agree(signedOff, from) ? signedOff : null;
}

/** The person in a trailer's value: `Jan Novak <jan@example.org>`. */
function personIn(value: string): { name: string | null; email: string | null } | null {
  const email = findEmail(value);
  const name = cleanName(stripEmails(value));
  return name === null && email === null ? null : { name, email };
}

/** Whether two candidates are one person: the same address, or names that agree (a given name and a full name starting with it). */
export function agree(a: { name: string | null; email: string | null }, b: { name: string | null; email: string | null }): boolean {
  if (a.email !== null && b.email !== null && a.email === b.email) return true;
  if (a.name === null || b.name === null) return false;
  const ka = nameKey(a.name);
  const kb = nameKey(b.name);
  if (ka === kb) return true;
  const shortK = ka.includes(" ") ? kb : ka;
  const longK = ka.includes(" ") ? ka : kb;
  return !shortK.includes(" ") && longK.startsWith(`${shortK} `);
}

/**
 * Whether a writer's lines at a depth hold a patch: a line of its diff (`diff --git …`, `@@ -1,4 +1,5 @@`)
 * or of the changes between its versions (`Changes since v1:`).
 */
export function holdsPatch(theirs: readonly (EvidenceLine | undefined)[]): boolean {
  return theirs.some((l) => l !== undefined && (((l.text.startsWith("diff") || l.text.includes("@@")) && DIFF_LINE.test(l.text)) || CHANGELOG.test(l.text)));
}

/** Whether a writer's lines at a depth send a patch: a line of its diff, or its `Signed-off-by:`. */
export function sendsPatch(theirs: readonly (EvidenceLine | undefined)[]): boolean {
  return holdsPatch(theirs) || theirs.some((l) => l !== undefined && SIGNED_OFF_LINE.test(l.text));
}

const SIGNED_OFF_LINE = /^\s*Signed-off-by:/iu;
// A diff as git or diff -u writes it: `diff --git a/… b/…` or a hunk header `@@ -12,6 +12,8 @@`.
const DIFF_LINE = /^\s*(?:diff --git |@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@)/u;
// A patch's list of changes between its versions: `Changes since v1:`, `Changelog v2 -> v3:`.
const CHANGELOG = /^\s*(?:Changes|Changelog)\b.*\bv\d/iu;

// A person named with an address at a line's start as one the writer copies in (`Cc: Ann Lee <ann@…>`,
// `[ cc Ann Lee <ann@…> ]`, `+Cc Ann Lee <…>`).
const COPIED_IN = /^\s*(?:[[(]\s*)?\+?(?:Cc|To)\b:?\s*(\S[^<>:]*<[^<>\s@]+@[^<>\s]+>)/iu;

/**
 * The people a writer's lines copy in by name and address (see COPIED_IN), each once: ones the
 * writer asks to join the thread, any of whom may answer it.
 */
export function copiedIn(theirs: readonly (EvidenceLine | undefined)[]): { name: string | null; email: string | null }[] {
  const people: { name: string | null; email: string | null }[] = [];
  for (const line of theirs) {
    const found = line === undefined || !line.text.includes("@") ? null : COPIED_IN.exec(line.text);
    const who = found === null ? null : personIn(found[1] ?? "");
    if (who !== null && !people.some((p) => agree(p, who))) people.push(who);
  }
  return people;
}
