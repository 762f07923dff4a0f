/**
 * Collects evaluation replies from one public-inbox style git mirror of a mailing list (one raw
 * RFC 822 message as the file `m` per commit) into eval/mail/<list>/, with the ancestors that give
 * each reply its gold: the parent's text is what the reply quotes, so whole threads tell who wrote
 * which words without anyone labelling them.
 *
 *   npx tsx test/tools/collect-mail.ts --mirror <gitdir> --list <name> --out eval/mail [--max N]
 *
 * Stored files are the raw bytes of `m`, never rewritten. The selection is deterministic: commits in
 * history order, a fixed eligibility rule, and a fixed order within each mail client's bucket.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { simpleParser } from "mailparser";
import { readBlobs } from "./git-blobs.js";

const MAX_BYTES = 64 * 1024;
const MAX_ANCESTRY = 4;
const MIN_OWN_WORDS = 5;
/** Above this share of diff-looking lines a message is a patch, not a discussion. */
const MAX_DIFF_SHARE = 0.5;
const MANIFEST_HEADER = "list\tfile\tsource_repo\tsource_commit\tmessage_id\tin_reply_to\trole\tclient\tbytes";

interface Message {
  commit: string;
  raw: Buffer;
  messageId: string;
  inReplyTo: string;
  client: string;
  family: string;
}

/** Reads every commit's `m` in history order (oldest first). */
function readMirror(gitDir: string): { commit: string; raw: Buffer }[] {
  const log = spawnSync("git", ["--git-dir", gitDir, "log", "--reverse", "--format=%H", "HEAD"], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  if (log.status !== 0) throw new Error(`git log failed: ${log.stderr}`);
  const commits = log.stdout.split("\n").filter((c) => c.length > 0);
  const blobs = readBlobs(gitDir, commits.map((c) => `${c}:m`));
  return commits.flatMap((commit, i) => {
    const raw = blobs[i];
    return raw === null || raw === undefined ? [] : [{ commit, raw }];
  });
}

/** The unfolded header fields of a raw message, names lower-cased; later duplicates are dropped. */
function headerFields(raw: Buffer): Map<string, string> {
  const text = raw.toString("latin1");
  const end = text.search(/\r?\n\r?\n/u);
  const block = end < 0 ? text : text.slice(0, end);
  const fields = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/gu, " ").split(/\r?\n/u)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!fields.has(name)) fields.set(name, line.slice(colon + 1).trim());
  }
  return fields;
}

/** The first `<id>` of a Message-ID or In-Reply-To value, brackets kept off, or "". */
function firstId(value: string | undefined): string {
  const m = /<([^<>\s]+)>/u.exec(value ?? "");
  return m?.[1] ?? "";
}

/** X-Mailer or User-Agent, or `gmail` for Gmail's web client (which names itself only in the id). */
function clientOf(fields: Map<string, string>, messageId: string): string {
  const named = fields.get("x-mailer") ?? fields.get("user-agent") ?? "";
  const client = named.replace(/\s+/gu, " ").trim();
  if (client.length > 0) return client;
  return messageId.endsWith("@mail.gmail.com") ? "gmail" : "";
}

/**
 * A coarse client family, so one prolific client does not crowd the others out of a list's cap.
 * Outlook with Exchange names itself in no header, but Exchange's Thread-Index gives it away.
 */
function clientFamily(client: string, fields: Map<string, string>): string {
  const c = client.toLowerCase();
  if (c === "" && (fields.has("thread-index") || fields.has("x-ms-has-attach"))) return "outlook";
  const families = ["git-send-email", "mutt", "neomutt", "thunderbird", "outlook", "apple", "evolution", "kmail", "claws", "gnus", "alpine", "gmail", "roundcube", "sylpheed", "notmuch", "mozilla"];
  return families.find((f) => c.includes(f)) ?? (c === "" ? "(none)" : "(other)");
}

const DIFF_LINE = /^(?:diff --git |@@ |index [0-9a-f]+\.\.|\+\+\+ |--- |[+-])/u;
const OUTLOOK_BLOCK = /^\s*(?:-{3,} ?Original Message ?-{3,}|(?:From|De|Von|Da|Van|Od|Från|Fra) ?:.*\n\s*(?:Sent|Date|Envoyé|Gesendet|Inviato|Verzonden|Enviado|Datum|Skickat|Sendt) ?:)/imu;
const ATTRIBUTION_END = /(?:wrote|writes|schrieb|écrit|escribió|scrisse|napisał|skrev|kirjoitti|schreef):\s*$/iu;

/** Why a body is not a usable reply, or "" when it quotes its parent and says something itself. */
function rejectReason(text: string): string {
  const lines = text.split(/\r?\n/u);
  const unquoted = lines.map((l) => l.replace(/^(?:\s?>)+\s?/u, ""));
  const nonEmpty = unquoted.filter((l) => l.trim().length > 0);
  const diffish = nonEmpty.filter((l) => DIFF_LINE.test(l)).length;
  if (nonEmpty.length > 0 && diffish / nonEmpty.length > MAX_DIFF_SHARE) return "patch";
  const outlookAt = text.search(OUTLOOK_BLOCK);
  const quotes = lines.some((l) => /^\s?>/u.test(l));
  if (!quotes && outlookAt < 0) return "no-quote";
  // Own words: unquoted lines above the signature and above an Outlook-style quoted block.
  const ownPart = outlookAt < 0 ? text : text.slice(0, outlookAt);
  let words = 0;
  for (const line of ownPart.split(/\r?\n/u)) {
    if (line === "-- " || line === "--") break;
    if (/^\s?>/u.test(line) || ATTRIBUTION_END.test(line)) continue;
    words += line.split(/\s+/u).filter((w) => /\p{L}/u.test(w)).length;
  }
  return words >= MIN_OWN_WORDS ? "" : "no-own-text";
}

function sha1(s: string): string {
  return createHash("sha1").update(s).digest("hex");
}

/** File name of a message: the first 16 hex digits of sha1 of its Message-ID. */
function fileOf(messageId: string): string {
  return `${sha1(messageId).slice(0, 16)}.eml`;
}

/** Interleaves the buckets (sorted by name), one from each in turn, up to `max`. */
function roundRobin<T>(buckets: Map<string, T[]>, max: number): T[] {
  const names = [...buckets.keys()].sort();
  const picked: T[] = [];
  for (let round = 0; picked.length < max; round++) {
    let any = false;
    for (const name of names) {
      const item = buckets.get(name)?.[round];
      if (item === undefined) continue;
      any = true;
      if (picked.length < max) picked.push(item);
    }
    if (!any) break;
  }
  return picked;
}

/** The mirror's "owner/name" from a fetched mirror path like /work/.mirror/owner+name/repo. */
function sourceRepoOf(gitDir: string): string {
  const m = /([^/]+)\+([^/]+)\/repo\/?$/u.exec(gitDir);
  return m ? `${m[1]}/${m[2]}` : gitDir;
}

async function main(): Promise<void> {
  const opts = new Command()
    .requiredOption("--mirror <gitdir>", "git directory of the list mirror")
    .requiredOption("--list <name>", "list name, the folder under --out")
    .requiredOption("--out <dir>", "output folder (eval/mail)")
    .option("--max <n>", "replies to keep from this list", "120")
    .option("--source-repo <owner/name>", "provenance recorded in the manifest (default: from --mirror)")
    .parse()
    .opts<{ mirror: string; list: string; out: string; max: string; sourceRepo?: string }>();
  const max = Number(opts.max);
  const sourceRepo = opts.sourceRepo ?? sourceRepoOf(opts.mirror);

  const byId = new Map<string, Message>();
  const order: Message[] = [];
  for (const { commit, raw } of readMirror(opts.mirror)) {
    const fields = headerFields(raw);
    const messageId = firstId(fields.get("message-id"));
    if (messageId === "" || byId.has(messageId)) continue; // the first copy of a message is the one kept
    const client = clientOf(fields, messageId);
    const inReplyTo = firstId(fields.get("in-reply-to"));
    const msg = { commit, raw, messageId, inReplyTo, client, family: clientFamily(client, fields) };
    byId.set(messageId, msg);
    order.push(msg);
  }

  const reasons = new Map<string, number>();
  const count = (r: string): void => {
    reasons.set(r, (reasons.get(r) ?? 0) + 1);
  };
  const withGrandparent = new Map<string, Message[]>();
  const parentOnly = new Map<string, Message[]>();
  for (const msg of order) {
    const parent = byId.get(msg.inReplyTo);
    if (msg.inReplyTo === "" || parent === undefined) {
      count(msg.inReplyTo === "" ? "not-a-reply" : "parent-missing");
      continue;
    }
    if (msg.raw.length > MAX_BYTES) {
      count("too-big");
      continue;
    }
    let text: string;
    try {
      text = (await simpleParser(msg.raw, { skipHtmlToText: false })).text ?? "";
    } catch {
      count("unparsable");
      continue;
    }
    const reason = rejectReason(text);
    if (reason !== "") {
      count(reason);
      continue;
    }
    count("eligible");
    const target = byId.has(parent.inReplyTo) ? withGrandparent : parentOnly;
    target.set(msg.family, (target.get(msg.family) ?? []).concat(msg));
  }

  // Within a bucket, order by hash of the Message-ID: spread over the archive's years, yet fixed.
  const byHash = (a: Message, b: Message): number => sha1(a.messageId).localeCompare(sha1(b.messageId));
  for (const bucket of [withGrandparent, parentOnly]) for (const list of bucket.values()) list.sort(byHash);
  const replies = roundRobin(withGrandparent, max);
  replies.push(...roundRobin(parentOnly, max - replies.length));

  const roles = new Map<string, "reply" | "ancestor">();
  for (const reply of replies) {
    roles.set(reply.messageId, "reply");
    let id = reply.inReplyTo;
    for (let depth = 0; depth < MAX_ANCESTRY && id !== ""; depth++) {
      const anc = byId.get(id);
      if (anc === undefined || anc.raw.length > MAX_BYTES) break;
      if (!roles.has(id)) roles.set(id, "ancestor");
      id = anc.inReplyTo;
    }
  }

  const dir = join(opts.out, opts.list);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const rows: string[] = [];
  for (const [id, role] of roles) {
    const msg = byId.get(id);
    if (msg === undefined) continue;
    const file = fileOf(id);
    writeFileSync(join(dir, file), msg.raw);
    const cell = (s: string): string => s.replace(/[\t\r\n]/gu, " ");
    rows.push([opts.list, `${opts.list}/${file}`, sourceRepo, msg.commit, cell(id), cell(msg.inReplyTo), role, cell(msg.client), String(msg.raw.length)].join("\t"));
  }

  // The manifest holds every list: replace this list's rows, keep the others, sort for stable diffs.
  const manifestPath = join(opts.out, "MANIFEST.tsv");
  const kept = existsSync(manifestPath)
    ? readFileSync(manifestPath, "utf8").split("\n").slice(1).filter((l) => l.length > 0 && l.split("\t")[0] !== opts.list)
    : [];
  const all = kept.concat(rows).sort();
  writeFileSync(manifestPath, `${[MANIFEST_HEADER].concat(all).join("\n")}\n`);

  const summary = [...reasons].sort().map(([r, n]) => `${r}=${n}`).join(" ");
  process.stdout.write(`${opts.list}: ${order.length} messages; ${summary}; kept ${replies.length} replies, ${roles.size - replies.length} ancestors\n`);
}

await main();
