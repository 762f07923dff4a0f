/*
 * The model client's failures, kept apart from the client so that what only reports them (the
 * CLI's exit codes, the worker's plain-word reasons) does not load the openai SDK.
 */

/** Why a model call failed, as far as the user or operator can act on it. */
export type ModelErrorKind = "auth" | "context_length" | "invalid_output" | "rate_limited" | "unavailable" | "rejected";

/**
 * A model call that failed, in words an operator can act on. Never the API key, the server's address
 * or the server's own error text (which may name internal hosts): these messages are logged, and
 * reach users when a part of a thread is missing from its summary.
 */
export class ModelError extends Error {
  override name = "ModelError";
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    /** For a rate limit (429): how long the provider asked to wait, when it said. */
    readonly retryAfterMs?: number,
    /** The HTTP status the server answered with, when it answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}
