import { simpleParser, type EmailAddress, type ParsedMail } from "mailparser";
import type { Thread } from "../../thread/model.js";
import { mention, type Mention } from "../../thread/speakers.js";
import type { LabelledLine } from "./lines.js";
import { cleanName, nameKey, stripEmails } from "../../thread/names.js";
import { labelMessage, toThread } from "./read-mail.js";

/*
 * Real mail files: a saved message (.eml, RFC 822/MIME) or a mailbox of them (mbox, including
 * public-inbox and pipermail archive downloads). mailparser does all the MIME work (transfer
 * encodings, charsets, multipart, HTML to text); this module only finds the messages, reads the
 * author from each `From:` header, and hands each decoded body to the pasted-mail parser, so quoted
 * text, attributions and signatures are handled exactly as in a paste.
 */

/**
 * An mbox `From ` separator: envelope sender, then an asctime date (`Fri Jul  9 13:56:24 2021`).
 * The sender is an address, `MAILER-DAEMON`, `-` (Thunderbird), a commit id (git format-patch) or,
 * in pipermail archives, an address with ` at ` for `@`. Some writers put a zone before or after the year.
 */
const MBOX_FROM =
  /^From (?:\S+ at \S+|\S+) +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} \d{1,2}:\d{2}(?::\d{2})?(?: (?:[A-Z]{2,5}|[+-]\d{4}))? \d{4}(?: (?:[A-Z]{2,5}|[+-]\d{4}))?\s*$/u;

/** An RFC 5322 header field: a name of printable ASCII without spaces or colons, then a colon. */
const FIELD = /^([!-9;-~]+):/u;

/**
 * Fields that only a mail transport or MIME writer puts at the top of a message. A block copied out
 * of a mail client or a web archive (`From:`, `Sent:`, `Date:`, `To:`, `Subject:`) has none of them,
 * which is what keeps pasted text away from the raw-mail reader.
 */
const TRANSPORT_FIELD =
  /^(?:received|return-path|delivered-to|envelope-to|mime-version|content-type|content-transfer-encoding|content-disposition|message-id|in-reply-to|references|dkim-signature|domainkey-signature|authentication-results|received-spf|arc-[a-z-]+|list-[a-z-]+|precedence|errors-to|thread-index|x-[!-9;-~]+)$/u;

/** Header fields needed at the top before a text counts as a raw message. */
const MIN_FIELDS = 3;

/** How much of the input looksLikeRawMail reads: headers end long before this in real mail. */
const SCAN_CHARS = 256 * 1024;

/** What one raw message says about itself, and its decoded plain text body. */
export interface RawMessage {
  /** The author from the `From:` header; both null when the message has none (or is not a message). */
  from: { name: string | null; email: string | null };
  /** The `Date:` header; null when missing or unparseable. */
  date: Date | null;
  /** The `Subject:` header; null when missing. */
  subject: string | null;
  /** The body as plain text: the text part, or mailparser's rendering of the HTML when there is none. */
  body: string;
}

/**
 * Says whether a text is a raw mail file (an .eml or an mbox) rather than pasted mail text.
 * Conservative: the text must start with an mbox `From ` separator followed by a header field, or
 * with a syntactically clean header block of at least three fields, one of them a transport or MIME
 * field (`Received`, `Message-ID`, `MIME-Version`, `X-...`). Pasted text with a `From:` line inside,
 * an Outlook `-----Original Message-----` block or an archive copy that starts with
 * `From:`/`Date:`/`Subject:` only stays with the pasted-mail reader. Reads at most the first 256 KiB.
 */
export function looksLikeRawMail(text: string): boolean {
  const lines = normalise(text.slice(0, SCAN_CHARS)).replace(/^(?:[ \t]*\n)+/u, "").split("\n");
  const first = lines[0] ?? "";
  if (MBOX_FROM.test(first)) return FIELD.test(lines[1] ?? "");
  let fields = 0;
  let transport = false;
  for (const [i, line] of lines.entries()) {
    // The first blank line ends the header block; so does the end of what was scanned.
    if (line.trim() === "") break;
    if (/^[ \t]/u.test(line)) {
      // A folded continuation of the previous field's value.
      if (i === 0) return false;
      continue;
    }
    const field = FIELD.exec(line);
    if (field === null) return false;
    fields++;
    if (TRANSPORT_FIELD.test((field[1] ?? "").toLowerCase())) transport = true;
  }
  return fields >= MIN_FIELDS && transport;
}

/**
 * Splits an mbox into its raw messages, separator lines removed and `>From ` escapes undone
 * (mboxrd; for mboxo this also restores the lines it escaped). A separator counts only when the next
 * line is a header field, so a body line that happens to start with `From ` and a date is not one.
 * Text before the first separator is kept as a message of its own when it has any words. A text
 * without separators (a single .eml, which escapes nothing) comes back whole, line ends normalised.
 */
export function splitMbox(text: string): string[] {
  const lines = normalise(text).split("\n");
  const isSeparator = (i: number): boolean => MBOX_FROM.test(lines[i] ?? "") && FIELD.test(lines[i + 1] ?? "");
  if (!lines.some((_, i) => isSeparator(i))) return [lines.join("\n")];
  const messages: string[] = [];
  let current: string[] = [];
  const close = (): void => {
    if (current.some((l) => l.trim() !== "")) messages.push(current.join("\n"));
    current = [];
  };
  for (const [i, line] of lines.entries()) {
    if (isSeparator(i)) {
      close();
      continue;
    }
    current.push(line.replace(/^>(>*From )/u, "$1"));
  }
  close();
  return messages;
}

/**
 * Parses every message of an .eml or mbox with mailparser. A chunk that does not start with a
 * header field (text before an mbox's first separator) or that mailparser rejects is returned as is,
 * with no author, so its words still reach the thread.
 */
export async function parseRawMessages(text: string): Promise<RawMessage[]> {
  return Promise.all(splitMbox(text).map(parseOne));
}

/**
 * Reads a raw mail file (see {@link looksLikeRawMail}) into one thread. Each message's `From:` header
 * names the top-level author of its body; the body is parsed like pasted mail, so its quotes are
 * attributed through their attribution lines and header blocks. Messages are numbered in file order;
 * a body that itself holds several messages (a forwarded or Outlook-quoted one) takes several
 * numbers, and the next message continues after them. All messages' mentions are merged together,
 * so a person who writes or is quoted in several messages is one speaker.
 */
export async function readRawMail(text: string): Promise<Thread> {
  const messages = await parseRawMessages(text);
  const lines: LabelledLine[] = [];
  const mentions: Mention[] = [];
  let next = 0;
  for (const m of messages) {
    const author = mention(m.from.name, m.from.email, "unknown (author)");
    const labelled = labelMessage(m.body, { author, firstMessage: next });
    // Loops, not push(...): a long body (a big patch, thousands of attributions) would overflow the argument list.
    for (const line of labelled.lines) lines.push(line);
    for (const m of labelled.mentions) mentions.push(m);
    next = labelled.lines.reduce((max, l) => Math.max(max, l.message + 1), next + 1);
  }
  return toThread(lines, mentions);
}

/** Parses one raw message, falling back to the chunk as pasted text when it is not one. */
async function parseOne(raw: string): Promise<RawMessage> {
  const asText: RawMessage = { from: { name: null, email: null }, date: null, subject: null, body: raw };
  // mailparser takes leading blank lines for an empty header block.
  const message = raw.replace(/^(?:[ \t]*\n)+/u, "");
  if (!FIELD.test(message)) return asText;
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(deobfuscateFrom(message), {
      // Only the plain text is used: skip building HTML from it, inlining images and hashing attachments.
      skipTextToHtml: true,
      skipImageLinks: true,
      checksumAlgo: false,
    });
  } catch {
    return asText;
  }
  const date = parsed.date !== undefined && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null;
  return { from: authorOf(parsed), date, subject: parsed.subject ?? null, body: parsed.text ?? "" };
}

/**
 * Pipermail archives write `From: jgg at nvidia.com (Jason Gunthorpe)`, which mailparser reads as a
 * name with no address. Restores the `@` in the header block's `From:` field when it has none.
 */
function deobfuscateFrom(raw: string): string {
  const end = raw.search(/\n[ \t]*\n/u);
  const head = end === -1 ? raw : raw.slice(0, end);
  // The name starts right after the colon, a blank or a bracket: each word is tried once, not from each of its characters.
  const fixed = head.replace(/^(From:(?:[^\n@]*?(?:[<>()"]|[^\S\n]))?)([^\s<>()"]+) at ([^\s<>()"][^\s<>()".]*\.[^\s<>()"]+)/imu, "$1$2@$3");
  return fixed + raw.slice(head.length);
}

/**
 * The author from the `From:` header, in the same form the pasted-mail parser gives names and
 * addresses (cleaned display name, lowercase address) so that mentions of one person merge.
 */
function authorOf(parsed: ParsedMail): { name: string | null; email: string | null } {
  const first = parsed.from?.value.flatMap((a) => a.group ?? [a]).find((a) => a.name.trim() !== "" || (a.address ?? "") !== "");
  if (first === undefined) return { name: null, email: null };
  // Mailman and Google Groups rewrite `From:` for DMARC to `Name via List <list@...>`: the address is
  // the list's, shared by every poster, so it must not identify anyone. The poster is in `Reply-To:`.
  const via = /^(.*?\S)\s+via\s+\S.*$/iu.exec(first.name.trim());
  if (via !== null) {
    const name = displayName(via[1] ?? "");
    return { name, email: replyToOf(parsed, name) };
  }
  const address = first.address ?? "";
  return { name: displayName(first.name), email: address === "" ? null : address.toLowerCase() };
}

/** A display name as the body parser would write it; an address used as a name is no name. */
function displayName(raw: string): string | null {
  const text = stripEmails(raw).replace(/\s+/gu, " ").trim();
  if (text === "") return null;
  // A `From:` name is deliberate, so keep it even where the body parser's prose guard would not;
  // but not whole: a header can hold megabytes, and a name is shown in every chunk and embed.
  return cleanName(text) ?? (text.length > MAX_NAME ? `${text.slice(0, MAX_NAME).trimEnd()}…` : text);
}

// Longer than any real display name, short enough for a chunk header or an embed title.
const MAX_NAME = 80;

/** The single `Reply-To:` address, when it plausibly is the poster's (no name, or the same name). */
function replyToOf(parsed: ParsedMail, name: string | null): string | null {
  const boxes: EmailAddress[] = parsed.replyTo?.value.flatMap((a) => a.group ?? [a]) ?? [];
  const only = boxes.length === 1 ? boxes[0] : undefined;
  const address = only?.address ?? "";
  if (only === undefined || address === "") return null;
  const other = displayName(only.name);
  if (other !== null && name !== null && nameKey(other) !== nameKey(name)) return null;
  return address.toLowerCase();
}

function normalise(text: string): string {
  return text.replace(/^\uFEFF/u, "").replace(/\r\n?/gu, "\n");
}
