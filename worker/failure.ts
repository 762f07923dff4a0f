import { ModelError, type ModelErrorKind } from "../core/model/errors.js";
import { JobTimeoutError, PasteExpiredError } from "./summarise-job.js";

/** What the requester is told when the model failed, by kind; the details are the operators'. */
const MODEL_WORDS: Record<ModelErrorKind, string> = {
  unavailable: "the model is unavailable right now; try again later",
  rate_limited: "the model is busy; try again later",
  auth: "the model refused Standpoint's credentials; the bot's operators need to fix its setup",
  rejected: "the model refused the request; the bot's operators can see why in its logs",
  context_length: "the thread is too long for the model",
  invalid_output: "the model's answers could not be used, even after a repair attempt; try again later",
};

/** The ModelError behind a job's failure: thrown as is (to be retried), or as the cause of a final one. */
export function modelErrorOf(err: Error): ModelError | undefined {
  if (err instanceof ModelError) return err;
  return err.cause instanceof ModelError ? err.cause : undefined;
}

/**
 * Why a job failed, as its requester reads it: plain words by kind. Never an error's own text,
 * which may name an internal server or carry what a server answered.
 */
export function userReason(err: Error): string {
  const model = modelErrorOf(err);
  if (model !== undefined) return MODEL_WORDS[model.kind];
  // Both written for users: a budget and what to do about it; an expired paste.
  if (err instanceof JobTimeoutError || err instanceof PasteExpiredError) return err.message;
  return "something went wrong on Standpoint's side; try again later";
}
