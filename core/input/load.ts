import { open, type FileHandle } from "node:fs/promises";

/** Input a user can fix: reported as one line, never as a stack trace. */
export class InputError extends Error {
  override name = "InputError";
}

/**
 * Reads a thread from a file of any kind (or `-` for standard input) and checks it is text worth
 * parsing: present, within `maxBytes`, UTF-8, not binary, not empty. An over-limit file is refused
 * after reading at most `maxBytes + 1` bytes; standard input, within a chunk of the limit.
 */
export async function loadInput(path: string, maxBytes: number, stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const bytes = path === "-" ? await readStream(stdin, maxBytes) : await readPath(path, maxBytes);
  return decodeText(bytes, maxBytes);
}

/** Checks raw bytes and decodes them as UTF-8 text (without a byte-order mark). */
export function decodeText(bytes: Uint8Array, maxBytes: number): string {
  if (bytes.length > maxBytes) throw tooLarge(bytes.length, maxBytes);
  if (bytes.includes(0)) throw new InputError("input looks binary (it contains NUL bytes); paste the thread as text");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InputError("input is not valid UTF-8 text; save the thread as UTF-8 and try again");
  }
  text = text.replace(/^\uFEFF/u, "");
  if (text.trim() === "") throw new InputError("input is empty; give a file or paste with the thread's text");
  return text;
}

const RAISE_IT = "raise it with --max-bytes or STANDPOINT_MAX_INPUT_BYTES";
const tooLarge = (size: number, max: number): InputError => new InputError(`input is ${size} bytes, over the limit of ${max}; ${RAISE_IT}`);
// A stream stopped early says only that it is over, not by how much.
const overLimit = (max: number): InputError => new InputError(`input is over the limit of ${max} bytes; ${RAISE_IT}`);

// The first buffer for a file that does not know its size (a device, a pipe).
const READ_CHUNK = 64 * 1024;

/**
 * Reads a file of any kind, at most `maxBytes + 1` bytes of it: a device (`/dev/zero`), a pipe or a
 * `/proc` file reports size 0 and may never end, so only the reading itself can stop it.
 */
async function readPath(path: string, maxBytes: number): Promise<Uint8Array> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, "r");
    const info = await handle.stat();
    if (info.isDirectory()) throw new InputError(`${path} is a directory, not a file`);
    // A regular file knows its size: refuse it unread, with the size.
    if (info.isFile() && info.size > maxBytes) throw tooLarge(info.size, maxBytes);
    // One buffer, read into in place: a file of known size (plus one byte, to see it grow) needs no
    // copy, where chunks joined at the end held a 20 MB paste twice. Others grow it as they go.
    let buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, info.isFile() && info.size > 0 ? info.size + 1 : READ_CHUNK));
    let size = 0;
    for (;;) {
      if (size === buffer.length) {
        const larger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(larger, 0, 0, size);
        buffer = larger;
      }
      const { bytesRead } = await handle.read(buffer, size, buffer.length - size, null);
      if (bytesRead === 0) break;
      size += bytesRead;
      if (size > maxBytes) throw overLimit(maxBytes);
    }
    return buffer.subarray(0, size);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EISDIR") throw new InputError(`${path} is a directory, not a file`);
    if (code === "ENOENT") throw new InputError(`no such file: ${path}`);
    if (code === "EACCES") throw new InputError(`permission denied: ${path}`);
    throw new InputError(`cannot read ${path}: ${(err as Error).message}`);
  } finally {
    await handle?.close();
  }
}

async function readStream(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    size += buf.length;
    // Stop reading early (leaving the loop stops the stream): a huge paste is refused without
    // holding all of it in memory, and an endless one is refused at all.
    if (size > maxBytes) throw overLimit(maxBytes);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}
