import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { tokenizerFor } from "../../core/chunk/tokenizer.js";
import { openAiChatModel } from "../../core/model/chat.js";
import { planSummary } from "../../core/pipeline/plan.js";
import { summariseWithModel, type PipelineOptions } from "../../core/pipeline/summarise.js";
import { readMail } from "../../core/readers/mail/read-mail.js";
import type { Thread } from "../../core/thread/model.js";
import { honestSummary, startFakeOpenAi } from "../support/fake-openai.js";

/**
 * The summary pipeline against the fake OpenAI-compatible server answering after a fixed latency,
 * through the real client over HTTP. Per thread: model calls, dependent rounds, prompt tokens over
 * thread tokens, wall time over one call's latency, and the time spent outside model calls.
 */
export const description = "summary pipeline vs a fake model server: calls, rounds, prompt/thread tokens, wall/latency";

const here = path.dirname(fileURLToPath(import.meta.url));
const MODEL = "gpt-5-mini";

/**
 * Real mail, corpus bodies pasted one after another as one thread, until the raw text holds
 * `tokens` tokens (signatures, footers and attribution lines are not sent, so the thread sent is smaller).
 */
function longThread(tokens: number): Thread {
  const dir = path.join(here, "../fixtures/corpus");
  const bodies = readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => readFileSync(path.join(dir, f), "utf8"));
  const tokenizer = tokenizerFor(MODEL);
  const parts: string[] = [];
  let count = 0;
  for (let i = 0; count < tokens; i++) {
    const body = bodies[i % bodies.length] ?? "";
    parts.push(body);
    count += tokenizer.countTokens(body);
  }
  return readMail(parts.join("\n\n"));
}

export async function run(args: string[]): Promise<void> {
  const latency = Number(args.find((a) => a.startsWith("--latency="))?.slice(10) ?? 2000);
  const fake = await startFakeOpenAi((body) => ({ kind: "json", content: honestSummary(body), delayMs: latency }));
  const tokenizer = tokenizerFor(MODEL);
  try {
    const chat = openAiChatModel({ model: MODEL, apiKey: "sk-bench", baseURL: fake.baseURL, timeoutMs: 60_000, maxRetries: 0 });
    const options: PipelineOptions = { model: MODEL, contextTokens: undefined, chunkTokens: 24_000, concurrency: 4 };
    const threads: [string, Thread][] = [
      ["short (example)", readMail(readFileSync(path.join(here, "../../examples/lkml-accel-flattened.txt"), "utf8"))],
      ["long (~60k tokens)", longThread(90_000)],
    ];
    console.log(`summary pipeline bench: ${MODEL}, fake server answering after ${latency} ms, map concurrency ${options.concurrency}`);
    console.log(`${"thread".padEnd(20)} ${"tokens".padStart(7)} ${"calls".padStart(5)} ${"rounds".padStart(6)} ${"prompt/thread".padStart(13)} ${"wall/latency".padStart(12)} ${"outside calls".padStart(14)}`);
    for (const [name, thread] of threads) {
      const plan = planSummary(thread, options);
      const before = fake.requests.length;
      const t0 = performance.now();
      const summary = await summariseWithModel(thread, chat, options);
      const wall = performance.now() - t0;
      const requests = fake.requests.slice(before);
      const promptTokens = requests.reduce((n, r) => n + r.messages.reduce((m, msg) => m + tokenizer.countTokens(msg.content), 0), 0);
      // Every round waits for one latency; the rest of the wall time is the pipeline's own work.
      const outside = wall - plan.rounds * latency;
      console.log(
        `${name.padEnd(20)} ${String(plan.threadTokens).padStart(7)} ${String(summary.provenance.calls).padStart(5)} ${String(plan.rounds).padStart(6)} ${(promptTokens / plan.threadTokens).toFixed(3).padStart(13)} ${(wall / latency).toFixed(3).padStart(12)} ${`${outside.toFixed(0)} ms ${((100 * outside) / wall).toFixed(1)}%`.padStart(14)}`,
      );
    }
    console.log("targets: short thread 1 call; long thread 2 rounds, wall/latency < 2.2, prompt/thread <= 1.25, outside calls < 5% of wall");
  } finally {
    await fake.close();
  }
}
