import { ConfigError } from "../config/env.js";
import { InputError } from "../input/load.js";
import { ModelError, type ModelErrorKind } from "../model/errors.js";
import { PlanError } from "../pipeline/plan-error.js";
import { JobFailedError, QueueTimeoutError, QueueUnavailableError } from "../queue/errors.js";

/** The CLI's exit codes, as the README lists them. */
export const EXIT = {
  ok: 0,
  /** Anything else: output that could not be written, or a bug. */
  failure: 1,
  /** Input, options or settings the user can fix. */
  usage: 2,
  /** A service the command needs is down or not answering: Redis, a worker, the model server (sysexits' EX_UNAVAILABLE). */
  unavailable: 69,
} as const;

// A refused key, an unknown model or a window too small are the user's settings to fix; the rest is
// the server failing to answer.
const MODEL_EXIT: Record<ModelErrorKind, number> = {
  auth: EXIT.usage,
  rejected: EXIT.usage,
  context_length: EXIT.usage,
  rate_limited: EXIT.unavailable,
  unavailable: EXIT.unavailable,
  invalid_output: EXIT.unavailable,
};

/** The exit code of a failure the user can act on, told as one line; undefined for anything else. */
export function exitCodeOf(err: unknown): number | undefined {
  if (err instanceof InputError || err instanceof ConfigError || err instanceof PlanError) return EXIT.usage;
  if (err instanceof ModelError) return MODEL_EXIT[err.kind];
  // A job that failed in the worker failed for the worker's reasons (its model server, its key), not the user's input.
  if (err instanceof QueueUnavailableError || err instanceof QueueTimeoutError || err instanceof JobFailedError) return EXIT.unavailable;
  return undefined;
}
