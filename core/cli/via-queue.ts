import type { Config } from "../config/env.js";
import { JobFailedError, QueueTimeoutError } from "../queue/errors.js";
import { Submitter } from "../queue/submit.js";
import type { Summary } from "../summary/model.js";


// Long enough for a running worker to take a job off an idle queue, short enough that a user
// waiting on no worker at all hears of it before wondering.
const NOTICE_AFTER_MS = 2000;

/**
 * The distributed path from a terminal: the paste goes through Redis to a worker and the result
 * comes back within `timeoutSeconds`. When no worker has taken the job after a moment, `notice`
 * hears "waiting for a worker…" once.
 */
export async function summariseViaQueue(config: Config, text: string, model: string, timeoutSeconds: number, notice: (line: string) => void): Promise<Summary> {
  const submitter = new Submitter({ redis: config.redis, retentionSeconds: config.retentionSeconds, attempts: config.worker.attempts, retryDelayMs: config.worker.retryDelayMs, quotas: config.quotas });
  try {
    const { jobId } = await submitter.submit(text, { model: model === config.model ? null : model, destination: { kind: "cli" } });
    let waiting = true;
    const timer = setTimeout(() => {
      void submitter.state(jobId).then(
        (state) => {
          if (waiting && state === "waiting") notice("waiting for a worker…");
        },
        // Only a notice: if Redis fails now, waiting for the result says so.
        () => undefined,
      );
    }, NOTICE_AFTER_MS);
    try {
      return (await submitter.waitFor(jobId, timeoutSeconds * 1000)).summary;
    } catch (err) {
      throw err instanceof JobFailedError ? await whyUnfinished(submitter, jobId, timeoutSeconds, err) : err;
    } finally {
      waiting = false;
      clearTimeout(timer);
    }
  } finally {
    await submitter.close();
  }
}

/** A job that did not end in a summary: failed for good, or (when it is still queued or running) out of time. */
async function whyUnfinished(submitter: Submitter, jobId: string, timeoutSeconds: number, err: JobFailedError): Promise<Error> {
  const state = await submitter.state(jobId);
  if (state === "waiting" || state === "prioritized") {
    return new QueueTimeoutError(`no worker took the job within ${timeoutSeconds} s: start one with \`npm run worker\` on the same REDIS_URL and STANDPOINT_REDIS_PREFIX, or wait longer with --timeout`);
  }
  if (state === "active" || state === "delayed") return new QueueTimeoutError(`the job did not finish within ${timeoutSeconds} s; a worker is still on it: wait longer with --timeout`);
  return err;
}
