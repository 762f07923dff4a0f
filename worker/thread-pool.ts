import { parentPort, Worker } from "node:worker_threads";
import { performance } from "node:perf_hooks";

/*
 * CPU work off the event loop: tasks run on worker threads, one task per thread at a time, each
 * within what is left of a time budget. A thread over its deadline is terminated (V8 stops it even
 * inside a runaway regex) and replaced by a fresh one for the next task.
 */

/** Time a series of tasks may spend on threads in all; each task gets what the ones before it left. */
export class Budget {
  private spentMs = 0;
  constructor(readonly totalMs: number) {}

  get leftMs(): number {
    return Math.max(0, this.totalMs - this.spentMs);
  }

  spend(ms: number): void {
    this.spentMs += ms;
  }
}

/** A task ran past its budget; its thread was terminated. */
export class DeadlineError extends Error {
  override name = "DeadlineError";
  constructor(readonly budgetMs: number) {
    super(`the task ran past its budget of ${budgetMs} ms`);
  }
}

/** A task threw in its thread, or its thread died under it (out of memory, exit). */
export class TaskError extends Error {
  override name = "TaskError";
}

/** What a thread posts back: once that it is ready, then one reply per task. */
type Reply = { ready: true } | { ok: true; value: unknown } | { ok: false; error: string };

interface Waiting {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

/** Threads of an entry written in TypeScript (run from source) load through tsx, which the thread registers itself. */
function spawn(entry: URL): Worker {
  if (!entry.pathname.endsWith(".ts")) return new Worker(entry);
  // tsx's hooks do not reach a worker thread through execArgv (`--import tsx` fails on the .ts entry),
  // so a one-line ES module registers them in the thread, then imports the entry.
  const boot = `const { register } = await import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}); register(); await import(${JSON.stringify(entry.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`));
}

/** One thread: ready once its entry has loaded, then running at most one task. */
class Slot {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  /** Set once the thread is gone or going: it takes no more tasks. */
  dead = false;
  private waiting: Waiting | undefined;

  constructor(entry: URL) {
    this.worker = spawn(entry);
    this.ready = new Promise((resolve, reject) => (this.waiting = { resolve: () => resolve(), reject }));
    this.worker.on("message", (reply: Reply) => {
      if ("ready" in reply) this.settle()?.resolve(undefined);
      else if (reply.ok) this.settle()?.resolve(reply.value);
      else this.settle()?.reject(new TaskError(reply.error));
    });
    // Without an "error" listener a dying thread would take the process with it.
    this.worker.on("error", (err) => this.die(new TaskError(`the thread crashed: ${err.message}`)));
    this.worker.on("exit", (code) => this.die(new TaskError(`the thread stopped (exit code ${code})`)));
  }

  /** Posts `task`; rejects with DeadlineError and terminates the thread when it runs past `deadlineMs`. */
  exec(task: unknown, deadlineMs: number, budgetMs: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.settle();
        void this.kill();
        reject(new DeadlineError(budgetMs));
      }, deadlineMs);
      const done = (): void => clearTimeout(timer);
      this.waiting = {
        resolve: (value) => (done(), resolve(value)),
        reject: (err) => (done(), reject(err)),
      };
      this.worker.postMessage(task);
    });
  }

  /** Ends the thread; it takes no more tasks. Resolves once it has stopped. */
  async kill(): Promise<void> {
    this.dead = true;
    await this.worker.terminate();
  }

  private die(err: TaskError): void {
    this.dead = true;
    this.settle()?.reject(err);
  }

  private settle(): Waiting | undefined {
    const waiting = this.waiting;
    this.waiting = undefined;
    return waiting;
  }
}

/**
 * Up to `size` threads running `entry` (a module calling {@link serveTasks}), started on demand and
 * kept for the next task; a task beyond `size` waits for a thread.
 */
export class ThreadPool<Task> {
  private readonly idle: Slot[] = [];
  private readonly slots = new Set<Slot>();
  private readonly queue: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly entry: URL,
    private readonly size: number,
  ) {}

  /**
   * Runs `task` on a thread within what is left of `budget` (counted from when the thread takes it,
   * so a thread's start-up is not charged), and charges the time it took. Rejects with
   * DeadlineError past the budget, TaskError when the task throws or the thread dies.
   */
  async run(task: Task, budget: Budget): Promise<unknown> {
    const slot = await this.acquire();
    try {
      await slot.ready;
      if (budget.leftMs <= 0) throw new DeadlineError(budget.totalMs);
      const leftMs = budget.leftMs;
      const start = performance.now();
      try {
        return await slot.exec(task, leftMs, budget.totalMs);
      } catch (err) {
        // Timers may fire a fraction of a millisecond early by this clock: a task stopped at its deadline used all of it.
        if (err instanceof DeadlineError) budget.spend(leftMs);
        throw err;
      } finally {
        budget.spend(performance.now() - start);
      }
    } catch (err) {
      // Stopped by close(), not by the task: no verdict on the task.
      if (this.closed && err instanceof TaskError) throw new Error("the thread pool closed while the task ran");
      throw err;
    } finally {
      this.release(slot);
    }
  }

  /** Terminates every thread; tasks running on them reject, and the pool takes no more. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = [...this.slots];
    this.slots.clear();
    this.idle.length = 0;
    for (const wake of this.queue.splice(0)) wake();
    await Promise.all(slots.map((s) => s.kill()));
  }

  private async acquire(): Promise<Slot> {
    for (;;) {
      if (this.closed) throw new Error("the thread pool is closed");
      const idle = this.idle.pop();
      if (idle !== undefined && !idle.dead) return idle;
      // A thread that died while idle (out of memory, say) is replaced.
      if (idle !== undefined) {
        this.slots.delete(idle);
        continue;
      }
      if (this.slots.size < this.size) {
        const slot = new Slot(this.entry);
        this.slots.add(slot);
        return slot;
      }
      await new Promise<void>((resolve) => this.queue.push(resolve));
    }
  }

  private release(slot: Slot): void {
    if (slot.dead) {
      this.slots.delete(slot);
      void slot.kill();
    } else if (!this.closed) this.idle.push(slot);
    this.queue.shift()?.();
  }
}

/**
 * The thread side: answers each task posted to this thread with `handler`'s result, or its error's
 * message. Call once, from the entry module, after its imports.
 */
export function serveTasks<Task>(handler: (task: Task) => Promise<unknown>): void {
  const port = parentPort;
  if (port === null) throw new Error("serveTasks runs in a worker thread");
  port.on("message", (task: Task) => {
    handler(task).then(
      (value) => port.postMessage({ ok: true, value } satisfies Reply),
      (err: unknown) => port.postMessage({ ok: false, error: err instanceof Error ? err.message : String(err) } satisfies Reply),
    );
  });
  port.postMessage({ ready: true } satisfies Reply);
}
