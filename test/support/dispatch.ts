import { readdir } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

/**
 * The `npm run <command> -- <name> [args...]` dispatchers (bench, eval): each runs the module
 * `<dir>/<name>.ts`. Modules are discovered from the folder, so adding one is adding one file that
 * exports {@link Runnable}'s members; no registry to edit. Files starting with `_` are shared helpers.
 */

/** What a dispatched module exports. */
export interface Runnable {
  /** One line for the list of modules. */
  description: string;
  /** Runs it and prints its results; `args` are the command-line words after the name. */
  run(args: string[]): Promise<void> | void;
}

/** Names of the runnable modules in `dir`, sorted. */
export async function runnableNames(dir: string): Promise<string[]> {
  const files = await readdir(dir);
  return files
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && f !== "main.ts" && !f.startsWith("_"))
    .map((f) => f.slice(0, -".ts".length))
    .sort();
}

function isRunnable(mod: unknown): mod is Runnable {
  const m = mod as Partial<Runnable> | null;
  return typeof m?.run === "function" && typeof m.description === "string";
}

async function load(dir: string, name: string): Promise<Runnable> {
  const file = path.join(dir, `${name}.ts`);
  const mod: unknown = await import(pathToFileURL(file).href);
  if (!isRunnable(mod)) throw new Error(`${path.relative(process.cwd(), file)} must export \`description\` and \`run(args)\``);
  return mod;
}

/**
 * Runs `argv[0]` from `dir` with the rest of `argv`; with no or an unknown name, prints the list.
 * Returns the exit code: 2, with the error's one line, when the module throws.
 */
export async function dispatch(dir: string, command: string, argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const names = await runnableNames(dir);
  if (name === undefined || !names.includes(name)) {
    if (name !== undefined) console.error(`unknown ${command} "${name}"`);
    console.error(`usage: npm run ${command} -- <name> [args...]\n${command}:`);
    for (const n of names) console.error(`  ${n.padEnd(12)} ${(await load(dir, n)).description}`);
    return 2;
  }
  try {
    await (await load(dir, name)).run(args);
  } catch (err) {
    // Bad arguments and missing data are the user's to fix: one line, not a stack.
    console.error(`${command} ${name}: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
  return 0;
}
