import { Redis } from "ioredis";

/**
 * Every key under `prefix` with all it holds as text (a string's value, a hash's fields, the members
 * of a list, set or sorted set, a stream's entries), for tests that prove something is nowhere.
 */
export async function dumpKeys(url: string, prefix: string): Promise<Map<string, string>> {
  const redis = new Redis(url);
  const dump = new Map<string, string>();
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        const content =
          type === "string"
            ? await redis.get(key)
            : type === "hash"
              ? await redis.hgetall(key)
              : type === "list"
                ? await redis.lrange(key, 0, -1)
                : type === "set"
                  ? await redis.smembers(key)
                  : type === "zset"
                    ? await redis.zrange(key, 0, "-1")
                    : type === "stream"
                      ? await redis.xrange(key, "-", "+")
                      : null;
        // A key that expired between SCAN and reading it holds nothing.
        if (type !== "none") dump.set(key, JSON.stringify(content));
      }
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return dump;
}

/** The keys whose name or content holds any of `needles` (case-insensitive), each with the first it holds. */
export function holding(dump: ReadonlyMap<string, string>, needles: readonly string[]): string[] {
  const lower = needles.map((n) => n.toLowerCase());
  return [...dump].flatMap(([key, content]) => {
    const found = lower.find((n) => key.toLowerCase().includes(n) || content.toLowerCase().includes(n));
    return found === undefined ? [] : [`${key} holds ${found}`];
  });
}
