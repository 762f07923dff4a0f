import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { threadCaseArb } from "../support/thread-generator.js";

/** The real mail bodies in test/fixtures/corpus (plus any extra folders), with their file names. */
export function corpusBodies(extraDirs: readonly string[] = []): { file: string; text: string }[] {
  const dirs = [new URL("../fixtures/corpus/", import.meta.url).pathname, ...extraDirs];
  return dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => /^\d{3}-.*\.txt$/u.test(f))
      .sort()
      .map((file) => ({ file, text: readFileSync(`${dir}/${file}`, "utf8") })),
  );
}

// Generated threads (fixed seed) add the Gmail habit of quoting a blank line after each attribution
// and between paragraphs, which the real corpus shows only a few times.
const GENERATED = 80;
const GENERATOR_SEED = 424242;

/** Training bodies for the line model: the real corpus, then generated threads. */
export function trainingBodies(extraDirs: readonly string[] = []): string[] {
  const generated = fc.sample(threadCaseArb, { numRuns: GENERATED, seed: GENERATOR_SEED }).map((c) => c.text);
  return [...corpusBodies(extraDirs).map((b) => b.text), ...generated];
}
