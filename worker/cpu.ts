import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import type { Planner } from "../core/pipeline/plan.js";
import type { Summary } from "../core/summary/model.js";
import type { Thread } from "../core/thread/model.js";
import type { CpuResults, CpuTask } from "./cpu-thread.js";
import { Budget, ThreadPool } from "./thread-pool.js";

/** The worker's CPU threads, one per job it runs at once. */
export type CpuPool = ThreadPool<CpuTask>;

/**
 * A pool of `size` CPU threads. Their entry sits next to this module with its extension: `.ts` when
 * the worker runs from source (tsx), `.js` once compiled.
 */
export function cpuPool(size: number): CpuPool {
  const here = fileURLToPath(import.meta.url);
  return new ThreadPool<CpuTask>(new URL(`./cpu-thread${extname(here)}`, import.meta.url), size);
}

/** One job's CPU work on the pool, all of it within one budget of `budgetMs`. */
export interface JobCompute {
  /** The paste as a thread. */
  read: (text: string) => Promise<Thread>;
  /** The model pipeline's plans. */
  plan: Planner;
  /** The paste read and summarised without a model. */
  offline: (text: string) => Promise<Summary>;
}

/** {@link JobCompute} on `pool`. */
export function jobCompute(pool: CpuPool, budgetMs: number): JobCompute {
  const budget = new Budget(budgetMs);
  const run = async <K extends CpuTask["kind"]>(task: Extract<CpuTask, { kind: K }>): Promise<CpuResults[K]> => (await pool.run(task, budget)) as CpuResults[K];
  return {
    read: (text) => run({ kind: "read", text }),
    // Only the plan's own options cross to the thread: the pipeline's also carry callbacks.
    plan: (thread, { model, contextTokens, chunkTokens }, budgetScale) => run({ kind: "plan", thread, options: { model, contextTokens, chunkTokens }, budgetScale }),
    offline: (text) => run({ kind: "offline", text }),
  };
}
