import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { tokenizerFor } from "../../core/chunk/tokenizer.js";
import { BASELINES } from "../support/hostile.js";

/**
 * Token counting time by input shape and size: real mail against the shapes that made BPE
 * quadratic (long runs without spaces), at 0.25 to 2 MB. Random shapes are drawn afresh for every
 * run, so the encoder's merge cache cannot answer them; mail is counted after a warm-up, as a
 * long-running worker counts it. Linear counting shows as a 2 MB / 1 MB ratio near 2.
 */
export const description = "token counting ms at 0.25/0.5/1/2 MB: real mail vs no-space runs, base64, CJK, emoji";

const MB = 1_000_000;
const SIZES = [0.25, 0.5, 1, 2] as const;

/** `count` code points drawn uniformly from `span` code points starting at `base`. */
function randomRun(count: number, base: number, span: number): string {
  const bytes = randomBytes(2 * count);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(String.fromCodePoint(base + (bytes.readUInt16LE(2 * i) % span)));
  return out.join("");
}

/** Each shape makes about `bytes` UTF-8 bytes. */
const SHAPES: Record<string, (bytes: number) => string> = {
  "real mail": (bytes) => BASELINES.multiline.make(bytes),
  "letters, no space": (bytes) => randomRun(bytes, 0x61, 26),
  "one letter": (bytes) => "a".repeat(bytes),
  "/@/@…": (bytes) => "/@".repeat(bytes / 2),
  "base64 one line": (bytes) => randomBytes(Math.ceil((bytes * 3) / 4)).toString("base64"),
  "CJK, no space": (bytes) => randomRun(Math.round(bytes / 3), 0x4e00, 20_000),
  "emoji, no space": (bytes) => randomRun(Math.round(bytes / 4), 0x1f300, 768),
  "spaces": (bytes) => " ".repeat(bytes),
};

/** `npm run bench -- tokens [--runs=N]`: median of N runs (default 3) per shape and size, o200k_base. */
export function run(args: string[]): void {
  const runs = Math.max(1, Number(args.find((a) => a.startsWith("--runs="))?.slice(7) ?? 3) || 3);
  const tokenizer = tokenizerFor("gpt-4o");
  const header = `${"shape".padEnd(18)}${SIZES.map((s) => `${s} MB`.padStart(10)).join("")}${"2MB/1MB".padStart(9)}${"tokens@2MB".padStart(12)}`;
  console.log(`token counting, ${tokenizer.encoding}, median of ${runs} runs (ms)\n${header}`);
  for (const [name, make] of Object.entries(SHAPES)) {
    // Warm-up: compile the counting path for this shape (and fill the merge cache with common words for mail).
    tokenizer.countTokens(make(MB / 4));
    const times: number[] = [];
    let tokens = 0;
    for (const size of SIZES) {
      const samples: number[] = [];
      for (let r = 0; r < runs; r++) {
        const text = make(size * MB);
        const t0 = performance.now();
        tokens = tokenizer.countTokens(text);
        samples.push(performance.now() - t0);
      }
      times.push(samples.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? Number.NaN);
    }
    const ratio = (times[3] ?? Number.NaN) / (times[2] ?? Number.NaN);
    console.log(`${name.padEnd(18)}${times.map((t) => t.toFixed(0).padStart(10)).join("")}${ratio.toFixed(2).padStart(9)}${String(tokens).padStart(12)}`);
  }
}
