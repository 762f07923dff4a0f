import { Worker } from "node:worker_threads";

/*
 * A watchdog on a thread of its own, for a property whose runs do synchronous work (rendering,
 * checking) that could, through a bug, never end. Such a run stops every timer of the test's
 * thread: vitest's timeout and fast-check's `timeout` never fire, and the test hangs without a word
 * about the input. The watchdog's thread keeps running: told what each run is about to do, it
 * writes that to stderr itself (not through the blocked thread) when the run has not finished in
 * time. It says nothing while runs finish in time.
 */

const CODE = `
const { parentPort, workerData } = require("node:worker_threads");
const { writeSync } = require("node:fs");
let timer;
parentPort.on("message", (what) => {
  clearTimeout(timer);
  if (what !== null) timer = setTimeout(() => writeSync(2, "\\n" + workerData.name + ": a run has not finished in " + workerData.ms + " ms: " + what + "\\n"), workerData.ms);
});
`;

export interface Watchdog {
  /** A run is starting; `what` says what it runs on (the seed and the input, say). */
  start(what: string): void;
  /** The run finished. */
  done(): void;
  stop(): Promise<void>;
}

export function watchdog(name: string, ms: number): Watchdog {
  const worker = new Worker(CODE, { eval: true, workerData: { name, ms } });
  // It never keeps the process alive on its own.
  worker.unref();
  return {
    start: (what) => worker.postMessage(what),
    done: () => worker.postMessage(null),
    stop: async () => void (await worker.terminate()),
  };
}
