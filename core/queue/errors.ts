// The queue's failures as callers report them, apart from the modules that load bullmq.

/** Redis cannot be reached: nothing was done. */
export class QueueUnavailableError extends Error {
  override name = "QueueUnavailableError";
  /**
   * @param where the Redis host and port, for the operator at a terminal (the CLI shows it); kept
   *   out of the message, which the bot logs, since internal addresses never go into logs.
   */
  constructor(
    message: string,
    readonly where?: string,
  ) {
    super(message);
  }
}

/** A summarise job that ended without a summary. */
export class JobFailedError extends Error {
  override name = "JobFailedError";
}

/** A queued job not finished in the time the user gave it: no worker took it, or it is still running. */
export class QueueTimeoutError extends Error {
  override name = "QueueTimeoutError";
}
