import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import libmime from "libmime";
import { simpleParser, type ParsedMail } from "mailparser";
import { learnAliases } from "./aliases.js";

/*
 * The evaluation data: raw messages from public mailing-list archives, `<dir>/<list>/<hash>.eml`,
 * listed in `<dir>/MANIFEST.tsv` (list, file, source_repo, source_commit, message_id, in_reply_to,
 * role, client, bytes). A `reply` is scored; an `ancestor` is only there to give its words an author.
 */

/** A person as a message header names them. */
export interface Person {
  name: string | null;
  email: string | null;
  /** Other names the same person writes under, learned from the set's messages (see aliases.ts). */
  aliases?: string[];
}

/** One stored message, decoded by mailparser. */
export interface Message {
  list: string;
  file: string;
  role: "reply" | "ancestor";
  client: string;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: Person;
  /** The `From:` header as an archive shows it (decoded; the list's own name where the list rewrote it). */
  fromText: string;
  /** The raw `Date:` header value; empty when missing. */
  dateText: string;
  date: number;
  subject: string;
  /** mailparser's text part, nothing stripped. */
  body: string;
}

/**
 * The rows of `<dir>/MANIFEST.tsv`, each cell under its column's name. Throws, naming it, when a
 * column in `required` is missing, so a reader never takes an absent column for empty cells.
 */
export function readManifest(dir: string, required: readonly string[]): Record<string, string>[] {
  const [head = "", ...rows] = readFileSync(path.join(dir, "MANIFEST.tsv"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
  const columns = head.split("\t");
  for (const name of required) if (!columns.includes(name)) throw new Error(`MANIFEST.tsv has no "${name}" column`);
  return rows.map((row) => {
    const cells = row.split("\t");
    return Object.fromEntries(columns.map((name, i) => [name, cells[i] ?? ""]));
  });
}

/** Reads the manifest and decodes every message it lists, each author with the aliases the set shows them using. */
export async function loadMessages(dir: string): Promise<Message[]> {
  const out: Message[] = [];
  for (const row of readManifest(dir, ["list", "file", "role", "client"])) {
    const { list = "", file = "", role, client = "" } = row;
    // The manifest's file names may or may not start with the list's folder.
    const full = file.includes("/") ? path.join(dir, file) : path.join(dir, list, file);
    const raw = await readFile(full).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "ENOENT") throw err;
      throw new Error(`${full} is missing: the raw messages are not in git; restore them with \`npx tsx test/tools/restore-mail.ts\` (see eval/mail/README.md)`);
    });
    out.push(await decode(raw, { list, file, role: role === "reply" ? "reply" : "ancestor", client }));
  }
  learnAliases(out);
  return out;
}

async function decode(raw: Buffer, meta: Pick<Message, "list" | "file" | "role" | "client">): Promise<Message> {
  const mail = await simpleParser(raw);
  const references = mail.references === undefined ? [] : Array.isArray(mail.references) ? mail.references : [mail.references];
  const { name, email } = author(mail);
  return {
    ...meta,
    messageId: mail.messageId ?? null,
    inReplyTo: firstId(mail.inReplyTo),
    references: references.flatMap((r) => r.match(/<[^<>\s]+>/gu) ?? []),
    from: { name: name === "" ? null : name, email: email === "" ? null : email.toLowerCase() },
    fromText: mail.from?.text ?? "",
    dateText: headerText(mail, "date"),
    date: mail.date?.getTime() ?? 0,
    subject: mail.subject ?? "",
    body: mail.text ?? "",
  };
}

/**
 * The message's real author. Lists that rewrite `From:` to their own address (DMARC) keep the
 * author in `X-Original-From`, in a lone `Reply-To`, or in the name (`Jeff Layton via Jfs-discussion`);
 * failing those the author is unknown (both empty) and the deriver leaves their words unscored.
 */
function author(mail: ParsedMail): { name: string; email: string } {
  const from = mail.from?.value[0];
  const name = from?.name?.trim() ?? "";
  const email = from?.address?.trim() ?? "";
  // Kept raw by mailparser, so its encoded words (`=?utf-8?q?Ren=C3=A9?=`, as relays write them) are decoded here.
  const original = libmime.decodeWords(headerText(mail, "x-original-from"));
  if (original !== "") {
    const m = /^\s*"?([^"<]*?)"?\s*<([^<>\s]+@[^<>\s]+)>/u.exec(original);
    if (m !== null) return { name: (m[1] ?? "").trim(), email: m[2] ?? "" };
    if (/^\S+@\S+$/u.test(original.trim())) return { name: "", email: original.trim() };
  }
  const listAddress = /mailto:([^>\s?]+)/iu.exec(headerText(mail, "list-post"))?.[1]?.toLowerCase();
  if (listAddress === undefined || email.toLowerCase() !== listAddress) return { name, email };
  const replyTo = mail.replyTo?.value ?? [];
  const lone = replyTo[0];
  if (replyTo.length === 1 && lone?.address !== undefined && lone.address.toLowerCase() !== listAddress) return { name: lone.name.trim(), email: lone.address };
  const via = /^(.+?)\s+via\s+\S/iu.exec(name);
  return { name: via?.[1]?.replace(/^'(.*)'$/u, "$1") ?? "", email: "" };
}

/** A header's raw value (unfolded, not decoded): mailparser keeps the `List-*` fields only as parsed objects. */
function headerText(mail: ParsedMail, key: string): string {
  const line = mail.headerLines.find((h) => h.key === key)?.line ?? "";
  return line.slice(line.indexOf(":") + 1).replace(/\r?\n[ \t]+/gu, " ").trim();
}

function firstId(value: string | undefined): string | null {
  return value?.match(/<[^<>\s]+>/u)?.[0] ?? null;
}

/**
 * A reply's ancestors among the stored messages, nearest first: the `In-Reply-To` chain with its
 * level (1 the parent), then any other message its `References` name (level null).
 */
export function ancestorsOf(reply: Message, byId: ReadonlyMap<string, Message>): { message: Message; level: number | null }[] {
  const out: { message: Message; level: number | null }[] = [];
  const seen = new Set<string>(reply.messageId === null ? [] : [reply.messageId]);
  let next = reply.inReplyTo;
  for (let level = 1; next !== null && !seen.has(next); level++) {
    seen.add(next);
    const parent = byId.get(next);
    if (parent === undefined) break;
    out.push({ message: parent, level });
    next = parent.inReplyTo;
  }
  for (const id of reply.references) {
    if (seen.has(id)) continue;
    seen.add(id);
    const message = byId.get(id);
    if (message !== undefined) out.push({ message, level: null });
  }
  return out;
}

/** Where the evaluation's messages are unless `--dir` says otherwise. */
export const DEFAULT_MAIL_DIR = path.join(process.cwd(), "eval", "mail");

/** The messages by Message-ID (the first of any duplicates), for `ancestorsOf`. */
export function byMessageId(messages: readonly Message[]): Map<string, Message> {
  const byId = new Map<string, Message>();
  for (const m of messages) if (m.messageId !== null && !byId.has(m.messageId)) byId.set(m.messageId, m);
  return byId;
}
