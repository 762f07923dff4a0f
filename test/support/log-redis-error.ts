import { Redis } from "ioredis";
import { createLogger } from "../../core/log.js";

/*
 * Logs, through the processes' own logger (stderr), what a worker logs when queueing a delivery
 * fails: a real Redis error for a command that carried the delivery (and so its interaction token),
 * and the delivery itself. Run by test/log.test.ts as a child process.
 */

const [url, key, token] = process.argv.slice(2) as [string, string, string];
const log = createLogger("worker", "info");
const redis = new Redis(url);
const delivery = { job: "sum-0", destination: { kind: "discord", interaction: { token, expiresAt: 0 } }, outcome: { kind: "failed", reason: "x" } };
try {
  // An expiry Redis refuses: the reply error names the command and every argument.
  await redis.set(key, JSON.stringify(delivery), "EX", "soon");
} catch (err) {
  log.error({ job: "sum-0", err }, "could not queue the failure delivery");
  log.error({ job: "sum-0", err: err instanceof Error ? err.message : String(err), reason: `${String(err)} ${token}` }, "as text");
}
log.warn({ delivery }, "delivery logged whole");
log.warn({ job: { id: "sum-0", data: delivery } }, "job logged whole");
redis.disconnect();
