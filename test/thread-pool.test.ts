import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { planSummary } from "../core/pipeline/plan.js";
import type { PipelineOptions } from "../core/pipeline/summarise.js";
import { readThread } from "../core/readers/read-thread.js";
import { summariseExtractive } from "../core/summary/extractive.js";
import { cpuPool, jobCompute } from "../worker/cpu.js";
import { Budget, DeadlineError, TaskError, ThreadPool } from "../worker/thread-pool.js";
import { bigPaste } from "./support/big-paste.js";
import type { TestTask } from "./support/test-thread.js";

/*
 * The worker's thread pool on real threads: what a task answers comes back, a task past its budget
 * is terminated, and a task that throws or a thread that dies rejects instead of hanging. The pool
 * runs the TypeScript entries through tsx, as `npm run worker` does.
 */

const pools: { close: () => Promise<void> }[] = [];
const generous = (): Budget => new Budget(30_000);

function testPool(size = 1): ThreadPool<TestTask> {
  const pool = new ThreadPool<TestTask>(new URL("./support/test-thread.ts", import.meta.url), size);
  pools.push(pool);
  return pool;
}

afterAll(() => Promise.all(pools.map((p) => p.close())));

describe("thread pool", () => {
  it("returns what a task answers, by structured clone", async () => {
    const pool = testPool();
    const value = { text: "ok", list: [1, 2, 3], nested: { none: null } };
    await expect(pool.run({ kind: "echo", value }, generous())).resolves.toEqual(value);
  });

  it("terminates a task past its budget, rejects with DeadlineError, and runs the next task on a fresh thread", async () => {
    const pool = testPool();
    const err = await pool.run({ kind: "spin" }, new Budget(200)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeadlineError);
    expect((err as DeadlineError).budgetMs).toBe(200);
    await expect(pool.run({ kind: "echo", value: "after" }, generous())).resolves.toBe("after");
  });

  it("terminates a regex stuck backtracking (the slow case of hostile input)", async () => {
    const pool = testPool();
    await expect(pool.run({ kind: "match", pattern: "^(a+)+$", text: "a".repeat(30) }, generous())).resolves.toBe(true);
    await expect(pool.run({ kind: "match", pattern: "^(a+)+$", text: `${"a".repeat(60)}!` }, new Budget(200))).rejects.toBeInstanceOf(DeadlineError);
  });

  it("charges each task to its budget: a budget a task used up refuses the next task", async () => {
    const pool = testPool();
    const budget = new Budget(200);
    await expect(pool.run({ kind: "spin" }, budget)).rejects.toBeInstanceOf(DeadlineError);
    expect(budget.leftMs).toBe(0);
    await expect(pool.run({ kind: "echo", value: 1 }, budget)).rejects.toBeInstanceOf(DeadlineError);
  });

  it("rejects with the task's error when it throws, and the thread serves the next task", async () => {
    const pool = testPool();
    await expect(pool.run({ kind: "throw", message: "bad input" }, generous())).rejects.toThrow(new TaskError("bad input"));
    await expect(pool.run({ kind: "echo", value: 2 }, generous())).resolves.toBe(2);
  });

  it("rejects, not hangs, when the thread exits or dies of an uncaught error, and replaces it", async () => {
    const pool = testPool();
    await expect(pool.run({ kind: "exit" }, generous())).rejects.toThrow(/the thread stopped \(exit code 3\)/u);
    await expect(pool.run({ kind: "uncaught" }, generous())).rejects.toThrow(/the thread crashed: thrown outside any task/u);
    await expect(pool.run({ kind: "echo", value: 3 }, generous())).resolves.toBe(3);
  });

  it("runs at most `size` tasks at once; the others wait for a thread", async () => {
    const pool = testPool(1);
    const spinning = pool.run({ kind: "spin" }, new Budget(300));
    // Queued behind the spinning task; its budget starts only when a thread takes it.
    const waiting = pool.run({ kind: "echo", value: "queued" }, new Budget(200));
    await expect(spinning).rejects.toBeInstanceOf(DeadlineError);
    await expect(waiting).resolves.toBe("queued");
  });

  it("rejects running and new tasks once closed", async () => {
    const pool = testPool();
    await pool.run({ kind: "echo", value: "warm" }, generous());
    const spinning = pool.run({ kind: "spin" }, generous());
    await new Promise((r) => setTimeout(r, 100));
    await pool.close();
    await expect(spinning).rejects.toThrow(/closed/u);
    await expect(pool.run({ kind: "echo", value: 4 }, generous())).rejects.toThrow(/closed/u);
  });
});

describe("the worker's CPU threads", () => {
  const example = readFileSync(new URL("../examples/lkml-accel-flattened.txt", import.meta.url), "utf8");

  it("read, plan and summarise offline exactly as in-process", async () => {
    const pool = cpuPool(1);
    pools.push(pool);
    const cpu = jobCompute(pool, 30_000);
    const thread = await cpu.read(example);
    expect(thread).toEqual(await readThread(example));
    const options = { model: "gpt-5-mini", contextTokens: undefined, chunkTokens: 2000 };
    // The pipeline's options carry callbacks, which cannot cross to a thread: only the plan's own go.
    const pipeline: PipelineOptions = { ...options, concurrency: 1, onProgress: () => undefined };
    expect(await cpu.plan(thread, pipeline, 0.5)).toEqual(planSummary(thread, options, 0.5));
    expect(await cpu.offline(example)).toEqual(summariseExtractive(thread));
  });

  it("stops reading a paste that takes longer than the job's budget", async () => {
    const pool = cpuPool(1);
    pools.push(pool);
    await expect(jobCompute(pool, 20).read(bigPaste(4_000_000))).rejects.toBeInstanceOf(DeadlineError);
  });
});
