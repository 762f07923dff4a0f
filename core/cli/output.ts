import { EXIT } from "./exit-codes.js";

/**
 * Ends the process when its output cannot be written. A reader that went away
 * (`standpoint … | head`) wanted no more, so that ends quietly with 0; any other failure (a full
 * disk) ends with one line. Without this, either is an unhandled error and a stack trace.
 */
export function endOnOutputErrors(stdout: NodeJS.WriteStream = process.stdout, stderr: NodeJS.WriteStream = process.stderr): void {
  stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(EXIT.ok);
    stderr.write(`standpoint: cannot write the output: ${err.message}\n`);
    process.exit(EXIT.failure);
  });
  // With standard error gone there is no one left to tell; the exit code decided so far stands.
  stderr.on("error", () => process.exit());
}
