import { fork } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { flatten } from "../support/thread-generator.js";
import { buildChild, measureParseMemory, type BuiltChild } from "./parse-memory.js";
import type { SpeedMessage } from "./speed-child.js";

/**
 * readMail throughput on real mail text. Inputs are the corpus bodies concatenated to ~1 MB and
 * ~10 MB, as sent (multiline) and flattened file by file (a set of web-archive pastes), plus one
 * single flattened line, because per-line work that is quadratic only shows on very long lines.
 *
 * Each case runs in its own child process, so a case that blows its time budget (a quadratic parser
 * on 20 MB) can be killed instead of hanging the run. The child runs the built parser in plain
 * `node`, as the CLI, the worker and the Docker image do (speed-child.ts): under tsx, which the bench
 * itself runs in, its transform names every function it makes (`__name`, for keepNames), a cost
 * the built code does not pay. `--tsx` times the TypeScript source under tsx instead. Memory is
 * measured apart, in a fresh plain `node` process per case running the built parser once (see
 * parse-memory.ts): its peak RSS over the input's size (the target is under 20x), and the same
 * without what the process held before parsing.
 */
export const description = "readMail MB/s (built parser in plain node; --tsx: the source under tsx) and peak RSS per input byte on corpus text (multiline, flattened, one long line) from 1 to 20 MB";

const MB = 1_000_000;
const WARM_RUNS = 5;
const TARGET_MB_S = { multiline: 20, flattened: 5 } as const;
const MAX_RSS_PER_BYTE = 20;
const SIZES_MB = [1, 5, 10, 20] as const;
const thisFile = fileURLToPath(import.meta.url);
const corpusDir = path.join(path.dirname(thisFile), "../fixtures/corpus");

type Kind = keyof typeof TARGET_MB_S;
interface Case {
  name: string;
  kind: Kind;
  bytes: number;
  /** Pieces are joined with a blank line (separate pastes) or a space (one long line). */
  sep: string;
}

const CASES: readonly Case[] = [
  ...(["multiline", "flattened"] as const).flatMap((kind) => SIZES_MB.map((mb) => ({ name: `${kind} ${mb}MB`, kind, bytes: mb * MB, sep: "\n\n" }))),
  ...[0.1, 1, 10, 20].map((mb) => ({ name: `one line ${mb}MB`, kind: "flattened" as const, bytes: mb * MB, sep: " " })),
];

/** Corpus bodies concatenated round-robin until `bytes` is reached (stopping at a file boundary). */
function input(kind: Kind, bytes: number, sep: string): string {
  const files = readdirSync(corpusDir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => readFileSync(path.join(corpusDir, f), "utf8"));
  if (files.length === 0) throw new Error(`no corpus files in ${corpusDir}`);
  // Flatten each file on its own: a paste set is many flattened messages, not one.
  const pieces = kind === "flattened" ? files.map(flatten) : files;
  const parts: string[] = [];
  for (let size = 0, i = 0; size < bytes; i++) {
    const piece = pieces[i % pieces.length] ?? "";
    parts.push(piece);
    size += Buffer.byteLength(piece) + sep.length;
  }
  return parts.join(sep);
}

interface Result {
  bytes: number;
  times: number[];
  error?: string;
  timedOut: boolean;
  warmed: boolean;
}

interface Memory {
  bytes: number;
  /** RSS when the parse began, and the process's peak. */
  beforeMB: number;
  peakMB: number;
  error?: string;
}

/**
 * Runs one case in a timing child (see speed-child.ts): the built one, or with `tsx` the source under
 * tsx (a fork inherits the bench's loader). It warms up on a 1 MB input of the same kind, then times
 * `runs` parses. Warm-up and the timed runs each get `budgetMs`; when it runs out the child is killed
 * and whatever runs finished count.
 */
function runCase(c: Case, runs: number, budgetMs: number, built: BuiltChild, tsx: boolean): Promise<Result> {
  const result: Result = { bytes: c.bytes, times: [], timedOut: false, warmed: false };
  const dir = path.dirname(built.speedChild);
  const warmFile = path.join(dir, `warm-${process.pid}.txt`);
  const file = path.join(dir, `speed-${process.pid}.txt`);
  writeFileSync(warmFile, input(c.kind, MB, c.sep));
  writeFileSync(file, input(c.kind, c.bytes, c.sep));
  const child = tsx ? path.join(path.dirname(thisFile), "speed-child.ts") : built.speedChild;
  const proc = fork(child, [warmFile, file, String(WARM_RUNS), String(runs)], { stdio: ["ignore", "inherit", "inherit", "ipc"], ...(tsx ? {} : { execArgv: [] }) });
  const expire = (): NodeJS.Timeout =>
    setTimeout(() => {
      result.timedOut = true;
      proc.kill();
    }, budgetMs);
  let timer = expire();
  proc.on("message", (m: SpeedMessage) => {
    if ("warmed" in m) {
      result.warmed = true;
      clearTimeout(timer);
      timer = expire();
    } else if ("ms" in m) {
      result.times.push(m.ms);
      result.bytes = m.bytes;
    } else if ("error" in m) result.error = m.error;
  });
  return new Promise((resolve) => {
    proc.on("exit", () => {
      clearTimeout(timer);
      rmSync(warmFile, { force: true });
      rmSync(file, { force: true });
      resolve(result);
    });
  });
}

/**
 * Measures one case's memory: the input built here and parsed once by the built child (see
 * parse-memory.ts), killed past `budgetMs`.
 */
async function measureMemory(c: Case, built: BuiltChild, budgetMs: number): Promise<Memory> {
  const m = await measureParseMemory(built, input(c.kind, c.bytes, c.sep), budgetMs);
  if ("error" in m) return { bytes: c.bytes, beforeMB: Number.NaN, peakMB: Number.NaN, error: m.error };
  return { bytes: m.bytes, beforeMB: m.beforeKB / 1024, peakMB: m.peakKB / 1024 };
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** Timed runs for a case: fewer for the large ones, whose medians settle sooner. */
const runsFor = (bytes: number, runs: number): number => (bytes <= MB ? runs : bytes <= 5 * MB ? Math.ceil(runs / 2) : Math.ceil(runs / 4));

/**
 * `npm run bench -- parse [--runs=N] [--budget=SECONDS] [--only=TEXT] [--tsx]`: N timed runs per case
 * of up to 1 MB (fewer above), each case capped at the budget per 10 MB; `--only` keeps the cases whose
 * name holds TEXT; `--tsx` times the source under tsx rather than the built parser.
 */
export async function run(args: string[]): Promise<void> {
  const opt = (key: string, fallback: number): number => {
    const v = Number(args.find((a) => a.startsWith(`--${key}=`))?.slice(key.length + 3));
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  const runs = opt("runs", 11);
  const budgetS = opt("budget", 60);
  const only = args.find((a) => a.startsWith("--only="))?.slice("--only=".length);
  const chosen = CASES.filter((c) => only === undefined || c.name.includes(only));
  const tsx = args.includes("--tsx");

  console.log(`readMail parse bench (${tsx ? "source under tsx" : "built parser in plain node"}): median of ${runs} runs (5MB: ${runsFor(5 * MB, runs)}, larger: ${runsFor(10 * MB, runs)}), ${budgetS} s budget per case and 10 MB`);
  console.log(`memory: one parse in a fresh process; ×input = peak RSS / input bytes (target <${MAX_RSS_PER_BYTE}), net× = (peak - RSS before the parse) / input bytes`);
  console.log(`${"case".padEnd(15)} ${"size".padStart(8)} ${"runs".padStart(4)} ${"median".padStart(10)} ${"MB/s".padStart(7)}  ${"target".padEnd(9)} ${"peak RSS".padStart(8)} ${"×input".padStart(6)} ${"net×".padStart(5)}`);
  const results = new Map<string, Result>();
  const built = buildChild();
  for (const c of chosen) {
    const budget = budgetS * 1000 * Math.max(1, c.bytes / (10 * MB));
    const r = await runCase(c, runsFor(c.bytes, runs), budget, built, tsx);
    const m = await measureMemory(c, built, budget);
    results.set(c.name, r);
    const ms = median(r.times);
    const target = TARGET_MB_S[c.kind];
    const rate = r.bytes / MB / (ms / 1000);
    const timing = r.times.length > 0 ? `${ms.toFixed(0)} ms` : `>${(budget / 1000).toFixed(0)} s`;
    const rateText = r.times.length > 0 ? rate.toFixed(1) : `<${(r.bytes / MB / (budget / 1000)).toPrecision(2)}`;
    const verdict = r.error !== undefined ? `ERROR: ${r.error}` : `≥${target} ${rate >= target ? "ok" : "LOW"}`;
    const measured = m.error === undefined && !Number.isNaN(m.peakMB);
    const peak = measured ? `${m.peakMB.toFixed(0)} MB` : (m.error ?? "?");
    const perByte = measured ? ((m.peakMB * 1024 * 1024) / m.bytes).toFixed(1) : "-";
    const net = measured ? (((m.peakMB - m.beforeMB) * 1024 * 1024) / m.bytes).toFixed(1) : "-";
    console.log(
      `${c.name.padEnd(15)} ${`${(r.bytes / MB).toFixed(1)} MB`.padStart(8)} ${String(r.times.length).padStart(4)}` +
        ` ${timing.padStart(10)} ${rateText.padStart(7)}  ${verdict.padEnd(9)} ${peak.padStart(8)} ${perByte.padStart(6)} ${net.padStart(5)}`,
    );
  }

  built.dispose();

  // Linear growth shows as a time ratio close to the size ratio.
  const growth = (big: string, small: string): string | undefined => {
    const b = results.get(big);
    const s = results.get(small);
    if (b === undefined || s === undefined || s.times.length === 0) return undefined;
    const sizeRatio = (b.bytes / s.bytes).toFixed(1);
    if (b.times.length === 0) return `time ×>${((budgetS * 1000 * Math.max(1, b.bytes / (10 * MB))) / median(s.times)).toFixed(0)} (budget hit) for size ×${sizeRatio}`;
    return `time ×${(median(b.times) / median(s.times)).toFixed(1)} for size ×${sizeRatio}`;
  };
  const pairs: [string, string][] = [
    ...(["multiline", "flattened"] as const).flatMap((kind) => SIZES_MB.slice(1).map((mb): [string, string] => [`${kind} ${mb}MB`, `${kind} 1MB`])),
    ["one line 1MB", "one line 0.1MB"],
    ["one line 10MB", "one line 1MB"],
    ["one line 20MB", "one line 1MB"],
  ];
  for (const [big, small] of pairs) {
    const g = growth(big, small);
    if (g !== undefined) console.log(`growth  ${`${big}/${small.split(" ").at(-1) ?? ""}:`.padEnd(24)} ${g}`);
  }
}
