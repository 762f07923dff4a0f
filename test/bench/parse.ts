import { fork } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { readMail } from "../../core/readers/mail/read-mail.js";
import { flatten } from "../support/thread-generator.js";

/**
 * readMail throughput on real mail text. Inputs are the corpus bodies concatenated to ~1 MB and
 * ~10 MB, as sent (multiline) and flattened file by file (a set of web-archive pastes), plus one
 * single flattened line, because per-line work that is quadratic only shows on very long lines.
 *
 * Each case runs in its own child process: a fresh heap gives a per-case peak RSS, and a case
 * that blows its time budget (a quadratic parser on 10 MB) can be killed instead of hanging the run.
 */
export const description = "readMail MB/s on corpus text (multiline, flattened, one long line) at 1 and 10 MB";

const MB = 1_000_000;
const WARM_RUNS = 5;
const TARGET_MB_S = { multiline: 20, flattened: 5 } as const;
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
  { name: "multiline 1MB", kind: "multiline", bytes: MB, sep: "\n\n" },
  { name: "multiline 10MB", kind: "multiline", bytes: 10 * MB, sep: "\n\n" },
  { name: "flattened 1MB", kind: "flattened", bytes: MB, sep: "\n\n" },
  { name: "flattened 10MB", kind: "flattened", bytes: 10 * MB, sep: "\n\n" },
  { name: "one line 0.1MB", kind: "flattened", bytes: MB / 10, sep: " " },
  { name: "one line 1MB", kind: "flattened", bytes: MB, sep: " " },
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

/** Messages from a child: warm-up done, one per timed run, then its peak RSS. */
type ChildMessage = { warmed: true } | { ms: number; bytes: number } | { maxRssKB: number } | { error: string };

/**
 * Child side: warm up on a 1 MB input of the same kind (V8 keeps re-optimising over the first few
 * megabytes parsed, and a long-running worker runs the settled code, so that is what is timed), then
 * time `runs` parses, reporting each.
 */
function child(name: string, runs: number): void {
  const c = CASES.find((x) => x.name === name);
  if (c === undefined || process.send === undefined) throw new Error(`bad bench child "${name}"`);
  const send = (m: ChildMessage): void => void process.send?.(m);
  try {
    const warm = input(c.kind, MB, c.sep);
    for (let i = 0; i < WARM_RUNS; i++) readMail(warm);
    send({ warmed: true });
    const text = input(c.kind, c.bytes, c.sep);
    const bytes = Buffer.byteLength(text);
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      readMail(text);
      send({ ms: performance.now() - t0, bytes });
    }
  } catch (e) {
    send({ error: e instanceof Error ? e.message : String(e) });
  }
  send({ maxRssKB: process.resourceUsage().maxRSS });
  process.disconnect();
}

interface Result {
  bytes: number;
  times: number[];
  rssMB: number;
  error?: string;
  timedOut: boolean;
  warmed: boolean;
}

/**
 * Runs one case in a child process. Warm-up and the timed runs each get `budgetMs`; when it runs
 * out the child is killed and whatever runs finished count.
 */
function runCase(c: Case, runs: number, budgetMs: number): Promise<Result> {
  const result: Result = { bytes: c.bytes, times: [], rssMB: Number.NaN, timedOut: false, warmed: false };
  const proc = fork(thisFile, ["--bench-child", c.name, String(runs)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const expire = (): NodeJS.Timeout =>
    setTimeout(() => {
      result.timedOut = true;
      proc.kill();
    }, budgetMs);
  let timer = expire();
  proc.on("message", (m: ChildMessage) => {
    if ("warmed" in m) {
      result.warmed = true;
      clearTimeout(timer);
      timer = expire();
    } else if ("ms" in m) {
      result.times.push(m.ms);
      result.bytes = m.bytes;
    } else if ("maxRssKB" in m) result.rssMB = m.maxRssKB / 1024;
    else result.error = m.error;
  });
  return new Promise((resolve) => {
    proc.on("exit", () => {
      clearTimeout(timer);
      resolve(result);
    });
  });
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** `npm run bench -- parse [--runs=N] [--budget=SECONDS]`: N timed runs per case (10 MB: half), each case capped at the budget. */
export async function run(args: string[]): Promise<void> {
  const opt = (key: string, fallback: number): number => {
    const v = Number(args.find((a) => a.startsWith(`--${key}=`))?.slice(key.length + 3));
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  const runs = opt("runs", 11);
  const budgetS = opt("budget", 60);

  console.log(`readMail parse bench: median of ${runs} runs (10MB: ${Math.ceil(runs / 2)}), ${budgetS} s budget per case`);
  console.log(`${"case".padEnd(15)} ${"size".padStart(8)} ${"runs".padStart(4)} ${"median".padStart(10)} ${"MB/s".padStart(7)}  ${"target".padEnd(9)} peak RSS`);
  const results = new Map<string, Result>();
  for (const c of CASES) {
    const n = c.bytes > MB ? Math.ceil(runs / 2) : runs;
    const r = await runCase(c, n, budgetS * 1000);
    results.set(c.name, r);
    const ms = median(r.times);
    const target = TARGET_MB_S[c.kind];
    const rate = r.bytes / MB / (ms / 1000);
    const timing = r.times.length > 0 ? `${ms.toFixed(0)} ms` : `>${budgetS} s`;
    const rateText = r.times.length > 0 ? rate.toFixed(1) : `<${(r.bytes / MB / budgetS).toPrecision(2)}`;
    const verdict = r.error !== undefined ? `ERROR: ${r.error}` : `≥${target} ${rate >= target ? "ok" : "LOW"}`;
    const rss = Number.isNaN(r.rssMB) ? (r.timedOut ? `killed${r.warmed ? "" : " in warm-up"}` : "?") : `${r.rssMB.toFixed(0)} MB`;
    console.log(
      `${c.name.padEnd(15)} ${`${(r.bytes / MB).toFixed(1)} MB`.padStart(8)} ${String(r.times.length).padStart(4)}` +
        ` ${timing.padStart(10)} ${rateText.padStart(7)}  ${verdict.padEnd(9)} ${rss}`,
    );
  }

  // Linear growth shows as a time ratio close to the size ratio (~10).
  const growth = (big: string, small: string): string => {
    const b = results.get(big);
    const s = results.get(small);
    if (b === undefined || s === undefined || s.times.length === 0) return "n/a";
    const sizeRatio = (b.bytes / s.bytes).toFixed(1);
    if (b.times.length === 0) return `time ×>${((budgetS * 1000) / median(s.times)).toFixed(0)} (budget hit) for size ×${sizeRatio}`;
    return `time ×${(median(b.times) / median(s.times)).toFixed(1)} for size ×${sizeRatio}`;
  };
  console.log(`growth  multiline 10MB/1MB: ${growth("multiline 10MB", "multiline 1MB")}`);
  console.log(`growth  flattened 10MB/1MB: ${growth("flattened 10MB", "flattened 1MB")}`);
  console.log(`growth  one line 1MB/0.1MB: ${growth("one line 1MB", "one line 0.1MB")}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv[2] === "--bench-child") {
  child(process.argv[3] ?? "", Number(process.argv[4] ?? 1));
}
