import { readFileSync } from "node:fs";
import { readMail } from "../../core/readers/mail/read-mail.js";

/*
 * The memory bench's child (see parse-memory.ts): reads the input file named on its command line,
 * collects the garbage of reading it, parses it once, and reports its size, the RSS before the parse
 * and the process's peak RSS. It loads nothing the parse does not need.
 */
const gc = (globalThis as { gc?: () => void }).gc;
const send = (m: object): void => void process.send?.(m);
try {
  const file = process.argv[2];
  if (file === undefined || gc === undefined || process.send === undefined) throw new Error("memory child: run by the parse bench with --expose-gc and an input file");
  const text = readFileSync(file, "utf8");
  gc();
  const beforeKB = process.memoryUsage().rss / 1024;
  readMail(text);
  send({ bytes: Buffer.byteLength(text), beforeKB, peakKB: process.resourceUsage().maxRSS });
} catch (e) {
  send({ error: e instanceof Error ? e.message : String(e) });
}
process.disconnect?.();
