import { Redis } from "ioredis";

/**
 * Vitest's global setup: the integration tests need a Redis, so without one the run stops at once
 * with one line on how to get one, instead of every Redis test failing on its own after its timeouts.
 */
export default async function requireRedis(): Promise<void> {
  const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  // With no retries the command fails with "Connection is closed"; the cause is in this event.
  let cause: unknown;
  redis.on("error", (err) => (cause ??= err));
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    const reason = cause ?? err;
    process.stderr.write(
      `The tests need Redis and none answers at ${where(url)} (${reason instanceof Error ? reason.message : String(reason)}): start one with \`redis-server --daemonize yes\`, or set REDIS_URL to one that runs.\n`,
    );
    // Thrown, the error would come after vitest's "No test files found" and a stack of its own
    // frames; the one line above is all there is to say.
    process.exit(1);
  } finally {
    redis.disconnect();
  }
}

/** Where the tests looked for Redis, without a password the URL may hold. */
function where(url: string): string {
  try {
    const { hostname, port } = new URL(url);
    return `REDIS_URL=redis://${hostname}:${port || "6379"}`;
  } catch {
    return "REDIS_URL (not a URL)";
  }
}
