import { planSummary, type PlanOptions, type SummaryPlan } from "../core/pipeline/plan.js";
import { readThread } from "../core/readers/read-thread.js";
import { summariseExtractive } from "../core/summary/extractive.js";
import type { Summary } from "../core/summary/model.js";
import type { Thread } from "../core/thread/model.js";
import { serveTasks } from "./thread-pool.js";

/*
 * The entry of the worker's CPU threads: the CPU-bound steps of a summarise job (reading the paste,
 * planning the model calls, the offline summary), run where they cannot hold up the event loop.
 * Tasks and results cross the thread boundary by structured clone: plain data only.
 */

/** What a thread is asked to do. */
export type CpuTask = { kind: "read"; text: string } | { kind: "plan"; thread: Thread; options: PlanOptions; budgetScale: number } | { kind: "offline"; text: string };

/** What each kind of task answers. */
export interface CpuResults {
  read: Thread;
  plan: SummaryPlan;
  offline: Summary;
}

async function run(task: CpuTask): Promise<CpuResults[CpuTask["kind"]]> {
  switch (task.kind) {
    case "read":
      return readThread(task.text);
    case "plan":
      return planSummary(task.thread, task.options, task.budgetScale);
    case "offline":
      // Read and summarised here in one go: the parsed thread, the bulk of the data, never crosses.
      return summariseExtractive(await readThread(task.text));
  }
}

serveTasks(run);
