import { Redis, type RedisOptions } from "ioredis";

/** Where the queues and Standpoint's own keys live. */
export interface RedisSettings {
  url: string;
  prefix: string;
}

/** Where Redis's reachability is reported: one line when it goes, one when it is back. */
export interface RedisStateLog {
  warn(fields: Record<string, unknown>, message: string): void;
  info(message: string): void;
}

/*
 * Reachability as every connection of this process sees it. With Redis down each connection
 * reports an error on every reconnect attempt (dozens a second across a bot's connections); what
 * an operator needs is the change of state, once.
 */
const failing = new Set<Redis>();
let stateLog: RedisStateLog | undefined;

/** Reports Redis's reachability for every connection this process makes; called once at start. */
export function reportRedisState(log: RedisStateLog): void {
  stateLog = log;
}

/** An error's kind without its address: `ECONNREFUSED`, `ENOTFOUND`, or Redis's own reply. */
function reasonOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const { code } = err as { code?: unknown };
  if (typeof code === "string") return code;
  // A reply (WRONGPASS, NOAUTH, LOADING) is Redis's own words; other messages name the address.
  return err.name === "ReplyError" ? err.message : err.name;
}

/**
 * A connection that reports its errors to the process's Redis state instead of to its listeners.
 * BullMQ listens on every connection it is given (and on the duplicates it makes of them) and
 * re-emits each error on its queues and workers; consumed here, an outage is one line, not one
 * per reconnect attempt per connection. Made by {@link reporting}.
 */
class ReportingRedis extends Redis {
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === "error") {
      const wasReachable = failing.size === 0;
      failing.add(this);
      if (wasReachable) stateLog?.warn({ reason: reasonOf(args[0]) }, "redis unreachable; reconnecting");
      return true;
    }
    if (event === "ready" && failing.delete(this) && failing.size === 0) stateLog?.info("redis reachable again");
    // A connection closed for good no longer counts either way.
    if (event === "end") failing.delete(this);
    return Reflect.apply(super.emit, this, [event, ...args]) as boolean;
  }

  /** BullMQ's own connections (a worker's blocking one) are duplicates of those it is given: they report too. */
  override duplicate(override?: Partial<RedisOptions>): Redis {
    // Our connections keep RESP2's replies, the only ones this class is typed for.
    return reporting(new ReportingRedis({ ...this.options, ...override } as RedisOptions & { replyMapping?: "legacy" }));
  }
}

/** ioredis emits an error only when something listens (it prints it otherwise): this listens, `emit` reports. */
function reporting(connection: ReportingRedis): Redis {
  connection.on("error", () => undefined);
  return connection;
}

/**
 * A connection for workers and other blocking consumers: BullMQ requires `maxRetriesPerRequest:
 * null` so that commands wait through a reconnect instead of failing; ioredis reconnects forever.
 */
export function workerConnection(settings: RedisSettings): Redis {
  return reporting(new ReportingRedis(settings.url, { maxRetriesPerRequest: null, lazyConnect: false }));
}

/**
 * A connection for producers: with Redis down a submission must fail at once with "queue
 * unavailable", not wait in an offline queue for a Redis that may never come back.
 */
export function producerConnection(settings: RedisSettings): Redis {
  return reporting(new ReportingRedis(settings.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000, lazyConnect: true }));
}

/** A key of Standpoint's own, under the configured prefix (the same prefix BullMQ uses). */
export const keyOf = (prefix: string, ...parts: string[]): string => [prefix, ...parts].join(":");
