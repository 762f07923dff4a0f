import { readFile, stat } from "node:fs/promises";

/** Input a user can fix: reported as one line, never as a stack trace. */
export class InputError extends Error {
  override name = "InputError";
}

/**
 * Reads a thread from a file (or `-` for standard input) and checks it is text worth parsing:
 * present, within `maxBytes`, UTF-8, not binary, not empty.
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

const tooLarge = (size: number, max: number): InputError =>
  new InputError(`input is ${size} bytes, over the limit of ${max}; raise it with --max-bytes or STANDPOINT_MAX_INPUT_BYTES`);

async function readPath(path: string, maxBytes: number): Promise<Uint8Array> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new InputError(`${path} is a directory, not a file`);
    if (info.size > maxBytes) throw tooLarge(info.size, maxBytes);
    return await readFile(path);
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new InputError(`no such file: ${path}`);
    if (code === "EACCES") throw new InputError(`permission denied: ${path}`);
    throw new InputError(`cannot read ${path}: ${(err as Error).message}`);
  }
}

async function readStream(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    size += buf.length;
    // Stop reading early: a huge paste is refused without holding all of it in memory.
    if (size > maxBytes) throw tooLarge(size, maxBytes);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}
