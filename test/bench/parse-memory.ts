import { fork } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/**
 * Peak memory of one parse, measured as the CLI and the worker run it: built JavaScript in a plain
 * `node` process. The timed runs load the TypeScript through tsx, whose loader runs on a thread of
 * its own with its own heap, and the input used to be built in the measured process (the corpus
 * files, the flattener): about 25 MB of a 10 MB multiline parse's 206 MB peak was neither the parse
 * nor the text it holds. So the input is written to a file for the child, and the child runs on the
 * repository's code transpiled file by file (as `npm run build` does, without its type check).
 */

const thisFile = fileURLToPath(import.meta.url);
const root = path.join(path.dirname(thisFile), "../..");

/** What the memory child reports: the input's size, RSS when the parse began and the process's peak. */
export type MemoryMessage = { bytes: number; beforeKB: number; peakKB: number } | { error: string };

/** A built copy of the parser, the memory child and the parse bench's timing child, and the folder they live in (removed by `dispose`). */
export interface BuiltChild {
  child: string;
  speedChild: string;
  dispose: () => void;
}

/** Transpiles every `.ts` file under `dir` (relative to the repository) into `out`, keeping the layout, and copies its `.json` data. */
function transpileTree(dir: string, out: string, options: ts.CompilerOptions): void {
  for (const name of readdirSync(path.join(root, dir))) {
    const rel = path.join(dir, name);
    if (statSync(path.join(root, rel)).isDirectory()) transpileTree(rel, out, options);
    else if (name.endsWith(".json")) {
      // Data the code imports (the line model's fitted counts) goes along as it is, as the build copies it.
      mkdirSync(path.join(out, dir), { recursive: true });
      writeFileSync(path.join(out, rel), readFileSync(path.join(root, rel)));
    } else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) {
      const { outputText } = ts.transpileModule(readFileSync(path.join(root, rel), "utf8"), { compilerOptions: options, fileName: rel });
      mkdirSync(path.join(out, dir), { recursive: true });
      writeFileSync(path.join(out, rel.replace(/\.ts$/u, ".js")), outputText);
    }
  }
}

/**
 * Builds `core/` and this folder's children (memory, and timing: see speed-child.ts) into a temporary
 * folder that resolves packages from the repository's `node_modules` (the thread model loads zod).
 */
export function buildChild(): BuiltChild {
  const out = mkdtempSync(path.join(tmpdir(), "standpoint-bench-"));
  const { config } = ts.readConfigFile(path.join(root, "tsconfig.json"), (f) => ts.sys.readFile(f));
  const converted = ts.convertCompilerOptionsFromJson((config as { compilerOptions?: unknown }).compilerOptions, root).options;
  // ES modules, as the package is: one file transpiled alone would otherwise come out as CommonJS.
  const options: ts.CompilerOptions = { ...converted, module: ts.ModuleKind.ESNext, sourceMap: false, declaration: false };
  transpileTree("core", out, options);
  mkdirSync(path.join(out, "test", "bench"), { recursive: true });
  for (const name of ["memory-child", "speed-child"]) {
    const childSource = path.join("test", "bench", `${name}.ts`);
    const { outputText } = ts.transpileModule(readFileSync(path.join(root, childSource), "utf8"), { compilerOptions: options, fileName: childSource });
    writeFileSync(path.join(out, "test", "bench", `${name}.js`), outputText);
  }
  writeFileSync(path.join(out, "package.json"), JSON.stringify({ type: "module" }));
  symlinkSync(path.join(root, "node_modules"), path.join(out, "node_modules"), "dir");
  const bench = path.join(out, "test", "bench");
  return { child: path.join(bench, "memory-child.js"), speedChild: path.join(bench, "speed-child.js"), dispose: () => rmSync(out, { recursive: true, force: true }) };
}

/**
 * One parse of `text` in a fresh plain `node` process running `built`; killed past `budgetMs`.
 * Resolves with the child's report, or the reason it gave none.
 */
export function measureParseMemory(built: BuiltChild, text: string, budgetMs: number): Promise<MemoryMessage> {
  const file = path.join(path.dirname(built.child), `input-${process.pid}.txt`);
  writeFileSync(file, text);
  let result: MemoryMessage = { error: "no report" };
  const proc = fork(built.child, [file], { stdio: ["ignore", "inherit", "inherit", "ipc"], execArgv: ["--expose-gc"] });
  const timer = setTimeout(() => {
    result = { error: "budget hit" };
    proc.kill();
  }, budgetMs);
  proc.on("message", (m: MemoryMessage) => {
    result = m;
  });
  return new Promise((resolve) => {
    proc.on("exit", () => {
      clearTimeout(timer);
      rmSync(file, { force: true });
      resolve(result);
    });
  });
}
