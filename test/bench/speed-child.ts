import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { readMail } from "../../core/readers/mail/read-mail.js";

/*
 * The parse bench's timing child (see parse.ts): `speed-child <warm file> <input file> <warm runs>
 * <runs>`. It warms up on the first input (V8 keeps re-optimising over the first few megabytes
 * parsed, and a long-running worker runs the settled code, so that is what is timed), reports that,
 * then times `runs` parses of the second, reporting each. The bench runs it built, in plain `node`,
 * as the CLI and the worker run the parser; `--tsx` runs this source under tsx instead.
 */

/** Messages to the bench: warm-up done, one per timed run, or what went wrong. */
export type SpeedMessage = { warmed: true } | { ms: number; bytes: number } | { error: string };

const send = (m: SpeedMessage): void => void process.send?.(m);
try {
  const [warmFile, file, warmRuns, runs] = process.argv.slice(2);
  if (warmFile === undefined || file === undefined || process.send === undefined) throw new Error("speed child: run by the parse bench with two input files");
  const warm = readFileSync(warmFile, "utf8");
  for (let i = 0; i < Number(warmRuns ?? 1); i++) readMail(warm);
  send({ warmed: true });
  const text = readFileSync(file, "utf8");
  const bytes = Buffer.byteLength(text);
  for (let r = 0; r < Number(runs ?? 1); r++) {
    const t0 = performance.now();
    readMail(text);
    send({ ms: performance.now() - t0, bytes });
  }
} catch (e) {
  send({ error: e instanceof Error ? e.message : String(e) });
}
process.disconnect?.();
