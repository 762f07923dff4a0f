import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { countTransitions, LineModel } from "../../core/readers/mail/line-model.js";
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

let corpusCounts: Record<string, number> | null = null;

/**
 * The line transitions a line model is fitted on: the training bodies' and those of the given real
 * list replies. The shipped model counts all of eval/mail's replies; the evaluation fits each list's
 * on the others'. (Counting the training bodies several times over, to keep more of the client styles
 * the corpus shows, lost flattened words on the dev lists: 4 times -789, 16 times -1,692.)
 */
export function trainingCounts(replies: readonly string[]): Record<string, number> {
  corpusCounts ??= countTransitions(trainingBodies());
  const counts = countTransitions(replies);
  for (const [key, n] of Object.entries(corpusCounts)) counts[key] = (counts[key] ?? 0) + n;
  return counts;
}

/** A line model fitted on the training bodies and the given list replies (see trainingCounts). */
export const lineModelFor = (replies: readonly string[]): LineModel => new LineModel(trainingCounts(replies));
