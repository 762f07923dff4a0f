import type { Attachment } from "discord.js";
import { inertLine } from "./render.js";

/** A problem the user can fix, shown to them privately as it is. */
export class UserError extends Error {
  override name = "UserError";
}

// What a thread file may be: plain text (Discord's own `message.txt` for long pastes), a mail, an mbox.
const TEXT_TYPES = /^(?:text\/[\w.+-]+|message\/rfc822|application\/(?:mbox|x-mbox))(?:;|$)/iu;
const TEXT_NAMES = /\.(?:txt|eml|mbox|mbx|log|md)$/iu;

/** Whether an attachment may hold a thread, by its content type or, lacking one, its name. */
export function isTextAttachment(a: Pick<Attachment, "contentType" | "name">): boolean {
  return a.contentType === null ? TEXT_NAMES.test(a.name) : TEXT_TYPES.test(a.contentType);
}

/** A file's name as a refusal shows it: in quotes, on one line, nothing in it live (it is the user's own text). */
const quoted = (name: string): string => `“${inertLine(name)}”`;

/** Discord's attachment hosts, over HTTPS. */
export const isDiscordCdn = (url: URL): boolean => url.protocol === "https:" && /(?:^|\.)(?:discordapp\.(?:com|net)|discord\.com)$/u.test(url.hostname);

/**
 * The text of an attachment, fetched only from the URL Discord put in the interaction (never a URL
 * from a user's text), refused before download when Discord says it is too large, and read up to
 * the limit in case it lied.
 */
export async function readAttachment(a: Pick<Attachment, "url" | "size" | "contentType" | "name">, maxBytes: number, fetcher: typeof fetch = fetch, trusted: (url: URL) => boolean = isDiscordCdn): Promise<string> {
  if (!isTextAttachment(a)) throw new UserError(`${quoted(a.name)} is not a text file: attach the thread as .txt, .eml or .mbox.`);
  if (a.size > maxBytes) throw new UserError(`${quoted(a.name)} is ${a.size} bytes, over the limit of ${maxBytes}: summarise a shorter part of the thread.`);
  const url = new URL(a.url);
  if (!trusted(url)) throw new UserError("that attachment does not come from Discord");
  const res = await fetcher(url, { redirect: "error" });
  if (!res.ok || res.body === null) throw new UserError(`could not download ${quoted(a.name)} from Discord (${res.status}); try again`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > maxBytes) throw new UserError(`${quoted(a.name)} is over the limit of ${maxBytes} bytes: summarise a shorter part of the thread.`);
    chunks.push(chunk);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new UserError(`${quoted(a.name)} is not UTF-8 text.`);
  }
}
