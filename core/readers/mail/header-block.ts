import { parseAttribution } from "./attribution.js";
import { isDateWord } from "./dates.js";
import { isBlank, isSpaceCode, opensOnDash, type QuotedLine } from "./lines.js";
import { cleanName, findEmail, stripEmails } from "../../thread/names.js";
import { alternation, BEHALF_PHRASES, FORWARD_INTROS, FROM_LABELS, OTHER_LABELS, SEPARATOR_PHRASES, TO_LABELS } from "./header-labels.js";

/** A block of message header fields (Outlook `-----Original Message-----`, pasted archive headers). */
export interface HeaderBlock {
  /** Index one past the block's last line. */
  end: number;
  from: { name: string | null; email: string | null } | null;
  /** The one person the message was addressed to, when there was exactly one. */
  to: { name: string | null; email: string | null } | null;
  /** Whether the block names the writer of the quote one level deeper than its first line (its fields sit there). */
  quotes?: boolean;
  /** Fields without a `From:` (`Sent:` / `To:` / `Subject:`): header lines that name no writer, so whose text is whose stays as it was. */
  anonymous?: boolean;
}

// The value starts at its first non-blank: a blank-only value matches, empty, and names nobody.
const TO = new RegExp(`^\\s*\\*?(?:${alternation(TO_LABELS)})\\s*[:：]\\*?\\s*(\\S.*)?$`, "iu");

function soleRecipient(lines: readonly QuotedLine[]): HeaderBlock["to"] {
  const field = lines.map((l) => TO.exec(l.text)).find((m) => m !== null);
  const value = field?.[1]?.trim() ?? "";
  // Several recipients (`;` or `,` between addresses) name nobody in particular.
  if (value === "" || value.includes(";") || (value.match(/@/gu)?.length ?? 0) > 1) return null;
  return parseFromValue(value);
}

// Tested on the trimmed line, so that no blank run at either end is matched twice.
const SEPARATOR = new RegExp(
  `^(?:-{2,}\\s*(?:${alternation(SEPARATOR_PHRASES)})\\s*-{2,}|_{10,}|-{5,} ?Forwarded by .*---|(?:${alternation(FORWARD_INTROS)})\\s?:)$`,
  "iu",
);
// The separator with the `From:` field after it on its own line (`-----Original Message----- From: Name <addr> Sent: …`),
// as a client that rewraps quoted text joins them; tested on the trimmed line.
const SEPARATOR_BEFORE_FIELD = new RegExp(`^-{2,}\\s*(?:${alternation(SEPARATOR_PHRASES)})\\s*-{2,}\\s+(?=\\S)`, "iu");
const FROM_NAMES = alternation(FROM_LABELS);
const FIELD_NAMES = `${alternation([...FROM_LABELS, ...TO_LABELS, ...OTHER_LABELS])}|X-[\\w-]+`;
// A full-width colon needs no blank after it.
// Mail turned from HTML into text keeps the bold of the labels as stars (`*From:* Name`).
const FROM = new RegExp(`^\\s*\\*?(?:${FROM_NAMES})\\s*[:：]\\*?\\s*(\\S.*)?$`, "iu");
const FIELD = new RegExp(`^\\s*\\*?(?:${FIELD_NAMES})\\s*(?::\\*?(?:\\s|$)|：)`, "iu");
/** A header field name as one word of flattened text (`From:`, `Envoyé`+`:` is two words). */
export const FIELD_WORD = new RegExp(`^(?:${FIELD_NAMES})[:：]$`, "iu");
/** The field that names the writer, as one word of flattened text. */
export const FROM_WORD = new RegExp(`^(?:${FROM_NAMES})[:：]$`, "iu");
// Another field on the `From:` line itself (`From: Name <addr> Sent: Friday, …`): some Outlook users
// trim a quoted header to one line, which is then as much a header as two lines of fields.
const INLINE_FIELD = new RegExp(`\\s\\*?(?:${FIELD_NAMES})\\s?[:：]\\*?(?:\\s|$)`, "iu");
// Lotus Notes: `"Ron Shangle" <SHANGLE@mbusa.com> on 09/08/2000 12:05:13 PM`, tested on the trimmed
// line. The name ends on a non-blank, so each blank run is tried as the gap before `on` once.
const LOTUS_FROM = /^(.*?\S)\s+on\s+\d{1,2}\/\d{1,2}\/\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?$/iu;

// A sender, then ` @ ` and when they sent (see parseFromValue).
const STAMPED = /^(.*?\S)\s+@\s+(\S.*)$/u;
const ISO_DATE = /(?:^|\s)(?:19|20)\d{2}-\d{2}-\d{2}(?:\s|$)/u;

// The blank before the phrase is the one a `From:` value has there (`<addr> On Behalf Of Name`).
const BEHALF = new RegExp(`\\s(?:${alternation(BEHALF_PHRASES)})\\s+(\\S.*)$`, "iu");

/**
 * Parses the value of a `From:` field: `Name <a@b>`, `"Last, First" [mailto:a@b]`, `a@b On Behalf Of Name`,
 * `"Name via List" <list@host>`.
 */
export function parseFromValue(value: string): { name: string | null; email: string | null } {
  // A public-inbox page (lore) gives the sender with the time it sent: `Ann Lee @ 2021-04-13  9:06 UTC (permalink / raw)`.
  const stamped = STAMPED.exec(value);
  if (stamped !== null && CLOCK.test(stamped[2] ?? "") && (ISO_DATE.test(stamped[2] ?? "") || isTimestamp(stamped[2] ?? ""))) value = stamped[1] ?? "";
  const behalf = BEHALF.exec(value);
  // `list-bounces@host On Behalf Of Name`: the address is the list's, not the writer's.
  const source = behalf?.[1] ?? value;
  // Mailman and Google Groups rewrite `From:` for DMARC to `"Name via List" <list@host>`: that address
  // is shared by everyone who posts through the list, so it must not identify anyone. Outlook may
  // write it after the list's own address (`list [mailto:…] Namens Name via List`).
  const bracket = source.indexOf("<");
  const via = (bracket < 0 ? source : source.slice(0, bracket)).search(/\svia\s/iu);
  if (via > 0) return { name: cleanName(stripEmails(source.slice(0, via))), email: null };
  const email = findEmail(source);
  // Lotus hierarchical names (`Name/Org/Unit@Domain`): the person is the part before the first slash.
  const slash = source.indexOf("/");
  const lotus = slash < 0 ? source : source.slice(0, slash);
  return { name: cleanName(stripEmails(lotus), { address: email }), email };
}

/**
 * Whether a line holds a run of five rule characters (`/[-_]{5}/u`): asked of every line without a
 * colon, so not with a pattern, which allocates on each call. A run of five covers one of every five
 * positions: only those are read, and a run is measured round the one it holds.
 */
function hasRule(text: string): boolean {
  const n = text.length;
  for (let i = 4; i < n; i += 5) {
    if (!isRuleCode(text.charCodeAt(i))) continue;
    let start = i;
    while (start > 0 && isRuleCode(text.charCodeAt(start - 1))) start--;
    let end = i + 1;
    while (end < n && end - start < 5 && isRuleCode(text.charCodeAt(end))) end++;
    if (end - start >= 5) return true;
  }
  return false;
}

const isRuleCode = (c: number): boolean => c === 0x2d || c === 0x5f;

/**
 * Whether a line is a separator ({@link SEPARATOR}). Every one ends on a dash, an underscore or a
 * colon: other lines are ruled out by that character, before the trimmed copy and the pattern.
 */
export function isSeparator(text: string): boolean {
  let end = text.length;
  while (end > 0 && isSpaceCode(text.charCodeAt(end - 1))) end--;
  const last = end > 0 ? text.charCodeAt(end - 1) : 0;
  return (last === 0x2d || last === 0x5f || last === 0x3a) && SEPARATOR.test(text.trim());
}

const fieldCount = (lines: readonly QuotedLine[], from: number, to: number, depth: number): number => {
  let n = 0;
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (line !== undefined && line.depth === depth && FIELD.test(line.text)) n++;
  }
  return n;
};

/**
 * Whether the line at `at` is a `From: Name <addr>` field standing alone in its paragraph, as git
 * writes at the head of a patch sent for someone else: a header line, though no block.
 */
export function isLoneSender(lines: readonly QuotedLine[], at: number): boolean {
  const line = lines[at];
  if (line === undefined || !line.text.includes("@")) return false;
  if (!apart(line, lines[at - 1]) || !apart(line, lines[at + 1])) return false;
  const value = FROM.exec(line.text)?.[1];
  return value !== undefined && findEmail(value) !== null;
}

/** Whether `other` (a line next to `line`) leaves it alone in its paragraph. A module function: a closure would be made on every call. */
const apart = (line: QuotedLine, other: QuotedLine | undefined): boolean => other === undefined || other.depth !== line.depth || isBlank(other.text);

/**
 * Whether the line is a separator phrase (`----- Original Message -----`, `Begin forwarded message:`)
 * with no header under it, as clients that quote only the text write it: not the writer's words, yet
 * naming nobody. A rule of underscores alone opens list footers as often, so it is not one.
 */
export function isLoneSeparator(text: string): boolean {
  return isSeparator(text) && !text.trim().startsWith("_");
}

/**
 * Recognises a header block starting at `start`: an optional separator line, then a `From:` field
 * (or a Lotus `Name on <date>` line) with at least one more field within a few lines. Field values
 * that wrap onto following lines belong to the block; it ends at the first blank line after the fields.
 */
export function matchHeaderBlock(lines: readonly QuotedLine[], start: number): HeaderBlock | null {
  const first = lines[start];
  if (first === undefined) return null;
  // Lotus Notes also lays a header out in columns, one label per line, with no colon anywhere.
  const colon = first.text.includes(":") || first.text.includes("：");
  if (!colon && first.text.includes("@")) return matchLotusColumns(lines, start);
  // A web archive's page opens on its own header, with no labels: see archiveHeader.
  if (!colon && start < ARCHIVE_HEADER_LINES) {
    const archived = archiveHeader(lines, start);
    if (archived !== null) return archived;
  }
  // Every field has a colon (a Lotus `on <date>` line too, in its time): a line without one opens a
  // block only as a separator, and those that pass here hold a rule. Most lines are ruled out at once.
  if (!colon && !hasRule(first.text)) return null;
  const depth = first.depth;
  let i = start;
  const separated = isSeparator(first.text);
  if (separated) {
    i++;
    while (i < lines.length && lines[i]?.depth === depth && isBlank(lines[i]?.text ?? "") && i - start < 3) i++;
  }
  const fromLine = lines[i];
  // A separator alone is no header: `____` also opens list footers.
  if (fromLine === undefined || fromLine.depth !== depth) return null;
  // Asked of every line with a colon: only one whose words open on a dash is worth the trimmed copy and the pattern.
  const joined = separated || !opensOnDash(fromLine.text) ? null : SEPARATOR_BEFORE_FIELD.exec(fromLine.text.trim());
  const fromMatch = FROM.exec(joined === null ? fromLine.text : fromLine.text.trim().slice(joined[0].length));
  const lotusMatch = fromMatch === null && fromLine.text.includes(" on ") ? LOTUS_FROM.exec(fromLine.text.trim()) : null;
  if (fromMatch === null && lotusMatch === null) {
    if (separated && FIELD.test(fromLine.text)) return { end: blockEnd(lines, i, depth), from: null, to: null };
    return separated || joined !== null ? null : fieldsFirst(lines, i);
  }
  const split = fromMatch === null ? null : (oneLine(lines, i, fromMatch[1] ?? "") ?? quotedFields(lines, i));
  if (split !== null) return split;
  const end = blockEnd(lines, i, depth);
  const needed = separated || joined !== null ? 1 : 2;
  const fields = fieldCount(lines, i, end, depth);
  if (fields + (lotusMatch === null ? 0 : 1) < needed) return null;
  const from = parseFromValue(fromMatch === null ? (lotusMatch?.[1] ?? "") : wrappedValue(lines, i, end, fromMatch[1] ?? ""));
  // `From:` and one more field alone (`From: Name <addr>` / `Sent: <date>`) is the trimmed header of
  // `oneLine` laid out on two lines, as a flattened paste's recovery does: above a deeper quote it is that
  // quote's, even at the paste's opening, where a pasted archive header has a subject too.
  const trimmed = fromMatch !== null && !separated && joined === null && fields === 2 && end - i === 2;
  return { end, from, to: soleRecipient(lines.slice(i, end)), ...(trimmed ? { quotes: deeperAfter(lines, end, depth) } : {}) };
}

/** How far down a paste an archive page's header can open: a subject, a sender, a date, after blank lines. */
const ARCHIVE_HEADER_LINES = 4;
const LOCAL_PART = /^[\w.+-]+$/u;
const DOMAIN = /^[\w-]+(?:\.[\w-]+)+$/u;

/** The sender as Mailman's pipermail shows it, a name and then the address with ` at ` for its `@`: the two, or null. */
function archiveSender(text: string): { name: string; address: string } | null {
  const t = text.trim();
  const at = t.lastIndexOf(" at ");
  const space = t.lastIndexOf(" ", at - 1);
  if (at < 0 || space < 0) return null;
  const local = t.slice(space + 1, at);
  const domain = t.slice(at + 4);
  return LOCAL_PART.test(local) && DOMAIN.test(domain) ? { name: t.slice(0, space), address: `${local} at ${domain}` } : null;
}

// A time of day and a year: what every archive shows of when a message was sent.
const CLOCK = /(?:^|\s)\d{1,2}:\d{2}(?::\d{2})?(?:\s|$)/u;
const YEAR = /(?:^|\s)(?:19|20)\d{2}(?:\s|$)/u;

/** Whether a line is a date and time alone (`Tue Mar  3 10:00:00 UTC 2026`): a clock, a year, a month's or weekday's name. */
function isTimestamp(text: string): boolean {
  return CLOCK.test(text) && YEAR.test(text) && text.trim().split(/[\s,]+/u).some(isDateWord);
}

/**
 * A message copied from a web archive's page (Mailman's pipermail): at the paste's opening, perhaps
 * under its subject, the sender's name and address (`Ann Lee ann at example.org`) over the date it
 * was sent (`Tue Mar 3 10:00:00 UTC 2026`). The page's links between messages are footers (see
 * footerHits). Read as text, the lines were the writer's words and the sender named no one.
 */
function archiveHeader(lines: readonly QuotedLine[], start: number): HeaderBlock | null {
  for (let k = 0; k < start; k++) if (!isBlank(lines[k]?.text ?? "")) return null;
  for (const sender of [start, start + 1]) {
    const m = archiveSender(lines[sender]?.text ?? "");
    const date = lines[sender + 1];
    if (m === null || date === undefined || lines[sender]?.depth !== 0 || !isTimestamp(date.text)) continue;
    const email = findEmail(m.address);
    const name = cleanName(m.name, { address: email });
    if (name === null && email === null) continue;
    return { end: sender + 2, from: { name, email }, to: null };
  }
  return null;
}

const FIELD_LABEL = new RegExp(`^\\s*\\*?(${FIELD_NAMES})\\s*(?::\\*?(?:\\s|$)|：)`, "iu");

/**
 * A block whose first field is not `From:` (`To:` / `Cc:` / `Subject:` / `From:`, as Gnus drafts and
 * IBM Notes lay them out, or a forwarded block that kept only some fields): a paragraph opening with
 * three or more fields of at least two kinds, which a run of patch trailers (`Cc:` / `Cc:`) never is.
 * Its `From:`, wherever it stands in the block, names the writer.
 */
function fieldsFirst(lines: readonly QuotedLine[], start: number): HeaderBlock | null {
  const first = lines[start];
  const before = lines[start - 1];
  // The line above first: most lines with a colon stand inside a paragraph, and the pattern is long.
  if (first === undefined || (before !== undefined && before.depth === first.depth && !isBlank(before.text))) return null;
  if (!FIELD.test(first.text)) return null;
  const end = blockEnd(lines, start, first.depth);
  const kinds = new Set<string>();
  let fields = 0;
  let from: HeaderBlock["from"] = null;
  for (let j = start; j < end; j++) {
    const text = lines[j]?.text ?? "";
    const label = FIELD_LABEL.exec(text)?.[1];
    if (label === undefined) continue;
    fields++;
    kinds.add(label.toLowerCase());
    const value = from === null ? FROM.exec(text) : null;
    if (value !== null) from = parseFromValue(wrappedValue(lines, j, end, value[1] ?? ""));
  }
  if (fields < 3 || kinds.size < 2) return null;
  return { end, from, to: soleRecipient(lines.slice(start, end)), anonymous: from === null };
}

// What a date wrapped off the end of such a line leaves on the next (`2024 12:06 AM`, `PM`).
const DATE_REST = /^[\d:, ]*(?:[AP]M)?$/iu;

/**
 * A whole header on one line, `From: Name <addr> Sent: <date>` (its date may wrap onto the next):
 * Outlook replies quoted by some clients look so. It names the writer of the quote under it.
 */
function oneLine(lines: readonly QuotedLine[], fromIndex: number, value: string): HeaderBlock | null {
  const fromLine = lines[fromIndex];
  const inline = INLINE_FIELD.exec(value);
  if (fromLine === undefined || inline === null || inline.index === 0) return null;
  const wrapped = lines[fromIndex + 1];
  const rest = wrapped?.text.trim() ?? "";
  const end = wrapped !== undefined && wrapped.depth === fromLine.depth && rest !== "" && DATE_REST.test(rest) ? fromIndex + 2 : fromIndex + 1;
  // Above a deeper quote it is that quote's; otherwise, like any block, it heads the text under it.
  return { end, from: parseFromValue(value.slice(0, inline.index)), to: null, quotes: deeperAfter(lines, end, fromLine.depth) };
}

/** Whether the first line with words from `from` on is quoted deeper than `depth` (none: no). */
function deeperAfter(lines: readonly QuotedLine[], from: number, depth: number): boolean {
  let next = from;
  while (next < lines.length && isBlank(lines[next]?.text ?? "")) next++;
  return (lines[next]?.depth ?? depth) > depth;
}

/**
 * `From: Name` with the other fields quoted one level deeper under it (`> Sent: <date>`): some clients
 * quote the whole message they answer except its `From:` line. The fields and the text under them
 * are that writer's, one level deeper than the `From:` line; `end` is one past the deeper fields.
 */
function quotedFields(lines: readonly QuotedLine[], fromIndex: number): HeaderBlock | null {
  const fromLine = lines[fromIndex];
  const next = lines[fromIndex + 1];
  if (fromLine === undefined || next === undefined || next.depth !== fromLine.depth + 1 || !FIELD.test(next.text) || FROM.test(next.text)) return null;
  // The quoted text often follows the fields with no blank line between: only fields, and the
  // indented or addressed lines a wrapped recipient list goes on with, belong to the block.
  let end = fromIndex + 2;
  for (; end < lines.length; end++) {
    const line = lines[end];
    if (line === undefined || line.depth !== next.depth || isBlank(line.text)) break;
    if (!FIELD.test(line.text) && !/^\s/u.test(line.text) && !line.text.includes("@")) break;
  }
  return { end, from: parseFromValue(FROM.exec(fromLine.text)?.[1] ?? ""), to: soleRecipient(lines.slice(fromIndex + 1, end)), quotes: true };
}

/** A field's value with the lines it wrapped onto (up to the next field): `… On Behalf Of` / `Name`. */
function wrappedValue(lines: readonly QuotedLine[], fieldIndex: number, end: number, value: string): string {
  let joined = value;
  for (let j = fieldIndex + 1; j < end && !FIELD.test(lines[j]?.text ?? ""); j++) joined = `${joined} ${(lines[j]?.text ?? "").trim()}`;
  return joined;
}

// Lotus Notes' column layout: `Name <addr>`, the date, then each label alone on a line with its value below.
// Tested on the trimmed line.
const LOTUS_DATE = /^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?$/iu;
const LOTUS_LABEL = /^\s*(To|cc|bcc|Subject)\s*$/iu;
// How far down the `Subject` label may sit (the recipient lists between can be long).
const LOTUS_REACH = 40;

/**
 * A Lotus Notes header in columns: `Steve French <s@x>` / `06/25/2010 04:05 PM` / `To` / recipients /
 * `cc` / recipients / `Subject` / the subject. It ends at the blank line after the subject.
 */
function matchLotusColumns(lines: readonly QuotedLine[], start: number): HeaderBlock | null {
  const first = lines[start];
  const date = lines[start + 1];
  if (first === undefined || date === undefined || date.depth !== first.depth || !LOTUS_DATE.test(date.text.trim())) return null;
  const depth = first.depth;
  const labels = new Map<string, number>();
  let i = start + 2;
  for (; i < lines.length && i - start <= LOTUS_REACH; i++) {
    const line = lines[i];
    if (line === undefined || line.depth !== depth) return null;
    const label = LOTUS_LABEL.exec(line.text)?.[1]?.toLowerCase();
    if (label !== undefined && !labels.has(label)) labels.set(label, i);
    if (label === "subject") break;
  }
  const subject = labels.get("subject");
  const to = labels.get("to");
  if (subject === undefined || to === undefined || to > subject) return null;
  // The subject's value: past the blank lines after its label, up to the next blank line.
  let end = subject + 1;
  while (end < lines.length && lines[end]?.depth === depth && isBlank(lines[end]?.text ?? "")) end++;
  while (end < lines.length && lines[end]?.depth === depth && !isBlank(lines[end]?.text ?? "")) end++;
  const recipients = lines.slice(to + 1, labels.get("cc") ?? subject).filter((l) => !isBlank(l.text));
  const value = recipients.map((l) => l.text.trim()).join(" ");
  const single = value !== "" && !value.includes(";") && (value.match(/@/gu)?.length ?? 0) <= 1 && !value.includes(",");
  return { end, from: parseFromValue(first.text), to: single ? parseFromValue(value) : null };
}

/**
 * Field values may wrap onto following lines; the block ends at a blank line or a depth change, or
 * before a line that is no field yet ends in a colon: an attribution (`On …, Name wrote:`) written
 * right under the fields.
 */
function blockEnd(lines: readonly QuotedLine[], from: number, depth: number): number {
  let i = from + 1;
  while (i < lines.length) {
    const line = lines[i];
    if (line === undefined || line.depth !== depth || isBlank(line.text)) break;
    if (line.text.trimEnd().endsWith(":") && !FIELD.test(line.text)) break;
    // Nor one that such an attribution wrapped off (`On …, Name <addr>` / `wrote:`).
    const next = lines[i + 1];
    if (next !== undefined && next.depth === depth && next.text.trimEnd().endsWith(":") && !FIELD.test(next.text) && !FIELD.test(line.text)) {
      if (parseAttribution(`${line.text.trim()} ${next.text.trim()}`) !== null) break;
    }
    i++;
  }
  return i;
}
