import type { Thread } from "../thread/model.js";
import { looksLikeRawMail, readRawMail } from "./mail/raw-mail.js";
import { readMail } from "./mail/read-mail.js";

/**
 * Reads any supported input into a thread; the one entry point callers use, so that a new source
 * (Discord exports, chat transcripts) needs only a detector and a reader added here.
 * Raw mail files (.eml, mbox) go through mailparser first; everything else is pasted mail text.
 * Async because MIME decoding is.
 */
export async function readThread(text: string): Promise<Thread> {
  if (looksLikeRawMail(text)) return readRawMail(text);
  return readMail(text);
}
