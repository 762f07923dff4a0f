import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { readMail } from "../../core/readers/mail/read-mail.js";
import { flatten } from "../support/thread-generator.js";

/**
 * readMail throughput on real mail text. Inputs are the corpus bodies concatenated to ~1 MB and
 * ~10 MB, as sent (multiline) and flattened file by file (a set of web-archive pastes), plus one
 * single flattened line, because per-line work that is quadratic only shows on very long lines.
 */
export const description = "readMail MB/s on corpus text (multiline, flattened, one long line) at 1 and 10 MB";

const MB = 1_000_000;
const TARGET_MB_S = { multiline: 20, flattened: 5 } as const;
const corpusDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/corpus");

interface Case {
  name: string;
  kind: keyof typeof TARGET_MB_S;
  text: string;
}

/** Appends pieces round-robin (joined by `sep`) until the text reaches `target` bytes; stops at a piece boundary. */
function build(pieces: readonly string[], target: number, sep: string): string {
  const parts: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < target; i++) {
    const piece = pieces[i % pieces.length] ?? "";
    parts.push(piece);
    bytes += Buffer.byteLength(piece) + Buffer.byteLength(sep);
  }
  return parts.join(sep);
}

function cases(): Case[] {
  const files = readdirSync(corpusDir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => readFileSync(path.join(corpusDir, f), "utf8"));
  if (files.length === 0) throw new Error(`no corpus files in ${corpusDir}`);
  const flat = files.map(flatten);
  return [
    { name: "multiline 1MB", kind: "multiline", text: build(files, MB, "\n\n") },
    { name: "multiline 10MB", kind: "multiline", text: build(files, 10 * MB, "\n\n") },
    { name: "flattened 1MB", kind: "flattened", text: build(flat, MB, "\n\n") },
    { name: "flattened 10MB", kind: "flattened", text: build(flat, 10 * MB, "\n\n") },
    { name: "one line 0.1MB", kind: "flattened", text: build(flat, MB / 10, " ") },
    { name: "one line 1MB", kind: "flattened", text: build(flat, MB, " ") },
  ];
}

interface Result {
  bytes: number;
  ms: number;
  error?: string;
}

/** Median wall time of `runs` parses; the segment count is kept so the work cannot be optimised away. */
function measure(text: string, runs: number): Result {
  const bytes = Buffer.byteLength(text);
  const times: number[] = [];
  let sink = 0;
  try {
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      sink += readMail(text).segments.length;
      times.push(performance.now() - t0);
    }
  } catch (e) {
    return { bytes, ms: Number.NaN, error: e instanceof Error ? e.message : String(e) };
  }
  times.sort((a, b) => a - b);
  if (sink < 0) console.log(sink);
  return { bytes, ms: times[Math.floor(times.length / 2)] ?? Number.NaN };
}

const rssMB = (): number => process.resourceUsage().maxRSS / 1024;

/** `npm run bench -- parse [--runs=N]` (N timed runs per 1 MB case, fewer for 10 MB). */
export function run(args: string[]): void {
  const runsArg = args.find((a) => a.startsWith("--runs="));
  const runs = Math.max(1, Number(runsArg?.slice("--runs=".length) ?? 5) || 5);
  const all = cases();

  // Warm-up: let the JIT settle on the 1 MB inputs before anything is timed.
  for (const c of all.filter((x) => x.name.endsWith(" 1MB"))) measure(c.text, 2);

  const results = new Map<string, Result>();
  console.log(`readMail parse benchmark (median of ${runs} runs; ${Math.max(1, Math.ceil(runs / 2))} for 10MB)`);
  console.log(`${"case".padEnd(16)} ${"size".padStart(9)} ${"median".padStart(10)} ${"MB/s".padStart(8)}  target`);
  for (const c of all) {
    const r = measure(c.text, c.name.includes("10MB") ? Math.max(1, Math.ceil(runs / 2)) : runs);
    results.set(c.name, r);
    const target = TARGET_MB_S[c.kind];
    const rate = r.bytes / MB / (r.ms / 1000);
    const verdict = r.error !== undefined ? `ERROR ${r.error}` : `≥${target} ${rate >= target ? "ok" : "BELOW"}`;
    console.log(
      `${c.name.padEnd(16)} ${`${(r.bytes / MB).toFixed(2)} MB`.padStart(9)} ${`${r.ms.toFixed(1)} ms`.padStart(10)}` +
        ` ${rate.toFixed(1).padStart(8)}  ${verdict}`,
    );
  }

  // Linear growth shows as a time ratio close to the size ratio (~10).
  const growth = (big: string, small: string): string => {
    const b = results.get(big);
    const s = results.get(small);
    if (b === undefined || s === undefined) return "n/a";
    return `time ×${(b.ms / s.ms).toFixed(1)} for size ×${(b.bytes / s.bytes).toFixed(1)}`;
  };
  console.log(`growth multiline 10MB/1MB: ${growth("multiline 10MB", "multiline 1MB")}`);
  console.log(`growth flattened 10MB/1MB: ${growth("flattened 10MB", "flattened 1MB")}`);
  console.log(`growth one line 1MB/0.1MB: ${growth("one line 1MB", "one line 0.1MB")}`);
  console.log(`peak RSS: ${rssMB().toFixed(0)} MB`);
}
