// Apart from plan.ts, so that reporting it (the CLI's exit codes) does not load the tokenizers.

/** A thread too long for the model even in chunks, or settings that leave no room for text. */
export class PlanError extends Error {
  override name = "PlanError";
}
