import { readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * `npm run eval -- <name> [args...]` runs the evaluation in `test/eval/<name>.ts`.
 *
 * Evaluations are discovered from this directory, so adding one is adding one file that exports
 * {@link Evaluation}'s members; no registry to edit. Files starting with `_` are shared helpers; folders hold an evaluation's parts.
 */

/** What an evaluation module exports. */
export interface Evaluation {
  /** One line for the list of evaluations. */
  description: string;
  /** Runs the evaluation and prints its results; `args` are the command-line words after the name. */
  run(args: string[]): Promise<void> | void;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** Names of the available evaluations, sorted. */
export async function evalNames(): Promise<string[]> {
  const files = await readdir(here);
  return files
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && f !== "main.ts" && !f.startsWith("_"))
    .map((f) => f.slice(0, -".ts".length))
    .sort();
}

function isEvaluation(mod: unknown): mod is Evaluation {
  const m = mod as Partial<Evaluation> | null;
  return typeof m?.run === "function" && typeof m.description === "string";
}

async function loadEvaluation(name: string): Promise<Evaluation> {
  const mod: unknown = await import(pathToFileURL(path.join(here, `${name}.ts`)).href);
  if (!isEvaluation(mod)) throw new Error(`test/eval/${name}.ts must export \`description\` and \`run(args)\``);
  return mod;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const names = await evalNames();
  if (name === undefined || !names.includes(name)) {
    if (name !== undefined) console.error(`unknown evaluation "${name}"`);
    console.error("usage: npm run eval -- <name> [args...]\nevaluations:");
    for (const n of names) console.error(`  ${n.padEnd(12)} ${(await loadEvaluation(n)).description}`);
    return 2;
  }
  await (await loadEvaluation(name)).run(args);
  return 0;
}

// Only dispatch when run directly: evaluation files may import this module's types.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
