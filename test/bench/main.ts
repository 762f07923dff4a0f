import { readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * `npm run bench -- <name> [args...]` runs the benchmark in `test/bench/<name>.ts`.
 *
 * Benchmarks are discovered from this directory, so adding one is adding one file that exports
 * {@link Bench}'s members; no registry to edit. Files starting with `_` are shared helpers, not benches.
 */

/** What a benchmark module exports. */
export interface Bench {
  /** One line for the list of benchmarks. */
  description: string;
  /** Runs the benchmark and prints its results; `args` are the command-line words after the name. */
  run(args: string[]): Promise<void> | void;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** Names of the available benchmarks, sorted. */
export async function benchNames(): Promise<string[]> {
  const files = await readdir(here);
  return files
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && f !== "main.ts" && !f.startsWith("_"))
    .map((f) => f.slice(0, -".ts".length))
    .sort();
}

function isBench(mod: unknown): mod is Bench {
  const m = mod as Partial<Bench> | null;
  return typeof m?.run === "function" && typeof m.description === "string";
}

async function loadBench(name: string): Promise<Bench> {
  const mod: unknown = await import(pathToFileURL(path.join(here, `${name}.ts`)).href);
  if (!isBench(mod)) throw new Error(`test/bench/${name}.ts must export \`description\` and \`run(args)\``);
  return mod;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const names = await benchNames();
  if (name === undefined || !names.includes(name)) {
    if (name !== undefined) console.error(`unknown benchmark "${name}"`);
    console.error("usage: npm run bench -- <name> [args...]\nbenchmarks:");
    for (const n of names) console.error(`  ${n.padEnd(12)} ${(await loadBench(n)).description}`);
    return 2;
  }
  await (await loadBench(name)).run(args);
  return 0;
}

// Only dispatch when run directly: bench files may import this module's types.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
